"""One name per exercise, deleting with undo, and whole numbers for counts.

The store on a real SQLite file, and the command line that calls it.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from tui.core import rules
from tui.core.errors import InvalidInput
from tui.store import transfer

from .conftest import NOW

TODAY = NOW.date()


# --- the rules ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Calf stretch", "calf STRETCH", "Calf-stretch!", "calf  stretch"])
def test_a_name_already_taken_is_refused(name):
    others = [("Calf stretch", "calf-stretch", False)]
    with pytest.raises(InvalidInput, match="'Calf stretch' already exists as calf-stretch"):
        rules.unique_name(rules.name(name), others)


def test_names_without_a_slug_of_their_own_do_not_clash():
    # Both would fall back to the slug 'exercise'; the name tells them apart.
    assert rules.unique_name("腿", [("脚", "exercise", False)]) == "腿"
    with pytest.raises(InvalidInput, match=r"\(archived\)"):
        rules.unique_name("Old one", [("old one", "old-one", True)])


@pytest.mark.parametrize("kind", ["count"])
def test_a_count_takes_whole_numbers(kind):
    assert rules.amount_for("12", kind) == 12
    with pytest.raises(InvalidInput, match="whole number for a count, not 12.5"):
        rules.amount_for("12.5", kind)


@pytest.mark.parametrize("kind", ["minutes", "sessions", "check"])
def test_other_kinds_take_fractions(kind):
    assert rules.amount_for("2.5", kind) == 2.5


# --- the store ---------------------------------------------------------------------


def test_adding_a_second_exercise_with_the_same_name_is_refused(tracker):
    tracker.add_exercise("Calf stretch", kind="count", target=10)
    for name in ("calf stretch", "Calf Stretch!"):
        with pytest.raises(InvalidInput, match="already exists as calf-stretch"):
            tracker.add_exercise(name)
    assert [e.slug for e in tracker.exercises() if e.slug.startswith("calf")] == ["calf-stretch"]
    assert tracker.exercise("calf").name == "Calf stretch"  # the prefix stays unambiguous


def test_renaming_onto_another_name_is_refused_but_own_case_is_fine(tracker):
    with pytest.raises(InvalidInput, match="'Bridge' already exists as bridge"):
        tracker.edit_exercise("ankle-pumps", name="BRIDGE")
    assert tracker.edit_exercise("ankle-pumps", name="ANKLE pumps").name == "ANKLE pumps"


def test_count_amounts_and_fields_must_be_whole(tracker):
    with pytest.raises(InvalidInput, match="the amount must be a whole number"):
        tracker.set_amount("ankle-pumps", TODAY, 12.5)
    with pytest.raises(InvalidInput, match="target must be a whole number"):
        tracker.edit_exercise("ankle-pumps", target="12.5")
    with pytest.raises(InvalidInput, match="step must be a whole number"):
        tracker.add_exercise("Squats", kind="count", target=10, step=0.5)
    assert tracker.set_amount("walk", TODAY, 12.5).amount == 12.5  # minutes may be fractions
    assert tracker.entries(tracker.exercise("ankle-pumps")) == {}


def test_delete_takes_the_history_and_undo_brings_it_back(tracker, db_file):
    from tui.store import timers

    walk = tracker.exercise("walk")
    tracker.toggle_done(walk, TODAY)
    tracker.set_note(walk, TODAY - dt.timedelta(days=3), "rain")
    timers.start(tracker, "walk", minutes=10)
    history = tracker.history(walk)
    assert (history.days, history.sessions) == (2, 1)
    assert "2 days of history and 1 timer session" in history.question("Brisk walk")

    tracker.delete_exercise(walk)
    assert "walk" not in [e.slug for e in tracker.exercises(include_archived=True)]
    # Another process sees it gone too.
    from tui.store.service import Tracker

    other = Tracker.open(db_file, clock=tracker.clock)
    assert "walk" not in [e.slug for e in other.exercises(include_archived=True)]

    assert tracker.undo() == "deleted Brisk walk"
    back = other.exercise("walk")
    assert (back.id, back.uuid, back.position, back.name) == (
        walk.id,
        walk.uuid,
        walk.position,
        walk.name,
    )
    entries = other.entries(back)
    assert entries[TODAY].amount == 30 and entries[TODAY - dt.timedelta(days=3)].note == "rain"
    assert other.history(back).sessions == 1 and other.has_active_session()
    other.close()


def test_undo_of_a_delete_refuses_when_the_name_was_taken_meanwhile(tracker):
    tracker.delete_exercise("bridge")
    tracker.add_exercise("Bridge")
    with pytest.raises(InvalidInput, match="cannot bring 'Bridge' back"):
        tracker.undo()
    with pytest.raises(InvalidInput, match="cannot bring 'Bridge' back"):
        tracker.undo()  # still the next step to undo, not dropped
    assert tracker.exercise("bridge").kind == "check"  # the new one is untouched


def test_json_import_refuses_fractions_for_counts(tracker):
    data = json.loads(transfer.export_text(tracker))
    data["entries"] = [{"exercise": "ankle-pumps", "day": str(TODAY), "amount": 12.5, "target": 20}]
    with pytest.raises(InvalidInput, match="whole number for a count, not 12.5"):
        transfer.import_text(tracker, json.dumps(data))
    assert tracker.entries(tracker.exercise("ankle-pumps")) == {}


# --- the command line ----------------------------------------------------------------


def test_cli_add_refuses_a_taken_name(shell, tracker):  # tracker: the file exists already
    code, out, err = shell("exercises", "add", "brisk WALK")
    assert code == 1 and out == ""
    assert err == (
        "secondheart: an exercise called 'Brisk walk' already exists as walk; choose another name\n"
    )
    code, _, err = shell("exercises", "edit", "bridge", "--name", "Heel raises")
    assert code == 1 and "'Heel raises' already exists as heel-raises" in err


def test_cli_check_refuses_half_a_rep(shell, tracker):
    code, _, err = shell("check", "ankle", "12.5")
    assert code == 1
    assert err == "secondheart: the amount must be a whole number for a count, not 12.5\n"
    assert shell("check", "walk", "12.5")[0] == 0


class _Stdin(io.StringIO):
    def __init__(self, text: str, tty: bool) -> None:
        super().__init__(text)
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_cli_delete_asks_on_a_terminal(shell, tracker, monkeypatch):
    tracker.toggle_done("bridge", TODAY)
    monkeypatch.setattr("sys.stdin", _Stdin("n\n", tty=True))
    code, out, _ = shell("exercises", "delete", "bridge")
    assert code == 1
    assert out == (
        "Delete Bridge and its 1 day of history? Archiving would keep them. [y/N] "
        "kept bridge; nothing deleted\n"
    )
    assert tracker.exercise("bridge")
    monkeypatch.setattr("sys.stdin", _Stdin("y\n", tty=True))
    code, out, _ = shell("exercises", "delete", "bridge")
    assert code == 0 and out.endswith("deleted bridge (Bridge) with 1 day of history\n")
    assert "bridge" not in [e.slug for e in tracker.exercises(include_archived=True)]


def test_cli_delete_without_a_terminal_needs_yes(shell, tracker, monkeypatch):
    monkeypatch.setattr("sys.stdin", _Stdin("y\n", tty=False))
    code, out, err = shell("exercises", "delete", "bridge")
    assert (code, out) == (1, "")
    assert err == "secondheart: not deleting bridge without --yes (no terminal to ask on)\n"
    assert tracker.exercise("bridge")
    code, out, _ = shell("exercises", "delete", "bridge", "--yes")
    assert code == 0 and out == "deleted bridge (Bridge) with no history\n"
    assert shell("exercises", "delete", "bridge", "--yes")[0] == 1  # gone: one line, exit 1


def test_cli_delete_shows_a_hostile_name_as_text(shell, tracker, monkeypatch):
    slug = tracker.add_exercise("[b]x[/] \x1b[31mred").slug
    monkeypatch.setattr("sys.stdin", _Stdin("n\n", tty=True))
    _, out, _ = shell("exercises", "delete", slug)
    assert "\x1b" not in out and "[b]x[/] \\x1b[31mred" in out


def test_undo_of_a_delete_brings_back_the_reminders_already_claimed(tracker):
    bridge = tracker.edit_exercise("bridge", remind="10:30")  # set at 10:00: 10:30 is due today
    with tracker.db.write() as m:
        m.Reminder.create(exercise=bridge.id, day=TODAY, time="10:30", state="fired", at="x")
    tracker.delete_exercise(bridge)
    with tracker.db.write() as m:
        assert m.Reminder.select().where(m.Reminder.exercise == bridge.id).count() == 0
    tracker.undo()
    assert tracker.exercise("bridge").remind == "10:30"
    with tracker.db.write() as m:
        R = m.Reminder
        rows = set(R.select(R.time, R.state).where(R.exercise == bridge.id).tuples())
    assert ("10:30", "fired") in rows  # so it does not remind a second time today
