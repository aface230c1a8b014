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


async def test_moves_behind_the_charts_show_on_the_calendars_when_they_return(app_factory, tracker):
    enter_acceptance_history(tracker)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_streaks(app, pilot)
        month = screen.query_one("#month")
        await pilot.press("c")
        await until(pilot, lambda: not screen.query_one("#calendar-view").display)
        await pilot.press("down", "left_square_bracket")  # another exercise, a month back
        await pilot.press("c")
        await until(pilot, lambda: screen.query_one("#calendar-view").display)
        assert str(month.border_title) == "Ankle pumps · October 2026"
        assert lines(month)[0].split()[:2] == ["Mo", "Tu"]
        assert "21" in "".join(lines(month)) and "[21" not in "".join(lines(month))


async def test_the_charts_fit_their_columns_to_their_width(app_factory, tracker):
    from tui.store.demo import fill_demo

    fill_demo(tracker, days=800)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_streaks(app, pilot)
        await pilot.press("c")
        strength = screen.query_one("#strength-chart", ColumnChart)
        history = screen.query_one("#history-chart", ColumnChart)
        await until(pilot, lambda: lines(strength)[0].strip() != "")
        narrow = len(strength.columns)
        assert narrow == strength.capacity(1)
        assert len(history.columns) == history.capacity(2)
        await pilot.resize_terminal(140, 30)
        await until(pilot, lambda: len(strength.columns) > narrow)
        assert len(strength.columns) == strength.capacity(1)
        assert len(history.columns) == history.capacity(2)
        # the newest bucket keeps the right edge: its bar is the last drawn
        assert (
            strength.columns[-1].value
            == screen.stats.strength_points(screen.exercise_id, "week", 1)[-1].value
        )


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


async def test_at_200x50_the_best_streaks_sit_beside_the_table_and_the_charts_get_the_width(
    app_factory, tracker
):
    enter_acceptance_history(tracker)  # walk met from 1 Nov: 4 of the 52 weeks hold any
    app = app_factory()
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await open_streaks(app, pilot)
        from .test_streaks_screen import line_with, table_lines

        table = screen.table.region
        assert table_lines(screen)[0].rstrip().endswith("52 weeks")
        spark = line_with(screen, "Brisk walk").split("%")[-1].strip()
        # the weeks before the first entry have nothing due (·); this week is met so far
        assert spark == "·" * 48 + "██▇█", spark
        # the best streaks over the weekdays, right of the table and as high as it
        best = screen.query_one(BestStreaks)
        weekdays = screen.query_one(WeekdayPattern)
        await until(pilot, lambda: lines(best) and "10d" in lines(best)[0])
        assert best.region.x == weekdays.region.x == table.right
        assert best.region.right == weekdays.region.right == 200
        assert best.region.y == table.y and weekdays.region.bottom == table.bottom
        assert best.region.width >= 50
        assert lines(best)[1].endswith("12 Nov – 21 Nov 2026 ◀ now")
        assert "Sat" in lines(weekdays)[5]
        # the strength and history charts: under the legend, down to the key bar,
        # half the width each, and taller than the old 11 rows
        strength = screen.query_one("#strength-chart", ColumnChart)
        history = screen.query_one("#history-chart", ColumnChart)
        assert strength.region.y == screen.query_one("#legend").region.bottom
        assert strength.region.bottom == history.region.bottom == 49
        assert strength.region.width + history.region.width == 200
        assert strength.region.height >= 18
        # 160 columns, 40 rows: the calendars, with the table across the pane
        await pilot.resize_terminal(160, 40)
        await until(pilot, lambda: screen.table.region.width == 160)
        assert table_lines(screen)[0].rstrip().endswith("52 weeks")
        await pilot.press("c")  # the charts, the best streaks back under them
        best = screen.query_one(BestStreaks)
        await until(pilot, lambda: best.region.y > strength.region.y and lines(best)[0].strip())
        assert "10d" in lines(best)[0]
        # the same row at 100 columns: the ordinary 12 weeks
        await pilot.resize_terminal(100, 30)
        await until(pilot, lambda: "12 weeks" in table_lines(screen)[0])
        assert screen.table.region.width < 100
        assert line_with(screen, "Brisk walk").split("%")[-1].strip() == "·" * 8 + "██▇█"
        # and back to 200 x 50: beside the table again, drawn
        await pilot.resize_terminal(200, 50)
        await until(
            pilot, lambda: screen.query_one(BestStreaks).region.x == screen.table.region.right
        )
        best = screen.query_one(BestStreaks)
        await until(pilot, lambda: lines(best) and "10d" in lines(best)[0])
        assert "Mon" in lines(screen.query_one(WeekdayPattern))[0]


async def test_a_key_redraws_only_the_charts_it_changes(app_factory, tracker):
    enter_acceptance_history(tracker)
    app = app_factory()
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await open_streaks(app, pilot)
        ids = ("strength-chart", "history-chart", "best-streaks", "weekdays")
        await until(pilot, lambda: lines(screen.query_one(BestStreaks))[0].strip() != "")
        await pilot.pause()
        shown: dict[str, int] = dict.fromkeys(ids, 0)
        for panel in ids:
            widget = screen.query_one(f"#{panel}")
            # the charts are given a function of their width, the lists their rows
            method = "show_fitted" if isinstance(widget, ColumnChart) else "show"
            draw = getattr(widget, method)

            def counted(*args, _show=draw, _panel=panel, **kwargs):
                shown[_panel] += 1
                return _show(*args, **kwargs)

            setattr(widget, method, counted)

        async def press(key: str) -> dict[str, int]:
            before = dict(shown)
            await pilot.press(key)
            await pilot.pause()
            return {
                panel: shown[panel] - before[panel]
                for panel in ids
                if shown[panel] != before[panel]
            }

        strength = screen.query_one("#strength-chart", ColumnChart)
        history = screen.query_one("#history-chart", ColumnChart)
        assert await press("b") == {"strength-chart": 1}
        assert "by month" in str(strength.border_title)
        assert await press("B") == {"history-chart": 1}
        assert "by year" in str(history.border_title)
        for key in ("left_square_bracket", "left_curly_bracket", "right_square_bracket", "t"):
            assert await press(key) == {}
        assert await press("down") == dict.fromkeys(ids, 1)  # another exercise: all of them
        assert "Ankle pumps" in str(strength.border_title)
        assert await press("up") == dict.fromkeys(ids, 1)
        assert "Brisk walk" in str(strength.border_title)


async def test_at_50x16_the_charts_come_one_at_a_time(app_factory, tracker):
    enter_acceptance_history(tracker)
    app = app_factory()
    async with app.run_test(size=(50, 16)) as pilot:
        screen = await open_streaks(app, pilot)
        ids = ["strength-chart", "history-chart", "best-streaks", "weekdays"]

        def shown() -> list[str]:
            return [i for i in ids if screen.query_one(f"#{i}").display]

        for page, panel in enumerate(ids):
            await pilot.press("c")
            await until(pilot, lambda panel=panel: shown() == [panel])
            widget = screen.query_one(f"#{panel}")
            await until(pilot, lambda widget=widget: lines(widget) and lines(widget)[0].strip())
            assert not screen.query_one("#calendar-view").display
            # the panel is whole: inside the pane, above the key bar, 6 or more rows
            assert widget.region.right <= 50 and widget.region.bottom <= 15
            assert widget.region.height >= 7
            assert f"({page + 1}/4)" in str(widget.border_subtitle)
            # b and B only where their chart is shown
            assert screen.check_action("strength_bucket", ()) is (panel == "strength-chart")
            assert screen.check_action("history_bucket", ()) is (panel == "history-chart")
            if panel == "best-streaks":
                best = lines(widget)
                assert "10d" in best[0] and best[0].endswith("1 Nov – 10 Nov 2026")
                assert best[1].endswith("12 Nov – 21 Nov 2026 ◀ now")
            if panel == "strength-chart":
                await pilot.press("b")
                await until(pilot, lambda w=widget: "by month" in str(w.border_title))
                assert any("Nov 26" in line for line in lines(widget))
        assert "c: calendar" in str(screen.query_one("#weekdays").border_subtitle)
        await pilot.press("c")
        await until(pilot, lambda: screen.query_one("#calendar-view").display)
        assert not screen.query_one("#insights").display
        # growing the pane shows all four again
        await pilot.press("c")
        await pilot.resize_terminal(100, 30)
        await until(pilot, lambda: len(shown()) == 4)


def test_axis_labels_carry_the_year_where_it_changes():
    from tui.screens.streaks import axis_labels

    mondays = [dt.date(2025, 10, 6) + dt.timedelta(weeks=k) for k in range(30)]
    labels = axis_labels(mondays, "week", 10)
    named = [label for label in labels if label]
    assert named == ["6 Oct 25", "15 Dec", "23 Feb 26"]
    assert labels[0] == "6 Oct 25" and labels[20] == "23 Feb 26"  # counted back from the newest
    months = [dt.date(2024 + (m // 12), m % 12 + 1, 1) for m in range(5, 30)]
    assert [label for label in axis_labels(months, "month", 12) if label] == ["Jul 24", "Jul 25"]


def test_charts_snapshot_50x16(app_factory, tracker, snap_compare):
    _snapshot_setup(tracker)

    async def run_before(pilot) -> None:
        screen = await open_streaks(pilot.app, pilot)
        await pilot.press("c", "c", "c")  # the third chart: best streaks
        await until(pilot, lambda: lines(screen.query_one(BestStreaks))[0].strip() != "")

    assert snap_compare(app_factory(), terminal_size=(50, 16), run_before=run_before)
