"""Upgrading a database of the previous schema, full of data, to the stable-identity schema."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tui.paths import migrations_dir
from tui.store import timers
from tui.store.database import latest_migration, open_database
from tui.store.demo import fill_demo
from tui.store.service import Tracker


def _rows(path, table, leave_out=()):
    conn = sqlite3.connect(path)
    try:
        columns = [
            row[1] for row in conn.execute(f"PRAGMA table_info({table})") if row[1] not in leave_out
        ]
        listed = ", ".join(columns)
        return conn.execute(f"SELECT {listed} FROM {table} ORDER BY 1, 2").fetchall()
    finally:
        conn.close()


def _migrations(tmp_path, name, *files):
    """A migrations folder holding only ``files`` (as an older Second Heart shipped it)."""
    folder = tmp_path / name
    folder.mkdir()
    for file in files:
        shutil.copy(Path(migrations_dir()) / file, folder)
    return folder


def _previous_schema_file(tmp_path, path, clock, files=("0001_initial.py",)):
    """A file made by an older schema alone (the first, by default), holding a rich history.

    The history is written by today's code into a scratch file and copied
    column by column into a file that only the older migrations have built.
    """
    scratch = tmp_path / "scratch.db"
    source = Tracker.open(scratch, clock=clock)
    source.add_exercise("[b]Wall sit[/]", kind="minutes", target=3, schedule="mon,wed,fri")
    fill_demo(source, days=400, seed=3)
    source.set_note("walk", clock.today(), "windy \x1b[31m")
    source.archive_exercise("bridge")
    source.set_setting("waking-start", "07:30")
    timers.start(source)
    source.close()
    older = _migrations(tmp_path, "older-schema", *files)
    open_database(path, older).close()  # the tables only, nothing seeded
    conn = sqlite3.connect(path)
    conn.execute("ATTACH DATABASE ? AS scratch", (str(scratch),))
    with conn:
        for table in ("exercise", "entry", "session", "setting"):
            columns = ", ".join(row[1] for row in conn.execute(f"PRAGMA main.table_info({table})"))
            conn.execute(
                f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM scratch.{table}"
            )
    conn.execute("DETACH DATABASE scratch")
    conn.close()


def test_previous_schema_full_of_data_is_upgraded_row_for_row(tmp_path, db_file, clock):
    _previous_schema_file(tmp_path, db_file, clock)
    conn = sqlite3.connect(db_file)
    assert "uuid" not in [row[1] for row in conn.execute("PRAGMA table_info(exercise)")]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    before = {t: _rows(db_file, t) for t in ("exercise", "entry", "session", "setting")}
    assert len(before["entry"]) > 2000 and len(before["session"]) > 0

    upgraded = Tracker.open(db_file, clock=clock)  # every migration from 0002 on
    exercises = upgraded.exercises(include_archived=True)
    upgraded.close()

    for table in ("entry", "session", "setting"):
        assert _rows(db_file, table) == before[table]
    assert _rows(db_file, "exercise", leave_out=("uuid", "remind")) == before["exercise"]
    identities = [e.uuid for e in exercises]
    assert len(exercises) == 8 and len(set(identities)) == 8
    assert all(len(u) == 32 and int(u, 16) >= 0 for u in identities)
    latest = latest_migration(migrations_dir())
    backup = db_file.with_name(f"{db_file.name}.before-schema-{latest}.bak")
    assert {t: _rows(backup, t) for t in before} == before
    conn = sqlite3.connect(db_file)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == latest
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # migration 0004: every exercise keeps the default reminders; no reminder rows yet
    assert conn.execute("SELECT count(*) FROM exercise WHERE remind IS NOT NULL").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM reminder").fetchone() == (0,)
    conn.close()


def test_new_exercises_get_their_own_identity(tracker):
    first = tracker.add_exercise("Wall sit", kind="minutes", target=3)
    second = tracker.add_exercise("Wall squat", kind="minutes", target=3)
    assert first.uuid and second.uuid and first.uuid != second.uuid
    renamed = tracker.edit_exercise(first.slug, name="Wall sit, longer")
    assert renamed.uuid == first.uuid


JOURNAL_TABLES = ("journal", "journal_note")
OLD_TABLES = ("exercise", "entry", "session", "setting")


def _schema_2_file(tmp_path, path, clock):
    """A file of schema 2 (before the journal), full of history, made by schema 2's files."""
    files = ("0001_initial.py", "0002_exercise_uuid.py")
    _previous_schema_file(tmp_path, path, clock, files)
    return tmp_path / "older-schema"


def test_schema_2_full_of_data_gets_the_journal_and_keeps_every_row(tmp_path, db_file, clock):
    from tui.store import journal

    schema_2 = _schema_2_file(tmp_path, db_file, clock)
    conn = sqlite3.connect(db_file)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert not tables & set(JOURNAL_TABLES)
    conn.close()
    before = {t: _rows(db_file, t) for t in OLD_TABLES}
    assert len(before["entry"]) > 2000 and before["session"] and before["setting"]

    upgraded = Tracker.open(db_file, clock=clock)  # today's migrations: 0003 (journal) on
    journal.set_level(upgraded, clock.today(), "cramps", 2)
    journal.set_note(upgraded, clock.today(), "first journal day")
    upgraded.close()

    after = {t: _rows(db_file, t, leave_out=("remind",)) for t in OLD_TABLES}
    assert after == before  # every row, every column (0004 adds only the reminder column)
    assert _rows(db_file, "journal", leave_out=("id", "updated")) == [
        (clock.today().isoformat(), "cramps", 2)
    ]
    latest = latest_migration(migrations_dir())
    backup = db_file.with_name(f"{db_file.name}.before-schema-{latest}.bak")
    assert {t: _rows(backup, t) for t in OLD_TABLES} == before
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert not conn.execute("SELECT name FROM sqlite_master WHERE name = 'journal'").fetchall()
    conn.close()
    conn = sqlite3.connect(db_file)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == latest
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    assert schema_2.is_dir()


def test_an_older_second_heart_refuses_the_journal_schema_and_leaves_it_untouched(
    tmp_path, db_file, clock, shell, monkeypatch
):
    from tui import paths
    from tui.store.errors import NewerDatabaseError

    Tracker.open(db_file, clock=clock).close()  # today's schema: the journal's and later
    latest = latest_migration(migrations_dir())
    schema_2 = _migrations(tmp_path, "older", "0001_initial.py", "0002_exercise_uuid.py")
    before = db_file.read_bytes()
    with pytest.raises(NewerDatabaseError, match="newer version of Second Heart"):
        Tracker.open(db_file, clock=clock, migrations=schema_2)
    monkeypatch.setattr(paths, "migrations_dir", lambda: str(schema_2))
    code, out, err = shell("status")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and f"schema {latest}, this version knows 2" in err
    assert "Traceback" not in err
    assert db_file.read_bytes() == before
    assert not db_file.with_name(f"{db_file.name}-wal").exists()
