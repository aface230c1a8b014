"""Hostile files and processes: real files, real signals, real locks, real limits.

The database is never left in a state later runs refuse, never written when
it is damaged, never overwritten by an export, and every failure is one line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.store import database
from tui.store.backups import daily_backup
from tui.store.demo import fill_demo
from tui.store.errors import DatabaseFileError, StorageError
from tui.store.service import Tracker

from .conftest import NOW

TODAY = NOW.date()
# A new file's status line on the real clock: the elevation reminder is due inside the
# waking window only.
STATUS_NEW = re.compile(r"♥ 0/7( · ⏰ Leg elevation)?")


def sh(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=60, **kwargs
    )


def one_line(err: str) -> bool:
    return err.count("\n") == 1 and "Traceback" not in err


# --- the first run -------------------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_a_first_run_interrupted_at_any_moment_never_locks_the_user_out(tmp_path, sig):
    delays = [0.0, 0.02, 0.05, 0.08, 0.11, 0.14, 0.17, 0.2, 0.25, 0.3, 0.4]
    for index, delay in enumerate(delays):
        path = tmp_path / f"first-{index}.db"
        process = subprocess.Popen(
            [sys.executable, "-m", "tui", "--db", str(path), "status"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(delay)
        process.send_signal(sig)
        process.communicate(timeout=60)
        after = sh("--db", str(path), "status")
        assert after.returncode == 0, (delay, after.stderr)
        assert STATUS_NEW.fullmatch(after.stdout.strip()), after.stdout
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".new")]


def test_two_first_runs_at_once_both_work(tmp_path):
    path = tmp_path / "race.db"
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tui", "--db", str(path), "check", "walk"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [p.communicate(timeout=60) for p in processes]
    assert [p.returncode for p in processes] == [0] * 4, results
    assert all("Traceback" not in err for _, err in results)
    export = json.loads(sh("--db", str(path), "export").stdout)
    assert len(export["exercises"]) == 7  # one routine, not four


# --- files that are not databases -----------------------------------------------------------


@pytest.mark.parametrize("kind", ["null", "zero", "fifo"])
def test_a_database_path_that_is_not_a_regular_file_is_one_line(tmp_path, kind):
    if kind == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)
    else:
        path = Path(f"/dev/{kind}")
    before = set(path.parent.iterdir()) if kind == "fifo" else None
    result = sh("--db", str(path), "status")
    assert result.returncode == 1 and one_line(result.stderr)
    assert "not a regular file" in result.stderr
    if before is not None:
        assert set(path.parent.iterdir()) == before  # nothing created beside it
    else:
        assert not Path(f"/dev/{kind}-wal").exists() and not Path(f"/dev/{kind}-shm").exists()


def test_export_never_overwrites_the_database_or_any_sqlite_file(tracker, db_file, tmp_path):
    tracker.set_amount("walk", TODAY, 12)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    for target in (db_file, Path(f"{db_file}-wal"), other, tmp_path / "link.db"):
        if target.name == "link.db":
            target.symlink_to(db_file)
        size = db_file.stat().st_size
        result = sh("--db", str(db_file), "export", "-o", str(target))
        assert result.returncode == 1 and one_line(result.stderr), result.stderr
        assert db_file.stat().st_size == size
    assert sqlite3.connect(other).execute("SELECT count(*) FROM t").fetchone() == (0,)
    assert Tracker.open(db_file, clock=tracker.clock).day_view().rows[0].amount == 12


# --- private by default ----------------------------------------------------------------------


def test_new_files_and_folders_are_private(tmp_path, clock):
    folder = tmp_path / "fresh" / "data"
    path = folder / "second.db"
    tracker = Tracker.open(path, clock=clock)
    try:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        made = daily_backup(path, TODAY).copy
        assert made is not None and stat.S_IMODE(made.stat().st_mode) == 0o600
        assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
    finally:
        tracker.close()
    out = tmp_path / "export.json"
    assert sh("--db", str(path), "export", "-o", str(out)).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


# --- damage ------------------------------------------------------------------------------------


def _damage(path: Path) -> None:
    """Garble pages in the middle of the file, keeping the header valid."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for number in range(3, min(12, len(data) // page)):
        start = number * page
        data[start + 8 : start + 200] = b"\xa5" * 192
    path.write_bytes(bytes(data))


def test_a_damaged_file_is_not_backed_up_nor_written_and_the_good_copy_is_named(tmp_path, clock):
    path = tmp_path / "second.db"
    tracker = Tracker.open(path, clock=clock)
    fill_demo(tracker, days=400)
    good = daily_backup(path, TODAY).copy
    assert good is not None
    tracker.close()
    _damage(path)
    tracker = Tracker.open(path, clock=clock)
    try:
        backups = sorted(good.parent.iterdir())
        for later in range(1, 10):  # days pass; the daily backups must not rotate
            result = daily_backup(path, TODAY + dt.timedelta(days=later))
            assert result.copy is None
            assert result.damage and str(good) in result.damage
            assert f"secondheart restore {good}" in result.damage
        assert sorted(good.parent.iterdir()) == backups
        tracker.db.refuse_writes(result.damage)
        bytes_before = path.read_bytes()
        with pytest.raises(StorageError, match="damaged"):
            tracker.set_setting("theme", "second-heart-light")
        with pytest.raises(StorageError, match="damaged"):
            tracker.toggle_done("walk", TODAY)
        assert path.read_bytes() == bytes_before
    finally:
        tracker.close()
    doctor = sh("--db", str(path), "doctor")
    assert doctor.returncode == 1 and one_line(doctor.stderr)
    assert "damaged" in doctor.stderr and f"secondheart restore {good}" in doctor.stderr


def test_doctor_says_a_sound_file_is_sound(tracker, db_file):
    tracker.set_amount("walk", TODAY, 12)
    result = sh("--db", str(db_file), "doctor")
    assert result.returncode == 0 and "no damage found" in result.stdout
    assert "7 exercises, 1 entry" in result.stdout


# --- locks, full disks, vanished files ----------------------------------------------------------


def test_a_held_write_lock_is_reported_as_busy_and_nothing_changes(db_file, clock, monkeypatch):
    monkeypatch.setitem(database.PRAGMAS, "busy_timeout", 300)
    tracker = Tracker.open(db_file, clock=clock)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
            " c.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(3)",
            str(db_file),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StorageError, match="the database is busy"):
            tracker.step("walk", TODAY, 5)
        assert tracker.undo() is None  # nothing was made, so nothing to undo
    finally:
        holder.kill()
        holder.wait()
    assert tracker.day_view().rows[0].amount == 0
    tracker.step("walk", TODAY, 5)  # and once the lock is gone, it works
    assert tracker.day_view().rows[0].amount == 5
    tracker.close()


def _limit_file_size(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_is_called_disk_full_and_the_file_stays_usable(tracker, db_file, tmp_path):
    source = Tracker.open(tmp_path / "source.db", clock=tracker.clock)
    fill_demo(source, days=900)
    export = tmp_path / "big.json"
    assert sh("--db", str(tmp_path / "source.db"), "export", "-o", str(export)).returncode == 0
    source.close()
    tracker.close()
    size = db_file.stat().st_size
    result = sh("--db", str(db_file), "import", str(export), preexec_fn=_limit_file_size(size + 65536))  # fmt: skip
    assert result.returncode == 1 and one_line(result.stderr), result.stderr
    assert "disk full" in result.stderr
    after = sh("--db", str(db_file), "status")
    assert after.returncode == 0 and STATUS_NEW.fullmatch(after.stdout.strip()), after.stdout
    assert json.loads(sh("--db", str(db_file), "export").stdout)["entries"] == []


def test_a_file_deleted_under_a_running_tracker_is_noticed(tracker, db_file):
    tracker.step("walk", TODAY, 5)
    db_file.unlink()
    with pytest.raises(StorageError, match="moved or deleted"):
        tracker.step("walk", TODAY, 5)
    assert not db_file.exists()


def test_a_refused_open_leaves_no_journal_files(tmp_path):
    other = tmp_path / "theirs.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (x)")
    conn.close()
    before = other.read_bytes()
    with pytest.raises(DatabaseFileError, match="another program"):
        Tracker.open(other)
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.db"]
