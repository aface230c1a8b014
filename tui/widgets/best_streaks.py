"""The five best streaks: length, a bar in proportion, first and last day; the current one marked.

Draws only what it is given (:class:`~tui.core.insights.Streak` objects); see
:mod:`tui.widgets.styled_lines` for the line-by-line drawing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..core.insights import Streak
from .styled_lines import Runs, StyledLines

BLOCKS = " ▏▎▍▌▋▊▉█"
CURRENT_MARK = "◀ now"


def hbar(fraction: float, width: int) -> str:
    """A horizontal bar ``width`` cells long at full, in eighths of a cell."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, rest = divmod(eighths, 8)
    return ("█" * full + (BLOCKS[rest] if rest else "")).ljust(width)


def span_text(start: dt.date, end: dt.date) -> str:
    """'3 Mar – 14 Apr 2026' (the year on both ends only when they differ); one day alone."""
    last = f"{end.day} {end:%b %Y}"
    if start == end:
        return last
    first = f"{start.day} {start:%b}" if start.year == end.year else f"{start.day} {start:%b %Y}"
    return f"{first} – {last}"


class BestStreaks(StyledLines):
    """One line per streak, longest first."""

    DEFAULT_CSS = """
    BestStreaks {
        height: 7;
        border: round $primary 40%;
        border-title-align: left;
        padding: 0;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.streaks: list[Streak] = []
        self.today = dt.date.today()
        self._widest = 0  # the longest span's length

    def show(self, streaks: Sequence[Streak], today: dt.date) -> None:
        self.streaks = list(streaks)
        self.today = today
        self._widest = max((len(span_text(s.start, s.end)) for s in self.streaks), default=0)
        self.redraw()

    def line_runs(self, y: int) -> Runs | None:
        if not self.streaks:
            return (
                [(" no streak yet: meet it on a due day to start one", "dim")] if y == 0 else None
            )
        if y >= len(self.streaks):
            return None
        streak = self.streaks[y]
        unit = "w" if streak.unit == "weeks" else "d"
        longest = self.streaks[0].length or 1
        widest = self._widest
        dates = span_text(streak.start, streak.end).rjust(widest)
        mark = f" {CURRENT_MARK}" if streak.current else ""
        width = self.inner_size.width
        bar_width = max(3, width - 6 - widest - 1 - len(CURRENT_MARK) - 1)
        bar = hbar(streak.length / longest, bar_width)
        style = "$status-met" if streak.current else "$primary"
        return [
            (f"{streak.length:>4}{unit} ", "bold" if streak.current else ""),
            (bar, style),
            (f" {dates}", ""),
            (mark, "bold $accent"),
        ]
