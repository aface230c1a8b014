"""Reminders in the database: what is due, claimed exactly once, and what a user answers.

The schedule logic is pure (``tui.core.reminders``); this module feeds it the
day's exercises and the ``reminder`` rows, and writes the claims.

* **Exactly once.** A reminder is claimed with an INSERT into the UNIQUE key
  ``(exercise, day, time)`` (or, for a snoozed one, an ``UPDATE … WHERE
  state = 'snoozed'``) inside one IMMEDIATE transaction. Of two processes
  that find it due, only the one whose statement changed a row delivers it.
* **Reads for ``status``** use the fast path only (no Peewee): the day's rows,
  the settings, the reminder rows and the last session's end.
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple

from ..core import reminders as plan
from ..core import rules
from ..core.model import DONE, Exercise, Status
from ..core.reminders import ALL_DAY, BREAK, DISMISSED, FIRED, SNOOZED, Due, Subject
from . import fast
from .database import utc_stamp
from .errors import LookupFailed
from .service import DayView, Tracker

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .models import Models


class Today(namedtuple("Today", "now day window subjects claims settings")):
    """Everything the reminders need to know about today, read once: ``now``, the
    ``day``, the waking ``window``, the day's ``subjects`` and ``claims``, and the
    ``settings`` (a named tuple: ``status`` imports this module on every call)."""

    __slots__ = ()

    def to_deliver(self) -> list[Due]:
        return plan.to_deliver(self.subjects, self.claims, self.now, self.window)

    def pending(self) -> list[Due]:
        return plan.pending(self.subjects, self.claims, self.now, self.window)


def _times(
    tracker: Tracker,
    exercise: Exercise,
    day: dt.date,
    amount: float,
    target: float,
    window: tuple[dt.time, dt.time],
    settings: dict[str, str],
    since: str,
) -> tuple[str, ...]:
    if not plan.uses_suggested(exercise.kind, exercise.remind):
        return plan.parse_times(exercise.remind)
    try:
        minutes = float(settings.get("elevation-minutes", "15"))
    except ValueError:
        minutes = 15.0
    last_end = fast.last_session_end(tracker.db, exercise.id, day)
    now = tracker.clock.now()
    zone = tracker.clock.zone() or now.tzinfo
    local_end = last_end.astimezone(zone) if last_end is not None else None
    try:
        set_at = dt.datetime.combine(day, dt.time.fromisoformat(since), tzinfo=zone)
    except ValueError:  # '' (not set today) or a row no time can be read from
        set_at = None
    time = plan.suggested_time(amount, target, day, zone, window, local_end, minutes, set_at)
    return (time,) if time else ()


def today(tracker: Tracker, view: DayView | None = None) -> Today:
    """Today's reminder subjects and rows (fast reads only)."""
    now = tracker.clock.now()
    view = (
        view
        if view is not None and view.day == view.today
        else tracker.day_view(with_streaks=False)
    )
    settings = tracker.settings()
    window = rules.waking_window(settings)
    timing = ""  # a timer running or paused: its exercise is being done, no reminder
    if fast.has_active_session(tracker.db):
        active = fast.active_session(tracker.db)
        timing = active[0].exercise if active else ""
    claims = tuple(fast.reminders(tracker.db, view.day))
    subjects = []
    for row in view.rows:
        exercise = row.exercise
        if row.status is Status.NOT_STARTED or not exercise.schedule.is_scheduled(view.day):
            continue
        since = plan.since(claims, exercise.id)
        times = _times(tracker, exercise, view.day, row.amount, row.target, window, settings, since)
        is_open = row.status not in DONE and not row.skipped and exercise.slug != timing
        subjects.append(Subject(exercise.id, exercise.slug, exercise.name, times, is_open, since))
    return Today(
        now=now,
        day=view.day,
        window=window,
        subjects=tuple(subjects),
        claims=claims,
        settings=settings,
    )


def claim(tracker: Tracker, due: list[Due], day: dt.date) -> list[Due]:
    """Claim the given reminders; returns those (and the times) this process won."""
    if not due:
        return []
    won = []
    stamp = utc_stamp()
    with tracker.db.write() as m:
        for item in due:
            times = [t for t in item.times if _claim_one(m, item, t, day, stamp)]
            if times:
                won.append(Due(item.exercise_id, item.name, tuple(times)))
    return won


def _claim_one(m: Models, item: Due, time: str, day: dt.date, stamp: str) -> bool:
    R = m.Reminder
    if time in item.snoozed:
        changed = (
            R.update(state=FIRED, at=stamp)
            .where(
                (R.exercise == item.exercise_id)
                & (R.day == day)
                & (R.time == time)
                & (R.state == SNOOZED)
            )
            .execute()
        )
        return changed == 1
    inserted = (
        R.insert(exercise=item.exercise_id, day=day, time=time, state=FIRED, at=stamp)
        .on_conflict_ignore()
        .as_rowcount()
        .execute()
    )
    return inserted == 1


def deliver_due(tracker: Tracker) -> tuple[list[Due], dt.datetime]:
    """Claim every reminder due now; returns the ones this process won, and now."""
    state = today(tracker)
    return claim(tracker, state.to_deliver(), state.day), state.now


def _exercise_on_today(tracker: Tracker, exercise_id: int) -> Exercise:
    exercise = tracker.exercise(exercise_id)
    if exercise.archived:
        raise LookupFailed(f"{exercise.name} is archived")
    return exercise


def snooze(tracker: Tracker, exercise_id: int) -> str:
    """Quiet the exercise's reminders for 10 minutes; returns the time it comes back."""
    exercise = _exercise_on_today(tracker, exercise_id)
    now = tracker.clock.now()
    until = plan.snooze_until(now)
    with tracker.db.write() as m:
        R = m.Reminder
        R.insert(
            exercise=exercise.id, day=tracker.today(), time=until, state=SNOOZED, at=utc_stamp()
        ).on_conflict(
            conflict_target=[R.exercise, R.day, R.time],
            update={R.state: SNOOZED, R.at: utc_stamp()},
        ).execute()
    return until


def dismiss(tracker: Tracker, exercise_id: int) -> None:
    """No more reminders for the exercise today."""
    exercise = _exercise_on_today(tracker, exercise_id)
    with tracker.db.write() as m:
        m.Reminder.insert(
            exercise=exercise.id, day=tracker.today(), time=ALL_DAY, state=DISMISSED, at=utc_stamp()
        ).on_conflict_ignore().execute()


def done(tracker: Tracker, exercise_id: int) -> Exercise:
    """Tick the exercise for today: one session for a sessions exercise, else its target."""
    exercise = _exercise_on_today(tracker, exercise_id)
    day = tracker.today()
    if exercise.kind == "sessions":
        tracker.step(exercise, day, exercise.step)
    else:
        tracker.mark_done(exercise, day)
    return exercise


def claim_break(tracker: Tracker, now: dt.datetime, minutes: int) -> bool:
    """Claim a movement break at ``now`` unless one was given in the last ``minutes``
    (by any process); True when this process should nudge."""
    since = plan.hm(now - dt.timedelta(minutes=minutes))
    at = plan.hm(now)
    day = tracker.today()
    with tracker.db.write() as m:
        R = m.Reminder
        recent = (
            R.select()
            .where((R.day == day) & (R.state == BREAK) & (R.time > since) & (R.time <= at))
            .exists()
        )
        if recent:
            return False
        R.insert(exercise=None, day=day, time=at, state=BREAK, at=utc_stamp()).execute()
    return True


def due_mark(tracker: Tracker, view: DayView) -> tuple[int, str]:
    """How many exercises have a reminder waiting, and the first one's name."""
    waiting = today(tracker, view).pending()
    return len(waiting), (waiting[0].name if waiting else "")
