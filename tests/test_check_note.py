"""``secondheart check --note`` adds to the exercise's note for the day, like the journal's."""

from __future__ import annotations

import pytest

TODAY_WORDS = "Sat 21 Nov 2026"
ADDED = (
    f"note added on {TODAY_WORDS} below the earlier note (--replace-note replaces the whole note)"
)
HOSTILE = "[b]x[/] \x1b[31mred"


def note_of(tracker, slug: str) -> str | None:
    row = next(r for r in tracker.day_view(with_streaks=False).rows if r.exercise.slug == slug)
    return row.note


def amount_of(tracker, slug: str) -> float:
    row = next(r for r in tracker.day_view(with_streaks=False).rows if r.exercise.slug == slug)
    return row.amount


def test_check_note_keeps_the_note_written_in_the_app(tracker, clock, shell):
    tracker.set_note("walk", clock.today(), "knee ok")  # what the app's n writes
    code, out, err = shell("check", "walk", "10", "--note", "dog walk")
    assert code == 0 and err == ""
    assert out.splitlines() == [f"Brisk walk: 10/30 min on {TODAY_WORDS}", ADDED]
    assert note_of(tracker, "walk") == "knee ok\ndog walk"
    code, out, _ = shell("check", "walk", "5", "--note", "dog walk")  # the same text again
    assert out.splitlines()[-1] == f"note unchanged on {TODAY_WORDS}: it already holds that text"
    assert note_of(tracker, "walk") == "knee ok\ndog walk"
    assert amount_of(tracker, "walk") == 15  # the amounts still add up


def test_replace_note_replaces_and_removes(tracker, clock, shell):
    assert shell("check", "bridge", "--note", "first")[1].splitlines()[-1] == (
        f"note saved on {TODAY_WORDS}"
    )
    out = shell("check", "bridge", "--replace-note", "second")[1]
    assert out.splitlines()[-1] == f"note replaced on {TODAY_WORDS}"
    assert note_of(tracker, "bridge") == "second"
    assert shell("check", "bridge", "--note", "more")[1].splitlines()[-1] == ADDED
    assert note_of(tracker, "bridge") == "second\nmore"
    out = shell("check", "bridge", "--replace-note", "")[1]
    assert out.splitlines()[-1] == f"note removed on {TODAY_WORDS}"
    assert note_of(tracker, "bridge") is None
    out = shell("check", "bridge", "--replace-note", "")[1]
    assert out.splitlines()[-1] == f"no note to remove on {TODAY_WORDS}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--note", "  "), '--replace-note "" removes the note'),
        (("--note", ""), '--replace-note "" removes the note'),
        (("--note", "y" * 1990), "the day's note and this text together have 2,001"),
        (("--replace-note", "z" * 2001), "a note can be at most 2,000 characters"),
    ],
)
def test_a_note_that_cannot_be_written_changes_nothing(tracker, clock, shell, args, message):
    tracker.set_note("ankle", clock.today(), "kept as is")
    code, out, err = shell("check", "ankle", "5", *args)
    assert code == 1 and out == "" and err.count("\n") == 1 and message in err
    assert note_of(tracker, "ankle-pumps") == "kept as is"
    assert amount_of(tracker, "ankle-pumps") == 0  # the amount given with it is not written either


def test_note_and_replace_note_together_are_a_usage_error(shell):
    with pytest.raises(SystemExit) as usage:
        shell("check", "walk", "--note", "a", "--replace-note", "b")
    assert usage.value.code == 2


def test_a_note_is_stored_as_typed_and_printed_as_text(tracker, clock, shell):
    tracker.set_note("walk", clock.today(), "before")
    code, out, err = shell("check", "walk", "--note", HOSTILE)
    assert code == 0 and "\x1b" not in out + err
    assert note_of(tracker, "walk") == f"before\n{HOSTILE}"
