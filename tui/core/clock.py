"""The app's sense of "now" and "today", injectable for tests.

A day starts at a configurable hour: with a day-start hour of 4, a tick at
01:30 still belongs to the day before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable


def _system_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class Clock:
    """Local wall-clock time and the current day.

    ``now_fn`` returns an aware local datetime; tests pass a fake one.
    """

    # A plain class, not a dataclass: ``secondheart status`` imports this module
    # and must not pay about 16 ms for importing dataclasses (see tui.core.model).

    def __init__(
        self, day_start_hour: int = 0, now_fn: Callable[[], dt.datetime] = _system_now
    ) -> None:
        self.day_start_hour = day_start_hour
        self.now_fn = now_fn

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(day_start_hour={self.day_start_hour!r}, now_fn={self.now_fn!r})"

    def now(self) -> dt.datetime:
        """The current local time, timezone-aware."""
        now = self.now_fn()
        if now.tzinfo is None:
            now = now.astimezone()
        return now

    def utcnow(self) -> dt.datetime:
        """The current instant in UTC."""
        return self.now().astimezone(dt.UTC)

    def today(self) -> dt.date:
        """The calendar day the current moment counts for."""
        return day_of(self.now(), self.day_start_hour)

    def zone(self) -> dt.tzinfo | None:
        """The local time zone with its rules, or None for the system's own rules.

        A fixed offset (what ``datetime.now().astimezone()`` gives) would show
        a time from before a daylight-saving change an hour off, so it is
        not used as a zone.
        """
        tz = self.now().tzinfo
        return None if tz is None or isinstance(tz, dt.timezone) else tz

    def local(self, moment: dt.datetime) -> dt.datetime:
        """An instant as local time with the UTC offset it had then."""
        return moment.astimezone(self.zone())


def day_of(moment: dt.datetime, day_start_hour: int = 0) -> dt.date:
    """The day a local moment belongs to, given the hour a day starts at."""
    return (moment - dt.timedelta(hours=day_start_hour)).date()


class FakeClock(Clock):
    """A clock that stands still until moved; for tests and benchmarks."""

    def __init__(self, start: dt.datetime, day_start_hour: int = 0) -> None:
        if start.tzinfo is None:
            start = start.astimezone()
        self._now = start
        super().__init__(day_start_hour=day_start_hour, now_fn=lambda: self._now)

    def set(self, moment: dt.datetime) -> None:
        if moment.tzinfo is None:
            moment = moment.astimezone()
        self._now = moment

    def advance(self, **delta: float) -> None:
        self._now = self._now + dt.timedelta(**delta)
