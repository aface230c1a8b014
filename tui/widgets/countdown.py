"""A large M:SS countdown with a progress bar, read from the wall clock.

The widget never counts ticks: every redraw asks the session engine how much
is left at the clock's "now", so it is right after a laptop's sleep, Ctrl-Z
or a missed frame. It does not touch the database; the screen hands it a
``Session`` (or ``None`` with the length a new session would have).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Digits, ProgressBar

from ..core import timer as engine
from ..core.timer import Session

REDRAW_SECONDS = 0.25  # often enough that no second is skipped or shown twice


def _system_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Countdown(Widget):
    """Big digits for the time left and a bar for the share done."""

    DEFAULT_CSS = """
    Countdown {
        height: auto;
        width: 1fr;
        align-horizontal: center;
    }
    Countdown > Digits {
        width: 1fr;
        max-width: 60;
        text-align: center;
    }
    Countdown > ProgressBar {
        width: 1fr;
        max-width: 60;
        margin-top: 1;
    }
    Countdown > ProgressBar > Bar {
        width: 1fr;
    }
    """

    session: reactive[Session | None] = reactive(None, init=False)
    idle_seconds: reactive[float] = reactive(15 * 60.0, init=False)

    def __init__(
        self,
        now: Callable[[], dt.datetime] = _system_now,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._now = now

    def compose(self) -> ComposeResult:
        yield Digits(engine.format_mmss(self.idle_seconds))
        yield ProgressBar(total=1.0, show_eta=False, show_percentage=False)

    def on_mount(self) -> None:
        self.set_interval(REDRAW_SECONDS, self.refresh_time)
        self.refresh_time()

    def show(self, session: Session | None, idle_seconds: float | None = None) -> None:
        """Show ``session`` (or, with ``None``, the full length of the next one)."""
        if idle_seconds is not None:
            self.idle_seconds = idle_seconds
        self.session = session
        self.refresh_time()

    def watch_session(self) -> None:
        self.set_class(self.session is not None and self.session.status == engine.PAUSED, "-paused")
        self.set_class(self.session is None, "-idle")

    @property
    def text(self) -> str:
        """What the digits show now (for tests and screen readers)."""
        return self.query_one(Digits).value

    def refresh_time(self) -> None:
        """Recompute the time left from the clock and redraw if it changed."""
        if not self.is_mounted:
            return
        session = self.session
        if session is None:
            text, done, total = engine.format_mmss(self.idle_seconds), 0.0, 1.0
        else:
            now = self._now()
            left = engine.remaining(session, now)
            text = engine.format_mmss(left)
            total = float(session.planned_seconds)
            done = total - left
        digits = self.query_one(Digits)
        if digits.value != text:
            digits.update(text)
        bar = self.query_one(ProgressBar)
        if bar.total != total or bar.progress != done:
            bar.update(total=total, progress=done)
