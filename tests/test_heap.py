"""Garbage collection between frames and at rest (``tui.heap``), with a real collector."""

from __future__ import annotations

import gc
import re
import weakref

import pytest

from tui.heap import FULL_EVERY, REST, SAFETY_NET, Collector
from tui.screens.streaks import StreaksScreen

from .helpers import log_frames, wait_for

YOUNG, MIDDLE, OLD = 700, 10, 10  # the thresholds the collector is started under here


class Node:
    """An object that only a collection can free once it points at itself."""

    def __init__(self) -> None:
        self.me = self


def garbage_cycle() -> weakref.ref:
    return weakref.ref(Node())


@pytest.fixture
def collector():
    now = [1000.0]
    heap = Collector(clock=lambda: now[0])
    heap.now = now  # type: ignore[attr-defined]
    was = gc.get_threshold()
    gc.set_threshold(YOUNG, MIDDLE, OLD)
    heap.start()
    yield heap
    heap.stop()
    assert gc.get_threshold() == (YOUNG, MIDDLE, OLD) and gc.get_freeze_count() == 0
    gc.set_threshold(*was)


def test_while_running_only_a_safety_net_collects_on_its_own(collector):
    assert gc.get_threshold() == (SAFETY_NET, MIDDLE, OLD)
    assert gc.isenabled()


def test_after_a_frame_the_young_objects_are_collected_as_python_would(collector):
    gc.collect()
    assert collector.after_frame() is None  # nothing due: nothing done
    cycle = garbage_cycle()
    keep = [[] for _ in range(YOUNG + 10)]
    assert cycle() is not None and collector.due()
    assert collector.after_frame() == 0
    assert cycle() is None, "the cycle made before the frame is freed after it"
    assert gc.get_count()[0] < YOUNG
    done = []
    for _ in range(MIDDLE + 1):  # every tenth young collection is a middle one
        keep.extend([] for _ in range(YOUNG + 10))
        done.append(collector.after_frame())
    assert done.count(0) == MIDDLE and done.count(1) + done.count(2) == 1, done


def test_at_rest_what_lives_on_is_frozen_and_garbage_collected(collector):
    collector.key()
    cycle = garbage_cycle()
    lives_on = [Node() for _ in range(100)]
    frozen = gc.get_freeze_count()
    assert collector.at_rest() is None, "a key was just pressed"
    collector.now[0] += REST + 0.01
    assert collector.at_rest() == "tidy"
    assert cycle() is None
    assert gc.get_freeze_count() >= frozen + len(lives_on)
    assert collector.at_rest() is None, "nothing new since"


def test_what_was_frozen_alive_and_dropped_since_is_freed_by_the_next_full_pass(collector):
    collector.grew()
    dropped = Node()
    gone = weakref.ref(dropped)
    collector.now[0] += REST + 0.01
    assert collector.at_rest() == "tidy"  # frozen while alive
    del dropped
    gc.collect()
    assert gone() is not None, "a frozen object is not walked"
    collector.now[0] += FULL_EVERY
    assert collector.at_rest() == "full"
    assert gone() is None


async def test_no_collection_runs_between_a_key_and_its_frame(app_factory, tracker):
    """On the charts (the keys that make the most objects), every collection starts
    after the frame of the key that made its objects, never inside the key."""
    app = app_factory(poll_seconds=3600)  # no rest to tidy in the middle of the keys
    thresholds = gc.get_threshold()
    log: list[str] = []

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            log.append(f"gc{info['generation']}")

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, StreaksScreen))
        await pilot.press("c")
        await wait_for(pilot, lambda: app.screen.charts_shown)
        await pilot.pause()
        assert gc.get_threshold()[0] == SAFETY_NET
        log_frames(app, log)
        gc.callbacks.append(on_gc)
        try:
            for _ in range(8):
                for key in ("down", "b", "up", "B"):
                    log.append("key")
                    await pilot.press(key)
                    await wait_for(pilot, lambda: log[-1] != "key")
                    await pilot.pause()
        finally:
            gc.callbacks.remove(on_gc)
    keys = "".join("K" if e == "key" else "F" if e == "frame" else "g" for e in log)
    assert keys.count("K") == 32, keys
    assert not re.search("K[^F]*g", keys), f"a collection inside a key: {keys}"
    assert "g" in keys, "the keys made enough objects for collections to run"
    assert gc.get_threshold() == thresholds, "the app put Python's own thresholds back"
