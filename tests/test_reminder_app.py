"""Reminders in the open app, through Pilot: toast, bell, desktop, answers, breaks."""

from __future__ import annotations

import datetime as dt

import pytest

from tui.dialogs.reminders import RemindersScreen
from tui.screens import reminder_alerts
from tui.store.service import Tracker
from tui.store.status import status_line

from .conftest import NOW, ZONE
from .helpers import the_day_before, toasts, wait_for

TODAY = NOW.date()
SIZE = (100, 30)
TICK = 0.05


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(TODAY, dt.time(hour, minute), tzinfo=ZONE)


@pytest.fixture
def made(monkeypatch):
    """Desktop notifications recorded instead of sent."""
    sent: dict[str, list] = {"desktop": [], "bell": []}
    monkeypatch.setattr(
        reminder_alerts, "desktop_notify", lambda *a: sent["desktop"].append(a) or True
    )
    return sent


@pytest.fixture
def tracker(tracker_from_yesterday):
    """The file was made the day before (its default routine too)."""
    return tracker_from_yesterday


@pytest.fixture
def quiet(tracker):
    tracker.edit_exercise("leg-elevation", remind="none")
    tracker.set_setting("move-break-minutes", "0")
    return tracker


def start(app_factory, made):
    app = app_factory(poll_seconds=TICK)
    app.bell = lambda: made["bell"].append(1)  # type: ignore[method-assign]
    return app


def reminder_toasts(app) -> list[str]:
    return [t for t in toasts(app) if t.startswith(("Reminder", "Movement break"))]


async def test_just_after_a_reminder_time_the_app_toasts_and_rings(app_factory, quiet, clock, made):
    with the_day_before(clock):
        quiet.edit_exercise("ankle-pumps", remind="10:00")
    clock.set(at(10, 1))
    app = start(app_factory, made)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: reminder_toasts(app))
        assert reminder_toasts(app) == [
            "Reminder\nTime for Ankle pumps 10:00. Press m: done, snooze or dismiss."
        ]
        assert made["bell"] == [1]
        await wait_for(pilot, lambda: made["desktop"])
        assert made["desktop"] == [("Second Heart", "Time for Ankle pumps 10:00")]
        assert status_line(quiet) == "♥ 0/7 · ⏰ Ankle pumps"
        # ticking the exercise clears the mark
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, RemindersScreen))
        await pilot.press("d")
        await wait_for(pilot, lambda: not isinstance(app.screen, RemindersScreen))
        assert quiet.entries(quiet.exercise("ankle-pumps"))[TODAY].amount == 20
        assert status_line(quiet) == "♥ 1/7"
        await pilot.press("m")
        await wait_for(pilot, lambda: "No reminders waiting." in toasts(app))
        assert made["bell"] == [1]


async def test_missed_while_closed_is_one_summary_line(app_factory, tracker, clock, made):
    tracker.set_setting("move-break-minutes", "0")
    clock.set(at(7))  # set before the day's first reminder time: every time counts
    tracker.edit_exercise("leg-elevation", remind="suggested")  # app_factory turned it off
    tracker.edit_exercise("ankle-pumps", remind="08:30, 09:00")
    tracker.edit_exercise("bridge", remind="09:15")
    clock.set(at(11))
    app = start(app_factory, made)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: any(t.startswith("Reminders") for t in toasts(app)))
        for _ in range(5):
            await pilot.pause(TICK)
        shown = [t for t in toasts(app) if t.startswith("Remind")]
        assert shown == [
            "Reminders\nMissed while Second Heart was closed: Ankle pumps 08:30 and 09:00, "
            "Bridge 09:15, Leg elevation 08:00. Press m: done, snooze or dismiss."
        ]
        assert made["bell"] == [] and made["desktop"] == []


async def test_after_a_sleep_the_due_reminder_fires_once(app_factory, quiet, clock, made):
    quiet.edit_exercise("seated-marches", remind="13:00")
    app = start(app_factory, made)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(
            pilot, lambda: app.reminder_alerts.delivered == 0 and not app._reminder_alerts._first
        )
        clock.set(at(13, 40))  # the laptop slept through 13:00
        await wait_for(pilot, lambda: reminder_toasts(app))
        assert reminder_toasts(app) == [
            "Reminder\nTime for Seated marches 13:00. Press m: done, snooze or dismiss."
        ]
        clock.advance(minutes=5)
        for _ in range(5):
            await pilot.pause(TICK)
        assert app.reminder_alerts.delivered == 1 and made["bell"] == [1]


async def test_snooze_and_dismiss_from_the_key(app_factory, quiet, clock, made):
    quiet.set_setting("bell", "off")
    with the_day_before(clock):
        quiet.edit_exercise("ankle-pumps", remind="09:59")
        quiet.edit_exercise("bridge", remind="09:58")
    app = start(app_factory, made)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: reminder_toasts(app))
        assert made["bell"] == []  # bell off
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, RemindersScreen))
        await pilot.press("s")  # the first listed: Ankle pumps (list order)
        await wait_for(pilot, lambda: any("snoozed until 10:10" in t for t in toasts(app)))
        await pilot.press("x")
        await wait_for(pilot, lambda: not isinstance(app.screen, RemindersScreen))
        assert any("Bridge: no more reminders today." in t for t in toasts(app))
        assert status_line(quiet) == "♥ 0/7"
        clock.set(at(10, 10))
        await wait_for(pilot, lambda: app.reminder_alerts.delivered == 3)
        assert status_line(quiet) == "♥ 0/7 · ⏰ Ankle pumps"


async def test_a_movement_break_names_a_seated_exercise_and_a_tick_restarts_it(
    app_factory, quiet, clock, made
):
    quiet.set_setting("move-break-minutes", "30")
    app = start(app_factory, made)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: app._reminder_alerts is not None)
        clock.advance(minutes=20)
        await pilot.press("space")  # a tick on Today (Brisk walk)
        await wait_for(pilot, lambda: app.reminder_alerts.stretch_start == clock.now())
        clock.advance(minutes=20)  # 40 min open, 20 since the tick
        for _ in range(5):
            await pilot.pause(TICK)
        assert app.reminder_alerts.breaks == 0
        clock.advance(minutes=11)
        await wait_for(pilot, lambda: app.reminder_alerts.breaks == 1)
        assert reminder_toasts(app) == [
            "Movement break\n30 min without moving. Time for Ankle pumps. "
            "Press m: done, snooze or dismiss."
        ]
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, RemindersScreen))
        await pilot.press("d")
        await wait_for(pilot, lambda: not isinstance(app.screen, RemindersScreen))
        assert quiet.entries(quiet.exercise("ankle-pumps"))[TODAY].amount == 20
        clock.advance(minutes=31)
        await wait_for(pilot, lambda: app.reminder_alerts.breaks == 2)
        assert "Time for Seated marches" in reminder_toasts(app)[-1]


async def test_no_break_outside_the_waking_window(app_factory, quiet, clock, made):
    quiet.set_setting("move-break-minutes", "30")
    clock.set(at(21, 5))
    app = start(app_factory, made)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: app._reminder_alerts is not None)
        clock.advance(minutes=90)
        for _ in range(5):
            await pilot.pause(TICK)
        assert app.reminder_alerts.breaks == 0 and reminder_toasts(app) == []


async def test_a_name_is_shown_as_typed(app_factory, quiet, clock, made):
    with the_day_before(clock):
        quiet.add_exercise("[b]x[/] \x1b[31m", kind="check", remind="09:59")
    app = start(app_factory, made)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: reminder_toasts(app))
        assert "Time for [b]x[/] \\x1b[31m 09:59." in reminder_toasts(app)[0]
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, RemindersScreen))
        assert "[b]x[/] \\x1b[31m  ·  since 09:59" in str(
            app.screen.query_one("OptionList").get_option_at_index(0).prompt
        )


async def test_the_form_sets_reminders(app_factory, quiet, clock, made):
    app = start(app_factory, made)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("j", "E")  # edit Ankle pumps
        await wait_for(pilot, lambda: app.screen.query("#f-remind"))
        field = app.screen.query_one("#f-remind")
        assert field.value == ""
        field.value = "25:00"
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: "not a time of day" in str(app.screen.query_one("#f-remind-error").render()),
        )
        field.value = "15:30, 9:00"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not app.screen.query("#f-remind"))
        assert quiet.exercise("ankle-pumps").remind == "09:00,15:30"


async def test_a_new_database_has_missed_nothing_on_its_first_start(db_file, clock, made):
    from tui.app import SecondHeartApp

    clock.set(at(10, 1))
    fresh = Tracker.open(db_file, clock=clock)  # leg elevation reminds by default
    try:
        fresh.set_setting("welcome-seen", "yes")
        app = SecondHeartApp(fresh, poll_seconds=TICK)
        app.bell = lambda: made["bell"].append(1)  # type: ignore[method-assign]
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await wait_for(
                pilot, lambda: app._reminder_alerts is not None and not app._reminder_alerts._first
            )
            await pilot.press("m")
            await wait_for(pilot, lambda: "No reminders waiting." in toasts(app))
            assert not [t for t in toasts(app) if t.startswith("Remind")]
            assert made["bell"] == [] and made["desktop"] == []
    finally:
        fresh.close()


async def test_the_missed_summary_goes_as_soon_as_other_notes(app_factory, quiet, clock, made):
    with the_day_before(clock):
        quiet.edit_exercise("ankle-pumps", remind="08:30")
        quiet.edit_exercise("bridge", remind="09:58")
    app = start(app_factory, made)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: len(reminder_toasts(app)) == 2)
        timeouts = {n.title: n.timeout for n in app._notifications}
        assert timeouts["Reminders"] <= 5  # Ankle pumps 08:30: seconds, like the app's notes
        assert timeouts["Reminder"] >= 15  # Bridge, due now: stays up a while


async def test_removing_the_times_in_the_form_clears_the_waiting_reminder(
    app_factory, quiet, clock, made
):
    with the_day_before(clock):
        quiet.edit_exercise("ankle-pumps", remind="09:59")
    app = start(app_factory, made)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: reminder_toasts(app))
        assert status_line(quiet) == "♥ 0/7 · ⏰ Ankle pumps"
        await pilot.press("j", "E")  # edit Ankle pumps
        await wait_for(pilot, lambda: app.screen.query("#f-remind"))
        app.screen.query_one("#f-remind").value = ""
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not app.screen.query("#f-remind"))
        await pilot.press("m")
        await wait_for(pilot, lambda: "No reminders waiting." in toasts(app))
        assert status_line(quiet) == "♥ 0/7"
