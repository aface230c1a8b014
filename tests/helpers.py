"""Helpers shared by the tests: waiting on a condition, what the toasts say, the
command line in another process at the test's time, and a clock set back a day."""

from __future__ import annotations

import datetime as dt
import inspect
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


async def wait_for(pilot, predicate: Callable[[], object], timeout: float = 5.0) -> None:
    """Let the app run until ``predicate()`` holds; fail clearly after ``timeout`` seconds.

    Waits on a condition, never a fixed time: as short as the app allows on a
    quiet machine, as long as it needs (up to the timeout) under load.
    """
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            try:
                what = inspect.getsource(predicate).strip()
            except (OSError, TypeError):
                what = repr(predicate)
            raise AssertionError(f"gave up after {timeout} s waiting for: {what}")
        await pilot.pause()


def log_frames(app, log: list[str]) -> None:
    """Append "frame" to ``log`` each time the app sends a frame to the terminal."""
    original = app._display

    def display(screen, renderable) -> None:
        original(screen, renderable)
        if renderable is not None:
            log.append("frame")

    app._display = display


def toasts(app) -> list[str]:
    """The toasts on screen as the user reads them: the title (if any), a newline, the message."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


# Runs ``secondheart ARGS…`` in a fresh process whose clock stands at the moment
# given first: another process, another connection, but the same day as the
# app under test, whatever the real date, time or time zone.
CLI_AT = """
import datetime as dt, sys
from tui import cli
from tui.core.clock import FakeClock
moment = dt.datetime.fromisoformat(sys.argv[1])
cli._clock_factory = lambda: FakeClock(moment)
sys.exit(cli.main(sys.argv[2:]))
"""


def cli_at(moment: dt.datetime, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``secondheart *args`` in a subprocess, with its clock fixed at ``moment``."""
    return subprocess.run(
        [sys.executable, "-c", CLI_AT, moment.isoformat(), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@contextmanager
def the_day_before(clock) -> Iterator[None]:
    """Whatever is written inside happens a day earlier (then the clock is back): reminders
    set there count from the start of today (reminders set today count from then on)."""
    now = clock.now()
    clock.set(now - dt.timedelta(days=1))
    try:
        yield
    finally:
        clock.set(now)


# What a command run every few seconds (status, stats --json) must not import: no
# ORM, no UI, nothing it does not use, and no dataclasses (with inspect and ast,
# about 16 ms at every start).
HEAVY_IMPORTS = (
    "platformdirs",
    "textual",
    "shutil",
    "pathlib",
    "peewee",
    "typing",
    "dataclasses",
    "inspect",
)


def heavy_imports_line() -> str:
    """Python that prints, as its last line, which of HEAVY_IMPORTS were imported."""
    return f"print(sorted(m for m in {HEAVY_IMPORTS!r} if m in sys.modules))"
