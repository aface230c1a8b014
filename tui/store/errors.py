"""Errors a user can cause or meet; each carries one clear sentence.

The store raises only these (never an ``sqlite3`` or Peewee exception), so
screens and the command line catch :class:`SecondHeartError` alone.
"""

from ..core.errors import InvalidInput, LookupFailed, SecondHeartError

__all__ = [
    "DatabaseFileError",
    "InvalidInput",
    "LookupFailed",
    "NewerDatabaseError",
    "SecondHeartError",
    "StorageError",
]


class DatabaseFileError(SecondHeartError):
    """The database file cannot be used; it has been left untouched."""


class NewerDatabaseError(DatabaseFileError):
    """The file was written by a newer Second Heart."""


class StorageError(SecondHeartError):
    """A read or write failed (busy, disk full, file gone); nothing was changed."""
