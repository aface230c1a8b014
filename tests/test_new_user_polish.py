"""What a first-time user trips over: help wrapping, the form's focus and Esc, long names,
the calendar legend."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Input

from tui.dialogs.help import HelpScreen

from .helpers import wait_for


def screen_lines(widget) -> list[str]:
    """What ``widget`` shows, line by line, as plain text."""
    width, height = widget.size
    return [widget.render_line(y).text.rstrip() for y in range(height)]


async def test_help_wraps_descriptions_under_the_description_column(app_factory):
    app = app_factory()
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        views = list(app.screen.query(".help-section"))
        assert views
        starts = []
        for view in views:
            lines = screen_lines(view)
            for line in lines[1:]:  # the title stands alone; rows have their keys at column 2
                is_row = line.startswith("  ") and line[2:3] not in ("", " ")
                if line and not is_row:
                    starts.append((len(line) - len(line.lstrip(" ")), line))
        assert starts, "at 50 columns some descriptions wrap"
        # Keys take at least 5 cells from column 2: a continuation starts after them
        assert all(start >= 8 for start, _ in starts), starts
        assert len({start for start, _ in starts}) == 1, starts  # one description column


FORM_FIELDS = ["f-name", "f-kind", "f-target", "f-goal", "f-step", "f-unit", "f-schedule"]
FORM_FIELDS += ["f-remind", "f-guide", "save"]


@pytest.mark.parametrize(
    ("size", "key", "buttons"),
    [((80, 24), "a", ["cancel"]), ((50, 16), "E", ["archive", "delete", "cancel"])],
)
async def test_every_tab_in_the_exercise_form_lands_on_a_visible_field(
    app_factory, size, key, buttons
):
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await pilot.press(key)
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "f-name")
        seen = []
        for _ in FORM_FIELDS + buttons:
            focused = app.focused
            seen.append(focused.id)
            await pilot.pause()
            inside = app.screen.query_one(".form").content_region
            assert inside.contains_region(focused.region), focused.id
            await pilot.press("tab")
        assert seen == FORM_FIELDS + buttons
        assert app.focused.id == "f-name"  # round again, with no stop in between


async def test_escape_in_the_form_asks_before_throwing_typed_text_away(app_factory, tracker):
    from tui.dialogs.confirm import ConfirmScreen
    from tui.dialogs.exercise_form import ExerciseForm

    before = [e.name for e in tracker.exercises()]
    targets = [e.target for e in tracker.exercises()]
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseForm))
        await pilot.press("escape")  # nothing typed: closes at once
        await wait_for(pilot, lambda: not isinstance(app.screen, ExerciseForm))

        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseForm))
        await pilot.press(*"Toe taps")
        for back in ("escape", "n"):
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            assert "Discard your changes?" in str(app.screen.query_one(".dialog-title").render())
            await pilot.press(back)  # keep editing
            await wait_for(pilot, lambda: isinstance(app.screen, ExerciseForm))
            assert app.screen.query_one("#f-name", Input).value == "Toe taps"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")  # discard
        await wait_for(pilot, lambda: not isinstance(app.screen, (ExerciseForm, ConfirmScreen)))
        assert [e.name for e in tracker.exercises()] == before

        await pilot.press("E")  # an edit with a changed target, discarded with y
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseForm))
        app.screen.query_one("#f-target", Input).value = "99"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: not isinstance(app.screen, (ExerciseForm, ConfirmScreen)))
        assert [e.target for e in tracker.exercises()] == targets
        assert 99 not in targets


def progress_end(line: str) -> int:
    found = re.search(r"\d+/\d+ [a-z]+", line)
    assert found, line
    return found.end()


LONG = "Seated hamstring stretch with a towel, both legs"  # 48 cells


async def test_a_long_name_uses_the_room_up_to_the_progress_column(app_factory, tracker):
    from tui.widgets.checklist import Checklist

    tracker.add_exercise(LONG, kind="count", target=12)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        checklist = app.screen.query_one(Checklist)
        await wait_for(pilot, lambda: len(checklist.rows) == 8)
        await pilot.pause()
        lines = [line for line in screen_lines(checklist) if "○" in line or "✓" in line]
        assert any(LONG in line for line in lines), lines  # not cut at 30 cells
        ends = {progress_end(line) for line in lines}
        assert len(ends) == 1, lines  # the progress keeps one right edge
        # a tick on the long row keeps it whole and the columns where they were
        checklist.select_exercise(tracker.exercise(LONG).id)
        await pilot.press("space")
        await wait_for(pilot, lambda: tracker.day_view(tracker.today()).rows[-1].amount == 12)
        await pilot.pause()
        after = [line for line in screen_lines(checklist) if "○" in line or "✓" in line]
        assert any(LONG in line for line in after), after
        assert {progress_end(line) for line in after} == ends


@pytest.mark.parametrize("size", [(50, 16), (80, 24), (100, 30)])
async def test_the_calendar_legend_shows_not_started_whole(app_factory, size):
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await pilot.press("2")
        await wait_for(pilot, lambda: app.current_mode == "streaks")
        await pilot.pause()
        shown = [w for w in app.screen.query("#legend, #legend-column") if w.display]
        assert len(shown) == 1
        lines = screen_lines(shown[0])
        assert any(
            line.strip().startswith("– not started") or "   – not started   " in line
            for line in lines
        ), lines
        if shown[0].id == "legend":
            assert len([line for line in lines if line.strip()]) == 1, lines  # one line
        else:  # a column beside the calendar: every line on the screen
            assert app.screen.region.contains_region(shown[0].region)
            assert "[ ] today" in "\n".join(lines)
