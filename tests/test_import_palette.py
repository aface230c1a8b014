"""Import from another tracker through the command palette: ask, dry run, confirm, import."""

from __future__ import annotations

import datetime as dt
import json

from textual.widgets import Input

from tui.app import SecondHeartCommands
from tui.dialogs.confirm import ConfirmScreen
from tui.dialogs.prompt import PromptScreen
from tui.screens.today import TodayScreen

from .conftest import NOW
from .helpers import toasts, wait_for

SIZE = (100, 30)
TODAY = NOW.date()


def dijo_file(tmp_path, name: str = "Read [b]x[/] \x1b]0;t\x07"):
    record = [
        {
            "type": "Bit",
            "name": name,
            "goal": True,
            "stats": {str(TODAY - dt.timedelta(days=n)): True for n in range(1, 4)},
        }
    ]
    path = tmp_path / "habit_record.json"
    path.write_text(json.dumps(record))
    return path


def screen_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query("Static, Label"))


async def test_import_from_the_palette_shows_a_dry_run_then_imports(app_factory, tracker, tmp_path):
    path = dijo_file(tmp_path)
    app = app_factory()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        commands = {t: c for t, _h, c in SecondHeartCommands(app.screen)._commands()}
        assert (
            "Import from dijo…" in commands and "Import from Loop Habit Tracker backup…" in commands
        )
        commands["Import from dijo…"]()
        await wait_for(
            pilot, lambda: isinstance(app.screen, PromptScreen) and app.screen.query(Input)
        )
        app.screen.query_one(Input).value = str(tmp_path / "missing.json")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "no such file or folder" in screen_text(app))
        app.screen.query_one(Input).value = str(path)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), timeout=15)
        shown = screen_text(app)
        assert "would create Read [b]x[/] \\x1b]0;t\\x07 (check, daily): 3 days" in shown
        assert "\x1b" not in shown
        assert not [e for e in tracker.exercises() if e.name.startswith("Read")]  # nothing yet
        await pilot.press("y")
        await wait_for(
            pilot, lambda: any("imported: 1 created" in t for t in toasts(app)), timeout=15
        )
        assert isinstance(app.screen, TodayScreen)
        read = next(e for e in tracker.exercises() if e.name.startswith("Read"))
        assert len(tracker.entries(read)) == 3


async def test_declining_the_import_writes_nothing(app_factory, tracker, tmp_path):
    path = dijo_file(tmp_path, "Stretch")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        commands = {t: c for t, _h, c in SecondHeartCommands(app.screen)._commands()}
        commands["Import from dijo…"]()
        await wait_for(
            pilot, lambda: isinstance(app.screen, PromptScreen) and app.screen.query(Input)
        )
        app.screen.query_one(Input).value = str(path)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), timeout=15)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
    assert "Stretch" not in [e.name for e in tracker.exercises()]
