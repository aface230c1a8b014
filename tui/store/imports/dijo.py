"""dijo's ``habit_record.json``.

An array of habits: ``{"type": "Bit" | "Count" | "Float", "name", "stats":
{"YYYY-MM-DD": value}, "goal"}``. A Bit value is true or false, a Count
value a whole number, and a Float value ``{"value": digits, "precision":
places}`` (``{"value": 25, "precision": 1}`` is 2.5). dijo's habits are
daily and have no skips or notes. A Count habit becomes a count exercise; a
Float one a measured amount (kind ``minutes``, which takes fractions) with no
unit, since dijo records none. It has no identity of its own, so one is
derived from the name.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ...core.errors import InvalidInput
from .records import Day, Habit, Parsed, Unrepresentable, derived_uuid, head

SOURCE = "dijo habit record"
MAX_FILE = 64 * 1024 * 1024


_HABIT_START = re.compile(r'\s*\[\s*\{\s*"(type|name|stats|goal)"\s*:')


def looks_like(path: Path) -> bool:
    """Whether ``path`` starts as dijo's record does: a list of habit objects with stats."""
    start = head(Path(path)).decode("utf-8-sig", "replace")
    return bool(_HABIT_START.match(start)) and '"stats"' in start


def read(path: Path) -> Parsed:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE:
            raise InvalidInput(f"{path} is too large to be dijo's habit record")
        data = json.loads(path.read_text(encoding="utf-8"))
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder; give dijo's habit_record.json") from None
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError):
        raise InvalidInput(f"{path} is not dijo's habit record (not valid JSON)") from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise InvalidInput(f"{path} is not dijo's habit record (expected a list of habits)")
    parsed = Parsed(SOURCE)
    for index, item in enumerate(data):
        name = item.get("name")
        stats = item.get("stats", {})
        if not isinstance(name, str) or not isinstance(stats, dict):
            raise InvalidInput(f"{path}: habit {index + 1} has no name or no stats")
        try:
            parsed.habits.append(_habit(item, name, stats))
        except Unrepresentable as exc:
            parsed.left_out.append((name, str(exc)))
    return parsed


def _habit(item: dict, name: str, stats: dict) -> Habit:
    kind = item.get("type")
    if kind not in ("Bit", "Count", "Float"):
        raise Unrepresentable(f"an unknown dijo habit type {str(kind)[:20]!r}")
    habit = Habit(name=name, uuid=derived_uuid("dijo", name))
    if kind != "Bit":
        # A Count counts whole things; a Float measures (5.25 km): it becomes a
        # measured amount, which takes fractions, with no unit (dijo keeps none)
        habit.kind = "count" if kind == "Count" else "minutes"
        if kind == "Float":
            habit.unit = ""
        habit.target = _number(item.get("goal"), name)
    for text, value in stats.items():
        try:
            day = dt.date.fromisoformat(text)
        except (TypeError, ValueError):
            raise InvalidInput(f"{name}: {str(text)[:20]!r} is not a date") from None
        amount = (1.0 if value is True else 0.0) if kind == "Bit" else _number(value, name)
        if amount > 0:
            habit.days[day] = Day(amount=amount)
    return habit


def _number(value: object, name: str) -> float:
    if isinstance(value, dict):
        digits, places = value.get("value"), value.get("precision", 0)
        if isinstance(digits, int) and isinstance(places, int) and 0 <= places <= 9:
            return digits / 10**places
    elif isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise InvalidInput(f"{name}: {str(value)[:30]!r} is not a dijo number")
