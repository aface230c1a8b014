"""Insights: strength over time, history by period, best streaks, weekday pattern.

Pure Python, no Textual, no Peewee. Everything here reads the day roles of
the streak engine (:class:`~tui.core.streaks.DayRoles`: one byte per day, M
met, S skipped, X missed, P partial, T today not yet met, ``.`` nothing due)
and the day-by-day strength series, so the charts say exactly what the
calendar and the streak columns say. The counting is done with C-level
``bytes`` operations (``count``, slices, ``split``), so bucketing ten years
takes well under a millisecond.

"All" is the perfect-day habit: a day is met when every exercise due that day
was met or skipped (and one was met), the meaning of the perfect-day streak.
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from collections.abc import Callable, Sequence
from itertools import accumulate, compress, repeat
from itertools import count as count_up
from operator import ge

from .streaks import DayRoles

STRENGTH_BUCKETS = ("day", "week", "month", "quarter")
HISTORY_BUCKETS = ("week", "month", "year")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

_M, _X, _P = ord("M"), ord("X"), ord("P")
_BREAKS = bytes.maketrans(b"P", b"X")  # a partial day breaks a run as a miss does


# Named tuples, not frozen dataclasses: ``secondheart stats`` imports this
# module on every call, and a frozen dataclass costs over a millisecond to
# build at import, a named tuple a fifth.


class Point(namedtuple("Point", "start end value")):
    """One bucket of a series: its first day, its last day and a value."""

    __slots__ = ()


class Bar(namedtuple("Bar", "start end met due")):
    """One bucket of history: days ``met`` and days ``due`` (the target, a float)."""

    __slots__ = ()


class Streak(namedtuple("Streak", "start end length unit current")):
    """A run of met days (or weeks): first and last day, its ``length`` in ``unit``
    ("days" or "weeks"), and whether it runs on (``current``)."""

    __slots__ = ()

    @property
    def days(self) -> int:
        """Calendar days from start to end, both counted."""
        return (self.end - self.start).days + 1


class WeekdayShare(namedtuple("WeekdayShare", "weekday met due")):
    """How often one ``weekday`` (0 Monday .. 6 Sunday) was met: ``met`` of ``due``
    over the window."""

    __slots__ = ()

    @property
    def share(self) -> float:
        return self.met / self.due if self.due else 0.0


# --- buckets -----------------------------------------------------------------


def bucket_start(day: dt.date, bucket: str) -> dt.date:
    """The first day of the bucket (a Monday week, a month, a quarter, a year) holding ``day``."""
    if bucket == "day":
        return day
    if bucket == "week":
        return day - dt.timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    if bucket == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if bucket == "year":
        return day.replace(month=1, day=1)
    raise ValueError(f"unknown bucket {bucket!r}")


def _previous(start: dt.date, bucket: str) -> dt.date:
    """The first day of the bucket before the one starting on ``start``."""
    return bucket_start(start - dt.timedelta(days=1), bucket)


def buckets(lo: dt.date, hi: dt.date, bucket: str, limit: int) -> list[tuple[dt.date, dt.date]]:
    """The last ``limit`` buckets covering [lo, hi], oldest first, clamped to [lo, hi]."""
    out: list[tuple[dt.date, dt.date]] = []
    if hi < lo or limit <= 0:
        return out
    start = bucket_start(hi, bucket)
    end = hi
    while len(out) < limit and end >= lo:
        out.append((max(start, lo), end))
        end = start - dt.timedelta(days=1)
        start = _previous(start, bucket)
    out.reverse()
    return out


# --- strength over time ----------------------------------------------------------


def strength_points(lo: dt.date, series: Sequence[float], bucket: str, limit: int) -> list[Point]:
    """Strength at the end of each bucket (as Loop shows it), the last ``limit`` buckets."""
    if not series:
        return []
    hi = lo + dt.timedelta(days=len(series) - 1)
    return [Point(a, b, series[(b - lo).days]) for a, b in buckets(lo, hi, bucket, limit)]


# --- history -----------------------------------------------------------------------


def history(roles: DayRoles, bucket: str, limit: int) -> list[Bar]:
    """Days met and days due per bucket, the last ``limit`` buckets up to today.

    Due days are met, missed and partial days (today counts once met; skipped
    and unscheduled days are not due). For N-per-week habits the target is the
    quota spread over the bucket's days (``N * days / 7``).
    """
    if not roles.n:
        return []
    lo = roles.lo
    hi = lo + dt.timedelta(days=roles.n - 1)
    data = roles.roles
    bars = []
    for a, b in buckets(lo, hi, bucket, limit):
        chunk = data[(a - lo).days : (b - lo).days + 1]
        met = chunk.count(_M)
        if roles.per_week:
            due: float = roles.per_week * len(chunk) / 7
        else:
            due = met + chunk.count(_X) + chunk.count(_P)
        bars.append(Bar(a, b, met, due))
    return bars


# --- best streaks ----------------------------------------------------------------


def best_streaks(roles: DayRoles, count: int = 5) -> list[Streak]:
    """The ``count`` longest streaks, longest first (the more recent first on a tie).

    Skipped, unscheduled and today-pending days bridge a run without adding
    to it, as in the streak columns; a run's dates are its first and last met
    day (for N-per-week habits: its first and last met week). The run still
    going today is marked ``current``.
    """
    if roles.per_week:
        found = _runs(roles.weeks, lambda i, j: _week_bounds(roles, i, j), "weeks", count)
    else:
        lo = roles.lo

        def bounds(i: int, j: int) -> tuple[dt.date, dt.date]:
            return lo + dt.timedelta(days=i), lo + dt.timedelta(days=j)

        found = _runs(roles.roles, bounds, "days", count)
    return found


def _week_bounds(roles: DayRoles, first: int, last: int) -> tuple[dt.date, dt.date]:
    """The days of weeks ``first`` .. ``last`` (indexes into ``roles.weeks``), within the history."""
    monday = roles.lo - dt.timedelta(days=roles.pad)
    today = roles.lo + dt.timedelta(days=roles.n - 1)
    start = max(roles.lo, monday + dt.timedelta(days=7 * first))
    end = min(today, monday + dt.timedelta(days=7 * last + 6))
    return start, end


def _runs(
    data: bytes, bounds: Callable[[int, int], tuple[dt.date, dt.date]], unit: str, count: int
) -> list[Streak]:
    """The ``count`` longest runs of M between X/P breaks, longest (then most recent) first.

    Done with ``bytes`` operations over all the runs at once (ten years of
    twelve exercises and their perfect days in about 1.5 ms; a regular
    expression match per run took 10 ms).
    """
    # Run k is the piece between the k-th and (k+1)-th break; with the
    # neutral days taken out, its length is its number of met days.
    lengths = list(map(len, data.translate(_BREAKS, b".ST").split(b"X")))
    top = sorted(lengths, reverse=True)[:count]
    floor = max(top[-1], 1) if count > 0 and top else 1  # shorter runs cannot make the list
    candidates = compress(count_up(), map(ge, lengths, repeat(floor)))
    # a later run is a more recent one: longest first, then most recent
    ranked = sorted(((lengths[k], k) for k in candidates), reverse=True)[:count]
    if not ranked:
        return []
    pieces = data.translate(_BREAKS).split(b"X")
    offsets = list(accumulate(map(len, pieces), initial=0))
    runs = []
    for length, k in ranked:
        piece, at = pieces[k], offsets[k] + k  # k breaks and k pieces before it
        start, end = bounds(at + piece.find(b"M"), at + piece.rfind(b"M"))
        runs.append(Streak(start, end, length, unit, k == len(pieces) - 1))
    return runs


# --- weekday pattern and recent weeks ----------------------------------------------


def weekday_pattern(roles: DayRoles, days: int = 365) -> list[WeekdayShare]:
    """Met and due per weekday (Monday first) over the last ``days`` days up to today."""
    data = roles.roles[-days:] if days > 0 else b""
    first = roles.lo + dt.timedelta(days=roles.n - len(data))
    shares = []
    for weekday in range(7):
        offset = (weekday - first.weekday()) % 7
        column = data[offset::7]
        met = column.count(_M)
        due = met + column.count(_X) + column.count(_P)
        shares.append(WeekdayShare(weekday, met, due))
    return shares


def recent_weeks(roles: DayRoles, weeks: int = 12) -> list[float | None]:
    """Completion (0..1) of each of the last ``weeks`` Monday weeks, this week last.

    None for a week with nothing due (before the start, all skipped).
    N-per-week habits: met days over the quota, capped at 1.
    """
    if not roles.n:
        return [None] * weeks
    lo = roles.lo
    hi = lo + dt.timedelta(days=roles.n - 1)
    this_monday = bucket_start(hi, "week")
    values: list[float | None] = []
    for k in range(weeks - 1, -1, -1):
        a = this_monday - dt.timedelta(days=7 * k)
        b = a + dt.timedelta(days=6)
        if b < lo:
            values.append(None)
            continue
        chunk = roles.roles[max(0, (a - lo).days) : (b - lo).days + 1]
        met = chunk.count(_M)
        if roles.per_week:
            values.append(min(1.0, met / roles.per_week))
            continue
        due = met + chunk.count(_X) + chunk.count(_P)
        values.append(met / due if due else None)
    return values


def completion_share(roles: DayRoles, days: int) -> float:
    """Met over due among the last ``days`` days (perfect days: perfect over due)."""
    data = roles.roles[-days:] if days > 0 else b""
    met = data.count(_M)
    due = met + data.count(_X) + data.count(_P)
    return met / due if due else 0.0
