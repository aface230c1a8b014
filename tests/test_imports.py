"""Importing other trackers' histories: fixture files built here from each format's description.

Each format's file has yes/no and number habits, skips, notes, an archived
habit and one Second Heart cannot represent. The tests check the imported
days and amounts day by day, the streaks, the dry run, idempotence, identity
after a rename, and the refusals (one sentence, nothing written).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from tui.core.model import Status
from tui.store.imports import import_from
from tui.store.service import Tracker
from tui.store.transfer import export_text

TODAY = dt.date(2026, 11, 21)
LOOP_UUID = "1f0e5a3b7c2d4e8f9a6b5c4d3e2f1a0b"
MARKUP = "[b]x[/] \x1b[31mred"


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def stamp(day: dt.date) -> int:
    """Loop's timestamp: milliseconds at UTC midnight of the day."""
    return int(dt.datetime.combine(day, dt.time(), dt.UTC).timestamp() * 1000)


# --- Loop's .db ---------------------------------------------------------------------

LOOP_HABITS = (
    "CREATE TABLE Habits (id INTEGER PRIMARY KEY AUTOINCREMENT, archived INTEGER, color INTEGER,"
    " description TEXT, freq_den INTEGER, freq_num INTEGER, highlight INTEGER, name TEXT,"
    " position INTEGER, reminder_hour INTEGER, reminder_min INTEGER, reminder_days INTEGER,"
    " type INTEGER, target_type INTEGER, target_value REAL, unit TEXT, question TEXT, uuid TEXT)"
)
LOOP_REPS = (
    "CREATE TABLE Repetitions (id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " habit INTEGER NOT NULL REFERENCES Habits(id), timestamp INTEGER NOT NULL,"
    " value INTEGER NOT NULL, notes TEXT)"
)


def loop_db(path: Path, habits: list[dict], reps: list[tuple], version: int = 24) -> Path:
    conn = sqlite3.connect(path)
    conn.execute(LOOP_HABITS)
    conn.execute(LOOP_REPS)
    for position, habit in enumerate(habits):
        row = {"archived": 0, "freq_num": 1, "freq_den": 1, "type": 0, "target_type": 0,
               "target_value": 0, "unit": "", "question": "", "description": "",
               "position": position, **habit}  # fmt: skip
        conn.execute(
            f"INSERT INTO Habits ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
    conn.executemany(
        "INSERT INTO Repetitions (habit, timestamp, value, notes) VALUES (?, ?, ?, ?)",
        [(habit, stamp(day), value, note) for habit, day, value, note in reps],
    )
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path


def loop_fixture(path: Path) -> Path:
    habits = [
        {"id": 1, "name": "Meditate", "uuid": LOOP_UUID, "question": "Did you meditate?"},
        {"id": 2, "name": "Push-ups", "type": 1, "target_value": 20, "unit": "reps"},
        {
            "id": 3,
            "name": "Sugar",
            "type": 1,
            "target_type": 1,
            "target_value": 2,
            "unit": "cubes",
        },  # fmt: skip
        {"id": 4, "name": "Old stretch", "archived": 1, "freq_num": 3, "freq_den": 7},
        {"id": 5, "name": "Gym", "freq_num": 1, "freq_den": 3},
        {"id": 6, "name": MARKUP},
    ]
    reps = [(1, days_ago(n), 2, None) for n in range(1, 31) if n != 10]
    reps += [
        (1, days_ago(10), 3, "sick [b]day[/]"),  # a skip with a note
        (1, days_ago(31), 1, None),  # automatic yes: not a check-in
        (1, days_ago(32), 0, "too tired"),  # no, with a note
        (1, days_ago(33), -1, None),  # unknown
        (2, days_ago(3), 25000, None),
        (2, days_ago(2), 15000, "sore"),
        (2, days_ago(1), 3, None),  # skip
        (4, days_ago(40), 2, None),
        (5, days_ago(9), 2, None),
        (5, days_ago(6), 2, None),
        (6, days_ago(1), 2, "\x1b[2Jboo"),
    ]
    return loop_db(path, habits, reps)


def by_name(tracker: Tracker, name: str):
    return next(e for e in tracker.exercises(include_archived=True) if e.name == name)


def test_loop_backup_imports_days_amounts_skips_notes_and_schedules(tracker, tmp_path):
    report = import_from(tracker, "loop", loop_fixture(tmp_path / "loop.db"))
    assert [c.name for c in report.changes] == ["Meditate", "Push-ups", "Old stretch", "Gym", MARKUP]  # fmt: skip
    assert report.left_out == [
        ("Sugar", "an at-most target (2 cubes or less); Second Heart's targets are minimums")
    ]
    meditate = by_name(tracker, "Meditate")
    assert (meditate.kind, meditate.schedule.text(), meditate.uuid) == ("check", "daily", LOOP_UUID)
    assert meditate.guide == "Did you meditate?"
    entries = tracker.entries(meditate)
    for n in range(1, 31):
        entry = entries[days_ago(n)]
        if n == 10:
            assert (entry.amount, entry.skipped, entry.note) == (0, True, "sick [b]day[/]")
        else:
            assert (entry.amount, entry.skipped) == (1, False)
    assert days_ago(31) not in entries  # the automatic yes
    assert entries[days_ago(32)].amount == 0 and entries[days_ago(32)].note == "too tired"
    assert days_ago(33) not in entries and len(entries) == 31
    streak = tracker.current_streak(meditate)
    assert (streak.current, streak.unit) == (29, "days")  # 29 met days; the skip bridges
    assert meditate.created <= days_ago(32)

    pushups = by_name(tracker, "Push-ups")
    assert (pushups.kind, pushups.target, pushups.unit) == ("count", 20, "reps")
    got = {d: (e.amount, e.skipped, e.note) for d, e in tracker.entries(pushups).items()}
    assert got == {
        days_ago(3): (25, False, None),
        days_ago(2): (15, False, "sore"),
        days_ago(1): (0, True, None),
    }
    view = tracker.day_view(days_ago(2))
    row = next(r for r in view.rows if r.exercise.id == pushups.id)
    assert row.status is Status.PARTIAL

    old = by_name(tracker, "Old stretch")
    assert old.archived and old.schedule.text() == "weekly:3"
    gym = by_name(tracker, "Gym")
    assert gym.schedule.text() == f"every:3:{days_ago(9).isoformat()}"
    assert tracker.current_streak(gym).best == 2  # days 9 and 6 ago; 3 days ago was missed
    odd = by_name(tracker, MARKUP)
    assert tracker.entries(odd)[days_ago(1)].note == "\x1b[2Jboo"
    assert report.backup is not None and report.backup.exists()


def test_a_100_day_loop_streak_is_the_same_streak_here(tracker, tmp_path):
    reps = [(1, days_ago(n), 2, None) for n in range(0, 100)]
    path = loop_db(tmp_path / "streak.db", [{"id": 1, "name": "Walk the dog"}], reps)
    import_from(tracker, "loop", path)
    walk = by_name(tracker, "Walk the dog")
    assert tracker.current_streak(walk).current == 100
    assert tracker.current_streak(walk).best == 100


def test_dry_run_says_what_would_change_and_writes_nothing(tracker, tmp_path, shell):
    path = loop_fixture(tmp_path / "loop.db")
    before = export_text(tracker)
    code, out, err = shell("import", "--from", "loop", str(path), "--dry-run")
    assert code == 0 and err == ""
    assert "would create Meditate (check, daily): 29 days, 1 skip, 2 notes" in out
    assert "would create Push-ups (count, daily): 2 days, 1 skip, 1 note" in out
    assert "left out Sugar: an at-most target" in out
    assert "would create [b]x[/] \\x1b[31mred" in out  # shown as typed, never obeyed
    assert "dry run: 5 created, 0 changed" in out and "nothing was written" in out
    assert export_text(tracker) == before
    assert not (tracker.path.parent / "backups").exists()


def test_importing_twice_changes_nothing_and_a_rename_keeps_the_identity(tracker, tmp_path, shell):
    path = loop_fixture(tmp_path / "loop.db")
    code, out, _ = shell("import", "--from", "loop", str(path))
    assert code == 0 and "imported: 5 created, 0 changed" in out
    once = export_text(tracker)
    code, out, _ = shell("import", "--from", "loop", str(path))
    assert "imported: 0 created, 0 changed, 0 days" in out and "unchanged Meditate" in out
    assert export_text(tracker) == once
    meditate = by_name(tracker, "Meditate")
    tracker.edit_exercise(meditate.slug, name="Sit quietly")
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO Repetitions (habit, timestamp, value) VALUES (1, ?, 2)", (stamp(TODAY),))  # fmt: skip
    conn.commit()
    conn.close()
    report = import_from(tracker, "loop", path)
    assert [c.action for c in report.changes][0] == "update"
    assert len(tracker.exercises(include_archived=True)) == 7 + 5
    again = tracker.exercise(meditate.id)
    assert again.uuid == LOOP_UUID and again.name == "Meditate"  # the file's fields win
    assert tracker.entries(again)[TODAY].amount == 1


def test_a_name_that_clashes_with_another_kind_is_reported(tracker, tmp_path):
    path = loop_db(tmp_path / "clash.db", [{"id": 1, "name": "Bridge"}, {"id": 2, "name": "ankle pumps", "type": 1, "target_value": 30}], [(1, days_ago(1), 2, None), (2, days_ago(1), 30000, None)])  # fmt: skip
    report = import_from(tracker, "loop", path)
    assert report.left_out == [
        ("Bridge", "an exercise named 'Bridge' already exists as a count exercise; "
         "this habit would be check"),
    ]  # fmt: skip
    pumps = tracker.exercise("ankle-pumps")
    assert [c.action for c in report.changes] == ["update"]
    assert (pumps.target, tracker.entries(pumps)[days_ago(1)].amount) == (30, 30)
    assert tracker.entries(tracker.exercise("bridge")) == {}


def _sqlite(path: Path, *sql: str) -> Path:
    conn = sqlite3.connect(path)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: (p.write_text("name,value\n"), p)[1], "not an SQLite file"),
        (lambda p: _sqlite(p, "CREATE TABLE notes (x)"), "another app's SQLite file"),
        (lambda p: loop_db(p, [{"id": 1, "name": "A"}], [], version=26), "newer Loop"),
        (lambda p: _truncated(loop_fixture(p)), "damaged or truncated"),
        (
            lambda p: _sqlite(
                p,
                "CREATE TABLE Habits (id, name)",
                "CREATE TABLE Repetitions (habit, timestamp, value)",
            ),
            "no freq_den, freq_num column",
        ),  # fmt: skip
    ],
)
def test_bad_loop_files_get_one_line_and_write_nothing(tracker, tmp_path, shell, make, words):
    path = make(tmp_path / "bad.db")
    before = export_text(tracker)
    code, out, err = shell("import", "--from", "loop", str(path))
    assert code == 1 and out == "" and words in err and err.count("\n") == 1
    assert export_text(tracker) == before
    assert not (tracker.path.parent / "backups").exists()


def test_our_own_database_is_not_a_loop_backup(tracker, tmp_path, clock, shell):
    other = Tracker.open(tmp_path / "other.db", clock=clock)
    other.close()
    code, _, err = shell("import", "--from", "loop", str(tmp_path / "other.db"))
    assert code == 1 and "another app's SQLite file" in err


def _truncated(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])
    return path


# --- Loop's CSV export -------------------------------------------------------------


def loop_csv_folder(root: Path) -> Path:
    root.mkdir()
    (root / "Habits.csv").write_text(
        "Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,"
        "Color,Unit,Target Type,Target Value,Archived?\n"
        "001,Meditate,YES_NO,Did you meditate?,,1,1,#FF8F00,,,,false\n"
        "002,Push-ups,NUMERICAL,How many?,,1,1,#FF8F00,reps,AT_LEAST,20,false\n"
        "003,Sugar,NUMERICAL,,,1,1,#FF8F00,cubes,AT_MOST,2,false\n"
        "004,Old stretch,YES_NO,,,2,7,#FF8F00,,,,true\n"
    )
    rows = {
        "001 Meditate": [(days_ago(n), 2, "") for n in range(1, 8) if n != 4]
        + [(days_ago(4), 3, 'rest, "really"'), (days_ago(8), 1, "")],
        "002 Push-ups": [(days_ago(2), 22000, "good"), (days_ago(1), 10000, "")],
        "003 Sugar": [(days_ago(1), 1000, "")],
        "004 Old stretch": [(days_ago(50), 2, "")],
    }
    for folder, items in rows.items():
        (root / folder).mkdir()
        text = "Date,Value,Notes\n" + "".join(
            f'{day},{value},"{note.replace(chr(34), chr(34) * 2)}"\n' for day, value, note in items
        )
        (root / folder / "Checkmarks.csv").write_text(text)
    return root


@pytest.mark.parametrize("zipped", [False, True])
def test_loop_csv_export_folder_or_zip(tracker, tmp_path, zipped):
    path = loop_csv_folder(tmp_path / "Loop Habits CSV 2026-11-21")
    if zipped:
        archive = tmp_path / "export.zip"
        with zipfile.ZipFile(archive, "w") as zf:
            for file in path.rglob("*.csv"):
                zf.write(file, file.relative_to(path).as_posix())
        path = archive
    report = import_from(tracker, "loop-csv", path)
    assert [n for n, _ in report.left_out] == ["Sugar"]
    meditate = by_name(tracker, "Meditate")
    entries = tracker.entries(meditate)
    assert sorted(entries) == [days_ago(n) for n in range(7, 0, -1)]
    assert entries[days_ago(4)].skipped and entries[days_ago(4)].note == 'rest, "really"'
    assert tracker.current_streak(meditate).current == 6
    pushups = by_name(tracker, "Push-ups")
    assert (pushups.kind, pushups.target, pushups.unit) == ("count", 20, "reps")
    assert {d: e.amount for d, e in tracker.entries(pushups).items()} == {
        days_ago(2): 22,
        days_ago(1): 10,
    }
    old = by_name(tracker, "Old stretch")
    assert old.archived and old.schedule.text() == "weekly:2"
    again = import_from(tracker, "loop-csv", path)
    assert [c.action for c in again.changes] == ["unchanged"] * 3


def test_a_broken_zip_is_refused(tracker, tmp_path, shell):
    path = tmp_path / "export.zip"
    path.write_bytes(b"PK\x03\x04 truncated")
    code, _, err = shell("import", "--from", "loop-csv", str(path))
    assert code == 1 and "not Loop's CSV export" in err


# --- harsh -------------------------------------------------------------------------


def harsh_folder(root: Path) -> Path:
    root.mkdir()
    (root / "habits").write_text(
        "# Habits file\n"
        "! Dailies\n"
        f"Meditated: 1: {days_ago(20)}\n"
        "Push-ups: 1\n"
        "! Weeklies\n"
        "Gym: 3/7\n"
        "Called Mom: 1w\n"
        "! Tracking\n"
        "Coffee cups: 0\n"
    )
    (root / "log").write_text(
        f"{days_ago(3)} : Meditated : y\n"
        f"{days_ago(2)} : Meditated : n\n"
        f"{days_ago(2)} : Meditated : y : late, but done\n"  # the last line wins
        f"{days_ago(1)} : Meditated : s : travelling\n"
        f"{days_ago(5)} : Meditated : n : [b]bad[/] day\n"
        f"{days_ago(2)} : Push-ups : y : felt strong : 30\n"
        f"{days_ago(1)} : Push-ups : y : : 25\n"
        f"{days_ago(3)} : Push-ups : y\n"
        f"{days_ago(4)} : Gym : y\n"
        f"{days_ago(2)} : Coffee cups : y : : 3\n"
        f"{days_ago(2)} : Yoga : y\n"
    )
    return root


def test_harsh_habits_and_log(tracker, tmp_path):
    path = harsh_folder(tmp_path / "harsh")
    report = import_from(tracker, "harsh", path / "log")
    assert report.left_out == [
        ("Coffee cups", "no repeating frequency (tracked only)"),
        ("Yoga", "in the log but not in the habits file"),
    ]
    meditated = by_name(tracker, "Meditated")
    assert meditated.created == days_ago(20)
    got = {d: (e.amount, e.skipped, e.note) for d, e in tracker.entries(meditated).items()}
    assert got == {
        days_ago(5): (0, False, "[b]bad[/] day"),
        days_ago(3): (1, False, None),
        days_ago(2): (1, False, "late, but done"),
        days_ago(1): (0, True, "travelling"),
    }
    assert tracker.current_streak(meditated).current == 2
    pushups = by_name(tracker, "Push-ups")
    assert (pushups.kind, pushups.target) == ("count", 25)
    amounts = {d: e.amount for d, e in tracker.entries(pushups).items()}
    assert amounts == {days_ago(3): 25, days_ago(2): 30, days_ago(1): 25}
    assert by_name(tracker, "Gym").schedule.text() == "weekly:3"
    assert by_name(tracker, "Called Mom").schedule.text() == "weekly:1"
    assert import_from(tracker, "harsh", path).created == 0
    assert all(c.action == "unchanged" for c in import_from(tracker, "harsh", path).changes)


def test_a_bad_harsh_line_is_named(tracker, tmp_path, shell):
    path = harsh_folder(tmp_path / "harsh")
    (path / "log").write_text(f"{days_ago(1)} : Meditated : maybe\n")
    code, _, err = shell("import", "--from", "harsh", str(path))
    assert code == 1 and "log line 1: the result must be y, n or s" in err


# --- dijo --------------------------------------------------------------------------


def test_dijo_habit_record(tracker, tmp_path, shell):
    record = [
        {"type": "Bit", "name": "Read", "goal": True,
         "stats": {str(days_ago(n)): True for n in range(1, 6)} | {str(days_ago(6)): False}},
        {"type": "Count", "name": "Water", "goal": 8,
         "stats": {str(days_ago(2)): 9, str(days_ago(1)): 5}},
        {"type": "Float", "name": "Run", "goal": {"value": 50, "precision": 1},
         "stats": {str(days_ago(1)): {"value": 525, "precision": 2}}},
        {"type": "Count", "name": "Nothing", "goal": 0, "stats": {}},
    ]  # fmt: skip
    path = tmp_path / "habit_record.json"
    path.write_text(json.dumps(record))
    code, out, _ = shell("import", "--from", "dijo", str(path), "--dry-run")
    assert "would create Read (check, daily): 5 days" in out
    assert "left out Nothing: target must be more than 0" in out
    # A Float measures: it keeps its fractions (a count would take whole numbers only).
    assert "would create Run (minutes, daily): 1 day" in out
    report = import_from(tracker, "dijo", path)
    assert report.created == 3
    assert tracker.current_streak(by_name(tracker, "Read")).current == 5
    water = by_name(tracker, "Water")
    assert {d: e.amount for d, e in tracker.entries(water).items()} == {days_ago(2): 9, days_ago(1): 5}  # fmt: skip
    run = by_name(tracker, "Run")
    assert (run.kind, run.unit, run.target) == ("minutes", "", 5.0)
    assert {d: e.amount for d, e in tracker.entries(run).items()} == {days_ago(1): 5.25}
    path.write_text('{"type": "Bit"}')
    code, _, err = shell("import", "--from", "dijo", str(path))
    assert code == 1 and "expected a list of habits" in err


# --- Second Heart's own CSV --------------------------------------------------------


def test_our_csv_export_reads_back(tracker, tmp_path, clock):
    tracker.set_amount("walk", days_ago(1), 30)
    tracker.set_amount("ankle-pumps", days_ago(2), 12)
    tracker.skip("bridge", days_ago(1))
    tracker.set_note("walk", days_ago(1), '=HYPERLINK("x") [b]')
    tracker.add_exercise("Stairs", kind="check")
    tracker.mark_done("stairs", days_ago(3))
    path = tmp_path / "export.csv"
    path.write_text(export_text(tracker, "csv"))
    other = Tracker.open(tmp_path / "other.db", clock=clock)
    try:
        import_from(other, "csv", path)
        for slug in ("walk", "ankle-pumps", "bridge", "stairs"):
            mine, theirs = tracker.exercise(slug), other.exercise(slug)
            assert tracker.entries(mine) == other.entries(theirs)
        assert other.exercise("stairs").kind == "check"
        once = export_text(other)
        # every exercise is in the file (its reminder row): the routine's 7 and the stairs
        assert [c.action for c in import_from(other, "csv", path).changes] == ["unchanged"] * 8
        assert export_text(other) == once
    finally:
        other.close()


def test_a_file_that_is_not_our_csv_is_refused(tracker, tmp_path, shell):
    path = tmp_path / "x.csv"
    path.write_text("Date,Value\n2026-11-20,2\n")
    code, _, err = shell("import", "--from", "csv", str(path))
    assert code == 1 and "not a Second Heart CSV export" in err


# --- the wrong command: a hint; a dry run on no database ---------------------------


def our_csv(path: Path) -> Path:
    path.write_text(f"exercise,day,amount,target,skipped,note\nwalk,{days_ago(1)},30,30,no,\n")
    return path


def dijo_record(path: Path) -> Path:
    path.write_text(json.dumps([{"type": "Bit", "name": "Read", "goal": True, "stats": {str(days_ago(1)): True}}]))  # fmt: skip
    return path


def loop_zip(root: Path) -> Path:
    folder = loop_csv_folder(root / "Loop Habits CSV")
    archive = root / "Loop Habits CSV.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in folder.rglob("*.csv"):
            zf.write(file, f"Loop Habits CSV/{file.relative_to(folder).as_posix()}")
    return archive


OTHER_FILES = {
    "our CSV export": ("csv", lambda root: our_csv(root / "export.csv"), "a CSV export"),
    "Loop backup": (
        "loop",
        lambda root: loop_fixture(root / "Loop.db"),
        "a Loop Habit Tracker backup",
    ),  # fmt: skip
    "Loop CSV folder": (
        "loop-csv",
        lambda root: loop_csv_folder(root / "Loop CSV"),
        "Loop's CSV export",
    ),  # fmt: skip
    "Loop CSV zip": ("loop-csv", loop_zip, "Loop's CSV export"),
    "Loop Habits.csv": (
        "loop-csv",
        lambda root: loop_csv_folder(root / "Loop CSV") / "Habits.csv",
        "Loop's CSV export",
    ),  # fmt: skip
    "harsh folder": ("harsh", lambda root: harsh_folder(root / "harsh"), "harsh's habits and log"),
    "harsh log": (
        "harsh",
        lambda root: harsh_folder(root / "harsh") / "log",
        "harsh's habits and log",
    ),  # fmt: skip
    "dijo record": (
        "dijo",
        lambda root: dijo_record(root / "habit_record.json"),
        "dijo's habit record",
    ),  # fmt: skip
}


@pytest.mark.parametrize(("source", "make", "what"), OTHER_FILES.values(), ids=OTHER_FILES)
def test_another_format_given_as_a_json_export_gets_a_hint(tmp_path, shell, db_file, source, make, what):  # fmt: skip
    path = make(tmp_path)
    code, out, err = shell("import", str(path))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("secondheart: ")
    assert err.endswith(f"; it looks like {what}: use --from {source}\n")
    assert not db_file.exists()  # said before any database is opened
    code, _, err = shell("import", str(path), "--dry-run")
    assert code == 1 and err.endswith(f"; it looks like {what}: use --from {source}\n")
    code, out, _ = shell("import", "--from", source, str(path))  # and the hint is right
    assert code == 0 and "imported: " in out


def test_our_csv_export_keeps_the_json_error_and_adds_the_hint(tmp_path, shell):
    code, _, err = shell("import", str(our_csv(tmp_path / "export.csv")))
    assert (code, err) == (
        1,
        "secondheart: not valid JSON (line 1, column 1): Expecting value; "
        "it looks like a CSV export: use --from csv\n",
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda root: (root / "notes.txt", (root / "notes.txt").write_text("hello\n"))[0],
        lambda root: (root / "x.csv", (root / "x.csv").write_text("Date,Value\n2026-11-20,2\n"))[0],
        lambda root: (root / "x.json", (root / "x.json").write_text('{"format": "other"}'))[0],
        lambda root: (root / "[].json", (root / "[].json").write_text("[1, 2]"))[0],
        lambda root: _sqlite(root / "notes.db", "CREATE TABLE Habits (x)"),
    ],
    ids=["text", "other CSV", "other JSON", "JSON list", "other SQLite"],
)
def test_a_file_of_no_known_format_gets_no_hint(tmp_path, shell, make):
    code, _, err = shell("import", str(make(tmp_path)))
    assert code == 1 and "looks like" not in err and err.count("\n") == 1


def test_our_own_database_given_to_import_gets_no_loop_hint(tmp_path, shell, clock):
    Tracker.open(tmp_path / "other.db", clock=clock).close()
    code, _, err = shell("import", str(tmp_path / "other.db"))
    assert code == 1 and "looks like" not in err


@pytest.mark.parametrize("empty_file", [False, True], ids=["no file", "empty file"])
def test_a_dry_run_on_no_database_creates_no_file(tmp_path, shell, db_file, monkeypatch, empty_file):  # fmt: skip
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where the throw-away copy goes
    path = loop_fixture(tmp_path / "loop.db")
    if empty_file:
        db_file.touch()
    before = sorted(tmp_path.rglob("*"))
    code, out, err = shell("import", "--from", "loop", str(path), "--dry-run")
    assert code == 0
    assert err == (
        f"secondheart: there is no database at {db_file} yet; the dry run compared with a new "
        "one (the default routine) and created none\n"
    )
    assert "would create Meditate (check, daily): 29 days, 1 skip, 2 notes" in out
    assert sorted(tmp_path.rglob("*")) == before  # no database, log, backup or copy left behind
    assert db_file.exists() == empty_file and (not empty_file or db_file.stat().st_size == 0)
    # the import then does what the dry run said
    code, done, _ = shell("import", "--from", "loop", str(path))
    assert code == 0
    said = out.replace("would create", "created").replace("would change", "changed")
    assert said.splitlines()[:-1] == done.splitlines()[:-1]
    counts = (
        out.splitlines()[-1]
        .removeprefix("dry run: ")
        .removesuffix(" would be imported; nothing was written")
    )
    assert done.splitlines()[-1].startswith(f"imported: {counts} (backup: ")


def test_a_dry_run_on_a_database_plans_against_it(tracker, tmp_path, shell):
    path = our_csv(tmp_path / "export.csv")
    code, out, err = shell("import", "--from", "csv", str(path), "--dry-run")
    assert (code, err) == (0, "")
    assert "would change Brisk walk (minutes, daily): 1 day" in out
