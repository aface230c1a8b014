"""On which weekdays an exercise gets done: one line per weekday, a bar, the share and the count."""

from __future__ import annotations

from collections.abc import Sequence

from ..core.insights import WEEKDAYS, WeekdayShare
from .best_streaks import hbar
from .styled_lines import Runs, StyledLines


class WeekdayPattern(StyledLines):
    """Monday to Sunday: how often each was met, of the days it was due."""

    DEFAULT_CSS = """
    WeekdayPattern {
        height: 9;
        border: round $primary 40%;
        border-title-align: left;
        padding: 0;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.shares: list[WeekdayShare] = []

    def show(self, shares: Sequence[WeekdayShare]) -> None:
        self.shares = list(shares)
        self.redraw()

    def line_runs(self, y: int) -> Runs | None:
        if y >= len(self.shares):
            return None
        share = self.shares[y]
        counts = f"{share.met}/{share.due}"
        width = self.inner_size.width
        bar_width = max(3, width - 4 - 5 - 8)
        if not share.due:
            return [
                (f"{WEEKDAYS[share.weekday]} ", "dim"),
                ("·" + " " * (bar_width - 1), "dim"),
                ("  not due", "dim"),
            ]
        return [
            (f"{WEEKDAYS[share.weekday]} ", ""),
            (hbar(share.share, bar_width), "$primary"),
            (f" {round(share.share * 100):>3}%", "bold"),
            (f" {counts:>7}", "dim"),
        ]
