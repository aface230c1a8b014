"""Today: the day's exercises as a keyboard checklist, with a guide pane."""

from __future__ import annotations

import datetime as dt
from functools import partial

from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from ..core.model import Exercise, Status, format_amount
from ..core.routine import is_app_default_dose
from ..core.text import visible
from ..host import HostAccess
from ..messages import DataChanged, DayChanged
from ..store.errors import SecondHeartError
from ..store.service import DayView, Row, only_own_writes
from ..widgets.checklist import Checklist
from ..widgets.day_bar import DayBar
from ..widgets.detail_line import DetailLine
from ..widgets.keybar import KeyBar
from ..widgets.plain import own_guide, plain, plain_lines
from ..widgets.spot_compositor import SpotUpdates
from ..widgets.styled_lines import Runs

NARROW = 90  # below this many columns the guide pane hides itself
SHORT_DAY_BELOW = 70  # below this many columns the day bar says "Tue 01 Dec" only
GUIDE_DELAY = 0.15  # seconds: the Markdown widget loads once the first frame is out


def guide_parts(exercise: Exercise) -> tuple[str | None, Content | None]:
    """The guide pane for ``exercise``: its guide page (Markdown, ours) or None, and
    the text the user typed in its edit form (plain, exactly as typed) or None."""
    from ..core.routine import DEFAULT_ROUTINE
    from ..guides import pages, read

    own = exercise.guide.strip()
    if exercise.slug in {p.slug for p in pages() if p.kind == "exercise"}:
        seeded = {d.slug: d.summary for d in DEFAULT_ROUTINE}.get(exercise.slug, "")
        notes = None
        if own and own != seeded.strip():
            notes = Content.assemble(("Your notes", "bold"), "\n\n", plain_lines(own))
        return read(exercise.slug), notes
    return None, own_guide(exercise.name, own, "An exercise you added; the text is yours.")


class TodayScreen(HostAccess, SpotUpdates, Screen):
    """Tick off the day's leg exercises."""

    BINDING_GROUP_TITLE = "Today"

    # The description is what the key bar shows; the tooltip is the help screen's line.
    BINDINGS = [
        # Priority: the row keys are answered as the key arrives, not after it has
        # passed down to the checklist and back up (about 1 ms of a tick's 10).
        # Today has no text field for them to be taken from.
        Binding(
            "space",
            "toggle",
            "Done",
            tooltip="Done: amount = target, or back to zero",
            priority=True,
        ),
        Binding(
            "plus", "step(1)", "+", show=False, tooltip="Add one step to the amount", priority=True
        ),
        Binding(
            "minus",
            "step(-1)",
            "-",
            show=False,
            tooltip="Take one step off the amount",
            priority=True,
        ),
        Binding("equals_sign", "exact", "Amount", show=False, tooltip="Type an exact amount"),
        Binding(
            "s", "skip", "Skip", tooltip="Skip: a rest day, which bridges the streak", priority=True
        ),
        Binding("n", "note", "Note", tooltip="A note for this exercise on this day"),
        Binding(
            "u", "undo", "Undo", tooltip="Undo the last change (several levels)", priority=True
        ),
        # Priority: the checklist's own left/right (sideways scrolling) never applies.
        Binding("left,h", "day(-1)", "Prev day", show=False, tooltip="Previous day", priority=True),
        Binding(
            "right,l",
            "day(1)",
            "Next day",
            show=False,
            tooltip="Next day (never past today)",
            priority=True,
        ),
        # The row moves (and every key that moves the row or the day) are
        # priority bindings too, like the keys that write: handled as they reach
        # the app, in the order typed, so `j j space` typed ahead never ticks a
        # row before the cursor has moved to it.
        Binding("down,j", "row('cursor_down')", "Next exercise", show=False, priority=True),
        Binding("up,k", "row('cursor_up')", "Previous exercise", show=False, priority=True),
        Binding("home", "row('first')", "First exercise", show=False, priority=True),
        Binding("end", "row('last')", "Last exercise", show=False, priority=True),
        Binding("pagedown", "row('page_down')", "Page down", show=False, priority=True),
        Binding("pageup", "row('page_up')", "Page up", show=False, priority=True),
        Binding("t", "go_today", "Today", show=False, tooltip="Back to today", priority=True),
        Binding("g", "toggle_guide", "Guide", tooltip="Show or hide the guide pane"),
        Binding("a", "add", "Add", tooltip="Add an exercise"),
        Binding("E", "edit", "Edit", tooltip="Edit the highlighted exercise (archive from there)"),
        Binding("L", "journal", "Journal", tooltip="The leg journal of this day (also 5)"),
        Binding(
            "J", "move(1)", "Move down", show=False, tooltip="Move the exercise down", priority=True
        ),
        Binding(
            "K", "move(-1)", "Move up", show=False, tooltip="Move the exercise up", priority=True
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: DayView | None = None
        self._guide_for: int | None = None
        self._guide_ready = False
        self._drawn_stamp: tuple[int, int] | None = None  # the data the rows show

    def compose(self) -> ComposeResult:
        # The day bar and the body sit on the screen itself: a container around
        # them changed nothing drawn and cost about 4 ms of the first frame.
        yield Header()
        yield DayBar(id="day-bar")
        with Horizontal(id="today-body"):
            with Vertical(id="list-column"):
                yield Checklist(id="checklist")
                yield DetailLine(id="row-detail")
            yield VerticalScroll(id="guide-pane")
        yield KeyBar()

    @property
    def day(self) -> dt.date:
        return self.host.shown_day

    def on_mount(self) -> None:
        self.query_one(Checklist).focus()
        self._apply_guide_visibility()
        # The Markdown widget is the slow part of this screen: load it a moment
        # after the first frame is on the terminal, not in the batch before it.
        self.set_timer(GUIDE_DELAY, self._mount_guide)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Read the day whenever the screen shows, the first time included.

        The first time, the rows are drawn at once and their streaks a frame
        later: the streak engine and the history it reads are the slowest part
        of the first frame, and the checklist is what the user is waiting for.
        Textual restyles a screen's every widget as it resumes; the first time,
        they were styled as they mounted, from the same stylesheet, so that
        pass (7 to 13 ms of the first frame) is left out.
        """
        if self.view is None:
            if self.host.css_current:
                event.refresh_styles = False  # read by Screen's handler, which runs next
            self.refresh_data(with_streaks=False)
            self.call_after_refresh(self.refresh_data)
        else:
            self.refresh_data()

    def on_resize(self) -> None:
        self._apply_guide_visibility()
        if self.view is not None:
            self._show_day(self.view)

    @on(DataChanged)
    def _data_changed(self, message: DataChanged) -> None:
        """Someone wrote: read the day again, unless the rows already show that write."""
        if message.stamp != self._drawn_stamp:
            self.refresh_data()

    @on(DayChanged)
    def _day_changed(self) -> None:
        self.refresh_data()

    # ------------------------------------------------------------- drawing
    def refresh_data(self, with_streaks: bool = True) -> None:
        """Read the shown day again and redraw, keeping the cursor."""
        tracker = self.host.tracker
        try:
            stamp = tracker.change_stamp()
            view = tracker.day_view(self.day, with_streaks=with_streaks)
        except SecondHeartError as exc:
            self.host.report(exc)
            return
        self._draw(view, stamp)

    def _draw(self, view: DayView, stamp: tuple[int, int], title: bool = True) -> None:
        """Show ``view``, read at ``stamp`` (and the app's title, unless told it cannot
        have changed: a tick changes neither the day nor the timer)."""
        self._drawn_stamp = stamp
        self.view = view
        checklist = self.query_one(Checklist)
        checklist.show(view.rows)
        self._show_day(view)
        self._show_detail(checklist.current_row)
        if title:
            self.host.update_title()

    def _show_day(self, view: DayView) -> None:
        """The day bar: the day, how much of it is done, and the count."""
        bar = self.query_one(DayBar)
        bar.show(self._day_words(view), view.fraction, [(_count_words(view), "")])

    def _day_words(self, view: DayView) -> Runs:
        delta = (view.today - view.day).days
        if self.app.size.width < SHORT_DAY_BELOW:  # room for the count: "Tue 01 Dec"
            return [(f"{view.day:%a %d %b}", "bold")]
        when = "today" if delta == 0 else "yesterday" if delta == 1 else f"{delta} days ago"
        return [(f"{view.day:%a %d %b %Y}", "bold"), ("  ", ""), (when, "dim")]

    def _show_detail(self, row: Row | None) -> None:
        detail = self.query_one(DetailLine)
        if row is None:
            detail.show_message(
                Content.from_markup(
                    "No exercises scheduled for this day. Press [b]a[/b] to add one."
                )
            )
            return
        # Names, units and notes are the user's text: plain content, never markup.
        exercise = row.exercise
        parts = [plain(exercise.name, "bold")]
        if exercise.kind != "check":
            target = f"target {format_amount(row.target)} {visible(exercise.unit)}".strip()
            if exercise.goal:
                target += f", goal {format_amount(exercise.goal)}"
            if is_app_default_dose(exercise.slug, row.target):
                target += " (app default)"
            parts.append(Content(target))
        if row.streak is not None and row.streak.current:
            count, unit = row.streak.current, row.streak.unit
            parts.append(Content(f"streak {count} {unit[:-1] if count == 1 else unit}"))
        parts.append(plain(exercise.schedule.describe()))
        note = plain(" ".join(row.note.split())) if row.note else None
        detail.show(parts, note)

    # ---------------------------------------------------------- guide pane
    async def _mount_guide(self) -> None:
        """Load the Markdown widget after the first frame; it is the slow part."""
        from textual.widgets import Markdown

        pane = self.query_one("#guide-pane", VerticalScroll)
        # Await the mount: the widget's own on-mount update("") would otherwise
        # run after ours and blank the pane.  Links open the Guide, not a browser.
        await pane.mount(
            Markdown("", id="guide-markdown", open_links=False), Static("", id="guide-own")
        )
        if not self.query("#guide-markdown"):  # the app closed while it was mounting
            return
        self._guide_ready = True
        self._update_guide(self.query_one(Checklist).current_row)

    def on_markdown_link_clicked(self, message) -> None:
        """A link in the guide pane opens that page on the Guide screen."""
        from pathlib import PurePosixPath

        from ..guides import has_page

        message.stop()
        href = message.href
        if "://" in href or href.startswith("mailto:"):
            self.app.open_url(href)
            return
        slug = PurePosixPath(href.partition("#")[0]).name.removesuffix(".md")
        if has_page(slug):
            self.host.open_guide(slug)

    def _update_guide(self, row: Row | None) -> None:
        if not self._guide_ready or row is None:
            return
        if self._guide_for == row.exercise.id:
            return
        from textual.widgets import Markdown

        self._guide_for = row.exercise.id
        page, own = guide_parts(row.exercise)
        markdown = self.query_one("#guide-markdown", Markdown)
        markdown.display = page is not None
        markdown.update(page or "")
        shown = self.query_one("#guide-own", Static)
        shown.display = own is not None
        shown.update(own or "")
        self.query_one("#guide-pane", VerticalScroll).scroll_home(animate=False)

    def _apply_guide_visibility(self) -> None:
        wanted = self.host.tracker.setting("guide-pane") == "on"
        wide = self.app.size.width >= NARROW
        self.query_one("#guide-pane").display = wanted and wide

    @on(Checklist.Moved)
    def _moved(self, message: Checklist.Moved) -> None:
        # Read the row now: the rows may have been read again since the message
        # was sent (the streaks arrive a frame after the first draw).
        row = self.query_one(Checklist).current_row
        self._show_detail(row)
        self._update_guide(row)

    # ------------------------------------------------------------- actions
    def _current(self) -> Row | None:
        return self.query_one(Checklist).current_row

    def _write(self, action, *args) -> None:
        """Run one service call for the highlighted row, then redraw at once.

        The redraw notes the change stamp, so the watcher's message about this
        same write finds nothing left to draw.  ``action`` returns the entry
        as written.
        """
        row = self._current()
        if row is None:
            self.notify("No exercise here.", severity="warning", timeout=2)
            return
        tracker = self.host.tracker
        try:
            before = tracker.change_stamp()
            entry = action(row.exercise, self.day, *args)
            after = tracker.change_stamp()
        except SecondHeartError as exc:
            self.host.report(exc)
            return
        if self.view is not None and only_own_writes(self._drawn_stamp, before, after):
            # Nobody else wrote since the rows were read: only this row changed
            # (a whole day read again cost about 2 ms of a key's 17 here).
            self._draw(tracker.with_entry(self.view, row.exercise, entry), after, title=False)
        else:
            self.refresh_data()
        self.paint_now()

    def action_row(self, move: str) -> None:
        """A checklist cursor key (``cursor_down``, ``first``, …), while the checklist has
        the focus; the guide pane, when focused, scrolls with the same keys."""
        checklist = self.query_one(Checklist)
        if not checklist.has_focus:
            raise SkipAction()
        getattr(checklist, f"action_{move}")()

    def action_toggle(self) -> None:
        self._write(self.host.tracker.toggle_done)

    def action_step(self, direction: int) -> None:
        row = self._current()
        if row is not None:
            self._write(self.host.tracker.step, direction * row.exercise.step)

    def action_skip(self) -> None:
        self._write(self.host.tracker.skip)

    def _ask(self, title: str, value: str, write, **options) -> None:
        """Ask for one line in a dialog, then write it for the highlighted row."""
        from ..dialogs.prompt import PromptScreen

        def done(answer: str | None) -> None:
            if answer is not None:
                self._write(write, answer)

        self.app.push_screen(PromptScreen(title, value, **options), done)

    def action_exact(self) -> None:
        row = self._current()
        if row is not None:
            unit = f" ({visible(row.exercise.unit)})" if row.exercise.unit else ""
            self._ask(
                f"Amount for {visible(row.exercise.name)}{unit}",
                format_amount(row.amount),
                self.host.tracker.set_amount,
                validate=partial(_check_amount, kind=row.exercise.kind),
            )

    def action_note(self) -> None:
        row = self._current()
        if row is not None:
            self._ask(
                f"Note for {visible(row.exercise.name)} on {self.day:%a %d %b}",
                row.note or "",
                self.host.tracker.set_note,
                placeholder="rest day, sore calves, long flight… (empty to clear)",
                max_length=2000,
            )

    def action_undo(self) -> None:
        try:
            label = self.host.tracker.undo()
        except SecondHeartError as exc:
            self.host.report(exc)
            return
        if label is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        self.notify(f"Undone: {label}", timeout=2, markup=False)
        self.refresh_data()

    def action_day(self, delta: int) -> None:
        new_day = self.day + dt.timedelta(days=delta)
        if new_day > self.host.tracker.today():
            self.notify("That's the future: nothing to tick off yet.", timeout=2)
            return
        self.show_day(new_day)

    def action_go_today(self) -> None:
        self.show_day(self.host.tracker.today())

    def show_day(self, day: dt.date, exercise_id: int | None = None) -> None:
        self.host.shown_day = day
        self.refresh_data()
        if exercise_id is not None:
            self.query_one(Checklist).select_exercise(exercise_id)

    def action_toggle_guide(self) -> None:
        tracker = self.host.tracker
        wanted = tracker.setting("guide-pane") != "on"
        try:
            tracker.set_setting("guide-pane", "on" if wanted else "off")
        except SecondHeartError as exc:
            self.host.report(exc)
            return
        self._apply_guide_visibility()
        if wanted and self.app.size.width < NARROW:
            self.notify(
                "The terminal is too narrow for the guide pane; press 4 for the Guide.", timeout=3
            )

    def action_add(self) -> None:
        from ..dialogs.exercise_form import ExerciseForm

        def done(exercise_id: int | None) -> None:
            if exercise_id is not None:
                self.refresh_data()
                self.query_one(Checklist).select_exercise(exercise_id)

        self.app.push_screen(ExerciseForm(None), done)

    def action_edit(self) -> None:
        from ..dialogs.exercise_form import ExerciseForm

        row = self._current()
        if row is None:
            return

        form = ExerciseForm(row.exercise)

        def done(exercise_id: int | None) -> None:
            if exercise_id is not None:  # saved, archived or deleted (DELETED)
                self._guide_for = None
                self.refresh_data()
            if form.after_close:  # once this screen is on top again, so the toast shows here
                self.call_after_refresh(self.notify, form.after_close, timeout=5, markup=False)

        self.app.push_screen(form, done)

    def action_journal(self) -> None:
        """The leg journal, on the day this screen shows (the day is shared)."""
        self.app.switch_mode("journal")

    def action_move(self, delta: int) -> None:
        row = self._current()
        if row is None:
            return
        try:
            moved = self.host.tracker.move_exercise(row.exercise.id, delta)
        except SecondHeartError as exc:
            self.host.report(exc)
            return
        if moved:
            self.refresh_data()
            self.query_one(Checklist).select_exercise(row.exercise.id)


def _check_amount(value: str, kind: str) -> str | None:
    """The rule's message for an amount the exercise cannot take, else None."""
    from ..core import rules

    try:
        rules.amount_for(value, kind)
    except SecondHeartError as exc:
        return str(exc)
    return None


def _count_words(view: DayView) -> str:
    """'2 done · 1 skipped · 4 to go': done and skipped apart, never '0/0'."""
    if not view.rows:
        return "nothing scheduled"
    if not view.total:
        return "before your exercises started"
    met = sum(1 for r in view.counted if r.status is Status.MET)
    skipped = sum(1 for r in view.counted if r.status is Status.SKIPPED)
    left = view.total - met - skipped
    if met == view.total:
        return f"all {met} done"
    parts = [f"{met} done"]
    if skipped:
        parts.append(f"{skipped} skipped")
    if left:
        parts.append(f"{left} to go" if view.day >= view.today else f"{left} not done")
    return " · ".join(parts)
