"""Backups: one a day kept for a week, on demand, and restore keeping the current file."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from tui.store.backups import backup_now, copies, daily_backup, newest_good, restore
from tui.store.database import backup_copy
from tui.store.errors import DatabaseFileError
from tui.store.service import Tracker

from .conftest import NOW

TODAY = NOW.date()


def test_daily_backup_once_a_day_keeping_seven(tracker):
    folder = tracker.path.parent / "backups"
    for back in range(10, -1, -1):
        assert daily_backup(tracker.path, TODAY - dt.timedelta(days=back)).copy is not None
    assert daily_backup(tracker.path, TODAY).copy is None
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 7
    assert names[-1] == f"second-{TODAY.isoformat()}.db"  # named after second.db
    assert names[0] == f"second-{(TODAY - dt.timedelta(days=6)).isoformat()}.db"


def test_backup_and_restore_round_trip(tracker, clock):
    tracker.set_amount("walk", TODAY, 30)
    copy = backup_now(tracker.path, NOW)
    tracker.set_amount("walk", TODAY, 5)
    tracker.set_amount("bridge", TODAY, 10)
    kept = restore(tracker.path, copy, NOW + dt.timedelta(minutes=1))
    assert kept.exists()
    view = {r.exercise.slug: r.amount for r in tracker.day_view(TODAY).rows}
    assert view["walk"] == 30 and view["bridge"] == 0
    tracker.close()
    reopened = Tracker.open(kept, clock=clock)
    assert {r.exercise.slug: r.amount for r in reopened.day_view(TODAY).rows}["walk"] == 5
    reopened.close()


def test_restore_refuses_bad_files_and_keeps_data(tracker, tmp_path):
    tracker.set_amount("walk", TODAY, 30)
    junk = tmp_path / "junk.db"
    junk.write_text("not a database\n" * 50)
    with pytest.raises(DatabaseFileError, match="not an SQLite file"):
        restore(tracker.path, junk, NOW)
    with pytest.raises(DatabaseFileError, match="no such backup"):
        restore(tracker.path, tmp_path / "missing.db", NOW)
    assert tracker.day_view(TODAY).rows[0].amount == 30


def test_backup_and_restore_commands(db_file, capsys, tmp_path, clock, monkeypatch):
    from tui import cli
    from tui.cli import main

    monkeypatch.setattr(cli, "_clock_factory", lambda: clock)
    assert main(["--db", str(db_file), "check", "walk"]) == 0
    assert main(["--db", str(db_file), "backup"]) == 0
    copy = capsys.readouterr().out.strip().splitlines()[-1].removeprefix("backed up to ")
    assert main(["--db", str(db_file), "check", "bridge"]) == 0
    assert main(["--db", str(db_file), "restore", copy]) == 0
    assert "previous database was kept" in capsys.readouterr().out
    assert main(["--db", str(db_file), "status"]) == 0
    assert capsys.readouterr().out.strip() == "♥ 1/7"
    assert main(["--db", str(db_file), "restore", str(tmp_path / "nope.db")]) == 1
    assert "no such backup" in capsys.readouterr().err


def _walk(path, clock) -> float:
    tracker = Tracker.open(path, clock=clock)
    try:
        return {r.exercise.slug: r.amount for r in tracker.day_view(TODAY).rows}["walk"]
    finally:
        tracker.close()


def test_two_restores_in_the_same_second_keep_both_states(tracker, clock):
    tracker.set_amount("walk", TODAY, 1)
    first = backup_now(tracker.path, NOW)
    tracker.set_amount("walk", TODAY, 2)
    second = backup_now(tracker.path, NOW)  # the same second: a copy of its own
    assert first != second and first.exists() and second.exists()
    tracker.set_amount("walk", TODAY, 3)
    kept_3 = restore(tracker.path, first, NOW)  # the state before the first restore: 3
    kept_1 = restore(tracker.path, second, NOW)  # the same second again: 1
    assert kept_3 != kept_1
    assert kept_3.name == "second-before-restore-2026-11-21-100000.db"
    assert kept_1.name == "second-before-restore-2026-11-21-100000-2.db"
    tracker.close()
    assert [_walk(p, clock) for p in (first, second, kept_3, kept_1)] == [1, 2, 3, 1]


def test_two_databases_in_one_folder_keep_their_own_daily_backups(tmp_path, clock):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    for path, amount in ((one, 10), (two, 20)):
        tracker = Tracker.open(path, clock=clock)
        tracker.set_amount("walk", TODAY, amount)
        tracker.close()
    for back in range(9, -1, -1):  # each rotates only its own copies
        day = TODAY - dt.timedelta(days=back)
        assert daily_backup(one, day).copy is not None
        assert daily_backup(two, day).copy is not None
    names = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert [n for n in names if n.startswith("one-")][-1] == f"one-{TODAY.isoformat()}.db"
    assert len([n for n in names if n.startswith("one-")]) == 7
    assert len([n for n in names if n.startswith("two-")]) == 7
    assert _walk(newest_good(one), clock) == 10
    assert _walk(newest_good(two), clock) == 20


def test_copies_named_the_old_way_are_still_offered(tmp_path, clock, capsys, monkeypatch):
    from tui import cli
    from tui.cli import main

    path = tmp_path / "mine.db"
    Tracker.open(path, clock=clock).close()
    folder = tmp_path / "backups"
    folder.mkdir()
    old_daily = folder / "secondheart-2026-11-01.db"
    old_kept = folder / "before-restore-2026-11-02-080000.db"
    for old, stamp in ((old_daily, 1_700_000_000), (old_kept, 1_700_000_100)):
        backup_copy(path, old)
        os.utime(old, (stamp, stamp))
    assert newest_good(path) == old_kept  # what the damage message names
    monkeypatch.setattr(cli, "_clock_factory", lambda: clock)
    assert main(["--db", str(path), "restore"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"backups of {path}, newest first")
    assert out[1:] == [
        f"  {old_kept}  (named the old way; it may belong to another database here)",
        f"  {old_daily}  (named the old way; it may belong to another database here)",
    ]
    assert main(["--db", str(path), "restore", old_daily.name]) == 0  # a bare name will do
    assert "previous database was kept as" in capsys.readouterr().out
    # Beside secondheart.db, whose copies are named secondheart-… today, they are its own.
    Tracker.open(tmp_path / "secondheart.db", clock=clock).close()
    assert old_daily not in [c.path for c in copies(path)]
    assert old_daily in [c.path for c in copies(tmp_path / "secondheart.db")]


def test_restore_without_a_file_when_there_are_no_backups(db_file, capsys):
    from tui.cli import main

    assert main(["--db", str(db_file), "restore"]) == 0
    assert capsys.readouterr().out == f"no backups of {db_file} yet\n"
    assert not db_file.exists()  # listing creates nothing
