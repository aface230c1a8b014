"""Timed sessions in the database: restore, one active session, completion exactly once."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tui.core import timer as engine
from tui.core.clock import FakeClock
from tui.store import timers
from tui.store.errors import InvalidInput, LookupFailed
from tui.store.service import Tracker
from tui.store.status import status_line
from tui.store.transfer import export_data

from .conftest import NOW, ZONE

TODAY = NOW.date()


def amount(tracker, slug: str, day: dt.date = TODAY) -> float:
    entry = tracker.entries(tracker.exercise(slug), since=day, until=day).get(day)
    return entry.amount if entry else 0.0


def rows(db_file: Path) -> list[tuple]:
    """The session table as another process would see it."""
    conn = sqlite3.connect(db_file)
    try:
        return conn.execute(
            "SELECT exercise_id, day, started, planned_seconds, paused_seconds, paused_at,"
            " status, ended FROM session ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def left(tracker) -> float:
    session = timers.current(tracker)
    assert session is not None
    return engine.remaining(session, tracker.clock.utcnow())


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(TODAY, dt.time(hour, minute), tzinfo=ZONE)


# --- starting and reading --------------------------------------------------------


def test_start_stores_the_instant_in_utc(tracker, db_file):
    timed = timers.start(tracker)
    assert timed.name == "Leg elevation" and timed.kind == "sessions"
    ((_, day, started, planned, paused, paused_at, status, ended),) = rows(db_file)
    assert day == "2026-11-21"
    assert dt.datetime.fromisoformat(started) == NOW
    assert started.endswith("+00:00") and started.startswith("2026-11-21T09:00:00")
    assert (planned, paused, paused_at, status, ended) == (900, 0.0, None, "running", None)


def test_length_follows_the_setting_and_the_option(tracker, clock):
    tracker.set_setting("elevation-minutes", "20")
    assert timers.start(tracker).session.planned_seconds == 20 * 60
    timers.cancel(tracker)
    assert timers.start(tracker, "leg", minutes=2.5).session.planned_seconds == 150


def test_minutes_exercises_default_to_their_target(tracker):
    assert timers.start(tracker, "walk").session.planned_seconds == 30 * 60
    timers.cancel(tracker)
    assert timers.start(tracker, "knee").session.planned_seconds == 2 * 60


@pytest.mark.parametrize(
    ("ref", "minutes", "message"),
    [
        ("bridge", None, "counted, not timed"),
        ("yoga", None, "unknown exercise"),
        (None, 0, "more than 0 minutes"),
        (None, float("nan"), "finite"),
        (None, 24 * 60 + 1, "at most 24 hours"),
    ],
)
def test_bad_starts_are_one_clear_error(tracker, ref, minutes, message):
    with pytest.raises((InvalidInput, LookupFailed), match=message):
        timers.start(tracker, ref, minutes)
    assert timers.active(tracker) is None


def test_archived_and_missing_elevation(tracker):
    tracker.archive_exercise("leg-elevation")
    with pytest.raises(LookupFailed, match="no leg-elevation exercise"):
        timers.start(tracker)
    with pytest.raises(InvalidInput, match="archived"):
        timers.start(tracker, "leg-elevation")


def test_only_one_active_session(tracker, clock):
    timers.start(tracker)
    clock.advance(minutes=1)
    with pytest.raises(InvalidInput, match="already running .14:00 left"):
        timers.start(tracker, "walk")
    timers.pause(tracker)
    with pytest.raises(InvalidInput, match="paused .14:00 left"):
        timers.start(tracker)
    assert len(rows(tracker.path)) == 1


def test_a_finished_session_does_not_block_the_next(tracker, clock):
    timers.start(tracker)
    clock.advance(minutes=20)
    timers.start(tracker)  # the first one is settled on the way
    assert [r[6] for r in rows(tracker.path)] == ["completed", "running"]
    assert amount(tracker, "leg-elevation") == 1


def test_start_in_the_same_instant_as_a_cancelled_one(tracker):
    timers.start(tracker)
    timers.cancel(tracker)
    timers.start(tracker)  # same (exercise, started) would break the unique index
    assert [r[6] for r in rows(tracker.path)] == ["cancelled", "running"]


def test_racing_starts_leave_one_active_session(tracker, db_file):
    """Many connections starting at once: the IMMEDIATE check lets exactly one in."""
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def worker() -> None:
        barrier.wait()
        try:
            timers.start(tracker)
            outcomes.append("started")
        except InvalidInput:
            outcomes.append("refused")
        finally:
            tracker.close()  # this thread's own connection

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 3 + ["started"]
    assert [r[6] for r in rows(db_file)] == ["running"]


# --- restoring ---------------------------------------------------------------------


def test_restore_on_start(db_file, clock):
    tracker = Tracker.open(db_file, clock=clock)
    timers.start(tracker)
    tracker.close()
    clock.advance(minutes=7)
    reopened = Tracker.open(db_file, clock=clock)
    try:
        assert left(reopened) == 8 * 60
        assert timers.summary(reopened) == "⏱ 8:00"
        assert timers.summary(reopened, with_name=True) == "⏱ 8:00 Leg elevation"
    finally:
        reopened.close()


def test_restore_a_paused_session(db_file, clock):
    tracker = Tracker.open(db_file, clock=clock)
    timers.start(tracker)
    clock.advance(minutes=5)
    timers.pause(tracker)
    tracker.close()
    clock.advance(hours=3)  # a paused session stands still, however long
    reopened = Tracker.open(db_file, clock=clock)
    try:
        assert timers.settle_due(reopened) == []
        assert left(reopened) == 10 * 60
        assert timers.summary(reopened) == "⏸ 10:00"
        timers.resume(reopened)
        clock.advance(minutes=1)
        assert left(reopened) == 9 * 60
    finally:
        reopened.close()


def test_pause_and_resume_from_the_wall_clock(tracker, clock):
    clock.set(at(11))
    timers.start(tracker)
    clock.set(at(11, 5))
    timers.pause(tracker)
    clock.set(at(11, 30))
    timers.resume(tracker)
    clock.set(at(11, 31))
    assert left(tracker) == 9 * 60
    ((_, _, _, _, paused, paused_at, status, _),) = rows(tracker.path)
    assert (paused, paused_at, status) == (25 * 60, None, "running")
    clock.set(at(11, 40))
    assert [t.session.ended for t in timers.settle_due(tracker)] == [at(11, 40).astimezone(dt.UTC)]


def test_pause_resume_errors(tracker):
    with pytest.raises(InvalidInput, match="no timer is running"):
        timers.pause(tracker)
    with pytest.raises(InvalidInput, match="no timer is running"):
        timers.cancel(tracker)
    timers.start(tracker)
    with pytest.raises(InvalidInput, match="not paused"):
        timers.resume(tracker)
    timers.pause(tracker)
    with pytest.raises(InvalidInput, match="already paused"):
        timers.pause(tracker)


# --- completing and counting ------------------------------------------------------------


def test_ran_out_while_closed_is_completed_at_its_end_time(db_file, clock):
    tracker = Tracker.open(db_file, clock=clock)
    timers.start(tracker)
    tracker.close()
    clock.advance(hours=5)
    reopened = Tracker.open(db_file, clock=clock)
    try:
        (done,) = timers.settle_due(reopened)
        assert done.session.status == "completed"
        assert done.session.ended == NOW + dt.timedelta(minutes=15)
        assert timers.settle_due(reopened) == []
        assert timers.current(reopened) is None
        assert amount(reopened, "leg-elevation") == 1
        (row,) = rows(db_file)
        assert row[6] == "completed"
        assert dt.datetime.fromisoformat(row[7]) == NOW + dt.timedelta(minutes=15)
    finally:
        reopened.close()


def test_not_yet_due_is_left_alone(tracker, clock):
    timers.start(tracker)
    clock.advance(minutes=14, seconds=59)
    assert timers.settle_due(tracker) == []
    clock.advance(seconds=1)
    assert len(timers.settle_due(tracker)) == 1


def test_completion_exactly_once_with_connections_racing(tracker, clock, db_file):
    """Eight connections settle the same due session at the same moment: one wins."""
    timers.start(tracker)
    clock.advance(minutes=16)
    barrier = threading.Barrier(8)
    completed: list[int] = []

    def worker() -> None:
        barrier.wait()
        try:
            completed.append(len(timers.settle_due(tracker)))
        finally:
            tracker.close()  # this thread's own connection

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(completed) == [0] * 7 + [1]
    assert amount(tracker, "leg-elevation") == 1
    assert [r[6] for r in rows(db_file)] == ["completed"]


RACER = """
import datetime as dt, sys
from zoneinfo import ZoneInfo
from tui.core.clock import FakeClock
from tui.store import timers
from tui.store.service import Tracker

clock = FakeClock(dt.datetime(2026, 11, 21, 10, 16, tzinfo=ZoneInfo("Europe/Berlin")))
tracker = Tracker.open(sys.argv[1], clock=clock)
sys.stdin.readline()  # wait for the starting gun
print(len(timers.settle_due(tracker)))
"""


def test_completion_exactly_once_with_processes_racing(tracker, db_file):
    """Separate processes (two panes and a CLI call) racing: one records it."""
    timers.start(tracker)
    tracker.close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(db_file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [proc.communicate("go\n", timeout=60)[0].strip() for proc in procs]
    assert sorted(outputs) == ["0", "0", "1"]
    reopened = Tracker.open(db_file, clock=FakeClock(NOW + dt.timedelta(minutes=16)))
    try:
        assert amount(reopened, "leg-elevation") == 1
    finally:
        reopened.close()


def test_another_process_that_won_is_not_counted_again(tracker, clock, db_file):
    """The conditional update: a row already completed elsewhere changes nothing here."""
    timers.start(tracker)
    clock.advance(minutes=16)
    conn = sqlite3.connect(db_file)
    with conn:
        conn.execute("UPDATE session SET status = 'completed', ended = started")
    conn.close()
    assert timers.settle_due(tracker) == []
    assert amount(tracker, "leg-elevation") == 0


def test_cancelled_elevation_counts_nothing(tracker, clock):
    timers.start(tracker)
    clock.advance(minutes=10)
    cancelled, credited = timers.cancel(tracker)
    assert cancelled.session.status == "cancelled" and credited == 0
    assert cancelled.session.ended == NOW + dt.timedelta(minutes=10)
    clock.advance(minutes=10)
    assert timers.settle_due(tracker) == []
    assert amount(tracker, "leg-elevation") == 0


def test_completion_adds_to_what_was_ticked_by_hand(tracker, clock):
    tracker.step("leg-elevation", TODAY, 1)
    timers.start(tracker)
    clock.advance(minutes=15)
    timers.settle_due(tracker)
    assert amount(tracker, "leg-elevation") == 2


def test_timed_minutes_credit_the_minutes_done(tracker, clock):
    timers.start(tracker, "walk")
    clock.advance(minutes=31)
    (done,) = timers.settle_due(tracker)
    assert done.name == "Brisk walk"
    assert amount(tracker, "walk") == 30
    timers.start(tracker, "knee-pit-roll", minutes=5)
    clock.advance(minutes=3, seconds=40)
    assert timers.cancel_credit(tracker, timers.active_timed(tracker)) == 3
    _, credited = timers.cancel(tracker)
    assert credited == 3 and amount(tracker, "knee-pit-roll") == 3


def test_a_session_counts_for_the_day_it_started(tracker, clock):
    tracker.set_setting("day-start-hour", "4")
    clock.set(dt.datetime(2026, 11, 22, 1, 30, tzinfo=ZONE))  # still the 21st
    timers.start(tracker)
    clock.advance(hours=8)
    timers.settle_due(tracker)
    assert amount(tracker, "leg-elevation", TODAY) == 1
    assert amount(tracker, "leg-elevation", TODAY + dt.timedelta(days=1)) == 0


def test_export_shows_one_session_after_asking_again(tracker, clock):
    timers.start(tracker)
    clock.advance(minutes=16)
    for _ in range(3):
        timers.current(tracker)
    data = export_data(tracker)
    (entry,) = [e for e in data["entries"] if e["exercise"] == "leg-elevation"]
    assert entry["amount"] == 1
    assert [s["status"] for s in data["sessions"]] == ["completed"]
    json.dumps(data)


# --- what the screens show ----------------------------------------------------------------


def test_status_line_has_the_countdown(tracker, clock):
    clock.set(at(7))  # its suggested times set again before the day's first one
    tracker.edit_exercise("leg-elevation", remind="none")
    tracker.edit_exercise("leg-elevation", remind="suggested")
    clock.set(at(10))
    assert status_line(tracker) == "♥ 0/7 · ⏰ Leg elevation"  # due since 08:00
    timers.start(tracker)
    clock.advance(minutes=3, seconds=48)
    assert status_line(tracker) == "♥ 0/7 · ⏱ 11:12"
    assert status_line(tracker, "{timer}") == " · ⏱ 11:12"
    clock.advance(minutes=12)
    timers.settle_due(tracker)
    assert status_line(tracker) == "♥ 0/7"


def test_sessions_of_the_day_and_the_last_finished(tracker, clock):
    assert timers.last_finished(tracker) is None
    timers.start(tracker)
    clock.advance(minutes=15)
    timers.settle_due(tracker)
    clock.set(at(11))
    timers.start(tracker, "walk")
    clock.advance(minutes=2)
    timers.cancel(tracker)
    day = timers.sessions_on(tracker)
    assert [(t.name, t.session.status) for t in day] == [
        ("Leg elevation", "completed"),
        ("Brisk walk", "cancelled"),
    ]
    assert timers.last_finished(tracker).name == "Brisk walk"
    assert timers.sessions_on(tracker, TODAY - dt.timedelta(days=1)) == []


def test_suggestion_spreads_the_rest_over_the_waking_window(tracker, clock):
    plan = timers.day_plan(tracker)
    assert (plan.done, plan.target, plan.goal, plan.minutes) == (0, 3, 4, 15)
    assert plan.suggested == NOW  # nothing done yet: as soon as possible
    timers.start(tracker)
    assert timers.day_plan(tracker).active.session.status == "running"
    clock.advance(minutes=15)
    timers.settle_due(tracker)
    plan = timers.day_plan(tracker)
    assert plan.active is None and plan.done == 1
    # two left, from 10:15 to the last start at 20:45: every 5 h 15 min
    assert plan.suggested == at(15, 30)
    tracker.set_setting("waking-end", "19:00")
    assert timers.day_plan(tracker).suggested == at(14, 30)


def test_no_suggestion_when_met_skipped_or_too_late(tracker, clock):
    tracker.skip("leg-elevation", TODAY)
    assert timers.day_plan(tracker).suggested is None
    tracker.skip("leg-elevation", TODAY, on=False)
    clock.set(at(21, 30))
    assert timers.day_plan(tracker).suggested is None
    clock.set(at(12))
    tracker.set_amount("leg-elevation", TODAY, 3)
    assert timers.day_plan(tracker).suggested is None


def test_before_the_window_the_suggestion_is_its_start(tracker, clock):
    clock.set(at(6, 30))
    assert timers.day_plan(tracker).suggested == at(8)


def test_naive_imported_timestamps_are_read_as_utc(tracker, db_file):
    conn = sqlite3.connect(db_file)
    with conn:
        conn.execute(
            "INSERT INTO session (exercise_id, day, started, planned_seconds, paused_seconds,"
            " status) SELECT id, '2026-11-21', '2026-11-21T08:55:00', 900, 0, 'running'"
            " FROM exercise WHERE slug = 'leg-elevation'"
        )
    conn.close()
    assert left(tracker) == 10 * 60
