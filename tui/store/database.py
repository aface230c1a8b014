"""Opening the SQLite file: checks, pragmas, migrations and the pre-migration copy.

A file is checked before SQLite writes anything to it, so a file that is not
ours (not SQLite, corrupt, another program's database, or from a newer
version) is refused and left byte-for-byte untouched, with no ``-wal`` file.

:class:`Database` is one open file: its connections (one per thread, plain
``sqlite3`` with the pragmas) and, once asked for, the Peewee models bound to
it. Every write goes through those models in :meth:`Database.write`; the
read-only fast path (``tui.store.fast``) reads through the same connection
before Peewee is imported. Paths are handled with ``os.path`` as text, since
``secondheart status`` runs this on every call.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from .errors import DatabaseFileError, NewerDatabaseError, SecondHeartError, StorageError
from .files import SQLITE_MAGIC, create_private, private_dir

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeAlias

    from .models import Models

    StrPath: TypeAlias = str | os.PathLike[str]

APPLICATION_ID = 0x53485254  # written by migrations/0001_initial.py
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    # NORMAL: a commit does not wait for the disk (an fsync takes 5-12 ms here,
    # half of a key's budget); the file is never damaged by a crash or a power
    # cut, and Database syncs the log itself right after each write, off the
    # caller's thread, and before it closes (see Database.write).
    "synchronous": 1,
}


class Database:
    """One open database file: its connections (one per thread) and its models.

    A tracker owns one; nothing about an open file lives in module globals,
    so two databases in one process stay apart. Reads on the fast path use
    :meth:`connection` (plain ``sqlite3``); Peewee is imported only when
    :attr:`models` is first asked for, and shares the same connection, so a
    raw read inside a write transaction sees that transaction's rows.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()  # .conn: this thread's connection
        self._models: Models | None = None
        self.damage: str | None = None  # set once damage is found: no more writes
        self._sync_lock = threading.Lock()
        self._sync_pending = False  # a background sync of the log is on its way
        self._sync_wanted = threading.Condition(self._sync_lock)
        self._syncer: threading.Thread | None = None  # the sync thread, once started
        self._closed = False
        self._wrote = False  # committed since the last sync
        self._held = False  # syncs wait for sync_soon() (the app: until its frame is out)

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (opened, with the pragmas, on first use)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            with guard(self.path):
                conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
                try:
                    for key, value in PRAGMAS.items():
                        conn.execute(f"PRAGMA {key} = {value}")
                except BaseException:
                    conn.close()
                    raise
            self._local.conn = conn
        return conn

    def read(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        """All rows of one read-only statement (for ``tui.store.fast``)."""
        with guard(self.path):
            return self.connection().execute(sql, params).fetchall()

    def read_one(self, sql: str, params: Sequence[object] = ()) -> tuple | None:
        with guard(self.path):
            return self.connection().execute(sql, params).fetchone()

    @property
    def models(self) -> Models:
        """The Peewee models bound to this file (imports Peewee on first use)."""
        if self._models is None:
            from .models import bind_models

            self._models = bind_models(self.connection, self.drop_connection)
        return self._models

    @contextmanager
    def write(self) -> Iterator[Models]:
        """One short IMMEDIATE transaction (a savepoint inside one already open).

        IMMEDIATE takes the write lock at the start, so two processes
        changing the same row wait for each other instead of failing
        half-way. Storage errors come out as :class:`StorageError`.
        """
        if self.damage is not None:
            raise StorageError(self.damage)
        if not os.path.exists(self.path):
            raise StorageError(
                f"{self.path} was moved or deleted while the app was open; "
                "nothing was written (restart to use the file at that path)"
            )
        models = self.models
        with guard(self.path), models.db.atomic("IMMEDIATE"):
            yield models
        if not models.db.in_transaction():
            self._durable_soon()

    # ----------------------------------------------------------- durability
    def _durable_soon(self) -> None:
        """Sync the log to the disk on the sync thread, so the key that wrote is
        drawn without waiting for the disk; one sync covers every commit before it.

        The thread is started on the first write and then waits for the next one:
        starting a thread per write cost about 0.6 ms of the key's time here.
        While syncs are held (:meth:`hold_syncs`), the commit is only noted.
        """
        with self._sync_lock:
            self._wrote = True
            if not self._held:
                self._wake_syncer()

    def hold_syncs(self) -> None:
        """From now on a commit waits for :meth:`sync_soon` to be synced.

        The app holds them: it asks for the sync once the key's frame is out
        (and at every poll, for a write that draws nothing). Waking the sync
        thread in the middle of the key took about 0.3 ms of its time here, the
        two threads taking turns with Python's lock.
        """
        self._held = True

    @property
    def unsynced(self) -> bool:
        """Whether a commit is waiting for its sync (none is on its way yet)."""
        return self._wrote and not self._sync_pending

    def sync_soon(self) -> None:
        """Hand every commit so far to the sync thread, unless that is done already."""
        with self._sync_lock:
            if self._wrote:
                self._wake_syncer()

    def _wake_syncer(self) -> None:
        """Ask the sync thread for a sync (started if need be); under ``_sync_lock``."""
        if self._sync_pending:
            return
        self._sync_pending = True
        self._closed = False  # a write after close() starts syncing again
        if self._syncer is None or not self._syncer.is_alive():
            self._syncer = threading.Thread(
                target=self._sync_loop, name="secondheart-sync", daemon=True
            )
            self._syncer.start()
        self._sync_wanted.notify()

    def _sync_loop(self) -> None:
        """The sync thread: sync whenever a commit asks for it, until the file closes."""
        while True:
            with self._sync_lock:
                while not self._sync_pending and not self._closed:
                    self._sync_wanted.wait()
                if self._closed:
                    return
            self.sync()

    def sync(self) -> None:
        """Put every commit so far on the disk (fsync of the write-ahead log)."""
        with self._sync_lock:
            self._sync_pending = False
            self._wrote = False
        try:
            fd = os.open(f"{self.path}-wal", os.O_RDONLY)
        except OSError:
            return  # no log: everything is in the main file, which SQLite syncs
        try:
            os.fsync(fd)
        except OSError:
            pass  # the next write reports a failing disk; a sync has no one to tell
        finally:
            os.close(fd)

    def check(self, full: bool = False) -> str | None:
        """Look for damage (``quick_check``, or ``integrity_check`` when ``full``).

        Returns None when the file is sound, else what SQLite found (first
        lines). Reads only.
        """
        pragma = "integrity_check" if full else "quick_check"
        rows = self.read(f"PRAGMA {pragma}")
        found = [str(row[0]) for row in rows]
        if found == ["ok"]:
            return None
        return "; ".join(found[:3]) + (f" (and {len(found) - 3} more)" if len(found) > 3 else "")

    def refuse_writes(self, reason: str) -> None:
        """From now on every write fails with ``reason`` (a damaged file stays as it is)."""
        self.damage = reason

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file."""
        row = self.read_one("PRAGMA data_version")
        return row[0] if row else 0

    def change_stamp(self) -> tuple[int, int]:
        """Changes when anyone commits: (other connections' commits, our own changes)."""
        return self.data_version(), self.connection().total_changes

    def drop_connection(self) -> None:
        """Close this thread's connection, if it has one."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            self._local.conn = None
            conn.close()

    def close(self) -> None:
        """Close this thread's connection (Peewee's hold on it included), commits synced."""
        if self._wrote or self._sync_pending:
            self.sync()
        with self._sync_lock:
            self._closed = True  # the sync thread ends
            self._sync_wanted.notify()
        if self._models is not None and not self._models.db.is_closed():
            self._models.db.close()  # closes the shared connection through drop_connection
        self.drop_connection()


_BUSY = ("database is locked", "database table is locked", "database is busy")


def storage_error(exc: BaseException, path: str) -> SecondHeartError:
    """One clear sentence for an ``sqlite3`` or Peewee error."""
    while "no transaction is active" in str(exc) and exc.__context__ is not None:
        exc = exc.__context__  # SQLite rolled back by itself after a failed write: the cause
    text = str(exc)
    lower = text.lower()
    if any(word in lower for word in _BUSY):
        return StorageError(
            "the database is busy: another program holds it; nothing was changed, try again"
        )
    if (
        "database or disk is full" in lower
        or "disk is full" in lower
        or ("disk i/o error" in lower and _cannot_grow(path))
    ):
        return StorageError("disk full: the change was not saved; free some space and try again")
    if "readonly" in lower or "read-only" in lower:
        return StorageError(f"cannot write to {path}: the file or its folder is read-only")
    if "unable to open" in lower or "disk i/o" in lower or "no such table" in lower:
        return StorageError(f"cannot use {path} any more ({text}); was it moved or deleted?")
    return StorageError(f"{path} cannot be used: {text}")


def _cannot_grow(path: str) -> bool:
    """Whether a write error is the disk (or the process's file-size limit) running out.

    SQLite reports a full disk as "disk full", but a write refused by a
    file-size limit (EFBIG) only as "disk I/O error"; both mean the same to
    a user: the file could not grow.
    """
    import resource
    import shutil

    try:
        if shutil.disk_usage(os.path.dirname(os.path.abspath(path))).free < 4 * 1024 * 1024:
            return True
        limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    except (OSError, ValueError):
        return False
    if limit == resource.RLIM_INFINITY:
        return False
    sizes = [os.path.getsize(p) for p in (path, f"{path}-wal") if os.path.exists(p)]
    return max(sizes, default=0) + 1024 * 1024 >= limit


def _is_storage_error(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.Error):
        return True
    peewee = sys.modules.get("peewee")
    return peewee is not None and isinstance(exc, peewee.PeeweeException)


@contextmanager
def guard(path: str) -> Iterator[None]:
    """Turn storage exceptions into the project's own :class:`StorageError`."""
    try:
        yield
    except Exception as exc:
        if _is_storage_error(exc):
            raise storage_error(exc, path) from None
        raise


def _header_int(header: bytes, offset: int, size: int) -> int:
    return int.from_bytes(header[offset : offset + size], "big")


def check_file(path: StrPath, known: int | None = None) -> bool:
    """Refuse a file that is not a usable Second Heart database.

    Returns True when the file already holds data (so migrations must back it
    up first), False when it is new or empty. Reads only; never writes.
    ``known`` is the newest schema this version can open (default: the
    bundled migrations).
    """
    import stat

    path = os.fspath(path)
    if os.path.isdir(path):
        raise DatabaseFileError(f"{path} is a folder, not a database file; give a file path")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise DatabaseFileError(f"cannot read {path}: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise DatabaseFileError(
            f"{path} is not a regular file (a device, pipe or socket); give a database file path"
        )
    size = info.st_size
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


def open_database(path: StrPath, migrations: StrPath | None = None) -> Database:
    """Check, open and migrate the database at ``path``."""
    from ..paths import migrations_dir

    path = os.path.expanduser(os.fspath(path))
    migrations = os.fspath(migrations or migrations_dir())
    latest = latest_migration(migrations)
    has_data = check_file(path, latest)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        private_dir(folder)
    except OSError as exc:
        raise DatabaseFileError(f"cannot create the folder {folder}: {exc.strerror}") from None
    _check_writable(path)
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        _create(path, migrations, latest)
        has_data = check_file(path, latest)
    db = Database(path)
    try:
        row = db.connection().execute("PRAGMA user_version").fetchone()
        version = row[0] if row else 0
        if version > latest:
            db.close()
            _refuse_newer(path, version, latest)
        _migrate(db, migrations, has_data, version, latest)
    except (sqlite3.DatabaseError, StorageError) as exc:
        db.close()
        raise DatabaseFileError(f"{path} cannot be used: {exc}") from None
    except BaseException:
        db.close()
        raise
    return db


def _create(path: str, migrations: str, latest: int) -> None:
    """Make a new database whole beside ``path``, then put it in place in one step.

    The new file is built and migrated under a temporary name and linked to
    ``path`` only when complete, so a first run interrupted at any moment
    (Ctrl-C, a kill, a power cut) leaves either nothing or a usable file, and
    of two first runs at once one makes the file and the other uses it.
    """
    _remove_stale(path)
    temporary = f"{path}.{os.getpid()}.new"
    _remove_with_journals(temporary)
    try:
        create_private(temporary)
        db = Database(temporary)
        try:
            _migrate(db, migrations, False, 0, latest)
        finally:
            db.close()
        try:
            if os.path.exists(path) and os.path.getsize(path) == 0:
                os.replace(temporary, path)  # an empty file given by the user
            else:
                os.link(temporary, path)
        except FileExistsError:
            pass  # another first run got there first: use its file
    except OSError as exc:
        raise DatabaseFileError(f"cannot create {path}: {exc.strerror or exc}") from None
    finally:
        _remove_with_journals(temporary)


def _remove_with_journals(path: str) -> None:
    for name in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        try:
            os.unlink(name)
        except FileNotFoundError:
            pass


def _remove_stale(path: str) -> None:
    """Remove the temporary files of first runs that were killed half-way."""
    folder = os.path.dirname(os.path.abspath(path))
    prefix = os.path.basename(path) + "."
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".new")):
            continue
        pid = name[len(prefix) : -len(".new")]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        _remove_with_journals(os.path.join(folder, name))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _check_writable(path: str) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    exists = os.path.exists(path)
    target = path if exists else folder
    if not os.access(target, os.W_OK) or not os.access(folder, os.W_OK):
        what = "file" if exists and not os.access(path, os.W_OK) else "folder"
        raise DatabaseFileError(
            f"cannot write to the {what} {target} (read-only); check its permissions"
        )


def _migrate(db: Database, migrations: str, has_data: bool, version: int, latest: int) -> None:
    if version >= latest:
        return
    from playhouse.migrations import Runner

    runner = Runner(db.models.db, migrations)
    files = {m.name for m in runner.migrations()}
    unknown = set(runner.applied()) - files
    if unknown:
        raise NewerDatabaseError(
            f"{db.path} was written by a newer version of Second Heart "
            f"(it has migration {sorted(unknown)[-1]}); upgrade to open it. "
            "The file was left untouched"
        )
    if has_data:
        backup_copy(db.path, f"{db.path}.before-schema-{latest}.bak")
    runner.up()
    conn = db.connection()
    conn.execute(f"PRAGMA user_version = {latest}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def backup_copy(source: StrPath, destination: StrPath) -> StrPath:
    """A consistent copy of the live database through SQLite's backup API (0600)."""
    private_dir(os.path.dirname(os.path.abspath(destination)))
    create_private(destination)
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


def utc_stamp() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
