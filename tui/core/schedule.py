"""When an exercise is due: daily, chosen weekdays, every N days, N per week.

A schedule is stored as short text:

- ``daily``
- ``weekdays:mon,wed,fri``
- ``every:3:2026-11-01`` (every third day counting from that date; RFC 5545
  RRULE through python-dateutil)
- ``weekly:3`` (any three days of each Monday-to-Sunday week)
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from functools import lru_cache

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ScheduleError(ValueError):
    """A schedule text that cannot be understood."""


# A named tuple, not a frozen dataclass: ``secondheart status`` and ``stats``
# import this module on every call and must not pay for importing dataclasses
# (about 16 ms); see tui.core.model. The annotations only document the fields.


class Schedule(
    namedtuple(
        "Schedule", "kind weekdays interval anchor per_week", defaults=("daily", (), 1, None, 0)
    )
):
    """When an exercise is due: daily, on weekdays, every N days or N per week."""

    __slots__ = ()

    kind: str  # daily | weekdays | every | weekly
    weekdays: tuple[int, ...]  # 0 = Monday, for "weekdays"
    interval: int  # for "every"
    anchor: dt.date | None  # for "every"
    per_week: int  # for "weekly"

    @property
    def per_week_quota(self) -> bool:
        """True when the exercise counts weeks that met a quota, not days."""
        return self.kind == "weekly"

    def is_scheduled(self, day: dt.date) -> bool:
        """Whether the exercise is due on ``day``.

        For N-per-week exercises every day may count toward the week.
        """
        if self.kind == "weekdays":
            return day.weekday() in self.weekdays
        if self.kind == "every":
            anchor = self.anchor or day
            return day >= anchor and _every_hits(anchor, self.interval, day)
        return True

    def frequency(self) -> float:
        """Scheduled days per day, as the strength formula needs it."""
        if self.kind == "weekdays":
            return len(self.weekdays) / 7
        if self.kind == "every":
            return 1 / self.interval
        if self.kind == "weekly":
            return self.per_week / 7
        return 1.0

    def text(self) -> str:
        """The stored form; ``parse(s.text()) == s``."""
        if self.kind == "weekdays":
            return "weekdays:" + ",".join(WEEKDAY_NAMES[d] for d in self.weekdays)
        if self.kind == "every":
            anchor = self.anchor.isoformat() if self.anchor else ""
            return f"every:{self.interval}:{anchor}".rstrip(":")
        if self.kind == "weekly":
            return f"weekly:{self.per_week}"
        return "daily"

    def describe(self) -> str:
        """Words for people: 'daily', 'Mon, Wed, Fri', 'every 3 days', '3× a week'."""
        if self.kind == "weekdays":
            return ", ".join(WEEKDAY_NAMES[d].title() for d in self.weekdays)
        if self.kind == "every":
            return f"every {self.interval} days"
        if self.kind == "weekly":
            return f"{self.per_week}× a week"
        return "daily"


@lru_cache(maxsize=256)
def _every_rule(anchor: dt.date, interval: int):
    from dateutil.rrule import DAILY, rrule

    return rrule(DAILY, interval=interval, dtstart=dt.datetime.combine(anchor, dt.time()))


def _every_hits(anchor: dt.date, interval: int, day: dt.date) -> bool:
    # Equivalent to asking the RRULE whether it yields ``day``; the modular
    # check answers the same without walking the rule.
    return (day - anchor).days % interval == 0


def every_days_between(schedule: Schedule, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days an every-N schedule yields in [start, end], from its RRULE."""
    rule = _every_rule(schedule.anchor or start, schedule.interval)
    found = rule.between(
        dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time()), inc=True
    )
    return [d.date() for d in found]


def parse(text: str, anchor: dt.date | None = None) -> Schedule:
    """Read a schedule from its stored or typed form.

    Also accepts what people type in the edit form: ``mon,wed,fri``,
    ``every 3 days``, ``3/week``, ``3x week``.
    """
    raw = (text or "").strip().lower()
    if raw in ("", "daily", "every day", "everyday"):
        return Schedule()
    head, _, rest = raw.partition(":")
    if head == "weekdays" or (not rest and _looks_like_weekdays(raw)):
        names = rest if head == "weekdays" else raw
        return Schedule(kind="weekdays", weekdays=_parse_weekdays(names))
    if head == "every" or raw.startswith("every "):
        return _parse_every(raw, rest if head == "every" else None, anchor)
    if head == "weekly" or "week" in raw:
        digits = rest if head == "weekly" else "".join(ch for ch in raw if ch.isdigit())
        try:
            count = int(digits)
        except ValueError:
            raise ScheduleError(f"cannot read a weekly quota from {text!r}") from None
        if not 1 <= count <= 7:
            raise ScheduleError("a weekly quota must be between 1 and 7")
        return Schedule(kind="weekly", per_week=count)
    raise ScheduleError(
        f"unknown schedule {text!r}: use daily, mon,wed,fri, every 3 days, or 3/week"
    )


def _looks_like_weekdays(raw: str) -> bool:
    parts = [p.strip()[:3] for p in raw.replace(" ", ",").split(",") if p.strip()]
    return bool(parts) and all(p in WEEKDAY_NAMES for p in parts)


def _parse_weekdays(names: str) -> tuple[int, ...]:
    days = set()
    for part in names.replace(" ", ",").split(","):
        part = part.strip()[:3]
        if not part:
            continue
        if part not in WEEKDAY_NAMES:
            raise ScheduleError(f"unknown weekday {part!r}: use mon, tue, wed, thu, fri, sat, sun")
        days.add(WEEKDAY_NAMES.index(part))
    if not days:
        raise ScheduleError("name at least one weekday")
    return tuple(sorted(days))


def _parse_every(raw: str, stored: str | None, anchor: dt.date | None) -> Schedule:
    if stored is not None:
        count, _, day = stored.partition(":")
    else:
        count = "".join(ch for ch in raw if ch.isdigit())
        day = ""
    try:
        interval = int(count)
    except ValueError:
        raise ScheduleError(f"cannot read an interval from {raw!r}") from None
    if not 1 <= interval <= 365:
        raise ScheduleError("an interval must be between 1 and 365 days")
    if interval == 1:
        return Schedule()
    if day:
        try:
            anchor = dt.date.fromisoformat(day)
        except ValueError:
            raise ScheduleError(f"bad start date {day!r} in schedule") from None
    return Schedule(kind="every", interval=interval, anchor=anchor)
