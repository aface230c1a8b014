"""Timer changes shared by the Timer screen, the ``e`` key and the command palette.

Each function makes one change through the store (``tui.store.timers``) and
says what happened in a toast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from ..core import timer as engine
from ..core.model import format_amount
from ..store import timers
from ..store.errors import SecondHeartError

if TYPE_CHECKING:
    from ..app import SecondHeartApp
    from ..store.service import Tracker

T = TypeVar("T")


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

    from ..dialogs.confirm import ConfirmScreen

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
