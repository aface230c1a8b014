"""Export of the 10-year database to JSON, and import of that file into a fresh database.

Both run in-process through ``tui.cli.main`` (the same code paths as
``secondheart export -o FILE`` and ``secondheart import FILE``), without the
interpreter's start-up.
"""

from __future__ import annotations

import contextlib
import io
import statistics
import time
from pathlib import Path


def _cli(*argv: str) -> float:
    from tui.cli import main

    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    seconds = time.perf_counter() - started
    if code != 0:
        raise RuntimeError(f"secondheart {' '.join(argv)} failed: {err.getvalue().strip()}")
    return seconds


def run(db: Path, workdir: Path, rounds: int = 3) -> dict[str, object]:
    export_file = workdir / "export.json"
    exports, imports = [], []
    for i in range(rounds):
        exports.append(_cli("--db", str(db), "export", "-o", str(export_file)))
        fresh = workdir / f"import-{i}.db"
        imports.append(_cli("--db", str(fresh), "import", str(export_file)))
    return {
        "export": {"median": statistics.median(exports), "min": min(exports), "runs": rounds},
        "import": {"median": statistics.median(imports), "min": min(imports), "runs": rounds},
        "export_bytes": export_file.stat().st_size,
    }
