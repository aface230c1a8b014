"""What screens, dialogs and timer helpers may ask of the app, without importing it.

``tui.app`` imports the screens (lazily), so the screens cannot import it
back. They reach the app through :class:`Host`, a protocol that
``SecondHeartApp`` satisfies, and through one accessor: ``self.host`` on
anything that mixes in :class:`HostAccess` (or :func:`host_of` for code that
only has the app). Everything else they need from Textual's ``App``
(``notify``, ``push_screen``, ``switch_mode``, ``size``…) stays on ``self.app``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from .store.service import Tracker
    from .store.stats import StreakStatsCache


class Host(Protocol):
    """The app as screens see it (implemented by ``tui.app.SecondHeartApp``)."""

    tracker: Tracker
    """The open database: every read and write goes through it."""
    shown_day: dt.date
    """The day Today shows (and the header names)."""
    poll_seconds: float
    """How often the app looks for changes; screens that tick use the same pace."""
    streak_stats: StreakStatsCache | None
    """The statistics cache shared by the Streaks screen and the idle prewarm."""
    file_checked: bool
    """The day's damage check has run (reminders write their claims only after it)."""

    @property
    def css_current(self) -> bool:
        """The stylesheet holds the current theme (restyled since it last changed)."""

    def update_title(self) -> None:
        """Redraw the header: the shown day and a running countdown."""

    def open_day(self, day: dt.date, exercise_id: int | None = None) -> None:
        """Show ``day`` on Today, with the cursor on ``exercise_id`` if given."""

    def open_guide(self, slug: str) -> None:
        """Show the guide page ``slug`` on the Guide screen."""

    def report(self, exc: Exception) -> None:
        """Show an error as a toast."""

    def settle_timers(self) -> None:
        """Record (and announce) timer sessions that have run out."""

    def notice_changes(self) -> None:
        """Look for changes now rather than at the next poll (after a write outside a screen)."""

    # From Textual's App, for helpers that are not widgets themselves.
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def bell(self) -> None: ...

    def push_screen(
        self, screen: Screen[Any], callback: Callable[[Any], object] | None = None
    ) -> Any: ...

    def run_worker(self, work: Callable[[], Any], *, thread: bool = False) -> Any: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...


def host_of(app: App[Any]) -> Host:
    """The app, typed as :class:`Host`."""
    return cast("Host", app)


class _HasApp(Protocol):
    @property
    def app(self) -> App[Any]: ...


class HostAccess:
    """Mixed into screens and dialogs: ``self.host`` is the app, typed as :class:`Host`."""

    @property
    def host(self: _HasApp) -> Host:
        return host_of(self.app)
