"""Insights against histories made by hand: best streaks, weekday pattern, buckets, strength."""

from __future__ import annotations

import datetime as dt

import pytest

from tui.core.insights import (
    best_streaks,
    bucket_start,
    buckets,
    completion_share,
    history,
    recent_weeks,
    strength_points,
    weekday_pattern,
)
from tui.core.model import Entry
from tui.core.schedule import parse
from tui.core.streaks import (
    Habit,
    StreakStats,
    day_roles,
    perfect_day_roles,
    perfect_day_streak,
    streaks,
    strength,
    strength_series,
)

TODAY = dt.date(2026, 11, 21)  # a Saturday


def d(k: int) -> dt.date:
    return TODAY + dt.timedelta(days=k)


def habit(schedule="daily", *, met=(), skipped=(), partial=(), start=-60, target=10.0) -> Habit:
    entries = {}
    for k in met:
        entries[d(k)] = Entry(d(k), target, target)
    for k in skipped:
        entries[d(k)] = Entry(d(k), 0, target, skipped=True)
    for k in partial:
        entries[d(k)] = Entry(d(k), target / 2, target)
    return Habit(parse(schedule, d(start)), entries, d(start), target)


def r(a: int, b: int) -> list[int]:
    return list(range(a, b + 1))


# ------------------------------------------------------------------ best streaks


def test_best_streaks_have_dates_lengths_and_the_current_one_marked():
    # runs: -59..-50 (10), -45..-44 (2), -40..-26 (15, a skip at -33 bridges it),
    # -20..-14 (7), -10..-8 (3), -3..0 (4, still going)
    met = [*r(-59, -50), -45, -44, *r(-40, -34), *r(-32, -26), *r(-20, -14), *r(-10, -8), *r(-3, 0)]
    h = habit(met=met, skipped=[-33], partial=[-21])
    found = best_streaks(day_roles(h, TODAY))
    assert [(s.start, s.end, s.length, s.current) for s in found] == [
        (d(-40), d(-26), 14, False),
        (d(-59), d(-50), 10, False),
        (d(-20), d(-14), 7, False),
        (d(-3), d(0), 4, True),
        (d(-10), d(-8), 3, False),
    ]
    assert found[0].days == 15  # the bridged skip is inside its dates
    # the longest agrees with the Best column, the current one with the Streak column
    stats = streaks(h, TODAY)
    assert found[0].length == stats.best and found[3].length == stats.current


def test_todays_pending_day_keeps_the_current_streak_and_is_not_in_it():
    h = habit(met=r(-5, -1), start=-5)
    (only,) = best_streaks(day_roles(h, TODAY))
    assert (only.start, only.end, only.length, only.current) == (d(-5), d(-1), 5, True)


def test_a_streak_broken_since_is_not_current_and_no_met_day_means_none():
    h = habit(met=r(-10, -6), start=-10)
    (only,) = best_streaks(day_roles(h, TODAY))
    assert not only.current and only.length == 5
    assert best_streaks(day_roles(habit(start=-10), TODAY)) == []


def test_ties_put_the_more_recent_streak_first_and_at_most_five_are_kept():
    met = [k for k in range(-40, 1) if k % 3 != 0]  # runs of two, broken every third day
    found = best_streaks(day_roles(habit(met=met, start=-40), TODAY))
    assert len(found) == 5
    assert all(s.length == 2 for s in found)
    assert [s.end for s in found] == sorted((s.end for s in found), reverse=True)


def test_weekly_habit_streaks_count_weeks_and_span_their_days():
    # 2 per week, Monday weeks: 26 Oct..1 Nov met twice, 2..8 Nov twice, 9..15 Nov once (fails),
    # this week (16..21 Nov) twice so far
    h = habit("2/week", met=[-26, -24, -19, -17, -10, -5, -4], start=-26)
    found = best_streaks(day_roles(h, TODAY))
    assert [(s.start, s.end, s.length, s.unit, s.current) for s in found] == [
        (dt.date(2026, 10, 26), dt.date(2026, 11, 8), 2, "weeks", False),
        (dt.date(2026, 11, 16), TODAY, 1, "weeks", True),
    ]
    assert streaks(h, TODAY).best == 2


def test_perfect_day_streaks_agree_with_the_perfect_day_column():
    a = habit(met=[*r(-9, -5), *r(-3, 0)], start=-9)
    b = habit(met=[*r(-9, -7), *r(-5, 0)], skipped=[-6], start=-9)
    roles = perfect_day_roles([a, b], TODAY)
    found = best_streaks(roles)
    # -6 is perfect (met and skipped), -4 is not (a missed it)
    assert [(s.start, s.end, s.length, s.current) for s in found] == [
        (d(-9), d(-5), 5, False),
        (d(-3), d(0), 4, True),
    ]
    assert perfect_day_streak([a, b], TODAY) == StreakStats(4, 5, "days")


# ---------------------------------------------------------------- weekday pattern


def test_weekday_pattern_counts_met_of_due_per_weekday():
    # 28 days back from Saturday 21 Nov: four of each weekday. Met every Monday and
    # Wednesday, two Fridays; skipped one Sunday; the rest missed; today (Sat) pending.
    start = -27  # Sunday 25 Oct
    mondays = [k for k in range(start, 1) if d(k).weekday() == 0]
    wednesdays = [k for k in range(start, 1) if d(k).weekday() == 2]
    fridays = [k for k in range(start, 1) if d(k).weekday() == 4][:2]
    sundays = [k for k in range(start, 1) if d(k).weekday() == 6]
    h = habit(met=[*mondays, *wednesdays, *fridays], skipped=sundays[:1], start=start)
    pattern = weekday_pattern(day_roles(h, TODAY), days=365)
    got = {p.weekday: (p.met, p.due) for p in pattern}
    assert got == {
        0: (4, 4),  # Mon
        1: (0, 4),  # Tue
        2: (4, 4),  # Wed
        3: (0, 4),  # Thu
        4: (2, 4),  # Fri
        5: (0, 3),  # Sat: today is still to do, not due yet
        6: (0, 3),  # Sun: four Sundays, one skipped
    }
    assert pattern[4].share == 0.5


def test_weekday_pattern_looks_at_the_last_days_only_and_ignores_unscheduled_days():
    h = habit("mon,wed,fri", met=[k for k in range(-400, 1)], start=-400)
    pattern = weekday_pattern(day_roles(h, TODAY), days=14)
    assert [(p.met, p.due) for p in pattern] == [
        (2, 2),
        (0, 0),
        (2, 2),
        (0, 0),
        (2, 2),
        (0, 0),
        (0, 0),
    ]


# -------------------------------------------------------------- history buckets


def test_buckets_are_calendar_periods_clamped_to_the_history():
    assert bucket_start(dt.date(2026, 11, 21), "week") == dt.date(2026, 11, 16)
    assert bucket_start(dt.date(2026, 11, 21), "quarter") == dt.date(2026, 10, 1)
    assert buckets(dt.date(2026, 9, 10), TODAY, "month", 10) == [
        (dt.date(2026, 9, 10), dt.date(2026, 9, 30)),
        (dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        (dt.date(2026, 11, 1), TODAY),
    ]
    assert buckets(dt.date(2020, 1, 1), TODAY, "year", 2) == [
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        (dt.date(2026, 1, 1), TODAY),
    ]


def test_history_counts_days_met_against_days_due_per_week():
    # this week Mon 16 .. Sat 21: met Mon-Wed, skipped Thu, missed Fri, today open
    h = habit(met=[-5, -4, -3, -12, -11], skipped=[-2], start=-12)
    bars = history(day_roles(h, TODAY), "week", 5)
    assert [(b.start, b.end, b.met, b.due) for b in bars] == [
        (d(-12), d(-6), 2, 7),
        (d(-5), d(0), 3, 4),
    ]


def test_history_for_a_weekly_habit_uses_its_quota_as_the_target():
    h = habit("3/week", met=[-5, -3], start=-12)
    bars = history(day_roles(h, TODAY), "week", 5)
    assert [b.met for b in bars] == [0, 2]
    assert bars[0].due == pytest.approx(3.0)  # a whole week
    assert bars[1].due == pytest.approx(3 * 6 / 7)  # Monday to today


# --------------------------------------------------------------------- strength


def test_strength_series_ends_with_the_strength_column():
    for schedule, met in (
        ("daily", r(-40, -20)),
        ("mon,wed,fri", r(-50, 0)),
        ("3/week", r(-30, -2)),
    ):
        h = habit(schedule, met=met, skipped=[-15], partial=[-17], start=-60)
        series = strength_series(h, TODAY)
        assert len(series) == 61
        assert series[-1] == pytest.approx(strength(h, TODAY)), schedule


def test_strength_rises_while_met_and_falls_while_missed_and_buckets_keep_the_period_end():
    h = habit(met=r(-60, -31), start=-60)
    series = strength_series(h, TODAY)
    assert series[29] > series[0] and series[-1] < series[29]
    points = strength_points(d(-60), series, "week", 3)
    assert [p.end for p in points] == [d(-13), d(-6), TODAY]
    assert points[-1].value == series[-1]
    assert strength_points(d(-60), series, "day", 5)[-1].value == series[-1]


# --------------------------------------------------------------- recent weeks


def test_recent_weeks_give_each_weeks_completion_with_gaps_before_the_start():
    h = habit(met=[-5, -4, -3, -2, -1], start=-12)  # last week nothing, this week 5 of 5
    weeks = recent_weeks(day_roles(h, TODAY), 4)
    assert weeks == [None, None, 0.0, 1.0]


def test_completion_share_of_perfect_days():
    a = habit(met=r(-9, 0), start=-9)
    b = habit(met=[*r(-9, -6), *r(-4, 0)], start=-9)
    roles = perfect_day_roles([a, b], TODAY)
    assert completion_share(roles, 7) == pytest.approx(6 / 7)
    assert completion_share(roles, 365) == pytest.approx(9 / 10)
