"""When the garbage collector runs: right after a frame, and at rest; not inside a key.

Python collects young objects whenever 700 more have been made than freed,
which on a screen redrawing a chart is once or twice per key, in the middle
of drawing its frame; every tenth time it walks the older objects too (2 to
4 ms here), and now and then everything not frozen (10 to 20 ms once the
Streaks statistics are loaded). Those pauses were the slowest keys.

So while the app runs, the automatic collector only stands by (its first
threshold raised to ``SAFETY_NET``, for long work that draws no frame), and
:meth:`Collector.after_frame` does what it would have done, with the same
thresholds, once the frame is on its way. What lives on (the statistics a
screen builds, the caches) is folded into Python's frozen generation when the
user rests (:meth:`Collector.at_rest`), so a collection walks only what is
new; and every ``FULL_EVERY`` seconds at rest everything is walked again, so
an object frozen while alive and garbage since (a dialog open during a rest)
is not kept for long.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

SAFETY_NET = 50_000  # the automatic collector's first threshold while the app runs
REST = 0.3  # seconds without a key before the heap is tidied
FULL_EVERY = 15 * 60.0  # seconds between collections of everything, frozen objects included


class Collector:
    """The app's collection policy (see the module's docstring); ``clock`` is monotonic seconds."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.last_key = float("-inf")
        self.grown = True  # objects made since the heap was last tidied
        self.full_at = float("inf")
        self._saved: tuple[int, ...] | None = None  # Python's thresholds, applied after frames

    def start(self) -> None:
        """After the first frame: freeze start-up's objects, collect between frames from now."""
        self._saved = gc.get_threshold()
        gc.freeze()
        gc.set_threshold(SAFETY_NET, *self._saved[1:])
        gc.enable()
        self.full_at = self.clock() + FULL_EVERY

    def stop(self) -> None:
        """The app is closing: Python's own collection again, nothing frozen."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            gc.unfreeze()
            self._saved = None

    def key(self) -> None:
        """A key (or a click, a scroll) arrived: it may make objects, and it ends any rest."""
        self.last_key = self.clock()
        self.grown = True

    def grew(self) -> None:
        """Something was built that will live on (a screen, its statistics)."""
        self.grown = True

    def due(self) -> bool:
        """Whether the young objects are past the threshold Python would collect at."""
        return self._saved is not None and gc.get_count()[0] >= self._saved[0]

    def after_frame(self) -> int | None:
        """Collect what Python's thresholds ask for; returns the generation collected."""
        if not self.due():
            return None
        assert self._saved is not None
        _, middle, old = gc.get_count()
        _, middle_at, old_at = self._saved
        generation = 2 if old >= old_at else 1 if middle >= middle_at else 0
        gc.collect(generation)
        return generation

    def at_rest(self) -> str | None:
        """At a poll: tidy the heap if the user rests; returns what was done."""
        now = self.clock()
        if self._saved is None or now - self.last_key < REST:
            return None
        if now >= self.full_at:
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self.full_at = now + FULL_EVERY
            self.grown = False
            return "full"
        if self.grown:
            gc.collect()
            gc.freeze()
            self.grown = False
            return "tidy"
        return None
