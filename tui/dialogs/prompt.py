"""A small dialog asking for one line of text (an amount, a note)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label

from ..core.text import visible
from ..widgets.plain_input import PlainInput
from .base import Dialog


class PromptScreen(Dialog[str | None]):
    """Enter confirms, Escape cancels; an invalid value shows why and stays open."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        value: str = "",
        *,
        placeholder: str = "",
        validate: Callable[[str], str | None] | None = None,
        max_length: int = 0,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.validate = validate
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(visible(self.title_text)), classes="dialog-title")
            yield PlainInput(self.value, placeholder=self.placeholder, max_length=self.max_length)
            yield Label("", classes="dialog-error")
            yield Label("[dim]Enter to save · Escape to cancel[/dim]", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(PlainInput).focus()

    def on_input_submitted(self, event: PlainInput.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if self.validate is not None:
            problem = self.validate(value)
            if problem:
                self.query_one(".dialog-error", Label).update(Content(visible(problem)))
                return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
