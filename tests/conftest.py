"""Shared fixtures: a real SQLite file in a temp folder and a clock that stands still."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tui.core.clock import FakeClock
from tui.store.service import Tracker

ZONE = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2026, 11, 21, 10, 0, tzinfo=ZONE)  # a Saturday


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user folders; never inherit a database from the shell."""
    monkeypatch.setenv("SECONDHEART_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SECONDHEART_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("SECONDHEART_DB", raising=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "second.db"


@pytest.fixture
def tracker(db_file: Path, clock: FakeClock):
    tracker = Tracker.open(db_file, clock=clock)
    yield tracker
    tracker.close()


@pytest.fixture
def app_factory(tracker):
    """Build the app on the test tracker, with the first-run dialog already seen, and no
    default reminders."""
    from tui.app import SecondHeartApp

    tracker.set_setting("welcome-seen", "yes")
    # The default reminders (leg elevation, due from 08:00) would toast in every app test;
    # the reminder tests turn them on where they are about.
    tracker.edit_exercise("leg-elevation", remind="none")

    def make(**kwargs):
        return SecondHeartApp(tracker, **kwargs)

    return make


@pytest.fixture
def berlin_process_zone():
    """The process's own time zone (what the system clock's rules follow) set to Berlin."""
    import os
    import time

    old = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.fixture
def shell(db_file, clock, monkeypatch, capsys):
    """``secondheart …`` on the test file at the test's time, in-process (its own tracker)."""
    from tui import cli

    monkeypatch.setattr(cli, "_clock_factory", lambda: clock)

    def run(*args: str) -> tuple[int, str, str]:
        code = cli.main(["--db", str(db_file), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def pytest_collection_modifyitems(config, items):
    """Slow tests (key fuzzing) run in CI, or locally with SECONDHEART_SLOW=1."""
    import os

    if os.environ.get("CI") or os.environ.get("SECONDHEART_SLOW"):
        return
    skip = pytest.mark.skip(reason="slow: runs in CI, or set SECONDHEART_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def tracker_from_yesterday(db_file, clock):
    """A tracker on a file made the day before (its default routine too), so the
    reminders it sets count from the start of today."""
    from .helpers import the_day_before

    with the_day_before(clock):
        tracker = Tracker.open(db_file, clock=clock)
    yield tracker
    tracker.close()
