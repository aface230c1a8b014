"""Options that more than one command of the command line takes (imports nothing)."""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: this module imports nothing the command line does not
if TYPE_CHECKING:
    import argparse


def note_options(parser: argparse.ArgumentParser) -> None:
    """``--note`` (adds to the day's note) and ``--replace-note``, one or the other."""
    notes = parser.add_mutually_exclusive_group()
    notes.add_argument(
        "--note",
        metavar="TEXT",
        help="add TEXT to the day's note, on a line of its own (the note already there is kept)",
    )
    notes.add_argument(
        "--replace-note",
        metavar="TEXT",
        help="replace the day's note with TEXT (empty text removes it)",
    )
