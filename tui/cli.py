"""The command line: ``secondheart`` and ``python -m tui``.

Only opening the TUI imports Textual; ``status``, ``check`` and the other
commands stay on the fast path (argparse and sqlite3; Peewee only where a command
edits exercises, timers or imports). The app itself, started with nothing but
``--db PATH``, imports no argparse.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import sys
from collections.abc import Callable

from . import __version__
from .cli_options import note_options

TYPE_CHECKING = False  # not typing's: ``status`` runs this module and never needs typing
if TYPE_CHECKING:  # types only: the command line imports no more than it runs
    import argparse
    from datetime import date

    from .core.model import Exercise
    from .store.service import Tracker

EPILOG = """\
EXERCISE is a slug (ankle-pumps) or an unambiguous prefix of a slug or name.
DATE is today, yesterday, -3 (days ago) or an ISO date such as 2026-11-21.
The database is --db PATH, else $SECONDHEART_DB, else the user data folder
(see 'secondheart locate').
'secondheart help COMMAND' shows one command's options; 'secondheart completion
bash' (or zsh, fish) prints a script that completes them with Tab.

Not medical advice: read 'secondheart about' (the disclaimer) before you start.
"""


def _help_width() -> int:
    """The width argparse would wrap help at, found without importing ``shutil``.

    argparse builds a formatter for every argument it adds, and each asks
    ``shutil.get_terminal_size``; importing shutil alone is a noticeable share
    of ``secondheart status``, which a status bar runs every few seconds.
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 80
    return max(columns, 20) - 2


_parser_class: type[argparse.ArgumentParser] | None = None


def _parser() -> type[argparse.ArgumentParser]:
    """The argument parser class, defined on first use (argparse is imported then)."""
    global _parser_class
    if _parser_class is not None:
        return _parser_class
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # one line, exit 2
            self.print_usage(sys.stderr)
            say(f"{self.prog}: {message}", file=sys.stderr)  # typed words never act on the terminal
            self.exit(2)

        def _get_formatter(self) -> argparse.HelpFormatter:
            return self.formatter_class(prog=self.prog, width=_help_width())

        def _check_value(self, action: argparse.Action, value: object) -> None:
            """A word that is not one of the choices gets 'did you mean …?' when one is close."""
            if action.choices is None or value in action.choices:
                return
            from .core.suggest import did_you_mean

            choices = [str(choice) for choice in action.choices]
            hint = did_you_mean(str(value), choices) or f"choose from {', '.join(choices)}"
            raise argparse.ArgumentError(action, f"invalid choice {value!r}; {hint}")

    _parser_class = _Parser
    return _Parser


COMMAND_HELP = {
    "tui": "open the app (the default)",
    "demo": "open the app on a throw-away database with a year of history",
    "check": "record exercise done, or add an amount",
    "skip": "mark a rest day (it bridges the streak)",
    "status": "one short line for a status bar or prompt",
    "exercises": "list, add, edit, archive or delete exercises",
    "export": "write everything as JSON or CSV",
    "import": "merge a JSON export, or another tracker's history, in (safe to repeat)",
    "timer": "start, pause, resume, cancel or show the session timer",
    "config": "show or change settings",
    "locate": "print where the database, config and themes live",
    "backup": "copy the database into the backups folder now",
    "restore": "restore a backup (the current file is kept first), or list them",
    "doctor": "run the full integrity check of the database (reads only)",
    "about": "the disclaimer and the sources of the guide",
    "stats": "streaks, strength, completion and the five best streaks",
    "remind": "deliver the reminders due now, once (for cron or a systemd timer)",
    "journal": "record or show the day's leg symptoms (0-3) and red-flag signs",
    "report": "a page for your clinician: routine, elevation, symptoms, notes",
    "help": "the help of secondheart, or of one command (as --help prints it)",
    "completion": "print the shell completion script for bash, zsh or fish",
}


def _command_in(argv: list[str]) -> str | None:
    """The subcommand named in ``argv`` (the first word that is not an option)."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _only_main_options(argv: list[str]) -> dict[str, str | None] | None:
    """``{"db": PATH}`` when ``argv`` holds nothing but ``--db PATH`` or ``--db=PATH``
    (the last one counts, as in argparse), or nothing: the app starting, with no
    parser needed. Anything else, None: argparse reads it (and says what is wrong).
    """
    db = None
    words = iter(argv)
    for word in words:
        if word == "--db":
            db = next(words, None)
            if db is None or db.startswith("-"):
                return None  # missing, or an option where the path should be
        elif word.startswith("--db="):
            db = word.removeprefix("--db=")
        else:
            return None
    return {"db": db}


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given ``argv``, only the subcommand it names is built.

    Building every subcommand costs more than the rest of ``secondheart
    status`` put together, and tmux runs that every few seconds. Without a
    known subcommand (``--help``, a typo), all of them are built, so the help
    and the error list every command. (The app itself, started with only
    ``--db PATH``, needs no parser: see ``_only_main_options``.)
    """
    import argparse

    _Parser = _parser()
    parser = _Parser(
        prog="secondheart",
        description="Second Heart: leg-circulation exercises, streaks and elevation timers.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", metavar="PATH", help="the database file to use")
    parser.add_argument("--version", action="version", version=f"secondheart {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    wanted = _command_in(argv) if argv is not None else None
    if wanted in COMMAND_HELP:
        names = [wanted]
    else:
        names = list(COMMAND_HELP)
    for name in names:
        text = COMMAND_HELP[name]
        command = sub.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        if argv is None or name == wanted:
            ARGUMENTS.get(name, lambda _parser: None)(command)
    return parser


def _check_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument("exercise", metavar="EXERCISE")
    check.add_argument(
        "amount", metavar="AMOUNT", nargs="?", help="amount to add (default: mark done)"
    )
    check.add_argument("--date", metavar="DATE", default="today")
    note_options(check)


def _skip_arguments(skip: argparse.ArgumentParser) -> None:
    skip.add_argument("exercise", metavar="EXERCISE")
    skip.add_argument("--date", metavar="DATE", default="today")
    skip.add_argument("--undo", action="store_true", help="take the skip back")


def _status_arguments(status: argparse.ArgumentParser) -> None:
    import argparse

    from .store.status import DEFAULT_FORMAT, fields_help

    status.add_argument(
        "--format",
        metavar="TEMPLATE",
        default=None,
        help="the line to print, with the fields below",
    )
    status.formatter_class = argparse.RawDescriptionHelpFormatter
    status.epilog = (
        f"{fields_help()}\n\n"
        f"The default TEMPLATE is '{DEFAULT_FORMAT}'. Examples:\n"
        "  secondheart status --format '{done}/{total} {percent}%'\n"
        "  tmux: set -g status-right '#(secondheart status)'\n"
        "  bash: PS1='$(secondheart status --format \"{left} left\") \\w \\$ '"
    )


def _exercises_arguments(exercises: argparse.ArgumentParser) -> None:
    ex_sub = exercises.add_subparsers(dest="action", metavar="ACTION", parser_class=_parser())
    ex_list = ex_sub.add_parser("list", help="list exercises (the default)")
    ex_list.add_argument("--all", action="store_true", help="include archived ones")
    exercises.add_argument("--all", action="store_true", help="include archived ones")
    ex_add = ex_sub.add_parser("add", help="add an exercise")
    ex_add.add_argument("name", metavar="NAME")
    _exercise_options(ex_add, kind_default="check")
    ex_edit = ex_sub.add_parser("edit", help="change an exercise")
    ex_edit.add_argument("exercise", metavar="EXERCISE")
    ex_edit.add_argument("--name")
    _exercise_options(ex_edit, kind_default=None)
    for name, text in (
        ("archive", "hide an exercise, keeping its history"),
        ("unarchive", "bring an archived exercise back"),
    ):
        item = ex_sub.add_parser(name, help=text)
        item.add_argument("exercise", metavar="EXERCISE")
    delete = ex_sub.add_parser(
        "delete", help="delete an exercise and its history (asks first; archive keeps it)"
    )
    delete.add_argument("exercise", metavar="EXERCISE")
    delete.add_argument("--yes", action="store_true", help="do not ask first")
    move = ex_sub.add_parser("move", help="move an exercise up or down the routine")
    move.add_argument("exercise", metavar="EXERCISE")
    move.add_argument("direction", choices=("up", "down"))


def _export_arguments(export: argparse.ArgumentParser) -> None:
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument(
        "-o", "--output", metavar="FILE", help="file to write (default: standard output)"
    )


def _restore_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="a backup file, or the name of one in the backups folder (default: list them)",
    )


def _import_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("file", metavar="PATH")
    command.add_argument(
        "--from",
        dest="source",
        choices=("loop", "loop-csv", "harsh", "dijo", "csv"),
        help="read another tracker's history (default: a Second Heart JSON export)",
    )
    command.add_argument(
        "--dry-run", action="store_true", help="print what would change and write nothing"
    )


def _timer_arguments(timer: argparse.ArgumentParser) -> None:
    timer_sub = timer.add_subparsers(dest="action", metavar="ACTION", parser_class=_parser())
    timer_start = timer_sub.add_parser("start", help="start a session (default: leg elevation)")
    timer_start.add_argument(
        "exercise",
        metavar="EXERCISE",
        nargs="?",
        default=None,
        help="a sessions or minutes exercise (default: leg-elevation)",
    )
    timer_start.add_argument(
        "--minutes",
        metavar="N",
        type=float,
        help="length in minutes (default: elevation-minutes, or the exercise's target)",
    )
    timer_sub.add_parser("pause", help="pause the running session")
    timer_sub.add_parser("resume", help="resume the paused session")
    timer_sub.add_parser("cancel", help="stop the session (elevation: it does not count)")
    timer_sub.add_parser("status", help="the running session and the time left (the default)")


def _help_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "topic", metavar="COMMAND", nargs="*", help="a command, and an action of it: exercises add"
    )


SHELLS = ("bash", "zsh", "fish")


def _completion_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("shell", metavar="SHELL", choices=SHELLS, help=" or ".join(SHELLS))


def _config_arguments(config: argparse.ArgumentParser) -> None:
    config.add_argument("key", metavar="KEY", nargs="?")
    config.add_argument("value", metavar="VALUE", nargs="?")


def _stats_arguments(stats: argparse.ArgumentParser) -> None:
    stats.add_argument(
        "exercise", metavar="EXERCISE", nargs="?", help="one exercise (default: all, perfect days)"
    )
    stats.add_argument(
        "--days", metavar="N", type=_positive_days, help="also the completion over the last N days"
    )
    stats.add_argument("--json", action="store_true", help="one JSON object (see the README)")


def _positive_days(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of days: {text!r}") from None
    if not 1 <= value <= 36600:
        raise argparse.ArgumentTypeError("N must be between 1 and 36600 days")
    return value


ARGUMENTS = {
    "stats": _stats_arguments,
    "check": _check_arguments,
    "skip": _skip_arguments,
    "status": _status_arguments,
    "exercises": _exercises_arguments,
    "export": _export_arguments,
    "import": _import_arguments,
    "timer": _timer_arguments,
    "config": _config_arguments,
    "restore": _restore_arguments,
    "journal": lambda parser: _journal().journal_arguments(parser),
    "report": lambda parser: _journal().report_arguments(parser),
    "help": _help_arguments,
    "completion": _completion_arguments,
}


def _journal():
    from . import journal_cli

    return journal_cli


def _helpers():
    return _journal().Helpers(open=_open, day=_day, say=say)


def _exercise_options(parser: argparse.ArgumentParser, kind_default: str | None) -> None:
    parser.add_argument(
        "--kind", choices=("check", "count", "minutes", "sessions"), default=kind_default
    )
    parser.add_argument("--target", metavar="N")
    parser.add_argument("--goal", metavar="N", help="optional stretch goal")
    parser.add_argument("--step", metavar="N", help="step for +/- in the app")
    parser.add_argument("--unit")
    parser.add_argument("--schedule", help="daily, mon,wed,fri, every 3 days, or 3/week")
    parser.add_argument("--guide", help="guide text (Markdown)")
    parser.add_argument(
        "--remind",
        metavar="TIMES",
        help=(
            "reminder times such as 10:00,15:30; none clears them; suggested (sessions only);"
            " default restores the exercise's default"
        ),
    )


def db_path(args: argparse.Namespace) -> str:
    from .paths import default_db_path

    return os.path.expanduser(args.db) if args.db else default_db_path()


# Commands run with the garbage collector off: they allocate a lot and free
# little, so collecting only costs time. The app (tui, demo) turns it back on
# after its first frame; stats saves about 7 of 9 ms of collecting on ten years.
UNCOLLECTED = frozenset({"tui", "demo", "stats"})


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (secondheart completion)
        return _complete()
    wanted = _command_in(argv)
    if wanted is not None and wanted not in COMMAND_HELP:
        return _unknown_command("secondheart", wanted)
    options = _only_main_options(argv)
    if options is not None:  # the app: argparse would find nothing more
        from types import SimpleNamespace

        args = SimpleNamespace(command=None, **options)
    else:
        args = build_parser(argv).parse_args(argv)
    command = args.command or "tui"
    collecting = gc.isenabled()
    if command in UNCOLLECTED:
        gc.disable()
    try:
        if command in ("tui", "demo"):
            from .run import run_app

            path = db_path(args) if command == "tui" else None
            fresh = path is not None and not os.path.exists(path)
            code = run_app(path, demo=command == "demo")
            if fresh and os.path.exists(path):
                _created(path)
            return code
        handler = COMMANDS[command]
        try:
            return handler(args)
        finally:
            opened = getattr(args, "tracker", None)
            if opened is not None:
                opened.close()  # the last connection out checkpoints and removes the -wal
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # one line for anything a user can cause
        from .store.errors import SecondHeartError

        if isinstance(exc, SecondHeartError):
            return fail(str(exc))
        if isinstance(exc, sqlite3.Error):  # the store translates these; a last safety net
            from .store.database import storage_error

            return fail(str(storage_error(exc, db_path(args))))
        if isinstance(exc, OSError):
            return fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
        raise
    finally:
        if collecting:
            gc.enable()  # for a caller in the same process (the app enables it itself)


def say(text: str, file=None) -> None:  # noqa: ANN001 - a text stream
    """Print one line of output; stored text never acts on the terminal (see core.text)."""
    from .core.text import visible

    print(visible(text), file=file or sys.stdout)


def fail(message: str) -> int:
    say(f"secondheart: {message}", file=sys.stderr)
    return 1


def _unknown_command(prog: str, word: str) -> int:
    """A word that is no command: one line, with the closest commands when any are close."""
    from .core.suggest import did_you_mean

    hint = did_you_mean(word, COMMAND_HELP) or "see 'secondheart help' for the commands"
    say(f"{prog}: unknown command {word!r}; {hint}", file=sys.stderr)
    return 2


def _created(path: str) -> None:
    """The one note that a database file was made (a new path, or a typo in --db)."""
    say(f"secondheart: created a new database at {os.path.abspath(path)}", file=sys.stderr)


# Returns the Clock for the commands' Tracker; None means the system clock.
# Tests replace it to run the commands at a fixed, movable time.
_clock_factory: Callable[[], object] = lambda: None  # noqa: E731


def _open(args: argparse.Namespace):
    from .store.service import Tracker

    path = db_path(args)
    fresh = not os.path.exists(path)
    tracker = Tracker.open(path, clock=_clock_factory())
    args.tracker = tracker  # closed by main() when the command is done
    if fresh:
        _created(path)
    if tracker.has_active_session():
        from .store import timers

        # A session that ran out while no app was open is recorded now, once
        # (a fast read; Peewee only when there really is one to record).
        timers.settle_due(tracker)
    return tracker


def _day(args: argparse.Namespace, tracker) -> object:
    from .core.dates import parse_day
    from .store.errors import InvalidInput

    try:
        day = parse_day(args.date, tracker.today())
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    return day


def _describe(tracker, exercise, entry) -> str:
    from .core.model import is_met, progress_text

    met = is_met(entry.amount, entry.target)
    state = (
        "skipped (rest day)"
        if entry.skipped and not met
        else progress_text(exercise, entry.amount, entry.target)
    )
    mark = " ✓" if met and exercise.kind != "check" else ""
    return f"{exercise.name}: {state}{mark} on {entry.day:%a %d %b %Y}"


def cmd_check(args: argparse.Namespace) -> int:
    from .core import rules
    from .store.errors import InvalidInput

    amount = None if args.amount is None else rules.amount(args.amount)
    if args.note is not None and rules.note(args.note) is None:
        raise InvalidInput(
            "--note adds text to the day's note and this text is empty; "
            '--replace-note "" removes the note'
        )
    if args.replace_note is not None:
        rules.note(args.replace_note)  # the same rule and message as the app's note box
    tracker = _open(args)
    exercise = tracker.exercise(args.exercise)
    if amount is not None:
        rules.amount_for(amount, exercise.kind)  # 12.5 reps: the form's rule and message
    day = _day(args, tracker)
    noted = None
    if args.note is not None:  # the note first: it is the one write that can still be refused
        noted = _add_note(tracker, exercise, day, args.note)
    elif args.replace_note is not None:
        noted = _replace_note(tracker, exercise, day, args.replace_note)
    entry = (
        tracker.mark_done(exercise, day) if amount is None else tracker.step(exercise, day, amount)
    )
    say(_describe(tracker, exercise, entry))
    if noted is not None:
        say(noted)
    return 0


def _add_note(tracker: Tracker, exercise: Exercise, day: date, text: str) -> str:
    """Add to the exercise's note for the day; one line saying what became of the old one."""
    from .core.text import note_outcome

    entry, before = tracker.add_note(exercise, day, text)
    return note_outcome(f"{day:%a %d %b %Y}", before, entry.note, replacing=False)


def _replace_note(tracker: Tracker, exercise: Exercise, day: date, text: str) -> str:
    """Replace (or remove) the exercise's note for the day; one line saying what happened."""
    from .core.text import note_outcome

    entry, before = tracker.replace_note(exercise, day, text)
    return note_outcome(f"{day:%a %d %b %Y}", before, entry.note, replacing=True)


def cmd_skip(args: argparse.Namespace) -> int:
    tracker = _open(args)
    exercise = tracker.exercise(args.exercise)
    entry = tracker.skip(exercise, _day(args, tracker), on=not args.undo)
    say(_describe(tracker, exercise, entry))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from .store.errors import InvalidInput
    from .store.status import check_template, status_line

    if args.format is not None:
        try:
            check_template(args.format)
        except InvalidInput as exc:  # a usage error: exit 2, like argparse's own
            say(f"secondheart status: {exc}", file=sys.stderr)
            return 2
    tracker = _open(args)
    say(status_line(tracker, args.format))
    return 0


def cmd_exercises(args: argparse.Namespace) -> int:
    from .core.model import format_amount

    tracker = _open(args)
    action = args.action or "list"
    if action == "list":
        rows = tracker.exercises(include_archived=args.all)
        width = max((len(e.slug) for e in rows), default=4)
        for e in rows:
            target = "done" if e.kind == "check" else f"{format_amount(e.target)} {e.unit}".strip()
            goal = f" (goal {format_amount(e.goal)})" if e.goal else ""
            archived = "  [archived]" if e.archived else ""
            reminds = _reminds(e)
            reminds = f" · reminds {reminds}" if reminds != "never" else ""
            say(
                f"{e.slug:<{width}}  {e.name} · {target}{goal} · {e.schedule.describe()}"
                f"{reminds}{archived}"
            )
        return 0
    if action == "add":
        e = tracker.add_exercise(
            args.name,
            kind=args.kind,
            target=args.target,
            goal=args.goal,
            step=args.step,
            unit=args.unit,
            schedule=args.schedule or "daily",
            guide=args.guide or "",
            remind=args.remind,
        )
        say(f"added {e.slug}: {e.name}")
        return 0
    if action == "edit":
        changes = {
            key: getattr(args, key)
            for key in (
                "name",
                "kind",
                "target",
                "goal",
                "step",
                "unit",
                "schedule",
                "guide",
                "remind",
            )
            if getattr(args, key) is not None
        }
        if not changes:
            return fail(
                "nothing to change: give --name, --kind, --target, --goal, --step, --unit,"
                " --schedule, --guide or --remind"
            )
        e = tracker.edit_exercise(args.exercise, **changes)
        reminds = _reminds(e)
        say(
            f"changed {e.slug}: {e.name}" + (f" · reminds {reminds}" if "remind" in changes else "")
        )
        return 0
    if action in ("archive", "unarchive"):
        e = tracker.archive_exercise(args.exercise, archived=action == "archive")
        say(f"{action}d {e.slug}")
        return 0
    if action == "delete":
        return _delete_exercise(tracker, args)
    if action == "move":
        e = tracker.exercise(args.exercise)
        moved = tracker.move_exercise(e, -1 if args.direction == "up" else 1)
        say(
            f"moved {e.slug} {args.direction}"
            if moved
            else f"{e.slug} is already at the {'top' if args.direction == 'up' else 'bottom'}"
        )
        return 0
    raise AssertionError(action)


def _reminds(exercise) -> str:  # noqa: ANN001 - a core Exercise
    from .core.reminders import describe

    return describe(exercise.kind, exercise.remind) or "never"


def cmd_remind(args: argparse.Namespace) -> int:
    """Deliver the reminders due now, once: print them and send a desktop notification."""
    from .core.reminders import summary
    from .store.reminders import deliver_due

    tracker = _open(args)
    won, _now = deliver_due(tracker)
    if not won:
        return 0
    for item in won:
        say(f"Reminder: {item.name} ({', '.join(item.times)})")
    from .core.text import visible
    from .notify import desktop_notify

    desktop_notify("Second Heart", visible(f"Time for {summary(won)}"))
    return 0


def _delete_exercise(tracker, args: argparse.Namespace) -> int:
    """Delete after a y/N question on a terminal; without one, only with --yes."""
    from .core.text import visible

    e = tracker.exercise(args.exercise)
    history = tracker.history(e)
    if not args.yes:
        if not sys.stdin.isatty():
            return fail(f"not deleting {e.slug} without --yes (no terminal to ask on)")
        print(visible(f"{history.question(e.name)} [y/N] "), end="", flush=True)
        try:
            answer = sys.stdin.readline().strip().lower()
        except KeyboardInterrupt:
            answer = ""
        if answer not in ("y", "yes"):
            say(f"kept {e.slug}; nothing deleted")
            return 1
    tracker.delete_exercise(e)
    say(f"deleted {e.slug} ({e.name}) with {history.words()}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .store.transfer import export_text

    tracker = _open(args)
    if args.output and args.output != "-":
        from .store.files import check_output_path, write_private

        output = os.path.expanduser(args.output)
        check_output_path(output, tracker.file)
        write_private(output, export_text(tracker, args.format))
        say(f"wrote {args.output}", file=sys.stderr)
        return 0
    text = export_text(tracker, args.format)
    if sys.stdout.isatty():  # on a terminal: notes and names shown, never obeyed
        from .core.text import visible_lines

        sys.stdout.write(visible_lines(text))
    else:  # to a file or a pipe: exactly the data
        sys.stdout.write(text)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .store.errors import InvalidInput
    from .store.imports import source_hint

    path = Path(args.file).expanduser()
    if args.source:
        from .store.imports import import_from

        if args.dry_run:
            lines = _dry_run_lines(args, args.source, str(path))
        else:
            lines = import_from(_open(args), args.source, path).lines()
        for line in lines:
            say(line)
        return 0
    if not path.exists():
        raise InvalidInput(f"{path}: no such file")
    hint = source_hint(path)  # another tracker's file (or our CSV) given as a JSON export
    if args.dry_run:
        raise InvalidInput(f"--dry-run goes with --from; a JSON export is merged as it is{hint}")
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder, not a JSON export{hint}")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}: not a text file{hint}") from None
    from .store.transfer import decode_export, import_text

    try:  # a file that is no export is refused before any database is opened or created
        decode_export(text)
    except InvalidInput as exc:
        raise InvalidInput(f"{exc}{hint}") from None
    tracker = _open(args)
    counts = import_text(tracker, text)
    from .core.text import plural

    say(
        f"imported {plural(counts['exercises'], 'exercise')}, "
        f"{plural(counts['entries'], 'entry', 'entries')}, "
        f"{plural(counts['sessions'], 'session')}, "
        f"{plural(counts['journal'] + counts['journal_notes'], 'journal record')} from {path}"
    )
    return 0


def _dry_run_lines(args: argparse.Namespace, source: str, path: str) -> list[str]:
    """The report of a dry run of ``import --from SOURCE PATH``; it never creates the database.

    A database that exists is opened as usual. For one that does not, the
    plan is made against a new database (the default routine) in a throw-away
    folder, removed as soon as the plan is made, and a note says so.
    """
    from .store.imports import import_from

    where = db_path(args)
    if os.path.exists(where) and os.path.getsize(where) > 0:
        return import_from(_open(args), source, path, dry_run=True).lines()
    import tempfile

    from .store.service import Tracker

    with tempfile.TemporaryDirectory(prefix="secondheart-dry-run-") as folder:
        tracker = Tracker.open(os.path.join(folder, "new.db"), clock=_clock_factory())
        try:
            lines = import_from(tracker, source, path, dry_run=True).lines()
        finally:
            tracker.close()
    say(
        f"secondheart: there is no database at {os.path.abspath(where)} yet; the dry run "
        "compared with a new one (the default routine) and created none",
        file=sys.stderr,
    )
    return lines


def cmd_timer(args: argparse.Namespace) -> int:
    from .core import timer as engine
    from .core.model import format_amount
    from .store import timers

    tracker = _open(args)
    action = args.action or "status"
    now = tracker.clock.utcnow()

    def local(moment) -> str:
        return tracker.clock.local(moment).strftime("%H:%M")

    def left(timed) -> str:
        return engine.format_mmss(engine.remaining(timed.session, now))

    if action == "start":
        timed = timers.start(tracker, args.exercise, args.minutes)
        length = timers.length_text(timed.session.planned_seconds)
        ends = local(engine.end_time(timed.session))
        say(f"{timed.name}: {length} started at {local(timed.session.started)}, ends {ends}")
    elif action == "pause":
        timed = timers.pause(tracker)
        say(f"{timed.name}: paused, {left(timed)} left")
    elif action == "resume":
        timed = timers.resume(tracker)
        say(
            f"{timed.name}: resumed, {left(timed)} left, ends {local(engine.end_time(timed.session))}"
        )
    elif action == "cancel":
        timed, credited = timers.cancel(tracker)
        counted = (
            f"; {format_amount(credited)} min counted"
            if credited
            else "; it does not count"
            if timed.kind == "sessions"
            else ""
        )
        say(f"{timed.name}: cancelled{counted}")
    else:
        timed = timers.active_timed(tracker)
        if timed is not None:
            state = "paused" if timed.session.status == engine.PAUSED else "running"
            ends = f", ends {local(engine.end_time(timed.session))}" if state == "running" else ""
            say(f"{timed.name}: {left(timed)} left ({state}{ends})")
            return 0
        last = timers.last_finished(tracker)
        if last is None or last.session.ended is None:
            say("no timer running")
            return 0
        plan = timers.day_plan(tracker)
        done = last.session.status == engine.COMPLETED
        what = f"{'done' if done else 'cancelled'} at {local(last.session.ended)}"
        if done and plan.elevation is not None and last.exercise == plan.elevation.slug:
            what += f" ({format_amount(plan.done)}/{format_amount(plan.target)} today)"
        say(f"no timer running; last: {last.name} {what}")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    from .core.rules import SETTINGS, user_setting_key, user_settings

    if args.key is not None:
        user_setting_key(args.key)  # before the file is opened: a typo creates nothing
    tracker = _open(args)
    if args.key is None:
        values = tracker.settings()
        for key in user_settings():
            say(f"{key} = {values[key]}    # {SETTINGS[key].description}")
        return 0
    if args.value is None:
        say(tracker.setting(args.key))
        return 0
    if args.key == "theme":
        from .store.errors import InvalidInput
        from .themes import all_theme_names

        names = all_theme_names()
        if args.value not in names:
            raise InvalidInput(f"unknown theme {args.value!r}; choose one of: {', '.join(names)}")
    say(f"{args.key} = {tracker.set_setting(args.key, args.value)}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from .store.backups import backup_now

    tracker = _open(args)
    say(f"backed up to {backup_now(tracker.path, tracker.clock.now())}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .store.backups import copies, restore

    if args.file is None:
        path = db_path(args)
        found = copies(path)
        if not found:
            say(f"no backups of {path} yet")
            return 0
        say(f"backups of {path}, newest first (restore one with: secondheart restore FILE):")
        for copy in found:
            note = "  (named the old way; it may belong to another database here)"
            say(f"  {copy.path}{note if copy.old_name else ''}")
        return 0
    tracker = _open(args)
    kept = restore(tracker.path, Path(args.file), tracker.clock.now())
    say(f"restored {args.file}; the previous database was kept as {kept}")
    return 0


def cmd_locate(args: argparse.Namespace) -> int:
    from .paths import backups_dir, config_dir, log_path, user_themes_dir

    def where(place: object) -> str:
        return f"{place}" if os.path.exists(place) else f"{place} (does not exist yet)"

    path = db_path(args)
    say(f"database: {where(path)}")
    say(f"config: {where(config_dir())}")
    say(f"themes: {where(user_themes_dir())}")
    say(f"backups: {where(backups_dir(path))}")
    say(f"log: {where(log_path(path))}")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .store.backups import damage_message
    from .store.database import check_file
    from .store.fast import counts, damage

    path = db_path(args)
    if not check_file(path):
        return fail(f"{path} holds no Second Heart data yet; nothing to check")
    found = damage(path, full=True)
    if found is not None:
        return fail(damage_message(Path(path), found))
    from .core.text import plural

    held = counts(path)
    say(
        f"{path}: no damage found by the full integrity check "
        f"({plural(held['exercise'], 'exercise')}, {plural(held['entry'], 'entry', 'entries')}, "
        f"{plural(held['session'], 'timer session')})"
    )
    return 0


def cmd_about(args: argparse.Namespace) -> int:
    from .guides import about_text

    say_lines(about_text())
    return 0


def cmd_help(args: argparse.Namespace) -> int:
    """``help [COMMAND [ACTION]]``: exactly what ``--help`` prints for the same words."""
    words = args.topic
    if not words:
        build_parser(["--help"]).print_help()
        return 0
    if words[0] not in COMMAND_HELP:
        return _unknown_command("secondheart help", words[0])
    parser = build_parser(words)
    problem = _extra_help_words(parser, words)
    if problem:
        say(f"secondheart help: {problem}", file=sys.stderr)
        return 2
    try:
        parser.parse_args([*words, "--help"])
    except SystemExit as exc:  # argparse's way to finish --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else 0
    return 0


def _extra_help_words(parser: argparse.ArgumentParser, words: list[str]) -> str:
    """What is wrong with the words after COMMAND in ``help COMMAND [ACTION]``, or ''.

    Only a command with actions (exercises, timer) takes a second word, and
    it must be one of them; nothing may follow. A word is never dropped
    silently: 'help check extra' is a mistake, not the help of check.
    """
    from .core.suggest import did_you_mean

    command, rest = words[0], words[1:]
    if not rest:
        return ""
    actions = _actions_of(_subcommand(parser, command))
    if not actions:
        return (
            f"{command} has no actions; {rest[0]!r} is one word too many "
            f"(see 'secondheart help {command}')"
        )
    if rest[0] not in actions:
        hint = did_you_mean(rest[0], actions) or f"choose from {', '.join(actions)}"
        return f"{command} has no action {rest[0]!r}; {hint}"
    if len(rest) > 1:
        return f"too many words: {rest[1]!r} after '{command} {rest[0]}'"
    return ""


def _subcommand(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    import argparse

    return next(
        action.choices[name]
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction) and name in action.choices
    )


def _actions_of(parser: argparse.ArgumentParser) -> list[str]:
    """The actions of a command (exercises add, timer start), or none."""
    import argparse

    return [
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    ]


def cmd_completion(args: argparse.Namespace) -> int:
    """The script a shell sources to complete commands, options and exercise slugs."""
    import argcomplete

    sys.stdout.write(argcomplete.shellcode(["secondheart"], shell=args.shell))
    return 0


def _complete() -> int:
    """Answer the shell's request for completions, then exit (argcomplete's protocol)."""
    import argcomplete

    parser = build_parser()
    _attach_completers(parser)
    argcomplete.autocomplete(parser)  # writes the completions and exits
    return 0


def _attach_completers(parser: argparse.ArgumentParser) -> None:
    """Exercise slugs for EXERCISE, setting names for KEY, commands for help's COMMAND."""
    import argparse

    from .core.rules import user_settings

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in set(action.choices.values()):
                _attach_completers(command)
        elif action.metavar == "EXERCISE":
            action.completer = _exercise_slugs  # type: ignore[attr-defined]
        elif action.metavar == "KEY":
            action.completer = lambda **_: user_settings()  # type: ignore[attr-defined]
        elif action.metavar == "VALUE":
            action.completer = lambda **_: []  # type: ignore[attr-defined]
        elif action.dest == "topic":
            action.completer = lambda **_: list(COMMAND_HELP)  # type: ignore[attr-defined]


def _exercise_slugs(prefix: str, parsed_args: argparse.Namespace, **_: object) -> list[str]:
    """The slugs in the database the line names; none when there is no file yet."""
    from .store.fast import exercise_slugs

    return [slug for slug in exercise_slugs(db_path(parsed_args)) if slug.startswith(prefix)]


def say_lines(text: str) -> None:
    for line in text.splitlines():
        say(line)


def cmd_stats(args: argparse.Namespace) -> int:
    from .store.stats import stats_report

    tracker = _open(args)
    exercise = tracker.exercise(args.exercise) if args.exercise is not None else None
    report = stats_report(tracker, exercise, args.days)
    if args.json:
        import json

        print(json.dumps(report))  # escaped: no stored character reaches the terminal raw
        return 0
    for line in _stats_lines(report):
        say(line)
    return 0


def _stats_lines(report: dict) -> list[str]:
    def pct(value: float) -> str:
        return f"{round(value * 100)}%"

    def block(item: dict, indent: str = "") -> list[str]:
        streak = item["streak"]
        unit = "w" if streak["unit"] == "weeks" else "d"
        completion = "  ".join(f"{w} d {pct(v)}" for w, v in item["completion"].items())
        lines = [
            f"{indent}{item['name']}",
            f"{indent}  streak {streak['current']}{unit}  best {streak['best']}{unit}"
            f"  strength {pct(item['strength'])}",
            f"{indent}  completion  {completion}",
        ]
        for best in item["best_streaks"]:
            length = f"{best['weeks']}w" if "weeks" in best else f"{best['days']}d"
            mark = "  (current)" if best["current"] else ""
            lines.append(f"{indent}  {length:>5}  {best['start']} – {best['end']}{mark}")
        if not item["best_streaks"]:
            lines.append(f"{indent}  no streak yet")
        return lines

    lines = block(report)
    for item in report.get("exercises", ()):
        lines.append("")
        lines.extend(block(item))
    return lines


COMMANDS = {
    "stats": cmd_stats,
    "check": cmd_check,
    "skip": cmd_skip,
    "status": cmd_status,
    "exercises": cmd_exercises,
    "export": cmd_export,
    "import": cmd_import,
    "timer": cmd_timer,
    "config": cmd_config,
    "locate": cmd_locate,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "doctor": cmd_doctor,
    "about": cmd_about,
    "remind": cmd_remind,
    "journal": lambda args: _journal().cmd_journal(args, _helpers()),
    "report": lambda args: _journal().cmd_report(args, _helpers()),
    "help": cmd_help,
    "completion": cmd_completion,
}

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
