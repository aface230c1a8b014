"""Opening the SQLite file: checks, pragmas, migrations and the pre-migration copy.

A file is checked before SQLite writes anything to it, so a file that is not
ours (not SQLite, corrupt, another program's database, or from a newer
version) is refused and left byte-for-byte untouched, with no ``-wal`` file.

This module also owns the connection (one per thread) and transactions, in
plain ``sqlite3``: reads that run on every start-up and every ``secondheart
status`` go straight through it, and Peewee (``tui.store.models``) is only
imported by the code that uses its models, sharing the same connection. For
the same reason paths are handled with ``os.path`` and returned as text.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from .errors import DatabaseFileError, NewerDatabaseError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeAlias

    StrPath: TypeAlias = str | os.PathLike[str]

APPLICATION_ID = 0x53485254  # written by migrations/0001_initial.py
SQLITE_MAGIC = b"SQLite format 3\x00"
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    "synchronous": 2,  # FULL: an acknowledged write survives a power cut
}


_path: str | None = None  # the open database file
_local = threading.local()  # .conn: this thread's connection
_savepoints = itertools.count(1)


def connection() -> sqlite3.Connection:
    """This thread's connection to the open database (opened on first use)."""
    conn = getattr(_local, "conn", None)
    if conn is None:
        if _path is None:
            raise sqlite3.ProgrammingError("no database is open")
        conn = sqlite3.connect(_path, timeout=10, isolation_level=None)
        for key, value in PRAGMAS.items():
            conn.execute(f"PRAGMA {key} = {value}")
        _local.conn = conn
    return conn


def execute(sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
    """Run one statement on this thread's connection."""
    return connection().execute(sql, params)


@contextmanager
def transaction() -> Iterator[None]:
    """An IMMEDIATE transaction, or a savepoint inside one already open.

    IMMEDIATE takes the write lock at the start, so two processes changing
    the same row wait for each other instead of failing half-way.
    """
    conn = connection()
    if conn.in_transaction:
        name = f"sh_{next(_savepoints)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # the body failed, or the commit itself did
            conn.execute("ROLLBACK")
        raise


def drop_connection() -> None:
    """Close this thread's connection, if it has one."""
    conn = getattr(_local, "conn", None)
    if conn is not None:
        _local.conn = None
        conn.close()


def close() -> None:
    """Close this thread's connection, and Peewee's hold on it if Peewee is loaded."""
    models = sys.modules.get(f"{__package__}.models")
    if models is not None and not models.db.is_closed():
        models.db.close()  # closes the shared connection through drop_connection
    drop_connection()


def _header_int(header: bytes, offset: int, size: int) -> int:
    return int.from_bytes(header[offset : offset + size], "big")


def check_file(path: StrPath, known: int | None = None) -> bool:
    """Refuse a file that is not a usable Second Heart database.

    Returns True when the file already holds data (so migrations must back it
    up first), False when it is new or empty. Reads only; never writes.
    ``known`` is the newest schema this version can open (default: the
    bundled migrations).
    """
    path = os.fspath(path)
    if os.path.isdir(path):
        raise DatabaseFileError(f"{path} is a folder, not a database file; give a file path")
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise DatabaseFileError(f"cannot read {path}: {exc.strerror}") from None
    if size == 0:
        return False
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise DatabaseFileError(f"cannot read {path}: {exc.strerror}") from None
    if not header.startswith(SQLITE_MAGIC):
        raise DatabaseFileError(
            f"{path} is not a Second Heart database (not an SQLite file); it was left untouched"
        )
    page_size = _header_int(header, 16, 2)
    page_size = 65536 if page_size == 1 else page_size
    pages = _header_int(header, 28, 4)
    if (
        len(header) < 100
        or page_size < 512
        or page_size & (page_size - 1)
        or size % page_size
        or pages * page_size > size
    ):
        raise DatabaseFileError(
            f"{path} is damaged (truncated or corrupt); it was left untouched. "
            "Restore a backup with 'secondheart restore FILE'"
        )
    app_id = _header_int(header, 68, 4)
    if app_id == APPLICATION_ID:
        version = _header_int(header, 60, 4)
        _refuse_newer(path, version, known)
        return True
    if app_id != 0 or _has_tables(path):
        raise DatabaseFileError(
            f"{path} is another program's SQLite database, not Second Heart's; "
            "it was left untouched"
        )
    return False


def _has_tables(path: str) -> bool:
    """Whether an SQLite file without our marker holds any tables (read-only look)."""
    from pathlib import Path

    uri = f"{Path(path).resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise DatabaseFileError(
            f"{path} is damaged or not a Second Heart database; it was left untouched"
        ) from None


def _refuse_newer(path: str, version: int, known: int | None = None) -> None:
    if known is None:
        from ..paths import migrations_dir

        known = latest_migration(migrations_dir())
    if version > known:
        raise NewerDatabaseError(
            f"{path} was written by a newer version of Second Heart (schema {version}, "
            f"this version knows {known}); upgrade Second Heart to open it. "
            "The file was left untouched"
        )


def latest_migration(directory: StrPath) -> int:
    """The highest migration number in ``directory`` (files named ``NNNN_*.py``)."""
    numbers = [
        int(name[:4])
        for name in os.listdir(directory)
        if name[:4].isdigit() and name[4:5] == "_" and name.endswith(".py")
    ]
    return max(numbers, default=0)


def open_database(path: StrPath, migrations: StrPath | None = None) -> str:
    """Check, open and migrate the database at ``path``; returns its path as text."""
    from ..paths import migrations_dir

    path = os.path.expanduser(os.fspath(path))
    migrations = os.fspath(migrations or migrations_dir())
    latest = latest_migration(migrations)
    has_data = check_file(path, latest)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise DatabaseFileError(f"cannot create the folder {folder}: {exc.strerror}") from None
    _check_writable(path)
    global _path
    close()
    _path = path
    try:
        version = execute("PRAGMA user_version").fetchone()[0]
        if version > latest:
            close()
            _refuse_newer(path, version, latest)
        _migrate(path, migrations, has_data, version, latest)
    except sqlite3.DatabaseError as exc:
        close()
        raise DatabaseFileError(f"{path} cannot be used: {exc}") from None
    return path


def _check_writable(path: str) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    exists = os.path.exists(path)
    target = path if exists else folder
    if not os.access(target, os.W_OK) or not os.access(folder, os.W_OK):
        what = "file" if exists and not os.access(path, os.W_OK) else "folder"
        raise DatabaseFileError(
            f"cannot write to the {what} {target} (read-only); check its permissions"
        )


def _migrate(path: str, migrations: str, has_data: bool, version: int, latest: int) -> None:
    if version >= latest:
        return
    from playhouse.migrations import Runner

    from .models import db

    runner = Runner(db, migrations)
    files = {m.name for m in runner.migrations()}
    unknown = set(runner.applied()) - files
    if unknown:
        close()
        raise NewerDatabaseError(
            f"{path} was written by a newer version of Second Heart "
            f"(it has migration {sorted(unknown)[-1]}); upgrade to open it. "
            "The file was left untouched"
        )
    if has_data:
        backup_copy(path, f"{path}.before-schema-{latest}.bak")
    runner.up()
    execute(f"PRAGMA user_version = {latest}")
    execute("PRAGMA wal_checkpoint(TRUNCATE)")


def backup_copy(source: StrPath, destination: StrPath) -> StrPath:
    """A consistent copy of the live database through SQLite's backup API."""
    os.makedirs(os.path.dirname(os.path.abspath(destination)), exist_ok=True)
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(destination)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return destination


def data_version() -> int:
    """Changes whenever another connection commits to the file."""
    return execute("PRAGMA data_version").fetchone()[0]


def utc_stamp() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
