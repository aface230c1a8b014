"""Backups through SQLite's backup API: one a day kept for a week, on demand, restore.

Daily copies live in ``backups/`` beside the database as
``secondheart-YYYY-MM-DD.db``; only the newest seven are kept. Copies made on
demand or before a restore carry a time as well and are never pruned.

Damage never spreads into the backups: the live file is checked
(``PRAGMA quick_check``) before every automatic copy, and a damaged file is
neither copied nor allowed to rotate out a good copy. The caller is told
which copy is the newest good one and how to restore it.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..paths import backups_dir
from .database import backup_copy, check_file
from .errors import DatabaseFileError

KEEP_DAILY = 7
DAILY = re.compile(r"^secondheart-\d{4}-\d{2}-\d{2}\.db$")
ANY_BACKUP = re.compile(r"^(secondheart|before-restore)-[\d-]+\.db$")


@dataclass(frozen=True)
class DailyBackup:
    """What the daily backup did: the copy it made (or None) and any damage found."""

    copy: Path | None
    damage: str | None = None  # one sentence for the user, naming the copy to restore


def quick_check(path: Path, full: bool = False) -> str | None:
    """None when the file is sound, else what SQLite found (reads only)."""
    from .fast import damage

    return damage(str(path), full)


def newest_good(db_path: Path) -> Path | None:
    """The newest backup copy (each was checked before it was made), if any."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return None
    copies = [p for p in folder.iterdir() if ANY_BACKUP.match(p.name)]
    return max(copies, key=lambda p: p.stat().st_mtime, default=None)


def damage_message(db_path: Path, found: str) -> str:
    """The sentence a user gets when the database is damaged."""
    good = newest_good(db_path)
    restore = (
        f"the newest good copy is {good}; restore it with: secondheart restore {good}"
        if good
        else "there is no backup copy yet; copy the file somewhere safe before anything else"
    )
    return f"{db_path} is damaged ({found}); nothing more will be written to it. {restore}"


def daily_backup(db_path: Path, today: dt.date) -> DailyBackup:
    """Make today's backup if there is none yet (after a damage check); prune old ones."""
    folder = backups_dir(db_path)
    target = folder / f"secondheart-{today.isoformat()}.db"
    if target.exists():
        return DailyBackup(None)
    found = quick_check(db_path)
    if found is not None:
        return DailyBackup(None, damage_message(Path(db_path), found))
    try:
        backup_copy(db_path, target)
    except (OSError, sqlite3.Error):
        return DailyBackup(None)  # a missed backup must never stop the app; the next start tries
    daily = sorted(p for p in folder.iterdir() if DAILY.match(p.name))
    for old in daily[:-KEEP_DAILY]:
        old.unlink(missing_ok=True)
    return DailyBackup(target)


def backup_now(db_path: Path, now: dt.datetime) -> Path:
    """A copy on demand, named by the time."""
    target = backups_dir(db_path) / f"secondheart-{now:%Y-%m-%d-%H%M%S}.db"
    found = quick_check(db_path)
    if found is not None:
        raise DatabaseFileError(damage_message(Path(db_path), found))
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
    verdict = quick_check(source)
    if verdict is not None:
        raise DatabaseFileError(f"{source} is damaged ({verdict}); nothing was restored")
    kept = backups_dir(db_path) / f"before-restore-{now:%Y-%m-%d-%H%M%S}.db"
    backup_copy(db_path, kept)
    backup_copy(source, db_path)  # through the backup API, so open panes see it at once
    return kept
