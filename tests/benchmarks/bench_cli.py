"""``secondheart status``, ``check`` and ``stats --json`` against ``python -c "import peewee"``.

Each is a fresh process started the way a user (or tmux) starts it: the
console script in the virtual environment. ``check`` writes, so it runs on
its own copy of the database.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _wall(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr.decode().strip()}")
    return seconds


def run(db: Path, env: dict[str, str], rounds: int = 15) -> dict[str, dict[str, float]]:
    script = str(Path(sys.executable).with_name("secondheart"))
    check_db = db.with_name("check-copy.db")
    shutil.copy(db, check_db)
    timer_db = db.with_name("timer-copy.db")
    shutil.copy(db, timer_db)
    # A long session, so it is still running at the last round (status must stay off Peewee).
    subprocess.run(
        [script, "--db", str(timer_db), "timer", "start", "--minutes", "600"],
        env=env,
        capture_output=True,
        check=True,
    )
    commands = {
        "peewee": [sys.executable, "-c", "import peewee"],
        "status": [script, "--db", str(db), "status"],
        "status_timer": [script, "--db", str(timer_db), "status"],
        "check": [script, "--db", str(check_db), "check", "ankle-pumps"],
        "stats_json": [script, "--db", str(db), "stats", "--json"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():  # warm the page cache and .pyc files
        _wall(argv, env)
    for i in range(rounds):
        names = list(commands)
        names = (
            names[i % len(names) :] + names[: i % len(names)]
        )  # rotate the order: no one always goes first
        for name in names:
            times[name].append(_wall(commands[name], env))
    return {
        name: {"median": statistics.median(v), "min": min(v), "runs": len(v)}
        for name, v in times.items()
    }
