"""Add or edit an exercise: every field validated by the service, errors shown here."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import Button, Input, Label, Select, TextArea

from ..core.model import KINDS, Exercise, format_amount
from ..core.reminders import describe
from ..core.text import visible, visible_lines
from ..store.errors import SecondHeartError
from ..widgets.plain import field_text, plain
from ..widgets.plain_input import PlainInput
from .base import Dialog


def _text(value: float | None) -> str:
    return "" if value is None else format_amount(value)


DENSE_BELOW = 32  # pane rows under which the form drops the blank lines between fields
DELETED = -1  # what the form returns when the exercise was deleted


class ExerciseForm(Dialog[int | None]):
    """Returns the exercise id when saved, ``DELETED`` when deleted, None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, exercise: Exercise | None) -> None:
        super().__init__()
        self.exercise = exercise
        self.after_close: str | None = None  # what the screen below says once the form closes
        self._guide_shown = visible_lines(exercise.guide) if exercise else ""

    def compose(self) -> ComposeResult:
        """One line per field (label, input), each with its error line just below it.

        Compact inputs keep the whole form, its buttons and an error inside an
        80x24 pane, with room for one more row.
        """
        e = self.exercise
        title = plain(f"Edit {e.name}") if e else Content("Add an exercise")
        # The scroll container is no Tab stop (it would take focus and show none): focus
        # moves field to field, and the container scrolls each into view.
        form = VerticalScroll(classes="dialog form")
        form.can_focus = False
        with form:
            yield Label(title, classes="dialog-title")
            with self._row("Name", "name"):
                yield PlainInput(e.name if e else "", id="f-name", max_length=60, compact=True)
            yield from self._error("name")
            with self._row("Kind", "kind"):
                yield Select(
                    [(k, k) for k in KINDS],
                    value=e.kind if e else "count",
                    allow_blank=False,
                    id="f-kind",
                    compact=True,
                )
            yield from self._error("kind")
            with self._row("Target", "target"):
                yield PlainInput(_text(e.target) if e else "10", id="f-target", compact=True)
                yield Label("Goal", classes="form-label-inline")
                yield PlainInput(
                    _text(e.goal) if e else "", id="f-goal", placeholder="none", compact=True
                )
                yield Label("Step", classes="form-label-inline")
                yield PlainInput(_text(e.step) if e else "1", id="f-step", compact=True)
            yield from self._error("target", "goal", "step")
            with self._row("Unit", "unit"):
                yield PlainInput(
                    e.unit if e else "",
                    id="f-unit",
                    placeholder="reps, min… (empty: default)",
                    compact=True,
                )
            yield from self._error("unit")
            with self._row("Schedule", "schedule"):
                yield PlainInput(
                    e.schedule.text() if e else "daily",
                    id="f-schedule",
                    placeholder="daily · mon,wed,fri · every 3 days · 3/week",
                    compact=True,
                )
            yield from self._error("schedule")
            with self._row("Reminders", "remind"):
                yield PlainInput(
                    describe(e.kind, e.remind) if e else "",
                    id="f-remind",
                    placeholder="10:00, 15:30 · none · suggested (sessions)",
                    compact=True,
                )
            yield from self._error("remind")
            yield Label("Guide text (Markdown)", classes="form-label-wide")
            # Stored controls are shown as escapes (the text area would pass them on);
            # an untouched guide keeps its stored text when saved.
            yield TextArea(self._guide_shown, id="f-guide")
            yield from self._error("guide")
            yield Label("", classes="dialog-error form-error", id="f-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                if e is not None:
                    label = "Unarchive" if e.archived else "Archive"
                    yield Button(label, variant="warning", id="archive", compact=True)
                    yield Button("Delete…", variant="error", id="delete", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    @staticmethod
    def _row(label: str, field: str) -> Horizontal:
        """A form line: the label, then the input(s) yielded inside it."""
        row = Horizontal(classes="form-line", id=f"row-{field}")
        row.compose_add_child(Label(label, classes="form-label"))
        return row

    @staticmethod
    def _error(*fields: str) -> ComposeResult:
        for field in fields:
            yield Label("", classes="dialog-error form-error", id=f"f-{field}-error")

    def _show_error(self, exc: SecondHeartError) -> None:
        """The message beside the field it concerns (or below the form), in view."""
        for label in self.query(".form-error").results(Label):
            label.update("")
            label.display = False
        field = getattr(exc, "field", None)
        found = self.query(f"#f-{field}-error") if field else None
        label = found.first(Label) if found else self.query_one("#f-error", Label)
        label.update(Content(f"⚠ {visible(str(exc))}"))
        label.display = True
        label.scroll_visible(animate=False)
        if field and field != "kind":
            target = self.query(f"#f-{field}")
            if target:
                target.first().focus()

    def on_resize(self, event: Resize) -> None:
        """Below 32 rows the fields sit on consecutive lines, without a blank between."""
        self.query_one(".form").set_class(event.size.height < DENSE_BELOW, "-dense")

    def on_mount(self) -> None:
        self.query_one(".form").set_class(self.app.size.height < DENSE_BELOW, "-dense")
        for label in self.query(".form-error").results(Label):
            label.display = False
        self.query_one("#f-name", Input).focus()
        self._as_opened = self._typed()

    def _typed(self) -> tuple[object, ...]:
        """What the fields hold right now, as they are shown (to notice any change)."""
        inputs = tuple(i.value for i in self.query(Input).results(Input))
        return (*inputs, self.query_one("#f-kind", Select).value, self.query_one(TextArea).text)

    def _values(self) -> dict[str, object]:
        unit = self.query_one("#f-unit", Input).value.strip()
        return {
            "name": self.query_one("#f-name", Input).value,
            "kind": self.query_one("#f-kind", Select).value,
            "target": self.query_one("#f-target", Input).value.strip() or None,
            "goal": self.query_one("#f-goal", Input).value.strip() or None,
            "step": self.query_one("#f-step", Input).value.strip() or None,
            "unit": unit or None,
            "schedule": self.query_one("#f-schedule", Input).value.strip() or "daily",
            "remind": self.query_one("#f-remind", Input).value,
            "guide": field_text(
                self.query_one("#f-guide", TextArea).text,
                self._guide_shown,
                self.exercise.guide if self.exercise else "",
            ),
        }

    def action_save(self) -> None:
        if self.closing:
            return
        tracker = self.host.tracker
        values = self._values()
        try:
            if self.exercise is None:
                saved = tracker.add_exercise(**values)
            else:
                saved = tracker.edit_exercise(self.exercise.id, **values)
        except SecondHeartError as exc:
            self._show_error(exc)
            return
        self.dismiss(saved.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "delete" and self.exercise is not None:
            self.action_delete()
        elif event.button.id == "archive" and self.exercise is not None:
            archived = not self.exercise.archived
            try:
                self.host.tracker.archive_exercise(self.exercise.id, archived=archived)
            except SecondHeartError as exc:
                self._show_error(exc)
                return
            self.after_close = (
                f"{'Archived' if archived else 'Unarchived'} {self.exercise.name}; "
                "its history is kept."
            )
            self.dismiss(self.exercise.id)
        else:
            self.dismiss(None)

    def action_delete(self) -> None:
        """Ask (saying how much history goes), then delete; ``u`` on Today brings it back."""
        from .confirm import ConfirmScreen

        exercise = self.exercise
        if exercise is None or self.closing:
            return
        try:
            history = self.host.tracker.history(exercise)
        except SecondHeartError as exc:
            self._show_error(exc)
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.host.tracker.delete_exercise(exercise)
            except SecondHeartError as exc:
                self._show_error(exc)
                return
            self.after_close = (
                f"Deleted {exercise.name}. Press u to bring it back (until the app closes)."
            )
            self.dismiss(DELETED)

        question = f"{history.question(exercise.name)}\nu on Today undoes it until the app closes."
        self.app.push_screen(ConfirmScreen(question, yes="Delete", no="Keep"), answered)

    def action_cancel(self) -> None:
        """Esc: close at once when nothing changed, else ask before throwing the changes away."""
        from .confirm import ConfirmScreen

        if self.closing:
            return
        if self._typed() == self._as_opened:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Discard your changes?", yes="Discard", no="Keep"), answered
        )
