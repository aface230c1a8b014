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
    return value
