"""Reminder settings travel: JSON and CSV export and import keep times, none and the default."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3

import pytest
from textual.widgets import Input

from tui.app import SecondHeartCommands
from tui.core import rules
from tui.core.errors import InvalidInput
from tui.dialogs.confirm import ConfirmScreen
from tui.dialogs.prompt import PromptScreen
from tui.screens.today import TodayScreen
from tui.store import journal
from tui.store.imports import import_from
from tui.store.service import Tracker
from tui.store.transfer import export_data, export_text, import_text

from .helpers import toasts, wait_for

TODAY = dt.date(2026, 11, 21)
HOSTILE = ("[b]x[/]", "\x1b[31m", "10:00 [b]x[/]", "09:00,\x1b]0;pwned\x07")


def reminds(path) -> dict[str, str | None]:
    """Each exercise's stored setting, read from the file itself."""
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT slug, remind FROM exercise").fetchall())
    finally:
        conn.close()


def dump(path) -> list:
    """Every row a user's data lives in, to show an import changed nothing."""
    conn = sqlite3.connect(path)
    try:
        tables = ("exercise", "entry", "session", "journal", "journal_note", "reminder")
        return [conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables]  # noqa: S608
    finally:
        conn.close()


@pytest.fixture
def mine(tracker):
    """A database with the three kinds of setting, plus an exercise with no entries."""
    tracker.edit_exercise("ankle-pumps", remind="15:30, 10:00")
    tracker.edit_exercise("walk", remind="none")  # '' : no reminders
    # leg-elevation stays NULL: the suggested session times
    tracker.add_exercise("Wall sit", kind="count", target=3, remind="09:00")
    tracker.set_amount("walk", TODAY, 30)
    journal.set_level(tracker, TODAY, "cramps", 2)
    journal.set_note(tracker, TODAY, "long flight")
    return tracker


EXPECTED = {"ankle-pumps": "10:00,15:30", "walk": "", "leg-elevation": None, "wall-sit": "09:00"}


@pytest.fixture
def other(tmp_path, clock):
    """A second database whose settings differ from ``mine`` in every way."""
    tracker = Tracker.open(tmp_path / "other.db", clock=clock)
    tracker.edit_exercise("ankle-pumps", remind="none")
    tracker.edit_exercise("walk", remind="07:00")
    tracker.edit_exercise("leg-elevation", remind="12:00")
    yield tracker
    tracker.close()


def test_the_rule_reads_back_what_an_export_writes():
    assert rules.reminder_times("default", "count") is None  # the default, for any kind
    assert rules.reminder_times("default", "sessions") is None
    with pytest.raises(InvalidInput, match="only a sessions exercise"):
        rules.reminder_times("suggested", "count")


def test_json_round_trip_keeps_times_none_and_the_default(mine, other):
    data = export_data(mine)
    assert {e["slug"]: e["remind"] for e in data["exercises"]} == {
        **{e.slug: None for e in mine.exercises()},
        **EXPECTED,
    }
    text = export_text(mine, "json")
    import_text(other, text)
    stored = reminds(other.path)
    assert {slug: stored[slug] for slug in EXPECTED} == EXPECTED  # the file's, NULL and '' too
    assert export_text(other, "json") == text  # journal, entries and all
    once = dump(other.path)
    import_text(other, text)
    assert dump(other.path) == once


def test_exercises_list_shows_the_imported_reminders(mine, other, tmp_path, shell, capsys):
    from tui import cli

    path = tmp_path / "mine.json"
    path.write_text(export_text(mine, "json"))
    assert cli.main(["--db", str(other.path), "import", str(path)]) == 0
    assert cli.main(["--db", str(other.path), "exercises", "list"]) == 0
    theirs = capsys.readouterr().out
    code, out, _ = shell("exercises", "list")  # the first database, as it was exported
    assert code == 0
    listed = [line for line in out.splitlines() if "reminds" in line]
    assert listed == [line for line in theirs.splitlines() if "reminds" in line]
    assert any("Ankle pumps" in line and "reminds 10:00, 15:30" in line for line in listed)
    assert any("Leg elevation" in line and "reminds suggested" in line for line in listed)
    assert not any("Brisk walk" in line for line in listed)  # none: nothing to say


def test_csv_round_trip_keeps_times_none_and_the_default(mine, other, tmp_path):
    text = export_text(mine, "csv")
    lines = text.splitlines()
    assert 'remind:ankle-pumps,,,,,"10:00,15:30"' in lines
    assert "remind:walk,,,,,none" in lines and "remind:leg-elevation,,,,,default" in lines
    assert "journal:cramps,2026-11-21,2,3,no," in lines
    path = tmp_path / "mine.csv"
    path.write_text(text, encoding="utf-8")
    dry = import_from(other, "csv", path, dry_run=True)
    said = "\n".join(dry.lines())
    assert "reminders none → 10:00, 15:30" in said and "reminders 07:00 → none" in said
    assert "reminders 12:00 → default" in said
    report = import_from(other, "csv", path)
    stored = reminds(other.path)
    assert {slug: stored[slug] for slug in EXPECTED} == EXPECTED
    assert other.exercise("wall-sit").remind == "09:00"  # created from its reminder row alone
    assert journal.day_of(other, TODAY).levels["cramps"] == 2
    assert report.updated == 3
    once = dump(other.path)
    again = import_from(other, "csv", path)
    assert {c.action for c in again.changes} == {"unchanged"}
    assert dump(other.path) == once
    assert export_text(other, "csv") == text  # and the CSV of the copy is the same file


def test_an_export_without_reminders_leaves_them_as_stored(mine, other, tmp_path):
    data = export_data(mine)
    for item in data["exercises"]:
        del item["remind"]  # as exports made before reminders
    before = reminds(other.path)
    import_text(other, json.dumps(data))
    after = reminds(other.path)
    assert after == {**before, "wall-sit": None}  # a new exercise gets the default
    lines = [
        line for line in export_text(mine, "csv").splitlines() if not line.startswith("remind:")
    ]
    path = tmp_path / "old.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    other.edit_exercise("wall-sit", remind="18:00")
    before = reminds(other.path)
    report = import_from(other, "csv", path)
    assert reminds(other.path) == before
    assert not any("reminders" in line for line in report.lines())


@pytest.mark.parametrize("value", ["25:00", "9", "noon", 5, ["10:00"], "suggested", *HOSTILE])
def test_a_bad_reminder_in_json_imports_nothing(mine, other, tmp_path, value):
    data = export_data(mine)
    index = next(i for i, e in enumerate(data["exercises"]) if e["slug"] == "wall-sit")
    data["exercises"][index]["remind"] = value  # a count exercise: 'suggested' is refused too
    before = dump(other.path)
    with pytest.raises(InvalidInput) as caught:
        import_text(other, json.dumps(data))
    message = str(caught.value)
    assert message.startswith(f"nothing was imported; 1 bad record: exercises[{index}]: ")
    assert "\n" not in message and "\x1b" not in message and "\x07" not in message
    assert dump(other.path) == before


@pytest.mark.parametrize("value", ["25:00", "noon", *HOSTILE])
def test_a_bad_reminder_in_csv_is_one_line_and_writes_nothing(mine, tmp_path, value, shell):
    text = export_text(mine, "csv").replace('"10:00,15:30"', csv_cell(value))
    number = next(
        n for n, line in enumerate(text.splitlines(), start=1) if "remind:ankle-pumps" in line
    )
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    mine.edit_exercise("ankle-pumps", remind="08:00")
    before = dump(mine.path)
    code, out, err = shell("import", "--from", "csv", str(path))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert f"line {number}: " in err and "is not a time" in err
    assert "\x1b" not in err and "\x07" not in err
    if "[b]" in value:
        assert "[b]x[/]" in err  # shown as typed
    assert dump(mine.path) == before


def test_suggested_for_an_exercise_that_has_no_sessions_is_refused_from_csv(mine, tmp_path, shell):
    text = export_text(mine, "csv").replace("remind:walk,,,,,none", "remind:walk,,,,,suggested")
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    before = dump(mine.path)
    for args in (("--dry-run",), ()):
        code, out, err = shell("import", "--from", "csv", str(path), *args)
        assert code == 1 and out == "" and err.count("\n") == 1
        assert "only a sessions exercise can remind at the suggested times" in err
    assert dump(mine.path) == before


def test_a_reminder_row_twice_is_refused(mine, tmp_path, shell):
    text = export_text(mine, "csv").replace(
        "remind:walk,,,,,none\n", "remind:walk,,,,,none\nremind:walk,,,,,10:00\n"
    )
    path = tmp_path / "twice.csv"
    path.write_text(text, encoding="utf-8")
    code, _, err = shell("import", "--from", "csv", str(path))
    assert code == 1 and "the reminders of walk appear twice" in err


async def test_a_hostile_reminder_in_the_palette_import_is_shown_as_typed(
    app_factory, tracker, tmp_path
):
    path = tmp_path / "export.csv"
    good = export_text(tracker, "csv").replace(
        "remind:ankle-pumps,,,,,default", 'remind:ankle-pumps,,,,,"10:00,15:30"'
    )
    path.write_text(good.replace("remind:walk,,,,,default", "remind:walk,,,,,[b]x[/]\x1b[31m"))
    app = app_factory()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        commands = {t: c for t, _h, c in SecondHeartCommands(app.screen)._commands()}
        commands["Import from a Second Heart CSV export…"]()
        await wait_for(
            pilot, lambda: isinstance(app.screen, PromptScreen) and app.screen.query(Input)
        )
        app.screen.query_one(Input).value = str(path)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("is not a time" in t for t in toasts(app)), timeout=15)
        shown = "\n".join(toasts(app))
        assert "'[b]x[/]\\x1b[31m' is not a time" in shown and "\x1b" not in shown
        assert tracker.exercise("ankle-pumps").remind is None  # nothing imported
        path.write_text(good)
        commands["Import from a Second Heart CSV export…"]()
        await wait_for(
            pilot, lambda: isinstance(app.screen, PromptScreen) and app.screen.query(Input)
        )
        app.screen.query_one(Input).value = str(path)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), timeout=15)
        assert "reminders default → 10:00, 15:30" in screen_text(app)
        await pilot.press("y")
        await wait_for(pilot, lambda: any("imported: " in t for t in toasts(app)), timeout=15)
        assert isinstance(app.screen, TodayScreen)
        assert tracker.exercise("ankle-pumps").remind == "10:00,15:30"


def csv_cell(value: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([value])
    return buffer.getvalue()


def screen_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query("Static, Label"))
