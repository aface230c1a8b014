"""Second Heart's own CSV export, read back.

The columns are ``exercise, day, amount, target, skipped, note`` (see
``transfer.export_text``); cells that were guarded against spreadsheet
formulas (a leading ``'``) are read as they were typed. The CSV names
exercises by slug and carries no exercise fields, so a slug that exists is
merged into that exercise as it is; a new slug becomes an exercise named by
its slug: ``check`` when every amount is 0 or 1 with a target of 1, else
``count`` with the latest target. Rows named ``journal:SYMPTOM`` (the amount
is the level) and ``journal:note`` are the leg journal. A row named
``remind:SLUG`` holds that exercise's reminder setting in its note (times
such as ``10:00,15:30``, ``none`` or ``default``), checked with the same rule
as the form; a file without such rows (made before reminders) leaves every
exercise's reminders as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from ...core import rules
from ...core.errors import InvalidInput, LookupFailed
from ..transfer import ENTRY_COLUMNS, FORMULA_START, JOURNAL_PREFIX, REMIND_PREFIX
from .records import Day, Habit, Parsed, derived_uuid, head

SOURCE = "Second Heart CSV export"
MAX_FILE = 256 * 1024 * 1024


def looks_like(path: Path) -> bool:
    """Whether ``path`` starts with the export's header line (the test :func:`read` makes)."""
    first = head(path).decode("utf-8-sig", "replace").splitlines()[:1]
    try:
        row = next(csv.reader(first), [])
    except csv.Error:
        return False
    return tuple(cell.strip() for cell in row) == ENTRY_COLUMNS


def read(path: Path) -> Parsed:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE:
            raise InvalidInput(f"{path} is too large to be a Second Heart CSV export")
        text = path.read_text(encoding="utf-8-sig")
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder; give the CSV file") from None
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not a text file") from None
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise InvalidInput(f"{path} is not a readable CSV file ({exc})") from None
    if not rows or tuple(cell.strip() for cell in rows[0]) != ENTRY_COLUMNS:
        raise InvalidInput(
            f"{path} is not a Second Heart CSV export (the first line must be "
            f"{','.join(ENTRY_COLUMNS)})"
        )
    habits: dict[str, Habit] = {}
    targets: dict[str, list[float]] = {}
    parsed = Parsed(SOURCE)
    journal_seen: set[tuple[dt.date, str]] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(ENTRY_COLUMNS):
            raise InvalidInput(f"{path} line {number}: expected {len(ENTRY_COLUMNS)} columns")
        slug, day_text, amount_text, target_text, skipped, note = (_unguard(c) for c in row)
        if slug.startswith(JOURNAL_PREFIX):
            _journal_row(parsed, journal_seen, path, number, slug, day_text, amount_text, note)
            continue
        if slug.startswith(REMIND_PREFIX):
            _remind_row(habits, path, number, slug[len(REMIND_PREFIX) :], note)
            continue
        try:
            if not rules.is_slug(slug):
                raise InvalidInput(f"{slug[:40]!r} is not an exercise slug")
            day = dt.date.fromisoformat(day_text)
            amount = rules.amount(amount_text)
            target = rules.positive("target", rules.number("target", target_text), 1.0)
            if skipped not in ("yes", "no"):
                raise InvalidInput("skipped must be yes or no")
        except ValueError as exc:
            raise InvalidInput(f"{path} line {number}: {exc}") from None
        habit = habits.setdefault(slug, _habit(slug))
        if day in habit.days:
            raise InvalidInput(f"{path} line {number}: {slug} {day} appears twice")
        habit.days[day] = Day(amount=amount, skipped=skipped == "yes", note=note or None)
        targets.setdefault(slug, []).append(target)
    for slug, habit in habits.items():
        amounts = {d.amount for d in habit.days.values()}
        seen = targets.get(slug, [])  # none for an exercise with only its reminder row
        if set(seen) <= {1.0} and amounts <= {0.0, 1.0}:
            habit.kind = "check"
        else:
            habit.kind, habit.target = "count", seen[-1]
        parsed.habits.append(habit)
    return parsed


def _habit(slug: str) -> Habit:
    """An exercise the file names by slug (it carries no other fields)."""
    return Habit(name=slug, slug=slug, describes=False, uuid=derived_uuid("secondheart-csv", slug))


def _remind_row(habits: dict[str, Habit], path: Path, number: int, slug: str, text: str) -> None:
    """One exercise's reminder setting, checked with the form's rule (the rule that needs
    the exercise's kind runs again when the exercise is known, see ``writer.plan``)."""
    where = f"{path} line {number}"
    try:
        if not rules.is_slug(slug):
            raise InvalidInput(f"{slug[:40]!r} is not an exercise slug")
        rules.reminder_times(text)
    except InvalidInput as exc:
        raise InvalidInput(f"{where}: {exc}") from None
    habit = habits.setdefault(slug, _habit(slug))
    if habit.remind is not None:
        raise InvalidInput(f"{where}: the reminders of {slug} appear twice")
    habit.remind, habit.remind_where = text, where


def _journal_row(
    parsed: Parsed,
    seen: set[tuple[dt.date, str]],
    path: Path,
    number: int,
    name: str,
    day_text: str,
    amount_text: str,
    note: str,
) -> None:
    """One row of the leg journal, checked with the same rules as the app."""
    what = name[len(JOURNAL_PREFIX) :]
    try:
        day = dt.date.fromisoformat(day_text)
        if what == "note":
            text = rules.note(note)
            if text is not None:
                parsed.journal_notes.append((day, text))
        else:
            symptom = rules.journal_symptom(what)
            amount = rules.amount(amount_text)
            level = rules.journal_level(symptom, int(amount) if amount.is_integer() else amount)
            parsed.journal.append((day, symptom, level))
    except (ValueError, InvalidInput, LookupFailed) as exc:
        raise InvalidInput(f"{path} line {number}: {exc}") from None
    if (day, what) in seen:
        raise InvalidInput(f"{path} line {number}: {name} {day} appears twice")
    seen.add((day, what))


def _unguard(cell: str) -> str:
    if cell.startswith("'") and cell[1:].startswith(FORMULA_START):
        return cell[1:]
    return cell
