"""The app under stress: a held lock, a file deleted or replaced, a damaged file,
an unexpected error, and times across a daylight-saving change.

In each case the app stays up and says so once; a change is either made or
clearly reported as not made. Real files and real processes throughout.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest

from tui.core.clock import Clock, FakeClock
from tui.store import database
from tui.store.service import Tracker

from .conftest import NOW
from .helpers import wait_for

TODAY = NOW.date()
SIZE = (100, 30)

HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


def walked(path) -> float:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(
            "SELECT e.amount FROM entry e JOIN exercise x ON x.id = e.exercise_id "
            "WHERE x.slug = 'walk' AND e.day = ?",
            (TODAY.isoformat(),),
        ).fetchone()
    finally:
        conn.close()
    return row[0] if row else 0.0


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


def open_app(path, clock=None, poll=0.05):
    from tui.app import SecondHeartApp

    tracker = Tracker.open(path, clock=clock or FakeClock(NOW))
    tracker.set_setting("welcome-seen", "yes")
    return tracker, SecondHeartApp(tracker, poll_seconds=poll)


async def test_a_lock_held_past_the_busy_timeout_is_one_toast_and_nothing_lost(
    db_file, monkeypatch
):
    monkeypatch.setitem(database.PRAGMAS, "busy_timeout", 300)
    tracker, app = open_app(db_file)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_file), "3"], stdout=subprocess.PIPE, text=True
    )
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            assert holder.stdout.readline().strip() == "holding"
            await pilot.press("space")  # Brisk walk: done
            await wait_for(pilot, lambda: any("busy" in m for m in messages(app)))
            assert [m for m in messages(app) if "busy" in m] == [
                "the database is busy: another program holds it; nothing was changed, try again"
            ]
            assert walked(db_file) == 0  # reported as not made, and not made
            holder.wait(timeout=30)
            await pilot.press("space")  # the lock is gone: the same key works
            await wait_for(pilot, lambda: walked(db_file) == 30)
            assert app.return_code is None
    finally:
        holder.kill()
        tracker.close()


async def test_a_file_deleted_under_the_app_is_said_once_and_never_written(db_file):
    tracker, app = open_app(db_file)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            os.unlink(db_file)
            await wait_for(pilot, lambda: any("moved or deleted" in m for m in messages(app)))
            for _ in range(10):  # several polls later: still said once
                await pilot.pause(0.06)
            assert len([m for m in messages(app) if "moved or deleted" in m]) == 1
            await pilot.press("space")
            await pilot.pause()
            assert not db_file.exists()  # nothing recreated it
            assert app.return_code is None
    finally:
        tracker.close()


async def test_a_file_replaced_under_the_app_stops_writes_and_says_so(db_file, tmp_path):
    tracker, app = open_app(db_file)
    replacement = tmp_path / "other.db"
    Tracker.open(replacement, clock=FakeClock(NOW)).close()
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            os.replace(replacement, db_file)
            await wait_for(pilot, lambda: any("was replaced" in m for m in messages(app)))
            await pilot.press("space")
            await wait_for(pilot, lambda: len([m for m in messages(app) if "replaced" in m]) == 2)
            assert walked(db_file) == 0  # the new file at the path is untouched
            assert app.return_code is None
    finally:
        tracker.close()


async def test_a_sound_file_gets_its_daily_copy_after_the_first_frame(db_file):
    tracker, app = open_app(db_file)
    copy = db_file.parent / "backups" / f"second-{TODAY.isoformat()}.db"
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, copy.exists)
            assert app.damage is None and "DAMAGED" not in app.sub_title
    finally:
        tracker.close()


def _damage(path) -> None:
    """Scribble over one index page that start-up never reads; the header stays valid."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    (root,) = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'schema_migration_name'"
    ).fetchone()
    conn.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)


async def test_a_damaged_file_is_found_after_the_first_frame_and_never_written(db_file, tmp_path):
    tracker = Tracker.open(db_file, clock=FakeClock(NOW))
    tracker.set_setting("welcome-seen", "yes")
    tracker.close()
    _damage(db_file)
    tracker, app = open_app(db_file)
    before = db_file.read_bytes()
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await wait_for(pilot, lambda: app.damage is not None)
            assert "is damaged" in app.damage and "nothing more will be written" in app.damage
            assert "DAMAGED" in app.sub_title
            toast = next(n for n in app._notifications if n.title == "Database damaged")
            assert toast.timeout >= 3600  # stays up until the user acts
            await pilot.press("space")
            await pilot.pause()
            assert app.return_code is None
    finally:
        tracker.close()
    assert db_file.read_bytes() == before  # not one byte written
    backups = tmp_path / "backups"
    assert not backups.exists() or not list(backups.iterdir())  # no damaged copy rotated in


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the header's task, cut short
def test_an_unexpected_error_exits_one(db_file, monkeypatch, capsys):
    from textual.app import App

    from tui.app import SecondHeartApp
    from tui.run import run_app
    from tui.screens.today import TodayScreen

    def broken(self) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(TodayScreen, "on_screen_resume", broken)
    monkeypatch.setattr(SecondHeartApp, "run", lambda self: App.run(self, headless=True, size=SIZE))
    Tracker.open(db_file, clock=FakeClock(NOW)).close()
    assert run_app(db_file) == 1


async def test_timer_times_keep_the_offset_they_had_across_a_clock_change(
    db_file, berlin_process_zone
):
    from tui.app import SecondHeartApp
    from tui.store import timers

    berlin = ZoneInfo("Europe/Berlin")
    # 01:30 CEST on the night the clocks go back; the screen is read at 10:00 CET.
    started = dt.datetime(2026, 10, 25, 1, 30, tzinfo=berlin)
    moment = [started.astimezone(dt.timezone(started.utcoffset()))]  # a fixed offset, as
    clock = Clock(now_fn=lambda: moment[0])  # datetime.now().astimezone() gives
    tracker = Tracker.open(db_file, clock=clock)
    tracker.set_setting("welcome-seen", "yes")
    timers.start(tracker, "walk", minutes=15)
    later = dt.datetime(2026, 10, 25, 10, 0, tzinfo=berlin)
    moment[0] = later.astimezone(dt.timezone(later.utcoffset()))
    app = SecondHeartApp(tracker)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("3")
            await wait_for(pilot, lambda: app.screen.query("#timer-list"))
            await pilot.pause()
            shown = str(app.screen.query_one("#timer-list").render())
            assert "01:30–01:45" in shown, shown  # not 00:30, today's offset
    finally:
        tracker.close()
