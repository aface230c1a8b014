"""``secondheart journal`` and ``secondheart report``: the leg journal from the command line.

Kept apart from ``tui.cli`` so the fast commands never load them; ``tui.cli``
names the commands and hands these functions its own helpers (open the
tracker, read a DATE, print a line safely), so this module never imports it
back. Values go through the same rules as the Journal screen
(``tui.core.rules``), so the messages match.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .cli_options import note_options
from .core.text import note_outcome


@dataclass(frozen=True)
class Helpers:
    """What the command line lends these commands."""

    open: Callable[[argparse.Namespace], Any]  # the tracker for --db, at the commands' clock
    day: Callable[[argparse.Namespace, Any], Any]  # --date read against the tracker's today
    say: Callable[..., None]  # one line, stored text never acting on the terminal


def journal_arguments(journal: argparse.ArgumentParser) -> None:
    journal.add_argument(
        "symptom",
        metavar="SYMPTOM",
        nargs="?",
        help="cramps, foot-pain, numbness, cold-feet, restless-legs, heavy-legs, "
        "skin-colour or slow-wound (default: show the day)",
    )
    journal.add_argument(
        "level",
        metavar="LEVEL",
        nargs="?",
        help="0-3 or none, mild, moderate, severe; yes or no for skin-colour and slow-wound",
    )
    journal.add_argument("--date", metavar="DATE", default="today")
    note_options(journal)


def report_arguments(report: argparse.ArgumentParser) -> None:
    report.add_argument(
        "--days",
        type=int,
        choices=(30, 90, 365),
        default=90,
        help="the days the report covers, up to today (default: 90)",
    )
    report.add_argument(
        "-o", "--output", metavar="FILE", help="file to write (default: standard output)"
    )
    report.add_argument(
        "--format", choices=("html", "md"), default="html", help="an HTML page or Markdown"
    )


def cmd_journal(args: argparse.Namespace, helpers: Helpers) -> int:
    from .core import rules
    from .core.errors import InvalidInput
    from .core.journal import BY_SLUG, SYMPTOMS, level_glyphs
    from .store import journal

    say = helpers.say
    if args.symptom is not None and args.level is None:
        say(
            f"secondheart journal: give a LEVEL for {args.symptom}: 0-3 (none, mild, "
            "moderate, severe), or yes/no for a red flag",
            file=sys.stderr,
        )
        return 2
    symptom = level = None
    if args.symptom is not None:  # checked before the file is opened: same words as the app
        symptom = rules.journal_symptom(args.symptom)
        level = rules.journal_level(symptom, args.level)
    if args.note is not None and rules.note(args.note) is None:
        raise InvalidInput(
            "--note adds text to the day's note and this text is empty; "
            '--replace-note "" removes the note'
        )
    if args.replace_note is not None:
        rules.note(args.replace_note)
    tracker = helpers.open(args)
    day = helpers.day(args, tracker)
    rules.journal_day(day, tracker.today())
    noted = None
    if args.note is not None:  # the note first: it is the one write that can still be refused
        noted = _add_note(tracker, day, args.note)
    elif args.replace_note is not None:
        noted = _replace_note(tracker, day, args.replace_note)
    if symptom is not None:
        journal.set_level(tracker, day, symptom, level)
        item = BY_SLUG[symptom]
        say(f"{item.slug}: {item.level_word(level)} on {day:%a %d %b %Y}")
    if noted is not None:
        say(noted)
    if symptom is not None and item.red_flag and level:
        _doctor(say, item.words)
    if symptom is not None or noted is not None:
        return 0
    entry = journal.day_of(tracker, day)
    say(f"Leg journal · {day:%a %d %b %Y}")
    for item in SYMPTOMS:
        found = entry.level(item.slug)
        say(f"  {item.slug:<14} {level_glyphs(item, found):<4} {item.level_word(found)}")
    if entry.note:
        for number, line in enumerate(entry.note.splitlines() or [""]):
            say(f"{'note: ' if number == 0 else '      '}{line}")
    if entry.red_flags:
        _doctor(say, ", ".join(s.words for s in entry.red_flags))
    return 0


def _add_note(tracker: Any, day: Any, text: str) -> str:
    """Add to the day's note; one line saying what became of the note already there."""
    from .store import journal

    entry, before = journal.add_note(tracker, day, text)
    return note_outcome(f"{day:%a %d %b %Y}", before, entry.note, replacing=False)


def _replace_note(tracker: Any, day: Any, text: str) -> str:
    """Replace (or remove) the day's note; one line saying what happened."""
    from .store import journal

    before = journal.day_of(tracker, day).note
    entry = journal.set_note(tracker, day, text)
    return note_outcome(f"{day:%a %d %b %Y}", before, entry.note, replacing=True)


def _doctor(say: Callable[..., None], words: str) -> None:
    """The doctor guidance, at once, after a red flag is recorded (or shown)."""
    from .guides import doctor_guidance

    say("")
    say(f"Recorded: {words}.")
    for line in doctor_guidance().splitlines():
        say(line)


def cmd_report(args: argparse.Namespace, helpers: Helpers) -> int:
    from .core.report import render_html, render_markdown
    from .guides import DISCLAIMER
    from .store.report import gather

    say = helpers.say
    tracker = helpers.open(args)
    data = gather(tracker, args.days, DISCLAIMER)
    text = render_html(data) if args.format == "html" else render_markdown(data)
    if args.output and args.output != "-":
        from .store.files import check_output_path, write_private

        output = os.path.expanduser(args.output)
        check_output_path(output, tracker.file)
        write_private(output, text)
        say(f"wrote {args.output}", file=sys.stderr)
        return 0
    if sys.stdout.isatty():  # user text is shown, never obeyed
        from .core.text import visible_lines

        sys.stdout.write(visible_lines(text))
    else:
        sys.stdout.write(text)
    return 0
