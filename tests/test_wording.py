"""Counts agree with their nouns, and a label never repeats itself, wherever a user reads them."""

from __future__ import annotations

import pytest

from tui.core.journal import BY_SLUG, RATED
from tui.core.text import plural
from tui.store import journal, timers


@pytest.mark.parametrize(
    ("count", "words", "expected"),
    [
        (1, ("day",), "1 day"),
        (0, ("day",), "0 days"),
        (2, ("day",), "2 days"),
        (1, ("entry", "entries"), "1 entry"),
        (3, ("entry", "entries"), "3 entries"),
        (1.0, ("session",), "1 session"),
        (2.0, ("session",), "2 sessions"),
        (1.5, ("session",), "1.5 sessions"),
    ],
)
def test_plural_agrees_with_the_count(count, words, expected):
    assert plural(count, *words) == expected


def test_a_symptom_whose_words_are_its_name_is_not_repeated():
    assert BY_SLUG["cold-feet"].label == "Cold feet"
    assert BY_SLUG["restless-legs"].label == "Restless legs"
    assert BY_SLUG["cramps"].label == "Cramps (cramps, especially at night)"
    assert all(s.label.count(s.name) == 1 for s in RATED)


def test_the_report_says_one_day_was_rated(tracker, clock, shell, tmp_path):
    journal.set_level(tracker, clock.today(), "cold-feet", 1)
    tracker.step("leg-elevation", clock.today(), 1)
    tracker.close()
    code, out, _ = shell("report", "--format", "md", "--days", "30")
    assert code == 0
    assert "1 day was rated" in out and "days were rated" not in out
    assert "1 session in all; the target was reached on 0 of 30 days" in out
    assert "| Cold feet | 1 |" in out and "(cold feet)" not in out
    assert "| Cramps (cramps, especially at night) |" in out
    page = tmp_path / "report.html"
    assert shell("report", "--days", "30", "-o", str(page))[0] == 0
    html = page.read_text(encoding="utf-8")
    assert "1 day was rated in this range" in html and "1 days" not in html
    assert "1 session in all" in html
    assert "<td>Cold feet</td>" in html and "(cold feet)" not in html
    assert "Cramps <span class='small'>(cramps, especially at night)</span>" in html


def test_the_report_counts_several_days_in_the_plural(tracker, clock, shell):
    journal.set_level(tracker, clock.today(), "cramps", 1)
    journal.set_level(tracker, clock.today().replace(day=20), "cramps", 2)
    tracker.close()
    out = shell("report", "--format", "md", "--days", "30")[1]
    assert "2 days were rated" in out and "0 sessions in all" in out


def test_doctor_counts_agree_with_their_nouns(tracker, clock, shell, db_file):
    tracker.mark_done("walk", clock.today())
    timers.start(tracker)
    tracker.close()
    code, out, _ = shell("doctor")
    assert code == 0
    assert out == (
        f"{db_file}: no damage found by the full integrity check "
        "(7 exercises, 1 entry, 1 timer session)\n"
    )
