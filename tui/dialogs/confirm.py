"""A yes/no question (cancelling a timer asks first)."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from ..widgets.plain import plain_lines
from .base import Dialog


class ConfirmScreen(Dialog[bool]):
    """A yes/no question: y or Enter confirms, n or Escape keeps things as they are."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no
        # The footer names the answers as the hint does ("y Delete  n Keep").
        for key in self._bindings.key_to_bindings:
            self._bindings.key_to_bindings[key] = [
                replace(b, description=yes if b.action == "answer(True)" else no)
                for b in self._bindings.key_to_bindings[key]
            ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(plain_lines(self.question), classes="dialog-title")
            yield Label(
                f"[b]y[/b] / Enter: {self.yes} · [b]n[/b] / Esc: {self.no}",
                classes="dialog-hint",
            )

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
