"""The leg journal: its rules, the weekly sums, and the store on a real file."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from tui.core import rules
from tui.core.errors import InvalidInput, LookupFailed
from tui.core.journal import (
    BY_SLUG,
    RATED,
    RED_FLAGS,
    SYMPTOMS,
    JournalDay,
    cycle_level,
    level_glyphs,
    red_flag_days,
    step_level,
    week_spans,
    weekly_burden,
    weekly_completion,
)
from tui.core.streaks import DayRoles
from tui.store import journal

SAT = dt.date(2026, 11, 21)


# --- rules ---------------------------------------------------------------------------


def test_the_sources_symptoms_and_the_two_red_flags():
    assert [s.slug for s in RATED] == [
        "cramps",
        "foot-pain",
        "numbness",
        "cold-feet",
        "restless-legs",
        "heavy-legs",
    ]
    assert [s.slug for s in RED_FLAGS] == ["skin-colour", "slow-wound"]
    assert BY_SLUG["skin-colour"].words == "skin turning blue or purple"
    assert BY_SLUG["cramps"].words == "cramps, especially at night"


@pytest.mark.parametrize(
    ("symptom", "value", "level"),
    [
        ("cramps", "0", 0),
        ("cramps", "3", 3),
        ("cramps", "Moderate", 2),
        ("heavy-legs", 1, 1),
        ("skin-colour", "yes", 1),
        ("slow-wound", "no", 0),
        ("slow-wound", "Y", 1),
    ],
)
def test_levels_are_read_as_typed(symptom, value, level):
    assert rules.journal_level(symptom, value) == level


def test_bad_levels_and_symptoms_get_one_clear_line():
    with pytest.raises(InvalidInput, match=r"cramps is rated 0 to 3 .* not '4'"):
        rules.journal_level("cramps", "4")
    with pytest.raises(InvalidInput, match="skin-colour takes yes or no, not '2'"):
        rules.journal_level("skin-colour", "2")
    with pytest.raises(LookupFailed, match="did you mean cramps"):
        rules.journal_symptom("cramp")
    with pytest.raises(LookupFailed, match="known: cramps, foot-pain"):
        rules.journal_symptom("[b]x[/]")
    with pytest.raises(InvalidInput, match="the journal is for today or earlier"):
        rules.journal_day(SAT + dt.timedelta(days=1), SAT)


def test_steps_and_cycles_stay_within_the_levels():
    cramps, skin = BY_SLUG["cramps"], BY_SLUG["skin-colour"]
    assert step_level(cramps, None, 1) == 1
    assert step_level(cramps, None, -1) == 0
    assert step_level(cramps, 3, 1) == 3
    assert step_level(cramps, 0, -1) == 0
    # each press of space is one level: the first one from "not recorded" is mild
    assert [cycle_level(cramps, lv) for lv in (None, 0, 1, 2, 3)] == [1, 1, 2, 3, 0]
    # a red flag is never set to yes by going round or stepping up: only y says yes
    assert [cycle_level(skin, lv) for lv in (None, 0, 1)] == [0, 0, 1]
    assert [step_level(skin, lv, 1) for lv in (None, 0, 1)] == [0, 0, 1]
    assert [step_level(skin, lv, -1) for lv in (None, 0, 1)] == [0, 0, 0]
    assert level_glyphs(cramps, 2) == "●●○"
    assert level_glyphs(cramps, None) == "···"
    assert level_glyphs(skin, 1) == "■"
    assert cramps.level_word(3) == "severe" and skin.level_word(0) == "no"


# --- weekly sums -----------------------------------------------------------------------


def test_week_spans_end_today_on_monday_weeks():
    spans = week_spans(SAT, 3)
    assert spans == [
        (dt.date(2026, 11, 2), dt.date(2026, 11, 8)),
        (dt.date(2026, 11, 9), dt.date(2026, 11, 15)),
        (dt.date(2026, 11, 16), SAT),
    ]


def test_weekly_burden_adds_each_symptom_and_counts_red_flag_days():
    days = {
        dt.date(2026, 11, 16): JournalDay(dt.date(2026, 11, 16), {"cramps": 3, "cold-feet": 1}),
        dt.date(2026, 11, 17): JournalDay(dt.date(2026, 11, 17), {"cramps": 2, "skin-colour": 1}),
        dt.date(2026, 11, 18): JournalDay(dt.date(2026, 11, 18), {"slow-wound": 0}, "a note"),
        dt.date(2026, 11, 9): JournalDay(dt.date(2026, 11, 9), {"heavy-legs": 1}),
    }
    earlier, this = weekly_burden(days, week_spans(SAT, 2))
    assert this.of("cramps") == 5 and this.of("cold-feet") == 1 and this.total == 6
    assert this.rated_days == 2  # the day with only a red flag and a note is not a rated day
    assert this.red_flag_days == 1
    assert earlier.total == 1 and earlier.of("heavy-legs") == 1 and earlier.red_flag_days == 0
    assert [d.day for d in red_flag_days(days)] == [dt.date(2026, 11, 17)]


def test_weekly_completion_counts_exercise_days_met_over_due():
    lo = dt.date(2026, 11, 9)  # a Monday; 13 days to Saturday the 21st
    daily = DayRoles(lo, b"MMMMXMS" + b"MPM.MT")  # week 1: 5 met of 6 due; week 2: 3 of 4
    twice = DayRoles(lo, b"M..M..." + b".....M", per_week=2)  # quota 2: 2 of 2, then 1 of 2
    spans = week_spans(SAT, 3)
    values = weekly_completion([daily, twice], spans)
    assert values[0] is None  # before any history
    assert values[1] == pytest.approx((5 + 2) / (6 + 2))
    assert values[2] == pytest.approx((3 + 1) / (4 + 2))
    assert weekly_completion([], spans) == [None, None, None]


# --- the store ----------------------------------------------------------------------


def test_levels_and_notes_are_stored_and_read_back(tracker, clock):
    today = clock.today()
    journal.set_level(tracker, today, "cramps", "2")
    journal.set_level(tracker, today, "skin-colour", "yes")
    journal.set_note(tracker, today, "  [b]x[/] \x1b[31m  ")
    day = journal.day_of(tracker, today)
    assert day.levels == {"cramps": 2, "skin-colour": 1}
    assert day.note == "[b]x[/] \x1b[31m"  # kept exactly, trimmed like every note
    assert [s.slug for s in day.red_flags] == ["skin-colour"]
    journal.set_level(tracker, today, "cramps", 3)
    journal.set_level(tracker, today, "skin-colour", None)
    journal.set_note(tracker, today, "")
    assert journal.day_of(tracker, today) == JournalDay(today, {"cramps": 3}, None)


def test_bad_values_write_nothing(tracker, clock, db_file):
    today = clock.today()
    with pytest.raises(InvalidInput):
        journal.set_level(tracker, today, "cramps", "7")
    with pytest.raises(InvalidInput, match="future"):
        journal.set_level(tracker, today + dt.timedelta(days=1), "cramps", "1")
    with pytest.raises(InvalidInput, match="at most 2,000"):
        journal.set_note(tracker, today, "x" * 2001)
    conn = sqlite3.connect(db_file)
    assert conn.execute("SELECT count(*) FROM journal").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM journal_note").fetchone() == (0,)
    conn.close()


def test_two_trackers_on_one_file_keep_each_others_rows(tracker, db_file, clock):
    from tui.store.service import Tracker

    other = Tracker.open(db_file, clock=clock)
    try:
        journal.set_level(tracker, clock.today(), "cramps", 1)
        journal.set_level(other, clock.today(), "numbness", 2)
        assert journal.day_of(tracker, clock.today()).levels == {"cramps": 1, "numbness": 2}
    finally:
        other.close()


def test_trend_sets_burden_beside_completion(tracker, clock):
    today = clock.today()
    for back in range(10):
        day = today - dt.timedelta(days=back)
        journal.set_level(tracker, day, "heavy-legs", 1)
        tracker.mark_done("walk", day)
    tracker.step("ankle-pumps", today - dt.timedelta(days=1), 5)  # partial: due, not met
    burden, completion = journal.trend(tracker, 12)
    assert len(burden) == len(completion) == 12
    assert burden[-1].of("heavy-legs") == 6  # Monday 16th to Saturday 21st
    assert burden[-2].of("heavy-legs") == 4  # Thursday 12th to Sunday 15th
    assert burden[-3].total == 0
    assert completion[-1] == pytest.approx(6 / 7)  # walk 6 of 6, ankle pumps 0 of 1
    assert completion[-2] == 1.0 and completion[0] is None


def test_every_symptom_has_words_and_a_top_level():
    for symptom in SYMPTOMS:
        assert symptom.words and symptom.name
        assert symptom.top == (1 if symptom.red_flag else 3)
