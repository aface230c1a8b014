"""Daylight-saving changes, time-zone changes, the day-start hour and midnight.

Days are stored as dates, so no entry ever moves to another day, and
"today" follows the local wall clock after each change.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from zoneinfo import ZoneInfo

import pytest

from tui.core.clock import Clock, FakeClock
from tui.store.service import Tracker

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def amounts(tracker: Tracker) -> dict[str, float]:
    walk = tracker.exercise("walk")
    return {day.isoformat(): e.amount for day, e in tracker.entries(walk).items()}


@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [
        # US spring forward (02:00 -> 03:00) and fall back (02:00 -> 01:00)
        (NEW_YORK, dt.datetime(2026, 3, 8, 1, 30), dt.datetime(2026, 3, 8, 3, 30)),
        (NEW_YORK, dt.datetime(2026, 11, 1, 0, 59), dt.datetime(2026, 11, 1, 1, 30)),
        # EU spring forward and fall back
        (BERLIN, dt.datetime(2026, 3, 29, 1, 59), dt.datetime(2026, 3, 29, 3, 1)),
        (BERLIN, dt.datetime(2026, 10, 25, 2, 30), dt.datetime(2026, 10, 25, 2, 30, fold=1)),
    ],
)
def test_dst_changes_keep_entries_on_their_day(tmp_path, zone, before, after):
    clock = FakeClock(before.replace(tzinfo=zone))
    tracker = Tracker.open(tmp_path / "dst.db", clock=clock)
    day = before.date()
    tracker.step("walk", clock.today(), 10)
    clock.set(after.replace(tzinfo=zone))
    assert clock.today() == day
    tracker.step("walk", clock.today(), 5)
    clock.set(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0, 1), tzinfo=zone))
    assert clock.today() == day + dt.timedelta(days=1)
    assert amounts(tracker) == {day.isoformat(): 15}
    tracker.close()


def test_midnight_and_day_start_hour(tmp_path):
    clock = FakeClock(dt.datetime(2026, 11, 21, 23, 59, 59, tzinfo=BERLIN), day_start_hour=0)
    tracker = Tracker.open(tmp_path / "m.db", clock=clock)
    tracker.set_setting("day-start-hour", "4")
    clock.advance(hours=2)  # 01:59 on the 22nd still counts for the 21st
    assert clock.today() == dt.date(2026, 11, 21)
    tracker.step("walk", clock.today(), 30)
    clock.advance(hours=2, seconds=2)  # 04:00:01
    assert clock.today() == dt.date(2026, 11, 22)
    assert amounts(tracker) == {"2026-11-21": 30}
    tracker.close()


def test_time_zone_change_while_running(tmp_path, monkeypatch):
    """The process's zone changes under a running clock: "today" follows it at once.

    The instant is fixed (20:00 UTC: already the 22nd in Tokyo, still the 21st in
    Los Angeles); only the local zone of the process changes.
    """
    instant = dt.datetime(2026, 11, 21, 20, 0, tzinfo=dt.UTC)
    original, zone_names = os.environ.get("TZ"), time.tzname
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        clock = Clock(now_fn=instant.astimezone)  # local time, as the system clock gives it
        tracker = Tracker.open(tmp_path / "tz.db", clock=clock)
        assert clock.today() == dt.date(2026, 11, 22)
        tracker.step("walk", clock.today(), 12)
        monkeypatch.setenv("TZ", "America/Los_Angeles")
        time.tzset()
        assert clock.today() == dt.date(2026, 11, 21)
        assert clock.now().utcoffset() == dt.timedelta(hours=-8)
        assert amounts(tracker) == {"2026-11-22": 12}
        tracker.close()
    finally:  # the rest of the suite runs in the zone it started in
        if original is None:
            monkeypatch.delenv("TZ")
        else:
            monkeypatch.setenv("TZ", original)
        time.tzset()
    assert time.tzname == zone_names


def test_the_default_clock_reads_the_system_clock():
    before = dt.datetime.now(dt.UTC)
    now = Clock().utcnow()
    after = dt.datetime.now(dt.UTC)
    assert before <= now <= after
    assert Clock().now().tzinfo is not None
