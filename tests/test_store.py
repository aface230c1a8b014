"""The store on a real SQLite file: opening, refusing, migrating, writing, undo."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from tui.core.clock import FakeClock
from tui.core.model import Status
from tui.paths import migrations_dir
from tui.store.database import APPLICATION_ID, latest_migration
from tui.store.errors import (
    DatabaseFileError,
    InvalidInput,
    LookupFailed,
    NewerDatabaseError,
    StorageError,
)
from tui.store.service import Tracker
from tui.store.transfer import export_data, export_text, import_text

from .conftest import NOW

TODAY = NOW.date()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused_untouched(path: Path, error=DatabaseFileError, match: str = "") -> None:
    before = digest(path)
    with pytest.raises(error, match=match):
        Tracker.open(path)
    assert digest(path) == before
    assert not Path(f"{path}-wal").exists()
    assert not Path(f"{path}-shm").exists()


# ------------------------------------------------------------------ opening


def test_fresh_database_is_migrated_marked_and_seeded(tracker, db_file):
    slugs = [e.slug for e in tracker.exercises()]
    assert slugs[:2] == ["walk", "ankle-pumps"] and len(slugs) == 7
    conn = sqlite3.connect(db_file)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_migration(migrations_dir())
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_reopening_is_a_no_op(db_file, clock):
    first = Tracker.open(db_file, clock=clock)
    first.set_amount("ankle", TODAY, 12)
    first.close()
    second = Tracker.open(db_file, clock=clock)
    assert len(second.exercises()) == 7
    assert second.day_view(TODAY).rows[1].amount == 12
    second.close()
    assert not list(db_file.parent.glob("*.bak"))


def test_missing_parent_folder_is_created(tmp_path, clock):
    path = tmp_path / "a" / "b" / "c.db"
    Tracker.open(path, clock=clock).close()
    assert path.exists()


def test_backup_is_taken_before_a_new_migration(tmp_path, db_file, clock):
    tracker = Tracker.open(db_file, clock=clock)
    tracker.set_amount("walk", TODAY, 30)
    tracker.close()
    newer = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), newer)
    number = latest_migration(migrations_dir()) + 1
    (newer / f"{number:04d}_add_mood.py").write_text(
        "from peewee import IntegerField\n"
        "def up(migrator, db):\n"
        "    migrator.migrate(migrator.add_column('entry', 'mood', IntegerField(default=0)))\n"
    )
    migrated = Tracker.open(db_file, clock=clock, migrations=newer)
    migrated.close()
    backup = db_file.with_name(f"{db_file.name}.before-schema-{number}.bak")
    assert backup.exists()
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT amount FROM entry").fetchone()[0] == 30
    assert "mood" not in [row[1] for row in conn.execute("PRAGMA table_info(entry)")]
    conn.close()
    conn = sqlite3.connect(db_file)
    assert "mood" in [row[1] for row in conn.execute("PRAGMA table_info(entry)")]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == number
    conn.close()


def test_newer_database_is_refused_untouched(db_file, clock):
    Tracker.open(db_file, clock=clock).close()
    conn = sqlite3.connect(db_file)
    conn.execute("PRAGMA journal_mode = delete")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    assert_refused_untouched(db_file, NewerDatabaseError, "newer version")


def test_foreign_sqlite_file_is_refused_untouched(db_file):
    conn = sqlite3.connect(db_file)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ada')")
    conn.commit()
    conn.close()
    assert_refused_untouched(db_file, match="another program")


def test_text_file_is_refused_untouched(db_file):
    db_file.write_text("shopping list: beetroot, spinach, salmon\n" * 20)
    assert_refused_untouched(db_file, match="not an SQLite file")


def test_truncated_database_is_refused_untouched(db_file, clock):
    tracker = Tracker.open(db_file, clock=clock)
    for days in range(200):
        tracker.set_amount("walk", TODAY - dt.timedelta(days=days), 30)
    tracker.close()
    data = db_file.read_bytes()
    db_file.write_bytes(data[: len(data) // 2 + 100])
    assert_refused_untouched(db_file, match="damaged")


def test_corrupt_header_is_refused_untouched(db_file, clock):
    Tracker.open(db_file, clock=clock).close()
    data = bytearray(db_file.read_bytes())
    data[16:18] = b"\x00\x07"  # an impossible page size
    db_file.write_bytes(bytes(data))
    assert_refused_untouched(db_file, match="damaged")


def test_folder_as_database_path_is_refused(tmp_path):
    with pytest.raises(DatabaseFileError, match="is a folder"):
        Tracker.open(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(DatabaseFileError, match="read-only"):
            Tracker.open(folder / "x.db")
    finally:
        folder.chmod(0o700)


# ------------------------------------------------------------------- writes


def test_entry_keeps_the_target_of_its_day(tracker):
    yesterday = TODAY - dt.timedelta(days=1)
    tracker.set_amount("heel-raises", yesterday, 15)
    tracker.edit_exercise("heel-raises", target=25)
    view = tracker.day_view(yesterday)
    row = next(r for r in view.rows if r.exercise.slug == "heel-raises")
    assert (row.target, row.status, row.progress) == (15, Status.MET, "15/15 reps")
    today_row = next(r for r in tracker.day_view(TODAY).rows if r.exercise.slug == "heel-raises")
    assert today_row.target == 25


def test_toggle_step_skip_note_and_undo(tracker):
    assert tracker.toggle_done("ankle-pumps", TODAY).amount == 20
    assert tracker.toggle_done("ankle-pumps", TODAY).amount == 0
    assert tracker.step("ankle-pumps", TODAY, 5).amount == 5
    assert tracker.step("ankle-pumps", TODAY, -10).amount == 0
    assert tracker.skip("bridge", TODAY).skipped is True
    assert tracker.set_note("bridge", TODAY, "sore back").note == "sore back"
    assert tracker.undo() == "note on Bridge"
    assert tracker.undo() == "Bridge skipped"
    rows = {r.exercise.slug: r for r in tracker.day_view(TODAY).rows}
    assert rows["bridge"].status == Status.PENDING and rows["bridge"].note is None
    assert tracker.undo() and tracker.undo() and tracker.undo()
    assert rows["ankle-pumps"].amount == 0
    assert tracker.undo() == "Ankle pumps done"
    assert tracker.undo() is None


@pytest.mark.parametrize("returning", [True, False], ids=["returning", "sqlite-before-3.35"])
def test_each_write_returns_the_entry_as_stored(tracker, db_file, monkeypatch, returning):
    """What a write returns is what the file holds, including an increment made
    in SQL on a value another process wrote meanwhile; SQLite before 3.35 (no
    RETURNING) reads it back instead."""
    if not returning:
        monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 34, 1))
    other = Tracker.open(db_file, clock=tracker.clock)
    tracker.step("ankle-pumps", TODAY, 5)
    other.step("ankle-pumps", TODAY, 7)  # the first tracker has not read this
    other.close()
    written = [
        tracker.step("ankle-pumps", TODAY, 1),
        tracker.set_amount("heel-raises", TODAY, 4),
        tracker.toggle_done("bridge", TODAY),
        tracker.mark_done("walk", TODAY),
        tracker.skip("knee-pit-roll", TODAY),
        tracker.set_note("knee-pit-roll", TODAY, "[b]x[/] \x1b[31m"),
        tracker.add_note("knee-pit-roll", TODAY, "later")[0],
    ]
    assert written[0].amount == 13
    for entry, slug in zip(
        written,
        ["ankle-pumps", "heel-raises", "bridge", "walk", "knee-pit-roll", "knee-pit-roll"],
        strict=False,
    ):
        stored = tracker.entries(tracker.exercise(slug), since=TODAY, until=TODAY)[TODAY]
        if slug != "knee-pit-roll":
            assert entry == stored
    stored = tracker.entries(tracker.exercise("knee-pit-roll"), since=TODAY, until=TODAY)[TODAY]
    assert written[-1] == stored and stored.note == "[b]x[/] \x1b[31m\nlater"
    assert stored.skipped is True
    # Again, now that every row exists (an UPDATE rather than an INSERT), with a
    # value another process wrote meanwhile under each
    other = Tracker.open(db_file, clock=tracker.clock)
    for slug in ("heel-raises", "bridge", "walk", "knee-pit-roll"):
        other.set_amount(slug, TODAY, 3)
    other.close()
    again = [
        ("heel-raises", tracker.set_amount, (6,), 6),
        ("bridge", tracker.toggle_done, (), 10),
        ("walk", tracker.mark_done, (), 30),
        ("walk", tracker.step, (2.5,), 32.5),
        ("knee-pit-roll", tracker.skip, (), 3),
        ("knee-pit-roll", tracker.set_note, (None,), 3),
        ("heel-raises", tracker.set_amount, ("-0",), 0),  # SQLite keeps -0.0 as 0.0
    ]
    for slug, write, args, amount in again:
        entry = write(slug, TODAY, *args)
        stored = tracker.entries(tracker.exercise(slug), since=TODAY, until=TODAY)[TODAY]
        assert entry == stored, slug
        assert entry.amount == amount and type(entry.amount) is float, slug
        assert str(entry.amount) == str(stored.amount), slug
    knee = tracker.entries(tracker.exercise("knee-pit-roll"), since=TODAY, until=TODAY)[TODAY]
    assert knee.skipped is True and knee.note is None


def test_one_row_after_a_write_is_the_row_a_full_read_gives(tracker):
    """Today redraws only the row a key wrote (``with_entry``); it is the same
    row, streak and day count as reading the whole day again."""
    yesterday = TODAY - dt.timedelta(days=1)
    writes = [
        ("walk", TODAY, tracker.toggle_done, ()),
        ("ankle-pumps", TODAY, tracker.step, (3,)),
        ("bridge", TODAY, tracker.skip, ()),
        ("bridge", TODAY, tracker.set_note, ("sore",)),
        ("walk", yesterday, tracker.toggle_done, ()),
        ("walk", TODAY, tracker.toggle_done, ()),
        ("ankle-pumps", yesterday, tracker.set_amount, (20,)),
    ]
    for slug, day, write, args in writes:
        view = tracker.day_view(day)
        exercise = tracker.exercise(slug)
        entry = write(exercise, day, *args)
        assert tracker.with_entry(view, exercise, entry) == tracker.day_view(day), (slug, day)


def test_future_days_and_bad_amounts_are_refused(tracker):
    with pytest.raises(InvalidInput, match="future"):
        tracker.set_amount("walk", TODAY + dt.timedelta(days=1), 3)
    for bad in (-1, float("nan"), float("inf"), 10**9):
        with pytest.raises(InvalidInput):
            tracker.set_amount("walk", TODAY, bad)
    with pytest.raises(InvalidInput, match="at most"):
        tracker.set_note("walk", TODAY, "x" * 20_000)
    assert export_data(tracker)["entries"] == []


def test_unknown_and_ambiguous_exercises(tracker):
    assert tracker.exercise("heel").slug == "heel-raises"
    assert tracker.exercise("Knee").slug == "knee-pit-roll"
    with pytest.raises(LookupFailed, match="unknown exercise 'yoga'"):
        tracker.exercise("yoga")
    tracker.add_exercise("Ankle circles", kind="count", target=10)
    with pytest.raises(LookupFailed, match="could mean"):
        tracker.exercise("ankle")


def test_add_edit_archive_and_reorder(tracker):
    added = tracker.add_exercise(
        "Calf stretch 🦵 שלום", kind="minutes", target=5, schedule="mon,thu"
    )
    assert added.slug == "calf-stretch" and added.unit == "min"
    assert tracker.exercises()[-1].slug == "calf-stretch"
    assert tracker.move_exercise("calf-stretch", -1)
    assert tracker.exercises()[-2].slug == "calf-stretch"
    edited = tracker.edit_exercise("calf-stretch", target=8, schedule="daily")
    assert edited.target == 8 and edited.schedule.kind == "daily"
    with pytest.raises(InvalidInput, match="kind must be"):
        tracker.edit_exercise("calf-stretch", kind="yoga")
    with pytest.raises(InvalidInput, match="target"):
        tracker.edit_exercise("calf-stretch", target="lots")
    tracker.archive_exercise("calf-stretch")
    assert "calf-stretch" not in [e.slug for e in tracker.exercises()]
    assert tracker.exercise("calf-stretch").archived


def test_unscheduled_exercises_are_not_listed(tracker):
    tracker.edit_exercise("bridge", schedule="mon,wed")  # 2026-11-21 is a Saturday
    assert "bridge" not in [r.exercise.slug for r in tracker.day_view(TODAY).rows]


def _increment_many(path: str, count: int) -> None:
    tracker = Tracker.open(path, clock=FakeClock(NOW))
    for _ in range(count):
        tracker.step("seated-marches", TODAY, 1)
    tracker.close()


def test_two_processes_incrementing_lose_nothing(db_file, clock):
    Tracker.open(db_file, clock=clock).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_increment_many, args=(str(db_file), 50)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    tracker = Tracker.open(db_file, clock=clock)
    row = next(r for r in tracker.day_view(TODAY).rows if r.exercise.slug == "seated-marches")
    assert row.amount == 100
    tracker.close()


# -------------------------------------------------------------- settings


def test_settings_are_validated(tracker):
    assert tracker.setting("day-start-hour") == "0"
    assert tracker.set_setting("day-start-hour", "4") == "4"
    assert tracker.clock.day_start_hour == 4
    with pytest.raises(InvalidInput):
        tracker.set_setting("day-start-hour", "25")
    with pytest.raises(InvalidInput):
        tracker.set_setting("waking-start", "breakfast")
    with pytest.raises(LookupFailed):
        tracker.setting("colour")


# ----------------------------------------------------------- export/import


def test_export_import_round_trip_is_exact_and_idempotent(tracker, tmp_path, clock):
    tracker.set_amount("walk", TODAY, 30)
    tracker.set_amount("ankle-pumps", TODAY - dt.timedelta(days=2), 12)
    tracker.skip("bridge", TODAY - dt.timedelta(days=1))
    tracker.set_note("walk", TODAY, "by the river — 🌊")
    tracker.add_exercise("Stairs", kind="count", target=4, schedule="3/week")
    text = export_text(tracker, "json")
    other = Tracker.open(tmp_path / "other.db", clock=clock)
    counts = import_text(other, text)
    assert counts["entries"] == 3
    assert export_text(other, "json") == text
    import_text(other, text)
    assert export_text(other, "json") == text
    other.close()


def test_import_validates_everything_before_writing(tracker):
    good = {
        "format": "secondheart",
        "version": 1,
        "exercises": [],
        "sessions": [],
        "entries": [
            {
                "exercise": "walk",
                "day": "2026-11-20",
                "amount": 30,
                "target": 30,
                "skipped": False,
                "note": None,
            }
        ],
    }
    bad = json.loads(json.dumps(good))
    bad["entries"].append({"exercise": "walk", "day": "2026-02-30", "amount": 1, "target": 30})
    with pytest.raises(InvalidInput, match=r"entries\[1\].*ISO date"):
        import_text(tracker, json.dumps(bad))
    assert export_data(tracker)["entries"] == []
    for broken, message in [
        ("{", "not valid JSON"),
        ('{"format": "other"}', "not a Second Heart export"),
        (json.dumps({**good, "version": 7}), "version 7"),
        (json.dumps({**good, "entries": [{**good["entries"][0], "amount": -3}]}), "amount"),
        (
            json.dumps({**good, "entries": [{**good["entries"][0], "exercise": "yoga"}]}),
            "unknown exercise",
        ),
    ]:
        with pytest.raises(InvalidInput, match=message):
            import_text(tracker, broken)
    import_text(tracker, json.dumps(good))
    assert len(export_data(tracker)["entries"]) == 1


def test_csv_export_has_entry_columns(tracker):
    tracker.set_amount("walk", TODAY, 20)
    lines = export_text(tracker, "csv").splitlines()
    assert lines[:2] == ["exercise,day,amount,target,skipped,note", "walk,2026-11-21,20,30,no,"]
    # then each exercise's reminder setting, as a row of its own
    assert lines[2:4] == ["remind:walk,,,,,default", "remind:ankle-pumps,,,,,default"]
    assert len(lines) == 2 + 7


def test_a_failed_write_rolls_back_and_nested_writes_use_savepoints(tracker):
    walk = tracker.exercise("walk")
    with pytest.raises(RuntimeError):
        with tracker.db.write():
            tracker.step(walk, TODAY, 10)  # a savepoint inside the open transaction
            raise RuntimeError("boom")
    assert tracker.day_view().rows[0].amount == 0
    assert not tracker.db.connection().in_transaction
    with tracker.db.write() as m:
        tracker.step(walk, TODAY, 10)
        with pytest.raises(StorageError):
            with tracker.db.write():
                tracker.step(walk, TODAY, 100)  # undone with its savepoint
                m.Entry.insert(exercise=999, day=TODAY, target=1).execute()  # no such exercise
        tracker.step(walk, TODAY, 5)
    assert tracker.day_view().rows[0].amount == 15


def test_import_matches_an_exercise_by_identity_after_a_rename(tracker, tmp_path, clock):
    stairs = tracker.add_exercise("Stairs", kind="count", target=4)
    tracker.set_amount("stairs", TODAY, 4)
    text = export_text(tracker, "json")
    assert json.loads(text)["exercises"][-1]["uuid"] == stairs.uuid
    other = Tracker.open(tmp_path / "other.db", clock=clock)
    import_text(other, text)
    copy = other.exercise("stairs")
    assert copy.uuid == stairs.uuid
    other.edit_exercise("stairs", name="Stair climb")
    data = json.loads(text)
    data["exercises"][-1]["slug"] = "stair-runs"  # renamed in the file as well
    data["entries"] = [
        dict(e, exercise="stair-runs") for e in data["entries"] if e["exercise"] == "stairs"
    ]
    data["entries"][0]["amount"] = 6
    import_text(other, json.dumps(data))
    assert len(other.exercises(include_archived=True)) == 8
    assert other.exercise(copy.id).uuid == stairs.uuid
    assert other.day_view(TODAY).rows[-1].amount == 6
    other.close()


def test_a_streak_kept_up_to_date_after_a_write_is_the_streak_read_afresh(db_file, clock):
    """After its own write a tracker updates the cached streak from the entry it
    wrote instead of reading history again; it is always what a fresh read gives."""
    import random

    rng = random.Random(7)
    tracker = Tracker.open(db_file, clock=clock)
    try:
        exercises = tracker.exercises()
        for _ in range(150):
            clock.advance(hours=rng.choice([0, 0, 0, 9, 24]))
            today = tracker.today()
            exercise = rng.choice(exercises)
            day = today - dt.timedelta(days=rng.choice([0, 0, 1, 2, 5, 130]))
            for ex in exercises:
                tracker.current_streak(ex)  # cached, as Today keeps them
            action = rng.choice(["toggle", "skip", "step", "undo"])
            if action == "toggle":
                tracker.toggle_done(exercise, day)
            elif action == "skip":
                tracker.skip(exercise, day)
            elif action == "step":
                tracker.step(exercise, day, exercise.step)
            else:
                tracker.undo()
            fresh = Tracker.open(db_file, clock=clock)
            try:
                for ex in exercises:
                    assert tracker.current_streak(ex) == fresh.current_streak(ex), (ex.slug, day)
            finally:
                fresh.close()
    finally:
        tracker.close()


def test_a_backdated_check_in_starts_the_exercise_for_the_days_after_it_too(tracker):
    """Bridge is created today and checked three days ago: the two days between are
    missed on Today's rows, as the streaks and ``stats`` count them (one rule,
    ``first_day``), and the day before the check-in is still not started."""
    from tui.core.streaks import day_status

    today = tracker.today()
    tracker.toggle_done("bridge", today - dt.timedelta(days=3))
    bridge = tracker.exercise("bridge")
    habit = tracker.habit(bridge)
    shown = {}
    for back in range(5):
        day = today - dt.timedelta(days=back)
        view = tracker.day_view(day)
        row = next(r for r in view.rows if r.exercise.id == bridge.id)
        assert row.status == day_status(habit, day, today), day
        shown[back] = row.status
    assert shown[4] == Status.NOT_STARTED and shown[3] == Status.MET
    assert shown[2] == shown[1] == Status.MISSED
