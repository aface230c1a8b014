"""A month calendar: weeks as rows, each day with its status glyph.

The widget only draws the cells it is given and reports clicks; the screen
owns the selected day, the keys and the data. It draws line by line (see
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

CELL = 5  # " 21✓ ": a space, the day number, the glyph, a space
WEEKS = 6  # always six rows, so the height never jumps between months
WEEKDAY_NAMES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")

STATUS_STYLE = {
    Status.MET: "bold $status-met",
    Status.PARTIAL: "bold $status-partial",
    Status.SKIPPED: "$status-skipped",
    Status.MISSED: "$status-missed",
    Status.PENDING: "bold",
    Status.UNSCHEDULED: "dim",
    Status.NOT_STARTED: "dim",
}


def week_start_of(day: dt.date, week_start: int) -> dt.date:
    """The first day of ``day``'s week; ``week_start`` is 0 (Monday) to 6 (Sunday)."""
    return day - dt.timedelta(days=(day.weekday() - week_start) % 7)


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of ``day``'s month."""
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


class MonthCalendar(StyledLines, can_focus=True):
    """One month, weeks as rows; today in brackets, the selected day reversed."""

    DEFAULT_CSS = """
    MonthCalendar {
        width: 37;
        height: 10;
        border: round $primary 40%;
        border-title-align: left;
        border-subtitle-align: left;
        padding: 0;
    }
    MonthCalendar:focus {
        border: round $primary;
    }
    """

    class DayClicked(DayClicked):
        """A day was clicked (``double`` for a double click)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        today = dt.date.today()
        self.month: dt.date = today.replace(day=1)
        self.selected: dt.date = today
        self.today: dt.date = today
        self.week_start = 0
        self.summary = ""
        self._cells: dict[dt.date, CalendarCell] = {}

    def show(
        self,
        month: dt.date,
        cells: Iterable[CalendarCell],
        *,
        selected: dt.date,
        today: dt.date,
        week_start: int = 0,
        label: str = "",
        summary: str = "",
    ) -> None:
        """Draw ``month`` (any day in it) with the given cells."""
        self.month = month.replace(day=1)
        self._cells = {cell.day: cell for cell in cells}
        self.selected = selected
        self.today = today
        self.week_start = week_start
        self.summary = summary
        title = f"{self.month:%B %Y}"
        # The label is an exercise's name: plain content, never markup.
        self.set_titles(f"{visible(label)} · {title}" if label else title)
        self.redraw()

    def cell(self, day: dt.date) -> CalendarCell | None:
        return self._cells.get(day)

    def weeks(self) -> list[list[dt.date | None]]:
        """Six rows of seven days; ``None`` outside the month."""
        return [self.week(row) for row in range(WEEKS)]

    def week(self, row: int) -> list[dt.date | None]:
        """Row ``row`` (0 to 5) of :meth:`weeks`."""
        first, last = month_bounds(self.month)
        start = week_start_of(first, self.week_start) + dt.timedelta(days=row * 7)
        days = [start + dt.timedelta(days=weekday) for weekday in range(7)]
        return [day if first <= day <= last else None for day in days]

    def line_runs(self, y: int) -> Runs | None:
        """Weekday names, six weeks, then the summary."""
        if y == 0:
            names = [WEEKDAY_NAMES[(self.week_start + i) % 7] for i in range(7)]
            return [("".join(f" {name}  " for name in names), "bold")]
        if y <= WEEKS:
            pieces: Runs = []
            for day in self.week(y - 1):
                pieces.extend(self._day_pieces(day) if day else [(" " * CELL, "")])
            return merge_runs(pieces)
        if y == WEEKS + 1:
            return [(self.summary, "dim")] if self.summary else []
        return None

    def _day_pieces(self, day: dt.date) -> Runs:
        """A day's (text, style, reversed) pieces: " 21✓ ", today as "[21✓]"."""
        cell = self._cells.get(day)
        future = day > self.today
        if future:
            glyph, glyph_style = " ", ""
        elif cell is None:
            glyph, glyph_style = Status.UNSCHEDULED.glyph, STATUS_STYLE[Status.UNSCHEDULED]
        else:
            glyph, glyph_style = cell.status.glyph, STATUS_STYLE[cell.status]
        is_today = day == self.today
        left, right = ("[", "]") if is_today else (" ", " ")
        number_style = "bold" if is_today else "dim" if future else ""
        pieces = [
            (left, "bold $accent"),
            (f"{day.day:>2}", number_style),
            (glyph, glyph_style),
            (right, "bold $accent"),
        ]
        if day == self.selected:
            return [(text, f"{style} reverse".strip()) for text, style in pieces]
        return pieces

    def day_at(self, x: int, y: int) -> dt.date | None:
        """The day drawn at content offset (x, y), if any."""
        if y < 1 or x < 0 or x >= CELL * 7:
            return None
        rows = self.weeks()
        if y - 1 >= len(rows):
            return None
        return rows[y - 1][x // CELL]

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        day = self.day_at(offset.x, offset.y)
        if day is not None:
            self.post_message(self.DayClicked(day, double=event.chain >= 2))
