"""Realistic sample history: for ``secondheart demo`` and for benchmarks."""

from __future__ import annotations

import datetime as dt
import random

from .service import Tracker

NOTES = ("sore calves", "walked by the river", "long flight", "felt great", "short on time")


def fill_demo(tracker: Tracker, days: int = 365, seed: int = 7, extra_exercises: int = 0) -> int:
    """Write ``days`` of history ending yesterday (~80 % met, some partial, skips, notes)."""
    rng = random.Random(seed)
    today = tracker.today()
    first = today - dt.timedelta(days=days)
    for index in range(extra_exercises):
        tracker.add_exercise(f"Extra drill {index + 1}", kind="count", target=10, step=2)
    exercises = tracker.exercises()
    rows = []
    for exercise in exercises:
        for offset in range(days):
            day = first + dt.timedelta(days=offset)
            if not exercise.schedule.is_scheduled(day):
                continue
            roll = rng.random()
            note = rng.choice(NOTES) if rng.random() < 0.03 else None
            if roll < 0.80:
                amount, skipped = exercise.target, False
            elif roll < 0.88:
                amount, skipped = max(exercise.step, exercise.target // 2), False
            elif roll < 0.93:
                amount, skipped = 0.0, True
            else:
                continue
            rows.append(
                {
                    "exercise": exercise.id,
                    "day": day,
                    "amount": float(amount),
                    "target": exercise.target,
                    "skipped": skipped,
                    "note": note,
                    "updated": "",
                }
            )
    with tracker.db.write() as m:
        m.Exercise.update(created=first).execute()
        for start in range(0, len(rows), 150):
            m.Entry.insert_many(rows[start : start + 150]).on_conflict_ignore().execute()
    return len(rows)


JOURNAL_NOTES = ("long day at the desk", "calves tight after the flight", "warm evening")


def fill_demo_journal(tracker: Tracker, days: int = 365, seed: int = 7) -> int:
    """A sample leg journal for ``days`` days ending yesterday: mostly mild, rated most days."""
    from ..core.journal import RATED

    rng = random.Random(seed)
    today = tracker.today()
    rows, notes = [], []
    for offset in range(days, 0, -1):
        day = today - dt.timedelta(days=offset)
        if rng.random() < 0.25:
            continue  # not every day gets rated
        for symptom in RATED:
            level = min(3, max(0, round(rng.gauss(0.8, 0.8))))
            rows.append({"day": day, "symptom": symptom.slug, "level": level, "updated": ""})
        if rng.random() < 0.04:
            notes.append({"day": day, "note": rng.choice(JOURNAL_NOTES), "updated": ""})
    with tracker.db.write() as m:
        for start in range(0, len(rows), 150):
            m.Journal.insert_many(rows[start : start + 150]).on_conflict_ignore().execute()
        if notes:
            m.JournalNote.insert_many(notes).on_conflict_ignore().execute()
    return len(rows)
