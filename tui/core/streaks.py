"""The streak engine: day status, streaks, strength, completion, calendar cells.

Pure Python: no Textual, no Peewee. Everything works on :class:`Habit`, a
frozen snapshot of one exercise (its schedule, its entries by day, the day it
started and its current target).

How it stays fast (10 years x 12 exercises in a few milliseconds): one Python
loop over a habit's entries fills a ``bytearray`` with one code per day; the
schedule becomes a byte mask built by repeating a pattern; from then on the
work is done by C-level ``bytes`` operations (``translate``, ``split``,
``count``, bitwise OR of big integers). Strength is the one true per-day loop.
Use :func:`summarize` / :func:`summarize_all` to compute everything for a
screen from a single pass per habit.

Rules, where the specification leaves room:

- A day is MET when ``amount >= target`` (the target stored with that day's
  entry; ``habit.target`` when the entry has none) and ``amount > 0``. Met wins
  over skipped; skipped wins over partial progress.
- Days before ``habit.start`` are NOT_STARTED (never missed, never counted);
  days after ``today`` are UNSCHEDULED. A met entry on
  an unscheduled day is MET for display but ignored by streaks, completion and
  strength (except for N-per-week habits, where every day counts). A skip or
  partial progress on an unscheduled day shows as UNSCHEDULED.
- A past scheduled day with partial progress is PARTIAL and breaks a streak.
  Today, pending or partial, never breaks a streak and counts once met; today
  is left out of completion and strength until it is met (so doing a little
  today never lowers them).
- N-per-week habits (``weekly:N``) are judged by Monday-to-Sunday weeks. A week
  needs ``min(N, days that could be done)`` met days, where skipped days and
  days before the start cannot be done; a week where nothing can be done (all
  skipped) bridges the streak. The current week counts once met, and does not
  break the streak while it can still be met. Day statuses follow the week:
  an empty past day is MISSED only when its week failed, UNSCHEDULED
  otherwise; today is PENDING, or UNSCHEDULED once the week's quota is met.
- Strength for N-per-week habits follows the Loop Habit Tracker: every day
  (skipped days excepted) adds the value ``min(1, met days in the last 7 / N)``,
  so a habit kept exactly N times a week tends to 100 %, not N/7.
- Completion for N-per-week habits is met days (plus partial fractions) over
  the expected ``N * counted days / 7``, capped at 1.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import namedtuple
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import accumulate, chain, compress, repeat
from operator import sub

from .model import Entry, Exercise, Status, is_met
from .schedule import Schedule

__all__ = [
    "CalendarCell",
    "Habit",
    "History",
    "HabitSummary",
    "StreakStats",
    "calendar_cells",
    "combined_cells",
    "completion",
    "day_status",
    "heat_level",
    "perfect_day_streak",
    "strength",
    "streaks",
    "summarize",
    "summarize_all",
]


class History(Mapping[dt.date, Entry]):
    """A whole history held as columns: day numbers, amounts, targets, skips.

    What the engine reads of years of entries without making one
    :class:`Entry` (and one date) per day: ten years of twelve exercises are
    44 000 rows, and making their objects took longer than all the statistics
    made from them. It is a read-only mapping of day to entry like any other;
    an entry is made only when one day is looked up. Days are proleptic
    ordinals (``date.toordinal()``); notes are not kept.

    A history read as groups (:meth:`from_groups`: the days that share an
    amount, a target and a skip) keeps them in :attr:`groups`, and the engine
    then judges each group once instead of each day.
    """

    __slots__ = ("_at", "_columns", "_size", "groups")

    def __init__(self, rows: Iterable[tuple[int, float, float, object]]) -> None:
        columns = tuple(zip(*rows, strict=True)) or ((), (), (), ())
        self._columns: tuple[tuple, ...] | None = columns
        self._size = len(columns[0])
        self._at: dict[int, int] | None = None  # ordinal -> row, made on the first lookup
        self.groups: list[tuple[float, float, object, Sequence[int]]] | None = None

    @classmethod
    def from_groups(cls, groups: Iterable[tuple[float, float, object, Sequence[int]]]) -> History:
        """A history from ``(amount, target, skipped, ordinals)`` groups, one per distinct value.

        How the store reads a whole history: ten years of a habit are a few
        rows, not 3 650, and no Python object is made per day but its number
        (about 20 ms less for ten years of twelve exercises, see ``_raw``).
        The columns are made only if something asks for them (the statistics
        never do: 2 ms and 1.3 MB less for ten years of twelve exercises).
        """
        history = cls(())
        history.groups = groups = list(groups)
        history._columns = None
        history._size = sum(len(days) for *_, days in groups)
        return history

    def _columns_now(self) -> tuple[tuple, ...]:
        if self._columns is None:  # made from the groups
            groups = self.groups or []
            sizes = [len(days) for *_, days in groups]
            self._columns = (
                tuple(chain.from_iterable(days for *_, days in groups)),
                *(
                    tuple(chain.from_iterable(map(repeat, (g[column] for g in groups), sizes)))
                    for column in range(3)
                ),
            )
        return self._columns

    @property
    def ordinals(self) -> tuple[int, ...]:
        return self._columns_now()[0]

    @property
    def amounts(self) -> tuple[float, ...]:
        return self._columns_now()[1]

    @property
    def targets(self) -> tuple[float, ...]:
        return self._columns_now()[2]

    @property
    def skipped(self) -> tuple[object, ...]:
        return self._columns_now()[3]

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[dt.date]:
        return map(dt.date.fromordinal, self.ordinals)

    def __getitem__(self, day: dt.date) -> Entry:
        i = self._index()[day.toordinal()]
        return Entry(day, self.amounts[i], self.targets[i], bool(self.skipped[i]))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and day.toordinal() in self._index()

    def _index(self) -> dict[int, int]:
        if self._at is None:
            self._at = {o: i for i, o in enumerate(self.ordinals)}
        return self._at

    @classmethod
    def of(cls, entries: Mapping[dt.date, Entry] | Iterable[Entry]) -> History:
        """The same entries held as columns (a History is returned as it is)."""
        if isinstance(entries, History):
            return entries
        if isinstance(entries, Mapping):
            return cls((d.toordinal(), e.amount, e.target, e.skipped) for d, e in entries.items())
        return cls((e.day.toordinal(), e.amount, e.target, e.skipped) for e in entries)

    def with_entry(self, entry: Entry) -> History:
        """A copy with ``entry`` as its day's row (added, or in place of the stored one).

        What a tracker keeps after writing one entry: a few tuples copied
        instead of an :class:`Entry` made for every day and read back (about
        0.4 ms of a tick on Today for four months of one exercise).
        """
        ordinal = entry.day.toordinal()
        row = (ordinal, entry.amount, entry.target, entry.skipped)
        i = self._index().get(ordinal)
        if i is None:
            columns = tuple(
                (*column, value) for column, value in zip(self._columns_now(), row, strict=True)
            )
        else:
            columns = tuple(
                (*column[:i], value, *column[i + 1 :])
                for column, value in zip(self._columns_now(), row, strict=True)
            )
        copy = History(())
        copy._columns = columns
        copy._size = len(columns[0])
        return copy

    def rows_in(self, first: int, count: int) -> Iterable[tuple[int, float, float, object]]:
        """Rows of the days [first, first + count) (ordinals); maybe others too.

        A short window looks its days up; a long one gets every row (cheaper
        than looking up most of them), so callers still check each day.
        """
        if self._long(count):
            return self.rows()
        at = self._index()
        amounts, targets, skipped = self.amounts, self.targets, self.skipped
        return [
            (o, amounts[i], targets[i], skipped[i])
            for o in range(first, first + count)
            if (i := at.get(o)) is not None
        ]

    def _long(self, count: int) -> bool:
        """Whether a window of ``count`` days is better read whole than day by day."""
        return count * 4 >= self._size

    def rows(self) -> Iterator[tuple[int, float, float, object]]:
        """(ordinal, amount, target, skipped) of every stored day, in storage order."""
        return zip(*self._columns_now(), strict=True)


# The engine's records are named tuples, not frozen dataclasses: ``secondheart
# stats`` and ``status`` import this module on every call, and a frozen
# dataclass costs over a millisecond to build at import, a named tuple a fifth.


class Habit(namedtuple("Habit", "schedule entries start target")):
    """Everything the engine needs about one exercise.

    ``schedule``; ``entries``, at most one per day (held as a :class:`History`
    whatever was given); ``start``, the first day the exercise existed (days
    before are NOT_STARTED); ``target``, the current target, for days with no
    entry (or no target).
    """

    __slots__ = ()

    def __new__(
        cls,
        schedule: Schedule,
        entries: Mapping[dt.date, Entry] | Iterable[Entry],
        start: dt.date,
        target: float,
    ) -> Habit:
        return super().__new__(cls, schedule, History.of(entries), start, target)

    @property
    def history(self) -> History:
        """The entries as columns (what :attr:`entries` always holds)."""
        return self.entries

    @classmethod
    def from_exercise(
        cls, exercise: Exercise, entries: Iterable[Entry] | Mapping[dt.date, Entry]
    ) -> Habit:
        """Build a habit from an exercise and its entries.

        The start is the exercise's creation day, or the earliest entry if the
        user backfilled days before it.
        """
        history = History.of(entries)
        return cls(
            exercise.schedule, history, first_day(exercise.created, history), exercise.target
        )


def first_day(created: dt.date, entries: Mapping[dt.date, Entry]) -> dt.date:
    """The day an exercise starts counting: its creation, or an earlier day with activity.

    A backfilled check-in (or skip) before the creation day moves the start
    back; an empty row does not, so undoing a backfill leaves no trace.
    """
    limit = created.toordinal()
    history = History.of(entries)
    rows: Iterable[tuple[int, float, float, object]] = (
        # a group stands for its days by its first one: the earliest is all that counts here
        (
            (min(days), amount, target, skipped)
            for amount, target, skipped, days in history.groups
            if days
        )
        if history.groups is not None
        else history.rows()
    )
    earliest = min(
        (o for o, amount, _, skipped in rows if o < limit and (amount > 0 or skipped)),
        default=None,
    )
    return created if earliest is None else dt.date.fromordinal(earliest)


class StreakStats(namedtuple("StreakStats", "current best unit")):
    """A ``current`` and a ``best`` streak, counted in days or (N per week) in
    weeks: ``unit`` is "days" or "weeks"."""

    __slots__ = ()


class CalendarCell(namedtuple("CalendarCell", "day level status")):
    """One ``day`` on a calendar or heatmap: its heat ``level`` (0..4) and its
    :class:`~tui.core.model.Status`."""

    __slots__ = ()


class HabitSummary(namedtuple("HabitSummary", "streak strength completion")):
    """Everything the Streaks screen shows for one habit, from one pass: the
    :class:`StreakStats`, the ``strength`` (0..1) and ``completion``, a mapping
    of window in days to the fraction (0..1) met."""

    __slots__ = ()


# --- internal codes ----------------------------------------------------------

# Raw per-day codes (what the entry says), one byte per day.
_NONE, _MET, _SKIP, _PART = 0, 1, 2, 4
_OFF = 8  # schedule-mask flag: not scheduled that day

# Roles (what a day means for a streak), one byte per day.
_M = ord("M")  # met on a scheduled day: extends
_S = ord("S")  # skipped: bridges
_X = ord("X")  # missed: breaks
_P = ord("P")  # partial on a past scheduled day: breaks, counts its fraction
_T = ord("T")  # today, not yet met: neutral
_I = ord(".")  # ignored: unscheduled / out of range


def _table(mapping: dict[int, int], default: int) -> bytes:
    return bytes(mapping.get(i, default) for i in range(256))


# raw | mask -> role, for past days (anything with _OFF set is ignored)
_ROLE = _table({_NONE: _X, _MET: _M, _SKIP: _S, _PART: _P}, _I)
# raw -> role inside a week that is met or still open
_ROLE_OK_WEEK = _table({_MET: _M, _SKIP: _S}, _I)
# role -> flag bits for the perfect-day OR, and back by priority
_FLAG = _table({_S: 1, _M: 2, _T: 4, _X: 8, _P: 8}, 0)
_UNFLAG = bytes(
    _X if v & 8 else _T if v & 4 else _M if v & 2 else _S if v & 1 else _I for v in range(256)
)
_P_TO_X = bytes.maketrans(b"P", b"X")
_MET_ONE = _table({_MET: 1}, 0)
_NOT_SKIP = _table({_SKIP: 0}, 1)
_DAY_UNITS = "days"
_WEEK_UNITS = "weeks"


def _streak_runs(roles: bytes) -> tuple[int, int]:
    """(current, best) from a role string: M extends, X/P break, others neutral."""
    runs = roles.translate(_P_TO_X, b".ST").split(b"X")
    return len(runs[-1]), max(map(len, runs))


class _Track:
    """One habit over a window of days [lo, lo + n), clamped to [start, today]."""

    __slots__ = ("lo", "n", "raw", "fracs", "mask", "roles", "weeks", "pad", "today_idx")

    def __init__(self, habit: Habit, lo: dt.date, hi: dt.date, today: dt.date) -> None:
        schedule = habit.schedule
        weekly = schedule.per_week_quota
        lo = max(lo, habit.start)
        hi = min(hi, today)
        if weekly and lo <= hi:  # whole weeks are needed to judge a day
            lo = max(habit.start, lo - dt.timedelta(days=lo.weekday()))
            hi = min(today, hi + dt.timedelta(days=6 - hi.weekday()))
        n = max(0, (hi - lo).days + 1)
        self.lo = lo
        self.n = n
        self.today_idx = n - 1 if n and hi == today else -1
        self.raw, self.fracs = _raw(habit, lo, n)
        self.mask: bytes | None = None
        self.weeks = b""
        self.pad = lo.weekday()
        if n == 0:
            self.roles = bytearray()
        elif weekly:
            self.weeks, self.roles = _weekly_roles(
                self.raw, self.pad, self.today_idx, schedule.per_week
            )
        else:
            self.mask = _mask(schedule, lo, n)
            combined = self.raw if self.mask is None else _or(self.raw, self.mask)
            roles = combined.translate(_ROLE)
            if self.today_idx >= 0 and roles[-1] in (_X, _P):
                roles[-1] = _T
            self.roles = roles

    # -- per-day views ----------------------------------------------------

    def status(self, i: int, weekly: bool) -> Status:
        """Status of the day at index ``i`` (inside the window)."""
        code = self.raw[i]
        if code == _MET:
            return Status.MET
        if weekly:
            if code == _SKIP:
                return Status.SKIPPED
            if code == _PART:
                return Status.PARTIAL
            week = self.weeks[(self.pad + i) // 7]
            if i == self.today_idx:
                return Status.UNSCHEDULED if week == _M else Status.PENDING
            return Status.MISSED if week == _X else Status.UNSCHEDULED
        if self.mask is not None and self.mask[i]:
            return Status.UNSCHEDULED
        if code == _SKIP:
            return Status.SKIPPED
        if code == _PART:
            return Status.PARTIAL
        return Status.PENDING if i == self.today_idx else Status.MISSED

    def fraction(self, i: int) -> float:
        code = self.raw[i]
        if code == _MET:
            return 1.0
        if code == _PART:
            return self.fracs[i]
        return 0.0


def _raw(habit: Habit, lo: dt.date, n: int) -> tuple[bytearray, dict[int, float]]:
    """Per-day codes for [lo, lo + n) and the fractions of partial days."""
    raw = bytearray(n)
    fracs: dict[int, float] = {}
    if n <= 0:
        return raw, fracs
    lo_ord = lo.toordinal()
    history = habit.history
    if history.groups is not None and history._long(n):
        return _raw_of_groups(history.groups, habit.target, lo_ord, raw)
    rows = history.rows_in(lo_ord, n)
    fallback = habit.target
    for ordinal, amount, stored_target, skipped in rows:
        i = ordinal - lo_ord
        if 0 <= i < n:
            code, fraction = _code(amount, stored_target or fallback, skipped)
            if code:
                raw[i] = code
                if code == _PART:
                    fracs[i] = fraction
    return raw, fracs


def _code(amount: float, target: float, skipped: object) -> tuple[int, float]:
    """What one day's entry says (a raw code) and, for partial progress, its fraction."""
    if is_met(amount, target):
        return _MET, 1.0
    if skipped:
        return _SKIP, 0.0
    if amount > 0:  # here 0 < amount < target, so target > 0
        return _PART, amount / target
    return _NONE, 0.0


def _raw_of_groups(
    groups: Sequence[tuple[float, float, object, Sequence[int]]],
    fallback: float,
    lo_ord: int,
    raw: bytearray,
) -> tuple[bytearray, dict[int, float]]:
    """:func:`_raw` for a history held as groups: each group is judged once.

    Ten years of twelve exercises: about 3 ms, against 14 ms judging each day.
    """
    hi_ord = lo_ord + len(raw)
    fracs: dict[int, float] = {}
    for amount, stored_target, skipped, days in groups:
        code, fraction = _code(amount, stored_target or fallback, skipped)
        if code == _PART:
            at = [o - lo_ord for o in days if lo_ord <= o < hi_ord]
            for i in at:
                raw[i] = code
            fracs.update(dict.fromkeys(at, fraction))
        elif code:
            for o in days:
                if lo_ord <= o < hi_ord:
                    raw[o - lo_ord] = code
    # by day: sums over partial days add up in the order a history kept day by day gives
    return raw, dict(sorted(fracs.items())) if len(fracs) > 1 else fracs


def _mask(schedule: Schedule, lo: dt.date, n: int) -> bytes | None:
    """_OFF on unscheduled days of [lo, lo + n); None when every day is scheduled.

    Mirrors ``Schedule.is_scheduled`` with repeated patterns (a test checks it).
    """
    kind = schedule.kind
    if kind in ("daily", "weekly") or n <= 0:
        return None
    if kind == "weekdays":
        week = bytes(0 if d in schedule.weekdays else _OFF for d in range(7))
        off = lo.weekday()
        return (week * ((off + n) // 7 + 1))[off : off + n]
    if kind == "every" and schedule.anchor is None:
        return None
    if kind == "every" and schedule.interval >= 1:
        interval = schedule.interval
        k0 = (lo - schedule.anchor).days
        shift = k0 % interval
        period = bytes([0]) + bytes([_OFF]) * (interval - 1)
        seq = (period * ((shift + n) // interval + 1))[shift : shift + n]
        if k0 < 0:  # days before the anchor
            before = min(n, -k0)
            seq = bytes([_OFF]) * before + seq[before:]
        return seq
    lo_ord = lo.toordinal()
    return bytes(
        0 if schedule.is_scheduled(dt.date.fromordinal(lo_ord + i)) else _OFF for i in range(n)
    )


def _or(a: bytes | bytearray, b: bytes | bytearray) -> bytearray:
    """Byte-wise OR of two equally long byte strings, at C speed."""
    n = len(a)
    value = int.from_bytes(a, "big") | int.from_bytes(b, "big")
    return bytearray(value.to_bytes(n, "big"))


def _weekly_roles(
    raw: bytearray, pad: int, today_idx: int, per_week: int
) -> tuple[bytes, bytearray]:
    """Week roles (one per Monday-start week) and day roles for an N-per-week habit.

    ``raw`` starts ``pad`` days after a Monday and ends on a Sunday or today.
    """
    n = len(raw)
    weeks = bytearray()
    days = bytearray()
    i = -pad
    while i < n:
        a = i if i > 0 else 0
        b = i + 7 if i + 7 < n else n
        chunk = raw[a:b]
        met = chunk.count(_MET)
        future = i + 7 - b  # only ever > 0 in the week holding today
        required = min(per_week, 7 - (a - i) - chunk.count(_SKIP))
        if required <= 0:
            week = _S
        elif met >= required:
            week = _M
        elif a <= today_idx < b:
            open_days = future + (raw[today_idx] not in (_MET, _SKIP))
            week = _T if met + open_days >= required else _X
        else:
            week = _X
        weeks.append(week)
        days += chunk.translate(_ROLE if week == _X else _ROLE_OK_WEEK)
        i += 7
    if today_idx >= 0 and days[today_idx] not in (_M, _S):
        days[today_idx] = _I if weeks[-1] == _M else _T
    return bytes(weeks), days


def _full(habit: Habit, today: dt.date) -> _Track:
    return _Track(habit, habit.start, today, today)


# --- streaks -----------------------------------------------------------------


def _streak_of(habit: Habit, track: _Track) -> StreakStats:
    if track.n == 0:
        unit = _WEEK_UNITS if habit.schedule.per_week_quota else _DAY_UNITS
        return StreakStats(0, 0, unit)
    if habit.schedule.per_week_quota:
        return StreakStats(*_streak_runs(track.weeks), _WEEK_UNITS)
    return StreakStats(*_streak_runs(track.roles), _DAY_UNITS)


def streaks(habit: Habit, today: dt.date) -> StreakStats:
    """Current and best streak: days for most habits, weeks for N-per-week ones."""
    return _streak_of(habit, _full(habit, today))


def perfect_day_streak(habits: Sequence[Habit], today: dt.date) -> StreakStats:
    """Streak of days on which every habit due that day was met or skipped."""
    return _perfect_of([_full(h, today) for h in habits])


def _perfect_of(tracks: Sequence[_Track]) -> StreakStats:
    # Every full track ends today, so big-endian integers line up on the right.
    acc = 0
    width = 0
    for track in tracks:
        if track.n:
            acc |= int.from_bytes(track.roles.translate(_FLAG), "big")
            width = max(width, track.n)
    if not width:
        return StreakStats(0, 0, _DAY_UNITS)
    roles = acc.to_bytes(width, "big").translate(_UNFLAG)
    return StreakStats(*_streak_runs(roles), _DAY_UNITS)


# --- completion ----------------------------------------------------------------


def completion(habit: Habit, today: dt.date, days: int) -> float:
    """Share (0..1) of the scheduled days among the last ``days`` days that were met."""
    return _completion_of(habit, _full(habit, today), days)


def _completion_of(habit: Habit, track: _Track, days: int) -> float:
    n = track.n
    if n == 0 or days <= 0:
        return 0.0
    a = max(0, n - days)
    fracs = track.fracs
    if habit.schedule.per_week_quota:
        raw = track.raw
        window = raw[a:]
        today_open = raw[-1] not in (_MET, _SKIP)
        counted = len(window) - window.count(_SKIP) - today_open
        expected = habit.schedule.per_week * counted / 7
        if expected <= 0:
            return 0.0
        done = window.count(_MET) + sum(
            f for i, f in fracs.items() if i >= a and not (today_open and i == n - 1)
        )
        return min(1.0, done / expected)
    roles = track.roles
    window = roles[a:]
    met = window.count(_M)
    partial = [f for i, f in fracs.items() if i >= a and roles[i] == _P]
    denominator = met + window.count(_X) + len(partial)
    if denominator == 0:
        return 0.0
    return (met + sum(partial)) / denominator


# --- strength --------------------------------------------------------------------


def strength(habit: Habit, today: dt.date) -> float:
    """Habit strength 0..1: the Loop Habit Tracker's exponential moving average."""
    return _strength_of(habit, _full(habit, today))


def _weekly_totals(track: _Track, schedule: Schedule) -> tuple[list[float], int, float]:
    """Running totals of met days (partial days as fractions) for an N-per-week habit.

    Returns the totals, how many days count (today only once met) and the quota.
    """
    raw = track.raw
    values = list(map(float, raw.translate(_MET_ONE)))
    for i, f in track.fracs.items():
        values[i] = f
    last = track.n if raw[-1] == _MET else track.n - 1
    return list(accumulate(values, initial=0.0)), last, float(schedule.per_week)


def _strength_of(habit: Habit, track: _Track) -> float:
    n = track.n
    if n == 0:
        return 0.0
    schedule = habit.schedule
    freq = schedule.frequency()
    if freq <= 0:
        return 0.0
    if not schedule.per_week_quota:
        return _daily_score(track.roles, track.fracs, freq)
    m = 0.5 ** (math.sqrt(freq) / 13)
    k = 1.0 - m
    score = 0.0
    # Loop's rule: each day's value is the share of the quota met over the
    # last 7 days (rolling sums from a running total, at C speed).
    total, last, quota = _weekly_totals(track, schedule)
    k_share = k / quota
    week_sums = map(sub, total[1 : last + 1], [0.0] * 6 + total)
    for met in compress(week_sums, track.raw.translate(_NOT_SKIP)):
        score = score * m + (k if met >= quota else met * k_share)
    return min(1.0, max(0.0, score))


def _daily_score(roles: bytes | bytearray, fracs: Mapping[int, float], freq: float) -> float:
    """The strength day roles end with: the last value of :func:`_daily_strength`."""
    m = 0.5 ** (math.sqrt(freq) / 13)
    k = 1.0 - m
    score = 0.0
    compact = roles.translate(None, b".ST")  # scheduled, not skipped, today only if met
    if _P in compact:
        partial = iter([fracs[i] for i in sorted(fracs) if roles[i] == _P])
        for c in compact:
            if c == _M:
                score = score * m + k
            elif c == _X:
                score *= m
            else:
                score = score * m + next(partial) * k
    else:
        for c in compact:
            score = score * m + k if c == _M else score * m
    return min(1.0, max(0.0, score))


# --- summaries -------------------------------------------------------------------


def summarize(habit: Habit, today: dt.date, windows: Sequence[int] = (7, 30, 365)) -> HabitSummary:
    """Streaks, strength and completion over ``windows`` from one pass."""
    return _summary_of(habit, _full(habit, today), windows)


def _summary_of(habit: Habit, track: _Track, windows: Sequence[int]) -> HabitSummary:
    return HabitSummary(
        streak=_streak_of(habit, track),
        strength=_strength_of(habit, track),
        completion={w: _completion_of(habit, track, w) for w in windows},
    )


def summarize_all(
    habits: Sequence[Habit], today: dt.date, windows: Sequence[int] = (7, 30, 365)
) -> tuple[list[HabitSummary], StreakStats]:
    """A summary per habit and the perfect-day streak, one pass per habit."""
    tracks = [_full(h, today) for h in habits]
    summaries = [_summary_of(h, t, windows) for h, t in zip(habits, tracks, strict=True)]
    return summaries, _perfect_of(tracks)


# --- day status and calendars ------------------------------------------------------


def day_status(habit: Habit, day: dt.date, today: dt.date) -> Status:
    """How ``habit`` stands on ``day`` (see the module docstring for the rules)."""
    if day < habit.start:
        return Status.NOT_STARTED
    if day > today:
        return Status.UNSCHEDULED
    track = _Track(habit, day, day, today)
    return track.status((day - track.lo).days, habit.schedule.per_week_quota)


def heat_level(fraction: float) -> int:
    """Heat 0..4: 0 nothing, 1 up to a quarter, 2 up to half, 3 more, 4 met."""
    if not fraction > 0:  # also NaN
        return 0
    if fraction >= 1:
        return 4
    if fraction <= 0.25:
        return 1
    if fraction <= 0.5:
        return 2
    return 3


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return list(map(dt.date.fromordinal, range(first.toordinal(), last.toordinal() + 1)))


def calendar_cells(
    habit: Habit, first: dt.date, last: dt.date, today: dt.date
) -> list[CalendarCell]:
    """One cell per day of [first, last] for a single habit."""
    track = _Track(habit, first, last, today)
    weekly = habit.schedule.per_week_quota
    lo_ord = track.lo.toordinal()
    cells = []
    for day in _days(first, last):
        i = day.toordinal() - lo_ord
        if track.n and 0 <= i < track.n:
            cells.append(CalendarCell(day, heat_level(track.fraction(i)), track.status(i, weekly)))
        elif day < habit.start:
            cells.append(CalendarCell(day, 0, Status.NOT_STARTED))
        else:
            cells.append(CalendarCell(day, 0, Status.UNSCHEDULED))
    return cells


def combined_cells(
    habits: Sequence[Habit], first: dt.date, last: dt.date, today: dt.date
) -> list[CalendarCell]:
    """One cell per day of [first, last] for all habits together.

    Habits count on a day when due (N-per-week ones: when met, skipped, or an
    empty day of a failed week). MET when all of them were met or skipped and
    at least one met; SKIPPED when all skipped; otherwise PARTIAL with some
    progress, else PENDING today and MISSED before. The level is the mean
    fraction of target over the habits that count and were not skipped.
    """
    days = _days(first, last)
    first_ord = first.toordinal()
    # per habit: role and fraction for every day of the range
    columns: list[tuple[bytes, list[float]]] = []
    for habit in habits:
        track = _Track(habit, first, last, today)
        roles = bytearray([_I]) * len(days)
        fractions = [0.0] * len(days)
        offset = track.lo.toordinal() - first_ord
        for i in range(track.n):
            j = offset + i
            if 0 <= j < len(days):
                roles[j] = track.roles[i]
                fractions[j] = track.fraction(i)
        columns.append((bytes(roles), fractions))
    cells = []
    for j, day in enumerate(days):
        active = 0
        skipped = 0
        met = 0
        total = 0.0
        for roles, fractions in columns:
            role = roles[j]
            if role == _I:
                continue
            if role == _S:
                skipped += 1
                continue
            active += 1
            total += fractions[j]
            met += role == _M
        if not active:
            status = (
                Status.SKIPPED
                if skipped
                else Status.NOT_STARTED
                if habits and all(day < h.start for h in habits)
                else Status.UNSCHEDULED
            )
            cells.append(CalendarCell(day, 0, status))
            continue
        if met == active:
            status = Status.MET
        elif total > 0:
            status = Status.PARTIAL
        else:
            status = Status.PENDING if day == today else Status.MISSED
        cells.append(CalendarCell(day, heat_level(total / active), status))
    return cells


# --- day roles and daily strength, for the insights ---------------------------------


class DayRoles(namedtuple("DayRoles", "lo roles weeks pad per_week", defaults=(b"", 0, 0))):
    """What each day from ``lo`` to today meant for a streak, one byte per day.

    ``roles`` holds ``M`` met, ``S`` skipped, ``X`` missed, ``P`` partial (a
    miss with some progress), ``T`` today not yet met and ``.`` nothing due.
    For N-per-week habits ``weeks`` holds one role per Monday-to-Sunday week
    (the first week starts ``pad`` days before ``lo``) and ``per_week`` the
    quota; otherwise ``weeks`` is empty and ``per_week`` 0.
    """

    __slots__ = ()

    @property
    def n(self) -> int:
        return len(self.roles)


def day_roles(habit: Habit, today: dt.date) -> DayRoles:
    """The whole history of ``habit`` as day roles (see :class:`DayRoles`)."""
    return _roles_of(habit, _full(habit, today))


def _roles_of(habit: Habit, track: _Track) -> DayRoles:
    per_week = habit.schedule.per_week if habit.schedule.per_week_quota else 0
    return DayRoles(track.lo, bytes(track.roles), track.weeks, track.pad, per_week)


def summarize_roles(
    habit: Habit, today: dt.date, windows: Sequence[int] = (7, 30, 365)
) -> tuple[HabitSummary, DayRoles]:
    """:func:`summarize` and :func:`day_roles` from one pass over the history."""
    track = _full(habit, today)
    return _summary_of(habit, track, windows), _roles_of(habit, track)


def perfect_day_roles(habits: Sequence[Habit], today: dt.date) -> DayRoles:
    """Day roles of "every habit due that day met or skipped" (the perfect-day streak's days)."""
    return perfect_roles_from([day_roles(h, today) for h in habits], today)


def perfect_roles_from(each: Sequence[DayRoles], today: dt.date) -> DayRoles:
    """The perfect days from every habit's day roles (each ends today)."""
    acc = 0
    width = 0
    for roles in each:
        if roles.n:
            acc |= int.from_bytes(roles.roles.translate(_FLAG), "big")
            width = max(width, roles.n)
    data = acc.to_bytes(width, "big").translate(_UNFLAG) if width else b""
    return DayRoles(today - dt.timedelta(days=width - 1), data)


def perfect_streak_of(roles: DayRoles) -> StreakStats:
    """The perfect-day streak from :func:`perfect_roles_from` (as :func:`perfect_day_streak`)."""
    if not roles.n:
        return StreakStats(0, 0, _DAY_UNITS)
    return StreakStats(*_streak_runs(roles.roles), _DAY_UNITS)


def strength_series(habit: Habit, today: dt.date) -> list[float]:
    """The strength at the end of each day from ``habit.start`` to today (0..1).

    Its last value is :func:`strength`: the same moving average, kept day by
    day; days that do not count (skipped, unscheduled, today while not met)
    repeat the day before.
    """
    track = _full(habit, today)
    if track.n == 0:
        return []
    schedule = habit.schedule
    freq = schedule.frequency()
    if freq <= 0:
        return [0.0] * track.n
    if not schedule.per_week_quota:
        return _daily_strength(track.roles, track.fracs, freq)
    m = 0.5 ** (math.sqrt(freq) / 13)
    k = 1.0 - m
    raw = track.raw
    n = track.n
    total, last, quota = _weekly_totals(track, schedule)
    k_share = k / quota
    series = []
    score = 0.0
    for i in range(n):
        if i < last and raw[i] != _SKIP:
            met = total[i + 1] - total[max(0, i - 6)]
            score = score * m + (k if met >= quota else met * k_share)
        series.append(min(1.0, max(0.0, score)))
    return series


def perfect_day_strength(roles: DayRoles) -> list[float]:
    """Strength of perfect days, day by day (a daily habit: met when the day was perfect)."""
    return _daily_strength(roles.roles, {}, 1.0)


def perfect_strength(roles: DayRoles) -> float:
    """The strength of perfect days today: the last value of :func:`perfect_day_strength`."""
    return _daily_score(roles.roles, {}, 1.0) if roles.n else 0.0


def _daily_strength(
    roles: bytes | bytearray, fracs: Mapping[int, float], freq: float
) -> list[float]:
    m = 0.5 ** (math.sqrt(freq) / 13)
    k = 1.0 - m
    score = 0.0
    series = []
    append = series.append
    for i, c in enumerate(roles):
        if c == _M:
            score = score * m + k
        elif c == _X:
            score *= m
        elif c == _P:
            score = score * m + fracs.get(i, 0.0) * k
        append(score)
    return [min(1.0, max(0.0, s)) for s in series]
