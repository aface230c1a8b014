"""First run: the disclaimer, shown once and acknowledged with Enter."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.events import Click, Resize
from textual.widgets import Label, Static

from ..guides import DISCLAIMER
from ..store.errors import SecondHeartError
from .base import Dialog

WELCOME_SETTING = "welcome-seen"


class WelcomeScreen(Dialog[None]):
    """The welcome dialog; Enter, Esc, q (or a click on the hint) remember it was seen."""

    BINDINGS = [
        Binding("enter", "start", "Start"),
        Binding("escape,q", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog welcome", id="welcome"):
            yield Label("Welcome to Second Heart", classes="dialog-title")
            with VerticalScroll(classes="welcome-body"):
                yield Static(
                    "Small, regular leg exercises help your calves (the body's "
                    '"second heart") push blood back up your legs. Press ! on any '
                    "screen for the warning signs.",
                    classes="welcome-intro",
                )
                yield Static(DISCLAIMER, id="welcome-disclaimer")
            yield Label("[b]Press Enter to start[/b]", id="welcome-hint", classes="dialog-hint")

    def on_resize(self, event: Resize) -> None:
        """In a short pane, drop the intro so the disclaimer and the hint still fit."""
        height = event.size.height
        self.set_class(height < 22, "-short")
        self.query_one(".welcome-body").styles.max_height = max(3, height - 8)

    def on_click(self, event: Click) -> None:
        if event.widget is not None and event.widget.id == "welcome-hint":
            self.action_start()

    def action_close(self) -> None:
        """Esc and q: the disclaimer was read all the same."""
        self.action_start()

    def action_start(self) -> None:
        try:
            self.host.tracker.set_setting(WELCOME_SETTING, "yes")
        except SecondHeartError as exc:  # still let the user in; it will ask again next time
            self.host.report(exc)
        self.dismiss(None)
