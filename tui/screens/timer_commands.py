"""Timer changes shared by the Timer screen, the ``e`` key and the command palette.

Each function makes one change through the store (``tui.store.timers``), says
what happened in a toast, and asks the app to look for changes at once, so
every screen (and the header) redraws from the app watcher's message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from ..core import timer as engine
from ..core.model import format_amount
from ..store import timers
from ..store.errors import SecondHeartError

if TYPE_CHECKING:
    from ..host import Host
    from ..store.service import Tracker

T = TypeVar("T")

Command = tuple[str, str, Callable[[], object]]  # title, help text, what it runs


def _apply(host: Host, change: Callable[[Tracker], T]) -> T | None:
    """Make one timer change; a refusal (nothing running, already paused) is one toast."""
    try:
        return change(host.tracker)
    except SecondHeartError as exc:
        host.report(exc)
        return None


def start_session(host: Host, exercise: str | None = None) -> None:
    """Start a session (default: leg elevation) and say so."""
    host.settle_timers()
    try:
        running = timers.active_timed(host.tracker)
    except SecondHeartError as exc:
        host.report(exc)
        return
    if running is not None:  # not an error: point at what is already on
        now = host.tracker.clock.utcnow()
        left = engine.format_mmss(engine.remaining(running.session, now))
        state = "paused" if running.session.status == engine.PAUSED else "running"
        host.notify(
            f"{running.name} is already {state} ({left} left). Press 3 for the timer.",
            timeout=4,
            markup=False,
        )
        return
    timed = _apply(host, lambda tracker: timers.start(tracker, exercise))
    if timed is None:
        return
    length = timers.length_text(timed.session.planned_seconds)
    hint = " Legs up above your heart." if timed.kind == "sessions" else ""
    host.notify(f"{timed.name}: {length} timer started.{hint}", timeout=4, markup=False)
    host.notice_changes()


def pause_session(host: Host) -> None:
    host.settle_timers()
    timed = _apply(host, timers.pause)
    if timed is None:
        return
    left = engine.format_mmss(engine.remaining(timed.session, host.tracker.clock.utcnow()))
    host.notify(
        f"{timed.name} paused with {left} left. Press r to resume.", timeout=3, markup=False
    )
    host.notice_changes()


def resume_session(host: Host) -> None:
    host.settle_timers()
    timed = _apply(host, timers.resume)
    if timed is None:
        return
    host.notify(f"{timed.name} resumed.", timeout=2, markup=False)
    host.notice_changes()


def cancel_session(host: Host) -> None:
    """Ask first; a cancelled elevation session does not count."""
    from ..dialogs.confirm import ConfirmScreen

    host.settle_timers()
    try:
        timed = timers.active_timed(host.tracker)
        credit = timers.cancel_credit(host.tracker, timed) if timed is not None else 0.0
    except SecondHeartError as exc:
        host.report(exc)
        return
    if timed is None:
        host.notify("No timer is running.", timeout=2, markup=False)
        return
    if timed.kind == "minutes":
        outcome = f"The {format_amount(credit)} min done so far will be counted."
    else:
        outcome = "It will not count toward today."
    question = f"Cancel this {timed.name} session? {outcome}"

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        host.settle_timers()
        try:
            still = timers.active_timed(host.tracker)
        except SecondHeartError as exc:
            host.report(exc)
            return
        if still is None or still.session.id != timed.session.id:
            host.notify(f"The {timed.name} session has already ended.", timeout=3, markup=False)
            host.notice_changes()
            return
        result = _apply(host, timers.cancel)
        if result is None:
            return
        cancelled, credited = result
        extra = f" {format_amount(credited)} min counted." if credited else ""
        host.notify(f"{cancelled.name} session cancelled.{extra}", timeout=3, markup=False)
        host.notice_changes()

    host.push_screen(ConfirmScreen(question, yes="Cancel session", no="Keep going"), answered)


def timer_commands(host: Host) -> list[Command]:
    """Command-palette entries for the timer, fitting the current state."""
    tracker = host.tracker
    timed = timers.active_timed(tracker)
    if timed is not None:
        commands: list[Command] = []
        if timed.session.status == engine.RUNNING:
            commands.append(
                (
                    f"Pause the {timed.name} timer",
                    "Pause the running timer",
                    lambda: pause_session(host),
                )
            )
        else:
            commands.append(
                (
                    f"Resume the {timed.name} timer",
                    "Resume the paused timer",
                    lambda: resume_session(host),
                )
            )
        commands.append(
            (
                f"Cancel the {timed.name} timer",
                "Stop the timer (asks first)",
                lambda: cancel_session(host),
            )
        )
        return commands
    commands = []
    for exercise in timers.timeable_exercises(tracker):
        minutes = format_amount(timers.default_minutes(tracker, exercise))
        commands.append(
            (
                f"Start {exercise.name} ({minutes} min)",
                "Start a timed session",
                lambda slug=exercise.slug: start_session(host, slug),
            )
        )
    return commands
