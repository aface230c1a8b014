"""Seeded key fuzzing: thousands of random keys on each screen, dialogs included.

No exception may escape, and the database must pass integrity_check after.
Set SECONDHEART_FUZZ_KEYS to change the number of keys per screen.
"""

from __future__ import annotations

import os
import random
import sqlite3

import pytest
from textual import events

KEYS = (
    list("abcdefghijklmnoprstuvwxyzABCDEFGHIJKLMNOPRSTUVWXYZ05678")
    + ["space", "enter", "escape", "tab", "shift+tab", "backspace", "up", "down", "left", "right"]
    + [
        "plus",
        "minus",
        "equals_sign",
        "question_mark",
        "slash",
        "home",
        "end",
        "pageup",
        "pagedown",
    ]
    + ["left_square_bracket", "right_square_bracket", "left_curly_bracket", "right_curly_bracket"]
)
COUNT = int(os.environ.get("SECONDHEART_FUZZ_KEYS", "5000"))
BATCH = 10


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["today", "streaks", "timer", "guide"])
async def test_random_keys_break_nothing(app_factory, tracker, mode):
    from tui.store.demo import fill_demo

    fill_demo(tracker, days=60)
    rng = random.Random(f"second-heart-{mode}")
    app = app_factory(poll_seconds=0.2)
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        await app.switch_mode(mode)
        for step in range(0, COUNT, BATCH):
            # keys arrive in bursts of ten, as from a fast typist, then the app settles
            for key in rng.choices(KEYS, k=min(BATCH, COUNT - step)):
                event = events.Key(key, key if len(key) == 1 else None)
                event.set_sender(app)
                app.post_message(event)  # queued without waiting, as a terminal delivers them
            await pilot.pause()
            if app.current_mode != mode:
                # keep each run on its screen: close dialogs and come back
                while len(app.screen_stack) > 1:
                    app.pop_screen()
                await app.switch_mode(mode)
        await pilot.pause()
        assert app.return_code is None or app.return_code == 0
    conn = sqlite3.connect(tracker.path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
