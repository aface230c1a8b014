"""What a newcomer meets in the first hour, through Pilot: the welcome dialog, the
exercise form at usual pane sizes, deleting an exercise, whole amounts, and the
footer in a small pane. Each checks the screen and, where something is written,
the database."""

from __future__ import annotations

import datetime as dt

import pytest
from rich.cells import cell_len
from textual.widgets import Button

from tui.app import SecondHeartApp
from tui.dialogs.confirm import ConfirmScreen
from tui.dialogs.exercise_form import ExerciseForm
from tui.dialogs.welcome import WelcomeScreen
from tui.screens.today import TodayScreen
from tui.widgets.checklist import Checklist
from tui.widgets.day_bar import DayBar
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
FIELDS += ["#f-remind"]
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
        assert form.region.height <= size[1] - 1  # above the footer

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


# --- 4. big amounts and long notes on Today ----------------------------------------


@pytest.mark.parametrize("size", [(200, 50), (100, 30), (80, 24), (50, 16)])
async def test_big_amounts_keep_the_columns_and_notes_are_cut(app_factory, tracker, size):
    tracker.set_amount("ankle-pumps", TODAY, 100000)
    tracker.set_note("walk", TODAY, "sore calves after the long flight " * 6)
    tracker.current_streak(tracker.exercise("walk"))
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        checklist = app.screen.query_one(Checklist)
        await wait_for(pilot, lambda: checklist.option_count == 7)
        width = checklist.scrollable_content_region.width
        texts = rows(app)
        assert "100000/20 reps" in texts[1]
        assert all(cell_len(text) <= width for text in texts)  # nothing into the border
        # The progress column ends in the same cell on every row.
        walk_end = texts[0].index("30 min") + len("30 min")
        assert texts[1].index("100000/20 reps") + len("100000/20 reps") == walk_end
        detail = app.screen.query_one("#row-detail")
        await wait_for(pilot, lambda: "✎" in str(detail.render()))
        lines = str(detail.render()).splitlines()
        assert len(lines) <= 2 and lines[-1].startswith("✎ sore calves")
        assert lines[-1].endswith("…") and cell_len(lines[-1]) <= detail.size.width


async def test_wide_rows_draw_a_progress_bar(app_factory, tracker):
    tracker.set_amount("heel-raises", TODAY, 10)  # 10 of 15: two thirds
    app = app_factory()
    async with app.run_test(size=(200, 50)) as pilot:
        checklist = app.screen.query_one(Checklist)
        await wait_for(pilot, lambda: checklist.option_count == 7)
        heel = rows(app)[2]
        filled, empty = heel.count("━"), heel.count("─")
        assert filled + empty >= 40  # the row uses the width
        assert abs(filled / (filled + empty) - 2 / 3) < 0.05
        assert rows(app)[0].count("━") == 0  # nothing done: an empty bar
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:  # beside the guide pane: no room
        checklist = app.screen.query_one(Checklist)
        await wait_for(pilot, lambda: checklist.option_count == 7)
        assert "━" not in rows(app)[2]


async def test_the_detail_line_breaks_between_facts_at_100x30(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        detail = app.screen.query_one("#row-detail")
        await wait_for(pilot, lambda: "daily" in str(detail.render()))
        lines = str(detail.render()).splitlines()
        assert lines == ["Brisk walk · target 30 min (app default)", "daily"]


# --- 5. words ------------------------------------------------------------------------


async def test_the_day_count_says_done_and_skipped_apart(app_factory, tracker, clock):
    tracker.toggle_done("walk", TODAY)
    tracker.toggle_done("ankle-pumps", TODAY)
    tracker.skip("bridge", TODAY)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        bar = app.screen.query_one("#day-bar", DayBar)
        await wait_for(pilot, lambda: "done" in bar.count_text)
        assert bar.count_text == "2 done · 1 skipped · 4 to go"
        clock.advance(days=1)  # the app moves to the new day by itself
        await wait_for(pilot, lambda: app.shown_day == TODAY + dt.timedelta(days=1))
        await wait_for(pilot, lambda: bar.count_text == "0 done · 7 to go")
        await pilot.press("left")  # a past day: what is left was not done
        await wait_for(pilot, lambda: bar.count_text == "2 done · 1 skipped · 4 not done")


async def test_the_day_count_fits_at_50x16(app_factory, tracker):
    tracker.skip("bridge", TODAY)
    app = app_factory()
    async with app.run_test(size=(50, 16)) as pilot:
        bar = app.screen.query_one("#day-bar", DayBar)
        await wait_for(pilot, lambda: "to go" in bar.count_text)
        line = bar.render_line(0).text  # the whole line, as the terminal gets it
        assert bar.region.right <= 50 and len(line) == bar.region.width
        assert line.startswith("Sat 21 Nov  ") and line.endswith("  0 done · 1 skipped · 6 to go")


async def test_palette_entries_are_in_sentence_case(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=(100, 30)):
        from tui.app import SecondHeartCommands

        provider = SecondHeartCommands(app.screen)
        for title, help_text, _ in provider._commands():
            for words in (title, help_text):
                assert words[0].isupper() or words[0].isdigit(), words
            assert not title.startswith(("Screen:", "Timer:")), title


# --- 6. the footer in a small pane ---------------------------------------------------


async def test_the_footer_keeps_labels_at_50x16(app_factory):
    app = app_factory()
    async with app.run_test(size=(50, 16)) as pilot:
        await wait_for(pilot, lambda: "Done" in footer(app))
        shown = footer(app)
        assert shown.rstrip() == " space Done s Skip n Note u Undo ? Help q Quit"
        assert len(shown) <= 50
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: "Done" in footer(app))
        assert "space Done  s Skip  n Note  u Undo  g Guide  a Add  E Edit" in footer(app)


# --- 8. any day from the palette -----------------------------------------------------


async def palette_hits(app, pilot, query: str) -> list[str]:
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: app.screen.query(CommandList))
    await pilot.press(*query)
    commands = app.screen.query_one(CommandList)
    await wait_for(pilot, lambda: commands.option_count > 0)
    await pilot.pause(0.3)
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


@pytest.mark.parametrize(
    ("query", "day"),
    [("2026-11-15", "Sun 15 Nov 2026"), ("15 nov", "Sun 15 Nov 2026"),
     ("last monday", "Mon 16 Nov 2026"), ("2026-02-03", "Tue 03 Feb 2026")],
)  # fmt: skip
async def test_the_palette_opens_any_day_typed(app_factory, tracker, query, day):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        hits = await palette_hits(app, pilot, query)
        assert hits[0].startswith(f"Open day: {day}")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        bar = app.screen.query_one("#day-bar", DayBar)
        await wait_for(pilot, lambda: day in bar.day_text)
        assert app.shown_day.strftime("%a %d %b %Y") == day


async def test_the_palette_refuses_a_future_day_in_one_line(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        hits = await palette_hits(app, pilot, "25 dec")
        assert hits[0].startswith("Fri 25 Dec 2026 is in the future")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("in the future" in t for t in toasts(app)))
        assert app.shown_day == TODAY
