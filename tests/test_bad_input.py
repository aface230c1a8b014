"""Bad input in the app: tiny terminals, resizing under a dialog, unexpected errors."""

from __future__ import annotations

import subprocess
import sys

from tui.screens.prompt import PromptScreen
from tui.screens.today import TodayScreen
from tui.screens.too_small import TooSmallScreen

from .conftest import NOW


async def test_tiny_terminal_shows_a_message_and_recovers(app_factory):
    app = app_factory()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        text = str(app.screen.query_one("#too-small-text").render())
        assert "Too small: 40×12" in text and "50×16" in text
        await pilot.press("2", "space")
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_resize_while_a_dialog_is_open(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.resize_terminal(44, 12)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"still here", "enter")
        await pilot.pause()
        assert tracker.day_view().rows[0].note == "still here"


def test_unexpected_error_is_logged_with_a_short_message(tmp_path):
    db = tmp_path / "x.db"
    script = f"""
import datetime as dt
from tui.core.clock import FakeClock
from tui.store.service import Tracker
from tui.app import SecondHeartApp

def boom():
    # Fail on a tick once the guide pane has loaded, not while its Markdown is
    # still being parsed: the moment must not depend on how busy the machine is.
    if app.screen.query("#guide-markdown MarkdownH1"):
        raise RuntimeError("kaboom")

clock = FakeClock(dt.datetime.fromisoformat({NOW.isoformat()!r}))
tracker = Tracker.open({str(db)!r}, clock=clock)
tracker.set_setting("welcome-seen", "yes")
app = SecondHeartApp(tracker, poll_seconds=0.05)
app.on_tick = boom
app.run(headless=True, size=(80, 24))
print("exit", app.return_code)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    output = result.stdout + result.stderr
    assert "unexpected error (RuntimeError: kaboom)" in output
    assert "Traceback" not in output
    log = tmp_path / "secondheart-errors.log"
    assert "RuntimeError: kaboom" in log.read_text()
