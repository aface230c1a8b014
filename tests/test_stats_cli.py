"""``secondheart stats``: the text and the documented ``--json`` object, against a known history."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys

import pytest

from .conftest import NOW
from .helpers import heavy_imports_line

TODAY = NOW.date()  # Saturday 21 November 2026


def ago(k: int) -> dt.date:
    return TODAY - dt.timedelta(days=k)


def enter_history(tracker) -> None:
    """Walk met -20..-11 and -9..-4, skipped -3, met -2..0 (streak 9, best 10)."""
    walk = tracker.exercise("walk")
    for k in [*range(11, 21), *range(4, 10), 0, 1, 2]:
        tracker.mark_done(walk, ago(k))
    tracker.skip(walk, ago(3), on=True)


def test_stats_json_for_one_exercise(tracker, shell):
    enter_history(tracker)
    code, out, err = shell("stats", "walk", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["date"] == "2026-11-21"
    assert data["slug"] == "walk" and data["name"] == "Brisk walk"
    assert data["streak"] == {"current": 9, "best": 10, "unit": "days"}
    assert 0 < data["strength"] < 1
    assert set(data["completion"]) == {"7", "30", "365"}
    assert data["completion"]["7"] == 1.0  # six met and a skip
    assert data["best_streaks"] == [
        {"start": "2026-11-01", "end": "2026-11-10", "days": 10, "current": False},
        {"start": "2026-11-12", "end": "2026-11-21", "days": 9, "current": True},
    ]


def test_stats_json_for_all_is_perfect_days_and_lists_every_exercise(tracker, shell):
    enter_history(tracker)
    code, out, _ = shell("stats", "--json", "--days", "14")
    assert code == 0
    data = json.loads(out)
    assert data["slug"] is None
    assert set(data["completion"]) == {"7", "30", "365", "14"}
    # the other exercises start today (days before are not started): the past days are the
    # walk's; today the others are still to do, which keeps the streak without adding to it
    assert data["streak"] == {"current": 8, "best": 10, "unit": "days"}
    assert data["best_streaks"][0] == {
        "start": "2026-11-01",
        "end": "2026-11-10",
        "days": 10,
        "current": False,
    }
    assert data["best_streaks"][1]["end"] == "2026-11-20" and data["best_streaks"][1]["current"]
    slugs = [item["slug"] for item in data["exercises"]]
    assert "walk" in slugs and "ankle-pumps" in slugs
    walk = data["exercises"][slugs.index("walk")]
    assert walk["streak"]["best"] == 10 and walk["completion"]["14"] > 0.9


def test_stats_text_names_streaks_with_dates(tracker, shell):
    enter_history(tracker)
    code, out, _ = shell("stats", "walk")
    assert code == 0
    assert "streak 9d  best 10d" in out
    assert "2026-11-01 – 2026-11-10" in out
    assert "2026-11-12 – 2026-11-21  (current)" in out


def test_stats_errors_are_one_line(tracker, shell, capsys):
    code, _, err = shell("stats", "yoga")
    assert code == 1 and err.count("\n") == 1 and "yoga" in err
    with pytest.raises(SystemExit) as exit_:
        shell("stats", "--days", "zero")
    assert exit_.value.code == 2 and "whole number" in capsys.readouterr().err


def test_a_day_that_is_not_a_date_is_reported_in_one_line(tracker, shell, db_file):
    enter_history(tracker)
    conn = sqlite3.connect(db_file)
    conn.execute("UPDATE entry SET day = 'someday' WHERE id = (SELECT max(id) FROM entry)")
    conn.commit()
    conn.close()
    code, out, err = shell("stats", "--json")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "looks damaged" in err and "secondheart doctor" in err


def test_stats_shows_names_as_typed_and_never_sends_control_characters(tracker, shell):
    added = tracker.add_exercise("[b]x[/] \x1b[31mred", kind="check")
    tracker.mark_done(added, TODAY)
    code, out, _ = shell("stats")
    assert code == 0 and "\x1b" not in out
    assert "[b]x[/]" in out
    code, out, _ = shell("stats", "--json")
    assert "\x1b" not in out
    json.loads(out)


def test_stats_imports_nothing_it_does_not_need(tracker, db_file):
    """``stats --json`` feeds scripts and status bars: no ORM, no UI, nothing unused.

    Its records (streaks, insights, the Streaks table's, the model's) are named
    tuples, not dataclasses: importing dataclasses (with inspect and ast) costs
    about 16 ms, and each dataclass over a millisecond to build, at every start.
    """
    enter_history(tracker)
    script = (
        "import sys; from tui.cli import main;"
        f" main(['--db', sys.argv[1], 'stats', '--json']); {heavy_imports_line()}"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(db_file)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    report, imported = done.stdout.splitlines()
    assert json.loads(report)["exercises"]
    assert imported == "[]"
