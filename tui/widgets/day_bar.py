"""Today's day bar: the day, a progress bar and the count, drawn as one line.

One widget rather than a row of three (two labels and a bar in a container):
the same cells, with three fewer widgets to build, style and lay out before
the first frame (about 3.5 ms of it), and one repaint instead of two on a tick.
The words are the app's, never the user's (user text goes through ``plain``).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content

from .styled_lines import Runs, StyledLines, bar_runs

GAP = 2  # cells between the day and the bar, and between the bar and the count
MIN_BAR = 4  # the bar keeps at least this many cells; a count that does not fit is cut


class DayBar(StyledLines):
    """``Tue 01 Dec 2026  today  ━━━━━━╸──────  3 done · 4 to go``."""

    DEFAULT_CSS = """
    DayBar {
        height: 1;
        width: 1fr;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.day: Runs = []
        self.fraction = 0.0
        self.count: Runs = []

    def show(self, day: Runs, fraction: float, count: Runs) -> None:
        """Show the day's words, how much of the day is done (0 to 1) and the count;
        repainted only when one of them changed."""
        fraction = min(1.0, max(0.0, fraction))
        if (day, fraction, count) == (self.day, self.fraction, self.count):
            return
        self.day, self.fraction, self.count = day, fraction, count
        self.redraw()

    @property
    def day_text(self) -> str:
        return "".join(text for text, _ in self.day)

    @property
    def count_text(self) -> str:
        return "".join(text for text, _ in self.count)

    def bar_cells(self, width: int) -> int:
        """The bar's width in a line ``width`` cells wide: what the words leave."""
        words = sum(cell_len(text) for text, _ in (*self.day, *self.count))
        return max(MIN_BAR, width - words - 2 * GAP)

    def line_runs(self, y: int) -> Runs | None:
        if y:
            return None
        bar = bar_runs(self.fraction, self.bar_cells(self.inner_size.width))
        return [*self.day, (" " * GAP, ""), *bar, (" " * GAP, ""), *self.count]

    def render(self) -> Content:
        """The line as ``Content`` (what tests read)."""
        return Content.assemble(*(self.line_runs(0) or []))
