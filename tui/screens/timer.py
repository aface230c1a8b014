"""Timer: a large countdown, today's sessions, and when to do the next one.

The changes (start, pause, resume, cancel) live in ``timer_commands``, shared
with the ``e`` key and the command palette; the toasts, bell and desktop
notification when a session ends live in ``timer_alerts``, which the app ticks.
"""

from __future__ import annotations

import datetime as dt

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from ..core import timer as engine
from ..core.model import format_amount, is_met
from ..core.text import visible
from ..host import HostAccess
from ..messages import DataChanged, DayChanged
from ..store import timers
from ..store.errors import SecondHeartError
from ..widgets.countdown import Countdown
from ..widgets.keybar import KeyBar
from ..widgets.plain import plain
from ..widgets.spot_compositor import SpotUpdates
from .timer_commands import cancel_session, pause_session, resume_session, start_session

SHORT = 22  # below this many rows the screen drops its blank lines

STATUS_WORDS = {
    engine.RUNNING: "⏱ running",
    engine.PAUSED: "⏸ paused",
    engine.COMPLETED: "✓ done",
    engine.CANCELLED: "✗ cancelled",
}


class TimerScreen(HostAccess, SpotUpdates, Screen):
    """A big countdown for the running session; today's sessions underneath."""

    CSS_PATH = "timer.tcss"
    BINDING_GROUP_TITLE = "Timer"

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
        clock = self.host.tracker.clock
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

    def on_mount(self) -> None:
        self.query_one("#timer-sessions").border_title = "Today's sessions"
        self.refresh_data()
        self.set_interval(self.host.poll_seconds, self.tick)

    def on_screen_resume(self) -> None:
        self.refresh_data()

    @on(DataChanged)
    @on(DayChanged)
    def _data_changed(self) -> None:
        self.refresh_data()

    def on_resize(self) -> None:
        self.set_class(self.size.height < SHORT, "-short")

    # ------------------------------------------------------------- drawing
    def refresh_data(self) -> None:
        """Read the active session and today's sessions again and redraw."""
        if not self.query(Countdown):
            return  # not composed yet, or the app is closing
        try:
            plan = timers.day_plan(self.host.tracker)
        except SecondHeartError as exc:
            self.host.report(exc)
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
        self.host.update_title()

    def tick(self) -> None:
        """At the app's polling pace while shown: the digits, and the words once a minute."""
        if self not in self.app.screen_stack:
            return  # another mode is showing; resuming redraws
        countdown = self.query(Countdown)
        if not countdown:
            return  # the app is closing and the widgets are gone
        countdown.first().refresh_time()
        now = self.host.tracker.clock.now()
        if (now.hour, now.minute) != self._minute:
            self.refresh_data()

    def _local(self, moment: dt.datetime) -> str:
        """HH:MM as the clock read then (a past time keeps the UTC offset it had)."""
        return self.host.tracker.clock.local(moment).strftime("%H:%M")

    def _draw_title(self, plan: timers.TimerDay) -> None:
        title = self.query_one("#timer-title", Label)
        hint = self.query_one("#timer-hint", Label)
        active = plan.active
        if active is None:
            name = plan.elevation.name if plan.elevation else "Leg elevation"
            title.update(
                Content.assemble(
                    plain(name, "bold"), f" · {format_amount(plan.minutes)} min · ready"
                )
            )
            hint.update("[dim]space starts · e starts one on any screen[/dim]")
            return
        session = active.session
        if session.status == engine.PAUSED:
            title.update(Content.assemble(plain(active.name, "bold"), " · ⏸ paused"))
            hint.update("[dim]r resumes · x cancels[/dim]")
            return
        ends = self._local(engine.end_time(session))
        title.update(Content.assemble(plain(active.name, "bold"), f" · ⏱ running · ends {ends}"))
        lying = "legs above your heart · " if active.kind == "sessions" else ""
        hint.update(f"[dim]{lying}space pauses[/dim]")

    def _day_text(self, plan: timers.TimerDay) -> Content:
        if plan.elevation is None:
            return Content("No leg-elevation exercise: add a 'sessions' exercise on Today.")
        done, target = plan.done, plan.target
        unit = plain(f" {plan.elevation.unit or 'sessions'} today")
        count = Content.assemble(
            plain(plan.elevation.name),
            ": ",
            (f"{format_amount(done)} of {format_amount(target)}", "bold"),
            unit,
        )
        if plan.goal and plan.goal > target:
            count += f" (goal {format_amount(plan.goal)})"
        if is_met(done, target):
            return count + " ✓ target met"
        if plan.active is not None:
            return count
        if plan.suggested is None:
            return count + " · no time left in today's waking window"
        if plan.suggested <= plan.now:
            return count + " · next one: now"
        suggested = self._local(plan.suggested)
        return Content.assemble(count, " · next suggested at ", (suggested, "bold"))

    def _sessions_text(self, plan: timers.TimerDay) -> Content:
        if not plan.sessions:
            return Content.styled("No sessions yet today.", "dim")
        lines = []
        names = [visible(t.name) for t in plan.sessions]
        width = max(cell_len(name) for name in names)
        for timed, name in zip(plan.sessions, names, strict=True):
            session = timed.session
            when = self._local(session.started)
            if session.ended is not None:
                when += f"–{self._local(session.ended)}"
            status = STATUS_WORDS[session.status]
            if timed.kind == "minutes" and session.status == engine.CANCELLED:
                minutes = engine.credited_minutes(session, plan.now)
                status = f"■ stopped · {format_amount(minutes)} min"
            padding = " " * (width - cell_len(name))
            lines.append(Content(f"{when:<11}  {name}{padding}  {status}"))
        return Content("\n").join(lines)

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
        start_session(self.host)

    def action_pause(self) -> None:
        pause_session(self.host)

    def action_resume(self) -> None:
        resume_session(self.host)

    def action_cancel(self) -> None:
        cancel_session(self.host)
