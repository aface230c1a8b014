"""Reading the dates and amounts people type."""

from __future__ import annotations

import datetime as dt
import math

MAX_AMOUNT = 100_000


def parse_day(text: str, today: dt.date) -> dt.date:
    """``today``, ``yesterday``, ``-3`` (days ago) or an ISO date."""
    raw = (text or "").strip().lower()
    if raw in ("today", "t", "0"):
        return today
    if raw in ("yesterday", "y"):
        return today - dt.timedelta(days=1)
    if raw.startswith("-") and raw[1:].isdigit():
        days = int(raw[1:])
        if days > 36500:
            raise ValueError(f"{text!r} is too far back")
        return today - dt.timedelta(days=days)
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(
            f"cannot read the date {text!r}: use today, yesterday, -3 or 2026-11-21"
        ) from None


def parse_amount(text: str | float) -> float:
    """A finite amount from 0 to 100,000."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise ValueError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    if value < 0:
        raise ValueError("an amount cannot be negative")
    if value > MAX_AMOUNT:
        raise ValueError(f"{text!r} is too large (at most {MAX_AMOUNT:,})")
    return value + 0.0  # "-0" is 0, as SQLite keeps it


# --- a day typed in words (the command palette) ----------------------------------------

WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip
UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7}
FIRST_DAY = dt.date(1970, 1, 1)


def relative_day(text: str, today: dt.date) -> dt.date | None:
    """A day named relative to ``today``, or None when ``text`` names none.

    ``today``, ``yesterday``, ``-3``, ``3 days ago``, ``2 weeks ago``,
    ``monday`` (the last Monday, today included) and ``last monday`` (the
    Monday before today).
    """
    words = text.strip().lower().split()
    if not words:
        return None
    if words in (["today"], ["yesterday"]) or (
        len(words) == 1 and words[0].startswith("-") and words[0][1:].isdigit()
    ):
        try:
            return parse_day(words[0], today)
        except ValueError:
            return None
    if len(words) == 3 and words[2] == "ago" and words[1] in UNITS:
        count = 1 if words[0] in ("a", "one") else int(words[0]) if words[0].isdigit() else None
        if count is None or count * UNITS[words[1]] > 36500:
            return None
        return today - dt.timedelta(days=count * UNITS[words[1]])
    if words[0] in ("last", "this") and len(words) == 2:
        strictly_before = words[0] == "last"
        words = words[1:]
    else:
        strictly_before = False
    if len(words) == 1 and words[0] in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS[words[0]]) % 7
        if back == 0 and strictly_before:
            back = 7
        return today - dt.timedelta(days=back)
    return None


def typed_day(text: str, today: dt.date) -> dt.date | None:
    """A day typed in any usual way, or None when ``text`` is not one.

    Relative words first (:func:`relative_day`); then, for text with a digit
    in it, dateutil's parser, day first, with ``today`` filling what is left
    out: ``2026-11-15``, ``15 nov``, ``nov 15``, ``15/11``. The day may lie in
    the future; the caller says whether that is allowed.
    """
    found = relative_day(text, today)
    if found is not None:
        return found
    if not any(c.isdigit() for c in text) or len(text) > 40:
        return None
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        pass  # not ISO: dateutil reads the rest, the day before the month (15/11)
    else:
        return day if day >= FIRST_DAY else None
    from dateutil import parser

    default = dt.datetime(today.year, today.month, today.day)
    try:
        day = parser.parse(text, default=default, dayfirst=True).date()
    except (ValueError, OverflowError, TypeError):  # ParserError is a ValueError
        return None
    return day if day >= FIRST_DAY else None
