"""The journal travels: JSON and CSV export and import (idempotent), backups and restore."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from tui.core.errors import InvalidInput
from tui.store import journal
from tui.store.backups import backup_now, restore
from tui.store.imports import import_from
from tui.store.service import Tracker
from tui.store.transfer import export_data, export_text, import_text

TODAY = dt.date(2026, 11, 21)
NOTE = '=HYPERLINK("x") [b]x[/] \x1b[31m\nsecond line'


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def filled(tracker):
    tracker.set_amount("walk", TODAY, 30)
    journal.set_level(tracker, TODAY, "cramps", 2)
    journal.set_level(tracker, days_ago(1), "heavy-legs", 0)
    journal.set_level(tracker, days_ago(1), "slow-wound", "yes")
    journal.set_note(tracker, days_ago(2), NOTE)
    return tracker


def journal_rows(path) -> tuple[list, list]:
    conn = sqlite3.connect(path)
    try:
        levels = conn.execute("SELECT day, symptom, level FROM journal ORDER BY 1, 2").fetchall()
        notes = conn.execute("SELECT day, note FROM journal_note ORDER BY 1").fetchall()
        return levels, notes
    finally:
        conn.close()


def test_json_export_carries_the_journal_and_imports_idempotently(filled, tmp_path, clock):
    data = export_data(filled)
    assert data["journal"] == [
        {"day": "2026-11-20", "symptom": "heavy-legs", "level": 0},
        {"day": "2026-11-20", "symptom": "slow-wound", "level": 1},
        {"day": "2026-11-21", "symptom": "cramps", "level": 2},
    ]
    assert data["journal_notes"] == [{"day": "2026-11-19", "note": NOTE}]
    text = export_text(filled, "json")
    other = Tracker.open(tmp_path / "other.db", clock=clock)
    try:
        counts = import_text(other, text)
        assert counts["journal"] == 3 and counts["journal_notes"] == 1
        assert export_text(other, "json") == text
        once = journal_rows(other.path)
        import_text(other, text)
        assert journal_rows(other.path) == once
        assert export_text(other, "json") == text
    finally:
        other.close()


def test_json_import_keeps_the_higher_level_and_a_red_flag_from_either_side(filled, tracker):
    text = export_text(filled, "json")
    journal.set_level(tracker, TODAY, "cramps", 3)
    journal.set_level(tracker, days_ago(1), "slow-wound", "no")
    journal.set_note(tracker, days_ago(2), "changed here")
    import_text(tracker, text)
    day = journal.day_of(tracker, TODAY)
    assert day.levels["cramps"] == 3
    assert journal.day_of(tracker, days_ago(1)).levels["slow-wound"] == 1
    assert journal.day_of(tracker, days_ago(2)).note == NOTE  # the file's note where it has one


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"day": "2026-11-20", "symptom": "cramp", "level": 1}, "unknown symptom 'cramp'"),
        ({"day": "2026-11-20", "symptom": "cramps", "level": 4}, "cramps is rated 0 to 3"),
        ({"day": "2026-11-20", "symptom": "skin-colour", "level": 2}, "takes yes or no"),
        ({"day": "2026-11-20", "symptom": "cramps", "level": "2"}, "whole number"),
        ({"day": "2031-01-01", "symptom": "cramps", "level": 1}, "out of range"),
    ],
)
def test_a_bad_journal_record_imports_nothing(tracker, record, message):
    data = {"format": "secondheart", "version": 1, "journal": [record]}
    data["entries"] = [
        {"exercise": "walk", "day": "2026-11-20", "amount": 30, "target": 30, "skipped": False}
    ]
    with pytest.raises(InvalidInput, match=r"journal\[0\]: .*" + message):
        import_text(tracker, json.dumps(data))
    assert journal_rows(tracker.path) == ([], [])
    assert export_data(tracker)["entries"] == []


def test_csv_export_has_journal_rows_and_reads_back_idempotently(filled, tmp_path, clock):
    text = export_text(filled, "csv")
    lines = text.splitlines()
    assert lines[0] == "exercise,day,amount,target,skipped,note"
    assert "walk,2026-11-21,30,30,no," in lines
    assert "journal:cramps,2026-11-21,2,3,no," in lines
    assert "journal:slow-wound,2026-11-20,1,1,no," in lines
    assert any(line.startswith("journal:note,2026-11-19,0,1,no,\"'=HYPERLINK") for line in lines)
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    other = Tracker.open(tmp_path / "other.db", clock=clock)
    try:
        report = import_from(other, "csv", path)
        assert "3 journal records" not in report.total()  # 3 levels and 1 note
        assert "4 journal records" in report.total()
        assert journal_rows(other.path) == journal_rows(filled.path)
        once = export_text(other, "json")
        import_from(other, "csv", path)
        assert export_text(other, "json") == once
        dry = import_from(other, "csv", path, dry_run=True)
        assert "nothing was written" in dry.total()
    finally:
        other.close()


def test_a_bad_journal_row_in_csv_writes_nothing(tracker, tmp_path, shell):
    path = tmp_path / "bad.csv"
    path.write_text(
        "exercise,day,amount,target,skipped,note\n"
        "walk,2026-11-20,30,30,no,\n"
        "journal:cramps,2026-11-20,5,3,no,\n",
        encoding="utf-8",
    )
    code, out, err = shell("import", "--from", "csv", str(path))
    assert code == 1 and err.count("\n") == 1
    assert "line 3" in err and "cramps is rated 0 to 3" in err
    assert journal_rows(tracker.path) == ([], [])
    assert tracker.entries(tracker.exercise("walk")) == {}


def test_the_journal_is_in_a_backup_and_survives_restore(filled, clock):
    copy = backup_now(filled.path, clock.now())
    assert journal_rows(copy) == journal_rows(filled.path)
    saved = journal_rows(filled.path)
    journal.set_level(filled, TODAY, "cramps", None)
    journal.set_note(filled, days_ago(2), "")
    assert journal_rows(filled.path) != saved
    restore(filled.path, copy, clock.now() + dt.timedelta(minutes=1))
    assert journal_rows(filled.path) == saved
    assert journal.day_of(filled, days_ago(1)).red_flags
