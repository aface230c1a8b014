"""Backups through SQLite's backup API: one a day kept for a week, on demand, restore.

Copies live in ``backups/`` beside the database and are named after its file,
so two databases in one folder keep their own: for ``second.db``, the daily
copy is ``second-YYYY-MM-DD.db`` (only the newest seven are kept), a copy
made on demand ``second-YYYY-MM-DD-HHMMSS.db`` and the copy kept before a
restore ``second-before-restore-YYYY-MM-DD-HHMMSS.db``. Those two are never
pruned, and never overwrite each other: a name already taken gets ``-2``,
``-3``… (claimed with an exclusive create, so two processes never share one).

Copies named the old way (``secondheart-YYYY-MM-DD….db`` and
``before-restore-….db``, whatever the database was called) stay where they
are and are still offered: by ``secondheart restore`` and by the damage
message, as copies whose database is not known for sure.

Damage never spreads into the backups: the live file is checked
(``PRAGMA quick_check``) before every automatic copy, and a damaged file is
neither copied nor allowed to rotate out a good copy. The caller is told
which copy is the newest good one and how to restore it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..paths import backups_dir
from .database import backup_copy, check_file
from .errors import DatabaseFileError
from .files import FILE_MODE, private_dir

KEEP_DAILY = 7
_DATE = r"\d{4}-\d{2}-\d{2}"
_MOMENT = rf"{_DATE}(-\d{{6}}(-\d+)?)?"
# How every copy was named before copies were named after their database.
OLD_NAME = re.compile(rf"^(secondheart|before-restore)-{_MOMENT}\.db$")
OLD_DEFAULT = "secondheart"  # the old daily copies carried the default database's name


@dataclass(frozen=True)
class DailyBackup:
    """What the daily backup did: the copy it made (or None) and any damage found."""

    copy: Path | None
    damage: str | None = None  # one sentence for the user, naming the copy to restore


def quick_check(path: Path, full: bool = False) -> str | None:
    """None when the file is sound, else what SQLite found (reads only)."""
    from .fast import damage

    return damage(str(path), full)


def base_name(db_path: str | os.PathLike[str]) -> str:
    """What a database's copies are named after: its file name without ``.db``."""
    name = Path(db_path).name
    return name[: -len(".db")] if name.endswith(".db") and len(name) > 3 else name


def _daily_name(db_path: str | os.PathLike[str]) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(base_name(db_path))}-{_DATE}\.db$")


def _own_name(db_path: str | os.PathLike[str]) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(base_name(db_path))}-(before-restore-)?{_MOMENT}\.db$")


@dataclass(frozen=True)
class Copy:
    """One backup copy of a database; ``old_name`` when named before copies had owners."""

    path: Path
    old_name: bool

    @property
    def made(self) -> float:
        return self.path.stat().st_mtime


def copies(db_path: str | os.PathLike[str]) -> list[Copy]:
    """The database's backup copies, newest first, old-named ones that may be its own too.

    A copy named the old way (``secondheart-….db``) is left out only when the
    folder holds ``secondheart.db``, whose copies are named so today.
    """
    folder = backups_dir(db_path)
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    own = _own_name(db_path)
    others_default = base_name(db_path) != OLD_DEFAULT and os.path.exists(
        Path(db_path).parent / f"{OLD_DEFAULT}.db"
    )
    found = []
    for name in names:
        if own.match(name):
            found.append(Copy(folder / name, old_name=False))
        elif OLD_NAME.match(name) and not (others_default and name.startswith(OLD_DEFAULT)):
            found.append(Copy(folder / name, old_name=True))
    with_times = []
    for copy in found:
        try:
            with_times.append((copy.made, copy))
        except OSError:  # removed while we looked
            continue
    return [copy for _, copy in sorted(with_times, key=lambda pair: pair[0], reverse=True)]


def newest_good(db_path: Path) -> Path | None:
    """The newest backup copy (each was checked before it was made), if any."""
    found = copies(db_path)
    return found[0].path if found else None


def _claim(folder: Path, stem: str) -> Path:
    """A new, empty 0600 file ``stem.db`` (or ``stem-2.db``, …): never one that exists."""
    private_dir(folder)
    number = 1
    while True:
        target = folder / (f"{stem}.db" if number == 1 else f"{stem}-{number}.db")
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
        except FileExistsError:
            number += 1
            continue
        return target


def _copy_to_new(db_path: Path, stem: str) -> Path:
    """A consistent copy of the database in a file of its own in the backups folder."""
    target = _claim(backups_dir(db_path), stem)
    try:
        backup_copy(db_path, target)
    except BaseException:
        target.unlink(missing_ok=True)  # no empty or half copy left to be mistaken for one
        raise
    return target


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
    target = folder / f"{base_name(db_path)}-{today.isoformat()}.db"
    if target.exists():
        return DailyBackup(None)
    found = quick_check(db_path)
    if found is not None:
        return DailyBackup(None, damage_message(Path(db_path), found))
    try:
        backup_copy(db_path, target)
    except (OSError, sqlite3.Error):
        return DailyBackup(None)  # a missed backup must never stop the app; the next start tries
    daily_name = _daily_name(db_path)
    daily = sorted(p for p in folder.iterdir() if daily_name.match(p.name))
    for old in daily[:-KEEP_DAILY]:
        old.unlink(missing_ok=True)
    return DailyBackup(target)


def backup_now(db_path: Path, now: dt.datetime) -> Path:
    """A copy on demand, named by the time (never over another copy)."""
    found = quick_check(db_path)
    if found is not None:
        raise DatabaseFileError(damage_message(Path(db_path), found))
    folder = backups_dir(db_path)
    try:
        return _copy_to_new(Path(db_path), f"{base_name(db_path)}-{now:%Y-%m-%d-%H%M%S}")
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseFileError(f"cannot write a backup in {folder}: {exc}") from None


def restore(db_path: Path, source: Path, now: dt.datetime) -> Path:
    """Replace the database's content with ``source``; the current file is kept first.

    ``source`` may also be the bare name of a copy in the backups folder.
    Returns the safety copy of the current file, in a file no other copy uses.
    """
    source = Path(source).expanduser()
    in_backups = backups_dir(db_path) / source.name
    if not source.exists() and source.name == str(source) and in_backups.is_file():
        source = in_backups
    if not source.is_file():
        raise DatabaseFileError(f"{source}: no such backup file")
    if check_file(source) is False:
        raise DatabaseFileError(f"{source} is empty, not a Second Heart backup")
    verdict = quick_check(source)
    if verdict is not None:
        raise DatabaseFileError(f"{source} is damaged ({verdict}); nothing was restored")
    stem = f"{base_name(db_path)}-before-restore-{now:%Y-%m-%d-%H%M%S}"
    try:
        kept = _copy_to_new(Path(db_path), stem)
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseFileError(
            f"cannot keep a copy of the current file ({exc}); nothing was restored"
        ) from None
    backup_copy(source, db_path)  # through the backup API, so open panes see it at once
    return kept
