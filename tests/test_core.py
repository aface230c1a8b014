"""Core: clock, day-start hour, schedules, dates and amounts."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest

from tui.core.clock import FakeClock, day_of
from tui.core.dates import parse_amount, parse_day
from tui.core.model import Status, format_amount
from tui.core.schedule import Schedule, ScheduleError, every_days_between, parse

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = dt.date(2026, 11, 21)


@pytest.mark.parametrize(
    ("moment", "hour", "expected"),
    [
        (dt.datetime(2026, 11, 21, 1, 30, tzinfo=BERLIN), 0, dt.date(2026, 11, 21)),
        (dt.datetime(2026, 11, 21, 1, 30, tzinfo=BERLIN), 4, dt.date(2026, 11, 20)),
        (dt.datetime(2026, 11, 21, 4, 0, tzinfo=BERLIN), 4, dt.date(2026, 11, 21)),
        (dt.datetime(2026, 11, 21, 23, 59, tzinfo=BERLIN), 0, dt.date(2026, 11, 21)),
    ],
)
def test_day_start_hour_decides_the_day(moment, hour, expected):
    assert day_of(moment, hour) == expected
    assert FakeClock(moment, day_start_hour=hour).today() == expected


def test_fake_clock_moves_across_midnight():
    clock = FakeClock(dt.datetime(2026, 11, 21, 23, 59, tzinfo=BERLIN))
    assert clock.today() == dt.date(2026, 11, 21)
    clock.advance(minutes=2)
    assert clock.today() == dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "kind", "scheduled", "unscheduled"),
    [
        ("daily", "daily", [TODAY], []),
        ("mon,wed,fri", "weekdays", [dt.date(2026, 11, 23)], [TODAY]),
        ("weekdays:mon,wed,fri", "weekdays", [dt.date(2026, 11, 20)], [dt.date(2026, 11, 24)]),
        (
            "every 3 days",
            "every",
            [TODAY, TODAY + dt.timedelta(days=3)],
            [TODAY + dt.timedelta(days=1)],
        ),
        ("3/week", "weekly", [TODAY], []),
    ],
)
def test_schedules(text, kind, scheduled, unscheduled):
    schedule = parse(text, anchor=TODAY)
    assert schedule.kind == kind
    assert all(schedule.is_scheduled(d) for d in scheduled)
    assert not any(schedule.is_scheduled(d) for d in unscheduled)
    assert parse(schedule.text()) == schedule


def test_every_n_days_agrees_with_its_rrule():
    schedule = parse("every 3 days", anchor=TODAY)
    days = every_days_between(schedule, TODAY, TODAY + dt.timedelta(days=30))
    expected = [
        TODAY + dt.timedelta(days=n)
        for n in range(31)
        if schedule.is_scheduled(TODAY + dt.timedelta(days=n))
    ]
    assert days == expected and len(days) == 11


@pytest.mark.parametrize("text", ["fortnightly", "every 0 days", "9/week", "mon,funday"])
def test_bad_schedules_are_refused(text):
    with pytest.raises(ScheduleError):
        parse(text)


def test_schedule_describe_and_frequency():
    assert Schedule().describe() == "daily" and Schedule().frequency() == 1
    assert parse("mon,wed,fri").describe() == "Mon, Wed, Fri"
    assert parse("3/week").frequency() == pytest.approx(3 / 7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("yesterday", TODAY - dt.timedelta(days=1)),
        ("-3", TODAY - dt.timedelta(days=3)),
        ("2026-01-02", dt.date(2026, 1, 2)),
    ],
)
def test_parse_day(text, expected):
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize("text", ["tomorrowish", "2026-13-01", "", "--3"])
def test_parse_day_refuses_nonsense(text):
    with pytest.raises(ValueError, match="date"):
        parse_day(text, TODAY)


@pytest.mark.parametrize("text", ["-1", "nan", "inf", "1e9", "ten"])
def test_parse_amount_refuses(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_amount_formatting_and_glyphs_are_distinct():
    assert format_amount(12.0) == "12" and format_amount(2.5) == "2.5"
    glyphs = [s.glyph for s in Status]
    assert len(set(glyphs)) == len(glyphs)


# The routine the spec ships with: the slug typed on the command line, the name,
# the kind, what Today shows at first, and the stretch goal.
SPEC_ROUTINE = [
    ("walk", "Brisk walk", "minutes", "0/30 min", None),
    ("ankle-pumps", "Ankle pumps", "count", "0/20 reps", None),
    ("heel-raises", "Heel raises", "count", "0/15 reps", None),
    ("bridge", "Bridge", "count", "0/10 reps", None),
    ("seated-marches", "Seated marches", "count", "0/20 reps", None),
    ("knee-pit-roll", "Knee-pit roll", "minutes", "0/2 min", None),
    ("leg-elevation", "Leg elevation", "sessions", "0/3 sessions", 4),
]


def test_a_new_database_starts_with_the_routine_of_the_spec(tracker):
    """On the first day: the seven exercises, in order, daily, pending; done fills each target."""
    view = tracker.day_view(TODAY)
    shown = [
        (r.exercise.slug, r.exercise.name, r.exercise.kind, r.progress, r.exercise.goal)
        for r in view.rows
    ]
    assert shown == SPEC_ROUTINE
    assert {r.exercise.schedule.describe() for r in view.rows} == {"daily"}
    assert {r.status for r in view.rows} == {Status.PENDING}
    for row in view.rows:
        tracker.mark_done(row.exercise, TODAY)
    done = tracker.day_view(TODAY)
    assert done.done == 7 and {r.status for r in done.rows} == {Status.MET}
    assert done.rows[-1].progress == "3/3 sessions"


def test_core_imports_neither_textual_nor_peewee():
    code = (
        "import sys, tui.core.clock, tui.core.schedule, tui.core.model, tui.core.routine, "
        "tui.core.dates, tui.core.timer, tui.core.streaks; "
        "print(sorted(m for m in ('textual', 'peewee') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
