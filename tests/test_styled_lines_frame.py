"""Line-drawn widgets frame their content lines themselves: exactly as Textual would.

Every widget that frames its own lines (``FramedLines``: Today's checklist,
day bar and detail line, the charts, the calendars) is drawn twice, once by its own ``render_lines`` and
once by Textual's style cache, on every screen that shows them, in several
themes (dark, light, high contrast) and at two sizes. Each line
must be the same text in the same styles.
"""

from __future__ import annotations

import pytest
from textual.geometry import Region

from tui.widgets.styled_lines import FramedLines

from .helpers import wait_for

THEMES = ["textual-dark", "textual-light", "high-contrast", "colorblind-safe", "second-heart-light"]


def framed(app) -> list:
    """The widgets on the screen that frame their own lines."""
    return [widget for widget in app.screen.query("*") if isinstance(widget, FramedLines)]


def differences(app) -> list[str]:
    found = []
    for widget in framed(app):
        if not widget.display or not widget.size:
            continue
        crop = Region(0, 0, *widget.outer_size)  # the border and padding too
        ours = [list(strip) for strip in widget.render_lines(crop)]
        widget._styles_cache.clear()
        textual = [list(strip) for strip in widget._styles_cache.render_widget(widget, crop)]
        if ours != textual:
            for y, (mine, theirs) in enumerate(zip(ours, textual, strict=True)):
                if mine != theirs:
                    found.append(
                        f"{type(widget).__name__}#{widget.id} line {y}:\n {mine}\n {theirs}"
                    )
                    break
    return found


@pytest.mark.parametrize("size", [(100, 30), (200, 50)])
async def test_styled_lines_draw_what_textual_draws(app_factory, tracker, size):
    tracker.toggle_done("walk", tracker.today())
    tracker.set_note("ankle-pumps", tracker.today(), "[b]x[/] \x1b[31mred")
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        checked = 0
        for theme in THEMES:
            app.theme = theme
            for keys in (["1"], ["j"], ["2"], ["c"], ["down", "b", "B"], ["c", "3"], ["5"]):
                for key in keys:
                    await pilot.press(key)
                await wait_for(pilot, lambda: not app.screen._dirty_widgets)
                await pilot.pause()
                assert not differences(app), f"{theme}, after {keys}:\n" + "\n".join(
                    differences(app)
                )
                checked += len(framed(app))
        assert checked > 50


def _cells(strip) -> list[tuple[str, object, object]]:
    """Each cell's character, its look (the style without meta) and the option it clicks."""
    cells = []
    for segment in strip:
        style = segment.style
        look = style.clear_meta_and_links() if style else style
        option = style.meta.get("option") if style else None
        cells.extend((char, look, option) for char in segment.text)
    return cells


async def test_checklist_rows_are_the_cells_textual_draws(app_factory, tracker):
    """Today's rows are drawn from their runs (``Checklist._get_option_render``): the
    same characters in the same styles as Textual's rendering of the same row, for
    every state a row can be in, highlighted or not, focused or not, in every theme,
    at every width from cramped to wide."""
    from textual.widgets import OptionList

    from tui.widgets.checklist import Checklist

    today = tracker.today()
    tracker.toggle_done("walk", today)
    tracker.step("ankle-pumps", today, 5)
    tracker.skip("bridge", today)
    tracker.set_note("heel-raises", today, "[b]x[/] \x1b[31mred")
    tracker.edit_exercise("seated-marches", name="A [b]very[/] long name \x1b[2J that will be cut")
    checked = 0
    for size in [(50, 16), (80, 24), (100, 30), (200, 50)]:
        app = app_factory()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            checklist = app.screen.query_one(Checklist)
            for theme in THEMES:
                app.theme = theme
                await pilot.pause()
                for focused in (True, False):
                    if focused:
                        checklist.focus()
                    else:
                        app.screen.set_focus(None)
                    await pilot.pause()
                    for index, option in enumerate(checklist.options):
                        for component in ("", "option-list--option-highlighted"):
                            names = (
                                ("option-list--option", component)
                                if component
                                else ("option-list--option",)
                            )
                            style = checklist.get_visual_style(*names)
                            checklist._option_render_cache.clear()
                            ours = checklist._get_option_render(option, style)
                            checklist._option_render_cache.clear()
                            theirs = OptionList._get_option_render(checklist, option, style)
                            assert [_cells(s) for s in ours] == [_cells(s) for s in theirs], (
                                f"{size} {theme} focused={focused} row {index} {component}"
                            )
                            assert _cells(ours[0])[0][2] == index
                            checked += 1
    assert checked == 4 * len(THEMES) * 2 * 7 * 2
