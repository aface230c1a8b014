"""A GitHub-style year heatmap: 53 weeks as columns, 7 weekdays as rows.

Each day is a glyph coloured by its heat level, and the glyph itself tells the
status apart (colour is never the only signal):

    ■ met   ▪ partial   ↷ skipped   ✗ missed   · nothing due
    ◆ today, met   ◇ today, not yet   (blank) the future

Columns are one cell wide, or two when there is room. The widget only draws
what it is given and reports clicks. It draws line by line (see
:mod:`tui.widgets.styled_lines`), so a redraw stays cheap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from textual import events

from ..core.model import Status
from ..core.streaks import CalendarCell
from ..core.text import visible
from .day_clicked import DayClicked
from .styled_lines import Runs, StyledLines, merge_runs

WEEKS = 53
ONE_DAY = dt.timedelta(days=1)
LABEL_WIDTH = 4  # "Mon " in front of each row
WEEKDAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "")  # indexed by date.weekday()
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

MET_GLYPH = "■"
PARTIAL_GLYPH = "▪"
TODAY_MET_GLYPH = "◆"
TODAY_OPEN_GLYPH = "◇"


def width_needed(cell_width: int = 1) -> int:
    """Content columns needed for 53 weeks at ``cell_width`` cells per week."""
    return LABEL_WIDTH + WEEKS * cell_width


def _glyph(cell: CalendarCell | None, day: dt.date, today: dt.date) -> tuple[str, str]:
    """(glyph, style) for one day."""
    if day > today:
        return " ", ""
    status = cell.status if cell else Status.UNSCHEDULED
    level = cell.level if cell else 0
    if day == today:
        if status is Status.MET:
            return TODAY_MET_GLYPH, "bold $heat-4"
        return TODAY_OPEN_GLYPH, "bold $accent"
    if status is Status.MET:
        return MET_GLYPH, "$heat-4"
    if status is Status.PARTIAL:
        return PARTIAL_GLYPH, f"$heat-{max(1, min(3, level))}"
    if status is Status.SKIPPED:
        return Status.SKIPPED.glyph, "$status-skipped"
    if status is Status.MISSED:
        return Status.MISSED.glyph, "$status-missed 70%"
    if status is Status.PENDING:
        return Status.PENDING.glyph, "bold"
    return Status.UNSCHEDULED.glyph, "dim"


class YearHeatmap(StyledLines):
    """53 weeks ending with the week of ``last``; today and the selected day marked."""

    DEFAULT_CSS = """
    YearHeatmap {
        width: 1fr;
        height: 10;
        border: round $primary 40%;
        border-title-align: left;
        padding: 0;
    }
    """

    class DayClicked(DayClicked):
        """A day was clicked (``double`` for a double click)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        today = dt.date.today()
        self.first: dt.date = today - dt.timedelta(days=WEEKS * 7 - 1)
        self.selected: dt.date = today
        self.today: dt.date = today
        self._cells: dict[dt.date, CalendarCell] = {}
        self._marks: list[tuple[str, str]] | None = None  # see _day_marks

    def show(
        self,
        first: dt.date,
        cells: Iterable[CalendarCell],
        *,
        selected: dt.date,
        today: dt.date,
        label: str = "",
    ) -> None:
        """Draw 53 weeks from ``first`` (the first day of a week)."""
        self.first = first
        self._cells = {cell.day: cell for cell in cells}
        self._marks = None
        self.selected = selected
        self.today = today
        # name the days the columns really hold: from the first column's first day
        # to the last day drawn (today, in the current year)
        closing = min(self.last, today)
        span = f"{first.day} {first:%b %Y} – {closing.day} {closing:%b %Y}"
        # The label is an exercise's name: plain content, never markup.
        self.set_titles(f"{visible(label)} · {span}" if label else span)
        self.redraw()

    @property
    def last(self) -> dt.date:
        return self.first + dt.timedelta(days=WEEKS * 7 - 1)

    @property
    def cell_width(self) -> int:
        return 2 if self.inner_size.width >= width_needed(2) else 1

    def line_runs(self, y: int) -> Runs | None:
        """The month names, then one weekday per line."""
        if y == 0:
            return [(self._month_labels(self.cell_width), "dim")]
        if y <= 7:
            return self._row(y - 1, self.cell_width)
        return None

    def _month_labels(self, cell_width: int) -> str:
        line = [" "] * (LABEL_WIDTH + WEEKS * cell_width)
        free_from = LABEL_WIDTH
        for week in range(WEEKS):
            end = self.first + dt.timedelta(days=week * 7 + 6)
            if end.day > 7:  # the week holds no first of a month
                continue
            month_start = end.replace(day=1)
            name = MONTHS[month_start.month - 1]
            at = LABEL_WIDTH + week * cell_width
            if at < free_from or at + len(name) > len(line):
                continue
            line[at : at + len(name)] = name
            free_from = at + len(name) + 1
        return "".join(line)

    def _day_marks(self) -> list[tuple[str, str]]:
        """(glyph, style) of each day shown, in date order; the selected day reversed.

        Made once per :meth:`show` for the seven rows, each kind of day's
        glyph worked out once (a year has a handful of kinds, and 371 days).
        """
        if self._marks is None:
            today, selected, cells = self.today, self.selected, self._cells
            kinds: dict[object, tuple[str, str]] = {}
            marks = []
            day = self.first
            for _ in range(WEEKS * 7):
                cell = cells.get(day)
                if day > today:
                    kind: object = "future"
                elif day == today:
                    kind = ("today", cell.status if cell else None)
                else:
                    kind = (cell.status, cell.level) if cell else None
                mark = kinds.get(kind)
                if mark is None:
                    mark = kinds[kind] = _glyph(cell, day, today)
                if day == selected:
                    mark = (mark[0], f"{mark[1]} reverse".strip())
                marks.append(mark)
                day += ONE_DAY
            self._marks = marks
        return self._marks

    def _row(self, row: int, cell_width: int) -> Runs:
        """One weekday's line as (text, style) runs; "" is the widget's own style."""
        label = WEEKDAY_LABELS[(self.first + dt.timedelta(days=row)).weekday()]
        pieces = [(f"{label:<{LABEL_WIDTH}}", "dim")]
        pad = " " * (cell_width - 1)
        for glyph, style in self._day_marks()[row::7]:
            pieces.append((glyph, style))
            if pad:
                pieces.append((pad, ""))
        return merge_runs(pieces)

    def day_at(self, x: int, y: int) -> dt.date | None:
        """The day drawn at content offset (x, y), if any."""
        week, inside = divmod(x - LABEL_WIDTH, self.cell_width)
        if y < 1 or y > 7 or x < LABEL_WIDTH or not 0 <= week < WEEKS:
            return None
        del inside
        day = self.first + dt.timedelta(days=week * 7 + y - 1)
        return day if day <= self.today else None

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        day = self.day_at(offset.x, offset.y)
        if day is not None:
            self.post_message(self.DayClicked(day, double=event.chain >= 2))
