"""Bad input in the app: tiny terminals, resizing under a dialog, unexpected errors."""

from __future__ import annotations

import subprocess
import sys

from tui.dialogs.prompt import PromptScreen
from tui.dialogs.too_small import TooSmallScreen
from tui.screens.today import TodayScreen

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
app.notice_changes = boom
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


async def test_markup_in_names_units_and_notes_is_shown_as_typed(app_factory, tracker):
    exercise = tracker.add_exercise("[b]Calf[/] [red]x", kind="count", target=5, unit="[/]reps")
    tracker.set_note(exercise, tracker.today(), "sore [/] calves")
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("end")
        await pilot.pause()
        detail = str(app.screen.query_one("#row-detail").render())
        assert "[b]Calf[/] [red]x · target 5 [/]reps" in detail
        assert "✎ sore [/] calves" in detail
        await pilot.press("equals_sign")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        title = str(app.screen.query_one(".dialog-title").render())
        assert title == "Amount for [b]Calf[/] [red]x ([/]reps)"
