"""Reminders: the schedule logic, the claims in a real file, status and the remind command."""

from __future__ import annotations

import datetime as dt

import pytest

from tui.core import reminders as plan
from tui.core import rules
from tui.core.errors import InvalidInput
from tui.store import reminders as store
from tui.store import timers
from tui.store.demo import fill_demo
from tui.store.service import Tracker
from tui.store.status import status_line

from .conftest import NOW, ZONE
from .helpers import the_day_before

TODAY = NOW.date()  # Saturday 21 Nov 2026, 10:00


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(TODAY, dt.time(hour, minute), tzinfo=ZONE)


def due_names(tracker) -> list[str]:
    return [d.name for d in store.today(tracker).to_deliver()]


def pending_names(tracker) -> list[str]:
    return [d.name for d in store.today(tracker).pending()]


@pytest.fixture
def tracker(tracker_from_yesterday):
    """The file was made the day before (its default routine too)."""
    return tracker_from_yesterday


@pytest.fixture
def quiet(tracker):
    """No reminder but the ones a test sets (leg elevation reminds by default)."""
    tracker.edit_exercise("leg-elevation", remind="none")
    return tracker


# --- the rules ------------------------------------------------------------------------


def test_reminder_times_rule():
    assert rules.reminder_times("15:30, 10:00 9:05") == "09:05,10:00,15:30"
    assert rules.reminder_times("10:00,10:00") == "10:00"
    assert rules.reminder_times("none") == "" and rules.reminder_times("  ") == ""
    assert rules.reminder_times("suggested", "sessions") is None
    assert rules.reminder_times(None) is None
    for bad in ("25:00", "10", "noon", "10:60", "[b]x[/]", "\x1b[31m"):
        with pytest.raises(InvalidInput):
            rules.reminder_times(bad)
    with pytest.raises(InvalidInput, match="only a sessions exercise"):
        rules.reminder_times("suggested", "count")
    with pytest.raises(InvalidInput, match="at most 12"):
        rules.reminder_times(",".join(f"{h:02d}:00" for h in range(13)))


def test_settings_rules():
    assert rules.setting("move-break-minutes", "45") == "45"
    assert rules.setting("move-break-minutes", "0") == "0"
    assert rules.setting("bell", "OFF") == "off"
    for bad in ("-1", "601", "x", "1.5"):
        with pytest.raises(InvalidInput, match="move-break-minutes"):
            rules.setting("move-break-minutes", bad)
    with pytest.raises(InvalidInput, match="bell must be on or off"):
        rules.setting("bell", "loud")


# --- what is due ----------------------------------------------------------------------


def test_times_fire_on_scheduled_days_only(quiet, clock):
    with the_day_before(clock):
        quiet.add_exercise(
            "Wall sit", kind="count", target=3, schedule="mon,wed,fri", remind="09:00"
        )
        quiet.edit_exercise("ankle-pumps", remind="09:30")
    assert due_names(quiet) == ["Ankle pumps"]  # Saturday: the wall sit is not scheduled
    clock.set(at(10) + dt.timedelta(days=2))  # Monday
    assert sorted(due_names(quiet)) == ["Ankle pumps", "Wall sit"]


def test_not_yet_time_and_met_exercises_are_quiet(quiet, clock):
    with the_day_before(clock):
        quiet.edit_exercise("ankle-pumps", remind="10:30")
        quiet.edit_exercise("bridge", remind="09:00")
    assert due_names(quiet) == ["Bridge"]
    quiet.mark_done("bridge", TODAY)
    assert due_names(quiet) == [] and pending_names(quiet) == []
    quiet.skip("ankle-pumps", TODAY)
    clock.set(at(11))
    assert due_names(quiet) == []
    quiet.skip("ankle-pumps", TODAY, on=False)
    quiet.step("ankle-pumps", TODAY, 5)  # partial: still reminded
    assert due_names(quiet) == ["Ankle pumps"]


def test_a_claimed_reminder_is_not_delivered_again_but_stays_pending(quiet, clock):
    with the_day_before(clock):
        quiet.edit_exercise("ankle-pumps", remind="09:00, 09:30")
    won, _ = store.deliver_due(quiet)
    assert [(d.name, d.times) for d in won] == [("Ankle pumps", ("09:00", "09:30"))]
    assert store.deliver_due(quiet)[0] == []
    assert pending_names(quiet) == ["Ankle pumps"]
    quiet.mark_done("ankle-pumps", TODAY)
    assert pending_names(quiet) == []


def test_snooze_quiets_for_ten_minutes_then_fires_again(quiet, clock):
    ankle = quiet.exercise("ankle-pumps")
    with the_day_before(clock):
        quiet.edit_exercise(ankle.slug, remind="09:55")
    assert store.deliver_due(quiet)[0]
    assert store.snooze(quiet, ankle.id) == "10:10"
    assert pending_names(quiet) == [] and due_names(quiet) == []
    clock.set(at(10, 9))
    assert pending_names(quiet) == []
    clock.set(at(10, 10))
    won, _ = store.deliver_due(quiet)
    assert [(d.name, d.times) for d in won] == [("Ankle pumps", ("10:10",))]
    assert store.deliver_due(quiet)[0] == []
    assert pending_names(quiet) == ["Ankle pumps"]


def test_dismiss_silences_the_exercise_for_the_day(quiet, clock):
    ankle = quiet.exercise("ankle-pumps")
    with the_day_before(clock):
        quiet.edit_exercise(ankle.slug, remind="09:00, 12:00")
    store.dismiss(quiet, ankle.id)
    clock.set(at(13))
    assert due_names(quiet) == [] and pending_names(quiet) == []
    clock.set(at(9) + dt.timedelta(days=1))  # the next day it reminds again
    assert due_names(quiet) == ["Ankle pumps"]


def test_done_ticks_it(quiet, tracker):
    ankle = quiet.exercise("ankle-pumps")
    store.done(quiet, ankle.id)
    assert quiet.entries(ankle)[TODAY].amount == 20
    elevation = quiet.exercise("leg-elevation")
    store.done(quiet, elevation.id)  # a sessions exercise: one session
    assert quiet.entries(elevation)[TODAY].amount == 1


def test_two_trackers_on_one_file_claim_a_reminder_once(quiet, db_file, clock):
    with the_day_before(clock):
        quiet.edit_exercise("ankle-pumps", remind="09:00")
    other = Tracker.open(db_file, clock=clock)
    try:
        seen_by_both = store.today(quiet).to_deliver()
        assert seen_by_both == store.today(other).to_deliver()  # both find it due
        first = store.claim(quiet, seen_by_both, TODAY)
        second = store.claim(other, seen_by_both, TODAY)
        assert [d.name for d in first] == ["Ankle pumps"] and second == []
        assert store.deliver_due(other)[0] == []
    finally:
        other.close()


def test_a_clock_jump_delivers_what_came_due_meanwhile(quiet, clock):
    quiet.edit_exercise("ankle-pumps", remind="11:00")
    quiet.edit_exercise("seated-marches", remind="14:00")
    assert due_names(quiet) == []
    clock.set(at(15))  # the laptop slept from 10:00 to 15:00
    won, now = store.deliver_due(quiet)
    assert [d.name for d in won] == ["Ankle pumps", "Seated marches"]
    assert all(plan.missed(d, now) for d in won)
    assert plan.summary(won) == "Ankle pumps 11:00, Seated marches 14:00"


def test_nothing_fires_outside_the_waking_window(quiet, clock):
    quiet.set_setting("waking-start", "09:00")
    with the_day_before(clock):
        quiet.edit_exercise("ankle-pumps", remind="07:30, 09:30, 22:00")
    clock.set(at(8, 59))
    assert due_names(quiet) == []
    clock.set(at(9, 31))
    assert [d.times for d in store.today(quiet).to_deliver()] == [("09:30",)]
    store.deliver_due(quiet)
    clock.set(at(21, 1))  # past the window's end: no nudge, no mark
    assert due_names(quiet) == [] and pending_names(quiet) == []
    clock.set(at(23))
    assert due_names(quiet) == []  # 22:00 is outside the window: never


def test_leg_elevation_reminds_at_the_suggested_times(tracker, clock):
    clock.set(at(7))
    assert due_names(tracker) == []
    clock.set(at(8))
    won, _ = store.deliver_due(tracker)
    assert [(d.name, d.times) for d in won] == [("Leg elevation", ("08:00",))]
    clock.set(at(10))
    timers.start(tracker)
    assert pending_names(tracker) == []  # a session running: it is being done
    clock.advance(minutes=15)
    timers.settle_due(tracker)
    # 1 of 3 done at 10:15; the rest spread to the window's end (the timer's own plan)
    plan_time = timers.day_plan(tracker).suggested
    expected = plan.suggested_time(1, 3, TODAY, ZONE, (dt.time(8), dt.time(21)), at(10, 15), 15)
    assert plan_time is not None and plan_time.strftime("%H:%M") == expected == "15:30"
    assert due_names(tracker) == []
    clock.set(at(15, 30))
    assert [d.times for d in store.today(tracker).to_deliver()] == [("15:30",)]


def test_sessions_counted_by_hand_move_the_suggestion_on(tracker, clock):
    tracker.step("leg-elevation", TODAY, 1)
    tracker.step("leg-elevation", TODAY, 1)
    times = store.today(tracker).subjects
    (elevation,) = [s for s in times if s.slug == "leg-elevation"]
    assert elevation.times and elevation.times[0] > "08:00"


# --- status and the command line ------------------------------------------------------


def test_status_marks_what_is_due_and_a_tick_clears_it(quiet, clock):
    assert status_line(quiet) == "♥ 0/7"
    with the_day_before(clock):
        quiet.edit_exercise("ankle-pumps", remind="09:00")
    assert status_line(quiet) == "♥ 0/7 · ⏰ Ankle pumps"
    with the_day_before(clock):
        quiet.edit_exercise("bridge", remind="09:30")
    assert status_line(quiet, "{due}") == " · ⏰ Ankle pumps +1"
    quiet.mark_done("ankle-pumps", TODAY)
    quiet.mark_done("bridge", TODAY)
    assert status_line(quiet) == "♥ 2/7"


def test_remind_twice_prints_once(quiet, shell, clock, monkeypatch):
    sent = []
    monkeypatch.setattr("tui.notify.desktop_notify", lambda *a: sent.append(a) or True)
    assert shell("remind") == (0, "", "")
    with the_day_before(clock):
        quiet.edit_exercise("ankle-pumps", remind="9:00")
        quiet.edit_exercise("bridge", remind="9:30")
    code, out, err = shell("remind")
    assert code == 0 and err == ""
    assert out.splitlines() == ["Reminder: Ankle pumps (09:00)", "Reminder: Bridge (09:30)"]
    assert sent == [("Second Heart", "Time for Ankle pumps 09:00, Bridge 09:30")]
    assert shell("remind") == (0, "", "")
    assert len(sent) == 1


def test_exercises_edit_remind(shell):
    code, out, _ = shell("exercises", "edit", "ankle", "--remind", "15:30,10:00")
    assert code == 0 and out.strip() == "changed ankle-pumps: Ankle pumps · reminds 10:00, 15:30"
    assert "Ankle pumps · 20 reps · daily · reminds 10:00, 15:30" in shell("exercises")[1]
    code, out, _ = shell("exercises", "edit", "ankle", "--remind", "none")
    assert code == 0 and out.strip().endswith("reminds never")
    code, _, err = shell("exercises", "edit", "ankle", "--remind", "\x1b[31m")
    assert code == 1 and err.count("\n") == 1 and "\x1b" not in err
    assert "reminders are times such as 10:00, 15:30" in err
    code, _, err = shell("config", "move-break-minutes", "700")
    assert code == 1 and "move-break-minutes must be whole minutes" in err
    assert shell("config", "bell", "off")[1].strip() == "bell = off"


def test_a_name_is_data_in_what_remind_prints(quiet, shell, clock, monkeypatch):
    monkeypatch.setattr("tui.notify.desktop_notify", lambda *a: True)
    with the_day_before(clock):
        quiet.add_exercise("[b]x[/] \x1b[31m", kind="check", remind="09:00")
    code, out, _ = shell("remind")
    assert code == 0 and out.strip() == "Reminder: [b]x[/] \\x1b[31m (09:00)"


# --- nothing is missed before it was set ----------------------------------------------


def test_only_times_after_the_reminders_were_set_count():
    window = (dt.time(8), dt.time(21))
    claims = [plan.Claim(1, "08:00", plan.SET), plan.Claim(1, "12:00", plan.SET)]
    assert plan.since(claims + [plan.Claim(2, "13:00", plan.SET)], 1) == "12:00"
    assert plan.since(claims, 2) == ""
    subject = plan.Subject(1, "x", "X", ("09:00", "12:00", "12:30"), True, since="12:00")
    assert plan.to_deliver([subject], claims, at(12, 29), window) == []
    assert [d.times for d in plan.to_deliver([subject], claims, at(12, 30), window)] == [("12:30",)]
    # suggested sessions: from the window's opening, or spread from when they were set
    assert plan.suggested_time(0, 3, TODAY, ZONE, window, None, 15, at(7)) == "08:00"
    assert plan.suggested_time(0, 3, TODAY, ZONE, window, None, 15, at(10, 1)) == "13:35"
    assert plan.suggested_time(1, 3, TODAY, ZONE, window, at(12), 15, at(10, 1)) == "16:22"


def test_a_new_database_misses_nothing_and_spreads_the_day_from_its_start(db_file, clock):
    clock.set(at(10, 1))
    fresh = Tracker.open(db_file, clock=clock)
    try:
        assert due_names(fresh) == [] and pending_names(fresh) == []
        assert status_line(fresh, "{due}") == ""
        # leg elevation's 3 sessions spread over what is left of the day after 10:01
        (elevation,) = [s for s in store.today(fresh).subjects if s.slug == "leg-elevation"]
        assert elevation.times == ("13:35",)
        clock.set(at(13, 35))
        won, now = store.deliver_due(fresh)
        assert [(d.name, d.times) for d in won] == [("Leg elevation", ("13:35",))]
        assert not plan.missed(won[0], now)
        clock.set(at(8) + dt.timedelta(days=1))  # the next day: from the window's opening
        assert [d.times for d in store.today(fresh).to_deliver()] == [("08:00",)]
    finally:
        fresh.close()


def test_the_demo_database_misses_nothing(db_file, clock):
    clock.set(at(10, 1))
    demo = Tracker.open(db_file, clock=clock)
    try:
        fill_demo(demo, days=30)
        assert due_names(demo) == [] and pending_names(demo) == []
    finally:
        demo.close()


def test_an_exercise_added_after_its_time_starts_with_the_next_one(quiet, shell, clock):
    clock.set(at(13, 10))
    code, _, err = shell(
        "exercises", "add", "Wall sit", "--kind", "count", "--target", "3",
        "--remind", "10:00,13:10,14:00",
    )  # fmt: skip
    assert code == 0, err
    assert due_names(quiet) == [] and status_line(quiet, "{due}") == ""
    clock.set(at(14))
    assert [(d.name, d.times) for d in store.today(quiet).to_deliver()] == [
        ("Wall sit", ("14:00",))
    ]
    clock.set(at(10) + dt.timedelta(days=1))
    assert [d.times for d in store.today(quiet).to_deliver()] == [("10:00",)]


def test_changed_times_count_from_the_change(quiet, clock):
    clock.set(at(12))
    quiet.edit_exercise("ankle-pumps", remind="10:00, 12:00, 12:30")
    assert due_names(quiet) == []
    clock.set(at(12, 30))
    assert [d.times for d in store.today(quiet).to_deliver()] == [("12:30",)]


def test_removing_or_changing_times_clears_what_waits(quiet, shell, clock):
    with the_day_before(clock):
        quiet.edit_exercise("ankle-pumps", remind="09:00")
        quiet.edit_exercise("bridge", remind="09:30")
    assert len(store.deliver_due(quiet)[0]) == 2
    assert status_line(quiet, "{due}") == " · ⏰ Ankle pumps +1"
    assert shell("exercises", "edit", "ankle", "--remind", "none")[0] == 0
    assert status_line(quiet, "{due}") == " · ⏰ Bridge"
    # a change that leaves the reminders as they are leaves what waits
    assert shell("exercises", "edit", "bridge", "--name", "Glute bridge")[0] == 0
    assert shell("exercises", "edit", "bridge", "--remind", "9:30")[0] == 0
    assert status_line(quiet, "{due}") == " · ⏰ Glute bridge"
    bridge = quiet.exercise("bridge")
    assert store.snooze(quiet, bridge.id) == "10:10"
    assert shell("exercises", "edit", "bridge", "--remind", "09:30, 16:00")[0] == 0
    clock.set(at(10, 10))  # the snooze went with the change
    assert due_names(quiet) == [] and status_line(quiet, "{due}") == ""
    clock.set(at(16))
    assert [(d.name, d.times) for d in store.deliver_due(quiet)[0]] == [
        ("Glute bridge", ("16:00",))
    ]


def test_unarchived_reminders_count_from_then(quiet, clock):
    with the_day_before(clock):
        quiet.edit_exercise("ankle-pumps", remind="09:00, 11:00")
    quiet.archive_exercise("ankle-pumps")
    quiet.archive_exercise("ankle-pumps", archived=False)
    assert due_names(quiet) == []
    clock.set(at(11))
    assert [d.times for d in store.today(quiet).to_deliver()] == [("11:00",)]


def test_imported_exercises_remind_from_the_import(quiet, clock):
    from tui.store.transfer import export_text, import_text

    with the_day_before(clock):
        quiet.add_exercise("Calf raises", kind="sessions", target=2)  # suggested times
    text = export_text(quiet)
    other_file = quiet.path.with_name("other.db")
    other = Tracker.open(other_file, clock=clock)
    try:
        other.edit_exercise("leg-elevation", remind="none")
        import_text(other, text)
        names = [s.name for s in store.today(other).subjects if s.times]
        assert "Calf raises" in names
        assert due_names(other) == []  # its 08:00 was before it existed here
    finally:
        other.close()
