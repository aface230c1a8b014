"""What a newcomer meets in the first hour, through Pilot: the welcome dialog, the
exercise form at usual pane sizes, deleting an exercise, whole amounts, and the
footer in a small pane. Each checks the screen and, where something is written,
the database."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from tui.app import SecondHeartApp
from tui.dialogs.confirm import ConfirmScreen
from tui.dialogs.exercise_form import ExerciseForm
from tui.dialogs.welcome import WelcomeScreen
from tui.screens.today import TodayScreen
from tui.widgets.checklist import Checklist
from tui.widgets.keybar import KeyBar

from .conftest import NOW
from .helpers import toasts, wait_for

TODAY = NOW.date()


def footer(app) -> str:
    """The key bar the user sees: the one of the screen on top."""
    return str(app.screen.query_one(KeyBar).render())


def rows(app) -> list[str]:
    checklist = app.screen.query_one(Checklist)
    return [str(checklist.get_option_at_index(i).prompt) for i in range(checklist.option_count)]


# --- 1. the welcome dialog ---------------------------------------------------------


@pytest.mark.parametrize("key", ["escape", "q", "enter"])
async def test_welcome_footer_offers_what_the_keys_do(tracker, key):
    app = SecondHeartApp(tracker)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await wait_for(pilot, lambda: "Start" in footer(app))
        shown = footer(app)
        assert "⏎ Start" in shown and "esc Close" in shown
        assert "Quit" not in shown and "Help" not in shown  # keys that do nothing here
        await pilot.press(key)
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        assert app.is_running
    assert tracker.setting("welcome-seen") == "yes"


# --- 2. the exercise form ----------------------------------------------------------

FIELDS = ["#f-name", "#f-kind", "#f-target", "#f-goal", "#f-step", "#f-unit", "#f-schedule"]
FIELDS += ["#f-guide", "#save", "#archive", "#delete", "#cancel"]


def in_view(app, selector: str) -> bool:
    """The widget is on screen, inside the dialog, above the footer: no scrolling needed."""
    widget = app.screen.query_one(selector)
    box = app.screen.query_one(".form").region
    region = widget.region
    return (
        widget.display
        and region.height > 0
        and box.contains_region(region)
        and region.bottom <= app.size.height - 1
    )


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_the_form_fits_with_an_error_beside_its_field(app_factory, tracker, size):
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await pilot.press("j", "E")
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseForm))
        await pilot.pause()
        form = app.screen.query_one(".form")
        assert form.max_scroll_y == 0
        assert all(in_view(app, selector) for selector in FIELDS)
        shown = footer(app)
        assert "^s Save" in shown and "esc Cancel" in shown and "Done" not in shown
        # One more input row still fits at this size (the form keeps a spare line).
        assert form.region.height <= size[1] - 2

        app.screen.query_one("#f-target").value = "12.5"
        await pilot.press("ctrl+s")
        await wait_for(
            pilot, lambda: "whole number" in str(app.screen.query_one("#f-target-error").render())
        )
        error = app.screen.query_one("#f-target-error")
        assert str(error.render()) == "⚠ target must be a whole number for a count, not 12.5"
        target = app.screen.query_one("#f-target").region
        assert error.region.y == target.bottom  # the line right under the target
        assert in_view(app, "#f-target-error") and in_view(app, "#save")
        assert app.screen.focused is app.screen.query_one("#f-target")
        assert tracker.exercise("ankle-pumps").target == 20  # nothing written

        app.screen.query_one("#f-target").value = "25"
        app.screen.query_one("#f-name").value = "bridge"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: str(app.screen.query_one("#f-name-error").render()))
        assert "'Bridge' already exists as bridge" in str(
            app.screen.query_one("#f-name-error").render()
        )
        assert not app.screen.query_one("#f-target-error").display  # the old one is gone
        assert in_view(app, "#f-name-error")
        assert tracker.exercise("ankle-pumps").name == "Ankle pumps"


async def test_the_form_scrolls_but_works_at_50x16(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseForm))
        await pilot.press(*"Calf raise")
        await pilot.press("tab", "tab")  # the kind, then the target
        await pilot.press(*"12")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        assert tracker.exercise("calf-raise").target == 12


async def test_adding_a_taken_name_is_refused_in_the_form(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseForm))
        await pilot.press(*"brisk WALK", "enter")
        await wait_for(pilot, lambda: str(app.screen.query_one("#f-name-error").render()))
        assert in_view(app, "#f-name-error")
        assert len([e for e in tracker.exercises() if e.name.lower() == "brisk walk"]) == 1


# --- 3. deleting an exercise -------------------------------------------------------


async def test_delete_asks_with_the_history_and_u_brings_it_back(app_factory, tracker):
    walk = tracker.exercise("walk")
    tracker.toggle_done(walk, TODAY)
    tracker.set_note(walk, TODAY.replace(day=TODAY.day - 2), "windy")
    app = app_factory()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("E")
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseForm))
        app.screen.query_one("#delete", Button).press()
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = str(app.screen.query_one(".dialog-title").render())
        assert "Delete Brisk walk and its 2 days of history?" in question
        assert "y Delete" in footer(app) and "n Keep" in footer(app)
        await pilot.press("n")  # keep it: back in the form, nothing deleted
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseForm))
        assert tracker.exercise("walk")
        app.screen.query_one("#delete", Button).press()
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        await wait_for(pilot, lambda: not any("Brisk walk" in r for r in rows(app)))
        assert "walk" not in [e.slug for e in tracker.exercises(include_archived=True)]
        await wait_for(
            pilot,
            lambda: any("Press u to bring it back" in " ".join(t.split()) for t in toasts(app)),
        )

        await pilot.press("u")
        await wait_for(pilot, lambda: any("Brisk walk" in r for r in rows(app)))
        back = tracker.exercise("walk")
        assert (back.id, back.uuid) == (walk.id, walk.uuid)
        assert tracker.entries(back)[TODAY].amount == 30
        await wait_for(
            pilot,
            lambda: any("Undone: deleted Brisk walk" in " ".join(t.split()) for t in toasts(app)),
        )


async def test_delete_shows_a_hostile_name_as_text(app_factory, tracker):
    tracker.add_exercise("[b]x[/] \x1b[31mred", kind="count", target=3)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("end", "E")
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseForm))
        app.screen.query_one("#delete", Button).press()
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = str(app.screen.query_one(".dialog-title").render())
        assert "[b]x[/] \\x1b[31mred" in question and "\x1b" not in question


# --- 4. whole amounts at the = prompt ----------------------------------------------


async def test_the_amount_prompt_refuses_half_a_rep(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "equals_sign")
        await wait_for(pilot, lambda: app.screen.query(".dialog-error"))
        await pilot.press("ctrl+a", "ctrl+k", *"12.5", "enter")
        await wait_for(pilot, lambda: str(app.screen.query_one(".dialog-error").render()))
        assert (
            str(app.screen.query_one(".dialog-error").render())
            == "the amount must be a whole number for a count, not 12.5"
        )
        assert tracker.entries(tracker.exercise("ankle-pumps")) == {}
        await pilot.press("backspace", "backspace", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        assert tracker.entries(tracker.exercise("ankle-pumps"))[TODAY].amount == 12
