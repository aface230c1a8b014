"""What the clinician's report shows, read from the database as plain values.

The rendering is pure (``tui.core.report``); this module only reads: each
exercise's day roles over the range (the streak engine's meaning of met and
due), the sessions exercise's amounts, the journal, and the notes.
"""

from __future__ import annotations

import datetime as dt

from ..core.journal import red_flag_days, week_spans, weekly_burden, weekly_completion
from ..core.report import ExerciseLine, NoteLine, ReportData, completion_counts
from . import journal
from .service import Tracker

DAYS = (30, 90, 365)


def gather(tracker: Tracker, days: int, disclaimer: str) -> ReportData:
    """Everything the report holds for the last ``days`` days, today included."""
    from ..core.streaks import day_roles

    today = tracker.today()
    first = today - dt.timedelta(days=days - 1)
    exercises = tracker.exercises()
    lines = []
    roles_all = []
    for exercise in exercises:
        roles = day_roles(tracker.habit(exercise, since=first), today)
        roles_all.append(roles)
        met, due = completion_counts(roles, first, today)
        lines.append(ExerciseLine(exercise.name, met, due, roles.per_week))
    first_monday = first - dt.timedelta(days=first.weekday())
    spans = week_spans(today, (today - first_monday).days // 7 + 1)
    spans = [(max(start, first), end) for start, end in spans]  # the first week may be cut
    entries_by = {e.id: tracker.entries(e, since=first, until=today) for e in exercises}
    sessions = next(
        (e for e in exercises if e.slug == "leg-elevation"),
        next((e for e in exercises if e.kind == "sessions"), None),
    )
    elevation = []
    if sessions is not None:
        history = entries_by[sessions.id]
        day = first
        while day <= today:
            entry = history.get(day)
            scheduled = sessions.schedule.is_scheduled(day)
            target = entry.target if entry else (sessions.target if scheduled else 0.0)
            elevation.append((day, entry.amount if entry else 0.0, target))
            day += dt.timedelta(days=1)
    recorded = journal.days_between(tracker, first, today)
    notes = [NoteLine(d, "journal", j.note) for d, j in recorded.items() if j.note]
    for exercise in exercises:
        notes += [
            NoteLine(day, exercise.name, entry.note)
            for day, entry in entries_by[exercise.id].items()
            if entry.note
        ]
    notes.sort(key=lambda n: (n.day, n.where != "journal"))
    burden = weekly_burden(recorded, spans)
    return ReportData(
        first=first,
        last=today,
        exercises=lines,
        elevation_name=None if sessions is None else sessions.name,
        elevation=elevation,
        burden=burden,
        completion=weekly_completion(roles_all, spans),
        red_flag_days=red_flag_days(recorded),
        notes=notes,
        disclaimer=disclaimer,
        rated_days=sum(w.rated_days for w in burden),
    )
