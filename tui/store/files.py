"""Files the app writes: private to their owner, whole or not at all.

Health history is nobody else's business on a shared machine, so every file
the app creates (the database, backups, exports) is readable by its owner
only (0600) and every folder it creates is 0700. Exports are written to a
temporary file beside the target and renamed into place, so an interrupted
write never leaves half a file.
"""

from __future__ import annotations

import os
import stat

from .errors import InvalidInput, StorageError

FILE_MODE = 0o600
DIR_MODE = 0o700
SQLITE_MAGIC = b"SQLite format 3\x00"


def private_dir(folder: str | os.PathLike[str]) -> None:
    """Create ``folder`` (and its parents) as 0700 where it does not exist yet."""
    os.makedirs(folder, mode=DIR_MODE, exist_ok=True)


def create_private(path: str | os.PathLike[str]) -> None:
    """Create ``path`` as an empty 0600 file if it does not exist (never truncates)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)


def _describe_os_error(exc: OSError, path: str) -> str:
    import errno

    if exc.errno == errno.ENOSPC:
        return f"disk full: {path} was not written"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write {path}: the folder is read-only or not yours"
    return f"cannot write {path}: {exc.strerror or exc}"


def check_output_path(path: str, database: str) -> None:
    """Refuse an output file that is the live database, its journal, or any SQLite file."""
    target = os.path.realpath(path)
    live = os.path.realpath(database)
    if target in {live, *(live + suffix for suffix in ("-wal", "-shm", "-journal"))}:
        raise InvalidInput(f"{path} is the live database (or its journal); choose another file")
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InvalidInput(f"cannot use {path}: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InvalidInput(f"{path} is a folder; give a file name")
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(f"{path} is not a regular file; give a file name")
    try:
        with open(target, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError:
        return
    if head == SQLITE_MAGIC:
        raise InvalidInput(f"{path} is an SQLite database; an export never overwrites one")


def write_private(path: str, text: str) -> None:
    """Write ``text`` to ``path`` whole (a temporary file renamed into place), as 0600."""
    folder = os.path.dirname(os.path.abspath(path))
    temporary = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        private_dir(folder)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise StorageError(_describe_os_error(exc, path)) from None
