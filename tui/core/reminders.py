"""Reminders: which are due at a moment, worked out from the schedule and the wall clock.

Pure functions, no Textual, no Peewee. A reminder is a time of day on an
exercise's scheduled day. It is due once its time has come (``time <= now``),
while the exercise is not yet met (nor skipped) that day, inside the waking
window, and until it is claimed. Nothing here counts down from the moment an
app started: after a restart or a laptop's sleep, whatever is due by the
clock is due.

What happened to a day's reminders is kept as :class:`Claim` rows (the
``reminder`` table): ``fired`` (delivered once, by whichever process claimed
it), ``snoozed`` (waiting until its ``time``), ``dismissed`` (nothing more
for that exercise that day), ``break`` (a movement break, no exercise) and
``set`` (the exercise's reminders were set or changed at ``time``).

Nothing is missed before it could have been reminded: a time counts on a
day only if it falls after the exercise's reminders were set that day (the
latest ``set`` row; see :func:`since`). Setting them, whether by adding the
exercise (a new database's default routine included), changing its times,
kind or schedule, or archiving it, starts that exercise's day afresh: what
was waiting is cleared and times up to that moment stay quiet; a time after
it, or any time on a later day, reminds. The suggested session times are
then spread over what is left of the day (:func:`suggested_time`).

Times are local ``HH:MM`` strings; they compare as text.
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from collections.abc import Iterable, Iterator, Sequence

from .timer import DEFAULT_MINUTES, suggest_next

FIRED, SNOOZED, DISMISSED, BREAK, SET = "fired", "snoozed", "dismissed", "break", "set"
ALL_DAY = "day"  # the time of a dismissal row: the whole day
SNOOZE = dt.timedelta(minutes=10)
# A reminder due longer ago than this when an app starts was missed while
# nothing ran: it goes into one summary line instead of ringing.
GRACE = dt.timedelta(minutes=5)
# The exercises a movement break suggests first: the ones done sitting.
SEATED = ("ankle-pumps", "seated-marches")


def hm(moment: dt.datetime | dt.time) -> str:
    """'HH:MM' of a local moment."""
    return moment.strftime("%H:%M")


def parse_times(text: str | None) -> tuple[str, ...]:
    """The stored times ('10:00,15:30') as a tuple; nothing for '' or None."""
    return tuple(t for t in (text or "").split(",") if t)


def uses_suggested(kind: str, remind: str | None) -> bool:
    """Whether an exercise reminds at the suggested session times (a sessions exercise
    left at the default)."""
    return remind is None and kind == "sessions"


def as_text(remind: str | None) -> str:
    """The stored setting as a file carries it, and ``rules.reminder_times`` reads it
    back to the same value: times ('10:00,15:30'), ``none`` ('') or ``default`` (None)."""
    if remind is None:
        return "default"
    return remind or "none"


def describe(kind: str, remind: str | None) -> str:
    """The reminder setting as the form and the list show it."""
    if uses_suggested(kind, remind):
        return "suggested"
    times = parse_times(remind)
    return ", ".join(times) if times else ""


def reminds_key(kind: str, remind: str | None, archived: bool, schedule: str) -> str:
    """What an exercise reminds at, as one value: when it changes, the exercise's
    reminders were set anew (see the module's rules); '' when it reminds at nothing."""
    what = "" if archived else describe(kind, remind)
    return f"{what} on {schedule}" if what else ""


def suggested_time(
    done: float,
    target: float,
    day: dt.date,
    zone: dt.tzinfo | None,
    window: tuple[dt.time, dt.time],
    last_end: dt.datetime | None,
    minutes: float = DEFAULT_MINUTES,
    set_at: dt.datetime | None = None,
) -> str | None:
    """The next suggested session time on ``day`` as 'HH:MM', or None when none is left.

    The timer's own suggestion (:func:`tui.core.timer.suggest_next`) asked
    from the opening of the waking window, so it depends on the sessions
    done and the last one's end, not on the moment it is asked: the same
    reminder every time, which can then be claimed once. Sessions counted by
    hand leave no end time; they are taken as spread evenly from the
    window's opening.

    ``set_at``: when the reminders were set on ``day`` (see :func:`since`).
    From then on the sessions still to do are spread over the rest of the
    window as if one had just ended, so the next one comes after that moment.
    """
    start, end = window
    opens = dt.datetime.combine(day, start, tzinfo=zone)
    if set_at is not None and set_at > opens:
        last_end = set_at if last_end is None else max(last_end, set_at)
    if last_end is None and done >= 1 and target > 0:
        closes = dt.datetime.combine(day, end, tzinfo=zone)
        span = closes - dt.timedelta(minutes=minutes) - opens
        last_end = opens + span * (min(done, target) / target)
    try:
        nxt = suggest_next(
            int(done), int(target), opens, start, end, last_end, session_minutes=minutes
        )
    except ValueError:
        return None
    return None if nxt is None else hm(nxt.astimezone(zone) if zone else nxt)


# The reminders' records are named tuples, not dataclasses: ``secondheart
# status`` imports this module on every call, and a frozen dataclass costs
# over a millisecond to build at import, a named tuple a fifth of that.


class Claim(namedtuple("Claim", "exercise_id time state")):
    """One row of the day's reminder table: ``exercise_id`` (None for a movement
    break), ``time`` ('HH:MM', or ``ALL_DAY``) and ``state``."""

    __slots__ = ()


class Subject(namedtuple("Subject", "exercise_id slug name times open since", defaults=("",))):
    """One of the day's exercises as the reminders see it: ``times`` are the day's
    reminder times ('HH:MM'); ``open`` is True when it is scheduled that day and
    neither met nor skipped; ``since`` is when its reminders were set that day
    ('HH:MM'; '' when earlier)."""

    __slots__ = ()


class Due(namedtuple("Due", "exercise_id name times snoozed", defaults=((),))):
    """One exercise whose reminder is due: ``times``, every due time, oldest first,
    and ``snoozed``, those of them that were snoozed (claimed by an UPDATE)."""

    __slots__ = ()

    @property
    def first(self) -> str:
        return self.times[0]


def in_window(time: str, window: tuple[dt.time, dt.time]) -> bool:
    return hm(window[0]) <= time <= hm(window[1])


def since(claims: Iterable[Claim], exercise_id: int) -> str:
    """When the exercise's reminders were last set that day ('HH:MM'), else ''.
    Only times after it count that day."""
    return max(
        (c.time for c in claims if c.exercise_id == exercise_id and c.state == SET), default=""
    )


def _by_exercise(claims: Iterable[Claim]) -> dict[int, list[Claim]]:
    found: dict[int, list[Claim]] = {}
    for claim in claims:
        if claim.exercise_id is not None:
            found.setdefault(claim.exercise_id, []).append(claim)
    return found


def _state(
    subject: Subject, claims: Sequence[Claim], now: str, window: tuple[dt.time, dt.time]
) -> tuple[list[str], list[str], list[str]] | None:
    """(unclaimed due times, snoozed due times, every due time) or None when quiet."""
    if not subject.open or any(c.state == DISMISSED for c in claims):
        return None
    if any(c.state == SNOOZED and c.time > now for c in claims):
        return None  # snoozed: quiet until then
    claimed = {c.time for c in claims}
    after = subject.since  # nothing at or before the moment the reminders were set
    times = [t for t in subject.times if in_window(t, window) and after < t <= now]
    unclaimed = [t for t in times if t not in claimed]
    snoozed = [c.time for c in claims if c.state == SNOOZED and in_window(c.time, window)]
    fired_snoozes = [
        c.time
        for c in claims
        if c.state == FIRED and c.time not in subject.times and c.time > after
    ]
    every = sorted(set(times) | set(snoozed) | {t for t in fired_snoozes if t <= now})
    return unclaimed, snoozed, every


def to_deliver(
    subjects: Iterable[Subject],
    claims: Iterable[Claim],
    now: dt.datetime,
    window: tuple[dt.time, dt.time],
) -> list[Due]:
    """The reminders to claim and deliver at ``now``: due, not yet claimed.

    Nothing is due while ``now`` is outside the waking window, nor for a
    time outside it.
    """
    result = []
    for subject, (unclaimed, snoozed, _every) in _states(subjects, claims, now, window):
        if unclaimed or snoozed:
            result.append(
                Due(
                    subject.exercise_id,
                    subject.name,
                    tuple(sorted(unclaimed + snoozed)),
                    tuple(snoozed),
                )
            )
    return result


def pending(
    subjects: Iterable[Subject],
    claims: Iterable[Claim],
    now: dt.datetime,
    window: tuple[dt.time, dt.time],
) -> list[Due]:
    """The exercises whose reminder has come and is not yet answered (ticked, snoozed,
    dismissed): what ``status`` marks and the reminders dialog lists."""
    return [
        Due(subject.exercise_id, subject.name, tuple(every))
        for subject, (_unclaimed, _snoozed, every) in _states(subjects, claims, now, window)
        if every
    ]


def _states(
    subjects: Iterable[Subject],
    claims: Iterable[Claim],
    now: dt.datetime,
    window: tuple[dt.time, dt.time],
) -> Iterator[tuple[Subject, tuple[list[str], list[str], list[str]]]]:
    """Each subject with its state at ``now``; none while ``now`` is outside the window."""
    at = hm(now)
    if not in_window(at, window):
        return
    rows = _by_exercise(claims)
    for subject in subjects:
        state = _state(subject, rows.get(subject.exercise_id, []), at, window)
        if state is not None:
            yield subject, state


def missed(due: Due, now: dt.datetime) -> bool:
    """Whether a due reminder's first time is longer ago than the grace (missed)."""
    first = dt.datetime.combine(now.date(), dt.time.fromisoformat(due.first), tzinfo=now.tzinfo)
    return now - first > GRACE


def snooze_until(now: dt.datetime) -> str:
    """The time a snooze made at ``now`` ends ('HH:MM'), never past the day's end."""
    later = now + SNOOZE
    return hm(later) if later.date() == now.date() else "23:59"


def summary(due: Sequence[Due]) -> str:
    """'Ankle pumps 10:00, Seated marches 10:00 and 15:30'."""
    parts = []
    for item in due:
        times = item.times
        when = times[0] if len(times) == 1 else f"{', '.join(times[:-1])} and {times[-1]}"
        parts.append(f"{item.name} {when}")
    return ", ".join(parts)


# --- movement breaks -----------------------------------------------------------------


def break_due(
    stretch_start: dt.datetime,
    now: dt.datetime,
    minutes: int,
    window: tuple[dt.time, dt.time],
    claims: Iterable[Claim],
) -> bool:
    """Whether a movement break is due: ``minutes`` without a tick since ``stretch_start``,
    inside the waking window, and no break given (by any process) in the last ``minutes``."""
    if minutes <= 0 or not in_window(hm(now), window):
        return False
    if now - stretch_start < dt.timedelta(minutes=minutes):
        return False
    since = hm(now - dt.timedelta(minutes=minutes))
    recent = [c for c in claims if c.state == BREAK and c.time > since and c.time <= hm(now)]
    return not recent


def break_exercise(subjects: Sequence[Subject], given_today: int) -> Subject | None:
    """The exercise a movement break names: one of the day's unmet seated exercises in
    turn, else any unmet one, else None."""
    unmet = [s for s in subjects if s.open]
    seated = [s for s in unmet if s.slug in SEATED] or unmet
    if not seated:
        return None
    return seated[given_today % len(seated)]
