"""Shown instead of the app while the terminal is smaller than it can lay out."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from .base import Dialog


class TooSmallScreen(Dialog[None]):
    """Goes away by itself when the pane is large enough again."""

    KEY_BAR = False  # the pane is too small for one

    BINDINGS = [
        Binding("q", "app.quit", "Quit"),
        Binding("1,2,3,4,e,m,question_mark,exclamation_mark", "ignore", show=False),
    ]

    def __init__(self, min_width: int, min_height: int) -> None:
        super().__init__()
        self.min_width = min_width
        self.min_height = min_height

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-text")

    def on_mount(self) -> None:
        self.show_size(self.app.size.width, self.app.size.height)

    def show_size(self, width: int, height: int) -> None:
        self.query_one(Static).update(
            f"Too small: {width}×{height}.\n"
            f"Second Heart needs {self.min_width}×{self.min_height}.\n"
            "Enlarge the pane, or press q to quit."
        )

    def action_ignore(self) -> None:
        """Keys that would open other screens do nothing here."""
