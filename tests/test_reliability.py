"""Several processes on one file, and processes killed mid-write: nothing lost."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time

from tui.core.clock import FakeClock
from tui.store.service import Tracker

from .conftest import NOW

TODAY = NOW.date()

WRITER = """
import sys
from tui.core.clock import FakeClock
from tui.store.service import Tracker
import datetime as dt
from zoneinfo import ZoneInfo
clock = FakeClock(dt.datetime(2026, 11, 21, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")))
tracker = Tracker.open(sys.argv[1], clock=clock)
print("ready", flush=True)
for n in range(int(sys.argv[2])):
    tracker.step("seated-marches", clock.today(), 1)
    print(n + 1, flush=True)
"""


def seated_marches(path) -> float:
    tracker = Tracker.open(path, clock=FakeClock(NOW))
    row = next(r for r in tracker.day_view(TODAY).rows if r.exercise.slug == "seated-marches")
    tracker.close()
    return row.amount


def test_three_processes_times_one_hundred_increments_add_up(db_file):
    Tracker.open(db_file, clock=FakeClock(NOW)).close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_file), "100"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "locked" not in err
        assert out.split()[-1] == "100"
    assert seated_marches(db_file) == 300


def test_killed_writers_never_lose_an_acknowledged_write(db_file):
    Tracker.open(db_file, clock=FakeClock(NOW)).close()
    rng = random.Random(20261121)
    acknowledged = 0
    for _ in range(20):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_file), "100000"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.01, 0.15))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        lines = [line for line in out.split() if line.isdigit()]
        acknowledged += int(lines[-1]) if lines else 0
        total = seated_marches(db_file)
        # every write that returned is there; at most the one in flight may be too
        assert acknowledged <= total <= acknowledged + 1
        acknowledged = int(total)
    conn = sqlite3.connect(db_file)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_write_reaches_the_disk_soon_after_without_the_caller_waiting(db_file, monkeypatch):
    """Commits do not wait for the disk (NORMAL), but the log is synced right
    after each write on another thread, and again when the tracker closes."""
    synced: list[tuple[str, str]] = []  # (thread name, file) of every fsync
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        import threading

        synced.append((threading.current_thread().name, os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    tracker = Tracker.open(db_file, clock=FakeClock(NOW))
    assert tracker.db.connection().execute("PRAGMA synchronous").fetchone()[0] == 1
    tracker.step("seated-marches", TODAY, 5)
    deadline = time.monotonic() + 5
    while not synced and time.monotonic() < deadline:
        time.sleep(0.01)
    assert synced and synced[0] == ("secondheart-sync", f"{db_file}-wal")
    synced.clear()
    tracker.step("seated-marches", TODAY, 1)
    tracker.close()  # syncs before it returns, whatever the thread is doing
    assert (f"{db_file}-wal") in [name for _, name in synced]
    assert seated_marches(db_file) == 6.0


def _spy_on_syncs(monkeypatch, log: list[str]) -> None:
    """Append "sync" to ``log`` at every fsync of the write-ahead log."""
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}").endswith("-wal"):
            log.append("sync")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)


def _wait(predicate, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_held_syncs_wait_for_sync_soon_and_close_still_syncs(db_file, monkeypatch):
    """The app holds syncs until its frame is out: a commit is only noted (no
    thread is woken) until ``sync_soon``; closing syncs whatever is left."""
    log: list[str] = []
    _spy_on_syncs(monkeypatch, log)
    tracker = Tracker.open(db_file, clock=FakeClock(NOW))  # seeds the routine: a write
    _wait(lambda: not tracker.db.unsynced and not tracker.db._sync_pending)
    log.clear()
    tracker.db.hold_syncs()
    tracker.step("seated-marches", TODAY, 2)
    assert tracker.db.unsynced and not tracker.db._sync_pending, "the thread was woken"
    assert log == []
    tracker.db.sync_soon()
    _wait(lambda: log == ["sync"])
    assert not tracker.db.unsynced
    tracker.db.sync_soon()  # nothing new: no second sync
    tracker.step("seated-marches", TODAY, 1)
    assert tracker.db.unsynced
    tracker.close()
    assert log == ["sync", "sync"]
    assert seated_marches(db_file) == 3.0


async def test_the_app_syncs_a_key_s_commit_after_its_frame(app_factory, tracker, monkeypatch):
    """Space on Today: the row is written and drawn, and only then is the sync
    thread woken and the log synced, once per key; a write that draws nothing
    is synced at the next poll."""
    from .helpers import log_frames, wait_for

    log: list[str] = []
    _spy_on_syncs(monkeypatch, log)
    wake = tracker.db._wake_syncer

    def woken() -> None:
        log.append("wake")
        wake()

    monkeypatch.setattr(tracker.db, "_wake_syncer", woken)
    app = app_factory(poll_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        log_frames(app, log)
        walk = tracker.exercise("walk")
        for done in (30.0, 0.0, 30.0, 0.0):
            start = len(log)
            log.append("key")
            await pilot.press("space")
            await wait_for(pilot, lambda start=start: "sync" in log[start:])
            assert tracker.entries(walk, since=TODAY, until=TODAY)[TODAY].amount == done
            row = str(app.screen.query_one("#checklist").render_line(0))
            assert ("30/30 min" if done else " 0/30 min") in row
        keys = "".join(e[0] for e in log[log.index("key") :])  # k(ey) f(rame) w(ake) s(ync)
        assert not re.search("k[^f]*[ws]", keys), f"the sync thread woken inside a key: {keys}"
        assert keys.count("s") == 4, f"one sync per key: {keys}"
        tracker.step("seated-marches", TODAY, 1)  # a write no frame has followed yet
        log.clear()
        app.poll()
        assert log[:1] == ["wake"], "the poll itself hands the commit to the sync thread"
        await wait_for(pilot, lambda: "sync" in log)


def test_one_sync_thread_serves_every_write_and_ends_with_the_file(db_file):
    """Writes hand the sync to one waiting thread (starting a thread per key cost
    time); closing the tracker syncs and lets that thread go."""
    import threading

    def syncers() -> list[threading.Thread]:
        return [t for t in threading.enumerate() if t.name == "secondheart-sync"]

    before = set(syncers())
    tracker = Tracker.open(db_file, clock=FakeClock(NOW))
    for _ in range(20):
        tracker.step("seated-marches", TODAY, 1)
    assert [tracker.db._syncer] == [t for t in syncers() if t not in before]
    thread = tracker.db._syncer
    tracker.close()
    assert thread is not None
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert seated_marches(db_file) == 20.0
