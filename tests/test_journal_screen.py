"""The Journal screen driven from the keyboard: the screen and the database both checked."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from textual.widgets import DataTable

from tui.dialogs.prompt import PromptScreen
from tui.dialogs.warning_signs import WarningSignsScreen
from tui.screens.journal import JournalScreen
from tui.store import journal
from tui.widgets.column_chart import ColumnChart

from .helpers import toasts
from .helpers import wait_for as until

SIZE = (100, 30)
TODAY = dt.date(2026, 11, 21)


def stored(db_file) -> list[tuple]:
    conn = sqlite3.connect(db_file)
    try:
        return conn.execute("SELECT day, symptom, level FROM journal ORDER BY 1, 2").fetchall()
    finally:
        conn.close()


def row_text(app, slug: str) -> str:
    table = app.screen.query_one("#journal-table", DataTable)
    return " ".join(str(cell) for cell in table.get_row(slug))


async def open_journal(app, pilot, key: str = "5") -> JournalScreen:
    await pilot.press(key)
    await until(pilot, lambda: isinstance(app.screen, JournalScreen) and app.screen.entry)
    return app.screen


async def test_rate_a_week_from_the_keyboard(app_factory, db_file):
    app = app_factory()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_journal(app, pilot)
        for back in range(7):
            # cramps: space once per level (mild, moderate); down; numbness: + (mild)
            await pilot.press("space", "space", "down", "down", "plus", "up", "up")
            await until(pilot, lambda: "moderate" in row_text(app, "cramps"))
            if back < 6:
                await pilot.press("h")
                await until(pilot, lambda b=back: app.shown_day == TODAY - dt.timedelta(days=b + 1))
        rows = stored(db_file)
        assert len(rows) == 14
        assert {(s, lv) for _, s, lv in rows} == {("cramps", 2), ("numbness", 1)}
        assert {d for d, _, _ in rows} == {str(TODAY - dt.timedelta(days=b)) for b in range(7)}
        await pilot.press("t")
        await until(pilot, lambda: app.shown_day == TODAY)
        await pilot.press("l")
        await until(pilot, lambda: any("future" in t for t in toasts(app)))
        assert app.shown_day == TODAY
        burden = app.screen.query_one("#burden-chart", ColumnChart)
        assert burden.columns[-1].value == 6 * 2  # cramps Monday to Saturday, moderate
        assert "Cramps · sum of ratings by week" in str(burden.border_title)


async def test_minus_zero_and_x_set_none_and_take_the_record_away(app_factory, db_file):
    app = app_factory()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_journal(app, pilot)
        await pilot.press("plus", "plus", "plus", "plus")
        await until(pilot, lambda: "severe" in row_text(app, "cramps"))
        assert stored(db_file) == [(str(TODAY), "cramps", 3)]
        await pilot.press("minus")
        await until(pilot, lambda: "moderate" in row_text(app, "cramps"))
        await pilot.press("0")
        await until(pilot, lambda: "none" in row_text(app, "cramps"))
        assert stored(db_file) == [(str(TODAY), "cramps", 0)]
        await pilot.press("x")
        await until(pilot, lambda: "not recorded" in row_text(app, "cramps"))
        assert stored(db_file) == []
        await pilot.press("y")  # y is for the red flags only
        await until(pilot, lambda: any("y is for the two red flags" in t for t in toasts(app)))
        assert stored(db_file) == []


async def test_a_red_flag_opens_the_doctor_guidance_at_once(app_factory, db_file):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_journal(app, pilot)
        for _ in range(6):
            await pilot.press("down")
        assert screen.current().slug == "skin-colour"
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, WarningSignsScreen))
        assert stored(db_file) == [(str(TODAY), "skin-colour", 1)]
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        assert "yes" in row_text(app, "skin-colour")
        assert "1 red flag" in str(screen.query_one("#journal-count").render())
        await pilot.press("y")  # already yes: nothing new, no dialog again
        await pilot.press("0")  # yes -> no, said explicitly
        await until(pilot, lambda: "no" in row_text(app, "skin-colour").split())
        assert app.screen is screen
        await pilot.press("y")  # no -> yes: the advice again
        await until(pilot, lambda: isinstance(app.screen, WarningSignsScreen))


async def test_note_with_n_is_kept_and_shown_as_typed(app_factory, tracker):
    hostile = "[b]x[/] \x1b[31m swollen after the flight"
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_journal(app, pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, PromptScreen))
        app.screen.query_one("PlainInput").value = hostile
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen and screen.entry.note)
        shown = str(screen.query_one("#journal-note").render())
        assert "[b]x[/] \\x1b[31m swollen" in shown and "\x1b" not in shown
        assert journal.day_of(tracker, TODAY).note == hostile


async def test_L_on_today_opens_the_journal_on_the_day_today_shows(app_factory, tracker):
    journal.set_level(tracker, TODAY - dt.timedelta(days=2), "cold-feet", 2)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "h")
        await until(pilot, lambda: app.shown_day == TODAY - dt.timedelta(days=2))
        assert "L Journal" in str(app.screen.query_one("KeyBar").render())
        screen = await open_journal(app, pilot, "L")
        assert screen.entry.day == TODAY - dt.timedelta(days=2)
        assert "moderate" in row_text(app, "cold-feet")
        assert "Thu 19 Nov 2026" in str(screen.query_one("#journal-day").render())


async def test_another_process_writing_shows_up(app_factory, tracker, clock):
    from tui.store.service import Tracker

    app = app_factory(poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await open_journal(app, pilot)
        other = Tracker.open(tracker.path, clock=clock)
        try:
            journal.set_level(other, TODAY, "restless-legs", 3)
        finally:
            other.close()
        await until(pilot, lambda: "severe" in row_text(app, "restless-legs"))


async def test_w_cycles_the_weeks_and_a_narrow_pane_keeps_the_newest(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        chart = screen.query_one("#completion-chart", ColumnChart)
        await until(pilot, lambda: len(chart.columns) == 12)
        await pilot.press("w")
        await until(pilot, lambda: screen.weeks == 26 and len(chart.columns) == 26)
        await pilot.press("w")
        await until(pilot, lambda: screen.weeks == 52 and chart.columns)
        assert len(chart.columns) < 52 and "last" in str(chart.border_title)
        await pilot.press("w")
        await until(pilot, lambda: screen.weeks == 12)


async def test_space_is_one_level_per_press_and_never_says_yes_to_a_red_flag(app_factory, db_file):
    app = app_factory()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_journal(app, pilot)
        await pilot.press("space")  # from not recorded: mild, as the README says
        await until(pilot, lambda: "mild" in row_text(app, "cramps"))
        assert stored(db_file) == [(str(TODAY), "cramps", 1)]
        await pilot.press("space", "space", "space")  # moderate, severe, then none
        await until(pilot, lambda: "none" in row_text(app, "cramps"))
        assert stored(db_file) == [(str(TODAY), "cramps", 0)]
        for _ in range(6):
            await pilot.press("down")
        assert screen.current().slug == "skin-colour"
        await pilot.press("space")  # a red flag from not recorded: no, never yes
        await until(pilot, lambda: "no" in row_text(app, "skin-colour").split())
        await pilot.press("space", "plus")  # and it stays no, with the way to say yes
        await until(pilot, lambda: any("y records yes" in t for t in toasts(app)))
        assert app.screen is screen and "no" in row_text(app, "skin-colour").split()
        assert stored(db_file) == [(str(TODAY), "cramps", 0), (str(TODAY), "skin-colour", 0)]
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, WarningSignsScreen))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        app.clear_notifications()
        await until(pilot, lambda: not toasts(app))
        await pilot.press("space")  # space never takes a yes away either
        await until(pilot, lambda: any("y records yes" in t for t in toasts(app)))
        assert "yes" in row_text(app, "skin-colour").split()
        assert stored(db_file)[-1] == (str(TODAY), "skin-colour", 1)


def chart_lines(chart: ColumnChart) -> list[str]:
    """The chart as drawn inside its border, one string per row."""
    rows = [chart.line_runs(y) for y in range(chart.content_size.height)]
    return ["".join(text for text, _ in runs) for runs in rows if runs is not None]


async def test_at_80x24_the_weeks_are_even_columns_that_use_the_width(app_factory, tracker):
    for back in range(12 * 7):
        day = TODAY - dt.timedelta(days=back)
        journal.set_level(tracker, day, "cramps", 1 + back % 3)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        chart = screen.query_one("#burden-chart", ColumnChart)
        await until(pilot, lambda: len(chart.columns) == 12 and chart_lines(chart))
        assert chart.gap and chart.column_width >= 1
        step = chart.column_width + 1
        width = 12 * step - 1
        assert width > 20  # 12 weeks use most of the ~28 cells, not 12 of them
        for line in chart_lines(chart)[:-1]:  # the bars, under the y axis
            bars = line[5 : 5 + width]
            gaps = {bars[i] for i in range(chart.column_width, len(bars), step)}
            assert gaps <= {" "}, line  # a blank cell between every two weeks
            for i in range(0, len(bars), step):  # and each week as wide as the next
                assert len(set(bars[i : i + chart.column_width])) == 1, line


async def test_a_chart_with_nothing_rated_says_so_and_an_axis_writes_each_value_once(
    app_factory, tracker
):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        chart = screen.query_one("#burden-chart", ColumnChart)
        await until(pilot, lambda: chart_lines(chart))
        lines = chart_lines(chart)
        assert " ".join(line.strip() for line in lines) == "nothing rated in these 12 weeks yet"
        assert len(lines) > 1 and all(len(line) <= chart.size.width for line in lines)  # wrapped
        await pilot.press("plus")  # one mild day: the axis runs 0 to 1
        await until(pilot, lambda: len(chart.columns) == 12)
        axis = [line[:5].strip() for line in chart_lines(chart)[:-1]]
        assert [label for label in axis if label] == ["1", "0"]


@pytest.mark.parametrize("size", [(50, 16), (80, 24), (200, 50)])
async def test_every_size_shows_the_table(app_factory, size):
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        screen = await open_journal(app, pilot)
        table = screen.query_one("#journal-table", DataTable)
        await until(pilot, lambda: table.region.height >= 10)
        assert table.region.right <= size[0]


def test_journal_snapshot(snap_compare, tracker):
    from tui.app import SecondHeartApp

    tracker.set_setting("welcome-seen", "yes")
    for back in range(40):
        day = TODAY - dt.timedelta(days=back)
        journal.set_level(tracker, day, "cramps", back % 4)
        journal.set_level(tracker, day, "heavy-legs", (back // 3) % 3)
        if back % 3:
            tracker.mark_done("walk", day)
    journal.set_level(tracker, TODAY, "cold-feet", 1)
    journal.set_note(tracker, TODAY, "[b]x[/] long day at the desk")
    app = SecondHeartApp(tracker, poll_seconds=3600)

    async def run_before(pilot) -> None:
        await pilot.press("5")
        await until(pilot, lambda: isinstance(app.screen, JournalScreen) and app.screen.entry)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
