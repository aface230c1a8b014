"""The Timer screen, the header countdown and the timer alerts, through Pilot."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import time
from pathlib import Path

import pytest

from tui.dialogs.confirm import ConfirmScreen
from tui.dialogs.help import HelpScreen
from tui.screens import timer_alerts
from tui.screens.timer import TimerScreen
from tui.screens.timer_alerts import desktop_notify
from tui.store import timers
from tui.widgets.countdown import Countdown

from .conftest import NOW, ZONE
from .helpers import toasts, wait_for

TODAY = NOW.date()
SIZE = (100, 30)
TICK = 0.05


@pytest.fixture
def alerts(monkeypatch):
    """Record bells and desktop notifications instead of making them."""
    made: dict[str, list] = {"bell": [], "desktop": []}
    monkeypatch.setattr(
        timer_alerts, "desktop_notify", lambda *args: made["desktop"].append(args) or True
    )
    return made


def watch_bell(app, made) -> None:
    app.bell = lambda: made["bell"].append(1)  # type: ignore[method-assign]


def status_rows(db_file: Path) -> list[str]:
    conn = sqlite3.connect(db_file)
    try:
        return [r[0] for r in conn.execute("SELECT status FROM session ORDER BY id")]
    finally:
        conn.close()


def amount(tracker, slug: str = "leg-elevation") -> float:
    entry = tracker.entries(tracker.exercise(slug), since=TODAY, until=TODAY).get(TODAY)
    return entry.amount if entry else 0.0


def digits(app) -> str:
    return app.screen.query_one(Countdown).text


def text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def tick(pilot) -> None:
    """One poll of the app now (at the clock's current time), then let it redraw."""
    pilot.app.poll()
    await pilot.pause()


def nudges(app) -> list[str]:
    """The suggestion toasts on screen, without their title."""
    return [t.removeprefix("Suggested\n") for t in toasts(app) if t.startswith("Suggested\n")]


async def open_timer(pilot) -> None:
    await pilot.press("3")
    await pilot.pause()
    assert isinstance(pilot.app.screen, TimerScreen)


async def test_space_starts_pauses_and_resumes(app_factory, tracker, clock, db_file, alerts):
    app = app_factory(poll_seconds=TICK)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_timer(pilot)
        assert digits(app) == "15:00"
        assert "ready" in text(app, "#timer-title")
        assert "⏱" not in app.sub_title
        await pilot.press("space")
        assert status_rows(db_file) == ["running"]
        assert digits(app) == "15:00"
        assert "⏱ 15:00 Leg elevation" in app.sub_title
        assert "running · ends 10:15" in text(app, "#timer-title")
        clock.advance(minutes=5)
        await wait_for(pilot, lambda: digits(app) == "10:00")
        assert "⏱ 10:00 Leg elevation" in app.sub_title
        await pilot.press("space")
        assert status_rows(db_file) == ["paused"]
        assert "⏸ 10:00" in app.sub_title and "paused" in text(app, "#timer-title")
        clock.advance(minutes=20)
        await tick(pilot)
        assert digits(app) == "10:00"  # a pause stands still
        await pilot.press("r")
        assert status_rows(db_file) == ["running"]
        clock.advance(minutes=1)
        await wait_for(pilot, lambda: digits(app) == "9:00")
        await pilot.press("space")
        await pilot.press("space")  # space also resumes a paused session
        assert status_rows(db_file) == ["running"]
        await pilot.press("enter")  # and Enter does what space does
        assert status_rows(db_file) == ["paused"]


async def test_cancel_asks_first_and_counts_nothing(app_factory, tracker, clock, db_file):
    app = app_factory(poll_seconds=TICK)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_timer(pilot)
        await pilot.press("space")
        clock.advance(minutes=3)
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmScreen)
        assert "will not count" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("n")
        assert isinstance(app.screen, TimerScreen)
        assert status_rows(db_file) == ["running"]
        await pilot.press("x", "y")
        assert isinstance(app.screen, TimerScreen)
        assert status_rows(db_file) == ["cancelled"]
        assert amount(tracker) == 0
        await wait_for(pilot, lambda: digits(app) == "15:00")
        assert "⏱" not in app.sub_title
        assert "✗ cancelled" in text(app, "#timer-list")
        assert "10:00–10:03" in text(app, "#timer-list")
        await pilot.press("x")  # nothing to cancel: no dialog
        assert isinstance(app.screen, TimerScreen)


async def test_confirming_a_cancel_after_the_session_ended(
    app_factory, tracker, clock, db_file, alerts
):
    app = app_factory(poll_seconds=TICK)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        watch_bell(app, alerts)
        await open_timer(pilot)
        await pilot.press("space")
        clock.advance(minutes=14)
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmScreen)
        clock.advance(minutes=2)
        # the session ends while the question is open: the bell rings
        await wait_for(pilot, lambda: alerts["bell"] == [1])
        await pilot.press("y")
        assert status_rows(db_file) == ["completed"]
        assert amount(tracker) == 1 and len(alerts["bell"]) == 1
        await wait_for(pilot, lambda: "The Leg elevation session has already ended." in toasts(app))


async def test_completion_is_recorded_and_announced_once(
    app_factory, tracker, clock, db_file, alerts
):
    app = app_factory(poll_seconds=TICK)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        watch_bell(app, alerts)
        await open_timer(pilot)
        await pilot.press("space")
        clock.advance(minutes=15, seconds=30)
        await wait_for(pilot, lambda: any("session done" in t for t in toasts(app)))
        assert status_rows(db_file) == ["completed"]
        assert amount(tracker) == 1
        message = "Leg elevation session done at 10:15 (1/3 today). Time to lower your legs."
        assert [t for t in toasts(app) if "session done" in t] == [f"Timer done\n{message}"]
        assert len(alerts["bell"]) == 1
        assert alerts["desktop"] == [("Second Heart", message)]
        assert "⏱" not in app.sub_title and "⏸" not in app.sub_title
        assert digits(app) == "15:00"
        assert "✓ done" in text(app, "#timer-list")
        assert "Leg elevation: 1 of 3 sessions today (goal 4)" in text(app, "#timer-day")
        assert "15:30" in text(app, "#timer-day")
        clock.advance(minutes=1)
        await tick(pilot)
        assert amount(tracker) == 1 and len(alerts["bell"]) == 1
        assert len([t for t in toasts(app) if "session done" in t]) == 1


async def test_a_completion_elsewhere_is_not_announced_here(app_factory, tracker, clock, alerts):
    """Another process won the conditional update: this pane just redraws."""
    app = app_factory(poll_seconds=TICK)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        watch_bell(app, alerts)
        await open_timer(pilot)
        await pilot.press("space")
        clock.advance(minutes=16)
        conn = sqlite3.connect(tracker.path)
        with conn:
            conn.execute("UPDATE session SET status = 'completed', ended = started")
        conn.close()
        await wait_for(pilot, lambda: "⏱" not in app.sub_title)  # the pane redraws
        assert digits(app) == "15:00"
        await tick(pilot)
        assert alerts["bell"] == [] and alerts["desktop"] == []
        assert not any("session done" in t for t in toasts(app))


async def test_the_app_restores_a_running_session(app_factory, tracker, clock):
    timers.start(tracker)
    clock.advance(minutes=7)
    app = app_factory(poll_seconds=TICK)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert "⏱ 8:00 Leg elevation" in app.sub_title  # on Today already
        await open_timer(pilot)
        assert digits(app) == "8:00"
        assert "10:00" in text(app, "#timer-list") and "⏱ running" in text(app, "#timer-list")


async def test_a_session_that_ran_out_while_closed(app_factory, tracker, clock, alerts):
    timers.start(tracker)
    clock.advance(hours=2)
    app = app_factory(poll_seconds=TICK)
    assert amount(tracker) == 1  # recorded before the first frame
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        watch_bell(app, alerts)
        await wait_for(pilot, lambda: any("while the app was closed" in t for t in toasts(app)))
        await tick(pilot)
        recorded = [t for t in toasts(app) if "while the app was closed" in t]
        assert len(recorded) == 1 and "done at 10:15" in recorded[0]
        assert alerts["bell"] == [] and alerts["desktop"] == []  # quiet: it is old news
        assert "⏱" not in app.sub_title
    assert amount(tracker) == 1


async def test_e_starts_elevation_from_any_screen(app_factory, tracker, db_file):
    app = app_factory(poll_seconds=TICK)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("e")
        assert status_rows(db_file) == ["running"]
        assert "⏱ 15:00 Leg elevation" in app.sub_title
        await wait_for(pilot, lambda: any("15 min timer started" in t for t in toasts(app)))
        await pilot.press("e")
        assert status_rows(db_file) == ["running"]
        await wait_for(pilot, lambda: any("already running (15:00 left)" in t for t in toasts(app)))
        await pilot.press("2")
        await pilot.pause()
        assert "⏱ 15:00" in app.sub_title  # every screen shows it


async def test_the_footer_follows_the_state(app_factory, clock):
    app = app_factory(poll_seconds=TICK)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_timer(pilot)

        def shown() -> set[str]:
            return {b.binding.description for b in app.screen.active_bindings.values() if b.enabled}

        assert "Start session" in shown() and not {"Pause session", "Resume session"} & shown()
        await pilot.press("space")
        await pilot.pause()
        assert {"Pause session", "Cancel session"} <= shown() and "Start session" not in shown()
        await pilot.press("space")
        await pilot.pause()
        assert {"Resume session", "Cancel session"} <= shown()


async def test_the_help_screen_lists_the_timer_keys(app_factory):
    def help_lines() -> list[str]:
        sections = [str(w.render()) for w in app.screen.query(".help-section")]
        return [" ".join(line.split()) for line in "\n".join(sections).splitlines()]

    app = app_factory(poll_seconds=TICK)
    async with app.run_test(size=SIZE) as pilot:
        await open_timer(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        lines = help_lines()
        assert lines[0] == "Timer" and "Everywhere" in lines
        assert "space ⏎ Start session" in lines
        assert "e Start a leg-elevation session" in lines
        assert not {"space ⏎ Pause session", "r Resume session", "x Cancel session"} & set(lines)
        await pilot.press("escape", "space", "question_mark")
        lines = help_lines()  # the keys that work now: pause and cancel
        assert {"space ⏎ Pause session", "x Cancel session"} <= set(lines)
        assert "space ⏎ Start session" not in lines


async def test_a_timed_walk_from_the_palette_commands(app_factory, tracker, clock):
    app = app_factory(poll_seconds=TICK)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        titles = {title: callback for title, _, callback in app.extra_commands()}
        assert "Start Leg elevation (15 min)" in titles
        assert "Start Brisk walk (30 min)" in titles
        titles["Start Brisk walk (30 min)"]()
        await pilot.pause()
        assert "⏱ 30:00 Brisk walk" in app.sub_title
        titles = {title: callback for title, _, callback in app.extra_commands()}
        timer_titles = {title for title in titles if title.endswith(" timer")}
        assert timer_titles == {"Pause the Brisk walk timer", "Cancel the Brisk walk timer"}
        clock.advance(minutes=12)
        titles["Cancel the Brisk walk timer"]()
        await pilot.pause()
        assert "12 min done so far will be counted" in str(
            app.screen.query_one(".dialog-title").render()
        )
        await pilot.press("enter")
        await pilot.pause()
        assert amount(tracker, "walk") == 12


async def test_one_gentle_toast_when_a_suggested_time_arrives(app_factory, tracker, clock):
    tracker.edit_exercise("leg-elevation", remind="none")  # with reminders, they say it
    clock.set(dt.datetime.combine(TODAY, dt.time(7, 50), tzinfo=ZONE))
    app = app_factory(poll_seconds=TICK)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_timer(pilot)
        await tick(pilot)
        assert "next suggested at 08:00" in text(app, "#timer-day")
        assert nudges(app) == []
        clock.advance(minutes=10)
        await wait_for(pilot, lambda: nudges(app))
        assert nudges(app) == ["Time for leg elevation (session 1 of 3 today). Press e to start."]
        clock.advance(minutes=5)
        await wait_for(pilot, lambda: "next one: now" in text(app, "#timer-day"))
        await tick(pilot)
        assert len(nudges(app)) == 1
        assert app.timer_alerts.suggestions_shown == 1


async def test_no_nudge_for_a_time_already_past_at_start(app_factory, tracker, clock):
    tracker.edit_exercise("leg-elevation", remind="none")  # with reminders, they say it
    app = app_factory(poll_seconds=TICK)  # 10:00: the first session is due "now"
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_timer(pilot)
        assert "next one: now" in text(app, "#timer-day")
        for _ in range(3):
            await tick(pilot)
        assert nudges(app) == [] and app.timer_alerts.suggestions_shown == 0
        # the alerts do run: a session done, then the next suggested time arrives
        await pilot.press("space")
        clock.advance(minutes=16)
        await wait_for(pilot, lambda: any("session done" in t for t in toasts(app)))
        await wait_for(pilot, lambda: "next suggested at" in text(app, "#timer-day"))
        suggested = re.search(r"next suggested at (\d\d):(\d\d)", text(app, "#timer-day"))
        assert suggested, text(app, "#timer-day")
        hour, minute = int(suggested[1]), int(suggested[2])
        clock.set(dt.datetime.combine(TODAY, dt.time(hour, minute), tzinfo=ZONE))
        await wait_for(pilot, lambda: nudges(app))
        assert nudges(app) == ["Time for leg elevation (session 2 of 3 today). Press e to start."]


@pytest.mark.parametrize("size", [(80, 24), (50, 16)])
async def test_small_terminals_keep_the_countdown_visible(app_factory, size):
    app = app_factory(poll_seconds=TICK)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.press("e")
        await open_timer(pilot)
        screen = app.screen
        for selector in ("#timer-title", "#countdown", "#timer-day"):
            region = screen.query_one(selector).region
            assert region.height > 0 and region.bottom <= size[1] - 1, selector
        assert "⏱ 15:00" in app.sub_title


def test_desktop_notify_never_raises(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert desktop_notify("Second Heart", "done") is False
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "log"
    script = bin_dir / "notify-send"
    script.write_text(f'#!/bin/sh\nprintf "%s|%s" "$1" "$2" > {log}\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    assert desktop_notify("Second Heart", "Leg elevation done") is True
    for _ in range(100):
        if log.exists() and log.read_text():
            break
        time.sleep(0.02)
    assert log.read_text() == "Second Heart|Leg elevation done"
    script.write_text("#!/bin/sh\nexit 3\n")
    assert desktop_notify("x", "y") is True  # a failing notifier is not our error
    script.chmod(0o644)
    assert os.access(script, os.X_OK) is False
    assert desktop_notify("x", "y") is False
