"""Timer alerts: record sessions that ran out and tell the user, once each.

The app owns one :class:`TimerAlerts` and ticks it every poll. It completes
due sessions through the store, announces the ones this process completed
(a toast, the terminal bell and a desktop notification where the system
offers one), and gives one gentle toast when a suggested time arrives.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..core import rules
from ..core import timer as engine
from ..core.model import format_amount
from ..core.reminders import uses_suggested
from ..core.text import visible
from ..notify import desktop_notify
from ..store import timers
from ..store.errors import SecondHeartError

if TYPE_CHECKING:
    from ..host import Host

# A session found finished at start-up that ended longer ago than this is
# recorded quietly (a toast, no bell): the user was not waiting for it.
QUIET_AFTER = dt.timedelta(minutes=2)
# How often (in the app's clock time) the suggested time is read again.
SUGGESTION_RECHECK = dt.timedelta(seconds=15)
SUGGESTION_SLACK = dt.timedelta(minutes=1)  # a suggestion this close counts as "now"


class TimerAlerts:
    """Records finished sessions for the app and tells the user, once each.

    ``settle`` runs the store's conditional completion; it returns only the
    sessions this process completed, so with two panes open only the pane
    whose update won rings. Sessions found finished when the app starts are
    recorded at once and announced quietly on the first tick. The redraw
    after a completion is the app watcher's business, like any other write.
    """

    def __init__(self, host: Host, startup: list[timers.Timed] | None = None) -> None:
        self.host = host
        # sessions already completed at start-up (by the app, before its first frame)
        self._startup = timers.settle_due(host.tracker) if startup is None else startup
        self._waiting: dt.datetime | None = None  # a suggested time still ahead
        self._recheck_at: dt.datetime | None = None
        self.suggestions_shown = 0
        self._last_problem: str | None = None

    def invalidate(self) -> None:
        """Read the suggestion again on the next tick (a session just completed)."""
        self._recheck_at = None

    def settle(self) -> list[timers.Timed]:
        """Complete due sessions now and announce the ones this process completed."""
        try:
            done = timers.settle_due(self.host.tracker)
        except SecondHeartError as exc:
            # A locked or vanished file: try again next tick, and say so once.
            message = f"Could not record the timer: {exc}"
            if message != self._last_problem:
                self._last_problem = message
                self.host.notify(message, severity="warning", timeout=4, markup=False)
            return []
        self._last_problem = None
        for timed in done:
            self._announce(timed, loud=True)
        if done:
            self.invalidate()
        return done

    def tick(self) -> None:
        if self._startup:
            for timed in self._startup:
                now = self.host.tracker.clock.utcnow()
                ended = timed.session.ended or now
                self._announce(timed, loud=now - ended <= QUIET_AFTER)
            self._startup = []
        self.settle()
        try:
            self._check_suggestion()
        except SecondHeartError:
            return  # the poll reports an unreadable file; the next tick tries again

    def _announce(self, timed: timers.Timed, loud: bool) -> None:
        host = self.host
        clock = host.tracker.clock
        ended = timed.session.ended or clock.utcnow()
        at = clock.local(ended).strftime("%H:%M")  # the offset it had then
        if timed.kind == "sessions":
            plan = timers.day_plan(host.tracker)
            count = f" ({format_amount(plan.done)}/{format_amount(plan.target)} today)"
            message = f"{timed.name} session done at {at}{count}. Time to lower your legs."
        else:
            minutes = format_amount(engine.credited_minutes(timed.session, clock.utcnow()))
            message = f"{timed.name}: {minutes} min done at {at}."
        if not loud:
            host.notify(
                f"Recorded while the app was closed: {message}",
                title="Timer",
                timeout=8,
                markup=False,
            )
            return
        host.notify(message, title="Timer done", timeout=12, markup=False)
        if rules.bell_on(host.tracker.settings()):
            host.bell()
        desktop_notify("Second Heart", visible(message))

    def _check_suggestion(self) -> None:
        tracker = self.host.tracker
        now = tracker.clock.now()
        arrived = self._waiting is not None and now >= self._waiting
        if not arrived and self._recheck_at is not None and now < self._recheck_at:
            return
        self._recheck_at = now + SUGGESTION_RECHECK
        plan = timers.day_plan(tracker)
        if plan.active is not None or plan.suggested is None:
            self._waiting = None
            return
        if plan.suggested > now + SUGGESTION_SLACK:
            self._waiting = plan.suggested
            return
        # Due now. Nudge only if we saw it coming while the app was open;
        # either way stop waiting, so this is not re-read on every tick.
        self._waiting = None
        elevation = plan.elevation
        if elevation is not None and uses_suggested(elevation.kind, elevation.remind):
            return  # its reminders ring at the suggested times (screens.reminder_alerts)
        if arrived:  # it was ahead of us and now it is here: one gentle nudge
            self.suggestions_shown += 1
            name = plan.elevation.name if plan.elevation else "Leg elevation"
            number = int(plan.done) + 1
            self.host.notify(
                f"Time for {name.lower()} (session {number} of {format_amount(plan.target)} "
                "today). Press e to start.",
                title="Suggested",
                timeout=10,
                markup=False,
            )
