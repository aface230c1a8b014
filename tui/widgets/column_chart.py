"""A column chart in block glyphs: one column per bucket, an optional target marker.

Used for strength over time (values 0..1, an area under the line) and for the
history bars (days met, with the days due marked ``╌`` above each bar). Each
column is drawn in eighths of a cell (``▁▂▃▄▅▆▇█``), so a short chart still
tells 80 % from 90 %. The y axis carries its values and the x axis the
buckets' dates, so nothing rests on colour.

It draws line by line (see :mod:`tui.widgets.styled_lines`): a redraw costs
well under a millisecond, where a plotted chart costs tens (see the README).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .styled_lines import Runs, StyledLines

EIGHTHS = " ▁▂▃▄▅▆▇█"
TARGET_GLYPH = "╌"
TARGET_STYLE = "$text-muted"
FULL_STYLE = "$status-met"  # a column that reached its target
BAR_STYLE = "$primary"
AXIS_WIDTH = 5  # "100% " / "  12 "


@dataclass(frozen=True)
class Column:
    """One bucket: its value, an optional target, and the x-axis label it may carry."""

    value: float
    target: float | None = None
    label: str = ""
    full: bool = False  # drawn in the "met" style (the target was reached)


class ColumnChart(StyledLines):
    """Columns from the left, the newest on the right; a y axis on the left, labels below."""

    DEFAULT_CSS = """
    ColumnChart {
        height: 1fr;
        min-height: 4;
        border: round $primary 40%;
        border-title-align: left;
        border-subtitle-align: right;
        padding: 0;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._columns: list[Column] = []
        self.top = 1.0
        self.percent = True
        self.column_width = 1
        self.gap = False
        self.empty = "nothing to show yet"
        # per plot height: each column's fill in eighths, the row of its target (-1: none)
        # and its style
        self._levels: tuple[int, list[tuple[int, int, str]]] | None = None
        self._columns_for: Callable[[int], Sequence[Column]] | None = None  # see show_fitted
        self._top: float | None = None  # asked for; None: the largest value
        self._fitted_to = 0  # the column count _columns_for was last asked for

    def show(
        self,
        columns: Sequence[Column],
        *,
        top: float | None = None,
        percent: bool = False,
        column_width: int = 1,
        gap: bool | None = None,
    ) -> None:
        """Draw ``columns``; ``top`` is the value of the full height (default: the largest).

        ``gap`` puts one blank cell between columns (by default only between
        columns wider than one cell).
        """
        self._columns_for = None
        self._set(columns, top, percent, column_width, gap)
        self.redraw()

    def show_fitted(
        self,
        columns_for: Callable[[int], Sequence[Column]],
        *,
        top: float | None = None,
        percent: bool = False,
        column_width: int = 1,
        gap: bool | None = None,
    ) -> None:
        """Draw ``columns_for(n)``, asked when the chart is drawn, for the ``n`` that fit.

        As :meth:`show` otherwise. The chart asks again when its width
        changes, so it can be given its data before it is laid out (the
        frame that shows it draws it) and it follows a resize by itself.
        """
        self._set((), top, percent, column_width, gap)
        self._columns_for = columns_for
        self._fitted_to = 0
        self.redraw()

    def _set(
        self,
        columns: Sequence[Column],
        top: float | None,
        percent: bool,
        column_width: int,
        gap: bool | None,
    ) -> None:
        self._columns = list(columns)
        self.percent = percent
        self.column_width = max(1, column_width)
        self.gap = self.column_width > 1 if gap is None else gap
        self._top = top
        biggest = max((max(c.value, c.target or 0.0) for c in self._columns), default=0.0)
        self.top = top if top is not None else max(1.0, float(math.ceil(biggest)))
        self._levels = None

    @property
    def columns(self) -> list[Column]:
        """The columns drawn (for a fitted chart laid out, those that fit its width)."""
        self._fit()
        return self._columns

    def _fit(self) -> None:
        """Ask for the columns that fit, if the chart is fitted and its room changed."""
        if self._columns_for is None or not self.inner_size.width:
            return
        count = self.capacity(self.column_width, self.gap)
        if count != self._fitted_to:
            self._fitted_to = count
            columns = self._columns_for(count)
            self._set(columns, self._top, self.percent, self.column_width, self.gap)

    def _levels_for(self, height: int) -> list[tuple[int, int, str]]:
        """(fill in eighths, target row or -1, style) of each column, for a plot ``height`` high."""
        if self._levels is not None and self._levels[0] == height:
            return self._levels[1]
        top = self.top or 1.0
        levels = []
        for column in self._columns:
            level = round(min(1.0, max(0.0, column.value / top)) * height * 8)
            t_row = -1
            if column.target is not None:
                t_level = min(1.0, max(0.0, column.target / top)) * height * 8
                if t_level > 0:
                    t_row = min(height - 1, max(0, math.ceil(t_level / 8) - 1))
            levels.append((level, t_row, FULL_STYLE if column.full else BAR_STYLE))
        self._levels = (height, levels)
        return levels

    def capacity(self, column_width: int = 1, gap: bool | None = None) -> int:
        """How many columns of ``column_width`` cells fit (with a one-cell gap when wider than 1)."""
        spaced = int(column_width > 1 if gap is None else gap)
        width = self.inner_size.width - AXIS_WIDTH
        return max(1, (width + spaced) // (column_width + spaced))

    def fit(self, count: int, widest: int = 6) -> tuple[int, bool]:
        """The widest even columns that fit ``count`` columns: ``(column_width, gap)``.

        Every column gets the same width, and a one-cell gap keeps neighbours
        apart whenever the space allows it, so a bar never looks twice as wide
        as the next one; only when even that does not fit do the columns
        touch (one cell each, and the oldest ones may not be shown).
        """
        for width in range(max(1, widest), 0, -1):
            if self.capacity(width, gap=True) >= count:
                return width, True
        return 1, False

    @property
    def plot_height(self) -> int:
        return max(1, self.inner_size.height - 1)

    def _axis_text(self, row: int, height: int) -> str:
        value = 0.0 if row == height - 1 else self.top * (height - row) / height
        return f"{round(value * 100)}%" if self.percent else f"{value:.0f}"

    def _axis(self, row: int, height: int) -> str:
        if row not in (0, height - 1) and row != height // 2:
            return " " * AXIS_WIDTH
        text = self._axis_text(row, height)
        if row == height // 2 and row not in (0, height - 1):
            if text in (self._axis_text(0, height), self._axis_text(height - 1, height)):
                return " " * AXIS_WIDTH  # a value is written once: 1 over 0, never 1, 1, 0
        return f"{text:>{AXIS_WIDTH - 1}} "

    def line_runs(self, y: int) -> Runs | None:
        self._fit()
        height = self.plot_height
        if not self._columns:  # the message, wrapped between words to the chart's width
            lines = textwrap.wrap(self.empty, max(8, self.inner_size.width - 1)) or [""]
            return [(f" {lines[y]}", "dim")] if y < len(lines) else None
        if y < height:
            return self._bar_row(y, height)
        if y == height:
            return [(" " * AXIS_WIDTH + self._labels(), "dim")]
        return None

    def _bar_row(self, y: int, height: int) -> Runs:
        """Row ``y`` of the plot: its axis value, then each column's cell (and the gaps).

        A blank cell joins the run it sits in, whatever that run's colour (a
        space shows only the background), so a row is a few runs rather than
        one or two per column: half the cost of drawing a chart.
        """
        row = height - 1 - y
        base = row * 8  # eighths below this row
        width = self.column_width
        gap = " " if self.gap else ""
        blank = " " * width
        runs: Runs = [(self._axis(y, height), "dim")]
        texts: list[str] = []
        current = ""  # the open run's style ("" while it holds only blanks)
        for i, (level, t_row, style) in enumerate(self._levels_for(height)):
            lead = gap if i else ""
            fill = level - base
            if fill > 0:
                cell = EIGHTHS[min(8, fill)] * width
            elif t_row == row:  # the target above the bar
                cell, style = TARGET_GLYPH * width, TARGET_STYLE
            else:
                texts.append(lead + blank)
                continue
            if style != current and current:
                runs.append(("".join(texts), current))
                texts = []
            current = style
            texts.append(lead + cell)
        if texts:
            runs.append(("".join(texts), current))
        return runs

    def _labels(self) -> str:
        step = self.column_width + (1 if self.gap else 0)
        line = [" "] * (len(self._columns) * step)
        room = max(len(line) + 4, self.inner_size.width - AXIS_WIDTH)  # a label may run on
        free_from = 0
        for i, column in enumerate(self._columns):
            if not column.label:
                continue
            at = i * step
            if at < free_from or at + len(column.label) > room:
                continue
            end = at + len(column.label)
            if end > len(line):
                line.extend(" " * (end - len(line)))
            line[at:end] = column.label
            free_from = end + 1
        return "".join(line)
