"""The floor for start-up, memory and key latency: a bare Textual app.

Header, a Static and a Footer; ``space`` changes the Static (a key that
redraws, with no database behind it). Run as a script for the start-up floor.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

MARKER = "Floor app ready"


class FloorApp(App):
    BINDINGS = [Binding("space", "bump", "Bump"), Binding("q", "quit", "Quit")]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(MARKER, id="floor")
        yield Footer()

    def action_bump(self) -> None:
        self.count += 1
        self.query_one("#floor", Static).update(f"{MARKER}: {self.count}")


if __name__ == "__main__":
    FloorApp().run()
