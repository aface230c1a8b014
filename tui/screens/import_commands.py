"""Import from another tracker, from the command palette.

"Import from Loop…" and its siblings ask for the file, show what a dry run
finds (per exercise: days, skips, notes, what is left out) and import only
after a yes, the same way ``secondheart import --from SOURCE PATH`` does.
The reading and writing run in a worker thread (each thread has its own
connection), so a ten-year history never holds up the screen.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..core.text import visible
from ..store.errors import SecondHeartError

if TYPE_CHECKING:
    from ..host import Host

Command = tuple[str, str, Callable[[], object]]  # title, help text, what it runs

SOURCES = (
    ("loop", "Loop Habit Tracker backup", "The .db file from Loop's Settings → Export"),
    ("loop-csv", "Loop CSV export", "The zip file, or the folder it unpacks to"),
    ("harsh", "harsh", "The harsh folder, or its habits or log file"),
    ("dijo", "dijo", "The habit_record.json file of dijo"),
    ("csv", "a Second Heart CSV export", "A file from secondheart export --format csv"),
)
MAX_SHOWN = 14  # report lines in the confirmation dialog


def import_commands(host: Host) -> list[Command]:
    """One palette entry per source."""
    return [
        (
            f"Import from {label}…",
            hint,
            lambda source=source, label=label: ask_path(host, source, label),
        )  # fmt: skip
        for source, label, hint in SOURCES
    ]


def _check_path(text: str) -> str | None:
    if not text:
        return "give the path of the file or folder"
    if not os.path.exists(os.path.expanduser(text)):
        return f"{visible(text)}: no such file or folder"
    return None


def ask_path(host: Host, source: str, label: str) -> None:
    from ..dialogs.prompt import PromptScreen

    def chosen(path: str | None) -> None:
        if path:
            host.notify(f"Reading {visible(path)}…", timeout=3, markup=False)
            host.run_worker(lambda: _dry_run(host, source, label, path), thread=True)

    host.push_screen(
        PromptScreen(
            f"Import from {label}: the file or folder",
            placeholder="~/Downloads/…",
            validate=_check_path,
        ),
        chosen,
    )


def _dry_run(host: Host, source: str, label: str, path: str) -> None:
    """In a worker thread: what would change; then ask on the main thread."""
    from ..store.imports import import_from

    try:
        report = import_from(host.tracker, source, path, dry_run=True)
    except SecondHeartError as exc:
        host.call_from_thread(host.report, exc)
        return
    finally:
        host.tracker.close()  # this worker thread's own connection
    host.call_from_thread(_confirm, host, source, label, path, report)


def _confirm(host: Host, source: str, label: str, path: str, report) -> None:  # noqa: ANN001
    from ..dialogs.confirm import ConfirmScreen

    lines = [visible(line) for line in report.lines()]
    if len(lines) > MAX_SHOWN:
        lines = [*lines[: MAX_SHOWN - 2], f"  … {len(lines) - MAX_SHOWN + 1} more lines", lines[-1]]
    if not report.changes:
        host.notify("\n".join(lines), title=f"Nothing to import from {label}", markup=False)
        return

    def answered(yes: bool | None) -> None:
        if yes:
            host.run_worker(lambda: _import(host, source, path), thread=True)

    host.push_screen(ConfirmScreen("\n".join(lines), yes="Import", no="Cancel"), answered)


def _import(host: Host, source: str, path: str) -> None:
    from ..store.imports import import_from

    try:
        report = import_from(host.tracker, source, path)
    except SecondHeartError as exc:
        host.call_from_thread(host.report, exc)
        return
    finally:
        host.tracker.close()
    host.call_from_thread(_done, host, visible(report.total()))


def _done(host: Host, text: str) -> None:
    host.notify(text, title="Import", timeout=8, markup=False)
    host.notice_changes()
