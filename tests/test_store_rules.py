"""The store's rules as a user meets them, on real SQLite files.

Undo as a delta, two trackers apart, idempotent import, one set of
validation rules and messages, and days before an exercise existed.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from tui.core.model import Status
from tui.store import timers
from tui.store.errors import InvalidInput
from tui.store.service import Tracker
from tui.store.transfer import export_text, import_text

from .conftest import NOW

TODAY = NOW.date()
YESTERDAY = TODAY - dt.timedelta(days=1)


def amount(tracker: Tracker, slug: str, day: dt.date = TODAY) -> float:
    return next(r.amount for r in tracker.day_view(day).rows if r.exercise.slug == slug)


# --- undo --------------------------------------------------------------------------


def test_undo_reverses_only_this_panes_change(tracker, db_file, clock, shell):
    pane_two = Tracker.open(db_file, clock=clock)
    try:
        tracker.set_amount("heel-raises", TODAY, 5)
        tracker.step("heel-raises", TODAY, 5)  # the pane: +5, now 10
        assert shell("check", "heel-raises", "3")[0] == 0  # the shell: +3, now 13
        pane_two.step("heel-raises", TODAY, 1)  # another pane: +1, now 14
        assert amount(tracker, "heel-raises") == 14
        assert tracker.undo() == "Heel raises +5"
        assert amount(tracker, "heel-raises") == 9  # the shell's +3 and the other +1 stay
        assert pane_two.undo() == "Heel raises +1"
        assert amount(tracker, "heel-raises") == 8
    finally:
        pane_two.close()


def test_a_key_that_changes_nothing_is_not_an_undo_step(tracker):
    tracker.step("walk", TODAY, 10)
    tracker.step("walk", TODAY, -30)  # down to 0
    tracker.step("walk", TODAY, -5)  # already 0: nothing changed
    tracker.set_note("walk", TODAY, "")  # no note before, none after
    assert tracker.undo() == "Brisk walk -30"
    assert amount(tracker, "walk") == 10
    assert tracker.undo() == "Brisk walk +10"
    assert tracker.undo() is None


def test_undoing_a_tick_keeps_a_timer_credit(tracker, clock):
    tracker.toggle_done("leg-elevation", TODAY)  # 0 -> 3 sessions
    timers.start(tracker)
    clock.advance(minutes=16)
    assert len(timers.settle_due(tracker)) == 1  # +1: 4
    assert amount(tracker, "leg-elevation") == 4
    tracker.undo()
    assert amount(tracker, "leg-elevation") == 1  # the session still counts


def test_undo_puts_back_skip_and_note_unless_someone_changed_them(tracker, shell):
    tracker.skip("bridge", TODAY)
    tracker.set_note("bridge", TODAY, "sore back")
    assert tracker.undo() == "note on Bridge"
    row = next(r for r in tracker.day_view().rows if r.exercise.slug == "bridge")
    assert row.note is None and row.skipped
    shell("skip", "bridge", "--undo")  # someone else took the skip back already
    shell("skip", "bridge")  # and set it again: it is theirs now, equal to ours
    tracker.undo()
    row = next(r for r in tracker.day_view().rows if r.exercise.slug == "bridge")
    assert row.status is Status.PENDING


def test_undoing_a_backfill_leaves_no_trace_before_the_start(tracker):
    tracker.step("walk", YESTERDAY, 10)
    assert next(r for r in tracker.day_view(YESTERDAY).rows if r.exercise.slug == "walk").status is Status.PARTIAL  # fmt: skip
    tracker.undo()
    view = tracker.day_view(YESTERDAY)
    assert {r.status for r in view.rows} == {Status.NOT_STARTED}
    assert tracker.db.models.Entry.select().count() == 0


# --- days before an exercise existed -------------------------------------------------


def test_a_new_database_shows_yesterday_without_misses(tracker, shell):
    view = tracker.day_view(YESTERDAY)
    assert view.rows and {r.status for r in view.rows} == {Status.NOT_STARTED}
    assert (view.done, view.total) == (0, 0)
    assert Status.NOT_STARTED.glyph != Status.MISSED.glyph
    today = tracker.day_view()
    assert (today.done, today.total) == (0, 7)
    assert shell("status")[1].strip() == "♥ 0/7"  # nor a reminder missed before it existed


def test_a_backfilled_day_counts_from_then_on(tracker):
    tracker.toggle_done("walk", YESTERDAY)
    view = tracker.day_view(YESTERDAY)
    statuses = {r.exercise.slug: r.status for r in view.rows}
    assert statuses["walk"] is Status.MET and statuses["bridge"] is Status.NOT_STARTED
    assert (view.done, view.total) == (1, 1)


# --- two trackers ---------------------------------------------------------------------


def test_two_trackers_on_two_files_stay_apart(tmp_path, clock):
    first = Tracker.open(tmp_path / "one.db", clock=clock)
    second = Tracker.open(tmp_path / "two.db", clock=clock)
    try:
        first.toggle_done("walk", TODAY)
        second.set_amount("walk", TODAY, 7)
        first.add_exercise("Wall sit", kind="minutes", target=2)
        assert amount(first, "walk") == 30 and amount(second, "walk") == 7
        assert [e.slug for e in first.exercises()][-1] == "wall-sit"
        assert "wall-sit" not in [e.slug for e in second.exercises()]
        assert first.file != second.file
    finally:
        first.close()
        second.close()


# --- import ----------------------------------------------------------------------------


def test_importing_an_export_again_changes_nothing_sessions_included(tracker, clock, tmp_path):
    tracker.set_amount("walk", TODAY, 12)
    tracker.set_note("walk", TODAY, "river [b]x[/]")
    timers.start(tracker)
    clock.advance(minutes=16)
    timers.settle_due(tracker)  # one completed session: elevation 1
    timers.start(tracker)  # and one running while the export is taken
    clock.advance(minutes=1)
    text = export_text(tracker)
    for _ in range(3):
        import_text(tracker, text)
        assert export_text(tracker) == text
    clock.advance(minutes=20)  # the running one finishes: elevation 2
    timers.settle_due(tracker)
    settled = export_text(tracker)
    for _ in range(3):
        import_text(tracker, text)  # the old file says it is still running
        assert export_text(tracker) == settled
    assert amount(tracker, "leg-elevation") == 2


def test_an_export_imported_into_a_new_file_three_times_is_the_same_export(
    tracker, clock, tmp_path
):
    tracker.set_amount("walk", TODAY, 12)
    timers.start(tracker)
    clock.advance(minutes=16)
    timers.settle_due(tracker)
    text = export_text(tracker)
    other = Tracker.open(tmp_path / "other.db", clock=clock)
    try:
        for _ in range(3):
            import_text(other, text)
        assert export_text(other) == text
    finally:
        other.close()


def _export(**changes) -> str:
    data = {
        "format": "secondheart",
        "version": 1,
        "exercises": [
            {
                "slug": "wall-sit",
                "name": "Wall sit",
                "kind": "count",
                "target": 5,
                "created": "2026-11-01",
            }
        ],
        "entries": [
            {"exercise": "wall-sit", "day": "2026-11-20", "amount": 5, "target": 5},
        ],
        "sessions": [],
    }
    data.update(changes)
    return json.dumps(data)


def test_import_refuses_what_the_form_refuses_with_the_same_message(tracker, shell):
    bad = _export(
        exercises=[
            {"slug": "wall-sit", "name": "Wall sit", "kind": "count", "target": 0},
        ]
    )
    with pytest.raises(InvalidInput, match=r"exercises\[0\]: target must be more than 0"):
        import_text(tracker, bad)
    code, _, err = shell("exercises", "add", "Wall sit", "--kind", "count", "--target", "0")
    assert code == 1 and "target must be more than 0" in err
    with pytest.raises(InvalidInput, match="target must be more than 0"):
        tracker.add_exercise("Wall sit", kind="count", target=0)
    assert "wall-sit" not in [e.slug for e in tracker.exercises(include_archived=True)]


def test_a_bad_file_names_its_first_bad_records_and_writes_nothing(tracker):
    entries = [
        {"exercise": "walk", "day": "2026-11-20", "amount": 5, "target": 30},
        {"exercise": "walk", "day": "2026-11-19", "amount": -1, "target": 30},
        {"exercise": "walk", "day": "0001-01-01", "amount": 1, "target": 30},
        {"exercise": "nope", "day": "2026-11-18", "amount": 1, "target": 30},
    ] + [{"exercise": "walk", "day": "2026-11-17", "amount": "x", "target": 30}] * 6
    with pytest.raises(InvalidInput) as caught:
        import_text(tracker, _export(entries=entries))
    message = str(caught.value)
    assert message.startswith("nothing was imported; 9 bad records")
    assert "entries[1]: an amount cannot be negative" in message
    assert "entries[2]: 0001-01-01 is out of range" in message
    assert "entries[3]: unknown exercise 'nope'" in message
    assert "(and 4 more)" in message and "\n" not in message
    assert tracker.db.models.Entry.select().count() == 0
    assert "wall-sit" not in [e.slug for e in tracker.exercises(include_archived=True)]


@pytest.mark.parametrize(
    ("session", "words"),
    [
        ({"status": "paused", "paused_at": None}, "paused_at must be set"),
        ({"planned_seconds": 0}, "planned_seconds must be whole seconds"),
        (
            {"started": "2099-01-01T10:00:00+00:00", "ended": "2099-01-01T10:15:00+00:00"},
            "cannot start in the future",
        ),
        ({"status": "completed", "ended": None}, "needs an end time"),
        ({"status": "finished"}, "unknown session status"),
    ],
)
def test_import_refuses_impossible_timer_sessions(tracker, session, words):
    record = {
        "exercise": "leg-elevation",
        "day": "2026-11-20",
        "started": "2026-11-20T09:00:00+00:00",
        "planned_seconds": 900,
        "paused_seconds": 0,
        "paused_at": None,
        "status": "completed",
        "ended": "2026-11-20T09:15:00+00:00",
        **session,
    }
    with pytest.raises(InvalidInput, match=words):
        import_text(tracker, _export(sessions=[record]))
    assert tracker.db.models.Session.select().count() == 0
    assert "no timer running" in timers_status(tracker)


def timers_status(tracker) -> str:
    return "no timer running" if timers.active_timed(tracker) is None else "running"


# --- settings and the waking window ----------------------------------------------------


def test_the_waking_window_must_start_before_it_ends(tracker, shell):
    with pytest.raises(InvalidInput, match="must start before it ends"):
        tracker.set_setting("waking-start", "22:00")
    code, _, err = shell("config", "waking-end", "07:00")
    assert code == 1 and "the waking window must start before it ends" in err
    assert tracker.setting("waking-start") == "08:00" and tracker.setting("waking-end") == "21:00"
    assert tracker.set_setting("waking-end", "22:30") == "22:30"


# --- the status line stays off Peewee ---------------------------------------------------


@pytest.mark.parametrize("running", [False, True])
def test_status_never_imports_peewee_while_a_timer_runs(tracker, db_file, running):
    if running:  # on the process clock, which the subprocess shares (whatever the date)
        with_process_clock = Tracker.open(db_file)
        timers.start(with_process_clock)
        with_process_clock.close()
    code = (
        "import sys; from tui.cli import main; "
        f"main(['--db', {str(db_file)!r}, 'status']); "
        "print('PEEWEE' if 'peewee' in sys.modules else 'CLEAN')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip().splitlines()[-1] == "CLEAN"
    assert ("⏱" in out.stdout) is running
