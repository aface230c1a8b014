"""The errors a user can cause, each carrying one clear sentence.

They live in ``core`` so that the rules (``tui.core.rules``) raise the same
errors the store, the command line and the screens catch.
"""


class SecondHeartError(Exception):
    """Base for errors shown to the user as one line, never a traceback."""


class InvalidInput(SecondHeartError):
    """A value that cannot be accepted (amount, date, setting, field).

    ``field`` names the exercise field it is about ("name", "target", …) when
    one is, so a form can show the sentence beside that field.
    """

    field: str | None = None


class LookupFailed(SecondHeartError):
    """An unknown or ambiguous exercise, or similar."""
