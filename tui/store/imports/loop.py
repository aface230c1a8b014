"""Loop Habit Tracker's ``.db`` backup (schema version 25 or older).

Assumption, documented in the README: Loop writes its schema version where
Android's SQLiteOpenHelper keeps it, in ``PRAGMA user_version``; a file that
says more than 25 is refused, one that says 0 is read if it has the tables
and columns below.

* ``Habits``: ``id``, ``name``, ``question``, ``description``, ``type`` (0
  yes/no, 1 number), ``target_type`` (0 at least, 1 at most),
  ``target_value``, ``unit``, ``freq_num``, ``freq_den``, ``archived``,
  ``position``, ``uuid``. Only ``id``, ``name``, ``freq_num`` and
  ``freq_den`` are required; older backups lack the rest.
* ``Repetitions``: ``habit``, ``timestamp`` (milliseconds, UTC midnight of
  the day), ``value``, ``notes``.

Values: 2 a yes entered by hand; 1 an automatic yes that Loop infers from the
frequency (not a check-in, so not imported); 0 no; 3 skip; -1 unknown.
Number habits store the amount × 1000 (and 3 still means a skip: 0.003 of
anything is not a plausible amount). A note is kept whatever the value.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from ...core.errors import InvalidInput
from ...core.text import plural
from ..files import SQLITE_MAGIC
from .records import Day, Habit, Parsed, Unrepresentable, derived_uuid, head, schedule_for

SOURCE = "Loop Habit Tracker backup"
NEWEST_SCHEMA = 25
YES_MANUAL, YES_AUTO, NO, SKIP, UNKNOWN = 2, 1, 0, 3, -1
HABIT_COLUMNS = (
    "name", "question", "description", "type", "target_type", "target_value", "unit",
    "freq_num", "freq_den", "archived", "position", "uuid",
)  # fmt: skip
REQUIRED = {"Habits": {"id", "name", "freq_num", "freq_den"}, "Repetitions": {"habit", "timestamp", "value"}}  # fmt: skip


def looks_like(path: Path) -> bool:
    """Whether ``path`` is an SQLite file with Loop's two tables (read only, never changed)."""
    if head(Path(path), 16) != SQLITE_MAGIC[:16]:
        return False
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return False
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return {"Habits", "Repetitions"} <= {name for (name,) in rows}


def read(path: Path) -> Parsed:
    """Read a Loop backup; raises InvalidInput (one sentence) for a file that is not one."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            header = handle.read(16)
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder; give Loop's .db backup file") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
    if header != SQLITE_MAGIC[:16]:
        raise InvalidInput(f"{path} is not a Loop Habit Tracker backup (not an SQLite file)")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise InvalidInput(f"{path} cannot be read as a Loop backup ({exc})") from None
    try:
        return _read(conn, path)
    except sqlite3.DatabaseError as exc:
        raise InvalidInput(
            f"{path} is damaged or truncated ({exc}); nothing was imported"
        ) from None
    finally:
        conn.close()


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}


def _read(conn: sqlite3.Connection, path: Path) -> Parsed:
    conn.execute("PRAGMA quick_check").fetchall()  # a truncated file fails here, not half-way
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}  # fmt: skip
    if not {"Habits", "Repetitions"} <= tables:
        raise InvalidInput(
            f"{path} is another app's SQLite file, not a Loop Habit Tracker backup "
            "(it has no Habits and Repetitions tables)"
        )
    if version > NEWEST_SCHEMA:
        raise InvalidInput(
            f"{path} was written by a newer Loop Habit Tracker (schema {version}); "
            f"this version reads schema {NEWEST_SCHEMA} or older. Nothing was imported"
        )
    for table, needed in REQUIRED.items():
        missing = needed - _columns(conn, table)
        if missing:
            raise InvalidInput(
                f"{path} is not a Loop backup this version can read "
                f"(the {table} table has no {', '.join(sorted(missing))} column)"
            )
    have = _columns(conn, "Habits")
    listed = ", ".join(c if c in have else f"NULL AS {c}" for c in HABIT_COLUMNS)
    habits = conn.execute(f"SELECT id, {listed} FROM Habits ORDER BY position, id").fetchall()
    notes = "notes" if "notes" in _columns(conn, "Repetitions") else "NULL"
    repetitions: dict[int, list[tuple]] = {}
    for habit, timestamp, value, note in conn.execute(
        f"SELECT habit, timestamp, value, {notes} FROM Repetitions ORDER BY timestamp"
    ):
        repetitions.setdefault(habit, []).append((timestamp, value, note))
    parsed = Parsed(SOURCE)
    for row in habits:
        habit_id, fields = row[0], dict(zip(HABIT_COLUMNS, row[1:], strict=True))
        name = str(fields["name"] or "")
        try:
            habit = habit_from(fields, name)
            habit.days = days_from(repetitions.get(habit_id, []), habit.kind, _day_of_stamp)
        except Unrepresentable as exc:
            parsed.left_out.append((name, str(exc)))
            continue
        if not habit.uuid:
            habit.uuid = derived_uuid("loop", name)
        parsed.habits.append(habit)
    return parsed


def habit_from(fields: dict, name: str) -> Habit:
    """A Loop habit's fields (from the backup or the CSV export) in Second Heart's terms."""
    kind = "count" if _int(fields.get("type"), 0) == 1 else "check"
    if _int(fields.get("type"), 0) not in (0, 1):
        raise Unrepresentable(f"an unknown habit type {fields.get('type')!r}")
    times, days = _int(fields.get("freq_num"), 1), _int(fields.get("freq_den"), 1)
    unit = str(fields.get("unit") or "").strip() or None
    target = 1.0
    if kind == "count":
        target = _float(fields.get("target_value"), 0.0)
        amount = f"{target:g} {unit or ''}".strip()
        if _int(fields.get("target_type"), 0) == 1:
            raise Unrepresentable(
                f"an at-most target ({amount} or less); Second Heart's targets are minimums"
            )
        if days != 1 or times != 1:
            raise Unrepresentable(
                f"a total of {amount} per {plural(days, 'day')}; Second Heart sets a target per day"
            )
    schedule, approximation = schedule_for(times, days)
    guide = "\n\n".join(str(fields.get(k) or "").strip() for k in ("question", "description"))
    identity = str(fields.get("uuid") or "").strip()
    habit = Habit(
        name=name,
        kind=kind,
        target=target,
        unit=unit,
        schedule=schedule,
        archived=bool(_int(fields.get("archived"), 0)),
        guide=guide.strip(),
        uuid=_uuid(identity),
        approximations=[approximation] if approximation else [],
    )
    return habit


def days_from(rows, kind: str, day_of) -> dict[dt.date, Day]:  # noqa: ANN001 - rows of any source
    """Loop's (timestamp or date, value, note) rows as days; automatic yeses are dropped."""
    days: dict[dt.date, Day] = {}
    for when, value, note in rows:
        day = day_of(when)
        code = _int(value, UNKNOWN)
        note = str(note).strip() if note else None
        record = Day(note=note)
        if code == SKIP:
            record.skipped = True
        elif kind == "check" and code == YES_MANUAL:
            record.amount = 1.0
        elif kind == "count" and code > 0:
            record.amount = code / 1000
        elif note is None:
            continue  # no, unknown, or an automatic yes: nothing was checked in
        days[day] = record
    return days


def _day_of_stamp(timestamp: object) -> dt.date:
    try:
        return dt.datetime.fromtimestamp(int(timestamp) / 1000, dt.UTC).date()  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError, OSError):
        raise InvalidInput(f"a repetition has an unreadable timestamp {timestamp!r}") from None


def _uuid(text: str) -> str:
    import uuid

    try:
        return uuid.UUID(text).hex if text else ""
    except ValueError:
        return ""


def _int(value: object, default: int) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def _float(value: object, default: float) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
