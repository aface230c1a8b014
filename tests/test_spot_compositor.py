"""Partial screen updates (SpotCompositor): the terminal always ends up showing the screen.

Every update the app sends is applied to a model terminal, cell by cell, as a
real terminal would apply it. After each key the model terminal must hold
exactly what a full redraw of the screen gives: a cell that a partial update
forgot would stay stale there, and this test would show which.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import ControlType

from tui.screens.streaks import StreaksScreen
from tui.screens.today import TodayScreen
from tui.widgets.spot_compositor import SpotCompositor

from .helpers import wait_for

Cell = tuple[str, str]  # the character and its style, as written


class ModelTerminal:
    """A grid of cells that applies what the app writes (cursor moves and text)."""

    def __init__(self, app) -> None:
        self.app = app
        self.cells: list[list[Cell]] = []
        self.updates = 0
        self.partial = 0
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            if renderable is not None and not app._batch_count:
                self.apply(renderable)

        app._display = display

    def start(self) -> None:
        """Begin from the screen as it is now (the frames so far were full redraws)."""
        self.cells = self.expected()

    def expected(self) -> list[list[Cell]]:
        """What a full redraw of the current screen shows."""
        rows = []
        for strip in self.app.screen._compositor.render_strips():
            row: list[Cell] = []
            for segment in strip:
                for char in segment.text:
                    row.append((char, str(segment.style)))
                    row.extend([("", str(segment.style))] * (cell_len(char) - 1))
            rows.append(row)
        return rows

    def apply(self, renderable) -> None:
        from textual._compositor import ChopsUpdate

        if not self.cells:
            return
        self.updates += 1
        self.partial += isinstance(renderable, ChopsUpdate)
        console = self.app.console
        x = y = 0
        for segment in renderable.__rich_console__(console, console.options):
            if segment.control:
                for code in segment.control:
                    if code[0] == ControlType.CURSOR_MOVE_TO:
                        x, y = code[1], code[2]
                continue
            if segment.text == "\n":
                continue  # every piece starts with its own cursor move
            for char in segment.text:
                width = cell_len(char)
                for i in range(width):
                    if 0 <= y < len(self.cells) and 0 <= x + i < len(self.cells[y]):
                        self.cells[y][x + i] = (char if i == 0 else "", str(segment.style))
                x += width

    def stale(self) -> list[str]:
        """Lines where the terminal differs from a full redraw, for the failure message."""
        want = self.expected()
        return [
            f"line {y}: shown {''.join(c for c, _ in got)!r}\n        wanted {''.join(c for c, _ in line)!r}"
            for y, (got, line) in enumerate(zip(self.cells, want, strict=True))
            if got != line
        ]


def idle(screen) -> bool:
    """Nothing left for Textual to lay out, scroll or paint on ``screen``."""
    if screen._dirty_widgets or screen._compositor._dirty_regions or screen._layout_widgets:
        return False
    return not any(
        node._layout_required or node._repaint_required or node._scroll_required
        for node in [screen, *screen.query("*")]
    )


async def settled(pilot) -> None:
    """Let the app draw everything it has to draw."""
    await wait_for(pilot, lambda: idle(pilot.app.screen))
    await pilot.pause()
    await wait_for(pilot, lambda: idle(pilot.app.screen))


async def watching(pilot) -> ModelTerminal:
    """A model terminal showing the screen as it is once the app has settled."""
    await settled(pilot)
    terminal = ModelTerminal(pilot.app)
    terminal.start()
    return terminal


async def press_and_compare(pilot, terminal: ModelTerminal, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settled(pilot)
        assert not terminal.stale(), f"after {key!r}:\n" + "\n".join(terminal.stale())


async def test_every_key_leaves_the_terminal_showing_the_screen(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.screen.query("#guide-markdown"))
        await settled(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert isinstance(app.screen._compositor, SpotCompositor)
        terminal = ModelTerminal(app)
        terminal.start()
        # Today: ticks at the top and bottom rows, steps, a skip, undo, days, a dialog
        await press_and_compare(pilot, terminal, "space", "j", "space", "plus", "minus")
        await press_and_compare(pilot, terminal, "s", "u", "u", "G", "space", "g", "g")
        await press_and_compare(pilot, terminal, "h", "space", "l", "n", "escape", "question_mark")
        await press_and_compare(pilot, terminal, "escape")
        # Streaks: rows, months, the charts and their buckets
        await press_and_compare(pilot, terminal, "2", "down", "down", "left_square_bracket")
        assert isinstance(app.screen, StreaksScreen)
        await press_and_compare(pilot, terminal, "c", "b", "B", "down", "up", "c", "1")
        assert terminal.partial > 10, "the keys above should have drawn partial updates"


async def test_other_screens_and_a_resize_leave_the_terminal_showing_the_screen(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        terminal = await watching(pilot)
        # Timer (a session started and paused), Guide (scrolled), Journal, Help
        await press_and_compare(pilot, terminal, "3", "enter", "space", "space")
        await press_and_compare(pilot, terminal, "4", "j", "pagedown", "down", "pageup")
        await press_and_compare(pilot, terminal, "5", "j", "k", "question_mark", "escape")
        await pilot.resize_terminal(80, 24)
        await settled(pilot)
        terminal.start()  # a resize redraws the whole screen
        await press_and_compare(pilot, terminal, "1", "space", "j", "space", "2", "down", "c", "b")
        assert terminal.partial > 5


async def test_a_tick_draws_nothing_of_the_guide_pane(app_factory):
    """The guide pane did not change, so none of its blocks is asked for lines."""
    from textual.widgets import Markdown

    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.screen.query("MarkdownParagraph"))
        await settled(pilot)
        asked: list[str] = []
        pane = app.screen.query_one("#guide-pane")
        for widget in [pane, *pane.query("*")]:
            original = widget.render_lines

            def render_lines(crop, widget=widget, original=original):
                asked.append(type(widget).__name__)
                return original(crop)

            widget.render_lines = render_lines
        await pilot.press("space")
        await settled(pilot)
        assert "✓" in str(app.screen.query_one("#checklist").get_option_at_index(0).prompt)
        assert app.screen.query_one(Markdown).display
        assert asked == []


def _shown(terminal: ModelTerminal) -> str:
    return "\n".join("".join(char for char, _ in row) for row in terminal.cells)


async def test_a_key_is_on_the_terminal_when_its_handler_returns(app_factory, tracker):
    """A tick, a row move and a bucket key send their frame from the handler itself,
    not after Textual's relay of idle messages: nothing is awaited in between."""
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        # after the work that follows the first frame (the guide pane, the streaks)
        await wait_for(pilot, lambda: app.screen.query("MarkdownParagraph"))
        terminal = await watching(pilot)
        today = app.screen
        walk = today.query_one("#checklist").current_row.exercise
        assert f"○ {walk.name}" in _shown(terminal)
        before = terminal.updates
        today.action_toggle()  # what `space` runs; no await: no message is handled
        assert terminal.updates == before + 1
        assert not terminal.stale(), "\n".join(terminal.stale())
        assert tracker.day_view(tracker.today()).rows[0].status.name == "MET"
        assert f"✓ {walk.name}" in _shown(terminal) and "1 done" in _shown(terminal)

        await pilot.press("2")
        await settled(pilot)
        terminal.start()
        streaks = app.screen
        assert isinstance(streaks, StreaksScreen)
        row = streaks.table.cursor_row
        streaks.action_vertical(1)
        assert streaks.table.cursor_row == row + 1
        assert not terminal.stale(), "\n".join(terminal.stale())
        await pilot.press("c")
        await settled(pilot)
        terminal.start()
        bucket = streaks.strength_bucket
        shown = _shown(terminal)
        streaks.action_strength_bucket()
        assert streaks.strength_bucket != bucket
        assert _shown(terminal) != shown
        assert not terminal.stale(), "\n".join(terminal.stale())


async def test_a_key_that_needs_a_layout_is_left_to_textual(app_factory):
    """``paint_now`` draws only plain repaints; a pending layout goes Textual's way
    (a frame later), and the terminal still ends up showing the screen."""
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        terminal = await watching(pilot)
        screen = app.screen
        detail = screen.query_one("#row-detail")
        detail.styles.height = 4  # the list above it gets shorter: a layout
        updates = terminal.updates
        assert screen.paint_now() is False
        assert terminal.updates == updates
        await settled(pilot)
        assert detail.region.height == 4 and terminal.updates > updates
        assert not terminal.stale(), "\n".join(terminal.stale())
