"""Timer: a large countdown, today's sessions, and when to do the next one.

Also the timer glue the whole app shares: starting, pausing, resuming and
cancelling through the store (``tui.store.timers``), and ``TimerAlerts``,
which the app ticks every poll to record finished sessions and tell the user
(toast, bell, desktop notification) exactly once per session this process
completed, plus one gentle toast when a suggested time arrives.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from peewee import PeeweeException
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from ..core import timer as engine
from ..core.model import format_amount
from ..dialogs.confirm import ConfirmScreen
from ..store import timers
from ..store.errors import SecondHeartError
from ..widgets.countdown import Countdown
from ..widgets.keybar import KeyBar

if TYPE_CHECKING:
    from ..app import SecondHeartApp
    from ..store.service import Tracker

T = TypeVar("T")

# A session found finished at start-up that ended longer ago than this is
# recorded quietly (a toast, no bell): the user was not waiting for it.
QUIET_AFTER = dt.timedelta(minutes=2)
# How often (in the app's clock time) the suggested time is read again.
SUGGESTION_RECHECK = dt.timedelta(seconds=15)
SUGGESTION_SLACK = dt.timedelta(minutes=1)  # a suggestion this close counts as "now"
SHORT = 22  # below this many rows the screen drops its blank lines

STATUS_WORDS = {
    engine.RUNNING: "⏱ running",
    engine.PAUSED: "⏸ paused",
    engine.COMPLETED: "✓ done",
    engine.CANCELLED: "✗ cancelled",
}


# --- actions shared by the screen, the `e` key and the command palette --------


def _after_write(app: SecondHeartApp) -> None:
    app.note_own_write()
    app.timer_alerts.invalidate()
    app.refresh_screens()


def _apply(app: SecondHeartApp, change: Callable[[Tracker], T]) -> T | None:
    """Make one timer change; a refusal (nothing running, already paused) is one toast."""
    try:
        return change(app.tracker)
    except SecondHeartError as exc:
        app.report(exc)
        return None


def start_session(app: SecondHeartApp, exercise: str | None = None) -> None:
    """Start a session (default: leg elevation) and say so."""
    app.timer_alerts.settle()
    running = timers.active_timed(app.tracker)
    if running is not None:  # not an error: point at what is already on
        left = engine.format_mmss(engine.remaining(running.session, app.tracker.clock.utcnow()))
        state = "paused" if running.session.status == engine.PAUSED else "running"
        app.notify(
            f"{running.name} is already {state} ({left} left). Press 3 for the timer.",
            timeout=4,
            markup=False,
        )
        return
    timed = _apply(app, lambda tracker: timers.start(tracker, exercise))
    if timed is None:
        return
    length = timers.length_text(timed.session.planned_seconds)
    hint = " Legs up above your heart." if timed.kind == "sessions" else ""
    app.notify(f"{timed.name}: {length} timer started.{hint}", timeout=4, markup=False)
    _after_write(app)


def pause_session(app: SecondHeartApp) -> None:
    app.timer_alerts.settle()
    timed = _apply(app, timers.pause)
    if timed is None:
        return
    left = engine.format_mmss(engine.remaining(timed.session, app.tracker.clock.utcnow()))
    app.notify(f"{timed.name} paused with {left} left. Press r to resume.", timeout=3, markup=False)
    _after_write(app)


def resume_session(app: SecondHeartApp) -> None:
    app.timer_alerts.settle()
    timed = _apply(app, timers.resume)
    if timed is None:
        return
    app.notify(f"{timed.name} resumed.", timeout=2, markup=False)
    _after_write(app)


def cancel_session(app: SecondHeartApp) -> None:
    """Ask first; a cancelled elevation session does not count."""
    app.timer_alerts.settle()
    timed = timers.active_timed(app.tracker)
    if timed is None:
        app.notify("No timer is running.", timeout=2, markup=False)
        return
    credit = timers.cancel_credit(app.tracker, timed)
    if timed.kind == "minutes":
        outcome = f"The {format_amount(credit)} min done so far will be counted."
    else:
        outcome = "It will not count toward today."
    question = f"Cancel this {timed.name} session? {outcome}"

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        app.timer_alerts.settle()
        still = timers.active_timed(app.tracker)
        if still is None or still.session.id != timed.session.id:
            app.notify(f"The {timed.name} session has already ended.", timeout=3, markup=False)
            app.refresh_screens()
            return
        result = _apply(app, timers.cancel)
        if result is None:
            return
        cancelled, credited = result
        extra = f" {format_amount(credited)} min counted." if credited else ""
        app.notify(f"{cancelled.name} session cancelled.{extra}", timeout=3, markup=False)
        _after_write(app)

    app.push_screen(ConfirmScreen(question, yes="Cancel session", no="Keep going"), answered)


def timer_commands(app: SecondHeartApp) -> list[tuple[str, str, object]]:
    """Command-palette entries for the timer, fitting the current state."""
    tracker = app.tracker
    timed = timers.active_timed(tracker)
    if timed is not None:
        commands: list[tuple[str, str, object]] = []
        if timed.session.status == engine.RUNNING:
            commands.append(
                (
                    f"Timer: pause {timed.name}",
                    "pause the running timer",
                    lambda: pause_session(app),
                )
            )
        else:
            commands.append(
                (
                    f"Timer: resume {timed.name}",
                    "resume the paused timer",
                    lambda: resume_session(app),
                )
            )
        commands.append(
            (
                f"Timer: cancel {timed.name}",
                "stop the timer (asks first)",
                lambda: cancel_session(app),
            )
        )
        return commands
    commands = []
    for exercise in timers.timeable_exercises(tracker):
        minutes = format_amount(timers.default_minutes(tracker, exercise))
        name = exercise.name.lower() if exercise.kind == "sessions" else exercise.name
        commands.append(
            (
                f"Timer: start {name} ({minutes} min)",
                "start a timed session",
                lambda slug=exercise.slug: start_session(app, slug),
            )
        )
    return commands


def desktop_notify(title: str, message: str) -> bool:
    """A desktop notification through notify-send, if it is installed; never raises."""
    try:
        program = shutil.which("notify-send")
        if not program:
            return False
        subprocess.Popen(
            [program, title, message],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except Exception:  # no display, no D-Bus, a broken install: the toast is enough
        return False
    return True


class TimerAlerts:
    """Records finished sessions for the app and tells the user, once each.

    ``settle`` runs the store's conditional completion; it returns only the
    sessions this process completed, so with two panes open only the pane
    whose update won rings. Sessions found finished when the app starts are
    recorded at once and announced quietly on the first tick.
    """

    def __init__(self, app: SecondHeartApp, startup: list[timers.Timed] | None = None) -> None:
        self.app = app
        # sessions already completed at start-up (by the app, before its first frame)
        self._startup = timers.settle_due(app.tracker) if startup is None else startup
        self._waiting: dt.datetime | None = None  # a suggested time still ahead
        self._recheck_at: dt.datetime | None = None
        self.suggestions_shown = 0
        self._last_problem: str | None = None

    def invalidate(self) -> None:
        """Read the suggestion again on the next tick (after our own writes)."""
        self._recheck_at = None

    def settle(self) -> list[timers.Timed]:
        """Complete due sessions now and announce the ones this process completed."""
        try:
            done = timers.settle_due(self.app.tracker)
        except (SecondHeartError, PeeweeException, sqlite3.Error) as exc:
            # A locked or vanished file: try again next tick, and say so once.
            message = f"Could not record the timer: {exc}"
            if message != self._last_problem:
                self._last_problem = message
                self.app.notify(message, severity="warning", timeout=4, markup=False)
            return []
        self._last_problem = None
        for timed in done:
            self._announce(timed, loud=True)
        if done:
            self.app.note_own_write()
            self.invalidate()
            self.app.refresh_screens()
        return done

    def tick(self) -> None:
        if self._startup:
            for timed in self._startup:
                now = self.app.tracker.clock.utcnow()
                ended = timed.session.ended or now
                self._announce(timed, loud=now - ended <= QUIET_AFTER)
            self._startup = []
        self.settle()
        screen = self.app.screen
        try:
            if isinstance(screen, TimerScreen):
                screen.tick()
            self._check_suggestion()
        except (SecondHeartError, PeeweeException, sqlite3.Error):
            return  # the poll reports an unreadable file; the next tick tries again

    def _announce(self, timed: timers.Timed, loud: bool) -> None:
        app = self.app
        clock = app.tracker.clock
        ended = timed.session.ended or clock.utcnow()
        at = ended.astimezone(clock.now().tzinfo).strftime("%H:%M")
        if timed.kind == "sessions":
            plan = timers.day_plan(app.tracker)
            count = f" ({format_amount(plan.done)}/{format_amount(plan.target)} today)"
            message = f"{timed.name} session done at {at}{count}. Lower your legs slowly."
        else:
            minutes = format_amount(engine.credited_minutes(timed.session, clock.utcnow()))
            message = f"{timed.name}: {minutes} min done at {at}."
        if not loud:
            app.notify(
                f"Recorded while the app was closed: {message}",
                title="Timer",
                timeout=8,
                markup=False,
            )
            return
        app.notify(message, title="Timer done", timeout=12, markup=False)
        app.bell()
        desktop_notify("Second Heart", message)

    def _check_suggestion(self) -> None:
        tracker = self.app.tracker
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
        if arrived:  # it was ahead of us and now it is here: one gentle nudge
            self.suggestions_shown += 1
            name = plan.elevation.name if plan.elevation else "Leg elevation"
            number = int(plan.done) + 1
            self.app.notify(
                f"Time for {name.lower()} (session {number} of {format_amount(plan.target)} "
                "today). Press e to start.",
                title="Suggested",
                timeout=10,
                markup=False,
            )


# --- the screen ------------------------------------------------------------------


class TimerScreen(Screen):
    """A big countdown for the running session; today's sessions underneath."""

    CSS_PATH = "timer.tcss"

    BINDINGS = [
        Binding("space,enter", "start", "Start session"),
        Binding("space,enter", "pause", "Pause session"),
        Binding("space,enter", "resume", "Resume session", show=False),
        Binding("r", "resume", "Resume session"),
        Binding("x", "cancel", "Cancel session"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plan: timers.TimerDay | None = None
        self._state: str | None = None  # None, running or paused
        self._minute: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        clock = self.app.tracker.clock  # type: ignore[attr-defined]
        yield Header()
        with Vertical(id="timer-body"):
            yield Label("", id="timer-title")
            yield Countdown(clock.utcnow, id="countdown")
            yield Label("", id="timer-hint")
            yield Label("", id="timer-day")
            with Center(id="timer-sessions-row"):
                with VerticalScroll(id="timer-sessions", can_focus=False):
                    yield Static("", id="timer-list")
        yield KeyBar()

    @property
    def app_tracker(self):
        return self.app.tracker  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.query_one("#timer-sessions").border_title = "Today's sessions"
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def on_resize(self) -> None:
        self.set_class(self.size.height < SHORT, "-short")

    # ------------------------------------------------------------- drawing
    def refresh_data(self) -> None:
        """Read the active session and today's sessions again and redraw."""
        if not self.query(Countdown):
            return  # not composed yet, or the app is closing
        try:
            plan = timers.day_plan(self.app_tracker)
        except SecondHeartError as exc:
            self.app.report(exc)  # type: ignore[attr-defined]
            return
        self.plan = plan
        active = plan.active
        state = active.session.status if active else None
        if state != self._state:
            self._state = state
            self.refresh_bindings()
        self._minute = (plan.now.hour, plan.now.minute)
        self.query_one(Countdown).show(active.session if active else None, plan.minutes * 60)
        self._draw_title(plan)
        self.query_one("#timer-day", Label).update(self._day_text(plan))
        self.query_one("#timer-list", Static).update(self._sessions_text(plan))
        self.app.update_title()  # type: ignore[attr-defined]

    def tick(self) -> None:
        """Called by the app every poll: the digits, and the words once a minute."""
        if not self.is_mounted:
            return
        try:
            self.query_one(Countdown).refresh_time()
        except NoMatches:  # the app is closing and the widgets are gone
            return
        now = self.app_tracker.clock.now()
        if (now.hour, now.minute) != self._minute:
            self.refresh_data()

    def _local(self, moment: dt.datetime) -> str:
        zone = self.plan.now.tzinfo if self.plan else None
        return moment.astimezone(zone).strftime("%H:%M")

    def _draw_title(self, plan: timers.TimerDay) -> None:
        title = self.query_one("#timer-title", Label)
        hint = self.query_one("#timer-hint", Label)
        active = plan.active
        if active is None:
            name = plan.elevation.name if plan.elevation else "Leg elevation"
            title.update(f"[b]{escape(name)}[/b] · {format_amount(plan.minutes)} min · ready")
            hint.update("[dim]space starts · e starts one on any screen[/dim]")
            return
        session = active.session
        if session.status == engine.PAUSED:
            title.update(f"[b]{escape(active.name)}[/b] · ⏸ paused")
            hint.update("[dim]r resumes · x cancels[/dim]")
            return
        ends = self._local(engine.end_time(session))
        title.update(f"[b]{escape(active.name)}[/b] · ⏱ running · ends {ends}")
        lying = "legs above your heart · " if active.kind == "sessions" else ""
        hint.update(f"[dim]{lying}space pauses[/dim]")

    def _day_text(self, plan: timers.TimerDay) -> str:
        if plan.elevation is None:
            return "No leg-elevation exercise: add a 'sessions' exercise on Today."
        name = escape(plan.elevation.name)
        done, target = plan.done, plan.target
        count = f"{name} today: [b]{format_amount(done)}/{format_amount(target)}[/b]"
        if plan.goal and plan.goal > target:
            count += f" (goal {format_amount(plan.goal)})"
        if done >= target:
            return f"{count} ✓ target met"
        if plan.active is not None:
            return count
        if plan.suggested is None:
            return f"{count} · no time left in today's waking window"
        if plan.suggested <= plan.now:
            return f"{count} · next one: now"
        return f"{count} · next suggested at [b]{plan.suggested:%H:%M}[/b]"

    def _sessions_text(self, plan: timers.TimerDay) -> str:
        if not plan.sessions:
            return "[dim]No sessions yet today.[/dim]"
        lines = []
        width = max(len(t.name) for t in plan.sessions)
        for timed in plan.sessions:
            session = timed.session
            when = self._local(session.started)
            if session.ended is not None:
                when += f"–{self._local(session.ended)}"
            status = STATUS_WORDS[session.status]
            if timed.kind == "minutes" and session.status == engine.CANCELLED:
                minutes = engine.credited_minutes(session, plan.now)
                status = f"■ stopped · {format_amount(minutes)} min"
            lines.append(f"{when:<11}  {escape(f'{timed.name:<{width}}')}  {status}")
        return "\n".join(lines)

    # ------------------------------------------------------------- actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            return self._state is None
        if action == "pause":
            return self._state == engine.RUNNING
        if action == "resume":
            return self._state == engine.PAUSED
        if action == "cancel":
            return self._state is not None
        return True

    def action_start(self) -> None:
        start_session(self.app)  # type: ignore[arg-type]

    def action_pause(self) -> None:
        pause_session(self.app)  # type: ignore[arg-type]

    def action_resume(self) -> None:
        resume_session(self.app)  # type: ignore[arg-type]

    def action_cancel(self) -> None:
        cancel_session(self.app)  # type: ignore[arg-type]
