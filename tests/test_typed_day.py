"""Days typed in words or as dates (the command palette's "open any day"): pure, on a fixed today."""

from __future__ import annotations

import datetime as dt

import pytest

from tui.core.dates import relative_day, typed_day

SATURDAY = dt.date(2026, 11, 21)
MONDAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "today", "day"),
    [
        ("today", SATURDAY, SATURDAY),
        ("Yesterday", SATURDAY, dt.date(2026, 11, 20)),
        ("-3", SATURDAY, dt.date(2026, 11, 18)),
        ("3 days ago", SATURDAY, dt.date(2026, 11, 18)),
        ("a week ago", SATURDAY, dt.date(2026, 11, 14)),
        ("2 weeks ago", SATURDAY, dt.date(2026, 11, 7)),
        ("monday", SATURDAY, dt.date(2026, 11, 16)),
        ("last monday", SATURDAY, dt.date(2026, 11, 16)),
        ("monday", MONDAY, MONDAY),  # today is one
        ("last monday", MONDAY, dt.date(2026, 11, 16)),  # the one before today
        ("this mon", MONDAY, MONDAY),
        ("last  SUN", SATURDAY, dt.date(2026, 11, 15)),
        ("saturday", SATURDAY, SATURDAY),
        ("last saturday", SATURDAY, dt.date(2026, 11, 14)),
    ],
)
def test_relative_days(text, today, day):
    assert relative_day(text, today) == day
    assert typed_day(text, today) == day


@pytest.mark.parametrize("text", ["", "walk", "last", "next monday", "3 months ago", "x days ago"])
def test_words_that_are_no_day(text):
    assert relative_day(text, SATURDAY) is None
    assert typed_day(text, SATURDAY) is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-11-15", dt.date(2026, 11, 15)),
        ("2026-02-03", dt.date(2026, 2, 3)),  # ISO stays year-month-day
        ("15 nov", dt.date(2026, 11, 15)),
        ("Nov 15", dt.date(2026, 11, 15)),
        ("15/11", dt.date(2026, 11, 15)),  # the day first
        ("3 feb 2025", dt.date(2025, 2, 3)),
        ("25 dec", dt.date(2026, 12, 25)),  # the future: the caller refuses it
    ],
)
def test_dates_in_the_usual_spellings(text, day):
    assert typed_day(text, SATURDAY) == day


@pytest.mark.parametrize("text", ["1969-12-31", "31 feb", "99999 days ago", "12:30x", "1" * 50])
def test_impossible_or_too_early_days(text):
    assert typed_day(text, SATURDAY) is None
