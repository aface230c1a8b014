"""Streaks: per-exercise streaks, strength and completion; a month calendar and a year heatmap.

Focus: the table (↑↓ choose an exercise, or "All") and the month calendar
(↑↓ move a week); Tab switches between them. ←→ always move the selected day,
``[``/``]`` a month, ``{``/``}`` a year, ``t`` goes back to today and Enter
opens the selected day on Today.

Statistics come from :class:`~tui.store.stats.StreakStatsCache`, which loads
each exercise with one query and keeps the results until the data changes.
A long history loads in small steps between frames, so the screen never
blocks for more than a few milliseconds.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Header, Static

from ..core.model import Status
from ..core.streaks import CalendarCell, StreakStats
from ..core.text import visible
from ..host import HostAccess, host_of
from ..messages import DataChanged, DayChanged
from ..store.errors import SecondHeartError
from ..store.service import Tracker
from ..store.stats import StreaksSnapshot, StreakStatsCache
from ..widgets.keybar import KeyBar
from ..widgets.month_calendar import MonthCalendar, month_bounds, week_start_of
from ..widgets.year_heatmap import (
    MET_GLYPH,
    PARTIAL_GLYPH,
    TODAY_OPEN_GLYPH,
    WEEKS,
    YearHeatmap,
    width_needed,
)

ALL = "all"
NAME_WIDTH = 22
COMPACT_NAME_WIDTH = 12
STEP_BUDGET = 0.006  # seconds of loading per slice before letting a frame through
STEP_PAUSE = 0.001  # seconds between slices
PREWARM_PAUSE = 0.02  # seconds between background slices before the screen is open
CALENDAR_WIDTH = 37
EARLIEST = dt.date(1900, 1, 1)
SHORT_HEIGHT = 20  # below this many rows: no table border, no day summary
COMPACT_WIDTH = 66  # below this many columns: short headers and names
COLUMN_KEYS = ("current", "best", "strength", "c7", "c30", "c365")
HEADERS = ("Streak", "Best", "Strength", "7 d", "30 d", "365 d")
COMPACT_HEADERS = ("Now", "Best", "Str", "7d", "30d", "1y")

STATUS_WORDS = {
    Status.MET: "met",
    Status.PARTIAL: "partial",
    Status.SKIPPED: "skipped",
    Status.MISSED: "missed",
    Status.PENDING: "to do",
    Status.UNSCHEDULED: "nothing due",
    Status.NOT_STARTED: "not started yet",
}


def _shift_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` later (clamped to the month's end)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if year < EARLIEST.year:
        return EARLIEST
    _, last = month_bounds(dt.date(year, month + 1, 1))
    return dt.date(year, month + 1, min(day.day, last.day))


def _streak_text(stats: StreakStats) -> str:
    return f"{stats.current}{'w' if stats.unit == 'weeks' else 'd'}"


def _best_text(stats: StreakStats) -> str:
    return f"{stats.best}{'w' if stats.unit == 'weeks' else 'd'}"


def _percent(fraction: float) -> str:
    return f"{round(fraction * 100)}%"


def _cut(name: str, width: int = NAME_WIDTH) -> str:
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"


def legend(vertical: bool = False) -> Content:
    """What the glyphs mean: one line for calendar and heatmap, or a column for the calendar."""
    items = [
        ("✓", MET_GLYPH, "$status-met", "met"),
        ("◐", PARTIAL_GLYPH, "$status-partial", "partial"),
        ("↷", "", "$status-skipped", "skipped"),
        ("✗", "", "$status-missed", "missed"),
        ("○", "", "bold", "to do"),
        ("·", "", "dim", "not due"),
        ("[ ]", TODAY_OPEN_GLYPH, "bold $accent", "today"),
    ]
    parts = [
        Content.assemble((glyph if vertical else glyph + heat, style), " ", word)
        for glyph, heat, style, word in items
    ]
    return Content("\n" if vertical else "   ").join(parts)


def shared_stats(app: App) -> StreakStatsCache:
    """The app's one statistics cache (kept across screens and mode switches)."""
    host = host_of(app)
    cache = host.streak_stats
    if cache is None or cache.tracker is not host.tracker:
        cache = host.streak_stats = StreakStatsCache(host.tracker)
    return cache


def prewarm(app: App) -> None:
    """Load the statistics in idle slices, so the first visit to Streaks is instant.

    Meant for ``App.after_start``; each slice takes a few milliseconds.
    """
    cache = shared_stats(app)
    started_for = cache.change_key()

    def step() -> None:
        # A write while warming (the user is ticking things off on Today) makes
        # this load stale: stop, rather than start over after every key; the
        # screen loads fresh statistics when it is opened.
        if cache.change_key() != started_for:
            return
        try:
            done = cache.advance(STEP_BUDGET)
        except SecondHeartError:
            return  # the screen reports it when opened
        if not done:
            app.set_timer(PREWARM_PAUSE, step)

    app.set_timer(PREWARM_PAUSE, step)


MONTH = Binding.Group("Month")
YEAR = Binding.Group("Year")


class StreaksScreen(HostAccess, Screen):
    """Look back: streaks, strength, completion, a month and a year at a glance."""

    CSS_PATH = "streaks.tcss"
    BINDING_GROUP_TITLE = "Streaks"

    BINDINGS = [
        Binding("enter", "open_day", "Open day", priority=True),
        Binding("left_square_bracket", "month(-1)", "Prev month", group=MONTH),
        Binding("right_square_bracket", "month(1)", "Next month", group=MONTH),
        Binding("left_curly_bracket", "year(-1)", "Prev year", group=YEAR),
        Binding("right_curly_bracket", "year(1)", "Next year", group=YEAR),
        Binding("t", "this_month", "This month"),
        Binding("left,h", "day(-1)", "Prev day", show=False, priority=True),
        Binding("right,l", "day(1)", "Next day", show=False, priority=True),
        Binding(
            "up,k",
            "vertical(-1)",
            "Up: exercise (table) or week (calendar)",
            show=False,
            priority=True,
        ),
        Binding(
            "down,j",
            "vertical(1)",
            "Down: exercise (table) or week (calendar)",
            show=False,
            priority=True,
        ),
        Binding("tab", "switch_focus", "Switch table / calendar", show=False),
        Binding("a", "all", "All exercises together", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stats: StreakStatsCache | None = None
        self.snapshot: StreaksSnapshot | None = None
        self.selected: dt.date = dt.date.today()
        self.exercise_id: int | None = None  # None: all exercises together
        self.week_start = 0
        self._today: dt.date | None = None
        self._step_timer: Timer | None = None
        self._compact = False
        self._filled = False  # the table has been filled once

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="streaks"):
            table: DataTable = DataTable(id="streak-table", cursor_type="row", zebra_stripes=True)
            table.border_title = "Streaks"
            yield table
            with Horizontal(id="calendars"):
                yield MonthCalendar(id="month")
                yield YearHeatmap(id="year")
                yield Static(legend(vertical=True), id="legend-column")
            yield Static(legend(), id="legend")
        yield KeyBar()

    @property
    def tracker(self) -> Tracker:
        return self.host.tracker

    @property
    def table(self) -> DataTable:
        return self.query_one("#streak-table", DataTable)

    @property
    def loading_data(self) -> bool:
        """True while statistics are being (re)loaded between frames."""
        return self._step_timer is not None

    # ------------------------------------------------------------ lifecycle
    def on_mount(self) -> None:
        self.stats = shared_stats(self.app)
        self.selected = self.tracker.today()
        self._today = self.selected
        self.table.focus()
        self._apply_layout()
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    @on(DataChanged)
    @on(DayChanged)
    def _data_changed(self) -> None:
        self.refresh_data()

    def on_resize(self) -> None:
        self._apply_layout()

    def _apply_layout(self) -> None:
        """Heatmap beside the calendar when it fits, else the legend there."""
        width, height = self.app.size
        heat_fits = width >= CALENDAR_WIDTH + width_needed(1) + 2
        heatmap = self.query_one("#year", YearHeatmap)
        heatmap.display = heat_fits
        cell_width = 2 if width >= CALENDAR_WIDTH + width_needed(2) + 2 else 1
        heatmap.styles.width = width_needed(cell_width) + 2
        self.query_one("#legend-column").display = not heat_fits
        self.query_one("#legend").display = heat_fits
        short = height < SHORT_HEIGHT
        compact = width < COMPACT_WIDTH
        changed = short != self.has_class("-short") or compact != self._compact
        self.set_class(short, "-short")
        if compact != self._compact or not self.table.columns:
            self._compact = compact
            self._add_columns()
        if changed and self.snapshot is not None:
            self._fill_table(self.snapshot)
            self._draw_calendars()

    def _add_columns(self) -> None:
        table = self.table
        table.clear(columns=True)
        table.add_column("Exercise", key="name")
        headers = COMPACT_HEADERS if self._compact else HEADERS
        for label, key in zip(headers, COLUMN_KEYS, strict=True):
            table.add_column(Text(label, justify="right"), key=key)

    # ---------------------------------------------------------------- data
    def refresh_data(self) -> None:
        """Read the statistics again if the data changed (or the day rolled over)."""
        if self.stats is None:
            return
        try:
            self.week_start = 6 if self.tracker.setting("week-start") == "sun" else 0
            today = self.tracker.today()
        except SecondHeartError as exc:
            self.host.report(exc)
            return
        if self._today is not None and today != self._today:
            if self.selected == self._today:
                self.selected = today
            self._today = today
        self._load_step()

    def _load_step(self) -> None:
        """Load for a few milliseconds; come back after a frame until done."""
        if self._step_timer is not None:
            self._step_timer.stop()
            self._step_timer = None
        stats = self.stats
        if stats is None:
            return
        try:
            done = stats.advance(STEP_BUDGET)
        except SecondHeartError as exc:
            self.host.report(exc)
            return
        if done:
            self._show(stats.snapshot)
            return
        if self.snapshot is None:
            self.table.border_subtitle = "loading…"
        self._step_timer = self.set_timer(STEP_PAUSE, self._load_step)

    def _show(self, snapshot: StreaksSnapshot | None) -> None:
        if snapshot is None:
            return
        if snapshot is not self.snapshot:
            self.snapshot = snapshot
            self._fill_table(snapshot)
        self.table.border_subtitle = ""
        self._draw_calendars()

    def _fill_table(self, snapshot: StreaksSnapshot) -> None:
        table = self.table
        keys = [f"ex-{row.exercise.id}" for row in snapshot.rows] + [ALL]
        wanted = ALL if self.exercise_id is None else f"ex-{self.exercise_id}"
        if not self._filled and snapshot.rows:
            wanted = keys[0]  # the first time: the first exercise
        self._filled = True
        name_width = COMPACT_NAME_WIDTH if self._compact else NAME_WIDTH
        table.clear()
        for row in snapshot.rows:
            summary = row.summary
            table.add_row(
                Text(_cut(visible(row.exercise.name), name_width)),
                Text(_streak_text(summary.streak), justify="right", style="bold"),
                Text(_best_text(summary.streak), justify="right"),
                Text(_percent(summary.strength), justify="right"),
                *(
                    Text(_percent(summary.completion.get(w, 0.0)), justify="right")
                    for w in (7, 30, 365)
                ),
                key=f"ex-{row.exercise.id}",
            )
        perfect = snapshot.perfect
        table.add_row(
            Text("All" if self._compact else "All · perfect days", style="bold"),
            Text(_streak_text(perfect), justify="right", style="bold"),
            Text(_best_text(perfect), justify="right"),
            Text(_percent(snapshot.mean_strength), justify="right"),
            *(Text(_percent(snapshot.mean_completion(w)), justify="right") for w in (7, 30, 365)),
            key=ALL,
        )
        index = keys.index(wanted) if wanted in keys else 0
        self.exercise_id = self._exercise_for(keys[index])
        table.move_cursor(row=index, animate=False)
        table.styles.max_height = len(keys) + 1 + (0 if self.has_class("-short") else 2)

    @staticmethod
    def _exercise_for(key: str) -> int | None:
        return None if key == ALL else int(key.removeprefix("ex-"))

    def _label(self) -> str:
        if self.exercise_id is None:
            return "All"
        if self.snapshot is not None:
            for row in self.snapshot.rows:
                if row.exercise.id == self.exercise_id:
                    return row.exercise.name
        return ""

    # ------------------------------------------------------------ calendars
    def heatmap_first(self) -> dt.date:
        """First day of the heatmap: 53 weeks ending with the shown month's last week.

        For the current month, the year ends with this week (as on GitHub).
        """
        _, last = month_bounds(self.selected)
        last = min(last, self._today or self.tracker.today())
        end = week_start_of(last, self.week_start) + dt.timedelta(days=6)
        return end - dt.timedelta(days=WEEKS * 7 - 1)

    def visible_cells(self) -> list[CalendarCell]:
        """Cells for the heatmap's 53 weeks (which always hold the shown month)."""
        if self.stats is None:
            return []
        first = self.heatmap_first()
        last = first + dt.timedelta(days=WEEKS * 7 - 1)
        return self.stats.cells(self.exercise_id, first, last)

    def _draw_calendars(self) -> None:
        today = self._today or self.tracker.today()
        cells = self.visible_cells()
        first, last = month_bounds(self.selected)
        month_cells = [c for c in cells if first <= c.day <= last]
        label = self._label()
        self.query_one("#month", MonthCalendar).show(
            self.selected,
            month_cells,
            selected=self.selected,
            today=today,
            week_start=self.week_start,
            label=label,
            summary="" if self.has_class("-short") else self._day_summary(month_cells, today),
        )
        self.query_one("#year", YearHeatmap).show(
            self.heatmap_first(), cells, selected=self.selected, today=today
        )

    def _day_summary(self, month_cells: list[CalendarCell], today: dt.date) -> str:
        """A line about the selected day, e.g. 'Sat 21 Nov: ✓ met'."""
        day = self.selected
        if day > today:
            return f" {day:%a %d %b}: not yet"
        cell = next((c for c in month_cells if c.day == day), None)
        status = cell.status if cell else Status.UNSCHEDULED
        return f" {day:%a %d %b}: {status.glyph} {STATUS_WORDS[status]}"

    def select_day(self, day: dt.date) -> None:
        """Select ``day`` (never after today) and redraw the calendars."""
        today = self._today or self.tracker.today()
        day = max(EARLIEST, min(day, today))
        if day == self.selected:
            return
        self.selected = day
        self._draw_calendars()

    # -------------------------------------------------------------- events
    @on(DataTable.RowHighlighted, "#streak-table")
    def _row_moved(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key is None:
            return
        exercise_id = self._exercise_for(key)
        if exercise_id != self.exercise_id:
            self.exercise_id = exercise_id
            self._draw_calendars()

    def _follow_table_cursor(self) -> None:
        table = self.table
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        exercise_id = self._exercise_for(key) if key is not None else self.exercise_id
        if exercise_id != self.exercise_id:
            self.exercise_id = exercise_id
            self._draw_calendars()

    @on(MonthCalendar.DayClicked)
    @on(YearHeatmap.DayClicked)
    def _day_clicked(self, event: MonthCalendar.DayClicked | YearHeatmap.DayClicked) -> None:
        if event.double and event.day == self.selected:
            self.action_open_day()
        else:
            self.select_day(event.day)

    # ------------------------------------------------------------- actions
    def action_day(self, delta: int) -> None:
        self.select_day(self.selected + dt.timedelta(days=delta))

    def action_vertical(self, delta: int) -> None:
        if self.focused is self.table:
            if delta < 0:
                self.table.action_cursor_up()
            else:
                self.table.action_cursor_down()
            # Redraw the calendars now, in the same frame as the table's
            # cursor, rather than a message later (which costs a second frame).
            self._follow_table_cursor()
            return
        self.select_day(self.selected + dt.timedelta(days=7 * delta))

    def action_month(self, delta: int) -> None:
        self.select_day(_shift_months(self.selected, delta))

    def action_year(self, delta: int) -> None:
        self.select_day(_shift_months(self.selected, 12 * delta))

    def action_this_month(self) -> None:
        self.select_day(self._today or self.tracker.today())

    def action_all(self) -> None:
        table = self.table
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)

    def action_switch_focus(self) -> None:
        month = self.query_one("#month", MonthCalendar)
        (self.table if self.focused is month else month).focus()

    def action_open_day(self) -> None:
        self.host.open_day(self.selected, self.exercise_id)
