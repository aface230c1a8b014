"""The charts on Streaks through Pilot: views by pane size, buckets, best streaks, weekdays, titles."""

from __future__ import annotations

import datetime as dt

from tui.screens.streaks import StreaksScreen
from tui.widgets.best_streaks import BestStreaks
from tui.widgets.column_chart import ColumnChart
from tui.widgets.weekday_pattern import WeekdayPattern
from tui.widgets.year_heatmap import YearHeatmap

from .conftest import NOW, ZONE
from .helpers import wait_for as until
from .test_streaks_screen import enter_acceptance_history, open_streaks

TODAY = NOW.date()


def lines(widget) -> list[str]:
    return [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]


async def test_charts_are_one_key_away_at_100x30_and_agree_with_the_streaks(app_factory, tracker):
    enter_acceptance_history(tracker)  # walk: best 10 (1..10 Nov), current 9 (12..21 Nov)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_streaks(app, pilot)
        insights = screen.query_one("#insights")
        assert not insights.display and screen.query_one("#calendar-view").display
        await pilot.press("c")
        await until(pilot, lambda: insights.display and lines(screen.query_one(BestStreaks))[0])
        assert not screen.query_one("#calendar-view").display
        best = lines(screen.query_one(BestStreaks))
        assert "10d" in best[0] and "1 Nov – 10 Nov 2026" in best[0] and "now" not in best[0]
        assert "9d" in best[1] and "12 Nov – 21 Nov 2026" in best[1] and "◀ now" in best[1]
        strength = screen.query_one("#strength-chart", ColumnChart)
        assert "Brisk walk · strength by week" in str(strength.border_title)
        assert "100%" in lines(strength)[0]
        # b and B switch the buckets
        await pilot.press("b")
        await until(pilot, lambda: "by month" in str(strength.border_title))
        history = screen.query_one("#history-chart", ColumnChart)
        assert "by month" in str(history.border_title)
        await pilot.press("B")
        await until(pilot, lambda: "by year" in str(history.border_title))
        assert history.columns[-1].value == 19  # the days met this year: 10 + 6 + 3
        # the weekday pattern of the last 12 months: met of due, Monday first
        week = lines(screen.query_one(WeekdayPattern))
        assert week[0].startswith("Mon") and week[6].startswith("Sun")
        # another exercise: the charts follow the table
        await pilot.press("down")
        await until(pilot, lambda: "Ankle pumps" in str(strength.border_title))
        assert "no streak yet" in lines(screen.query_one(BestStreaks))[0]
        # back to the calendars
        await pilot.press("c")
        await until(pilot, lambda: screen.query_one("#calendar-view").display)
        assert not insights.display


async def test_at_200x50_calendars_and_charts_share_the_pane(app_factory, tracker):
    enter_acceptance_history(tracker)
    app = app_factory()
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await open_streaks(app, pilot)
        insights = screen.query_one("#insights")
        assert insights.display and screen.query_one("#calendar-view").display
        await until(pilot, lambda: lines(screen.query_one(BestStreaks))[0].strip() != "")
        assert insights.region.bottom >= 45  # the charts fill the space down to the footer
        assert "10d" in lines(screen.query_one(BestStreaks))[0]
        assert screen.check_action("charts", ()) is False  # nothing to toggle


async def test_the_all_rows_each_mean_one_thing(app_factory, tracker):
    enter_acceptance_history(tracker)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_streaks(app, pilot)
        from .test_streaks_screen import line_with

        perfect = line_with(screen, "All · perfect days")
        average = line_with(screen, "Average of exercises")  # 100 columns: the long label
        assert "–" in average.split("Average of exercises")[1].split("%")[0]
        assert "d" in perfect.split("All · perfect days")[1]
        assert isinstance(screen, StreaksScreen)


async def test_heatmap_title_names_the_days_its_columns_hold(app_factory, tracker, clock):
    clock.set(dt.datetime(2026, 12, 1, 10, 0, tzinfo=ZONE))
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_streaks(app, pilot)
        heatmap = screen.query_one(YearHeatmap)
        title = str(heatmap.border_title)
        # 53 Monday weeks, the last one holding today (Tuesday 1 Dec)
        assert heatmap.first == dt.date(2025, 12, 1)
        assert title == "1 Dec 2025 – 1 Dec 2026", title
        months = lines(heatmap)[0]
        assert "Jan" in months and "2026" not in months


def _snapshot_setup(tracker):
    from tui.store.demo import fill_demo

    fill_demo(tracker, days=365)
    tracker.mark_done(tracker.exercise("walk"), TODAY)


def test_charts_snapshot_80x24(app_factory, tracker, snap_compare):
    _snapshot_setup(tracker)

    async def run_before(pilot) -> None:
        screen = await open_streaks(pilot.app, pilot)
        await pilot.press("c")
        await until(pilot, lambda: lines(screen.query_one(BestStreaks))[0].strip() != "")

    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=run_before)


def test_charts_snapshot_200x50(app_factory, tracker, snap_compare):
    _snapshot_setup(tracker)

    async def run_before(pilot) -> None:
        screen = await open_streaks(pilot.app, pilot)
        await until(pilot, lambda: lines(screen.query_one(BestStreaks))[0].strip() != "")

    assert snap_compare(app_factory(), terminal_size=(200, 50), run_before=run_before)
