"""Helpers shared by the tests: the command line in another process, at the test's time."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

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
