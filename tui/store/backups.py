"""Backups through SQLite's backup API: one a day kept for a week, on demand, restore.

Daily copies live in ``backups/`` beside the database as
``secondheart-YYYY-MM-DD.db``; only the newest seven are kept. Copies made on
demand or before a restore carry a time as well and are never pruned.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

from ..paths import backups_dir
from .database import backup_copy, check_file
from .errors import DatabaseFileError

KEEP_DAILY = 7
DAILY = re.compile(r"^secondheart-\d{4}-\d{2}-\d{2}\.db$")


def daily_backup(db_path: Path, today: dt.date) -> Path | None:
    """Make today's backup if there is none yet; prune old daily ones."""
    folder = backups_dir(db_path)
    target = folder / f"secondheart-{today.isoformat()}.db"
    if target.exists():
        return None
    try:
        backup_copy(db_path, target)
    except (OSError, sqlite3.Error):
        return None  # a missed backup must never stop the app; the next start tries again
    daily = sorted(p for p in folder.iterdir() if DAILY.match(p.name))
    for old in daily[:-KEEP_DAILY]:
        old.unlink(missing_ok=True)
    return target


def backup_now(db_path: Path, now: dt.datetime) -> Path:
    """A copy on demand, named by the time."""
    target = backups_dir(db_path) / f"secondheart-{now:%Y-%m-%d-%H%M%S}.db"
    try:
        return backup_copy(db_path, target)
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseFileError(f"cannot write the backup {target}: {exc}") from None


def restore(db_path: Path, source: Path, now: dt.datetime) -> Path:
    """Replace the database's content with ``source``; the current file is kept first."""
    source = Path(source).expanduser()
    if not source.is_file():
        raise DatabaseFileError(f"{source}: no such backup file")
    if check_file(source) is False:
        raise DatabaseFileError(f"{source} is empty, not a Second Heart backup")
    try:
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseFileError(f"{source} cannot be read: {exc}") from None
    if verdict != "ok":
        raise DatabaseFileError(f"{source} is damaged ({verdict}); nothing was restored")
    kept = backups_dir(db_path) / f"before-restore-{now:%Y-%m-%d-%H%M%S}.db"
    backup_copy(db_path, kept)
    backup_copy(source, db_path)  # through the backup API, so open panes see it at once
    return kept
