"""Start the TUI: open the database first, so a bad file is one clear line."""

from __future__ import annotations

import sys
from pathlib import Path


def run_app(path: str | Path | None, demo: bool = False) -> int:
    from .store.errors import SecondHeartError
    from .store.service import Tracker

    workdir = None
    try:
        if demo:
            import tempfile

            from .store.demo import fill_demo, fill_demo_journal

            workdir = tempfile.mkdtemp(prefix="secondheart-demo-")
            path = Path(workdir) / "demo.db"
            tracker = Tracker.open(path)
            fill_demo(tracker, days=365)
            fill_demo_journal(tracker, days=365)
        else:
            # The day's damage check and backup run in the app, after its first frame.
            tracker = Tracker.open(path)
    except SecondHeartError as exc:
        print(f"secondheart: {exc}", file=sys.stderr)
        return 1
    from .app import SecondHeartApp

    try:
        app = SecondHeartApp(tracker)
        app.run()
    finally:
        tracker.close()
        if workdir:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if app.return_code else 0  # an unexpected error was logged: not a success
