"""Errors a user can cause or meet; each carries one clear sentence."""


class SecondHeartError(Exception):
    """Base for errors shown to the user as one line, never a traceback."""


class DatabaseFileError(SecondHeartError):
    """The database file cannot be used; it has been left untouched."""


class NewerDatabaseError(DatabaseFileError):
    """The file was written by a newer Second Heart."""


class LookupFailed(SecondHeartError):
    """An unknown or ambiguous exercise, or similar."""


class InvalidInput(SecondHeartError):
    """A value that cannot be accepted (amount, date, setting, field)."""
