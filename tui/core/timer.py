"""The elevation-session engine: pure functions over an immutable ``Session``.

A session stores only instants: when it started, how long it is planned to
run, how many seconds it has spent paused so far, and when the current pause
began. Every derived figure (elapsed, remaining, end time) is computed from the
wall clock at the moment asked, never from counted ticks, so a session is
right after quitting the app, a crash, a laptop's sleep or Ctrl-Z.

Rules:

* All instants are timezone-aware; the ``Session`` stores them in UTC. A naive
  datetime is refused with ``ValueError`` rather than guessed at.
* A clock that jumps backwards never yields negative elapsed time nor more
  than the planned time remaining.
* A running session whose time ran out while nobody watched is completed at
  its end time (started + planned + paused), not at the moment it is noticed:
  see ``settle``.
* A session belongs to the local day it started on (``session_day``).

Invalid transitions raise ``TimerError`` (a ``ValueError``) whose message can
be shown to the user as is.

Standard library only: no Textual, no Peewee.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import namedtuple

from .clock import day_of

RUNNING, PAUSED, COMPLETED, CANCELLED = "running", "paused", "completed", "cancelled"
STATUSES = (RUNNING, PAUSED, COMPLETED, CANCELLED)
ACTIVE = (RUNNING, PAUSED)
FINISHED = (COMPLETED, CANCELLED)

DEFAULT_MINUTES = 15
MAX_MINUTES = 24 * 60
MIN_GAP = dt.timedelta(minutes=15)

_UTC = dt.UTC
# Float noise below this never turns a whole second or minute into the next one.
_EPSILON = 1e-6


class TimerError(ValueError):
    """A timer action that cannot be done; the message is meant for the user."""


def _aware(moment: dt.datetime, name: str = "now") -> dt.datetime:
    if not isinstance(moment, dt.datetime):
        raise TypeError(f"{name} must be a datetime, not {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got the naive {moment.isoformat()}")
    return moment


def _utc(moment: dt.datetime, name: str = "now") -> dt.datetime:
    return _aware(moment, name).astimezone(_UTC)


def _seconds(delta: dt.timedelta) -> float:
    return delta.total_seconds()


# A named tuple, not a frozen dataclass: ``secondheart status`` imports this
# module and must not pay about 16 ms for importing dataclasses (see
# tui.core.model). The annotations only document the fields.


class Session(
    namedtuple(
        "Session",
        "exercise started planned_seconds paused_seconds paused_at status ended id",
        defaults=(0.0, None, RUNNING, None, None),
    )
):
    """One timed session of an exercise (an elevation session, or a timed walk).

    ``started``, ``paused_at`` and ``ended`` must be timezone-aware; they are
    normalised to UTC. ``paused_at`` is set exactly when ``status`` is
    ``PAUSED``; ``paused_seconds`` holds the pauses that are over. For a
    completed session ``ended`` is its end time; for a cancelled one it is
    when it was cancelled.
    """

    __slots__ = ()

    exercise: str
    started: dt.datetime
    planned_seconds: int
    paused_seconds: float
    paused_at: dt.datetime | None
    status: str
    ended: dt.datetime | None
    id: int | None

    def __new__(
        cls,
        exercise: str,
        started: dt.datetime,
        planned_seconds: int,
        paused_seconds: float = 0.0,
        paused_at: dt.datetime | None = None,
        status: str = RUNNING,
        ended: dt.datetime | None = None,
        id: int | None = None,
    ) -> Session:
        if not isinstance(exercise, str) or not exercise.strip():
            raise ValueError("a session needs an exercise slug")
        if status not in STATUSES:
            raise ValueError(f"unknown session status {status!r}")
        if isinstance(planned_seconds, bool) or not isinstance(planned_seconds, int):
            raise ValueError("planned_seconds must be a whole number of seconds")
        if planned_seconds <= 0:
            raise ValueError("planned_seconds must be positive")
        paused = float(paused_seconds)
        if not math.isfinite(paused) or paused < 0:
            raise ValueError("paused_seconds must be a finite number >= 0")
        started = _utc(started, "started")
        if paused_at is not None:
            paused_at = _utc(paused_at, "paused_at")
        if ended is not None:
            ended = _utc(ended, "ended")
        if (status == PAUSED) != (paused_at is not None):
            raise ValueError("paused_at must be set exactly when the session is paused")
        return super().__new__(
            cls, exercise, started, planned_seconds, paused, paused_at, status, ended, id
        )

    def _replace(self, **changes: object) -> Session:
        """A copy with ``changes``, checked and normalised like a new session
        (the named tuple's own ``_replace`` would skip :meth:`__new__`)."""
        return type(self)(**{**self._asdict(), **changes})  # type: ignore[arg-type]

    @classmethod
    def from_stored(
        cls,
        id: int | None,
        exercise: str,
        started: str,
        planned_seconds: object,
        paused_seconds: object,
        paused_at: str | None,
        status: str,
        ended: str | None,
    ) -> Session:
        """A session from its stored text (ISO instants; no offset means UTC)."""
        return cls(
            exercise=exercise,
            started=stored_instant(started),  # type: ignore[arg-type]
            planned_seconds=int(planned_seconds),  # type: ignore[call-overload]
            paused_seconds=float(paused_seconds or 0.0),  # type: ignore[arg-type]
            paused_at=stored_instant(paused_at),
            status=status,
            ended=stored_instant(ended),
            id=id,
        )


def stored_instant(text: str | None) -> dt.datetime | None:
    """An instant as stored (ISO text); one without an offset was written in UTC."""
    if text is None:
        return None
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=_UTC)


# --- creating ----------------------------------------------------------------


def start(exercise: str, now: dt.datetime, minutes: float = DEFAULT_MINUTES) -> Session:
    """A new running session of ``exercise`` started at ``now``.

    ``minutes`` must be a finite number above 0 and at most 24 hours; the
    planned length is rounded to whole seconds (at least one).
    """
    if isinstance(minutes, bool) or not isinstance(minutes, int | float):
        raise TimerError(f"the session length must be a number of minutes, not {minutes!r}")
    if not math.isfinite(minutes):
        raise TimerError("the session length must be a finite number of minutes")
    if minutes <= 0:
        raise TimerError("the session length must be more than 0 minutes")
    if minutes > MAX_MINUTES:
        raise TimerError(f"the session length can be at most 24 hours ({MAX_MINUTES} minutes)")
    if not isinstance(exercise, str) or not exercise.strip():
        raise TimerError("a session needs an exercise")
    return Session(
        exercise=exercise,
        started=_utc(now),
        planned_seconds=max(1, round(minutes * 60)),
    )


# --- reading -----------------------------------------------------------------


def _reference(s: Session, now: dt.datetime) -> dt.datetime:
    """The instant the session's clock stands at: now, the pause, or the end."""
    if s.status == PAUSED and s.paused_at is not None:
        return s.paused_at
    if s.status in FINISHED and s.ended is not None:
        return s.ended
    return _utc(now)


def elapsed(s: Session, now: dt.datetime) -> float:
    """Seconds of the session done by ``now``, clamped to [0, planned].

    A paused session stands still at its pause; a completed one counts in
    full; a cancelled one counts up to when it was cancelled.
    """
    _aware(now)
    if s.status == COMPLETED:
        return float(s.planned_seconds)
    done = _seconds(_reference(s, now) - s.started) - s.paused_seconds
    return min(float(s.planned_seconds), max(0.0, done))


def remaining(s: Session, now: dt.datetime) -> float:
    """Seconds left at ``now``: planned - elapsed, clamped to [0, planned]."""
    return max(0.0, float(s.planned_seconds) - elapsed(s, now))


def progress(s: Session, now: dt.datetime) -> float:
    """The share of the session done by ``now``, from 0.0 to 1.0 (for a progress bar)."""
    return elapsed(s, now) / s.planned_seconds


def end_time(s: Session, now: dt.datetime | None = None) -> dt.datetime:
    """When the session's planned time runs out, in UTC: started + planned + paused.

    For a running session ``now`` is not needed. A paused session has no
    fixed end: its end time moves with the pause, so ``now`` is required and
    the answer is the end if it were resumed at ``now``; without ``now`` a
    ``TimerError`` is raised. For a cancelled session this is when it would
    have ended (``ended`` says when it was stopped).
    """
    paused = s.paused_seconds
    if s.status == PAUSED and s.paused_at is not None:
        if now is None:
            raise TimerError("a paused session has no end time until it is resumed")
        paused += max(0.0, _seconds(_utc(now) - s.paused_at))
    return s.started + dt.timedelta(seconds=s.planned_seconds + paused)


def is_active(s: Session) -> bool:
    """Whether the session is running or paused (not completed, not cancelled)."""
    return s.status in ACTIVE


def is_due(s: Session, now: dt.datetime) -> bool:
    """Whether a running session has no time left at ``now`` (it should be settled)."""
    return s.status == RUNNING and remaining(s, now) <= 0


def session_day(s: Session, day_start_hour: int = 0, tz: dt.tzinfo | None = None) -> dt.date:
    """The local day the session belongs to: the day its start instant counts for.

    ``tz`` is the local zone (``None``: the system's). With a day-start hour
    of 4, a session started at 01:30 belongs to the day before.
    """
    local = s.started.astimezone(tz) if tz is not None else s.started.astimezone()
    return day_of(local, day_start_hour)


def credited_minutes(s: Session, now: dt.datetime) -> float:
    """Whole minutes done by ``now`` (rounded down, at least 0), to credit a timed exercise."""
    return float(math.floor(elapsed(s, now) / 60 + _EPSILON))


# --- transitions -------------------------------------------------------------


def _refuse_finished(s: Session, now: dt.datetime) -> None:
    if s.status == COMPLETED:
        raise TimerError("this session is already completed")
    if s.status == CANCELLED:
        raise TimerError("this session was cancelled")
    if is_due(s, now):
        raise TimerError("this session has already run its full time; it counts as completed")


def pause(s: Session, now: dt.datetime) -> Session:
    """Pause a running session at ``now``."""
    _aware(now)
    _refuse_finished(s, now)
    if s.status == PAUSED:
        raise TimerError("the timer is already paused")
    return s._replace(status=PAUSED, paused_at=max(_utc(now), s.started))


def resume(s: Session, now: dt.datetime) -> Session:
    """Resume a paused session at ``now``; the pause is added to ``paused_seconds``."""
    _aware(now)
    _refuse_finished(s, now)
    if s.status != PAUSED or s.paused_at is None:
        raise TimerError("the timer is not paused")
    pause_length = max(0.0, _seconds(_utc(now) - s.paused_at))
    return s._replace(
        status=RUNNING,
        paused_at=None,
        paused_seconds=s.paused_seconds + pause_length,
    )


def cancel(s: Session, now: dt.datetime) -> Session:
    """Cancel a running or paused session at ``now``; it will not count.

    A running session whose time already ran out cannot be cancelled: it is
    done (``settle`` it instead).
    """
    _aware(now)
    _refuse_finished(s, now)
    at = _utc(now)
    paused = s.paused_seconds
    if s.status == PAUSED and s.paused_at is not None:
        at = max(at, s.paused_at)
        paused += _seconds(at - s.paused_at)
    at = max(at, s.started)
    return s._replace(status=CANCELLED, paused_at=None, paused_seconds=paused, ended=at)


def complete(s: Session, now: dt.datetime) -> Session:
    """Complete a running session whose time has run out; ``ended`` is its end time.

    Completing early is refused: a session only counts once its full time
    is done.
    """
    _aware(now)
    if s.status == COMPLETED:
        raise TimerError("this session is already completed")
    if s.status == CANCELLED:
        raise TimerError("this session was cancelled")
    if s.status == PAUSED:
        raise TimerError("the timer is paused; resume it to finish the session")
    if not is_due(s, now):
        left = format_mmss(remaining(s, now))
        raise TimerError(f"the session is not done yet: {left} to go")
    return s._replace(status=COMPLETED, ended=end_time(s))


def settle(s: Session, now: dt.datetime) -> Session:
    """Complete the session at its end time if it is running and due; otherwise return it unchanged."""
    if is_due(s, now):
        return complete(s, now)
    return s


# --- display and planning ----------------------------------------------------


def format_mmss(seconds: float) -> str:
    """``M:SS`` (or ``H:MM:SS`` from an hour up), rounding up to whole seconds.

    Rounding up means a running countdown shows ``0:00`` only when it is done:
    600 -> "10:00", 59.2 -> "1:00", 0.4 -> "0:01", 3600 -> "1:00:00".
    Negative or non-finite values show as "0:00".
    """
    if not math.isfinite(seconds) or seconds <= 0:
        return "0:00"
    total = max(0, math.ceil(seconds - _EPSILON))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def suggest_next(
    done_today: int,
    target: int,
    now: dt.datetime,
    window_start: dt.time = dt.time(8),
    window_end: dt.time = dt.time(21),
    last_end: dt.datetime | None = None,
    *,
    session_minutes: float = DEFAULT_MINUTES,
    min_gap: dt.timedelta = MIN_GAP,
) -> dt.datetime | None:
    """When to start the next session today, or ``None`` if no more are needed or fit.

    ``now`` is an aware local datetime; the window is taken on ``now``'s
    calendar date in ``now``'s zone, and the answer is in that zone.

    The remaining ``target - done_today`` sessions are spread evenly so that
    the last one ends at ``window_end``:

    * No session ended inside today's window yet (``last_end`` is ``None``
      or before ``window_start``): the next one is as soon as possible,
      ``max(now, window_start)``, but at least ``min_gap`` after ``last_end``.
    * A session ended inside the window: the span from ``last_end`` to the
      latest start (``window_end - session_minutes``) is cut into as many
      equal steps as sessions remain, and the next one is one step after
      ``last_end`` (never less than ``min_gap``). If that moment is already
      past, the answer is ``now``.

    ``None`` when nothing remains, when ``now`` is past ``window_end``, or
    when the next session could only start after ``window_end``.
    """
    _aware(now)
    if window_start >= window_end:
        raise ValueError("the waking window must start before it ends")
    left = target - done_today
    if left <= 0:
        return None
    zone = now.tzinfo
    now_utc = _utc(now)
    day = now.date()
    opens = dt.datetime.combine(day, window_start, tzinfo=zone).astimezone(_UTC)
    closes = dt.datetime.combine(day, window_end, tzinfo=zone).astimezone(_UTC)
    if now_utc > closes:
        return None
    latest = max(opens, closes - dt.timedelta(minutes=session_minutes))
    nxt = max(now_utc, opens)
    if last_end is not None:
        last = _utc(last_end, "last_end")
        gap = min_gap
        if last >= opens:
            gap = max(gap, (latest - last) / left)
        nxt = max(nxt, last + gap)
    if nxt > closes:
        return None
    return nxt.astimezone(zone)
