"""Any terminal size, down to 1×1, with dialogs open and another process writing."""

from __future__ import annotations

import pytest

from tui.dialogs.too_small import TooSmallScreen
from tui.store.service import Tracker

from .conftest import NOW
from .helpers import wait_for

TODAY = NOW.date()
# Shrinking and growing through the sizes that once broke things (a 9-row pane,
# a 5-row pane), the notice's edges, and the smallest a terminal gets.
SIZES = [
    (100, 30), (80, 24), (50, 16), (49, 16), (50, 15), (80, 9), (40, 9), (100, 5),
    (3, 2), (1, 1), (1, 40), (200, 1), (2, 2), (60, 17), (50, 16), (200, 50), (80, 24),
]  # fmt: skip


@pytest.mark.parametrize(
    "keys",
    [[], ["n"], ["E"], ["question_mark"], ["ctrl+p"], ["2"], ["3", "e", "x"], ["4"], ["3"]],
    ids=["today", "prompt", "form", "help", "palette", "streaks", "confirm", "guide", "timer"],
)
async def test_every_size_with_a_dialog_open_while_another_process_writes(
    app_factory, tracker, keys
):
    other = Tracker.open(tracker.path, clock=tracker.clock)  # a second pane on the same file
    app = app_factory(poll_seconds=0.05)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            below = app.screen
            for width, height in SIZES:
                await pilot.resize_terminal(width, height)
                other.step("walk", TODAY, 1)
                await pilot.pause()
                small = width < 50 or height < 16
                await wait_for(pilot, lambda s=small: isinstance(app.screen, TooSmallScreen) == s)
                if small:
                    shown = str(app.screen.query_one("#too-small-text").render())
                    assert f"Too small: {width}×{height}" in shown or width < 20
            assert app.screen is below  # the dialog is still open, as it was
            assert app.return_code is None  # still running
    finally:
        other.close()
    assert tracker.entries(tracker.exercise("walk"), since=TODAY, until=TODAY)[TODAY].amount > 0


async def test_a_five_row_pane_shows_the_notice(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 5)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TooSmallScreen))
        assert "Too small: 100×5" in str(app.screen.query_one("#too-small-text").render())
        await pilot.resize_terminal(100, 30)
        await wait_for(pilot, lambda: not isinstance(app.screen, TooSmallScreen))
