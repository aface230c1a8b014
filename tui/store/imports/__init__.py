"""Imports from other trackers: Loop (backup and CSV), harsh, dijo, and Second Heart's CSV.

One module per source turns its file into the same clean records
(``records.py``); one shared writer (``writer.py``) checks them with the
shared rules, plans, and merges them in one transaction after a backup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...core.errors import InvalidInput
from .writer import Report

SOURCES = {
    "loop": "loop",
    "loop-csv": "loop_csv",
    "harsh": "harsh",
    "dijo": "dijo",
    "csv": "secondheart_csv",
}


#: What each source's files look like, in the hint a plain ``import`` gives.
LOOKS_LIKE = {
    "csv": "a CSV export",
    "loop": "a Loop Habit Tracker backup",
    "loop-csv": "Loop's CSV export",
    "harsh": "harsh's habits and log",
    "dijo": "dijo's habit record",
}


def guess_source(path: str | Path) -> str | None:
    """The source whose files ``path`` looks like (each reader's ``looks_like``), if any.

    Reads only the start of a file (and a Loop backup's table names): cheap
    enough to ask before anything is opened, and it never fails.
    """
    import importlib

    path = Path(path).expanduser()
    for source, module in SOURCES.items():
        reader = importlib.import_module(f"{__name__}.{module}")
        if reader.looks_like(path):
            return source
    return None


def source_hint(path: str | Path) -> str:
    """'; it looks like a CSV export: use --from csv', or '' when no source fits."""
    source = guess_source(path)
    if source is None:
        return ""
    return f"; it looks like {LOOKS_LIKE[source]}: use --from {source}"


def import_from(tracker: Any, source: str, path: str | Path, dry_run: bool = False) -> Report:
    """Read ``path`` as ``source`` and merge it (or, for a dry run, say what would change)."""
    import importlib

    from .writer import run

    if source not in SOURCES:
        raise InvalidInput(f"unknown source {source!r}; use one of {', '.join(SOURCES)}")
    path = Path(path).expanduser()
    if not path.exists():
        raise InvalidInput(f"{path}: no such file or folder")
    reader = importlib.import_module(f"{__name__}.{SOURCES[source]}")
    parsed = reader.read(path)
    return run(tracker, parsed, str(path), dry_run)
