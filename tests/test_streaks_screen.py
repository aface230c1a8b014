"""The Streaks screen through Pilot: the table, the calendars, the keys, a snapshot, speed."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import statistics
import time

from tui.core.model import Status
from tui.core.streaks import combined_cells
from tui.screens.streaks import StreaksScreen, legend
from tui.store.stats import StreakStatsCache, load_habit
from tui.widgets.month_calendar import MonthCalendar
from tui.widgets.streak_table import StreakTable
from tui.widgets.year_heatmap import YearHeatmap

from .conftest import NOW
from .helpers import wait_for

TODAY = NOW.date()  # Saturday 21 November 2026
SIZE = (100, 30)


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def enter_acceptance_history(tracker, today: dt.date = TODAY) -> None:
    """Walk met on -20..-11 and -9..-4, skipped on -3, met on -2..0."""
    walk = tracker.exercise("walk")
    for k in [*range(11, 21), *range(4, 10), 0, 1, 2]:
        tracker.mark_done(walk, today - dt.timedelta(days=k))
    tracker.skip(walk, today - dt.timedelta(days=3), on=True)


async def open_streaks(app, pilot) -> StreaksScreen:
    await pilot.press("2")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, StreaksScreen)
    await wait_for(pilot, lambda: not screen.loading_data, timeout=15)
    await pilot.pause()
    return screen


def table_lines(screen: StreaksScreen) -> list[str]:
    table = screen.query_one(StreakTable)
    return [table.render_line(y).text for y in range(table.size.height)]


def line_with(screen: StreaksScreen, name: str) -> str:
    lines = [line for line in table_lines(screen) if name in line]
    assert lines, f"no table line shows {name!r}: {table_lines(screen)}"
    return lines[0]


def month(screen: StreaksScreen) -> MonthCalendar:
    return screen.query_one("#month", MonthCalendar)


def drawn(widget: MonthCalendar | YearHeatmap) -> str:
    """The widget's content as drawn, line by line."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def month_text(screen: StreaksScreen) -> str:
    widget = month(screen)
    return f"{widget.border_title}\n{drawn(widget)}"


# --------------------------------------------------------------- acceptance


async def test_walk_row_shows_current_9_and_best_10(app_factory, tracker):
    enter_acceptance_history(tracker)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_streaks(app, pilot)
        line = line_with(screen, "Brisk walk")
        assert re.search(r"Brisk walk\s+9d\s+10d\s", line), line
        # the calendar shows this month with those days marked
        calendar = month(screen)
        assert calendar.month == dt.date(2026, 11, 1)
        assert "November 2026" in month_text(screen)
        status = {d: calendar.cell(d).status for d in (ago(k) for k in range(21))}
        for k in [*range(11, 21), *range(4, 10), 0, 1, 2]:
            assert status[ago(k)] is Status.MET, ago(k)
        assert status[ago(3)] is Status.SKIPPED
        assert status[ago(10)] is Status.MISSED
        text = drawn(month(screen))
        assert " 1✓" in text and "11✗" in text and "18↷" in text and "[21✓]" in text


async def test_acceptance_through_the_command_line(tmp_path, capsys, clock, monkeypatch):
    """The same history typed with ``secondheart check/skip --date -N``."""
    from tui import cli
    from tui.app import SecondHeartApp
    from tui.cli import main
    from tui.store.service import Tracker

    monkeypatch.setattr(cli, "_clock_factory", lambda: clock)
    path = tmp_path / "cli.db"
    for k in [*range(11, 21), *range(4, 10), 2, 1, 0]:
        assert main(["--db", str(path), "check", "walk", "--date", f"-{k}" if k else "today"]) == 0
    assert main(["--db", str(path), "skip", "walk", "--date", "-3"]) == 0
    capsys.readouterr()
    tracker = Tracker.open(path, clock=clock)
    tracker.set_setting("welcome-seen", "yes")
    today = tracker.today()
    try:
        app = SecondHeartApp(tracker)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_streaks(app, pilot)
            assert re.search(r"Brisk walk\s+9d\s+10d\s", line_with(screen, "Brisk walk"))
            calendar = month(screen)
            assert calendar.month == today.replace(day=1)
            for k in range(21):
                day = today - dt.timedelta(days=k)
                if day.month != today.month:
                    continue
                want = Status.SKIPPED if k == 3 else Status.MISSED if k == 10 else Status.MET
                assert calendar.cell(day).status is want, (k, day)
    finally:
        tracker.close()


# --------------------------------------------------------------- navigation


async def test_months_and_years_move_and_t_returns(app_factory, tracker):
    enter_acceptance_history(tracker)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_streaks(app, pilot)
        heatmap = screen.query_one(YearHeatmap)
        assert screen.selected == TODAY
        await pilot.press("left_square_bracket")
        assert screen.selected == dt.date(2026, 10, 21)
        assert month(screen).month == dt.date(2026, 10, 1)
        assert "October 2026" in month_text(screen)
        assert heatmap.first <= dt.date(2026, 10, 1) and heatmap.last >= dt.date(2026, 10, 31)
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert "August 2026" in month_text(screen)
        await pilot.press("right_square_bracket")
        assert "September 2026" in month_text(screen)
        await pilot.press("left_curly_bracket")
        assert screen.selected == dt.date(2025, 9, 21)
        assert "September 2025" in month_text(screen)
        assert "2025" in str(heatmap.border_title)
        await pilot.press("right_curly_bracket")
        assert "September 2026" in month_text(screen)
        await pilot.press("t")
        assert screen.selected == TODAY and "November 2026" in month_text(screen)
        # never past today
        await pilot.press("right_square_bracket", "right_curly_bracket")
        assert screen.selected == TODAY
        # 31 March -> 28 February: clamped to the month's end
        screen.select_day(dt.date(2026, 3, 31))
        await pilot.press("left_square_bracket")
        assert screen.selected == dt.date(2026, 2, 28)


async def test_arrows_move_the_day_and_the_table(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_streaks(app, pilot)
        table = screen.query_one(StreakTable)
        assert screen.focused is table
        walk = tracker.exercise("walk")
        assert screen.exercise_id == walk.id
        await pilot.press("left", "left", "left")
        assert screen.selected == ago(3)
        await pilot.press("right")
        assert screen.selected == ago(2)
        await pilot.press("right", "right", "right")  # stops at today
        assert screen.selected == TODAY
        # up/down on the table choose the exercise
        await pilot.press("down")
        assert screen.exercise_id == tracker.exercise("ankle-pumps").id
        assert "Ankle pumps" in str(month(screen).border_title)
        await pilot.press("up")
        assert screen.exercise_id == walk.id
        # Tab: the calendar takes the arrows; up/down move a week
        await pilot.press("tab")
        assert screen.focused is month(screen)
        await pilot.press("up")
        assert screen.selected == ago(7)
        await pilot.press("up", "up", "up")
        assert screen.selected == ago(28) and month(screen).month == dt.date(2026, 10, 1)
        await pilot.press("down")
        assert screen.selected == ago(21)
        await pilot.press("h", "l", "l")
        assert screen.selected == ago(20)
        assert screen.exercise_id == walk.id
        await pilot.press("tab")
        assert screen.focused is table


async def test_a_click_on_a_row_chooses_its_exercise(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_streaks(app, pilot)
        table = screen.query_one(StreakTable)
        # border, header, then the rows: Brisk walk, Ankle pumps, Heel raises, ...
        await pilot.click(StreakTable, offset=(5, 1 + 1 + 2))
        await wait_for(pilot, lambda: screen.exercise_id == tracker.exercise("heel-raises").id)
        assert "Heel raises · November 2026" in month_text(screen)
        assert table.cursor_row == 2
        all_row = table.row_count - 2  # "All · perfect days", above the averages
        await pilot.click(StreakTable, offset=(5, 1 + 1 + all_row))
        await wait_for(pilot, lambda: screen.exercise_id is None)
        assert str(month(screen).border_title).startswith("All · ")
        # a click on the header or the border chooses nothing
        await pilot.click(StreakTable, offset=(5, 1))
        await pilot.pause()
        assert screen.exercise_id is None and table.cursor_row == all_row


async def test_rows_that_do_not_fit_scroll_with_the_cursor(app_factory, tracker):
    """Beside the charts at 80x24 the table keeps four rows under its header."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_streaks(app, pilot)
        await pilot.press("c")
        table = screen.query_one(StreakTable)
        await wait_for(pilot, lambda: len(table_lines(screen)) == 5)
        assert table_lines(screen)[0].split()[:2] == ["Exercise", "Streak"]
        for _ in range(6):  # down to the seventh exercise, past the four rows shown
            await pilot.press("down")
        await pilot.pause()
        assert screen.exercise_id == tracker.exercise("leg-elevation").id
        lines = table_lines(screen)
        assert lines[0].split()[:2] == ["Exercise", "Streak"]  # the header stays on top
        assert "Leg elevation" in lines[-1] and "Brisk walk" not in "".join(lines)
        # the keys a list has: a page down, then back to the first row
        table.focus()
        await pilot.press("pagedown")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("ctrl+home")
        await pilot.pause()
        assert table.cursor_row == 0 and "Brisk walk" in table_lines(screen)[1]
        assert screen.exercise_id == tracker.exercise("walk").id


async def test_a_name_shows_as_typed_in_the_table(app_factory, tracker):
    tracker.add_exercise("W [b]x[/]\x1b[31m", kind="check")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_streaks(app, pilot)
        line = line_with(screen, "W [b]x[/]")
        assert "W [b]x[/]\\x1b[31m" in line
        assert "\x1b" not in "".join(table_lines(screen))


async def test_the_selected_day_alone_is_reversed(app_factory, tracker):
    """The highlight covers the selected day's five cells, blanks included, and nothing else."""
    enter_acceptance_history(tracker)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_streaks(app, pilot)
        await pilot.press("left")  # Friday 20 November
        calendar = month(screen)
        row = next(i for i, week in enumerate(calendar.weeks()) if ago(1) in week)
        strip = calendar.render_line(1 + row)
        highlighted = "".join(s.text for s in strip if s.style is not None and s.style.reverse)
        assert highlighted == " 20✓ "
        heatmap = screen.query_one(YearHeatmap)
        cells = "".join(heatmap.render_line(y).text for y in range(1, 8))
        lit = [s.text for y in range(1, 8) for s in heatmap.render_line(y) if s.style.reverse]
        assert lit == ["■"] and cells.count("■") > 1


async def test_enter_opens_the_selected_day_on_today(app_factory, tracker):
    from tui.screens.today import TodayScreen
    from tui.widgets.checklist import Checklist

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_streaks(app, pilot)
        await pilot.press("down", "down")  # Heel raises
        await pilot.press("left", "left")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert app.shown_day == ago(2)
        assert "Thu 19 Nov 2026" in str(app.screen.query_one("#day-bar").render())
        row = app.screen.query_one(Checklist).current_row
        assert row is not None and row.exercise.slug == "heel-raises"
        # back on Streaks: the same day stays selected
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, StreaksScreen)
        assert app.screen.selected == ago(2)


async def test_clicks_select_and_double_click_opens(app_factory):
    from tui.screens.today import TodayScreen

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_streaks(app, pilot)
        calendar = month(screen)
        # Monday 16 November: fourth week row, first column
        weeks = calendar.weeks()
        row = next(i for i, week in enumerate(weeks) if dt.date(2026, 11, 16) in week)
        offset = (1 + 2, 1 + 1 + row)  # border, then into the day number; border + header
        await pilot.click(MonthCalendar, offset=offset)
        assert screen.selected == dt.date(2026, 11, 16)
        await pilot.double_click(MonthCalendar, offset=offset)
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert app.shown_day == dt.date(2026, 11, 16)


async def test_heatmap_click_selects_a_day(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_streaks(app, pilot)
        heatmap = screen.query_one(YearHeatmap)
        assert heatmap.display and heatmap.cell_width == 1
        # the first column, Wednesday row: border, weekday labels; border, month labels
        want = heatmap.first + dt.timedelta(days=2)
        await pilot.click(YearHeatmap, offset=(1 + 4, 1 + 1 + 2))
        assert screen.selected == want
        assert month(screen).month == want.replace(day=1)


async def test_all_row_shows_combined_cells(app_factory, tracker):
    from tui.store.demo import fill_demo

    fill_demo(tracker, days=60)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_streaks(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        assert screen.exercise_id is None
        assert screen.table.cursor_key == "all"  # the All row, not the averages below it
        assert "All · perfect days" in str(
            screen.table.render_line(screen.table.cursor_row + 1).text
        )
        assert str(month(screen).border_title).startswith("All")
        habits = [load_habit(tracker, e) for e in tracker.exercises()]
        first = dt.date(2026, 11, 1)
        want = combined_cells(habits, first, TODAY, TODAY)
        got = [month(screen).cell(c.day) for c in want]
        assert [c.status for c in got] == [c.status for c in want]
        assert [c.level for c in got] == [c.level for c in want]
        line = line_with(screen, "All · perfect days")
        assert re.search(r"\d+d\s+\d+d\s+\d+%", line), line


async def test_own_and_other_writes_redraw(app_factory, tracker, db_file):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_streaks(app, pilot)
        assert re.search(r"Brisk walk\s+0d\s+0d", line_with(screen, "Brisk walk"))
        tracker.mark_done(tracker.exercise("walk"), TODAY)  # our own write
        screen.refresh_data()
        await pilot.pause()
        assert re.search(r"Brisk walk\s+1d\s+1d", line_with(screen, "Brisk walk"))
        assert month(screen).cell(TODAY).status is Status.MET
        # another process ticks yesterday: the poll notices within a second or two
        other = sqlite3.connect(db_file)
        with other:
            other.execute(
                "INSERT INTO entry (exercise_id, day, amount, target, skipped, updated)"
                " VALUES (?, ?, 30, 30, 0, '')",
                (tracker.exercise("walk").id, ago(1).isoformat()),
            )
        other.close()
        await wait_for(
            pilot, lambda: re.search(r"Brisk walk\s+2d\s+2d", line_with(screen, "Brisk walk"))
        )


async def test_the_cursor_stays_on_the_averages_row_when_the_data_changes(app_factory, tracker):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_streaks(app, pilot)
        await pilot.press("a", "down")
        assert screen.table.cursor_key == "average"
        tracker.mark_done(tracker.exercise("walk"), TODAY)  # the table is filled again
        screen.refresh_data()
        await pilot.pause()
        assert re.search(r"Brisk walk\s+1d", line_with(screen, "Brisk walk"))
        assert screen.table.cursor_key == "average"
        assert "Average of exercises" in str(
            screen.table.render_line(screen.table.cursor_row + 1).text
        )


async def test_week_start_sunday(app_factory, tracker):
    tracker.set_setting("week-start", "sun")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_streaks(app, pilot)
        text = drawn(month(screen))
        assert text.splitlines()[0].split()[:2] == ["Su", "Mo"]
        assert all(week[0] is None or week[0].weekday() == 6 for week in month(screen).weeks())
        assert screen.query_one(YearHeatmap).first.weekday() == 6


async def test_small_and_large_terminals(app_factory, tracker):
    from tui.store.demo import fill_demo

    fill_demo(tracker, days=400)
    for size, heatmap_shown in (((50, 16), False), ((80, 24), False), ((200, 60), True)):
        app = app_factory()
        async with app.run_test(size=size) as pilot:
            screen = await open_streaks(app, pilot)
            heatmap = screen.query_one(YearHeatmap)
            assert heatmap.display is heatmap_shown
            assert screen.query_one("#legend-column").display is not heatmap_shown
            assert "Brisk walk" in line_with(screen, "Brisk walk")
            if size == (200, 60):
                assert heatmap.cell_width == 2
            # every widget fits in the terminal
            for widget in (screen.query_one(StreakTable), month(screen)):
                region = widget.region
                assert region.right <= size[0] and region.bottom <= size[1], (size, widget)
            await pilot.press("left_square_bracket", "left", "enter")
            await pilot.pause()


def test_legend_names_every_status():
    text = legend().plain
    for glyph in ("✓", "◐", "↷", "✗", "○", "·", "–", "■", "▪", "◇"):
        assert glyph in text
    for status in Status:  # every glyph a calendar can draw, not started included
        assert status.glyph in text
    assert "– not started" in text
    assert legend(vertical=True).plain.count("\n") == 7


# ----------------------------------------------------------------- the cache


def test_cache_sees_own_writes_other_writes_and_a_new_day(tracker, db_file, clock):
    cache = StreakStatsCache(tracker)
    snapshot = cache.load()
    assert cache.is_fresh() and cache.load() is snapshot
    tracker.mark_done(tracker.exercise("walk"), TODAY)
    assert not cache.is_fresh()
    snapshot = cache.load()
    assert snapshot.rows[0].summary.streak.current == 1
    other = sqlite3.connect(db_file)
    with other:
        other.execute("UPDATE entry SET amount = 0")
    other.close()
    assert not cache.is_fresh()
    assert cache.load().rows[0].summary.streak.current == 0
    clock.set(NOW + dt.timedelta(days=1))
    assert not cache.is_fresh()
    assert cache.load().today == TODAY + dt.timedelta(days=1)


def test_chart_lists_are_kept_until_the_data_changes(tracker):
    """Best streaks, weekdays and chart series: computed once per exercise, fresh after a write."""
    from tui.core import insights

    enter_acceptance_history(tracker)
    cache = StreakStatsCache(tracker)
    assert cache.best_streaks(None) == []  # nothing until loaded
    cache.load()
    walk = tracker.exercise("walk")
    roles = cache.insight(walk.id).roles
    best = cache.best_streaks(walk.id)
    assert [(s.length, s.current) for s in best] == [(10, False), (9, True)]
    assert best == insights.best_streaks(roles, 5) and cache.best_streaks(walk.id) is best
    shares = cache.weekday_pattern(walk.id)
    assert shares == insights.weekday_pattern(roles, 365)
    assert cache.weekday_pattern(walk.id) is shares
    bars = cache.history(walk.id, "week", 10)
    assert (
        bars == insights.history(roles, "week", 10) and cache.history(walk.id, "week", 10) is bars
    )
    points = cache.strength_points(walk.id, "month", 6)
    assert cache.strength_points(walk.id, "month", 6) is points
    assert cache.strength_points(walk.id, "week", 6) != points
    # a day met that joins the two streaks: the lists follow
    tracker.mark_done(walk, TODAY - dt.timedelta(days=10))
    tracker.skip(walk, TODAY - dt.timedelta(days=3), on=False)
    tracker.mark_done(walk, TODAY - dt.timedelta(days=3))
    cache.load()
    assert [(s.length, s.current) for s in cache.best_streaks(walk.id)] == [(21, True)]
    assert cache.history(walk.id, "week", 10) != bars


def test_cells_in_blocks_match_the_engine(tracker):
    """Cells computed in four-week blocks equal cells computed for the whole range."""
    from tui.core.streaks import calendar_cells
    from tui.store.demo import fill_demo

    tracker.add_exercise("Swim", kind="check", schedule="weekly:3")
    tracker.add_exercise("Stretch", kind="check", schedule="mon,wed,fri")
    tracker.add_exercise("Hike", kind="check", schedule="every 3 days")
    fill_demo(tracker, days=200)
    cache = StreakStatsCache(tracker)
    cache.load()
    habits = {e.id: load_habit(tracker, e) for e in tracker.exercises()}
    for first, last in (
        (ago(371), TODAY),
        (ago(250), ago(100)),
        (ago(30), TODAY + dt.timedelta(days=9)),
        (ago(5), ago(5)),
    ):
        for exercise_id, habit in habits.items():
            want = calendar_cells(habit, first, last, TODAY)
            assert cache.cells(exercise_id, first, last) == want, (exercise_id, first, last)
        want = combined_cells(list(habits.values()), first, last, TODAY)
        assert cache.cells(None, first, last) == want, (first, last)


def test_cache_loads_in_steps_and_one_query_per_exercise(tracker, monkeypatch):
    from tui.store.database import Database

    cache = StreakStatsCache(tracker)
    assert cache.advance(0) is False and cache.busy
    steps = 1
    while not cache.advance(0):
        steps += 1
    assert steps >= len(tracker.exercises())
    assert not cache.busy and cache.is_fresh()

    queries: list[str] = []
    original = Database.read

    def counting(self, sql, params=()):
        queries.append(sql)
        return original(self, sql, params)

    monkeypatch.setattr(Database, "read", counting)
    tracker.mark_done(tracker.exercise("walk"), TODAY)
    queries.clear()
    cache.load()
    monkeypatch.undo()
    entry_queries = [q for q in queries if "FROM entry" in q or 'FROM "entry"' in q]
    assert len(entry_queries) == len(tracker.exercises())


async def test_prewarm_loads_before_the_screen_opens(app_factory, tracker):
    from tui.screens.streaks import prewarm, shared_stats
    from tui.store.demo import fill_demo

    fill_demo(tracker, days=400)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        prewarm(app)
        cache = shared_stats(app)
        await wait_for(pilot, lambda: cache.is_fresh() and not cache.busy)
        snapshot = cache.snapshot
        screen = await open_streaks(app, pilot)
        assert screen.stats is cache and screen.snapshot is snapshot


async def test_the_screen_is_built_while_idle_and_shows_fresh_data_when_visited(
    app_factory, tracker
):
    """After start-up the app composes Streaks in the background; ``2`` then only shows it."""

    def built() -> list:
        try:
            return app.get_screen_stack("streaks")
        except KeyError:
            return []

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: built() and built()[0].table.row_count)
        screen = built()[0]
        assert isinstance(screen, StreaksScreen) and app.current_mode == "today"
        assert re.search(r"Brisk walk\s+0d", line_with(screen, "Brisk walk"))
        await pilot.press("space")  # walk done today, on Today
        await wait_for(pilot, lambda: tracker.current_streak(tracker.exercise("walk")).current)
        await pilot.press("2")
        await wait_for(pilot, lambda: app.screen is screen and not screen.loading_data)
        await wait_for(
            pilot, lambda: re.search(r"Brisk walk\s+1d", line_with(screen, "Brisk walk"))
        )
        assert month(screen).cell(TODAY).status is Status.MET


async def test_quitting_while_the_screen_is_built_in_the_background(app_factory):
    """Closing the app just as it builds Streaks ahead is a clean exit, not an error."""
    for _ in range(3):
        app = app_factory()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.prebuild("streaks")
        assert app.return_code in (None, 0)


# ----------------------------------------------------------------- snapshot


def test_snapshot(app_factory, tracker, snap_compare):
    from tui.store.demo import fill_demo

    fill_demo(tracker, days=365)
    tracker.mark_done(tracker.exercise("walk"), TODAY)

    async def run_before(pilot) -> None:
        await open_streaks(pilot.app, pilot)

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


# -------------------------------------------------------------------- speed


async def test_ten_years_of_twelve_exercises_stay_fast(app_factory, tracker):
    from tui.store.demo import fill_demo

    fill_demo(tracker, days=3650, extra_exercises=5)
    assert len(tracker.exercises()) == 12
    cold = StreakStatsCache(tracker)
    started = time.perf_counter()
    slices = []
    while True:
        t0 = time.perf_counter()
        done = cold.advance(0.006)
        slices.append(time.perf_counter() - t0)
        if done:
            break
    cold_total = time.perf_counter() - started
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_streaks(app, pilot)
        month_widget, heatmap = month(screen), screen.query_one(YearHeatmap)

        def timed(action, count: int = 24) -> list[float]:
            values = []
            for _ in range(count):
                t0 = time.perf_counter()
                action()
                drawn(month_widget)
                drawn(heatmap)
                values.append(time.perf_counter() - t0)
            return values

        refresh = timed(screen.refresh_data)
        months = timed(lambda: screen.action_month(-1))
        days = timed(lambda: screen.action_day(-1))
        await pilot.press("a")  # All: combined cells over 12 habits
        await pilot.pause()
        assert screen.exercise_id is None
        all_months = timed(lambda: screen.action_month(-1))
        years = timed(lambda: screen.action_year(-1), 8)
    report = {
        "cold load total": cold_total,
        "cold load median slice": statistics.median(slices),
        "cold load longest slice (GC pauses included)": max(slices),
        "refresh_data (fresh)": statistics.median(refresh),
        "month move": statistics.median(months),
        "day move": statistics.median(days),
        "month move (All)": statistics.median(all_months),
        "year move (All)": statistics.median(years),
    }
    print("\n" + "\n".join(f"{name}: {value * 1000:.2f} ms" for name, value in report.items()))
    for name in ("refresh_data (fresh)", "month move", "day move", "month move (All)"):
        assert report[name] < 0.100, (name, report[name])
    assert report["cold load median slice"] < 0.016


async def test_keys_typed_ahead_on_streaks_act_in_the_order_typed(app_factory, tracker):
    """``[`` then ``enter`` arriving together opens a day of the month moved to."""
    from textual import events

    from tui.screens.today import TodayScreen

    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, StreaksScreen))
        await pilot.pause()
        month = app.screen.selected.month
        for key, char in [("left_square_bracket", "["), ("enter", "\r")]:
            app.post_message(events.Key(key, char))
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        assert app.shown_day.month == (month - 2) % 12 + 1
