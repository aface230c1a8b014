"""Realistic databases for the benchmarks: years of history, 12 exercises, timer sessions."""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

EXTRA_EXERCISES = 5  # 7 default + 5 = 12


def make_db(path: Path, days: int, sessions: int, seed: int = 11) -> dict[str, float]:
    """Write ``days`` of history ending yesterday, plus ``sessions`` completed timers.

    Uses the real clock: the history is relative to today, like ``secondheart demo``.
    The first-run dialog is marked as seen so it never covers the checklist.
    """
    from tui.store.demo import fill_demo
    from tui.store.service import Tracker

    started = time.perf_counter()
    tracker = Tracker.open(path)
    try:
        entries = fill_demo(tracker, days=days, extra_exercises=EXTRA_EXERCISES)
        elevation = tracker.exercise("leg-elevation")
        today = tracker.today()
        rng = random.Random(seed)
        offsets = sorted(rng.sample(range(1, days + 1), min(sessions, days)))
        rows = []
        for offset in offsets:
            day = today - dt.timedelta(days=offset)
            local = dt.datetime.combine(day, dt.time(9 + rng.randrange(10), rng.randrange(60)))
            start = local.astimezone().astimezone(dt.UTC)
            rows.append(
                {
                    "exercise": elevation.id,
                    "day": day,
                    "started": start.isoformat(timespec="seconds"),
                    "planned_seconds": 900,
                    "paused_seconds": 0.0,
                    "paused_at": None,
                    "status": "completed",
                    "ended": (start + dt.timedelta(seconds=900)).isoformat(timespec="seconds"),
                }
            )
        with tracker.db.write() as m:
            for start_at in range(0, len(rows), 100):
                m.Session.insert_many(rows[start_at : start_at + 100]).execute()
        tracker.set_setting("welcome-seen", "yes")
        exercises = len(tracker.exercises())
        tracker.db.models.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        tracker.close()
    return {
        "days": days,
        "exercises": exercises,
        "entries": entries,
        "sessions": len(rows),
        "seconds": time.perf_counter() - started,
    }
