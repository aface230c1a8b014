"""Journal: rate the day's leg symptoms from the keyboard, and see the weeks side by side.

The table lists the six symptoms the sources name (rated 0-3) and the two
signs that need a medical evaluation (yes or no), then a row for all
symptoms together. ``space`` goes round the levels (mild first, so each
press is one level), ``+``/``-`` step, ``0`` sets none (no), ``y`` yes,
``x`` takes the record away; ``n`` writes the day's note. A red flag is
only ever set to yes with ``y``: space and ``+`` record no at most. Days
move like on Today (``←``/``→``, ``h``/``l``, ``t``) and the day is the one
Today shows. Recording a red flag opens the warning
signs (the "have these checked by a doctor" advice) at once. Beside the
table: the weekly burden of the highlighted symptom (or all of them) and the
routine's weekly completion, over 12, 26 or 52 weeks (``w``), as a record
side by side; nothing is interpreted.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Static

from ..core.journal import (
    SPANS,
    SYMPTOMS,
    JournalDay,
    Symptom,
    WeekBurden,
    cycle_level,
    level_glyphs,
    step_level,
)
from ..core.text import plural
from ..host import HostAccess
from ..messages import DataChanged, DayChanged
from ..store.errors import SecondHeartError
from ..widgets.column_chart import Column, ColumnChart
from ..widgets.keybar import KeyBar
from ..widgets.plain import plain_lines
from ..widgets.spot_compositor import SpotUpdates

ALL = "all"
WIDE = 76  # from this many columns the charts sit beside the table, else below it
TALL = 34  # below this many rows (when narrow) the charts give way to the table
WIDEST_COLUMN = 6  # cells per week at most, on a wide pane
NAME_WIDTH = 15


class JournalScreen(HostAccess, SpotUpdates, Screen):
    """Rate today's symptoms; look at the weeks."""

    CSS_PATH = "journal.tcss"
    BINDING_GROUP_TITLE = "Journal"

    BINDINGS = [
        Binding(
            "space",
            "cycle",
            "Rate",
            tooltip="Next level: mild, moderate, severe, none (a red flag: no)",
        ),
        Binding("plus", "step(1)", "+", show=False, tooltip="One level up (a red flag: no)"),
        Binding("minus", "step(-1)", "-", show=False, tooltip="One level down (a red flag: no)"),
        Binding("0", "set_level(0)", "None", show=False, tooltip="None (a red flag: no)"),
        Binding("y", "yes", "Yes", show=False, tooltip="A red-flag sign: yes"),
        Binding("x,delete,backspace", "clear", "Clear", show=False, tooltip="Not recorded"),
        Binding("n", "note", "Note", tooltip="The day's note"),
        Binding("left,h", "day(-1)", "Prev day", show=False, priority=True, tooltip="Previous day"),
        Binding(
            "right,l",
            "day(1)",
            "Next day",
            show=False,
            priority=True,
            tooltip="Next day (never past today)",
        ),
        Binding("t", "go_today", "Today", show=False, tooltip="Back to today"),
        Binding("j", "move(1)", "Down", show=False, tooltip="Next symptom"),
        Binding("k", "move(-1)", "Up", show=False, tooltip="Previous symptom"),
        Binding("w", "span", "Weeks", tooltip="The charts over 12, 26 or 52 weeks"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entry: JournalDay | None = None
        self.weeks = SPANS[0]
        self._trend: tuple[list[WeekBurden], list[float | None]] | None = None
        self._trend_key: tuple | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="journal"):
            with Horizontal(id="journal-bar"):
                yield Label("", id="journal-day")
                yield Label("", id="journal-count")
            with Horizontal(id="journal-body"):
                with Vertical(id="journal-left"):
                    table: DataTable = DataTable(
                        id="journal-table", cursor_type="row", show_header=False
                    )
                    table.border_title = "Leg journal"
                    yield table
                    yield Static("", id="journal-detail")
                    yield Static("", id="journal-note")
                with Vertical(id="journal-trend"):
                    yield ColumnChart(id="burden-chart")
                    yield ColumnChart(id="completion-chart")
        yield KeyBar()

    @property
    def table(self) -> DataTable:
        return self.query_one("#journal-table", DataTable)

    @property
    def day(self) -> dt.date:
        return self.host.shown_day

    def on_mount(self) -> None:
        table = self.table
        table.add_column("symptom", key="name", width=NAME_WIDTH)
        table.add_column("glyphs", key="glyphs", width=4)
        table.add_column("level", key="level")
        for symptom in SYMPTOMS:
            table.add_row(*self._cells(symptom, None), key=symptom.slug)
        table.add_row(Text("All symptoms", style="italic"), "", "", key=ALL)
        table.focus()
        self._apply_layout()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def on_resize(self) -> None:
        self._apply_layout()

    @on(DataChanged)
    @on(DayChanged)
    def _data_changed(self) -> None:
        self.refresh_data()

    def _apply_layout(self) -> None:
        width, height = self.app.size
        wide = width >= WIDE
        self.set_class(wide, "-wide")
        self.query_one("#journal-trend").display = wide or height >= TALL
        self.call_after_refresh(self._draw_charts)

    # ------------------------------------------------------------- drawing
    def _cells(self, symptom: Symptom, level: int | None) -> tuple[Text, Text, Text]:
        name = Text(("⚑ " if symptom.red_flag else "") + symptom.name)
        if symptom.red_flag and level:
            name.stylize("bold")
        glyphs = Text(level_glyphs(symptom, level), style="" if level else "dim")
        word = Text(symptom.level_word(level), style="dim" if level is None else "")
        return name, glyphs, word

    def refresh_data(self) -> None:
        """Read the shown day (and the trend, if the data changed) and redraw."""
        tracker = self.host.tracker
        from ..store import journal

        try:
            entry = journal.day_of(tracker, self.day)
            key = (tracker.change_stamp(), tracker.today(), self.weeks)
            if key != self._trend_key:
                self._trend = journal.trend(tracker, self.weeks)
                self._trend_key = key
        except SecondHeartError as exc:
            self.host.report(exc)
            return
        self.entry = entry
        table = self.table
        for symptom in SYMPTOMS:
            name, glyphs, word = self._cells(symptom, entry.level(symptom.slug))
            table.update_cell(symptom.slug, "name", name)
            table.update_cell(symptom.slug, "glyphs", glyphs)
            table.update_cell(symptom.slug, "level", word)
        delta = (tracker.today() - self.day).days
        when = "today" if delta == 0 else "yesterday" if delta == 1 else f"{delta} days ago"
        self.query_one("#journal-day", Label).update(
            f"[b]{self.day:%a %d %b %Y}[/b]  [dim]{when}[/dim]"
        )
        recorded = sum(1 for s in SYMPTOMS if entry.level(s.slug) is not None)
        flags = len(entry.red_flags)
        count = f"{recorded}/{len(SYMPTOMS)} recorded"
        if flags:
            count += f" · ⚑ {plural(flags, 'red flag')} · ! when to see a doctor"
        self.query_one("#journal-count", Label).update(Content(count))
        note = self.query_one("#journal-note", Static)
        if entry.note:
            note.update(Content.assemble("✎ ", plain_lines(entry.note)))
        else:
            note.update(Content.styled("n adds a note for the day", "dim"))
        self._show_detail()
        self._draw_charts()
        self.host.update_title()

    def current(self) -> Symptom | None:
        """The symptom under the cursor (None on the "All symptoms" row)."""
        row = self.table.cursor_row
        return SYMPTOMS[row] if 0 <= row < len(SYMPTOMS) else None

    def _show_detail(self) -> None:
        symptom = self.current()
        if symptom is None:
            text = "All six symptoms together: their ratings added up per week."
        elif symptom.red_flag:
            text = (
                f"{symptom.words.capitalize()}: a sign to have checked by a doctor. "
                "y yes · 0 no · x clear"
            )
        else:
            text = f"{symptom.words.capitalize()}. space/+ up · - down · 0 none · x clear"
        self.query_one("#journal-detail", Static).update(Content(text))

    @on(DataTable.RowHighlighted)
    def _row_moved(self) -> None:
        self._show_detail()
        self._draw_charts()

    def _draw_charts(self) -> None:
        if self._trend is None or not self.query_one("#journal-trend").display:
            return
        burden, completion = self._trend
        symptom = self.current()
        slug = symptom.slug if symptom is not None and not symptom.red_flag else None
        chart = self.query_one("#burden-chart", ColumnChart)
        width, gap = chart.fit(len(burden), WIDEST_COLUMN)
        shown = min(len(burden), chart.capacity(width, gap))
        every = -(-8 // (width + gap))  # a label (6 cells) every 8 cells or more
        start = len(burden) % every
        weeks = burden[-shown:]
        labels = [
            f"{w.start.day} {w.start:%b}" if (i + len(burden) - shown) % every == start else ""
            for i, w in enumerate(weeks)
        ]
        what = "All symptoms" if slug is None else symptom.name  # type: ignore[union-attr]
        if any(w.rated_days for w in weeks):
            chart.show(
                [
                    Column(float(w.of(slug)), label=label)
                    for w, label in zip(weeks, labels, strict=True)
                ],
                column_width=width,
                gap=gap,
            )
        else:  # nothing rated: say so, rather than draw a row of zeros on a 0-1 axis
            chart.empty = f"nothing rated in these {shown} weeks yet"
            chart.show([])
        room = chart.size.width - 4  # the title sits in the border, between its corners
        chart.border_title = Content(
            _fitting(room, f"{what} · sum of ratings by week", f"{what} · weekly sum")
        )
        chart.border_subtitle = Content("w: 12/26/52")
        bars = self.query_one("#completion-chart", ColumnChart)
        values = completion[-shown:]
        bars.show(
            [
                Column(v or 0.0, label=label, full=v is not None and v >= 1.0)
                for v, label in zip(values, labels, strict=True)
            ],
            top=1.0,
            percent=True,
            column_width=width,
            gap=gap,
        )
        span = f"last {shown} of {self.weeks}" if shown < len(burden) else f"{self.weeks}"
        bars.border_title = Content(
            _fitting(
                bars.size.width - 4,
                f"Routine done by week · {span} weeks",
                f"Routine done · {span} weeks",
                f"Routine · {span} weeks",
                "Routine done",
            )
        )
        bars.border_subtitle = Content("a record, not cause and effect")

    # ------------------------------------------------------------- actions
    def _record(self, level_for) -> None:  # noqa: ANN001 - (symptom, level) -> new level | None
        """Write the highlighted symptom's new level; a red flag now yes opens the advice."""
        symptom = self.current()
        if symptom is None:
            self.notify("Rate one symptom at a time: move to its row.", timeout=2)
            return
        from ..store import journal

        before = self.entry.level(symptom.slug) if self.entry else None
        level = level_for(symptom, before)
        try:
            journal.set_level(self.host.tracker, self.day, symptom, level)
        except SecondHeartError as exc:
            self.host.report(exc)
            return
        self.refresh_data()
        if symptom.red_flag and level and not before:
            self.app.action_warning_signs()

    def _record_step(self, level_for) -> None:  # noqa: ANN001 - (symptom, level) -> new level
        """Space and +: on a red flag they record no at most, and say how to record yes."""
        symptom = self.current()
        before = self.entry.level(symptom.slug) if self.entry and symptom else None
        self._record(level_for)
        if symptom is not None and symptom.red_flag and before is not None:
            if level_for(symptom, before) == before:
                self.notify(
                    f"{symptom.name}: y records yes, 0 no, x not recorded "
                    "(space and + never record yes).",
                    timeout=3,
                )

    def action_cycle(self) -> None:
        self._record_step(cycle_level)

    def action_step(self, delta: int) -> None:
        record = self._record_step if delta > 0 else self._record
        record(lambda symptom, level: step_level(symptom, level, delta))

    def action_set_level(self, level: int) -> None:
        self._record(lambda symptom, before: level)

    def action_yes(self) -> None:
        symptom = self.current()
        if symptom is not None and not symptom.red_flag:
            self.notify(
                f"{symptom.name} is rated 0-3: space, + or - (y is for the two red flags).",
                timeout=3,
            )
            return
        self._record(lambda symptom, before: 1)

    def action_clear(self) -> None:
        self._record(lambda symptom, before: None)

    def action_move(self, delta: int) -> None:
        table = self.table
        table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + delta)))

    def action_note(self) -> None:
        from ..dialogs.prompt import PromptScreen
        from ..store import journal

        day = self.day

        def done(answer: str | None) -> None:
            if answer is None:
                return
            try:
                journal.set_note(self.host.tracker, day, answer)
            except SecondHeartError as exc:
                self.host.report(exc)
                return
            self.refresh_data()

        self.app.push_screen(
            PromptScreen(
                f"Journal note for {day:%a %d %b}",
                self.entry.note or "" if self.entry else "",
                placeholder="how the legs felt, what you noticed… (empty to clear)",
                max_length=2000,
            ),
            done,
        )

    def action_day(self, delta: int) -> None:
        new_day = self.day + dt.timedelta(days=delta)
        if new_day > self.host.tracker.today():
            self.notify("That's the future: nothing to record yet.", timeout=2)
            return
        self.show_day(new_day)

    def action_go_today(self) -> None:
        self.show_day(self.host.tracker.today())

    def show_day(self, day: dt.date) -> None:
        self.host.shown_day = day
        self.refresh_data()

    def action_span(self) -> None:
        self.weeks = SPANS[(SPANS.index(self.weeks) + 1) % len(SPANS)]
        self.refresh_data()


def _fitting(room: int, *titles: str) -> str:
    """The first of ``titles`` that fits in ``room`` cells (else the last, cut by Textual)."""
    return next((title for title in titles if len(title) <= room), titles[-1])
