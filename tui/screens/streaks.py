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
from collections.abc import Callable, Sequence

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, Static

from ..core import insights
from ..core.model import WORDS, Status
from ..core.streaks import CalendarCell, StreakStats
from ..core.text import visible
from ..host import HostAccess, host_of
from ..messages import DataChanged, DayChanged
from ..store.errors import SecondHeartError
from ..store.service import Tracker
from ..store.stats import (
    MAX_SPARK_WEEKS,
    SPARK_WEEKS,
    Insight,
    StreaksSnapshot,
    StreakStatsCache,
)
from ..widgets.best_streaks import BestStreaks
from ..widgets.column_chart import TARGET_GLYPH, Column, ColumnChart
from ..widgets.keybar import KeyBar
from ..widgets.month_calendar import MonthCalendar, month_bounds, week_start_of
from ..widgets.spot_compositor import SpotUpdates
from ..widgets.streak_table import Cell, StreakTable, TableColumn, TableRow
from ..widgets.weekday_pattern import WeekdayPattern
from ..widgets.year_heatmap import (
    MET_GLYPH,
    PARTIAL_GLYPH,
    TODAY_OPEN_GLYPH,
    WEEKS,
    YearHeatmap,
    width_needed,
)

ALL = "all"
AVERAGE = "average"
NAME_WIDTH = 22
COMPACT_NAME_WIDTH = 12
NARROW_NAME_WIDTH = 18  # below NARROW_WIDTH columns, so the sparklines fit
NARROW_WIDTH = 100
WIDE_WIDTH = 120  # from this many columns: the table spans the pane, with 52 weeks
WIDE_NAME_WIDTH = 40  # names are cut here on a wide pane, once the sparkline has its weeks
TABLE_FIXED = 50  # table cells that are neither name nor sparkline: border, numbers, padding, bar
# From this many columns (with room for calendars and charts), the best streaks
# and the weekdays sit beside the table, and the charts below get the width.
SIDE_WIDTH = 170
SIDE_MIN_WIDTH = 50  # columns kept beside the table for them (a cross-year span and a bar)
SIDE_HEIGHT = 16  # their rows: best streaks (5 and a border) over the weekdays (9)
CALENDAR_VIEW_HEIGHT = 11  # the month calendar and the legend line under it
SIDE_CHARTS_HEIGHT = 11  # rows the charts keep under the calendar (a longer table scrolls)
STEP_BUDGET = 0.006  # seconds of loading per slice before letting a frame through
STEP_PAUSE = 0.001  # seconds between slices
PREWARM_PAUSE = 0.02  # seconds between background slices before the screen is open
NEIGHBOUR_PAUSE = 0.03  # seconds after a draw before the next rows' data is made
NEIGHBOUR_STEP = 0.004  # seconds between its pieces
# The pieces of an exercise's data made ahead for the rows next to the cursor, in order
# (strength first: it computes the strength series the others do not need).
PIECES = ("cells", "strength", "history", "best", "weekdays")
CALENDAR_WIDTH = 37
EARLIEST = dt.date(1900, 1, 1)
SHORT_HEIGHT = 20  # below this many rows: no table border, no day summary
COMPACT_WIDTH = 66  # below this many columns: short headers and names
HEADERS = ("Streak", "Best", "Strength", "7 d", "30 d", "365 d")
COMPACT_HEADERS = ("Now", "Best", "Str", "7d", "30d", "1y")
BOTH_HEIGHT = 44  # from this many rows (and BOTH_WIDTH columns): calendars and charts together
BOTH_WIDTH = 120
CHARTS_TABLE_ROWS = 4  # exercises the table shows beside the charts on a short pane
# Below this width, or with fewer rows than this left under the table, the charts
# are shown one at a time (``c`` steps through them, then back to the calendars).
PAGED_WIDTH = 80
PAGED_HEIGHT = 15  # the best streaks and weekdays (9 rows) and a chart of 6
PANELS = ("strength-chart", "history-chart", "best-streaks", "weekdays")
SPARK = "▁▂▃▄▅▆▇█"
STRENGTH_LABEL_EVERY = 12  # columns between the strength chart's x labels ("17 Mar 25" fits)
STRENGTH_LABELS = {"day": "day", "week": "week", "month": "month", "quarter": "quarter"}


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


def sparkline(values: tuple[float | None, ...]) -> str:
    """The last weeks' completion as block glyphs, 0 % to 100 % on one fixed scale.

    A week with nothing due is a dot. (Textual's ``Sparkline`` scales each row
    between its own lowest and highest week, so 90 % beside 100 % would look
    like empty beside full; rows must be comparable.)
    """
    glyphs = ["·" if v is None else SPARK[min(7, max(0, round(v * 7)))] for v in values]
    return "".join(glyphs)


def table_widths(width: int, side: bool = False) -> tuple[int, int]:
    """(name width, sparkline weeks) for a pane ``width`` columns wide.

    Below :data:`WIDE_WIDTH` the table keeps its ordinary shape (12 weeks);
    from there it spans the pane with a year of weeks, and the name column
    takes what is left, up to :data:`WIDE_NAME_WIDTH` (leaving
    :data:`SIDE_MIN_WIDTH` columns when the best streaks sit beside it).
    """
    if width < WIDE_WIDTH:
        return (NARROW_NAME_WIDTH if width < NARROW_WIDTH else NAME_WIDTH), SPARK_WEEKS
    room = width - TABLE_FIXED - MAX_SPARK_WEEKS - (SIDE_MIN_WIDTH if side else 0)
    return max(NARROW_NAME_WIDTH, min(WIDE_NAME_WIDTH, room)), MAX_SPARK_WEEKS


def side_by_side(width: int, height: int) -> bool:
    """Whether a pane this size shows the best streaks and weekdays beside the table."""
    return width >= SIDE_WIDTH and height >= BOTH_HEIGHT


def _bucket_label(day: dt.date, bucket: str, with_year: bool = True) -> str:
    if bucket in ("day", "week"):
        return f"{day.day} {day:%b %y}" if with_year else f"{day.day} {day:%b}"
    if bucket == "month":
        return f"{day:%b %y}"
    if bucket == "quarter":
        return f"Q{(day.month - 1) // 3 + 1} {day:%y}"
    return f"{day:%Y}"


def axis_labels(starts: Sequence[dt.date], bucket: str, every: int) -> list[str]:
    """The x-axis labels: every ``every``-th bucket, counted back from the newest.

    A chart of fewer buckets than that labels its first.

    Months, quarters and years carry their year ("Mar 25", "Q1 25", "2025");
    days and weeks ("17 Mar") carry it on the first label and wherever the
    year changes ("17 Mar 25 ... 22 Dec  2 Mar 26"), so a range that spans
    years always says which.
    """
    first = len(starts) % every if len(starts) >= every else 0
    labels = []
    year = None
    for i, day in enumerate(starts):
        if i % every != first:
            labels.append("")
            continue
        labels.append(_bucket_label(day, bucket, with_year=day.year != year))
        year = day.year
    return labels


def legend(vertical: bool = False) -> Content:
    """What the glyphs mean: one line for calendar and heatmap, or a column for the calendar."""
    items = [
        ("✓", MET_GLYPH, "$status-met", "met"),
        ("◐", PARTIAL_GLYPH, "$status-partial", "partial"),
        ("↷", "", "$status-skipped", "skipped"),
        ("✗", "", "$status-missed", "missed"),
        ("○", "", "bold", "to do"),
        ("·", "", "dim", "not due"),
        ("–", "", "dim", "not started"),
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


def prewarm(app: App, then: Callable[[], object] | None = None) -> None:
    """Load the statistics in idle slices, so the first visit to Streaks is instant.

    Meant for ``App.after_start``; each slice takes a few milliseconds.
    ``then`` runs once the loading is over (done, or given up).
    """
    cache = shared_stats(app)
    started_for = cache.change_key()

    def finish() -> None:
        if then is not None:
            app.set_timer(PREWARM_PAUSE, then)

    def step() -> None:
        # A write while warming (the user is ticking things off on Today) makes
        # this load stale: stop, rather than start over after every key; the
        # screen loads fresh statistics when it is opened.
        if cache.change_key() != started_for:
            finish()
            return
        try:
            done = cache.advance(STEP_BUDGET)
        except SecondHeartError:
            finish()
            return  # the screen reports it when opened
        if done:
            finish()
        else:
            app.set_timer(PREWARM_PAUSE, step)

    app.set_timer(PREWARM_PAUSE, step)


MONTH = Binding.Group("Month")
YEAR = Binding.Group("Year")


class StreaksScreen(HostAccess, SpotUpdates, Screen):
    """Look back: streaks, strength, completion, a month and a year at a glance."""

    CSS_PATH = "streaks.tcss"
    BINDING_GROUP_TITLE = "Streaks"

    BINDINGS = [
        # Every key of this screen is a priority binding (it has no text field):
        # answered as it reaches the app, in the order typed, so `[` then `enter`
        # typed ahead opens a day of the month it moved to.
        Binding("enter", "open_day", "Open day", priority=True),
        Binding("left_square_bracket", "month(-1)", "Prev month", group=MONTH, priority=True),
        Binding("right_square_bracket", "month(1)", "Next month", group=MONTH, priority=True),
        Binding("left_curly_bracket", "year(-1)", "Prev year", group=YEAR, priority=True),
        Binding("right_curly_bracket", "year(1)", "Next year", group=YEAR, priority=True),
        Binding("t", "this_month", "This month", priority=True),
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
        Binding("tab", "switch_focus", "Switch table / calendar", show=False, priority=True),
        Binding("a", "all", "All exercises together", show=False, priority=True),
        Binding("c", "charts", "Charts / calendar", priority=True),
        Binding("b", "strength_bucket", "Strength by day/week/month/quarter", priority=True),
        Binding("B", "history_bucket", "Bars by week/month/year", priority=True),
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
        self._neighbour_timer: Timer | None = None
        self._neighbour_work: list[tuple[int | None, str]] = []  # (exercise, piece of PIECES)
        self._compact = False
        self._narrow = False
        self._widths = (NAME_WIDTH, SPARK_WEEKS)  # name width, sparkline weeks
        self._side = False  # best streaks and weekdays wanted beside the table (see compose)
        self._filled = False  # the table has been filled once
        self.show_charts = False  # on panes too small for both: charts instead of calendars
        self.chart_page = 0  # on panes too small for all four: the one shown (index in PANELS)
        self.strength_bucket = "week"
        self.history_bucket = "month"
        self._drawn: dict[str, tuple[Widget, tuple[object, ...]]] = {}  # panel: (widget, drawn for)
        self._calendars_drawn_for: tuple[object, ...] = ()
        self._calendars_stale = False  # changed while hidden behind the charts

    def compose(self) -> ComposeResult:
        if not self.is_attached:
            return  # built ahead as the app closes (SecondHeartApp.prebuild): never shown
        yield Header()
        with Vertical(id="streaks"):
            table = StreakTable(id="streak-table")
            table.border_title = "Streaks"
            yield table
            # The best streaks and weekdays live here on a wide pane, else in the grid.
            side = self._side = side_by_side(*self.app.size)
            with Vertical(id="side"):
                if side:
                    yield from self._side_panels()
            with Vertical(id="calendar-view"):
                with Horizontal(id="calendars"):
                    yield MonthCalendar(id="month")
                    yield YearHeatmap(id="year")
                    yield Static(legend(vertical=True), id="legend-column")
                yield Static(legend(), id="legend")
            with Grid(id="insights"):
                yield ColumnChart(id="strength-chart")
                yield ColumnChart(id="history-chart")
                if not side:
                    yield from self._side_panels()
        yield KeyBar()

    @staticmethod
    def _side_panels() -> tuple[BestStreaks, WeekdayPattern]:
        return BestStreaks(id="best-streaks"), WeekdayPattern(id="weekdays")

    @property
    def tracker(self) -> Tracker:
        return self.host.tracker

    @property
    def table(self) -> StreakTable:
        return self.query_one("#streak-table", StreakTable)

    @property
    def loading_data(self) -> bool:
        """True while statistics are being (re)loaded between frames."""
        return self._step_timer is not None

    # ------------------------------------------------------------ lifecycle
    def on_mount(self) -> None:
        if not self.children:
            return  # see compose
        self.stats = shared_stats(self.app)
        self.selected = self.tracker.today()
        self._today = self.selected
        self.table.focus()
        self._apply_layout()
        # Built ahead of its first visit (see ``SecondHeartApp.prebuild``): fill
        # it now only from statistics already loaded; loading them in slices
        # waits for the visit, so it never competes with the screen in use.
        if self.is_current or self.stats.is_fresh():
            self.refresh_data()

    def on_screen_resume(self) -> None:
        if self.is_current or self.stats is None or self.stats.is_fresh():
            self.refresh_data()

    @on(DataChanged)
    @on(DayChanged)
    def _data_changed(self) -> None:
        self.refresh_data()

    def on_resize(self) -> None:
        if self.stats is not None:  # mounted (see on_mount)
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
        both = height >= BOTH_HEIGHT and width >= BOTH_WIDTH
        self.set_class(both, "-both")
        side = side_by_side(width, height)
        if side != self._side:
            self._side = side
            self.call_later(self._place_side_panels)
        # beside the table only once they are there (and at once when they leave)
        self.set_class(side and self._panels_beside(), "-side")
        self._apply_view()
        short = height < SHORT_HEIGHT
        compact = width < COMPACT_WIDTH
        narrow = width < NARROW_WIDTH
        widths = table_widths(width, side)
        columns_changed = (
            compact != self._compact or narrow != self._narrow or widths != self._widths
        )
        changed = short != self.has_class("-short") or columns_changed
        self.set_class(short, "-short")
        self.set_class(width >= WIDE_WIDTH, "-wide")
        self.set_class(compact, "-compact")
        if columns_changed or not self.table.columns:
            self._compact = compact
            self._narrow = narrow
            self._widths = widths
            self._add_columns()
        if changed and self.snapshot is not None:
            self._fill_table(self.snapshot)
            self._draw_calendars()
        if self.snapshot is not None:
            self._draw_charts()  # the ones just shown (each fits itself to its size)

    def _panels_beside(self) -> bool:
        """Whether the best streaks and weekdays are in the column beside the table."""
        return bool(self.query_one("#side").children)

    async def _place_side_panels(self) -> None:
        """Move the best streaks and weekdays beside the table, or back under the charts.

        Textual cannot move a widget to another parent, so new ones are made
        (they hold nothing the next draw does not give them).
        """
        if self._side == self._panels_beside():
            return
        await self.query("#best-streaks, #weekdays").remove()
        target = self.query_one("#side" if self._side else "#insights")
        await target.mount_all(self._side_panels())
        self._apply_layout()

    @property
    def charts_shown(self) -> bool:
        """Whether the charts are on screen (beside the calendars, or instead of them)."""
        return self.has_class("-both") or self.show_charts

    @property
    def paged(self) -> bool:
        """Whether the charts are shown one at a time (a pane too small for all four)."""
        return self.query_one("#insights").has_class("-paged")

    def panel_shown(self, panel: str) -> bool:
        """Whether the chart or list with the id ``panel`` (one of PANELS) is on screen."""
        if not self.charts_shown:
            return False
        return not self.paged or PANELS[self.chart_page] == panel

    def _apply_view(self) -> None:
        # The classes go on the widgets they style, not on the screen: a class
        # that changes on the screen restyles all of its 26 widgets (about
        # 14 ms of the first ``c``); on the table or the grid, only those.
        both = self.has_class("-both")
        calendars = both or not self.show_charts
        self.query_one("#calendar-view").display = calendars
        insights = self.query_one("#insights")
        insights.display = self.charts_shown
        self.table.set_class(self.show_charts and not both, "-charts")
        height = self._size_table()
        width, pane_height = self.app.size
        paged = (
            self.show_charts
            and not both
            and (width < PAGED_WIDTH or pane_height - 2 - height < PAGED_HEIGHT)
        )
        insights.set_class(paged, "-paged")
        for panel in PANELS:
            self.query_one(f"#{panel}").display = not paged or PANELS[self.chart_page] == panel
        if calendars and self._calendars_stale:
            self._draw_calendars()
        self.refresh_bindings()

    def _size_table(self) -> int:
        """Limit the table's height to its rows (fewer beside the charts); returns it."""
        rows = self.table.row_count or 1
        border = 0 if self.has_class("-short") else 2
        cut = self.table.has_class("-charts") and self.app.size.height < BOTH_HEIGHT
        if cut:
            rows = min(rows, CHARTS_TABLE_ROWS)
        # A list cut short has its scroll bar from the first layout: found only
        # by that layout, the bar would widen the table and lay the screen out
        # a second time (a second frame, about 25 ms of the first ``c``).
        self.table.styles.overflow_y = "scroll" if rows < self.table.row_count else "auto"
        height = rows + 1 + border
        if self.has_class("-side"):
            # at least as high as the panels beside it; a long list scrolls
            # rather than squeeze the charts
            room = self.app.size.height - 2 - CALENDAR_VIEW_HEIGHT - SIDE_CHARTS_HEIGHT
            height = max(SIDE_HEIGHT, min(height, room))
            self.query_one("#streaks").styles.grid_rows = f"{height} {CALENDAR_VIEW_HEIGHT} 1fr"
        self.table.styles.max_height = height
        return height

    def _add_columns(self) -> None:
        numbers = [TableColumn(label, right=True) for label in COMPACT_HEADERS]
        if not self._compact:
            numbers = [TableColumn(label, right=True) for label in HEADERS]
            # the sparkline starts at the left; its header keeps to the right
            numbers.append(TableColumn(f"{self._widths[1]} weeks", label_right=True))
        self.table.set_columns([TableColumn("Exercise"), *numbers])

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
        if self.table.border_subtitle:
            self.table.border_subtitle = ""
        self._draw_calendars()
        self._draw_charts()

    def _fill_table(self, snapshot: StreaksSnapshot) -> None:
        table = self.table
        keys = [f"ex-{row.exercise.id}" for row in snapshot.rows] + [ALL, AVERAGE]
        wanted = ALL if self.exercise_id is None else f"ex-{self.exercise_id}"
        if self.exercise_id is None and table.cursor_key == AVERAGE:
            wanted = AVERAGE  # both rows show every exercise: stay on the one the cursor is on
        if not self._filled and snapshot.rows:
            wanted = keys[0]  # the first time: the first exercise
        self._filled = True
        name_width, shown_weeks = self._widths
        if self._compact:
            name_width = COMPACT_NAME_WIDTH
        compact = self._compact

        def spark(weeks: tuple[float | None, ...]) -> tuple[Cell, ...]:
            return () if compact else ((sparkline(weeks[-shown_weeks:]), ""),)

        rows = [
            TableRow(
                f"ex-{row.exercise.id}",
                (
                    (_cut(visible(row.exercise.name), name_width), ""),
                    (_streak_text(row.summary.streak), "bold"),
                    (_best_text(row.summary.streak), ""),
                    (_percent(row.summary.strength), ""),
                    *((_percent(row.summary.completion.get(w, 0.0)), "") for w in (7, 30, 365)),
                    *spark(row.weeks),
                ),
            )
            for row in snapshot.rows
        ]
        # "All" is one habit, the perfect day: every column of its row means perfect days.
        perfect = snapshot.perfect
        rows.append(
            TableRow(
                ALL,
                (
                    ("All · perfect" if self._compact else "All · perfect days", "bold"),
                    (_streak_text(perfect), "bold"),
                    (_best_text(perfect), ""),
                    (_percent(snapshot.perfect_strength), ""),
                    *((_percent(snapshot.perfect_share(w)), "") for w in (7, 30, 365)),
                    *spark(snapshot.perfect_weeks),
                ),
            )
        )
        # ... and the averages across exercises get a row of their own, without streaks.
        average = "Average of exercises"
        rows.append(
            TableRow(
                AVERAGE,
                (
                    ("Avg · exercises" if len(average) > name_width else average, "italic"),
                    ("–", "dim"),
                    ("–", "dim"),
                    (_percent(snapshot.mean_strength), ""),
                    *((_percent(snapshot.mean_completion(w)), "") for w in (7, 30, 365)),
                    *spark(()),
                ),
            )
        )
        table.set_rows(rows)
        index = keys.index(wanted) if wanted in keys else 0
        self.exercise_id = self._exercise_for(keys[index])
        table.move_cursor(index)
        self._size_table()

    @staticmethod
    def _exercise_for(key: str) -> int | None:
        return None if key in (ALL, AVERAGE) else int(key.removeprefix("ex-"))

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
        return self._heatmap_cells(self.exercise_id)

    def _heatmap_cells(self, exercise_id: int | None) -> list[CalendarCell]:
        if self.stats is None:
            return []
        first = self.heatmap_first()
        last = first + dt.timedelta(days=WEEKS * 7 - 1)
        return self.stats.cells(exercise_id, first, last)

    def _draw_calendars(self) -> None:
        """The month and the year of the selection, when shown and not drawn for it yet.

        Hidden behind the charts they wait (``_apply_view`` draws them when
        they come back): an exercise move there redraws only what is seen.
        """
        if not self.query_one("#calendar-view").display:
            self._calendars_stale = True
            return
        today = self._today or self.tracker.today()
        short = self.has_class("-short")
        label = self._label()
        snapshot_key = self.snapshot.key if self.snapshot is not None else None
        drawn_for = (snapshot_key, self.exercise_id, label, self.selected, today)
        drawn_for += (self.week_start, short)
        if drawn_for == self._calendars_drawn_for and not self._calendars_stale:
            return  # a visit or a refresh that changed nothing: keep what is drawn
        self._calendars_drawn_for = drawn_for
        self._calendars_stale = False
        cells = self.visible_cells()
        first, last = month_bounds(self.selected)
        month_cells = [c for c in cells if first <= c.day <= last]
        self.query_one("#month", MonthCalendar).show(
            self.selected,
            month_cells,
            selected=self.selected,
            today=today,
            week_start=self.week_start,
            label=label,
            summary="" if short else self._day_summary(month_cells, today),
        )
        self.query_one("#year", YearHeatmap).show(
            self.heatmap_first(), cells, selected=self.selected, today=today
        )
        self._prepare_neighbours()

    # --------------------------------------------------------------- charts
    def _draw_charts(self, panels: Sequence[str] = PANELS) -> None:
        """Strength over time, history bars, best streaks and weekdays for the selection.

        Only the ``panels`` named (ids from PANELS) that are on screen, and of
        those only the ones whose data, bucket, size or page changed since
        they were last drawn: a bucket key redraws one chart, a move in the
        calendar none.
        """
        stats, snapshot = self.stats, self.snapshot
        if not self.charts_shown or stats is None or snapshot is None:
            return
        insight = stats.insight(self.exercise_id)
        if insight is None:
            return
        unit = "weeks" if insight.roles.per_week else "days"
        paged = self.paged
        hint = self._page_hint() if paged else ""
        drawn_for = (snapshot.key, self.exercise_id, hint)
        for panel in panels:
            if not self.panel_shown(panel):
                continue
            widget = self.query_one(f"#{panel}")
            if panel == "strength-chart":
                key = (*drawn_for, self.strength_bucket)
            elif panel == "history-chart":
                key = (*drawn_for, self.history_bucket)
            else:
                key = drawn_for
            if self._drawn.get(panel) == (widget, key):
                continue
            self._drawn[panel] = (widget, key)
            if panel == "strength-chart":
                self._draw_strength(insight, hint)
            elif panel == "history-chart":
                self._draw_history(unit, hint)
            elif panel == "best-streaks":
                best = self.query_one("#best-streaks", BestStreaks)
                best.show(stats.best_streaks(self.exercise_id, 5), snapshot.today)
                best.set_titles(
                    f"Best streaks ({unit})"
                    if self.exercise_id is not None
                    else "Best perfect-day streaks",
                    hint,
                )
            else:
                weekdays = self.query_one("#weekdays", WeekdayPattern)
                weekdays.show(stats.weekday_pattern(self.exercise_id, 365))
                weekdays.set_titles("Met by weekday · last 12 months", hint)
        self._prepare_neighbours()

    def _prepare_neighbours(self) -> None:
        """Soon, between frames: make the data the rows above and below will show.

        A first look at an exercise computes its heatmap's days (about 1.5 ms
        for a year of one exercise) and, for the charts, its strength over the
        whole history (2 to 3 ms for ten years) and its best streaks. Made
        while the screen is idle, one piece per timer tick (so a key waits
        for one piece at most), the next ↑ or ↓ finds them ready. The cache
        keeps each piece until the data changes.
        """
        if self._neighbour_timer is not None:
            self._neighbour_timer.stop()
            self._neighbour_timer = None
        rows = [row.exercise.id for row in self.snapshot.rows] if self.snapshot else []
        order: list[int | None] = [*rows, None]
        here = order.index(self.exercise_id) if self.exercise_id in order else len(order) - 1
        neighbours = [order[i] for i in (here + 1, here - 1) if 0 <= i < len(order)]
        self._neighbour_work = [(exercise, piece) for exercise in neighbours for piece in PIECES]
        self._neighbour_timer = self.set_timer(NEIGHBOUR_PAUSE, self._prepare_neighbour)

    def _prepare_neighbour(self) -> None:
        """One piece of the neighbours' data (what is on screen needs); the next one soon."""
        self._neighbour_timer = None
        stats = self.stats
        if stats is None or self.loading_data or not self.is_current:
            return
        while self._neighbour_work:
            exercise_id, piece = self._neighbour_work.pop(0)
            if piece == "cells":
                if self.query_one("#calendar-view").display:
                    self._heatmap_cells(exercise_id)
                    break
            elif not self.charts_shown:
                continue
            elif piece == "strength":
                strength = self.query_one("#strength-chart", ColumnChart)
                stats.strength_points(exercise_id, self.strength_bucket, strength.capacity(1))
                break
            elif piece == "history":
                history = self.query_one("#history-chart", ColumnChart)
                stats.history(exercise_id, self.history_bucket, history.capacity(2))
                break
            elif piece == "best":
                stats.best_streaks(exercise_id, 5)
                break
            else:
                stats.weekday_pattern(exercise_id, 365)
                break
        if self._neighbour_work:
            self._neighbour_timer = self.set_timer(NEIGHBOUR_STEP, self._prepare_neighbour)

    def _page_hint(self) -> str:
        """Where the shown chart is in the cycle, and what ``c`` does next."""
        last = self.chart_page == len(PANELS) - 1
        return f"c: {'calendar' if last else 'next'} ({self.chart_page + 1}/{len(PANELS)})"

    def _draw_strength(self, insight: Insight, hint: str) -> None:
        stats, exercise_id = self.stats, self.exercise_id
        assert stats is not None
        chart = self.query_one("#strength-chart", ColumnChart)
        bucket = self.strength_bucket

        def columns(limit: int) -> list[Column]:
            points = stats.strength_points(exercise_id, bucket, limit)
            labels = axis_labels([p.start for p in points], bucket, STRENGTH_LABEL_EVERY)
            return [Column(p.value, label=label) for p, label in zip(points, labels, strict=True)]

        chart.show_fitted(columns, top=1.0, percent=True)
        name = visible(self._label()) if self.exercise_id is not None else "All · perfect days"
        now = f" · now {_percent(insight.strength[-1])}" if insight.strength else ""
        chart.set_titles(
            f"{name} · strength by {bucket}{now}",
            f"b: bucket  {hint}" if hint else "b: day/week/month/quarter",
        )

    def _draw_history(self, unit: str, hint: str) -> None:
        stats, exercise_id = self.stats, self.exercise_id
        assert stats is not None
        bars_chart = self.query_one("#history-chart", ColumnChart)
        bucket = self.history_bucket

        def columns(limit: int) -> list[Column]:
            bars = stats.history(exercise_id, bucket, limit)
            labels = axis_labels([b.start for b in bars], bucket, 4 if bucket != "year" else 2)
            return [
                Column(b.met, target=b.due, label=label, full=b.due > 0 and b.met >= b.due)
                for b, label in zip(bars, labels, strict=True)
            ]

        bars_chart.show_fitted(columns, column_width=2)
        what = "perfect days" if self.exercise_id is None else "days met"
        target = f"{TARGET_GLYPH} due" if unit == "days" else f"{TARGET_GLYPH} quota"
        if hint:
            subtitle = f"█ met  {target}  B: bucket  {hint}"
        else:
            due = f" ({unit} due)" if unit == "days" else ""
            subtitle = f"█ met  {target}{due}  B: week/month/year"
        bars_chart.set_titles(f"{what} by {bucket}", subtitle)

    def _day_summary(self, month_cells: list[CalendarCell], today: dt.date) -> str:
        """A line about the selected day, e.g. 'Sat 21 Nov: ✓ met'."""
        day = self.selected
        if day > today:
            return f" {day:%a %d %b}: not yet"
        cell = next((c for c in month_cells if c.day == day), None)
        status = cell.status if cell else Status.UNSCHEDULED
        return f" {day:%a %d %b}: {status.glyph} {WORDS[status]}"

    def select_day(self, day: dt.date) -> None:
        """Select ``day`` (never after today) and redraw the calendars."""
        today = self._today or self.tracker.today()
        day = max(EARLIEST, min(day, today))
        if day == self.selected:
            return
        self.selected = day
        self._draw_calendars()

    # -------------------------------------------------------------- events
    @on(StreakTable.RowHighlighted, "#streak-table")
    def _row_moved(self, event: StreakTable.RowHighlighted) -> None:
        exercise_id = self._exercise_for(event.key)
        if exercise_id != self.exercise_id:
            self.exercise_id = exercise_id
            self._draw_calendars()
            self._draw_charts()

    def _follow_table_cursor(self) -> None:
        key = self.table.cursor_key
        if key is None:
            return
        exercise_id = self._exercise_for(key)
        if exercise_id != self.exercise_id:
            self.exercise_id = exercise_id
            self._draw_calendars()
            self._draw_charts()

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
        self.paint_now()

    def action_vertical(self, delta: int) -> None:
        if self.focused is self.table:
            if delta < 0:
                self.table.action_cursor_up()
            else:
                self.table.action_cursor_down()
            # Redraw the calendars now, in the same frame as the table's
            # cursor, rather than a message later (which costs a second frame).
            self._follow_table_cursor()
        else:
            self.select_day(self.selected + dt.timedelta(days=7 * delta))
        self.paint_now()

    def action_month(self, delta: int) -> None:
        self.select_day(_shift_months(self.selected, delta))
        self.paint_now()

    def action_year(self, delta: int) -> None:
        self.select_day(_shift_months(self.selected, 12 * delta))
        self.paint_now()

    def action_this_month(self) -> None:
        self.select_day(self._today or self.tracker.today())
        self.paint_now()

    def action_all(self) -> None:
        """The "All · perfect days" row (not the last row: the averages are below it)."""
        table = self.table
        for index, row in enumerate(table.rows):
            if row.key == ALL:
                table.move_cursor(index)
                return

    def action_charts(self) -> None:
        """Charts instead of the calendars, or back (panes too small for both).

        On a pane too small for all four charts, they come one at a time:
        calendars, strength, history, best streaks, weekdays, calendars.
        """
        if self.show_charts and self.paged and self.chart_page < len(PANELS) - 1:
            self.chart_page += 1
        else:
            self.show_charts = not self.show_charts
            self.chart_page = 0
        self._apply_view()
        # Drawn now, in the frame that shows them: each chart asks for as
        # many columns as it has room for when it is drawn, after the layout.
        self._draw_charts()

    def action_strength_bucket(self) -> None:
        order = insights.STRENGTH_BUCKETS
        self.strength_bucket = order[(order.index(self.strength_bucket) + 1) % len(order)]
        self._draw_charts(("strength-chart",))
        self.paint_now()

    def action_history_bucket(self) -> None:
        order = insights.HISTORY_BUCKETS
        self.history_bucket = order[(order.index(self.history_bucket) + 1) % len(order)]
        self._draw_charts(("history-chart",))
        self.paint_now()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "strength_bucket":
            return self.panel_shown("strength-chart")
        if action == "history_bucket":
            return self.panel_shown("history-chart")
        if action == "charts":
            return not self.has_class("-both")
        return True

    def action_switch_focus(self) -> None:
        month = self.query_one("#month", MonthCalendar)
        (self.table if self.focused is month else month).focus()

    def action_open_day(self) -> None:
        self.host.open_day(self.selected, self.exercise_id)
