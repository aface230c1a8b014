"""Backups: one a day kept for a week, on demand, and restore keeping the current file."""

from __future__ import annotations

import datetime as dt

import pytest

from tui.store.backups import backup_now, daily_backup, restore
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
    assert names[-1] == f"secondheart-{TODAY.isoformat()}.db"
    assert names[0] == f"secondheart-{(TODAY - dt.timedelta(days=6)).isoformat()}.db"


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
    assert capsys.readouterr().out.strip() == "♥ 1/7 · ⏰ Leg elevation"
    assert main(["--db", str(db_file), "restore", str(tmp_path / "nope.db")]) == 1
    assert "no such backup" in capsys.readouterr().err
