"""Streak statistics for the Streaks screen, cached until the data changes.

:class:`StreakStatsCache` builds one :class:`~tui.core.streaks.Habit` per
exercise with ONE indexed query each, summarises them with the streak engine,
and keeps the result (and the calendar cells asked for since) until the
database changes.

"Changed" is the cache key ``(PRAGMA data_version, total_changes(), today)``:
``data_version`` moves when another connection (another pane, the command
line) commits; ``total_changes()`` counts the rows this connection has written,
so our own writes are seen without anyone having to report them; ``today``
moves at the day rollover, which changes streaks without any write.

Loading ten years of twelve exercises takes longer than a frame, so the work
is done in small steps: :meth:`StreakStatsCache.advance` works for a given
time budget and says whether it is done, so a screen can call it from a timer
and let frames through in between. :meth:`StreakStatsCache.load` does it all
at once.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections import namedtuple
from collections.abc import Callable, Iterator, Sequence

from ..core import insights as charts
from ..core.insights import best_streaks, completion_share, recent_weeks
from ..core.model import Exercise
from ..core.streaks import (
    CalendarCell,
    DayRoles,
    Habit,
    History,
    calendar_cells,
    combined_cells,
    perfect_day_strength,
    perfect_roles_from,
    perfect_streak_of,
    perfect_strength,
    strength_series,
    summarize_roles,
)
from . import fast
from .service import Tracker

WINDOWS = (7, 30, 365)
SPARK_WEEKS = 12  # weeks in each row's sparkline on an ordinary pane
MAX_SPARK_WEEKS = 52  # weeks kept for it (shown on wide panes)
MAX_CELL_RANGES = 48  # calendar ranges kept per data version
MAX_BLOCKS = 400  # blocks of calendar cells kept per data version
MAX_DERIVED = 256  # chart series and lists kept per data version
BLOCK_DAYS = 28  # calendar cells are computed in blocks of four weeks

CacheKey = tuple[int, int, dt.date]


def load_habit(tracker: Tracker, exercise: Exercise) -> Habit:
    """One exercise's whole history as a Habit, from one indexed query on the fast path.

    Reads only what the engine needs (no notes), grouped by value: no entry
    objects are made.
    """
    return Habit.from_exercise(
        exercise, History.from_groups(fast.history_groups(tracker.db, exercise.id))
    )


# Named tuples and a plain class, not dataclasses: ``secondheart stats``
# imports this module, and each dataclass costs it about a millisecond to build.


class ExerciseStats(namedtuple("ExerciseStats", "exercise summary weeks", defaults=((),))):
    """One table row: an ``exercise`` and its ``summary`` (streaks, strength and
    completion); ``weeks``, the last MAX_SPARK_WEEKS weeks' completion, this week last."""

    __slots__ = ()


class StreaksSnapshot(
    namedtuple(
        "StreaksSnapshot",
        "key today rows perfect perfect_strength perfect_completion perfect_weeks",
        defaults=(0.0, (), ()),
    )
):
    """Everything the Streaks table shows, for one data version.

    ``key`` (a :data:`CacheKey`), ``today``, ``rows`` (one
    :class:`ExerciseStats` per exercise), ``perfect`` (the perfect-day streak
    across all exercises), ``perfect_strength`` (strength of the perfect-day
    habit), ``perfect_completion`` ((window, share of perfect days) pairs) and
    ``perfect_weeks``.
    """

    __slots__ = ()

    @property
    def mean_strength(self) -> float:
        if not self.rows:
            return 0.0
        return sum(r.summary.strength for r in self.rows) / len(self.rows)

    def mean_completion(self, window: int) -> float:
        if not self.rows:
            return 0.0
        return sum(r.summary.completion.get(window, 0.0) for r in self.rows) / len(self.rows)

    def perfect_share(self, window: int) -> float:
        return dict(self.perfect_completion).get(window, 0.0)


class Insight(namedtuple("Insight", "roles strength")):
    """What the charts need about one exercise, or all of them (the perfect-day habit):
    its :class:`DayRoles` and ``strength``, a tuple of the strength at the end of each
    day from ``roles.lo`` to today."""

    __slots__ = ()


class StreakStatsCache:
    """Per-exercise habits and their statistics, cached by data version."""

    def __init__(
        self,
        tracker: Tracker,
        windows: Sequence[int] = WINDOWS,
        snapshot: StreaksSnapshot | None = None,
    ) -> None:
        self.tracker = tracker
        self.windows = windows
        self.snapshot = snapshot
        self._habits: dict[int, Habit] = {}
        self._cells: dict[tuple[int | None, dt.date, dt.date], list[CalendarCell]] = {}
        self._blocks: dict[tuple[int | None, int], list[CalendarCell]] = {}
        self._roles: dict[int | None, DayRoles] = {}
        self._insights: dict[int | None, Insight] = {}
        self._derived: dict[tuple[object, ...], list] = {}
        self._loader: Iterator[None] | None = None
        self._loader_key: CacheKey | None = None

    def __repr__(self) -> str:
        return f"StreakStatsCache({self.tracker!r}, windows={self.windows!r})"

    # ------------------------------------------------------------ freshness
    def change_key(self) -> CacheKey:
        """What must stay the same for the cached statistics to stay true."""
        return (*self.tracker.change_stamp(), self.tracker.today())

    def is_fresh(self) -> bool:
        return self.snapshot is not None and self.snapshot.key == self.change_key()

    def invalidate(self) -> None:
        self.snapshot = None

    # -------------------------------------------------------------- loading
    def loading(self) -> Iterator[None]:
        """Rebuild everything in small steps (one query or one summary each).

        The new statistics replace the old only after the last step, so the
        cache stays consistent if the caller stops early. The key is read
        first: a write that lands during the load makes the next check stale,
        never the other way round.
        """
        key = self.change_key()
        today = key[2]
        exercises = self.tracker.exercises()
        habits: dict[int, Habit] = {}
        for exercise in exercises:
            groups = fast.history_groups(self.tracker.db, exercise.id)
            yield
            habits[exercise.id] = Habit.from_exercise(exercise, History.from_groups(groups))
            yield
        stats = []
        roles: dict[int | None, DayRoles] = {}
        for exercise in exercises:
            summary, roles[exercise.id] = summarize_roles(habits[exercise.id], today, self.windows)
            weeks = tuple(recent_weeks(roles[exercise.id], MAX_SPARK_WEEKS))
            stats.append(ExerciseStats(exercise, summary, weeks))
            yield
        everything = roles[None] = perfect_roles_from(list(roles.values()), today)
        perfect = perfect_streak_of(everything)
        yield
        perfect_series = perfect_day_strength(everything)
        self._habits = habits
        self._roles = roles
        self._insights = {None: Insight(everything, tuple(perfect_series))}
        self._derived = {}
        self._cells = {}
        self._blocks = {}
        self.snapshot = StreaksSnapshot(
            key,
            today,
            tuple(stats),
            perfect,
            perfect_series[-1] if perfect_series else 0.0,
            tuple((w, completion_share(everything, w)) for w in self.windows),
            tuple(recent_weeks(everything, MAX_SPARK_WEEKS)),
        )

    # ------------------------------------------------------------ insights
    def insight(self, exercise_id: int | None) -> Insight | None:
        """Day roles and the daily strength of one exercise, or all (``None``); cached.

        None until loaded. The strength series is computed the first time an
        exercise's charts are shown (a few milliseconds for ten years).
        """
        if self.snapshot is None:
            return None
        found = self._insights.get(exercise_id)
        if found is None:
            roles = self._roles.get(exercise_id)
            habit = self._habits.get(exercise_id) if exercise_id is not None else None
            if roles is None or habit is None:
                return None
            series = tuple(strength_series(habit, self.snapshot.today))
            found = self._insights[exercise_id] = Insight(roles, series)
        return found

    def strength_points(
        self, exercise_id: int | None, bucket: str, limit: int
    ) -> list[charts.Point]:
        """The strength chart's points (the last ``limit`` buckets); cached."""
        return self._derive(
            exercise_id,
            ("strength", bucket, limit),
            lambda insight: charts.strength_points(
                insight.roles.lo, insight.strength, bucket, limit
            ),
        )

    def history(self, exercise_id: int | None, bucket: str, limit: int) -> list[charts.Bar]:
        """The history chart's bars (the last ``limit`` buckets); cached."""
        return self._derive(
            exercise_id,
            ("history", bucket, limit),
            lambda insight: charts.history(insight.roles, bucket, limit),
        )

    def best_streaks(self, exercise_id: int | None, count: int = 5) -> list[charts.Streak]:
        """The ``count`` longest streaks, longest first; cached."""
        return self._derive(
            exercise_id,
            ("best", count),
            lambda insight: charts.best_streaks(insight.roles, count),
        )

    def weekday_pattern(
        self, exercise_id: int | None, days: int = 365
    ) -> list[charts.WeekdayShare]:
        """How often each weekday was met over the last ``days`` days; cached."""
        return self._derive(
            exercise_id,
            ("weekdays", days),
            lambda insight: charts.weekday_pattern(insight.roles, days),
        )

    def _derive(
        self, exercise_id: int | None, what: tuple[object, ...], compute: Callable[[Insight], list]
    ) -> list:
        """What ``compute`` makes of an insight, kept until the data changes ([] until loaded)."""
        key = (exercise_id, *what)
        found = self._derived.get(key)
        if found is not None:
            return found
        insight = self.insight(exercise_id)
        if insight is None:
            return []
        if len(self._derived) >= MAX_DERIVED:
            self._derived.clear()
        found = self._derived[key] = compute(insight)
        return found

    def advance(self, budget: float) -> bool:
        """Bring the cache up to date, working for about ``budget`` seconds.

        Returns True when the statistics are loaded for the current data, or
        False when more steps remain (call again later: a UI calls this from
        a timer so that frames get drawn in between). A load that the data
        has overtaken is restarted.
        """
        key = self.change_key()
        if self._loader is None or self._loader_key != key:
            if self.snapshot is not None and self.snapshot.key == key:
                self._loader = None
                return True
            self._loader = self.loading()
            self._loader_key = key
        deadline = time.perf_counter() + budget
        try:
            for _ in self._loader:
                if time.perf_counter() > deadline:
                    return False
        except BaseException:
            self._loader = None
            raise
        self._loader = None
        return True

    @property
    def busy(self) -> bool:
        """True while a load has been started and not finished."""
        return self._loader is not None

    def load(self) -> StreaksSnapshot:
        """Fresh statistics, loading them in one go when needed."""
        self.advance(math.inf)
        assert self.snapshot is not None
        return self.snapshot

    # ----------------------------------------------------------- calendars
    def cells(self, exercise_id: int | None, first: dt.date, last: dt.date) -> list[CalendarCell]:
        """Cells for [first, last]: one exercise, or all of them (``None``).

        Empty until loaded; cached until the data changes. Cells are computed
        in fixed blocks of four weeks, so moving a 53-week window by a month
        computes one or two new blocks, not the whole year.
        """
        snapshot = self.snapshot
        if snapshot is None or last < first:
            return []
        if exercise_id is not None and exercise_id not in self._habits:
            return []
        key = (exercise_id, first, last)
        cached = self._cells.get(key)
        if cached is not None:
            return cached
        lo, hi = first.toordinal(), last.toordinal()
        cells: list[CalendarCell] = []
        for block in range(lo // BLOCK_DAYS, hi // BLOCK_DAYS + 1):
            cells.extend(self._block(exercise_id, block))
        offset = lo - (lo // BLOCK_DAYS) * BLOCK_DAYS
        cells = cells[offset : offset + hi - lo + 1]
        if len(self._cells) >= MAX_CELL_RANGES:
            self._cells.clear()
        self._cells[key] = cells
        return cells

    def _block(self, exercise_id: int | None, block: int) -> list[CalendarCell]:
        key = (exercise_id, block)
        cached = self._blocks.get(key)
        if cached is not None:
            return cached
        assert self.snapshot is not None
        today = self.snapshot.today
        first = dt.date.fromordinal(max(1, block * BLOCK_DAYS))
        last = dt.date.fromordinal((block + 1) * BLOCK_DAYS - 1)
        if exercise_id is None:
            habits = [self._habits[r.exercise.id] for r in self.snapshot.rows]
            cells = combined_cells(habits, first, last, today)
        else:
            cells = calendar_cells(self._habits[exercise_id], first, last, today)
        if len(self._blocks) >= MAX_BLOCKS:
            self._blocks.clear()
        self._blocks[key] = cells
        return cells


# ------------------------------------------------------------ the command line


def _streak_dicts(roles: DayRoles, count: int = 5) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for streak in best_streaks(roles, count):
        item: dict[str, object] = {
            "start": streak.start.isoformat(),
            "end": streak.end.isoformat(),
            "days": streak.length if streak.unit == "days" else streak.days,
        }
        if streak.unit == "weeks":
            item["weeks"] = streak.length
        item["current"] = streak.current
        out.append(item)
    return out


def stats_report(
    tracker: Tracker, exercise: Exercise | None = None, days: int | None = None
) -> dict[str, object]:
    """What ``secondheart stats`` prints, as the documented JSON object.

    One exercise, or (``exercise`` None) all of them: then the streak, the
    strength, the completion and the best streaks are those of perfect days,
    and ``exercises`` lists each exercise's own figures. Reads through the
    fast path only (no Peewee, no Textual).
    """
    today = tracker.today()
    windows = tuple(dict.fromkeys((*WINDOWS, *((days,) if days else ()))))
    chosen = [exercise] if exercise is not None else tracker.exercises()
    habits = {ex.id: load_habit(tracker, ex) for ex in chosen}

    analysed = {ex.id: summarize_roles(habits[ex.id], today, windows) for ex in chosen}

    def one(ex: Exercise) -> dict[str, object]:
        summary, roles = analysed[ex.id]
        return {
            "slug": ex.slug,
            "name": ex.name,
            "streak": {
                "current": summary.streak.current,
                "best": summary.streak.best,
                "unit": summary.streak.unit,
            },
            "strength": round(summary.strength, 4),
            "completion": {str(w): round(summary.completion[w], 4) for w in windows},
            "best_streaks": _streak_dicts(roles),
        }

    if exercise is not None:
        return {"date": today.isoformat(), **one(exercise)}
    everything = perfect_roles_from([roles for _, roles in analysed.values()], today)
    perfect = perfect_streak_of(everything)
    return {
        "date": today.isoformat(),
        "slug": None,
        "name": "All · perfect days",
        "streak": {"current": perfect.current, "best": perfect.best, "unit": "days"},
        "strength": round(perfect_strength(everything), 4),
        "completion": {str(w): round(completion_share(everything, w), 4) for w in windows},
        "best_streaks": _streak_dicts(everything),
        "exercises": [one(ex) for ex in chosen],
    }
