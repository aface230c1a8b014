"""The Today screen through Pilot: every key, checked on screen and in the database."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tui.core.model import Status
from tui.screens.today import TodayScreen
from tui.store.service import Tracker
from tui.widgets.checklist import Checklist
from tui.widgets.day_bar import DayBar

from .conftest import NOW
from .helpers import cli_at, toasts, wait_for

TODAY = NOW.date()
SIZE = (100, 30)


def amount(tracker, slug: str, day: dt.date = TODAY) -> float:
    entry = tracker.entries(tracker.exercise(slug), since=day, until=day).get(day)
    return entry.amount if entry else 0.0


def row_texts(app) -> list[str]:
    checklist = app.screen.query_one(Checklist)
    return [str(checklist.get_option_at_index(i).prompt) for i in range(checklist.option_count)]


def label(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def bar(app) -> DayBar:
    """Today's day bar (the day, the progress bar, the count)."""
    return app.screen.query_one(DayBar)


def headings(app, selector: str) -> str:
    """The rendered first-level headings of a Markdown widget (empty until it has loaded)."""
    return " ".join(str(h.render()) for h in app.screen.query(f"{selector} MarkdownH1"))


async def test_routine_shows_in_order_with_glyphs(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        rows = row_texts(app)
        assert len(rows) == 7
        assert (
            "Brisk walk" in rows[0] and "0/30 min" in rows[0] and rows[0].lstrip().startswith("○")
        )
        assert "Leg elevation" in rows[6] and "0/3 sessions" in rows[6]
        assert "Sat 21 Nov 2026" in bar(app).day_text
        assert bar(app).count_text == "0 done · 7 to go"


async def test_space_marks_done_and_writes_at_once(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "space")
        assert amount(tracker, "ankle-pumps") == 20
        assert "✓" in row_texts(app)[1] and "20/20 reps" in row_texts(app)[1]
        assert bar(app).count_text == "1 done · 6 to go"
        await pilot.press("space")
        assert amount(tracker, "ankle-pumps") == 0
        assert "0/20 reps" in row_texts(app)[1]


async def test_plus_minus_step_and_exact_amount(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "plus", "plus")
        assert amount(tracker, "heel-raises") == 10
        assert "◐" in row_texts(app)[2] and "10/15 reps" in row_texts(app)[2]
        await pilot.press("minus")
        assert amount(tracker, "heel-raises") == 5
        await pilot.press("equals_sign")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *"abc", "enter")
        await pilot.pause()
        assert "not a number" in label(app, ".dialog-error")
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press(*"12", "enter")
        await pilot.pause()
        assert amount(tracker, "heel-raises") == 12
        assert "12/15 reps" in row_texts(app)[2]


async def test_skip_note_and_undo_several_levels(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("s")
        rows = {r.exercise.slug: r for r in tracker.day_view(TODAY).rows}
        assert rows["walk"].status == Status.SKIPPED
        assert "rest day" in row_texts(app)[0] and "↷" in row_texts(app)[0]
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"long flight", "enter")
        await pilot.pause()
        assert tracker.day_view(TODAY).rows[0].note == "long flight"
        assert "✎" in row_texts(app)[0]
        assert "long flight" in label(app, "#row-detail")
        await pilot.press("u")
        assert tracker.day_view(TODAY).rows[0].note is None
        await pilot.press("u")
        assert tracker.day_view(TODAY).rows[0].status == Status.PENDING
        await pilot.press("u")
        await wait_for(pilot, lambda: any("Nothing to undo" in t for t in toasts(app)))
        assert tracker.day_view(TODAY).rows[0].status == Status.PENDING


async def test_browse_days_never_past_today(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")
        assert app.shown_day == TODAY
        await pilot.press("h", "left")
        assert app.shown_day == TODAY - dt.timedelta(days=2)
        assert "Thu 19 Nov 2026" in bar(app).day_text and "2 days ago" in bar(app).day_text
        await pilot.press("space")
        assert amount(tracker, "walk", TODAY - dt.timedelta(days=2)) == 30
        assert amount(tracker, "walk") == 0
        await pilot.press("l")
        assert app.shown_day == TODAY - dt.timedelta(days=1)
        await pilot.press("t")
        assert app.shown_day == TODAY
        assert "today" in bar(app).day_text


async def test_a_new_database_shows_yesterday_without_misses(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await wait_for(pilot, lambda: "yesterday" in bar(app).day_text)
        rows = row_texts(app)
        assert len(rows) == 7
        assert all(Status.NOT_STARTED.glyph in row for row in rows)
        assert not any(Status.MISSED.glyph in row for row in rows)
        assert bar(app).count_text == "before your exercises started"
        await pilot.press("space")  # a backfill counts from then on
        await wait_for(pilot, lambda: bar(app).count_text == "all 1 done")
        assert amount(tracker, "walk", TODAY - dt.timedelta(days=1)) == 30


async def test_a_backfill_makes_the_days_after_it_missed_on_today_too(app_factory, tracker):
    """A check-in three days back starts Bridge then: the day between shows ✗ and
    counts as not done, on the screen as in the streaks."""
    tracker.toggle_done("bridge", TODAY - dt.timedelta(days=3))
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "h")
        await wait_for(pilot, lambda: "2 days ago" in bar(app).day_text)
        bridge = next(row for row in row_texts(app) if "Bridge" in row)
        assert Status.MISSED.glyph in bridge
        assert bar(app).count_text == "0 done · 1 not done"
        await pilot.press("h")
        await wait_for(pilot, lambda: "3 days ago" in bar(app).day_text)
        assert bar(app).count_text == "all 1 done"


async def test_add_edit_validate_and_archive(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Calf stretch")
        app.screen.query_one("#f-target").value = "0"
        await pilot.press("enter")
        await pilot.pause()
        assert "target must be more than 0" in label(app, "#f-target-error")
        app.screen.query_one("#f-target").value = "5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert tracker.exercise("calf-stretch").target == 5
        assert "Calf stretch" in row_texts(app)[-1]
        assert app.screen.query_one(Checklist).current_row.exercise.slug == "calf-stretch"
        await pilot.press("E")
        await pilot.pause()
        app.screen.query_one("#f-schedule").value = "fortnightly"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "unknown schedule" in label(app, "#f-schedule-error")
        app.screen.query_one("#f-schedule").value = "daily"
        app.screen.query_one("#archive").press()
        await pilot.pause()
        assert tracker.exercise("calf-stretch").archived
        assert not any("Calf stretch" in r for r in row_texts(app))


async def test_reorder_with_shift_j_and_k(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("J")
        assert [e.slug for e in tracker.exercises()][:2] == ["ankle-pumps", "walk"]
        assert "Brisk walk" in row_texts(app)[1]
        assert app.screen.query_one(Checklist).highlighted == 1
        await pilot.press("K")
        assert [e.slug for e in tracker.exercises()][:2] == ["walk", "ankle-pumps"]


async def test_guide_pane_toggles_and_hides_when_narrow(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one("#guide-pane")
        assert pane.display
        await pilot.press("g")
        assert not pane.display and tracker.setting("guide-pane") == "off"
        await pilot.press("g")
        assert pane.display
    app = app_factory()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#guide-pane").display


async def test_help_lists_keys_and_modes_switch(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = " ".join(str(w.render()) for w in app.screen.query(".help-section"))
        for words in ("Today", "toggle" if "toggle" in text else "Done", "Skip", "Undo", "Quit"):
            assert words in text
        await pilot.press("escape")
        await pilot.press("2")
        assert app.current_mode == "streaks"
        await pilot.press("1")
        assert app.current_mode == "today"


async def test_new_day_appears_without_a_key(app_factory, clock, tracker):
    clock.set(dt.datetime(2026, 11, 21, 23, 59, 59, tzinfo=NOW.tzinfo))
    app = app_factory(poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        clock.advance(seconds=2)
        await wait_for(pilot, lambda: "Sun 22 Nov 2026" in bar(app).day_text)
        assert app.shown_day == dt.date(2026, 11, 22)
        assert "0/30 min" in row_texts(app)[0]
        assert amount(tracker, "walk", TODAY) == 30


async def test_day_start_hour_keeps_late_ticks_on_the_previous_day(app_factory, clock, tracker):
    tracker.set_setting("day-start-hour", "4")
    clock.set(dt.datetime(2026, 11, 22, 1, 30, tzinfo=NOW.tzinfo))
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        assert "Sat 21 Nov 2026" in bar(app).day_text
        assert amount(tracker, "walk", TODAY) == 30


async def test_external_write_shows_up_keeping_the_cursor(app_factory, tracker):
    app = app_factory(poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "j")
        # another process, on the app's day (not the real one)
        other = cli_at(NOW, "--db", str(tracker.path), "check", "heel-raises")
        assert other.returncode == 0, other.stderr
        await wait_for(pilot, lambda: "15/15 reps" in row_texts(app)[2])
        assert app.screen.query_one(Checklist).highlighted == 3


@pytest.mark.parametrize("size", [(100, 30), (50, 16)])
def test_today_snapshot(snap_compare, tracker, size):
    from tui.app import SecondHeartApp

    tracker.set_setting("welcome-seen", "yes")
    tracker.set_amount("walk", TODAY, 30)
    tracker.set_amount("heel-raises", TODAY, 10)
    tracker.skip("bridge", TODAY)
    for back in range(1, 6):
        tracker.set_amount("walk", TODAY - dt.timedelta(days=back), 30)
    app = SecondHeartApp(tracker, poll_seconds=3600)

    async def run_before(pilot) -> None:
        """The rows with their streaks, and the guide pane loaded (it comes a moment later)."""
        app = pilot.app
        await wait_for(pilot, lambda: "streak 6 days" in label(app, "#row-detail"))
        await wait_for(pilot, lambda: "Brisk walk" in headings(app, "#guide-markdown"))

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_key_bar_shows_the_keys_and_runs_them_on_click(app_factory, tracker):
    from tui.widgets.keybar import KeyBar

    app = app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        text = str(bar.render())
        for words in ("space Done", "s Skip", "u Undo", "? Help", "q Quit", "palette"):
            assert words in text
        await pilot.click(KeyBar, offset=(text.index("Done"), 0))
        await pilot.pause()
        assert tracker.day_view().rows[0].amount == 30
        await pilot.press("2")
        assert "[ ] Month" in str(app.screen.query_one(KeyBar).render())


async def test_key_bar_keeps_help_and_quit_in_a_narrow_pane(app_factory):
    from tui.widgets.keybar import KeyBar

    app = app_factory()
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one(KeyBar).render())
        assert "? Help" in text and "q Quit" in text and "space" in text
        assert len(text) <= 50


async def test_a_tick_redraws_its_row_on_the_terminal_when_the_list_is_scrolled(
    app_factory, tracker
):
    """Only the changed row is repainted; it must land on the right line."""
    from textual._compositor import CompositorUpdate

    for number in range(1, 9):
        tracker.add_exercise(f"Stretch {number}", kind="count", target=number)
    app = app_factory()
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.press("end")
        checklist = app.screen.query_one(Checklist)
        await pilot.pause()
        assert checklist.scroll_offset.y > 0  # the last row is only visible scrolled
        drawn: list[str] = []
        display = app._display

        def recording(screen, update) -> None:
            display(screen, update)
            if isinstance(update, CompositorUpdate):
                drawn.append(update.render_segments(app.console))

        app._display = recording
        await pilot.press("space")
        await pilot.pause()
        assert amount(tracker, "stretch-8") == 8
        frames = "".join(drawn)
        assert "8/8" in frames
        assert "0/8" not in frames


async def test_the_day_bar_shows_done_and_to_do_by_glyph_not_only_colour(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")  # one of seven done
        day_bar = bar(app)
        await wait_for(pilot, lambda: day_bar.fraction > 0)
        line = day_bar.render_line(0).text  # what the terminal gets
        drawn = re.search("[━╸─]+", line).group()
        assert line.endswith("  1 done · 6 to go") and line.startswith("Sat 21 Nov 2026  today  ━")
        assert drawn.startswith("━") and drawn.endswith("─")
        assert 0 < drawn.count("━") < len(drawn) / 3  # about a seventh filled
    assert tracker.day_view().done == 1


async def test_a_key_after_another_process_wrote_shows_both_writes(app_factory, tracker):
    """A key redraws only its own row when nobody else wrote since the rows were
    read; a write from elsewhere in between (not yet polled) is read in full."""
    app = app_factory(poll_seconds=60)  # the watcher will not notice the other write
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        other = Tracker.open(tracker.path, clock=tracker.clock)
        other.step("heel-raises", TODAY, 15)
        other.close()
        await pilot.press("space")  # on Brisk walk
        await wait_for(pilot, lambda: "30/30 min" in row_texts(app)[0])
        assert "15/15 reps" in row_texts(app)[2]
        assert bar(app).count_text == "2 done · 5 to go"
        assert amount(tracker, "walk") == 30 and amount(tracker, "heel-raises") == 15


async def test_each_key_shows_what_a_full_read_shows(app_factory, tracker):
    """space, +, -, s and a note redraw one row; it matches the day read again."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        for keys in (("j", "space"), ("plus",), ("minus", "minus"), ("s",), ("k", "space")):
            await pilot.press(*keys)
            shown = (
                row_texts(app),
                bar(app).count_text,
                str(screen.query_one("#row-detail").render()),
            )
            screen.refresh_data()  # read the whole day again
            await pilot.pause()
            again = (
                row_texts(app),
                bar(app).count_text,
                str(screen.query_one("#row-detail").render()),
            )
            assert shown == again, keys
        await pilot.press("n")
        await pilot.press(*"[b]x[/]", "enter")
        await wait_for(pilot, lambda: "✎" in row_texts(app)[0])
        assert "✎ [b]x[/]" in str(screen.query_one("#row-detail").render())
        assert (
            tracker.entries(tracker.exercise("walk"), since=TODAY, until=TODAY)[TODAY].note
            == "[b]x[/]"
        )


@pytest.mark.parametrize("size", [(100, 30), (50, 16)])
async def test_an_empty_day_says_how_to_add_an_exercise_between_words(app_factory, tracker, size):
    for exercise in tracker.exercises():
        tracker.archive_exercise(exercise.id)
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        detail = app.screen.query_one("#row-detail")
        await wait_for(pilot, lambda: "No exercises" in str(detail.render()))
        lines = [line.plain for line in detail.shown_lines()]
        assert " ".join(lines) == "No exercises scheduled for this day. Press a to add one."
        assert all(len(line) <= detail.size.width for line in lines)
        assert bar(app).count_text == "nothing scheduled"


async def test_keys_typed_ahead_act_in_the_order_typed(app_factory, tracker):
    """``j j j space`` arriving together (typed ahead, pasted, a busy moment) ticks the
    fourth row: a row move is never overtaken by the write that follows it."""
    from textual import events

    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        checklist = app.screen.query_one(Checklist)
        assert checklist.has_focus
        rows = checklist.rows
        for key, char in [("j", "j"), ("j", "j"), ("j", "j"), ("space", " "), ("k", "k")]:
            app.post_message(events.Key(key, char))
        await wait_for(pilot, lambda: checklist.highlighted == 2)
        await pilot.pause()
        view = {row.exercise.slug: row for row in tracker.day_view(tracker.today()).rows}
        assert view[rows[3].exercise.slug].status == Status.MET
        assert view[rows[0].exercise.slug].status != Status.MET
        assert "✓" in str(checklist.get_option_at_index(3).prompt)
