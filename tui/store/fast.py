"""The read-only fast path: the few raw SELECTs that run before Peewee is imported.

THE RULE for new code: reads and writes go through the Peewee models
(``Database.models`` / ``Database.write``). This module is only for the hot
reads that must not pay for importing Peewee:

* ``secondheart status``, which a status bar runs every few seconds, timer
  running or not;
* Today's first frame (the day's exercises, entries and streaks), and the
  same read of the one entry a tick is about to change (run inside the
  write's transaction: building that SELECT through Peewee cost more than
  half a millisecond of every tick; the write itself still goes through the
  models);
* the history that the streak engine reads (every exercise's entries).

Everything here is a SELECT; nothing writes. Each function has a twin test
(``tests/test_fast.py``) that runs the same query through the models on a
generated history and checks both give the same answer. Results are plain
objects from ``tui.core``, never rows.
"""

from __future__ import annotations

import datetime as dt

from ..core import schedule as schedules
from ..core.model import Entry, Exercise
from ..core.reminders import Claim
from ..core.timer import ACTIVE, COMPLETED, Session, stored_instant
from .database import Database
from .errors import StorageError


def _unreadable(db: Database, exc: Exception) -> StorageError:
    return StorageError(
        f"{db.path} looks damaged: a stored value cannot be read ({exc}); run 'secondheart doctor'"
    )


_EXERCISE_COLUMNS = (
    "id, slug, name, kind, target, goal, step, unit, schedule, position, archived, guide, created,"
    " uuid, remind"
)
_ACTIVE = ", ".join(f"'{status}'" for status in ACTIVE)


def _exercise(values: tuple) -> Exercise:
    *head, schedule, position, archived, guide, created, uuid, remind = values  # head: id .. unit
    return Exercise(
        *head,
        schedules.parse(schedule),
        position,
        bool(archived),
        guide,
        dt.date.fromisoformat(str(created)[:10]),
        uuid or "",
        remind,
    )


def exercises(db: Database, include_archived: bool = False) -> list[Exercise]:
    """The exercises in list order."""
    where = "" if include_archived else " WHERE archived = 0"
    sql = f"SELECT {_EXERCISE_COLUMNS} FROM exercise{where} ORDER BY position, id"
    try:
        return [_exercise(values) for values in db.read(sql)]
    except (ValueError, TypeError) as exc:
        raise _unreadable(db, exc) from None


def has_exercises(db: Database) -> bool:
    return db.read_one("SELECT 1 FROM exercise LIMIT 1") is not None


def day_entries(db: Database, day: dt.date, ids: list[int]) -> dict[int, Entry]:
    """The day's entries of the given exercises, by exercise id."""
    rows = db.read(
        "SELECT exercise_id, amount, target, skipped, note FROM entry"
        f" WHERE day = ? AND exercise_id IN ({', '.join('?' * len(ids))})",
        (day.isoformat(), *ids),
    )
    return {
        ex_id: Entry(day, amount, target, bool(skipped), note)
        for ex_id, amount, target, skipped, note in rows
    }


def history(
    db: Database, exercise_id: int, since: dt.date | None = None, until: dt.date | None = None
) -> dict[dt.date, Entry]:
    """One exercise's entries by day, optionally within [since, until]."""
    sql = "SELECT day, amount, target, skipped, note FROM entry WHERE exercise_id = ?"
    params: list[object] = [exercise_id]
    if since is not None:
        sql += " AND day >= ?"
        params.append(since.isoformat())
    if until is not None:
        sql += " AND day <= ?"
        params.append(until.isoformat())
    parse = dt.date.fromisoformat
    result = {}
    try:
        for day, amount, target, skipped, note in db.read(sql, params):
            day = parse(day)
            result[day] = Entry(day, amount, target, bool(skipped), note)
    except (ValueError, TypeError) as exc:
        raise _unreadable(db, exc) from None
    return result


# julianday() of 0001-01-01 at midnight, less one: a day's julianday minus this is
# Python's date.toordinal() of that day
_ORDINAL_OFFSET = 1721424.5


def history_groups(db: Database, exercise_id: int) -> list[tuple[float, float, int, list[int]]]:
    """One exercise's whole history as (amount, target, skipped, ordinal days) groups.

    One group per distinct (amount, target, skipped) with the days that have
    it, as ``date.toordinal()`` numbers computed by SQLite: ten years are a
    few rows instead of 3 650, and no date objects are made (see
    ``core.streaks.History.from_groups``). What the values mean (met,
    partial...) is the streak engine's business, not this query's.
    """
    # json reads the day numbers at C speed: about 40 % fewer instructions than split and int()
    from json import loads

    rows = db.read(
        "SELECT amount, target, skipped, count(*),"
        f" group_concat(CAST(julianday(day) - {_ORDINAL_OFFSET} AS INTEGER))"
        " FROM entry WHERE exercise_id = ? GROUP BY amount, target, skipped",
        (exercise_id,),
    )
    groups = []
    for amount, target, skipped, count, days in rows:
        ordinals = loads(f"[{days}]") if days else []
        if len(ordinals) != count:  # group_concat leaves out a day julianday() cannot read
            raise _unreadable(db, ValueError("a day that is not a date"))
        groups.append((amount, target, skipped, ordinals))
    return groups


def settings(db: Database) -> dict[str, str]:
    """The stored settings (defaults are the caller's business)."""
    return dict(db.read("SELECT key, value FROM setting"))


def has_active_session(db: Database) -> bool:
    """Whether a timer session is running or paused (one indexed read)."""
    return db.read_one(f"SELECT 1 FROM session WHERE status IN ({_ACTIVE}) LIMIT 1") is not None


def active_session(db: Database) -> tuple[Session, str, str] | None:
    """The running or paused session, with its exercise's name and kind."""
    row = db.read_one(
        "SELECT s.id, s.started, s.planned_seconds, s.paused_seconds, s.paused_at, s.status,"
        " s.ended, e.slug, e.name, e.kind FROM session AS s JOIN exercise AS e"
        f" ON e.id = s.exercise_id WHERE s.status IN ({_ACTIVE})"
        " ORDER BY s.started DESC, s.id DESC LIMIT 1"
    )
    if row is None:
        return None
    sid, started, planned, paused, paused_at, status, ended, slug, name, kind = row
    try:
        session = Session.from_stored(sid, slug, started, planned, paused, paused_at, status, ended)
    except (ValueError, TypeError) as exc:
        raise _unreadable(db, exc) from None
    return session, name, kind


def reminders(db: Database, day: dt.date) -> list[Claim]:
    """The day's reminder rows (claimed, snoozed, dismissed, movement breaks)."""
    rows = db.read(
        "SELECT exercise_id, time, state FROM reminder WHERE day = ? ORDER BY time, id",
        (day.isoformat(),),
    )
    return [Claim(exercise_id, time, state) for exercise_id, time, state in rows]


def last_session_end(db: Database, exercise_id: int, day: dt.date) -> dt.datetime | None:
    """When the exercise's last completed timer session of ``day`` ended, or None."""
    row = db.read_one(
        "SELECT MAX(ended) FROM session WHERE exercise_id = ? AND day = ? AND status = ?",
        (exercise_id, day.isoformat(), COMPLETED),
    )
    try:
        return stored_instant(row[0]) if row and row[0] else None
    except (ValueError, TypeError) as exc:
        raise _unreadable(db, exc) from None


# --- a file on its own (no open tracker): the damage checks ---------------------------


def _read_only(path: str):  # noqa: ANN202 - an sqlite3 connection
    import sqlite3
    from pathlib import Path

    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def damage(path: str, full: bool = False) -> str | None:
    """None when the file is sound, else what SQLite found (first lines; reads only).

    ``quick_check`` by default (before every automatic backup and on the
    first start of a day), the full ``integrity_check`` and foreign-key check
    with ``full`` (``secondheart doctor``).
    """
    import sqlite3

    pragma = "integrity_check" if full else "quick_check"
    try:
        conn = _read_only(path)
        try:
            found = [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}").fetchall()]
            orphans = conn.execute("PRAGMA foreign_key_check").fetchall() if full else []
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if found != ["ok"]:
        more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
        return "; ".join(found[:3]) + more
    if orphans:
        from ..core.text import plural

        verb = "points" if len(orphans) == 1 else "point"
        return f"{plural(len(orphans), 'row')} {verb} to records that are gone"
    return None


def counts(path: str) -> dict[str, int]:
    """How many exercises, entries and timer sessions the file holds (reads only)."""
    conn = _read_only(path)
    try:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("exercise", "entry", "session")
        }
    finally:
        conn.close()


def exercise_slugs(path: str) -> list[str]:
    """Every exercise's slug, active ones first, in list order (for shell completion).

    Reads only, and never creates a file: no file, or one that cannot be
    read, gives no slugs.
    """
    import os
    import sqlite3

    if not os.path.isfile(path):
        return []
    try:
        conn = _read_only(path)
        try:
            rows = conn.execute("SELECT slug FROM exercise ORDER BY archived, position, id")
            return [str(slug) for (slug,) in rows.fetchall()]
        finally:
            conn.close()
    except sqlite3.Error:
        return []
