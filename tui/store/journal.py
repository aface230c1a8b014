"""The leg journal in the database: read a day or a range, record a level or a note.

Every write goes through the Peewee models in one short IMMEDIATE transaction
(:meth:`~tui.store.database.Database.write`) as an upsert on the day and the
symptom, so two panes recording the same day never lose each other's rows.
Every value is checked by ``tui.core.rules`` first (the same functions the
screen and the command line use). Results are plain
:class:`~tui.core.journal.JournalDay` objects, never ORM rows.
"""

from __future__ import annotations

import datetime as dt

from ..core import rules
from ..core.journal import BY_SLUG as SYMPTOM_BY_SLUG
from ..core.journal import JournalDay, Symptom, week_spans, weekly_burden, weekly_completion
from .database import utc_stamp
from .service import Tracker

__all__ = ["SYMPTOM_BY_SLUG", "day_of", "days_between", "set_level", "set_note", "trend"]


def day_of(tracker: Tracker, day: dt.date) -> JournalDay:
    """The journal of one day (empty when nothing was recorded)."""
    return days_between(tracker, day, day).get(day) or JournalDay(day)


def days_between(tracker: Tracker, first: dt.date, last: dt.date) -> dict[dt.date, JournalDay]:
    """Every day from ``first`` to ``last`` that has something recorded."""
    m = tracker.db.models
    J, N = m.Journal, m.JournalNote
    levels: dict[dt.date, dict[str, int]] = {}
    for day, symptom, level in (
        J.select(J.day, J.symptom, J.level)
        .where(J.day.between(first, last))
        .order_by(J.day)
        .tuples()
    ):
        if symptom in SYMPTOM_BY_SLUG:  # a row of a later version's symptom is left alone
            levels.setdefault(_date(day), {})[symptom] = int(level)
    notes = {
        _date(day): note
        for day, note in N.select(N.day, N.note).where(N.day.between(first, last)).tuples()
    }
    return {
        day: JournalDay(day, levels.get(day, {}), notes.get(day))
        for day in sorted(set(levels) | set(notes))
    }


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def set_level(
    tracker: Tracker, day: dt.date, symptom: str | Symptom, level: object | None
) -> JournalDay:
    """Record a symptom's level on ``day`` (``None`` takes the record away)."""
    slug = rules.journal_symptom(symptom.slug if isinstance(symptom, Symptom) else symptom)
    value = None if level is None else rules.journal_level(slug, level)
    rules.journal_day(day, tracker.today())
    with tracker.db.write() as m:
        J = m.Journal
        if value is None:
            J.delete().where((J.day == day) & (J.symptom == slug)).execute()
        else:
            J.insert(day=day, symptom=slug, level=value, updated=utc_stamp()).on_conflict(
                conflict_target=[J.day, J.symptom],
                update={J.level: value, J.updated: utc_stamp()},
            ).execute()
    return day_of(tracker, day)


def set_note(tracker: Tracker, day: dt.date, note: object) -> JournalDay:
    """The day's journal note (empty text takes it away); the same rule as every note."""
    text = rules.note(note)
    rules.journal_day(day, tracker.today())
    with tracker.db.write() as m:
        N = m.JournalNote
        if text is None:
            N.delete().where(N.day == day).execute()
        else:
            N.insert(day=day, note=text, updated=utc_stamp()).on_conflict(
                conflict_target=[N.day], update={N.note: text, N.updated: utc_stamp()}
            ).execute()
    return day_of(tracker, day)


def routine_roles(tracker: Tracker, since: dt.date, today: dt.date) -> list:
    """Every active exercise's day roles from ``since`` to today (for weekly completion)."""
    from ..core.streaks import day_roles

    return [
        day_roles(tracker.habit(exercise, since=since), today) for exercise in tracker.exercises()
    ]


def trend(tracker: Tracker, weeks: int, today: dt.date | None = None):
    """Weekly symptom burden and weekly routine completion over the last ``weeks`` weeks.

    Returns ``(burden, completion)``: two lists, one item per Monday week,
    oldest first (see :func:`tui.core.journal.weekly_burden` and
    :func:`tui.core.journal.weekly_completion`).
    """
    today = today or tracker.today()
    spans = week_spans(today, weeks)
    since = spans[0][0]
    days = days_between(tracker, since, today)
    burden = weekly_burden(days, spans)
    completion = weekly_completion(routine_roles(tracker, since, today), spans)
    return burden, completion
