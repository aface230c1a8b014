"""The command line: every subcommand, its errors and exit codes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tui import cli
from tui.cli import main

from .conftest import NOW
from .helpers import cli_at, heavy_imports_line


@pytest.fixture
def run(db_file: Path, clock, capsys, monkeypatch):
    """Run the command line in this process on the test file, at the test clock's time."""
    monkeypatch.setattr(cli, "_clock_factory", lambda: clock)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", str(db_file), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def sh(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_check_marks_done_and_adds_amounts(run):
    code, out, _ = run("check", "ankle")
    assert code == 0 and "Ankle pumps: 20/20 reps ✓" in out
    code, out, _ = run("check", "walk", "10", "--date", "yesterday", "--note", "dog walk")
    assert code == 0 and "Brisk walk: 10/30 min" in out
    code, out, _ = run("check", "walk", "5", "--date", "-1")
    assert "15/30 min" in out
    data = json.loads(run("export")[1])
    walk = [e for e in data["entries"] if e["exercise"] == "walk"][0]
    assert walk["amount"] == 15 and walk["note"] == "dog walk"


def test_skip_and_undo_skip(run):
    assert "skipped (rest day)" in run("skip", "bridge")[1]
    assert "skipped" not in run("skip", "bridge", "--undo")[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "yoga"), "unknown exercise 'yoga'"),
        (("check", "walk", "-5"), "cannot be negative"),
        (("check", "walk", "nan"), "finite"),
        (("check", "walk", "inf"), "finite"),
        (("check", "walk", "1e12"), "too large"),
        (("check", "walk", "--date", "someday"), "cannot read the date"),
        (("check", "walk", "--date", "2099-01-01"), "future"),
        (("check", "walk", "--note", "x" * 20_000), "at most 2,000"),
        (("import", "/nonexistent/file.json"), "no such file"),
        (("config", "day-start-hour", "25"), "0 to 23"),
        (("config", "colour"), "unknown setting"),
        (("exercises", "edit", "walk"), "nothing to change"),
        (("exercises", "add", "Yoga", "--kind", "count", "--target", "-2"), "target"),
    ],
)
def test_user_mistakes_get_one_line_and_exit_1(tracker, run, args, message):
    code, out, err = run(*args)
    assert code == 1
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    "template",
    ["{nope}", "{done.__class__}", "{done[0]}", "{done:>999999999}", "{done!r}", "{", "x" * 500],
)
def test_status_format_takes_only_the_documented_fields(run, db_file, template):
    code, out, err = run("status", "--format", template)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "{done}, {total}, {percent}" in err or "at most 200 characters" in err
    assert not db_file.exists()  # refused before the database is opened


def test_usage_errors_exit_2(db_file):
    result = sh("--db", str(db_file), "check")
    assert result.returncode == 2 and "usage:" in result.stderr
    result = sh("--db", str(db_file), "frobnicate")
    assert result.returncode == 2


def test_ambiguous_exercise(run):
    run("exercises", "add", "Ankle circles", "--kind", "count", "--target", "10")
    code, _, err = run("check", "ankle")
    assert code == 1 and "could mean ankle-pumps, ankle-circles" in err


def test_status_line(run):
    assert run("status")[1].strip() == "♥ 0/7"  # a new file: no reminder missed before it
    run("check", "walk")
    run("skip", "bridge")
    code, out, _ = run("status", "--format", "{done}/{total} {percent}% next: {next}")
    assert code == 0 and out.strip() == "2/7 29% next: Ankle pumps"


def test_exercises_list_add_edit_archive_move(run):
    out = run("exercises")[1]
    assert out.splitlines()[0].startswith("walk") and "30 min" in out
    assert (
        run(
            "exercises",
            "add",
            "Calf stretch",
            "--kind",
            "minutes",
            "--target",
            "5",
            "--schedule",
            "mon,thu",
        )[0]
        == 0
    )
    assert "Mon, Thu" in run("exercises", "list")[1]
    assert run("exercises", "edit", "calf", "--target", "8")[0] == 0
    assert "8 min" in run("exercises")[1]
    assert run("exercises", "move", "calf", "up")[0] == 0
    assert run("exercises")[1].splitlines()[-2].startswith("calf-stretch")
    assert run("exercises", "archive", "calf")[0] == 0
    assert "calf-stretch" not in run("exercises")[1]
    assert "[archived]" in run("exercises", "list", "--all")[1]
    assert run("exercises", "unarchive", "calf")[0] == 0


def test_export_import_round_trip_through_files(run, tmp_path, capsys):
    run("check", "ankle", "20")
    run("check", "walk", "--date", "-3")
    out_file = tmp_path / "e.json"
    assert run("export", "--format", "json", "-o", str(out_file))[0] == 0
    other = tmp_path / "new.db"
    assert main(["--db", str(other), "import", str(out_file)]) == 0
    capsys.readouterr()
    assert main(["--db", str(other), "export"]) == 0
    exported = capsys.readouterr().out
    assert exported == out_file.read_text()
    assert main(["--db", str(other), "import", str(out_file)]) == 0
    capsys.readouterr()
    csv_out = run("export", "--format", "csv")[1]
    assert csv_out.splitlines()[0] == "exercise,day,amount,target,skipped,note"


def test_import_of_a_broken_file_changes_nothing(run, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "secondheart", "version": 1, "entries": [{"exercise": "walk"}]}')
    code, _, err = run("import", str(bad))
    assert code == 1 and "entries[0]" in err
    assert json.loads(run("export")[1])["entries"] == []


def test_config_and_locate(run, tmp_path):
    out = run("config")[1]
    assert "day-start-hour = 0" in out and "theme = second-heart-dark" in out
    assert run("config", "day-start-hour", "4")[1].strip() == "day-start-hour = 4"
    assert run("config", "day-start-hour")[1].strip() == "4"
    out = run("locate")[1]
    assert "database: " in out and "\nthemes: " in out and "backups: " in out


def test_bad_database_files_get_one_line(tmp_path):
    text_file = tmp_path / "notes.txt"
    text_file.write_text("hello\n" * 100)
    result = sh("--db", str(text_file), "status")
    assert result.returncode == 1
    assert "not a Second Heart database" in result.stderr and "Traceback" not in result.stderr
    foreign = tmp_path / "other.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    result = sh("--db", str(foreign), "check", "walk")
    assert result.returncode == 1 and "another program" in result.stderr
    result = sh("--db", str(tmp_path), "status")
    assert result.returncode == 1 and "is a folder" in result.stderr


def test_database_from_environment(tmp_path):
    import os

    env = {**os.environ, "SECONDHEART_DB": str(tmp_path / "env.db")}
    result = cli_at(NOW, "check", "walk", env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env.db").exists()


def test_status_and_check_do_not_import_textual(db_file):
    code = (
        "import sys, datetime as dt; from tui import cli; from tui.core.clock import FakeClock; "
        f"cli._clock_factory = lambda: FakeClock(dt.datetime.fromisoformat({NOW.isoformat()!r})); "
        f"cli.main(['--db', {str(db_file)!r}, 'check', 'walk']); "
        f"cli.main(['--db', {str(db_file)!r}, 'status']); "
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("CLEAN")


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG shortcut is for Linux")
@pytest.mark.parametrize("xdg", ["", "   ", "/srv/xdg"])
def test_data_and_config_folders_match_platformdirs(monkeypatch, tmp_path, xdg):
    """On Linux the folders are found without importing platformdirs; same answer."""
    import platformdirs

    from tui import paths

    monkeypatch.delenv("SECONDHEART_DATA_DIR", raising=False)
    monkeypatch.delenv("SECONDHEART_CONFIG_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(variable, xdg)
    assert paths.data_dir() == Path(platformdirs.user_data_dir("secondheart", appauthor=False))
    assert paths.config_dir() == Path(platformdirs.user_config_dir("secondheart", appauthor=False))
    if not xdg.strip():
        assert paths.data_dir() == tmp_path / ".local" / "share" / "secondheart"


def test_status_imports_nothing_it_does_not_need(tmp_path):
    """A status bar runs this every few seconds: no ORM, no pathlib, no UI, and
    no dataclasses (importing them, with inspect and ast, takes about 16 ms)."""
    script = (
        "import sys, datetime as dt; from tui import cli; from tui.core.clock import FakeClock; "
        f"cli._clock_factory = lambda: FakeClock(dt.datetime.fromisoformat({NOW.isoformat()!r})); "
        f"cli.main(['status']); {heavy_imports_line()}"
    )
    env = {
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }

    def run() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
        )
        return done.stdout.splitlines()

    first = run()  # creates the file and seeds the routine, which uses the models
    assert (tmp_path / "data" / "secondheart" / "secondheart.db").exists()
    assert first[0].startswith("♥ 0/7")
    assert "'peewee'" in first[-1]
    later = run()
    assert later[0].startswith("♥ 0/7")
    assert later[-1] == "[]"
