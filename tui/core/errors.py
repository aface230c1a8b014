"""The errors a user can cause, each carrying one clear sentence.

They live in ``core`` so that the rules (``tui.core.rules``) raise the same
errors the store, the command line and the screens catch.
"""


class SecondHeartError(Exception):
    """Base for errors shown to the user as one line, never a traceback."""


class InvalidInput(SecondHeartError):
    """A value that cannot be accepted (amount, date, setting, field)."""


class LookupFailed(SecondHeartError):
    """An unknown or ambiguous exercise, or similar."""
