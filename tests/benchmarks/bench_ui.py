"""Key press to persisted and redrawn, in-process through Textual's test harness.

``make bench`` runs this in a process of its own (``python -m
tests.benchmarks.bench_ui DB TOGGLES``), as the app runs for a user: not in
the bench's own process, whose heap holds the generated years and the
export it imported. The app runs headless (``run_test``) at 100 x 30. Every frame the screen sends
to the app is also encoded to terminal text (what a real terminal would get),
and timed. A key's latency runs from posting the key event to the last frame
of the burst it causes (no further frame for ``QUIET`` seconds), so work that
takes two frames counts in full. A toggle also checks that the database and
the frame both show the new state.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

SIZE = (100, 30)
QUIET = 0.06  # seconds without a frame that end a burst
LIMIT = 3.0  # seconds to wait for the first frame after a key
WARM_UP = 2.0  # seconds after start-up before keys are timed


@dataclass
class Frames:
    """Times and terminal text of the frames the app draws."""

    app: object
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def install(self) -> None:
        from textual._compositor import CompositorUpdate

        app = self.app
        original = app._display  # type: ignore[attr-defined]

        def display(screen, renderable) -> None:
            original(screen, renderable)
            if renderable is None or app._batch_count:  # type: ignore[attr-defined]
                return
            text = (
                renderable.render_segments(app.console)  # type: ignore[attr-defined]
                if isinstance(renderable, CompositorUpdate)
                else ""
            )
            self.times.append(time.perf_counter())
            self.cpu.append(time.process_time())
            self.texts.append(text)

        app._display = display  # type: ignore[attr-defined]


def _key_event(key: str):
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def settle(frames: Frames, quiet: float = QUIET) -> None:
    """Wait until the app has drawn nothing for ``quiet`` seconds."""
    last = time.perf_counter()
    seen = len(frames.times)
    while time.perf_counter() - last < quiet:
        await asyncio.sleep(0.005)
        if len(frames.times) != seen:
            seen = len(frames.times)
            last = frames.times[-1]


@dataclass
class Press:
    seconds: float | None  # key posted to the last frame it caused; None: no frame
    cpu: float | None  # CPU time this process spent in that interval (less noisy under load)
    text: str  # what those frames sent to the terminal


async def warm_up(frames: Frames) -> None:
    """Let the work after start-up finish (guide pane, streak cache warming).

    The figures are for an app in use, not for its first second.
    """
    await asyncio.sleep(WARM_UP)
    await settle(frames, 0.3)


async def press(app, frames: Frames, key: str) -> Press:
    """Post one key and wait for the frames it causes."""
    start_index = len(frames.times)
    event = _key_event(key)
    event.set_sender(app)
    cpu_started = time.process_time()
    started = time.perf_counter()
    app._driver.send_message(event)
    while len(frames.times) == start_index:
        await asyncio.sleep(0.002)
        if time.perf_counter() - started > LIMIT:
            return Press(None, None, "")
    await settle(frames)
    return Press(
        frames.times[-1] - started,
        frames.cpu[-1] - cpu_started,
        "".join(frames.texts[start_index:]),
    )


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(presses: list[Press]) -> dict[str, float]:
    """p50 / p95 of wall time (and of CPU time, to tell slowness from a busy machine)."""
    values = [p.seconds for p in presses if p.seconds is not None]
    cpu = [p.cpu for p in presses if p.cpu is not None]
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "max": max(values) if values else float("nan"),
        "mean": statistics.fmean(values) if values else float("nan"),
        "cpu_p50": percentile(cpu, 50),
        "cpu_p95": percentile(cpu, 95),
    }


# --------------------------------------------------------------------- floor


async def floor_keys(count: int = 100) -> dict[str, float]:
    """The bare app: a key that redraws a Static, no database."""
    from .bench_floor import FloorApp

    app = FloorApp()
    latencies = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        frames = Frames(app)
        frames.install()
        await settle(frames, 0.2)
        for _ in range(count):
            latencies.append(await press(app, frames, "space"))
    return summary(latencies)


# -------------------------------------------------------------------- Today


async def today_toggles(db: Path, count: int = 200) -> dict[str, float]:
    """``space`` on Today, ``count`` times: written to SQLite and drawn."""
    from tui.app import SecondHeartApp
    from tui.store.service import Tracker

    tracker = Tracker.open(db)
    try:
        app = SecondHeartApp(tracker)
        latencies = []
        problems = []
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            frames = Frames(app)
            frames.install()
            await warm_up(frames)
            exercise = tracker.exercise("walk")
            today = tracker.today()
            for i in range(count):
                before = _amount(tracker, exercise, today)
                pressed = await press(app, frames, "space")
                after = _amount(tracker, exercise, today)
                want = "30/30 min" if before < exercise.target else " 0/30 min"
                drawn = want in pressed.text
                if pressed.seconds is None or after == before or not drawn:
                    problems.append(f"toggle {i}: {before} -> {after}, {want!r} drawn: {drawn}")
                    continue
                latencies.append(pressed)
        result = summary(latencies)
        result["problems"] = problems[:5]  # type: ignore[assignment]
        result["failed"] = len(problems)
        return result
    finally:
        tracker.close()


def _amount(tracker, exercise, day: dt.date) -> float:
    entry = tracker.entries(exercise, since=day, until=day).get(day)
    return entry.amount if entry else 0.0


# ------------------------------------------------------------------ Streaks

NAV_KEYS = {
    "month": ["["] * 6 + ["]"] * 6,
    "year": ["{"] * 3 + ["}"] * 3,
    "exercise": ["down"] * 6 + ["up"] * 6,
}
ROUNDS = 3
# the chart keys: 10 rounds of four keys, so that a p95 is more than the slowest
# one or two keys (with 12 samples, as before, it was just that)
CHART_ROUNDS = 10


def _ready(app) -> str | None:
    """Why the Streaks screen cannot be driven yet, or None."""
    from tui.screens.streaks import StreaksScreen

    screen = app.screen
    if not isinstance(screen, StreaksScreen):
        return f"'2' opened {type(screen).__name__}, not StreaksScreen"
    keys = set()
    for key in app.active_bindings:
        keys.add(key)
    wanted = {
        "[": ("[", "left_square_bracket"),
        "]": ("]", "right_square_bracket"),
        "{": ("{", "left_curly_bracket"),
        "}": ("}", "right_curly_bracket"),
    }
    missing = [k for k, names in wanted.items() if not keys.intersection(names)]
    if missing:
        return f"StreaksScreen has no binding for {' '.join(missing)} (still a stub?)"
    return None


async def streaks_navigation(db: Path) -> dict[str, object]:
    """Open Streaks with ``2`` (first time and again), then move through months, years, rows."""
    from tui.app import SecondHeartApp
    from tui.store.service import Tracker

    tracker = Tracker.open(db)
    try:
        app = SecondHeartApp(tracker)
        result: dict[str, object] = {}
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            frames = Frames(app)
            frames.install()
            await warm_up(frames)
            result["open_first"] = (await press(app, frames, "2")).seconds
            problem = _ready(app)
            if problem:
                result["not_ready"] = problem
                return result
            reopen = []
            for _ in range(5):
                await press(app, frames, "1")
                reopen.append(await press(app, frames, "2"))
            result["open_again"] = summary(reopen)
            every: list[Press] = []
            silent: list[str] = []
            for name, keys in NAV_KEYS.items():
                values = []
                for _ in range(ROUNDS):
                    for key in keys:
                        pressed = await press(app, frames, key)
                        if pressed.seconds is None:
                            silent.append(key)
                        else:
                            values.append(pressed)
                result[name] = summary(values)
                every.extend(values)
            result["all"] = summary(every)
            result["no_redraw"] = sorted(set(silent))
            # the charts: first open (`c`, importing and computing what they need),
            # then switching the buckets (`b`, `B`) and the exercise (↓ ↑)
            result["charts_open_first"] = (await press(app, frames, "c")).seconds
            switches: list[Press] = []
            for _ in range(CHART_ROUNDS):
                for key in ("b", "B", "down", "up"):
                    pressed = await press(app, frames, key)
                    if pressed.seconds is not None:
                        switches.append(pressed)
            result["charts_switch"] = summary(switches)
        return result
    finally:
        tracker.close()


def run_all(db: Path, toggles: int = 200) -> dict[str, object]:
    """All of the above on ``db`` (which the toggles write to: pass a copy)."""
    return {
        "floor": asyncio.run(floor_keys()),
        "toggle": asyncio.run(today_toggles(db, toggles)),
        "streaks": asyncio.run(streaks_navigation(db)),
    }


def run_apart(db: Path, toggles: int = 200) -> dict[str, object]:
    """``run_all`` in a new Python process; its results come back as JSON."""
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.bench_ui", str(db), str(toggles)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    if done.returncode:
        raise RuntimeError(f"exit {done.returncode}: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run_all(Path(sys.argv[1]), int(sys.argv[2]))))
