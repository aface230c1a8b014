"""Loop Habit Tracker's CSV export: the zip, or the folder it unpacks to.

``Habits.csv`` lists the habits, one row each. Column names are matched
without regard to case; both Loop's older header (``NumRepetitions``,
``Interval``) and its newer one (``FrequencyNumerator``,
``FrequencyDenominator``, ``Type``, ``Unit``, ``Target Type``, ``Target
Value``, ``Archived?``) are read. Each habit has a folder, named by its
position and name (``001 Meditate``), holding ``Checkmarks.csv`` with
``Date, Value, Notes`` rows (a header row is optional); values use the same
codes as the backup (see ``loop.py``). ``Habits.csv`` itself may be given for
its folder. The CSV export carries no uuid, so
an identity is derived from the habit's name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path, PurePosixPath

from ...core.errors import InvalidInput
from .loop import days_from, habit_from
from .records import Parsed, Unrepresentable, derived_uuid, head

SOURCE = "Loop Habit Tracker CSV export"
MAX_FILE = 64 * 1024 * 1024
ALIASES = {
    "name": ("name",),
    "question": ("question",),
    "description": ("description",),
    "type": ("type",),
    "unit": ("unit",),
    "target_type": ("target type", "targettype"),
    "target_value": ("target value", "targetvalue"),
    "freq_num": ("frequencynumerator", "numrepetitions", "frequency numerator"),
    "freq_den": ("frequencydenominator", "interval", "frequency denominator"),
    "archived": ("archived?", "archived"),
    "position": ("position",),
}
WORDS = {"yes_no": 0, "boolean": 0, "numerical": 1, "number": 1, "at_least": 0, "at_most": 1}


def looks_like(path: Path) -> bool:
    """Whether ``path`` is Loop's CSV export: its zip, its folder, or the Habits.csv in it."""
    path = Path(path)
    if path.is_dir():
        return (path / "Habits.csv").is_file() or any(path.glob("*/Habits.csv"))
    if path.name == "Habits.csv":
        return True
    if head(path, 4) != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return any(PurePosixPath(n).name == "Habits.csv" for n in archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError):
        return False


def read(path: Path) -> Parsed:
    path = Path(path)
    if path.name == "Habits.csv" and path.is_file():
        path = path.parent  # the folder it lists, with a Checkmarks.csv per habit
    files = _files(path)
    habits_file = next((name for name in files if PurePosixPath(name).name == "Habits.csv"), None)
    if habits_file is None:
        raise InvalidInput(
            f"{path} is not Loop's CSV export (no Habits.csv in it); "
            "give the zip or the folder it unpacks to"
        )
    base = PurePosixPath(habits_file).parent
    rows = list(csv.reader(io.StringIO(_text(files, habits_file))))
    if not rows:
        raise InvalidInput(f"{path}: Habits.csv is empty")
    header = [cell.strip().lower() for cell in rows[0]]
    columns = {key: next((header.index(a) for a in names if a in header), None) for key, names in ALIASES.items()}  # fmt: skip
    if columns["name"] is None or columns["freq_num"] is None or columns["freq_den"] is None:
        raise InvalidInput(
            f"{path}: Habits.csv does not have Loop's columns (Name and the frequency)"
        )
    parsed = Parsed(SOURCE)
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        fields = {
            key: (row[index].strip() if index is not None and index < len(row) else None)
            for key, index in columns.items()
        }
        name = fields["name"] or ""
        for key in ("type", "target_type"):
            word = str(fields[key] or "").lower()
            if word in WORDS:
                fields[key] = str(WORDS[word])
        fields["archived"] = "1" if str(fields["archived"] or "").lower() in ("true", "1", "yes") else "0"  # fmt: skip
        try:
            habit = habit_from(fields, name)
            checkmarks = _checkmarks_file(files, base, fields["position"], name)
            if checkmarks is None:
                raise InvalidInput(f"{path}: no Checkmarks.csv for the habit on line {number}")
            habit.days = days_from(_checkmark_rows(files, checkmarks), habit.kind, _date)
        except Unrepresentable as exc:
            parsed.left_out.append((name, str(exc)))
            continue
        habit.uuid = derived_uuid("loop", name)
        parsed.habits.append(habit)
    return parsed


def _files(path: Path) -> dict[str, object]:
    """Relative POSIX names of the export's files -> where to read them."""
    if path.is_dir():
        return {p.relative_to(path).as_posix(): p for p in path.rglob("*.csv") if p.is_file()}
    if not path.exists():
        raise InvalidInput(f"{path}: no such file or folder")
    try:
        archive = zipfile.ZipFile(path)
        return {info.filename: (archive, info) for info in archive.infolist() if not info.is_dir()}
    except (zipfile.BadZipFile, OSError) as exc:
        raise InvalidInput(f"{path} is not Loop's CSV export (not a zip file: {exc})") from None


def _text(files: dict[str, object], name: str) -> str:
    where = files[name]
    try:
        if isinstance(where, Path):
            if where.stat().st_size > MAX_FILE:
                raise InvalidInput(f"{name} is too large to be a habit history")
            data = where.read_bytes()
        else:
            archive, info = where  # type: ignore[misc]
            if info.file_size > MAX_FILE:
                raise InvalidInput(f"{name} is too large to be a habit history")
            data = archive.read(info)
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{name} is not a text file") from None
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        raise InvalidInput(f"{name} cannot be read (truncated or damaged: {exc})") from None


def _checkmarks_file(files, base: PurePosixPath, position, name: str) -> str | None:  # noqa: ANN001
    wanted = []
    for name_ in files:
        pure = PurePosixPath(name_)
        if pure.name != "Checkmarks.csv" or pure.parent.parent != base:
            continue
        folder = pure.parent.name
        number, _, rest = folder.partition(" ")
        if rest == name or (position and number.isdigit() and position.isdigit() and int(number) == int(position)):  # fmt: skip
            wanted.append((rest != name, name_))
    return min(wanted)[1] if wanted else None


def _checkmark_rows(files, name: str) -> list[tuple]:  # noqa: ANN001
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(_text(files, name))), start=1):
        if not row or not row[0].strip():
            continue
        if number == 1 and not row[0].strip()[:1].isdigit():
            continue  # a header row
        if len(row) < 2:
            raise InvalidInput(f"{name} line {number}: expected Date, Value[, Notes]")
        rows.append((f"{name} line {number}:{row[0].strip()}", row[1].strip(), row[2] if len(row) > 2 else None))  # fmt: skip
    return rows


def _date(where: str) -> dt.date:
    place, _, text = where.rpartition(":")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{place} {text[:20]!r} is not a date such as 2026-11-21") from None
