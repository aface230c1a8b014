"""The pure elevation-session engine: wall-clock arithmetic, transitions, planning."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core import timer
from tui.core.timer import (
    CANCELLED,
    COMPLETED,
    PAUSED,
    RUNNING,
    Session,
    TimerError,
)

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")


def utc(hour: int, minute: int = 0, second: int = 0, day: int = 10) -> dt.datetime:
    return dt.datetime(2024, 6, day, hour, minute, second, tzinfo=UTC)


def berlin(hour: int, minute: int = 0, day: int = 10, month: int = 6) -> dt.datetime:
    return dt.datetime(2024, month, day, hour, minute, tzinfo=BERLIN)


def begun(at: dt.datetime, minutes: float = 15) -> Session:
    return timer.start("leg-elevation", at, minutes)


# --- start -------------------------------------------------------------------


def test_start_defaults_to_fifteen_running_minutes_in_utc() -> None:
    s = timer.start("leg-elevation", berlin(11, 0))
    assert s.status == RUNNING
    assert s.planned_seconds == 15 * 60
    assert s.paused_seconds == 0.0 and s.paused_at is None and s.ended is None
    assert s.started == utc(9, 0)
    assert s.started.tzinfo == UTC
    assert s.id is None


def test_start_rounds_fractional_minutes_to_seconds() -> None:
    assert begun(utc(10), 2.5).planned_seconds == 150
    assert begun(utc(10), 0.001).planned_seconds == 1
    assert begun(utc(10), 24 * 60).planned_seconds == 24 * 3600


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0, "more than 0"),
        (-5, "more than 0"),
        (float("nan"), "finite"),
        (float("inf"), "finite"),
        (24 * 60 + 1, "at most 24 hours"),
        ("15", "number of minutes"),
        (True, "number of minutes"),
    ],
)
def test_start_rejects_bad_lengths_with_a_clear_message(minutes: object, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        timer.start("leg-elevation", utc(10), minutes)  # type: ignore[arg-type]


def test_start_rejects_naive_now_and_missing_exercise() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        timer.start("leg-elevation", dt.datetime(2024, 6, 10, 10, 0))
    with pytest.raises(TimerError, match="exercise"):
        timer.start("  ", utc(10))


def test_session_normalises_instants_and_checks_consistency() -> None:
    s = Session("walk", berlin(12, 0), 600, paused_at=berlin(12, 5), status=PAUSED)
    assert s.started == utc(10, 0) and s.paused_at == utc(10, 5)
    with pytest.raises(ValueError, match="paused_at"):
        Session("walk", utc(10), 600, status=PAUSED)
    with pytest.raises(ValueError, match="paused_at"):
        Session("walk", utc(10), 600, paused_at=utc(10, 1))
    with pytest.raises(ValueError, match="status"):
        Session("walk", utc(10), 600, status="sleeping")
    with pytest.raises(ValueError, match="planned_seconds"):
        Session("walk", utc(10), 0)
    with pytest.raises(ValueError, match="paused_seconds"):
        Session("walk", utc(10), 600, paused_seconds=-1)
    with pytest.raises(ValueError, match="timezone-aware"):
        Session("walk", dt.datetime(2024, 6, 10, 10), 600)


def test_a_changed_copy_of_a_session_is_checked_like_a_new_one() -> None:
    s = Session("walk", utc(10), 600)
    moved = s._replace(started=berlin(13, 0), id=7)
    assert moved.started == utc(11, 0) and moved.id == 7 and s.id is None
    with pytest.raises(ValueError, match="paused_at"):
        s._replace(status=PAUSED)
    with pytest.raises(ValueError, match="timezone-aware"):
        s._replace(ended=dt.datetime(2024, 6, 10, 11))
    with pytest.raises(TypeError):
        s._replace(colour="red")


# --- wall-clock arithmetic ---------------------------------------------------


def test_remaining_comes_from_the_wall_clock() -> None:
    s = begun(utc(10, 0))
    assert timer.remaining(s, utc(10, 5)) == 600
    assert timer.elapsed(s, utc(10, 5)) == 300
    assert timer.progress(s, utc(10, 5)) == pytest.approx(1 / 3)
    assert timer.format_mmss(timer.remaining(s, utc(10, 5))) == "10:00"
    assert timer.end_time(s) == utc(10, 15)


def test_pause_and_resume_arithmetic() -> None:
    s = begun(utc(11, 0))
    s = timer.pause(s, utc(11, 5))
    assert s.status == PAUSED and s.paused_at == utc(11, 5)
    # a paused session stands still however long the pause lasts
    assert timer.remaining(s, utc(11, 29)) == 600
    assert timer.end_time(s, utc(11, 30)) == utc(11, 40)
    s = timer.resume(s, utc(11, 30))
    assert s.status == RUNNING and s.paused_at is None
    assert s.paused_seconds == 25 * 60
    assert timer.remaining(s, utc(11, 31)) == 9 * 60
    assert timer.format_mmss(timer.remaining(s, utc(11, 31))) == "9:00"
    assert timer.end_time(s) == utc(11, 40)


def test_pauses_accumulate() -> None:
    s = begun(utc(11, 0))
    s = timer.resume(timer.pause(s, utc(11, 2)), utc(11, 4))
    s = timer.resume(timer.pause(s, utc(11, 6)), utc(11, 10))
    assert s.paused_seconds == 6 * 60
    assert timer.remaining(s, utc(11, 10)) == 11 * 60
    assert timer.end_time(s) == utc(11, 21)


def test_paused_end_time_needs_now() -> None:
    s = timer.pause(begun(utc(11, 0)), utc(11, 5))
    with pytest.raises(TimerError, match="paused"):
        timer.end_time(s)


def test_sleep_past_the_end_settles_at_the_end_time_not_now() -> None:
    s = begun(utc(10, 0))
    woke = utc(10, 20)  # the laptop slept through the end
    assert timer.remaining(s, woke) == 0
    assert timer.elapsed(s, woke) == 900
    assert timer.is_due(s, woke)
    done = timer.settle(s, woke)
    assert done.status == COMPLETED
    assert done.ended == utc(10, 15)
    assert timer.elapsed(done, utc(12, 0)) == 900
    assert not timer.is_active(done)


def test_settle_accounts_for_pauses_in_the_end_time() -> None:
    s = timer.resume(timer.pause(begun(utc(10, 0)), utc(10, 5)), utc(10, 7))
    assert timer.settle(s, utc(11, 0)).ended == utc(10, 17)


def test_settle_leaves_sessions_that_are_not_due_alone() -> None:
    running = begun(utc(10, 0))
    assert timer.settle(running, utc(10, 14, 59)) is running
    paused = timer.pause(running, utc(10, 5))
    assert timer.settle(paused, utc(18, 0)) is paused
    cancelled = timer.cancel(running, utc(10, 3))
    assert timer.settle(cancelled, utc(18, 0)) is cancelled


def test_due_exactly_at_the_end() -> None:
    s = begun(utc(10, 0))
    assert not timer.is_due(s, utc(10, 14, 59))
    assert timer.is_due(s, utc(10, 15))
    assert timer.format_mmss(timer.remaining(s, utc(10, 14, 59))) == "0:01"


def test_clock_jumping_backwards_never_gives_more_than_planned() -> None:
    s = begun(utc(10, 0))
    earlier = utc(9, 0)
    assert timer.remaining(s, earlier) == 900
    assert timer.elapsed(s, earlier) == 0
    assert not timer.is_due(s, earlier)
    assert timer.credited_minutes(s, earlier) == 0


def test_pause_and_resume_with_a_clock_that_went_backwards() -> None:
    s = begun(utc(10, 0))
    p = timer.pause(s, utc(9, 50))  # before the start: pinned to the start
    assert p.paused_at == utc(10, 0)
    assert timer.remaining(p, utc(9, 0)) == 900
    r = timer.resume(timer.pause(s, utc(10, 5)), utc(10, 1))  # resumed "before" the pause
    assert r.paused_seconds == 0
    assert timer.remaining(r, utc(10, 5)) == 600


@given(
    started=st.datetimes(
        min_value=dt.datetime(2000, 1, 1),
        max_value=dt.datetime(2100, 1, 1),
        timezones=st.just(UTC),
    ),
    minutes=st.floats(min_value=0.02, max_value=24 * 60),
    paused=st.floats(min_value=0, max_value=1e6),
    offset=st.floats(min_value=-1e7, max_value=1e7),
)
def test_elapsed_and_remaining_stay_in_bounds(
    started: dt.datetime, minutes: float, paused: float, offset: float
) -> None:
    s = timer.start("walk", started, minutes)._replace(paused_seconds=paused)
    now = started + dt.timedelta(seconds=offset)
    e, r = timer.elapsed(s, now), timer.remaining(s, now)
    assert 0 <= e <= s.planned_seconds
    assert 0 <= r <= s.planned_seconds
    assert e + r == pytest.approx(s.planned_seconds)
    assert 0 <= timer.progress(s, now) <= 1


# --- transitions -------------------------------------------------------------


def test_cancel_running_and_paused() -> None:
    s = begun(utc(10, 0))
    c = timer.cancel(s, utc(10, 4))
    assert c.status == CANCELLED and c.ended == utc(10, 4)
    assert timer.elapsed(c, utc(12, 0)) == 240
    assert timer.credited_minutes(c, utc(12, 0)) == 4
    pc = timer.cancel(timer.pause(s, utc(10, 5)), utc(10, 9))
    assert pc.status == CANCELLED and pc.paused_at is None
    assert pc.ended == utc(10, 9) and pc.paused_seconds == 240
    assert timer.elapsed(pc, utc(12, 0)) == 300


def test_complete_sets_ended_to_the_end_time() -> None:
    s = begun(utc(10, 0))
    assert timer.complete(s, utc(10, 40)).ended == utc(10, 15)
    assert timer.complete(s, utc(10, 15)).ended == utc(10, 15)


@pytest.mark.parametrize(
    ("action", "session", "message"),
    [
        (timer.pause, lambda: timer.pause(begun(utc(10)), utc(10, 1)), "already paused"),
        (timer.resume, lambda: begun(utc(10)), "not paused"),
        (timer.complete, lambda: begun(utc(10)), "not done yet: 10:00 to go"),
        (timer.complete, lambda: timer.pause(begun(utc(10)), utc(10, 1)), "paused"),
        (timer.pause, lambda: begun(utc(9)), "already run its full time"),
        (timer.cancel, lambda: begun(utc(9)), "already run its full time"),
        (timer.pause, lambda: timer.settle(begun(utc(9)), utc(10)), "already completed"),
        (timer.resume, lambda: timer.settle(begun(utc(9)), utc(10)), "already completed"),
        (timer.cancel, lambda: timer.settle(begun(utc(9)), utc(10)), "already completed"),
        (timer.complete, lambda: timer.settle(begun(utc(9)), utc(10)), "already completed"),
        (timer.pause, lambda: timer.cancel(begun(utc(10)), utc(10)), "cancelled"),
        (timer.resume, lambda: timer.cancel(begun(utc(10)), utc(10)), "cancelled"),
        (timer.cancel, lambda: timer.cancel(begun(utc(10)), utc(10)), "cancelled"),
        (timer.complete, lambda: timer.cancel(begun(utc(10)), utc(10)), "cancelled"),
    ],
)
def test_invalid_transitions_raise_timer_error(action, session, message: str) -> None:
    with pytest.raises(TimerError, match=message):
        action(session(), utc(10, 5))


def test_timer_error_is_a_value_error() -> None:
    assert issubclass(TimerError, ValueError)


def test_transitions_keep_the_store_id_and_exercise() -> None:
    s = begun(utc(10))._replace(id=42)
    for moved in (timer.pause(s, utc(10, 1)), timer.cancel(s, utc(10, 1))):
        assert moved.id == 42 and moved.exercise == "leg-elevation"
    assert timer.settle(s, utc(11)).id == 42


# --- days --------------------------------------------------------------------


def test_session_belongs_to_the_local_day_it_started() -> None:
    late = timer.start("leg-elevation", berlin(23, 55, day=10))
    assert late.started.date() == dt.date(2024, 6, 10)
    assert timer.session_day(late, tz=BERLIN) == dt.date(2024, 6, 10)
    # finishing after midnight does not move it
    done = timer.settle(late, berlin(0, 30, day=11))
    assert timer.session_day(done, tz=BERLIN) == dt.date(2024, 6, 10)


def test_utc_date_differs_from_the_local_day() -> None:
    early = timer.start("leg-elevation", berlin(0, 30, day=11))  # 22:30 UTC on the 10th
    assert early.started.date() == dt.date(2024, 6, 10)
    assert timer.session_day(early, tz=BERLIN) == dt.date(2024, 6, 11)
    assert timer.session_day(early, tz=UTC) == dt.date(2024, 6, 10)


def test_day_start_hour_moves_small_hours_to_the_day_before() -> None:
    s = timer.start("leg-elevation", berlin(1, 30, day=11))
    assert timer.session_day(s, day_start_hour=4, tz=BERLIN) == dt.date(2024, 6, 10)
    assert timer.session_day(s, day_start_hour=0, tz=BERLIN) == dt.date(2024, 6, 11)
    later = timer.start("leg-elevation", berlin(4, 0, day=11))
    assert timer.session_day(later, day_start_hour=4, tz=BERLIN) == dt.date(2024, 6, 11)


def test_session_day_defaults_to_the_system_zone() -> None:
    s = begun(utc(12))
    assert timer.session_day(s) == s.started.astimezone().date()


# --- credited minutes --------------------------------------------------------


def test_credited_minutes_rounds_down() -> None:
    s = timer.start("brisk-walk", utc(10, 0), 30)
    assert timer.credited_minutes(s, utc(10, 0, 59)) == 0
    assert timer.credited_minutes(s, utc(10, 7, 30)) == 7
    assert timer.credited_minutes(s, utc(11, 0)) == 30
    assert timer.credited_minutes(timer.settle(s, utc(11)), utc(9)) == 30


# --- format_mmss -------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (600, "10:00"),
        (900, "15:00"),
        (59.2, "1:00"),
        (60, "1:00"),
        (61, "1:01"),
        (0.4, "0:01"),
        (0, "0:00"),
        (-3, "0:00"),
        (float("nan"), "0:00"),
        (540.0000000001, "9:00"),
        (3599.5, "1:00:00"),
        (3600, "1:00:00"),
        (3661, "1:01:01"),
        (86400, "24:00:00"),
    ],
)
def test_format_mmss(seconds: float, shown: str) -> None:
    assert timer.format_mmss(seconds) == shown


# --- suggest_next ------------------------------------------------------------


def test_suggest_none_when_target_is_met() -> None:
    assert timer.suggest_next(3, 3, berlin(9)) is None
    assert timer.suggest_next(4, 3, berlin(9)) is None
    assert timer.suggest_next(0, 0, berlin(9)) is None


def test_suggest_window_start_before_the_window() -> None:
    got = timer.suggest_next(0, 3, berlin(6, 30))
    assert got == berlin(8, 0)
    assert got.tzinfo is BERLIN


def test_suggest_now_inside_the_window_with_nothing_recent() -> None:
    assert timer.suggest_next(0, 3, berlin(9, 10)) == berlin(9, 10)
    # a session from the evening before does not hold today back
    assert timer.suggest_next(0, 3, berlin(9, 10), last_end=berlin(20, 40, day=9)) == berlin(9, 10)


def test_suggest_spreads_remaining_sessions_evenly() -> None:
    # 08:00-08:15 done; 2 left; latest start 20:45 -> steps of 6h15
    assert timer.suggest_next(1, 3, berlin(8, 20), last_end=berlin(8, 15)) == berlin(14, 30)
    # 1 of 4 done at 12:00: 3 left over 12:00-20:45 -> steps of 2h55
    assert timer.suggest_next(1, 4, berlin(12, 5), last_end=berlin(12, 0)) == berlin(14, 55)
    # one left: the latest start that still ends by the window end
    assert timer.suggest_next(2, 3, berlin(15), last_end=berlin(14, 45)) == berlin(20, 45)


def test_suggest_now_when_the_slot_has_passed() -> None:
    assert timer.suggest_next(1, 3, berlin(16, 0), last_end=berlin(8, 15)) == berlin(16, 0)


def test_suggest_keeps_a_minimum_gap() -> None:
    # 3 left but only 35 minutes to the latest start: 15 minutes after the last one
    assert timer.suggest_next(0, 3, berlin(20, 12), last_end=berlin(20, 10)) == berlin(20, 25)
    # a custom gap
    got = timer.suggest_next(
        0, 3, berlin(20, 12), last_end=berlin(20, 10), min_gap=dt.timedelta(minutes=30)
    )
    assert got == berlin(20, 40)


def test_suggest_none_after_the_window() -> None:
    assert timer.suggest_next(0, 3, berlin(21, 30)) is None
    assert timer.suggest_next(1, 3, berlin(20, 55), last_end=berlin(20, 50)) is None


def test_suggest_late_in_the_window_is_still_now() -> None:
    assert timer.suggest_next(2, 3, berlin(20, 55)) == berlin(20, 55)
    assert timer.suggest_next(2, 3, berlin(21, 0)) == berlin(21, 0)


def test_suggest_custom_window_and_utc_last_end() -> None:
    got = timer.suggest_next(
        1,
        2,
        berlin(10, 0),
        window_start=dt.time(9),
        window_end=dt.time(17),
        last_end=utc(7, 15),  # 09:15 in Berlin
        session_minutes=15,
    )
    # 1 left: latest start 16:45
    assert got == berlin(16, 45)


def test_suggest_across_a_dst_change() -> None:
    # 2024-03-31: Berlin springs forward at 02:00; the waking window is unaffected
    assert timer.suggest_next(
        1, 3, berlin(8, 20, day=31, month=3), last_end=berlin(8, 15, day=31, month=3)
    ) == berlin(14, 30, day=31, month=3)


def test_suggest_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        timer.suggest_next(0, 3, dt.datetime(2024, 6, 10, 9))
    with pytest.raises(ValueError, match="window"):
        timer.suggest_next(0, 3, berlin(9), window_start=dt.time(21), window_end=dt.time(8))
