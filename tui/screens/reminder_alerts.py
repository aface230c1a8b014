"""Reminder alerts: deliver due reminders and movement breaks in the open app, once each.

The app owns one :class:`ReminderAlerts` and ticks it every poll; it looks
at the wall clock (the tracker's injected clock) every ``CHECK_EVERY``, or at
once when the clock jumped (a laptop's sleep). What is due comes from the
schedule and the clock (``tui.core.reminders``); each reminder is claimed in
the database first, so with two panes open only one delivers it. Delivery is
a toast, the terminal bell (setting ``bell``) and a desktop notification
where the system has one. Reminders that came due while nothing ran are
said in one summary line on start, not one by one.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..core import reminders as plan
from ..core import rules
from ..core.reminders import Due, Subject
from ..core.text import visible
from ..notify import desktop_notify
from ..store import fast
from ..store import reminders as store
from ..store.errors import SecondHeartError

if TYPE_CHECKING:
    from ..host import Host

CHECK_EVERY = dt.timedelta(seconds=20)
# A reminder due now stays up a while; the summary of missed ones is news like the
# app's other notes (they wait in the reminders dialog and the status line).
DUE_TIMEOUT = 20
MISSED_TIMEOUT = 4
KEY = "m"  # the app's key for the reminders dialog
ACTIONS = f"Press {KEY}: done, snooze or dismiss."


class ReminderAlerts:
    """Delivers this process's reminders and movement breaks; knows what is waiting."""

    def __init__(self, host: Host) -> None:
        self.host = host
        clock = host.tracker.clock
        now = clock.now()
        self._next_check: dt.datetime | None = None  # None: look at the next tick
        self._last_seen = now
        self._first = True
        self.stretch_start = now  # the movement-break stretch: since the app opened or a tick
        self._amounts = self._day_amounts()
        self.break_subject: Subject | None = None  # the exercise the last break named
        self.delivered = 0  # reminders this process delivered (toasts), for tests and counts
        self.breaks = 0

    # ------------------------------------------------------------ ticking
    def tick(self) -> None:
        """Every poll: look at the clock now and then, or at once after a jump."""
        if not self.host.file_checked or self.host.tracker.db.damage:
            return  # claims are writes: none before the day's damage check, none on damage
        now = self.host.tracker.clock.now()
        jumped = now < self._last_seen or now - self._last_seen > CHECK_EVERY * 2
        self._last_seen = now
        if not jumped and self._next_check is not None and now < self._next_check:
            return
        self._next_check = now + CHECK_EVERY
        try:
            self.check()
        except SecondHeartError:
            return  # a locked or unreadable file: the app's poll says so; try next time

    def notice_ticks(self) -> None:
        """After any write (ours or another process's): a tick restarts the stretch."""
        try:
            amounts = self._day_amounts()
        except SecondHeartError:
            return
        if any(amount > self._amounts.get(key, 0.0) for key, amount in amounts.items()):
            self.stretch_start = self.host.tracker.clock.now()
            self._next_check = None  # a met exercise may silence a waiting reminder
        self._amounts = amounts

    def _day_amounts(self) -> dict[int, float]:
        tracker = self.host.tracker
        ids = [exercise.id for exercise in tracker.exercises()]
        if not ids:
            return {}
        entries = fast.day_entries(tracker.db, tracker.today(), ids)
        return {key: entry.amount for key, entry in entries.items()}

    # ------------------------------------------------------------ checking
    def check(self) -> None:
        tracker = self.host.tracker
        state = store.today(tracker)
        won = store.claim(tracker, state.to_deliver(), state.day)
        first, self._first = self._first, False
        if first:
            missed = [item for item in won if plan.missed(item, state.now)]
            fresh = [item for item in won if item not in missed]
            if missed:
                self.host.notify(
                    f"Missed while Second Heart was closed: {plan.summary(missed)}. {ACTIONS}",
                    title="Reminders",
                    timeout=MISSED_TIMEOUT,
                    markup=False,
                )
            won = fresh
        if won:
            self.deliver(won)
        self._check_break(state)

    def deliver(self, won: list[Due]) -> None:
        """One toast, one bell, one desktop notification for everything due at once."""
        self.delivered += len(won)
        what = plan.summary(won)
        self.host.notify(
            f"Time for {what}. {ACTIONS}", title="Reminder", timeout=DUE_TIMEOUT, markup=False
        )
        self._ring(f"Time for {what}")

    def _ring(self, message: str) -> None:
        host = self.host
        if rules.bell_on(host.tracker.settings()):
            host.bell()
        text = visible(message)
        host.run_worker(lambda: desktop_notify("Second Heart", text), thread=True)

    def _check_break(self, state: store.Today) -> None:
        minutes = rules.move_break_minutes(state.settings)
        if not plan.break_due(self.stretch_start, state.now, minutes, state.window, state.claims):
            return
        self.stretch_start = state.now  # the next break after another full stretch
        given = sum(1 for c in state.claims if c.state == plan.BREAK)
        subject = plan.break_exercise(state.subjects, given)
        if subject is None:
            return  # everything is done for the day: nothing to nudge towards
        if not store.claim_break(self.host.tracker, state.now, minutes):
            return  # another pane gave this break
        self.breaks += 1
        self.break_subject = subject
        self.host.notify(
            f"{minutes} min without moving. Time for {subject.name}. {ACTIONS}",
            title="Movement break",
            timeout=DUE_TIMEOUT,
            markup=False,
        )
        self._ring(f"Movement break: time for {subject.name}")

    # ------------------------------------------------------------ waiting
    def waiting(self) -> list[Due]:
        """What the reminders dialog lists: reminders not yet answered, and the exercise
        the last movement break named while it is still open."""
        state = store.today(self.host.tracker)
        items = state.pending()
        subject = self.break_subject
        if subject is not None and all(i.exercise_id != subject.exercise_id for i in items):
            still_open = any(
                s.exercise_id == subject.exercise_id and s.open for s in state.subjects
            )
            if still_open:
                items.append(Due(subject.exercise_id, subject.name, ("break",)))
            else:
                self.break_subject = None
        return items

    def answered(self, exercise_id: int) -> None:
        """The user acted on an exercise's reminder: forget the break that named it."""
        if self.break_subject is not None and self.break_subject.exercise_id == exercise_id:
            self.break_subject = None
