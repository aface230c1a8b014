"""The streak engine: day status, streaks, perfect days, completion, strength, cells."""

from __future__ import annotations

import datetime as dt
import math
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.model import Entry, Exercise, Status
from tui.core.schedule import Schedule, parse
from tui.core.streaks import (
    CalendarCell,
    Habit,
    History,
    StreakStats,
    calendar_cells,
    combined_cells,
    completion,
    day_status,
    heat_level,
    perfect_day_roles,
    perfect_day_streak,
    perfect_day_strength,
    perfect_strength,
    streaks,
    strength,
    strength_series,
    summarize,
    summarize_all,
    summarize_roles,
)

TODAY = dt.date(2026, 11, 21)  # a Saturday
MET, PARTIAL, SKIPPED = Status.MET, Status.PARTIAL, Status.SKIPPED
MISSED, PENDING, UNSCHEDULED = Status.MISSED, Status.PENDING, Status.UNSCHEDULED
NOT_STARTED = Status.NOT_STARTED


def day(k: int) -> dt.date:
    """The day ``k`` days from TODAY (negative: the past)."""
    return TODAY + dt.timedelta(days=k)


def span(a: int, b: int) -> list[int]:
    """Offsets a..b inclusive."""
    return list(range(a, b + 1))


def make(
    schedule: str = "daily",
    *,
    met=(),
    skipped=(),
    partial=None,
    start: int = -60,
    target: float = 30.0,
) -> Habit:
    """A habit whose entries all carry ``target``; ``partial`` maps offset -> amount."""
    entries = {}
    for k in met:
        entries[day(k)] = Entry(day(k), target, target)
    for k in skipped:
        entries[day(k)] = Entry(day(k), 0, target, skipped=True)
    for k, amount in (partial or {}).items():
        entries[day(k)] = Entry(day(k), amount, target)
    return Habit(parse(schedule), entries, day(start), target)


# --- day status -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("habit", "k", "expected"),
    [
        (make(met=[-1]), -1, MET),
        (make(met=[0]), 0, MET),
        (make(skipped=[-1]), -1, SKIPPED),
        (make(skipped=[0]), 0, SKIPPED),
        (make(partial={-1: 10}), -1, PARTIAL),
        (make(partial={0: 10}), 0, PARTIAL),
        (make(), -1, MISSED),
        (make(), 0, PENDING),
        (make(met=[1]), 1, UNSCHEDULED),  # the future
        (make(met=[-61]), -61, NOT_STARTED),  # before the start: never missed
        (make(start=-5), -6, NOT_STARTED),
        # 2026-11-21 is a Saturday: not a mon/wed/fri day
        (make("mon,wed,fri"), 0, UNSCHEDULED),
        (make("mon,wed,fri"), -1, MISSED),  # Friday
        (make("mon,wed,fri"), -2, UNSCHEDULED),  # Thursday
        (make("mon,wed,fri", met=[-2]), -2, MET),  # met on an unscheduled day
        (make("mon,wed,fri", skipped=[-2]), -2, UNSCHEDULED),
        (make("mon,wed,fri", partial={-2: 5}), -2, UNSCHEDULED),
        (make("every:3:2026-11-12"), -9, MISSED),
        (make("every:3:2026-11-12"), -8, UNSCHEDULED),
        (make("every:3:2026-11-12"), 0, PENDING),
        (make("every:3:2026-11-12"), -12, UNSCHEDULED),  # before the anchor
    ],
)
def test_day_status(habit, k, expected):
    assert day_status(habit, day(k), TODAY) == expected


def test_met_wins_over_skipped_and_skipped_over_partial():
    entries = {
        day(-2): Entry(day(-2), 30, 30, skipped=True),
        day(-1): Entry(day(-1), 10, 30, skipped=True),
    }
    habit = Habit(Schedule(), entries, day(-5), 30)
    assert day_status(habit, day(-2), TODAY) == MET
    assert day_status(habit, day(-1), TODAY) == SKIPPED


def test_entry_target_governs_and_habit_target_is_the_fallback():
    entries = {
        day(-3): Entry(day(-3), 30, 30),  # met against the old target of 30
        day(-2): Entry(day(-2), 25, 30),  # partial, although 25 >= today's 20
        day(-1): Entry(day(-1), 20, 0),  # no stored target: today's 20 applies
        day(0): Entry(day(0), 35, 40),
    }
    habit = Habit(Schedule(), entries, day(-3), 20)
    assert [day_status(habit, day(k), TODAY) for k in span(-3, 0)] == [MET, PARTIAL, MET, PARTIAL]


# --- streaks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("habit", "current", "best"),
    [
        pytest.param(make(met=span(-4, 0), start=-4), 5, 5, id="all met, today met counts"),
        pytest.param(make(met=span(-5, -1), start=-5), 5, 5, id="today pending does not break"),
        pytest.param(
            make(met=span(-5, -1), partial={0: 10}, start=-5), 5, 5, id="today partial no break"
        ),
        pytest.param(make(met=span(-5, -2), start=-5), 0, 4, id="yesterday missed breaks"),
        pytest.param(
            make(met=[-5, -4, -3, -1, 0], start=-5), 2, 3, id="a missed day breaks the streak"
        ),
        pytest.param(make(met=[-3, -1, 0], skipped=[-2], start=-3), 3, 3, id="skip bridges"),
        pytest.param(
            make(met=[-4, -1], skipped=[-3, -2], start=-4), 2, 2, id="several skips bridge"
        ),
        pytest.param(make(skipped=span(-3, 0), start=-3), 0, 0, id="skips alone count nothing"),
        pytest.param(
            make(met=[-5, -4, -3, -1, 0], partial={-2: 29}, start=-5),
            2,
            3,
            id="past partial breaks",
        ),
        pytest.param(make(start=-3), 0, 0, id="nothing done"),
        pytest.param(make(met=[0], start=0), 1, 1, id="first day met"),
        pytest.param(make(start=5), 0, 0, id="starts in the future"),
        pytest.param(
            make(met=[-3, -2, -1, 0], start=-2), 3, 3, id="entries before the start ignored"
        ),
        # weekdays: Mon -12, Wed -10, Fri -8, Mon -5, Wed -3, Fri -1; today Saturday
        pytest.param(
            make("mon,wed,fri", met=[-12, -10, -8, -5, -3, -1], start=-13),
            6,
            6,
            id="weekdays: unscheduled days ignored",
        ),
        pytest.param(
            make("mon,wed,fri", met=[-12, -8, -5, -3, -1], start=-13),
            4,
            4,
            id="weekdays: a missed Wednesday breaks",
        ),
        pytest.param(
            make("mon,wed,fri", met=[-12, -11, -8, -5, -4, -3, -1], start=-13),
            4,
            4,
            id="weekdays: extra met days neither extend nor bridge",
        ),
        # every 3 days from 2026-11-12 (offset -9): -9, -6, -3, 0
        pytest.param(
            make("every:3:2026-11-12", met=[-9, -6, -3], start=-9), 3, 3, id="every 3 days"
        ),
        pytest.param(
            make("every:3:2026-11-12", met=[-9, -6, -3, 0], start=-9), 4, 4, id="every 3, today"
        ),
        pytest.param(
            make("every:3:2026-11-12", met=[-9, -8, -3], start=-9),
            1,
            1,
            id="every 3 days: a miss breaks, an off day does not mend it",
        ),
    ],
)
def test_day_streaks(habit, current, best):
    assert streaks(habit, TODAY) == StreakStats(current, best, "days")


def test_target_changed_mid_history():
    # the target rose from 20 to 30 five days ago; old entries keep their own target
    entries = {day(k): Entry(day(k), 20, 20) for k in span(-9, -5)}
    entries |= {day(k): Entry(day(k), 30, 30) for k in span(-4, -1)}
    habit = Habit(Schedule(), entries, day(-9), 30)
    assert streaks(habit, TODAY) == StreakStats(9, 9, "days")
    # a day that met the old target but not the new one is partial and breaks
    entries[day(-2)] = Entry(day(-2), 20, 30)
    habit = Habit(Schedule(), entries, day(-9), 30)  # a habit is a snapshot: take a new one
    assert streaks(habit, TODAY) == StreakStats(1, 7, "days")


def test_acceptance_daily_walk():
    # met -20..-11 and -9..-4, skipped -3, met -2..0; -10 missed
    habit = Habit(
        Schedule(),
        {
            **{day(k): Entry(day(k), 30, 30) for k in span(-20, -11)},
            **{day(k): Entry(day(k), 30, 30) for k in span(-9, -4)},
            day(-3): Entry(day(-3), 0, 30, skipped=True),
            **{day(k): Entry(day(k), 30, 30) for k in span(-2, 0)},
        },
        day(-20),
        30,
    )
    assert TODAY == dt.date(2026, 11, 21)
    assert streaks(habit, TODAY) == StreakStats(9, 10, "days")


# Weekly quota, 3 a week. Weeks start on Monday: -26 (Oct 26), -19, -12, and the
# current week -5 (Mon Nov 16) .. +1 (Sun Nov 22); today (0) is its Saturday.
FULL_WEEKS = [-26, -25, -24, -19, -18, -17, -12, -11, -10]


@pytest.mark.parametrize(
    ("met", "skipped", "start", "current", "best"),
    [
        pytest.param(FULL_WEEKS + [-5, -4], [], -26, 3, 3, id="current week can still be met"),
        pytest.param(FULL_WEEKS + [-5, -4, -3], [], -26, 4, 4, id="current week met counts"),
        pytest.param(FULL_WEEKS, [], -26, 0, 3, id="current week can no longer be met"),
        pytest.param(FULL_WEEKS + [0], [], -26, 0, 3, id="two met, one day left: lost"),
        pytest.param(FULL_WEEKS + [-5, 0], [], -26, 3, 3, id="today met, Sunday left"),
        pytest.param(
            [-26, -25, -24, -19, -18, -12, -11, -10, -5, -4], [], -26, 1, 1, id="short week breaks"
        ),
        pytest.param(
            [-26, -25, -24, -12, -11, -10, -5, -4],
            span(-19, -13),
            -26,
            2,
            2,
            id="all-skipped week bridges",
        ),
        pytest.param(
            [-26, -25, -24, -14, -13, -12, -11, -10, -5, -4],
            span(-19, -15),
            -26,
            3,
            3,
            id="skips lower the quota to the days left",
        ),
        pytest.param(
            [-20, -19, -18, -17, -12, -11, -10, -5, -4],
            [],
            -20,
            3,
            3,
            id="started on a Sunday: one day was enough",
        ),
        pytest.param(
            FULL_WEEKS + [-5, -4], [0], -26, 3, 3, id="today skipped, Sunday can still do it"
        ),
        pytest.param(
            [-26, -25, -24, -23, -22, -21, -20], [], -26, 0, 1, id="extra days do not add weeks"
        ),
    ],
)
def test_weekly_streaks(met, skipped, start, current, best):
    habit = make("weekly:3", met=met, skipped=skipped, start=start)
    assert streaks(habit, TODAY) == StreakStats(current, best, "weeks")


@pytest.mark.parametrize(
    ("met", "k", "expected"),
    [
        (FULL_WEEKS + [-5, -4], -9, UNSCHEDULED),  # empty day of a met week
        (FULL_WEEKS + [-5, -4], -12, MET),
        (FULL_WEEKS + [-5, -4], 0, PENDING),  # week still open
        (FULL_WEEKS + [-5, -4], -3, UNSCHEDULED),  # past day of the open week
        (FULL_WEEKS + [-5, -4, -3], 0, UNSCHEDULED),  # quota already met this week
        (FULL_WEEKS, -3, MISSED),  # the current week is lost
        (FULL_WEEKS, 0, PENDING),  # but today is still today
        ([-26, -25, -24, -19, -18, -12], -16, MISSED),  # empty day of a failed week
        ([-26, -25, -24, -19, -18, -12], -6, MISSED),
        ([-26, -25, -24, -19, -18, -12], 1, UNSCHEDULED),  # future
    ],
)
def test_weekly_day_status(met, k, expected):
    habit = make("weekly:3", met=met, start=-26)
    assert day_status(habit, day(k), TODAY) == expected


# --- perfect days -----------------------------------------------------------------


def _pair(a_met, b_met, *, a_skipped=(), b_skipped=(), start=-3):
    return [
        make(met=a_met, skipped=a_skipped, start=start),
        make("mon,wed,fri", met=b_met, skipped=b_skipped, start=start),
    ]


@pytest.mark.parametrize(
    ("habits", "current", "best"),
    [
        # -3 Wed, -2 Thu, -1 Fri, 0 Sat
        pytest.param(_pair(span(-3, 0), [-3, -1]), 4, 4, id="all met"),
        pytest.param(_pair(span(-3, 0), [-3]), 1, 2, id="one miss breaks"),
        pytest.param(_pair(span(-3, -1), [-3, -1]), 3, 3, id="today pending does not break"),
        pytest.param(
            _pair([-3, -1, 0], [-3, -1], a_skipped=[-2]), 3, 3, id="skip with nothing else bridges"
        ),
        pytest.param(
            _pair([-3, -2, 0], [-3], a_skipped=[-1], b_skipped=[-1]),
            3,
            3,
            id="all skipped bridges",
        ),
        pytest.param([make("mon,wed,fri", met=[-3, -1], start=-3)], 2, 2, id="off days ignored"),
        pytest.param([], 0, 0, id="no habits"),
        pytest.param([make(start=3)], 0, 0, id="not started yet"),
    ],
)
def test_perfect_day_streak(habits, current, best):
    assert perfect_day_streak(habits, TODAY) == StreakStats(current, best, "days")


def test_perfect_day_with_a_weekly_habit():
    weekly = make("weekly:3", met=FULL_WEEKS + [-5, -4], start=-26)
    daily = make(met=span(-26, 0), start=-26)
    # the weekly habit's empty days in met or open weeks never break a perfect day;
    # today stays open while the weekly habit still owes this week's quota
    assert perfect_day_streak([daily, weekly], TODAY) == StreakStats(26, 26, "days")
    done = make("weekly:3", met=FULL_WEEKS + [-5, -4, -3], start=-26)
    assert perfect_day_streak([daily, done], TODAY) == StreakStats(27, 27, "days")
    failed = make("weekly:3", met=[-26, -25, -24, -19, -18, -12, -11, -10, -5, -4], start=-26)
    # week -19..-13 failed (two of three): its empty days -17..-13 are missed;
    # -26..-18 make 9 perfect days, -12..-1 make 12, and today is still open
    assert perfect_day_streak([daily, failed], TODAY) == StreakStats(12, 12, "days")
    assert day_status(failed, day(-15), TODAY) == MISSED


# --- completion -------------------------------------------------------------------


def test_completion_counts_met_partial_and_leaves_out_skipped_and_pending():
    met = [k for k in span(-29, -1) if k not in (-7, -6, -5)]
    habit = make(met=met, skipped=[-6], partial={-7: 15}, start=-29)
    assert completion(habit, TODAY, 30) == pytest.approx((26 + 0.5) / 28)
    assert completion(habit, TODAY, 7) == pytest.approx(4 / 5)  # -5 missed, -6 skipped
    assert completion(habit, TODAY, 1) == 0.0  # only today, still pending


@pytest.mark.parametrize(
    ("habit", "days", "expected"),
    [
        (make(met=span(-6, 0), start=-6), 7, 1.0),  # today met counts
        (make(met=span(-6, -1), partial={0: 10}, start=-6), 7, 1.0),  # today partial left out
        (make(met=span(-2, -1), start=-2), 365, 1.0),  # days before the start left out
        (make(met=[-2], start=-2), 365, 0.5),
        (make("mon,wed,fri", met=[-1], start=-2), 7, 1.0),  # Thursday not due
        (make("sat", start=0), 7, 0.0),  # only today scheduled and pending
        (make("mon,wed,fri", met=[-2], start=-2), 30, 0.0),  # met only off schedule
        (make(met=span(-6, 0), start=-6), 0, 0.0),
        (make(start=3), 7, 0.0),
        (make(skipped=span(-6, -1), start=-6), 7, 0.0),
    ],
)
def test_completion(habit, days, expected):
    assert completion(habit, TODAY, days) == pytest.approx(expected)


def test_weekly_completion_is_against_the_quota():
    full = make("weekly:3", met=[-6, -4, -2], start=-30)
    assert completion(full, TODAY, 7) == 1.0
    one = make("weekly:3", met=[-2], start=-30)
    # six counted days (today pending) expect 3 * 6 / 7 met days
    assert completion(one, TODAY, 7) == pytest.approx(1 / (3 * 6 / 7))


# --- strength ---------------------------------------------------------------------


def test_strength_of_a_perfect_daily_habit_after_30_days():
    habit = make(met=span(-29, 0), start=-29)
    value = strength(habit, TODAY)
    assert 0.78 <= value <= 0.82
    assert value == pytest.approx(1 - 0.5 ** (30 / 13))


def test_strength_unchanged_by_a_skipped_day():
    pending = make(met=span(-29, -1), start=-29)
    skipped_today = make(met=span(-29, -1), skipped=[0], start=-29)
    assert strength(skipped_today, TODAY) == strength(pending, TODAY)
    bridged = make(met=span(-20, -11) + span(-9, 0), skipped=[-10], start=-20)
    unbroken = make(met=span(-19, 0), start=-19)
    assert strength(bridged, TODAY) == pytest.approx(strength(unbroken, TODAY))


def test_strength_rises_with_met_days_and_decays_with_misses():
    perfect = strength(make(met=span(-29, 0), start=-29), TODAY)
    one_miss = strength(make(met=[k for k in span(-29, 0) if k != -5], start=-29), TODAY)
    one_partial = strength(
        make(met=[k for k in span(-29, 0) if k != -5], partial={-5: 15}, start=-29), TODAY
    )
    assert one_miss < one_partial < perfect
    nothing = strength(make(start=-29), TODAY)
    assert nothing == 0.0
    decayed = strength(make(met=span(-29, -15), start=-29), TODAY)
    assert 0 < decayed < strength(make(met=span(-29, -15), start=-29), day(-15))


def test_strength_ignores_unscheduled_days():
    plain = make("mon,wed,fri", met=[-12, -10, -8, -5, -3, -1], start=-13)
    extra = make("mon,wed,fri", met=[-12, -11, -10, -8, -5, -4, -3, -1, 0], start=-13)
    assert strength(extra, TODAY) == strength(plain, TODAY)
    m = 0.5 ** (math.sqrt(3 / 7) / 13)
    assert strength(plain, TODAY) == pytest.approx(1 - m**6)


def test_strength_of_a_weekly_habit_kept_to_quota_nears_full():
    met = [k for k in span(-364, 0) if day(k).weekday() in (0, 2, 4)]
    habit = make("weekly:3", met=met, start=-364)
    assert strength(habit, TODAY) > 0.9
    lapsed = make("weekly:3", met=[k for k in met if k < -60], start=-364)
    assert strength(lapsed, TODAY) < 0.5


def test_strength_and_streaks_of_an_empty_future_habit():
    habit = make(start=10)
    assert strength(habit, TODAY) == 0.0
    assert streaks(habit, TODAY) == StreakStats(0, 0, "days")
    assert streaks(make("weekly:2", start=10), TODAY) == StreakStats(0, 0, "weeks")


# --- heat and calendars -------------------------------------------------------------


@pytest.mark.parametrize(
    ("fraction", "level"),
    [
        (0.0, 0),
        (-1.0, 0),
        (float("nan"), 0),
        (0.01, 1),
        (0.25, 1),
        (0.26, 2),
        (0.5, 2),
        (0.51, 3),
        (0.75, 3),
        (0.99, 3),
        (1.0, 4),
        (1.5, 4),
    ],
)
def test_heat_level(fraction, level):
    assert heat_level(fraction) == level


def _daily_a():
    # -6 Sun .. 0 Sat; start -6
    return make(met=[-5, -3], skipped=[-4, -1], partial={-2: 15}, start=-6)


def _mwf_b():
    return make("mon,wed,fri", met=[-3, -1], skipped=[], start=-6, target=10)


def test_calendar_cells_for_one_habit():
    cells = calendar_cells(_daily_a(), day(-7), day(1), TODAY)
    assert [c.day for c in cells] == [day(k) for k in span(-7, 1)]
    assert [(c.status, c.level) for c in cells] == [
        (NOT_STARTED, 0),  # before the start
        (MISSED, 0),
        (MET, 4),
        (SKIPPED, 0),
        (MET, 4),
        (PARTIAL, 2),
        (SKIPPED, 0),
        (PENDING, 0),
        (UNSCHEDULED, 0),  # the future
    ]


def test_calendar_cells_partial_heat_and_weekly():
    habit = make(partial={-3: 3, -2: 20, -1: 29}, start=-3)
    assert [c.level for c in calendar_cells(habit, day(-3), day(-1), TODAY)] == [1, 3, 3]
    weekly = make("weekly:3", met=[-26, -25, -24, -19, -18, -12], start=-26)
    cells = calendar_cells(weekly, day(-19), day(-13), TODAY)
    assert [c.status for c in cells] == [MET, MET] + [MISSED] * 5


def test_calendar_cells_match_day_status():
    habits = [_daily_a(), _mwf_b(), make("weekly:2", met=[-10, -3], start=-20)]
    for habit in habits:
        cells = calendar_cells(habit, day(-25), day(3), TODAY)
        assert [c.status for c in cells] == [day_status(habit, c.day, TODAY) for c in cells]


def test_combined_cells():
    cells = combined_cells([_daily_a(), _mwf_b()], day(-7), day(1), TODAY)
    assert cells == [
        CalendarCell(day(-7), 0, NOT_STARTED),  # before either started
        CalendarCell(day(-6), 0, MISSED),  # Sunday: daily missed, mwf off
        CalendarCell(day(-5), 2, PARTIAL),  # Monday: daily met, mwf missed
        CalendarCell(day(-4), 0, SKIPPED),  # Tuesday: the only due habit skipped
        CalendarCell(day(-3), 4, MET),
        CalendarCell(day(-2), 2, PARTIAL),  # daily half done
        CalendarCell(day(-1), 4, MET),  # daily skipped, mwf met
        CalendarCell(day(0), 0, PENDING),
        CalendarCell(day(1), 0, UNSCHEDULED),
    ]


def test_combined_cells_today_partial_and_nothing_due():
    habits = [make(met=[0], start=-1), make(partial={0: 10}, start=-1)]
    assert combined_cells(habits, TODAY, TODAY, TODAY)[0].status == PARTIAL
    assert combined_cells(habits[:1], TODAY, TODAY, TODAY)[0] == CalendarCell(TODAY, 4, MET)
    off = [make("mon,wed,fri", met=[0], start=-1)]  # met on a Saturday: not due
    assert combined_cells(off, TODAY, TODAY, TODAY)[0] == CalendarCell(TODAY, 0, UNSCHEDULED)
    assert combined_cells([], day(-1), TODAY, TODAY) == [
        CalendarCell(day(-1), 0, UNSCHEDULED),
        CalendarCell(TODAY, 0, UNSCHEDULED),
    ]


# --- summaries and helpers --------------------------------------------------------------


def test_summaries_agree_with_the_single_functions():
    habits = [_daily_a(), _mwf_b(), make("weekly:3", met=FULL_WEEKS + [-5], start=-26)]
    summaries, perfect = summarize_all(habits, TODAY)
    assert perfect == perfect_day_streak(habits, TODAY)
    for habit, summary in zip(habits, summaries, strict=True):
        assert summary == summarize(habit, TODAY)
        assert summary.streak == streaks(habit, TODAY)
        assert summary.strength == strength(habit, TODAY)
        assert summary.completion == {d: completion(habit, TODAY, d) for d in (7, 30, 365)}


def test_habit_from_exercise_starts_at_the_earliest_entry():
    exercise = Exercise(
        id=1,
        slug="walk",
        name="Brisk walk",
        kind="minutes",
        target=30,
        goal=None,
        step=5,
        unit="min",
        schedule=Schedule(),
        position=0,
        archived=False,
        guide="",
        created=day(-2),
    )
    habit = Habit.from_exercise(exercise, [Entry(day(-4), 30, 30), Entry(day(-1), 30, 30)])
    assert habit.start == day(-4)
    assert habit.target == 30
    assert set(habit.entries) == {day(-4), day(-1)}
    assert Habit.from_exercise(exercise, {}).start == day(-2)


# --- properties --------------------------------------------------------------------

SCHEDULES = st.sampled_from(
    [
        "daily",
        "mon,wed,fri",
        "tue",
        "every:3:2026-10-01",
        "every:2:2026-11-10",
        "weekly:3",
        "weekly:1",
    ]
)
DAY_STATES = st.lists(st.sampled_from("MSPN"), min_size=1, max_size=70)


def _from_states(schedule: str, states: list[str]) -> Habit:
    start = -(len(states) - 1)
    met = [start + i for i, s in enumerate(states) if s == "M"]
    skipped = [start + i for i, s in enumerate(states) if s == "S"]
    partial = {start + i: 10 for i, s in enumerate(states) if s == "P"}
    return make(schedule, met=met, skipped=skipped, partial=partial, start=start)


@settings(max_examples=200, deadline=None)
@given(SCHEDULES, DAY_STATES)
def test_current_never_exceeds_best_and_ratios_stay_in_range(schedule, states):
    habit = _from_states(schedule, states)
    stats = streaks(habit, TODAY)
    assert 0 <= stats.current <= stats.best
    assert 0.0 <= strength(habit, TODAY) <= 1.0
    for days in (1, 7, 30, 365):
        assert 0.0 <= completion(habit, TODAY, days) <= 1.0


@settings(max_examples=200, deadline=None)
@given(SCHEDULES, DAY_STATES, st.data())
def test_adding_a_met_day_never_lowers_a_streak(schedule, states, data):
    before = _from_states(schedule, states)
    i = data.draw(st.integers(0, len(states) - 1))
    after = _from_states(schedule, states[:i] + ["M"] + states[i + 1 :])
    old, new = streaks(before, TODAY), streaks(after, TODAY)
    assert new.current >= old.current
    assert new.best >= old.best
    other = _from_states("daily", ["M"] * len(states))
    old_p = perfect_day_streak([before, other], TODAY)
    new_p = perfect_day_streak([after, other], TODAY)
    assert new_p.current >= old_p.current
    assert new_p.best >= old_p.best


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.builds(
            lambda days: Schedule(kind="weekdays", weekdays=tuple(sorted(days))),
            st.sets(st.integers(0, 6)),
        ),
        st.builds(
            lambda n, a: Schedule(kind="every", interval=n, anchor=a),
            st.integers(1, 40),
            st.one_of(st.none(), st.dates(dt.date(2026, 1, 1), dt.date(2027, 1, 1))),
        ),
        st.just(Schedule()),
    ),
    st.integers(0, 400),
)
def test_statuses_follow_the_schedule(schedule, back):
    habit = Habit(schedule, {}, day(-back), 1)
    for cell in calendar_cells(habit, day(-back), TODAY, TODAY):
        due = schedule.is_scheduled(cell.day)
        expected = (PENDING if cell.day == TODAY else MISSED) if due else UNSCHEDULED
        assert cell.status == expected, cell.day


def _as_history(habit: Habit, created: dt.date) -> Habit:
    """The same entries held as columns, as the Streaks screen and ``stats`` load them."""
    rows = [(d.toordinal(), e.amount, e.target, int(e.skipped)) for d, e in habit.entries.items()]
    exercise = Exercise(
        id=1,
        slug="x",
        name="X",
        kind="minutes",
        target=habit.target,
        goal=None,
        step=1.0,
        unit="min",
        schedule=habit.schedule,
        position=0,
        archived=False,
        guide="",
        created=created,
    )
    return Habit.from_exercise(exercise, History(rows))


@settings(max_examples=200, deadline=None)
@given(SCHEDULES, DAY_STATES, st.integers(-80, 0))
def test_a_history_held_as_columns_gives_the_same_answers(schedule, states, created):
    """Everything computed from column-held history equals the same from entries."""
    as_entries = _from_states(schedule, states)
    as_entries = Habit(
        as_entries.schedule,
        as_entries.entries,
        min(
            [
                day(created),
                *(
                    d
                    for d, e in as_entries.entries.items()
                    if d < day(created) and (e.amount > 0 or e.skipped)
                ),
            ]
        ),
        as_entries.target,
    )
    as_columns = _as_history(as_entries, day(created))
    assert as_columns.start == as_entries.start
    assert dict(as_columns.entries) == {
        d: Entry(d, e.amount, e.target, e.skipped) for d, e in as_entries.entries.items()
    }
    assert summarize(as_columns, TODAY) == summarize(as_entries, TODAY)
    first = TODAY - dt.timedelta(days=len(states) + 5)
    assert calendar_cells(as_columns, first, TODAY, TODAY) == calendar_cells(
        as_entries, first, TODAY, TODAY
    )
    short = TODAY - dt.timedelta(days=3)  # a window short enough to look days up
    assert calendar_cells(as_columns, short, TODAY, TODAY) == calendar_cells(
        as_entries, short, TODAY, TODAY
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(SCHEDULES, DAY_STATES), min_size=1, max_size=4))
def test_perfect_strength_is_the_last_day_of_the_perfect_day_series(habits):
    roles = perfect_day_roles([_from_states(*h) for h in habits], TODAY)
    series = perfect_day_strength(roles)
    assert perfect_strength(roles) == (series[-1] if series else 0.0)


ENTRY_VALUES = st.tuples(
    st.sampled_from([0.0, 0.1 + 0.2, 0.3, 5.0, 30.0, 45.5]),  # amount
    st.sampled_from([0.0, 0.3, 30.0]),  # stored target (0: the habit's)
    st.booleans(),  # skipped
)


@settings(max_examples=200, deadline=None)
@given(
    SCHEDULES,
    st.lists(st.one_of(st.none(), ENTRY_VALUES), min_size=1, max_size=90),
    st.integers(-100, 10),
    st.randoms(use_true_random=False),
)
def test_a_history_read_as_groups_gives_the_same_answers(schedule, values, created, rng):
    """The store reads a history as groups of days with one value; the answers are the same."""
    first = 5 - len(values)  # the last days are after today
    rows = [(day(first + i).toordinal(), *v) for i, v in enumerate(values) if v is not None]
    by_value: dict[tuple, list[int]] = {}
    for ordinal, *value in rows:
        by_value.setdefault(tuple(value), []).append(ordinal)
    groups = [(*value, rng.sample(days, len(days))) for value, days in by_value.items()]
    rng.shuffle(groups)
    exercise = Exercise(
        id=1,
        slug="x",
        name="X",
        kind="minutes",
        target=30.0,
        goal=None,
        step=1.0,
        unit="min",
        schedule=parse(schedule),
        position=0,
        archived=False,
        guide="",
        created=day(created),
    )
    as_rows = Habit.from_exercise(exercise, History(rows))
    as_groups = Habit.from_exercise(exercise, History.from_groups(groups))
    assert as_groups.start == as_rows.start
    assert dict(as_groups.entries) == dict(as_rows.entries)
    assert summarize_roles(as_groups, TODAY) == summarize_roles(as_rows, TODAY)
    assert strength_series(as_groups, TODAY) == strength_series(as_rows, TODAY)
    whole = day(first - 3)
    assert calendar_cells(as_groups, whole, TODAY, TODAY) == calendar_cells(
        as_rows, whole, TODAY, TODAY
    )
    short = TODAY - dt.timedelta(days=3)
    assert calendar_cells(as_groups, short, TODAY, TODAY) == calendar_cells(
        as_rows, short, TODAY, TODAY
    )


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.integers(-40, 0),
        st.tuples(st.sampled_from([0.0, 5.0, 30.0]), st.sampled_from([0.0, 30.0]), st.booleans()),
        max_size=25,
    ),
    st.integers(-45, 0),
    st.sampled_from([0.0, 12.0, 30.0, 45.0]),
    st.booleans(),
    st.booleans(),
)
def test_a_history_with_one_entry_written_is_the_history_read_again(
    stored, offset, amount, skipped, as_groups
):
    """What a tracker keeps after a write (``with_entry``) equals reading the days again."""
    entries = {
        TODAY + dt.timedelta(days=o): Entry(TODAY + dt.timedelta(days=o), a, t, k)
        for o, (a, t, k) in stored.items()
    }
    history = History.of(entries)
    if as_groups:  # the way a whole history is read
        groups: dict[tuple, list[int]] = {}
        for d, e in entries.items():
            groups.setdefault((e.amount, e.target, e.skipped), []).append(d.toordinal())
        history = History.from_groups((*key, days) for key, days in groups.items())
    written = Entry(TODAY + dt.timedelta(days=offset), amount, 30.0, skipped)
    after = history.with_entry(written)
    expected = {**entries, written.day: written}
    assert dict(after) == expected
    assert dict(history) == entries  # the history it came from is unchanged
    habit = Habit(parse("daily"), after, TODAY - dt.timedelta(days=45), 30.0)
    again = Habit(parse("daily"), expected, TODAY - dt.timedelta(days=45), 30.0)
    assert streaks(habit, TODAY) == streaks(again, TODAY)


# --- speed ---------------------------------------------------------------------------


def _ten_years(schedule: str = "daily") -> Habit:
    start = TODAY - dt.timedelta(days=3649)
    entries = {}
    for i in range(3650):
        d = start + dt.timedelta(days=i)
        if i % 11 == 5:
            entries[d] = Entry(d, 0, 30, skipped=True)
        elif i % 13 != 7:
            entries[d] = Entry(d, 30 if i % 17 else 12, 30)
    return Habit(parse(schedule), entries, start, 30)


def _best_of(runs: int, fn) -> float:
    best = math.inf
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def test_ten_years_of_one_habit_is_fast():
    habit = _ten_years()

    def work():
        streaks(habit, TODAY)
        strength(habit, TODAY)
        completion(habit, TODAY, 365)

    assert _best_of(3, work) < 0.030


def test_ten_years_of_twelve_habits_is_fast():
    kinds = ["daily", "mon,wed,fri", "every:3:2016-01-01", "weekly:3"] * 3
    habits = [_ten_years(kind) for kind in kinds]
    assert _best_of(3, lambda: summarize_all(habits, TODAY)) < 0.080
