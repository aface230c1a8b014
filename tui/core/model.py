"""Plain domain objects shared by the store, the command line and the UI.

Nothing here knows about Peewee or Textual: the store converts its rows into
these immutable records, and widgets only ever see these.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import namedtuple

from .schedule import Schedule

KINDS = ("check", "count", "minutes", "sessions")
DEFAULT_UNITS = {"check": "", "count": "reps", "minutes": "min", "sessions": "sessions"}


class Status(enum.StrEnum):
    """How one exercise stands on one day. Each has its own glyph."""

    MET = "met"
    PARTIAL = "partial"
    SKIPPED = "skipped"
    MISSED = "missed"
    PENDING = "pending"
    UNSCHEDULED = "unscheduled"
    NOT_STARTED = "not started"  # before the exercise existed: never missed

    @property
    def glyph(self) -> str:
        return GLYPHS[self]


GLYPHS = {
    Status.MET: "✓",
    Status.PARTIAL: "◐",
    Status.SKIPPED: "↷",
    Status.MISSED: "✗",
    Status.PENDING: "○",
    Status.UNSCHEDULED: "·",
    Status.NOT_STARTED: "–",
}

#: How each status reads in words (calendars, the command line).
WORDS = {
    Status.MET: "met",
    Status.PARTIAL: "partial",
    Status.SKIPPED: "skipped",
    Status.MISSED: "missed",
    Status.PENDING: "to do",
    Status.UNSCHEDULED: "nothing due",
    Status.NOT_STARTED: "not started yet",
}

#: Statuses that count as done for the day's "n/m done".
DONE = (Status.MET, Status.SKIPPED)


def is_met(amount: float, target: float) -> bool:
    """The one definition of "met": something done, and at least the target."""
    return amount > 0 and amount >= target


# Named tuples, not frozen dataclasses: ``secondheart status`` and ``stats``
# import this module on every call, and ``dataclasses`` costs them about 16 ms
# to import (it pulls in inspect and ast), the records about 1 ms each to build.
# The annotations in the class bodies only document the fields' types.


class Exercise(
    namedtuple(
        "Exercise",
        "id slug name kind target goal step unit schedule position archived guide created"
        " uuid remind",
        defaults=("", None),
    )
):
    """A habit: what to do, how much, and on which days.

    ``uuid`` is the stable identity, carried in export and import; ``remind``
    holds the reminder times ('10:00,15:30'), '' for none and None for the
    default (see core.reminders).
    """

    __slots__ = ()

    id: int
    slug: str
    name: str
    kind: str
    target: float
    goal: float | None
    step: float
    unit: str
    schedule: Schedule
    position: int
    archived: bool
    guide: str
    created: dt.date
    uuid: str
    remind: str | None


class Entry(namedtuple("Entry", "day amount target skipped note", defaults=(False, None))):
    """One exercise on one day; ``target`` is the target in force that day."""

    __slots__ = ()

    day: dt.date
    amount: float
    target: float
    skipped: bool
    note: str | None


def format_amount(value: float) -> str:
    """12.0 -> '12', 2.5 -> '2.5'."""
    if value == int(value):
        return str(int(value))
    return f"{value:.1f}".rstrip("0").rstrip(".")


def progress_text(exercise: Exercise, amount: float, target: float) -> str:
    """The progress as a user reads it: '✓', '12/20 reps', '2/4 sessions'."""
    if exercise.kind == "check":
        return "✓" if is_met(amount, target) else "not yet"
    unit = f" {exercise.unit}" if exercise.unit else ""
    return f"{format_amount(amount)}/{format_amount(target)}{unit}"
