"""What every reader turns its file into: habits with their days, and what was left out.

Each source module (``loop``, ``loop_csv``, ``harsh``, ``dijo``,
``secondheart_csv``) reads its file into these plain records; one shared
writer (``writer.py``) checks them with ``tui.core.rules`` and merges them
in one transaction. Nothing here imports Peewee.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ...core.text import plural

#: Identities derived for sources without their own (harsh, dijo, CSV): the same
#: habit name from the same source always gets the same uuid.
NAMESPACE = uuid.UUID("5e7c0b1e-2f5c-4c0e-9d36-7d1c2f0a4e11")


class Unrepresentable(Exception):
    """A habit Second Heart cannot hold as it is; the reason is one phrase."""


@dataclass
class Day:
    """One habit on one day, as the source recorded it."""

    amount: float = 0.0
    skipped: bool = False
    note: str | None = None


@dataclass
class Habit:
    """One habit from the source, in Second Heart's terms."""

    name: str
    kind: str = "check"  # check | count
    target: float = 1.0
    unit: str | None = None
    schedule: str = "daily"
    archived: bool = False
    guide: str = ""
    uuid: str = ""
    slug: str | None = None  # Second Heart's own CSV names exercises by slug
    describes: bool = True  # False when the source carries no exercise fields (CSV)
    # The reminder setting as the file states it (Second Heart's CSV: '10:00,15:30', 'none',
    # 'default'); None when the file says nothing, which leaves the stored setting alone.
    remind: str | None = None
    remind_where: str = ""  # where the file states it ("PATH line 12"), for its message
    start: dt.date | None = None
    days: dict[dt.date, Day] = field(default_factory=dict)
    approximations: list[str] = field(default_factory=list)


@dataclass
class Parsed:
    """A whole file: the habits to import and those left out, by name, with the reason."""

    source: str  # the source's name for people ("Loop Habit Tracker backup")
    habits: list[Habit] = field(default_factory=list)
    left_out: list[tuple[str, str]] = field(default_factory=list)
    # Second Heart's own CSV also carries the leg journal, already checked by the rules.
    journal: list[tuple[dt.date, str, int]] = field(default_factory=list)
    journal_notes: list[tuple[dt.date, str]] = field(default_factory=list)


def head(path: Path, size: int = 4096) -> bytes:
    """The first ``size`` bytes of a file, or nothing when it cannot be read (for ``looks_like``)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except OSError:
        return b""


def derived_uuid(source: str, name: str) -> str:
    """A stable identity for a habit from a source that has none of its own."""
    return uuid.uuid5(NAMESPACE, f"{source}:{name}").hex


def schedule_for(times: int, days: int) -> tuple[str, str | None]:
    """The nearest Second Heart schedule for "``times`` in ``days`` days".

    Returns the schedule text and, when it is an approximation, a phrase
    saying so. An every-N-days schedule is left without its start: the
    writer anchors it on the habit's first day. Raises :class:`Unrepresentable` for no frequency at all
    or more than once a day.
    """
    if times <= 0 or days <= 0:
        raise Unrepresentable("no repeating frequency (tracked only)")
    if times > days:
        raise Unrepresentable(
            f"{plural(times, 'time')} in {plural(days, 'day')} is more than once a day"
        )
    said = f"{times} in {plural(days, 'day')}"
    if times == days:
        return "daily", (None if days == 1 else f"{said} → daily")
    if days % 7 == 0 and (times * 7) % days == 0:
        per_week = times * 7 // days
        return f"weekly:{per_week}", (None if days == 7 else f"{said} → {per_week}× a week")
    if times == 1:
        return f"every:{days}", None
    interval = round(days / times)
    if interval <= 1:
        return "daily", f"{said} → daily"
    return f"every:{interval}", f"{said} → every {interval} days"
