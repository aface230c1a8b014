"""Times are shown as they happened: a past instant keeps the UTC offset it had."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from tui.core.clock import Clock, FakeClock

BERLIN = ZoneInfo("Europe/Berlin")
BEFORE_CHANGE = dt.datetime(2027, 3, 27, 23, 30, tzinfo=dt.UTC)  # 00:30 CET on the 28th
AFTER_CHANGE = dt.datetime(2027, 3, 28, 10, 0, tzinfo=BERLIN)  # CEST, +02:00


def test_a_zone_with_rules_gives_the_offset_of_the_moment():
    clock = FakeClock(AFTER_CHANGE)
    shown = clock.local(BEFORE_CHANGE)
    assert shown.strftime("%H:%M %z") == "00:30 +0100"


def test_the_system_clock_shows_times_before_a_change_with_their_own_offset(
    berlin_process_zone,
):
    fixed_now = AFTER_CHANGE.astimezone(
        dt.timezone(dt.timedelta(hours=2))
    )  # what .astimezone() gives
    clock = Clock(now_fn=lambda: fixed_now)
    assert clock.zone() is None  # a fixed offset is not a zone: the system's rules are used
    assert clock.local(BEFORE_CHANGE).strftime("%H:%M %z") == "00:30 +0100"
    # the naive conversion with today's fixed offset would have said 01:30
    assert BEFORE_CHANGE.astimezone(fixed_now.tzinfo).strftime("%H:%M") == "01:30"
