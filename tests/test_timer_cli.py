"""`secondheart timer …` and the status line, at a fixed, movable time."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tui import cli
from tui.cli import main

from .conftest import NOW, ZONE


@pytest.fixture
def run(db_file: Path, clock, capsys, monkeypatch, tracker):
    """Run the command line on the test file (made by ``tracker``), with the test clock."""
    monkeypatch.setattr(cli, "_clock_factory", lambda: clock)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", str(db_file), *args])
        out, err = capsys.readouterr()
        return code, out.rstrip("\n"), err.rstrip("\n")

    return run


def elevation_amount(run) -> float:
    data = json.loads(run("export")[1])
    entries = [
        e for e in data["entries"] if e["exercise"] == "leg-elevation" and e["day"] == "2026-11-21"
    ]
    return entries[0]["amount"] if entries else 0


def at(clock, hour: int, minute: int = 0) -> None:
    clock.set(dt.datetime.combine(NOW.date(), dt.time(hour, minute), tzinfo=ZONE))


def test_the_issue_walkthrough(run, clock):
    assert run("timer", "start") == (
        0,
        "Leg elevation: 15 min started at 10:00, ends 10:15",
        "",
    )
    at(clock, 10, 5)
    assert run("timer", "status")[1] == "Leg elevation: 10:00 left (running, ends 10:15)"
    assert run("status")[1] == "♥ 0/7 · ⏱ 10:00"
    at(clock, 10, 16)
    code, out, _ = run("timer", "status")
    assert code == 0
    assert out == "no timer running; last: Leg elevation done at 10:15 (1/3 today)"
    assert elevation_amount(run) == 1
    assert run("timer", "status")[1] == out  # asking again changes nothing
    assert elevation_amount(run) == 1
    data = json.loads(run("export")[1])
    assert [s["status"] for s in data["sessions"]] == ["completed"]


def test_pause_and_resume(run, clock):
    at(clock, 11)
    run("timer", "start")
    at(clock, 11, 5)
    assert run("timer", "pause") == (0, "Leg elevation: paused, 10:00 left", "")
    at(clock, 11, 20)
    assert run("timer", "status")[1] == "Leg elevation: 10:00 left (paused)"
    assert run("status")[1] == "♥ 0/7 · ⏸ 10:00"
    at(clock, 11, 30)
    assert run("timer", "resume")[1] == "Leg elevation: resumed, 10:00 left, ends 11:40"
    at(clock, 11, 31)
    assert run("timer", "status")[1] == "Leg elevation: 9:00 left (running, ends 11:40)"
    assert run("timer")[1] == run("timer", "status")[1]  # status is the default


def test_cancel(run, clock):
    run("timer", "start")
    clock.advance(minutes=4)
    assert run("timer", "cancel") == (0, "Leg elevation: cancelled; it does not count", "")
    assert run("timer", "status")[1] == "no timer running; last: Leg elevation cancelled at 10:04"
    clock.advance(minutes=30)
    run("timer", "status")
    assert elevation_amount(run) == 0


def test_a_timed_walk(run, clock):
    assert run("timer", "start", "walk", "--minutes", "20")[1] == (
        "Brisk walk: 20 min started at 10:00, ends 10:20"
    )
    clock.advance(minutes=12, seconds=30)
    assert run("timer", "cancel")[1] == "Brisk walk: cancelled; 12 min counted"
    assert "Brisk walk: 12/30 min" in run("check", "walk", "0")[1]
    assert run("timer", "start", "knee", "--minutes", "0.5")[1] == (
        "Knee-pit roll: 0:30 started at 10:12, ends 10:13"
    )


def test_nothing_running(run):
    assert run("timer", "status") == (0, "no timer running", "")
    for action in ("pause", "resume", "cancel"):
        assert run("timer", action) == (1, "", "secondheart: no timer is running")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("timer", "start", "bridge"), "Bridge is counted, not timed"),
        (("timer", "start", "yoga"), "unknown exercise 'yoga'"),
        (("timer", "start", "--minutes", "0"), "more than 0 minutes"),
        (("timer", "start", "--minutes", "inf"), "finite"),
        (("timer", "start", "--minutes", "2000"), "at most 24 hours"),
    ],
)
def test_user_errors_are_one_line(run, args, message):
    code, out, err = run(*args)
    assert code == 1 and out == ""
    assert err.startswith("secondheart: ") and message in err and "\n" not in err


def test_wrong_state_errors(run):
    run("timer", "start")
    code, _, err = run("timer", "start", "walk")
    assert code == 1
    assert err == (
        "secondheart: a Leg elevation timer is already running (15:00 left); "
        "pause or cancel it first"
    )
    assert run("timer", "resume")[0] == 1
    run("timer", "pause")
    assert "already paused" in run("timer", "pause")[2]


def test_usage_errors_exit_2(run):
    with pytest.raises(SystemExit) as exc:
        run("timer", "start", "--minutes", "soon")
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        run("timer", "stop")
    assert exc.value.code == 2


def test_any_command_records_a_session_that_ran_out(run, clock):
    run("timer", "start")
    clock.advance(minutes=20)
    assert "Ankle pumps" in run("check", "ankle")[1]  # opening the file settles it
    data = json.loads(run("export")[1])
    assert [s["status"] for s in data["sessions"]] == ["completed"]
    assert elevation_amount(run) == 1
    assert run("status")[1] == "♥ 1/7"


def test_the_system_clock_is_the_default(db_file, capsys):
    assert main(["--db", str(db_file), "timer", "start", "--minutes", "1"]) == 0
    assert main(["--db", str(db_file), "timer", "status"]) == 0
    out = capsys.readouterr().out
    assert "Leg elevation: 1:00 left" in out or "Leg elevation: 0:59 left" in out
