"""Add or edit an exercise: every field validated by the service, errors shown here."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, TextArea

from ..core.model import KINDS, Exercise, format_amount
from ..core.reminders import describe
from ..core.text import visible, visible_lines
from ..store.errors import SecondHeartError
from ..widgets.plain import PlainInput, field_text, plain
from .base import Dialog


def _text(value: float | None) -> str:
    return "" if value is None else format_amount(value)


class ExerciseForm(Dialog[int | None]):
    """Returns the exercise id when saved, None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, exercise: Exercise | None) -> None:
        super().__init__()
        self.exercise = exercise
        self._guide_shown = visible_lines(exercise.guide) if exercise else ""

    def compose(self) -> ComposeResult:
        e = self.exercise
        title = plain(f"Edit {e.name}") if e else Content("Add an exercise")
        with VerticalScroll(classes="dialog form"):
            yield Label(title, classes="dialog-title")
            yield Label("Name")
            yield PlainInput(e.name if e else "", id="f-name", max_length=60)
            yield Label("Kind")
            yield Select(
                [(k, k) for k in KINDS],
                value=e.kind if e else "count",
                allow_blank=False,
                id="f-kind",
            )
            with Horizontal(classes="form-row"):
                with VerticalScroll(classes="form-cell"):
                    yield Label("Target")
                    yield PlainInput(_text(e.target) if e else "10", id="f-target")
                with VerticalScroll(classes="form-cell"):
                    yield Label("Goal (optional)")
                    yield PlainInput(_text(e.goal) if e else "", id="f-goal")
                with VerticalScroll(classes="form-cell"):
                    yield Label("Step")
                    yield PlainInput(_text(e.step) if e else "1", id="f-step")
            yield Label("Unit")
            yield PlainInput(
                e.unit if e else "", id="f-unit", placeholder="reps, min… (empty: default)"
            )
            yield Label("Schedule")
            yield PlainInput(
                e.schedule.text() if e else "daily",
                id="f-schedule",
                placeholder="daily · mon,wed,fri · every 3 days · 3/week",
            )
            yield Label("Reminders")
            yield PlainInput(
                describe(e.kind, e.remind) if e else "",
                id="f-remind",
                placeholder="10:00, 15:30 · none · suggested (sessions)",
            )
            yield Label("Guide text (Markdown)")
            # Stored controls are shown as escapes (the text area would pass them on);
            # an untouched guide keeps its stored text when saved.
            yield TextArea(self._guide_shown, id="f-guide")
            yield Label("", classes="dialog-error", id="f-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                if e is not None:
                    label = "Unarchive" if e.archived else "Archive"
                    yield Button(label, variant="warning", id="archive")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#f-name", Input).focus()

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
            self.query_one("#f-error", Label).update(Content(f"⚠ {visible(str(exc))}"))
            return
        self.dismiss(saved.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "archive" and self.exercise is not None:
            archived = not self.exercise.archived
            try:
                self.host.tracker.archive_exercise(self.exercise.id, archived=archived)
            except SecondHeartError as exc:
                self.query_one("#f-error", Label).update(Content(f"⚠ {visible(str(exc))}"))
                return
            self.app.notify(
                f"{'Archived' if archived else 'Unarchived'} {self.exercise.name}; its history is kept.",
                timeout=3,
                markup=False,
            )
            self.dismiss(self.exercise.id)
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
