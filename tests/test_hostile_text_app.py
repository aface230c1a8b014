"""Text is data in the app: stored text is shown as typed and never acts on the terminal.

Names, notes, units and guide text go through every render path (the
checklist row, the detail line, the guide pane, the note prompt and the
edit form, the timer screen, the header, toasts, the Streaks table and
calendar titles, the command palette); what reaches the screen is checked
segment by segment for terminal controls.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, reject, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.fuzzy import Matcher

from tui.core.clock import FakeClock
from tui.core.text import has_controls, visible
from tui.store.errors import InvalidInput
from tui.store.service import Tracker
from tui.widgets.checklist import PROGRESS, STREAK, row_text
from tui.widgets.plain import highlight, plain, plain_lines

from .conftest import NOW
from .helpers import wait_for

TODAY = NOW.date()
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
HOSTILE = "Walk [b]x[/] \x1b]0;pwned\x07 \u202e [/]"


def screen_text(app) -> str:
    """What every screen on the stack would send as text (Textual's own controls aside)."""
    out = []
    for screen in app.screen_stack:
        for strip in screen._compositor.render_strips():
            out.extend(seg.text for seg in strip if seg.control is None)
            out.append("\n")
    return "".join(out)


def _prepare(folder: Path, name: str, note: str, unit: str, guide: str):
    tracker = Tracker.open(folder / "t.db", clock=FakeClock(NOW))
    tracker.set_setting("welcome-seen", "yes")
    tracker.archive_exercise("leg-elevation")  # ours is the one the timer and header name
    try:
        exercise = tracker.add_exercise(
            name=name, kind="sessions", target="3", unit=unit, guide=guide
        )
        tracker.set_note(exercise.slug, TODAY, note)
    except InvalidInput:
        tracker.close()
        reject()
    return tracker, exercise


async def _every_render_path(tracker, exercise) -> list[str]:
    """Drive the app through every place the exercise's text shows; return the screens seen."""
    from tui.app import SecondHeartApp
    from tui.screens.streaks import StreaksScreen
    from tui.screens.timer import TimerScreen

    app = SecondHeartApp(tracker)
    seen: list[str] = []
    async with app.run_test(size=(120, 40), notifications=True) as pilot:

        def look() -> None:
            text = screen_text(app)
            assert not CONTROLS.findall(text), CONTROLS.findall(text)
            seen.append(text)

        await wait_for(pilot, lambda: app.screen.query("#guide-markdown"))
        await pilot.press("end")  # our exercise: its row, detail line and guide pane
        await pilot.pause(0.2)
        look()
        await pilot.press("n")  # the note prompt quotes the name and holds the note
        await wait_for(pilot, lambda: "Note for" in screen_text(app))
        look()
        await pilot.press("escape", "E")  # the edit form holds every field
        await wait_for(pilot, lambda: app.screen.query("#f-guide"))
        look()
        await pilot.press("escape", "e")  # a toast and the header name it
        await wait_for(pilot, lambda: tracker.has_active_session())
        look()
        await pilot.press("3")
        await wait_for(pilot, lambda: isinstance(app.screen, TimerScreen))
        await pilot.pause()
        look()
        await pilot.press("x")  # the confirm dialog quotes the name
        await wait_for(pilot, lambda: "Cancel this" in screen_text(app))
        look()
        await pilot.press("escape", "2")
        await wait_for(pilot, lambda: isinstance(app.screen, StreaksScreen))
        screen = app.screen
        await wait_for(pilot, lambda: screen.snapshot is not None)
        for _ in range(6):  # down to our exercise: the table row and both calendar titles
            await pilot.press("down")
        await wait_for(pilot, lambda: screen.exercise_id == exercise.id)
        look()
        await pilot.press("ctrl+p")  # the palette's discovery list, then a search
        await pilot.pause(0.2)
        look()
        await pilot.press(*"Exercise")
        await pilot.pause(0.3)
        look()
        await pilot.press("escape")
        await pilot.pause()
        app.notify(f"quoting {exercise.name}", markup=False)
        await wait_for(pilot, lambda: "quoting" in screen_text(app))
        look()
    return seen


def test_hostile_text_shows_as_typed_on_every_screen(tmp_path):
    tracker, exercise = _prepare(
        tmp_path, HOSTILE, "legs [/] tired \x1b]0;x\x07", "r[i]", "[b]g\x1b[2J"
    )
    try:
        seen = asyncio.run(_every_render_path(tracker, exercise))
    finally:
        tracker.close()
    shown = visible(HOSTILE)
    today, note, form, toast, timer, confirm, streaks, palette, search, quoted = seen
    assert shown in today and "[b]g\\x1b[2J" in today  # the detail line, the guide pane
    # the note prompt's field holds the note as stored, its controls drawn as one cell each
    assert "legs [/] tired \ufffd]0;x\ufffd" in note
    assert f"Note for {shown}" in note
    assert f"Edit {shown}" in form
    assert f"⏱ 15:00 {shown}" in toast  # the header
    assert f"{shown} · ⏱ running" in timer
    assert "Cancel this Walk [b]x[/] \\x1b]0;pwned" in confirm
    assert "─ Walk [b]x[/] \\x1b]0;pwned" in streaks  # the month calendar's title
    assert "Exercise: Brisk walk" in palette and f"Exercise: {shown}" in search
    assert "quoting Walk [b]x[/] \\x1b]0;pwned" in quoted  # a toast


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.text(min_size=1, max_size=40),
    note=st.text(max_size=60),
    unit=st.text(max_size=12),
    guide=st.text(max_size=80),
)
def test_arbitrary_text_never_raises_nor_reaches_the_terminal_as_control(name, note, unit, guide):
    with tempfile.TemporaryDirectory() as folder:
        tracker, exercise = _prepare(Path(folder), name, note, unit, guide)
        try:
            asyncio.run(_every_render_path(tracker, exercise))
        finally:
            tracker.close()


@settings(max_examples=300, deadline=None)
@given(text=st.text(), query=st.text(min_size=1, max_size=4))
def test_the_render_helpers_keep_text_as_typed(text, query):
    assert plain(text).plain == visible(text)
    assert not CONTROLS.search(plain(text, "bold").plain)
    assert not CONTROLS.search(plain_lines(text).plain)
    shown = highlight(Matcher(query), visible(text))
    assert shown.plain == visible(text)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(min_size=1, max_size=80), width=st.integers(1, 200))
@example(name="\n[", width=80)  # a newline is shown as \n, so the name is not there verbatim
def test_a_checklist_row_never_holds_a_control(tracker, name, width):
    row = tracker.day_view(TODAY, with_streaks=False).rows[0]
    row = row._replace(exercise=row.exercise._replace(name=name))
    content = row_text(row, width)
    assert not CONTROLS.search(content.plain)
    if "[" in name and not has_controls(name):  # (a tab or a newline shows as \\t, \\n)
        if cell_len(name) <= width - 3 - PROGRESS - STREAK - 1:  # it fits before the progress
            assert name in content.plain  # markup stays as typed, in full
        else:  # a long name may be cut, never rewritten: what shows is how it starts
            body = content.plain[3:]
            cut = body.find("…")
            part = body[:cut] if 0 <= cut < len(name) else body[: len(name)]
            assert name.startswith(part), (name, content.plain)
