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

__all__ = [
    "SYMPTOM_BY_SLUG",
    "add_note",
    "day_of",
    "days_between",
    "set_level",
    "set_note",
    "trend",
]


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


def add_note(tracker: Tracker, day: dt.date, text: object) -> tuple[JournalDay, str | None]:
    """Add ``text`` to the day's journal note on a line of its own (see :func:`rules.note_added`).

    Read and written in one transaction, so a note written meanwhile in
    another pane is kept too. Returns the day and the note as it was before
    (``None`` when the day had none).
    """
    rules.note(text)
    rules.journal_day(day, tracker.today())
    with tracker.db.write() as m:
        N = m.JournalNote
        before = N.select(N.note).where(N.day == day).scalar()
        combined = rules.note_added(before, text)
        if combined != before:
            N.insert(day=day, note=combined, updated=utc_stamp()).on_conflict(
                conflict_target=[N.day], update={N.note: combined, N.updated: utc_stamp()}
            ).execute()
    return day_of(tracker, day), before


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


def merge(m, levels: list[tuple[dt.date, str, int]], notes: list[tuple[dt.date, str]]) -> None:  # noqa: ANN001 - the bound models, inside a write
    """Merge imported journal records, inside the caller's write transaction.

    Like entries: the higher level is kept (a red flag recorded on either
    side stays recorded), the file's note where it has one. Importing the
    same records again changes nothing.
    """
    from peewee import EXCLUDED, fn

    J, N = m.Journal, m.JournalNote
    stamp = utc_stamp()
    rows = [(day.isoformat(), symptom, level, stamp) for day, symptom, level in levels]
    for start in range(0, len(rows), 200):
        J.insert_many(
            rows[start : start + 200], fields=[J.day, J.symptom, J.level, J.updated]
        ).on_conflict(
            conflict_target=[J.day, J.symptom],
            update={J.level: fn.MAX(J.level, EXCLUDED.level)},
        ).execute()
    rows = [(day.isoformat(), note, stamp) for day, note in notes]
    for start in range(0, len(rows), 200):
        N.insert_many(rows[start : start + 200], fields=[N.day, N.note, N.updated]).on_conflict(
            conflict_target=[N.day], update={N.note: EXCLUDED.note}
        ).execute()


def export_rows(tracker: Tracker) -> tuple[list[dict], list[dict]]:
    """Every journal record as plain data (the export format), oldest first."""
    m = tracker.db.models
    J, N = m.Journal, m.JournalNote
    levels = [
        {"day": str(day), "symptom": symptom, "level": int(level)}
        for day, symptom, level in J.select(J.day, J.symptom, J.level)
        .order_by(J.day, J.symptom)
        .tuples()
        if symptom in SYMPTOM_BY_SLUG
    ]
    notes = [
        {"day": str(day), "note": note}
        for day, note in N.select(N.day, N.note).order_by(N.day).tuples()
    ]
    return levels, notes
