"""harsh's ``habits`` and ``log`` files (give the folder, or either file).

``habits`` holds ``Name: frequency[: start date]`` lines; ``!`` lines are
headings and ``#`` lines comments. The frequency is ``1`` (daily), ``N``
(once in N days), ``Nw`` (once in N weeks), ``x/y`` (x times in y days) or
``0`` (tracked only, with no goal: Second Heart has no such schedule, so
those habits are left out and named).

``log`` holds ``YYYY-MM-DD : Habit : y|n|s[ : comment[ : amount]]`` lines;
for one day and habit the last line wins. ``y`` is done, ``s`` a skip,
``n`` nothing done; a comment becomes the day's note. A habit whose log
carries amounts becomes a ``count`` exercise whose target is its smallest
amount on a ``y`` day (so every ``y`` day counts as met); the others are
``check`` exercises. harsh has no identity of its own, so one is derived
from the name.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from ...core.errors import InvalidInput
from .records import Day, Habit, Parsed, Unrepresentable, derived_uuid, schedule_for

SOURCE = "harsh habits and log"
MAX_FILE = 64 * 1024 * 1024


def looks_like(path: Path) -> bool:
    """Whether ``path`` is harsh's folder, or its habits or log file beside the other."""
    path = Path(path)
    if not path.is_dir() and path.name not in ("habits", "log"):
        return False
    folder = path if path.is_dir() else path.parent
    return (folder / "habits").is_file() and (folder / "log").is_file()


def read(path: Path) -> Parsed:
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    habits_path, log_path = folder / "habits", folder / "log"
    if not habits_path.is_file() or not log_path.is_file():
        raise InvalidInput(
            f"{path} is not harsh's data: expected the files habits and log in {folder}"
        )
    parsed = Parsed(SOURCE)
    habits: dict[str, Habit] = {}
    for number, line in _lines(habits_path):
        if not line or line.startswith(("#", "!")):
            continue
        parts = [p.strip() for p in line.split(":")]
        if len(parts) not in (2, 3) or not parts[0]:
            raise InvalidInput(f"habits line {number}: expected 'Name: frequency[: start date]'")
        name, frequency = parts[0], parts[1]
        start = _date(parts[2], f"habits line {number}") if len(parts) == 3 else None
        try:
            times, days = _frequency(frequency, number)
            schedule, approximation = schedule_for(times, days)
        except Unrepresentable as exc:
            parsed.left_out.append((name, str(exc)))
            habits[name] = Habit(name=name, describes=False)  # its log lines are not "unknown"
            continue
        habits[name] = Habit(
            name=name,
            schedule=schedule,
            start=start,
            uuid=derived_uuid("harsh", name),
            approximations=[approximation] if approximation else [],
        )
    left = {name for name, _ in parsed.left_out}
    results: dict[tuple[str, dt.date], tuple[str, str | None, float | None]] = {}
    for number, line in _lines(log_path):
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split(":")]
        if len(parts) < 3:
            raise InvalidInput(f"log line {number}: expected 'date : habit : y|n|s'")
        day = _date(parts[0], f"log line {number}")
        name, result = parts[1], parts[2].lower()
        if result not in ("y", "n", "s"):
            raise InvalidInput(f"log line {number}: the result must be y, n or s")
        amount = None
        rest = parts[3:]
        if len(rest) >= 2 and _is_number(rest[-1]):
            amount = float(rest.pop())
        comment = ":".join(rest).strip() or None
        results[(name, day)] = (result, comment, amount)  # the last line wins
    unknown: set[str] = set()
    for (name, day), (result, comment, amount) in results.items():
        habit = habits.get(name)
        if habit is None:
            unknown.add(name)
            continue
        if name in left:
            continue
        habit.days[day] = Day(
            amount=(amount if amount is not None else -1.0) if result == "y" else 0.0,
            skipped=result == "s",
            note=comment,
        )
    for name in sorted(unknown):
        parsed.left_out.append((name, "in the log but not in the habits file"))
    for name, habit in habits.items():
        if name in left:
            continue
        amounts = [d.amount for d in habit.days.values() if d.amount > 0]
        if amounts:
            habit.kind = "count"
            habit.target = min(amounts)
        for record in habit.days.values():
            if record.amount < 0:  # a y without an amount: done, so the target
                record.amount = habit.target
        parsed.habits.append(habit)
    return parsed


def _lines(path: Path):
    try:
        if path.stat().st_size > MAX_FILE:
            raise InvalidInput(f"{path} is too large to be harsh's {path.name} file")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not a text file") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
    for number, line in enumerate(text.splitlines(), start=1):
        yield number, line.strip()


def _frequency(text: str, number: int) -> tuple[int, int]:
    """harsh's frequency as (times, days)."""
    try:
        if "/" in text:
            times, _, days = text.partition("/")
            return int(times), int(days)
        if text.lower().endswith("w"):
            return 1, 7 * int(text[:-1])
        value = int(text)
    except ValueError:
        raise InvalidInput(
            f"habits line {number}: frequency {text[:20]!r} must be 1, N, Nw, x/y or 0"
        ) from None
    return (1, value) if value else (0, 0)


def _date(text: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{where}: {text[:20]!r} is not a date such as 2026-11-21") from None


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False
