"""Timed sessions in the database: the one running timer, shared by every process.

The pure engine (``tui.core.timer``) does the arithmetic; this module keeps
its ``Session`` in the ``session`` table and is what the app, the command
line and the status line call. Every figure comes from the stored instants
and the tracker's clock, so a timer survives quitting, a crash or sleep.

Rules kept here:

* **One active session** (running or paused) across all processes: ``start``
  checks for one inside an IMMEDIATE write transaction, which holds
  SQLite's single write lock from the check to the insert, so two processes
  can never both pass the check.
* **Completion exactly once**: ``settle_due`` completes a session with
  ``UPDATE … WHERE id = ? AND status = 'running'`` and credits the exercise in
  the same immediate transaction only when that update changed the row. Two
  panes and a CLI call racing each run the update; exactly one sees a row
  count of 1, and only that one reports (notifies) the completion.
* **Counting**: a completed ``sessions`` exercise (leg elevation) adds 1 to
  the entry of the day the session started on; a ``minutes`` exercise adds
  the whole minutes done, also when stopped early. A cancelled ``sessions``
  session adds nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..core import rules
from ..core import timer as engine
from ..core.dates import MAX_AMOUNT
from ..core.model import Exercise
from ..core.timer import ACTIVE, CANCELLED, COMPLETED, RUNNING, Session, TimerError
from . import fast
from .errors import InvalidInput, LookupFailed
from .service import Tracker

TYPE_CHECKING = False  # Peewee is imported by the functions that query or write
if TYPE_CHECKING:
    from .models import Models

ELEVATION = "leg-elevation"
TIMEABLE = ("sessions", "minutes")
_UTC = dt.UTC


# --- plain results -------------------------------------------------------------


@dataclass(frozen=True)
class Timed:
    """A session with the name and kind of its exercise (for display)."""

    session: Session
    name: str
    kind: str

    @property
    def exercise(self) -> str:
        return self.session.exercise


@dataclass(frozen=True)
class TimerDay:
    """Everything the Timer screen shows, read at one moment."""

    day: dt.date
    now: dt.datetime  # local, aware
    active: Timed | None
    sessions: tuple[Timed, ...]  # the day's sessions, oldest first
    elevation: Exercise | None
    done: float  # the elevation entry's amount for the day
    target: float
    goal: float | None
    suggested: dt.datetime | None  # local, aware; None when nothing is due
    minutes: float  # the default elevation length


# --- conversion ----------------------------------------------------------------


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(_UTC).isoformat(timespec="microseconds")


def _as_date(value: object) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value  # type: ignore[return-value]


@dataclass(frozen=True)
class _Row:
    """A session joined with its exercise, as the timer queries read it."""

    timed: Timed
    day: dt.date
    exercise_id: int
    target: float


def _query(m: Models):
    Session_, Exercise_ = m.Session, m.Exercise
    return Session_.select(
        Session_.id,
        Session_.started,
        Session_.planned_seconds,
        Session_.paused_seconds,
        Session_.paused_at,
        Session_.status,
        Session_.ended,
        Session_.day,
        Exercise_.slug,
        Exercise_.name,
        Exercise_.kind,
        Exercise_.id,
        Exercise_.target,
    ).join(Exercise_)


def _rows(query) -> list[_Row]:
    rows = []
    for (
        sid,
        started,
        planned,
        paused,
        paused_at,
        status,
        ended,
        day,
        slug,
        name,
        kind,
        ex_id,
        target,
    ) in query.tuples():
        session = Session.from_stored(sid, slug, started, planned, paused, paused_at, status, ended)
        rows.append(_Row(Timed(session, name, kind), _as_date(day), ex_id, target))
    return rows


def _active_rows(m: Models) -> list[_Row]:
    query = (
        _query(m)
        .where(m.Session.status.in_(ACTIVE))
        .order_by(m.Session.started.desc(), m.Session.id.desc())
    )
    return _rows(query)


# --- reading -------------------------------------------------------------------


def active_timed(tracker: Tracker) -> Timed | None:
    """The running or paused session with its exercise's name, without settling (read only).

    Read on the fast path: the header and ``status`` ask every second.
    """
    found = fast.active_session(tracker.db)
    return Timed(*found) if found else None


def active(tracker: Tracker) -> Session | None:
    """The running or paused session, without settling (read only)."""
    timed = active_timed(tracker)
    return timed.session if timed else None


def current(tracker: Tracker) -> Session | None:
    """The running or paused session, after completing any whose time ran out."""
    settle_due(tracker)
    return active(tracker)


def sessions_on(tracker: Tracker, day: dt.date | None = None) -> list[Timed]:
    """The sessions of a day (every exercise and status), oldest first."""
    day = day or tracker.today()
    m = tracker.db.models
    query = _query(m).where(m.Session.day == day).order_by(m.Session.started, m.Session.id)
    return [row.timed for row in _rows(query)]


def last_finished(tracker: Tracker, day: dt.date | None = None) -> Timed | None:
    """The day's most recently finished (completed or cancelled) session."""
    finished = [t for t in sessions_on(tracker, day) if t.session.status in engine.FINISHED]
    return max(finished, key=lambda t: t.session.ended or t.session.started, default=None)


def summary(tracker: Tracker, with_name: bool = False) -> str:
    """'⏱ 8:12' while running, '⏸ 8:12' while paused, '' when no timer is on."""
    timed = active_timed(tracker)
    if timed is None:
        return ""
    session = timed.session
    glyph = "⏸" if session.status == engine.PAUSED else "⏱"
    text = f"{glyph} {engine.format_mmss(engine.remaining(session, tracker.clock.utcnow()))}"
    return f"{text} {timed.name}" if with_name else text


def elevation_exercise(tracker: Tracker) -> Exercise | None:
    """The leg-elevation exercise, else the first active ``sessions`` exercise."""
    candidates = [e for e in tracker.exercises() if e.kind == "sessions"]
    for exercise in candidates:
        if exercise.slug == ELEVATION:
            return exercise
    return candidates[0] if candidates else None


def timeable_exercises(tracker: Tracker) -> list[Exercise]:
    """The exercises a timer can run for: ``sessions`` and ``minutes`` kinds."""
    return [e for e in tracker.exercises() if e.kind in TIMEABLE]


def default_minutes(tracker: Tracker, exercise: Exercise) -> float:
    """A session's length: the elevation setting, or a minutes exercise's target."""
    if exercise.kind == "minutes":
        return float(min(max(exercise.target, 1.0), engine.MAX_MINUTES))
    try:
        return float(tracker.setting("elevation-minutes"))
    except ValueError:
        return float(engine.DEFAULT_MINUTES)


def length_text(seconds: float) -> str:
    """A session's planned length: '15 min', or '2:30' when not whole minutes."""
    if seconds % 60 == 0:
        return f"{int(seconds // 60)} min"
    return engine.format_mmss(seconds)


def _waking_window(tracker: Tracker) -> tuple[dt.time, dt.time]:
    return rules.waking_window(tracker.settings())


def day_plan(tracker: Tracker) -> TimerDay:
    """The Timer screen's data: the active session, today's sessions, the next suggestion."""
    now = tracker.clock.now()
    day = tracker.today()
    active_now = active_timed(tracker)
    sessions = tuple(sessions_on(tracker, day))
    elevation = elevation_exercise(tracker)
    minutes = float(engine.DEFAULT_MINUTES)
    done, target, goal = 0.0, 0.0, None
    suggested = None
    if elevation is not None:
        minutes = default_minutes(tracker, elevation)
        entry = tracker.entries(elevation, since=day, until=day).get(day)
        done = entry.amount if entry else 0.0
        target = entry.target if entry else elevation.target
        goal = elevation.goal
        if not (entry and entry.skipped):
            suggested = _suggest(tracker, elevation, sessions, done, target, now, day, minutes)
    return TimerDay(
        day=day,
        now=now,
        active=active_now,
        sessions=sessions,
        elevation=elevation,
        done=done,
        target=target,
        goal=goal,
        suggested=suggested,
        minutes=minutes,
    )


def _suggest(
    tracker: Tracker,
    elevation: Exercise,
    sessions: tuple[Timed, ...],
    done: float,
    target: float,
    now: dt.datetime,
    day: dt.date,
    minutes: float,
) -> dt.datetime | None:
    if day != now.date() or not elevation.schedule.is_scheduled(day):
        return None  # past midnight before the day-start hour: no plan for "today"
    ends = [
        t.session.ended
        for t in sessions
        if t.exercise == elevation.slug and t.session.status == COMPLETED and t.session.ended
    ]
    start, end = _waking_window(tracker)
    return engine.suggest_next(
        int(done),
        int(target),
        now,
        start,
        end,
        max(ends, default=None),
        session_minutes=minutes,
    )


# --- writing -------------------------------------------------------------------


def _timeable(tracker: Tracker, ref: str | int | Exercise | None) -> Exercise:
    if ref is None:
        exercise = elevation_exercise(tracker)
        if exercise is None:
            raise LookupFailed(
                "there is no leg-elevation exercise; add a 'sessions' exercise to time"
            )
        return exercise
    exercise = ref if isinstance(ref, Exercise) else tracker.exercise(ref)
    if exercise.kind not in TIMEABLE:
        raise InvalidInput(
            f"{exercise.name} is counted, not timed; only minutes and sessions exercises "
            "have a timer"
        )
    if exercise.archived:
        raise InvalidInput(f"{exercise.name} is archived; unarchive it to time it")
    return exercise


def _credit(m: Models, row: _Row, finished: Session, now: dt.datetime) -> float:
    """Add a finished session to its day's entry, in SQL; returns what was added."""
    from peewee import EXCLUDED, fn

    if row.timed.kind == "sessions":
        delta = 1.0 if finished.status == COMPLETED else 0.0
    elif row.timed.kind == "minutes":
        delta = engine.credited_minutes(finished, now)
    else:
        delta = 0.0  # the exercise's kind changed since the start: nothing to count
    if delta <= 0:
        return 0.0
    EntryRow = m.Entry
    EntryRow.insert(
        exercise=row.exercise_id,
        day=row.day,
        amount=min(MAX_AMOUNT, delta),
        target=row.target,
        skipped=False,
        updated=now.isoformat(timespec="seconds"),
    ).on_conflict(
        conflict_target=[EntryRow.exercise, EntryRow.day],
        update={
            EntryRow.amount: fn.MIN(MAX_AMOUNT, EntryRow.amount + delta),
            EntryRow.skipped: False,
            EntryRow.updated: EXCLUDED.updated,
        },
    ).execute()
    return delta


def settle_due(tracker: Tracker) -> list[Timed]:
    """Complete every running session whose time ran out; return those THIS call completed.

    Each one is completed at its end time (not now) by a conditional
    ``UPDATE … WHERE id = ? AND status = 'running'``; only when that update
    changed the row is the exercise credited, in the same immediate
    transaction. Another process that got there first leaves a row count of
    0 here, so the session is neither credited nor reported twice.
    """
    now = tracker.clock.utcnow()
    active_now = fast.active_session(tracker.db)
    if active_now is None or not engine.is_due(active_now[0], now):
        return []  # the common case: one read on the fast path, no Peewee, no write lock
    completed: list[Timed] = []
    with tracker.db.write() as m:
        due = [row for row in _active_rows(m) if engine.is_due(row.timed.session, now)]
        for row in due:
            finished = engine.complete(row.timed.session, now)
            changed = (
                m.Session.update(status=COMPLETED, ended=_stamp(finished.ended), paused_at=None)
                .where((m.Session.id == finished.id) & (m.Session.status == RUNNING))
                .execute()
            )
            if changed == 1:
                _credit(m, row, finished, now)
                completed.append(replace(row.timed, session=finished))
    return completed


def start(
    tracker: Tracker, exercise: str | int | Exercise | None = None, minutes: float | None = None
) -> Timed:
    """Start a session (default: leg elevation, for the configured length)."""
    chosen = _timeable(tracker, exercise)
    length = default_minutes(tracker, chosen) if minutes is None else minutes
    now = tracker.clock.utcnow()
    try:
        session = engine.start(chosen.slug, now, length)
    except TimerError as exc:
        raise InvalidInput(str(exc)) from None
    clock = tracker.clock
    day = engine.session_day(session, clock.day_start_hour, clock.zone())
    settle_due(tracker)
    with tracker.db.write() as m:
        busy = _active_rows(m)
        if busy:
            raise InvalidInput(_busy_message(busy[0].timed, now))
        started = session.started
        while (
            m.Session.select()
            .where((m.Session.exercise == chosen.id) & (m.Session.started == _stamp(started)))
            .exists()
        ):  # a start in the very same microsecond as a cancelled one
            started += dt.timedelta(microseconds=1)
        row = m.Session.create(
            exercise=chosen.id,
            day=day,
            started=_stamp(started),
            planned_seconds=session.planned_seconds,
            paused_seconds=0.0,
            paused_at=None,
            status=RUNNING,
            ended=None,
        )
    return Timed(session._replace(started=started, id=row.id), chosen.name, chosen.kind)


def _busy_message(timed: Timed, now: dt.datetime) -> str:
    left = engine.format_mmss(engine.remaining(timed.session, now))
    if timed.session.status == engine.PAUSED:
        return f"a {timed.name} timer is paused ({left} left); resume or cancel it first"
    return f"a {timed.name} timer is already running ({left} left); pause or cancel it first"


def _change(tracker: Tracker, transition) -> tuple[Timed, float]:
    """Apply an engine transition to the active session in one immediate transaction."""
    settle_due(tracker)
    now = tracker.clock.utcnow()
    with tracker.db.write() as m:
        rows = _active_rows(m)
        if not rows:
            raise InvalidInput("no timer is running")
        row = rows[0]
        before = row.timed.session
        try:
            after = transition(before, now)
        except TimerError as exc:
            raise InvalidInput(str(exc)) from None
        changed = (
            m.Session.update(
                status=after.status,
                paused_at=_stamp(after.paused_at) if after.paused_at else None,
                paused_seconds=after.paused_seconds,
                ended=_stamp(after.ended) if after.ended else None,
            )
            .where((m.Session.id == before.id) & (m.Session.status == before.status))
            .execute()
        )
        credited = 0.0
        if changed == 1 and after.status == CANCELLED:
            credited = _credit(m, row, after, now)
    return replace(row.timed, session=after), credited


def pause(tracker: Tracker) -> Timed:
    """Pause the running session."""
    return _change(tracker, engine.pause)[0]


def resume(tracker: Tracker) -> Timed:
    """Resume the paused session; the pause does not count."""
    return _change(tracker, engine.resume)[0]


def cancel(tracker: Tracker) -> tuple[Timed, float]:
    """Cancel the active session; returns it and what was credited.

    A cancelled leg-elevation session counts nothing; a timed minutes
    exercise (a walk) still counts the whole minutes done.
    """
    return _change(tracker, engine.cancel)


def cancel_credit(tracker: Tracker, timed: Timed) -> float:
    """What cancelling ``timed`` now would credit (for the confirmation question)."""
    if timed.kind != "minutes":
        return 0.0
    return engine.credited_minutes(timed.session, tracker.clock.utcnow())
