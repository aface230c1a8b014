"""Themes in the app and on the command line: chosen, remembered, broken files reported."""

from __future__ import annotations

import pytest

from tui.cli import main

from .helpers import toasts, wait_for
from .test_streaks_screen import open_streaks

GOOD = 'name = "sunrise"\ndark = false\nprimary = "#C2404A"\nbackground = "#FFF8F0"\nforeground = "#2B2024"\n'
BROKEN = 'name = "broken"\nprimary = "not-a-colour"\n'


def write_user_themes(tmp_path) -> None:
    folder = tmp_path / "config" / "themes"
    folder.mkdir(parents=True)
    (folder / "sunrise.toml").write_text(GOOD)
    (folder / "broken.toml").write_text(BROKEN)


def test_config_theme_sets_prints_and_refuses(db_file, tmp_path, capsys):
    write_user_themes(tmp_path)
    assert main(["--db", str(db_file), "config", "theme"]) == 0
    assert capsys.readouterr().out.strip() == "second-heart-dark"
    assert main(["--db", str(db_file), "config", "theme", "sunrise"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_file), "config", "theme"]) == 0
    assert capsys.readouterr().out.strip() == "sunrise"
    assert main(["--db", str(db_file), "config", "theme", "purple-haze"]) == 1
    err = capsys.readouterr().err
    assert "unknown theme 'purple-haze'" in err and "high-contrast" in err and "sunrise" in err
    assert "broken" not in err.split("choose one of:")[1]


def test_locate_prints_the_themes_folder(db_file, tmp_path, capsys):
    assert main(["--db", str(db_file), "locate"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"themes: {tmp_path / 'config' / 'themes'} (does not exist yet)" in lines
    (tmp_path / "config" / "themes").mkdir(parents=True)
    assert main(["--db", str(db_file), "locate"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"themes: {tmp_path / 'config' / 'themes'}" in lines


async def test_app_uses_remembers_and_reports(tracker, tmp_path, app_factory):
    write_user_themes(tmp_path)
    tracker.set_setting("theme", "sunrise")
    app = app_factory()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == "sunrise"
        await wait_for(pilot, lambda: any("broken.toml" in t for t in toasts(app)))
        problems = [t for t in toasts(app) if "broken.toml" in t]
        assert len(problems) == 1 and "not-a-colour" in problems[0]
        assert problems[0].startswith("Themes\nSkipped broken theme files:")
        app.theme = "high-contrast"
        await pilot.pause()
    assert tracker.setting("theme") == "high-contrast"
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "high-contrast"
        assert app.get_css_variables()["status-met"]


@pytest.mark.parametrize(
    "theme", ["second-heart-dark", "second-heart-light", "high-contrast", "colorblind-safe"]
)
def test_streaks_heatmap_snapshot_in_each_bundled_theme(app_factory, tracker, snap_compare, theme):
    from tui.store.demo import fill_demo

    fill_demo(tracker, days=365)
    tracker.set_setting("theme", theme)

    async def run_before(pilot) -> None:
        await open_streaks(pilot.app, pilot)

    assert snap_compare(app_factory(), terminal_size=(120, 34), run_before=run_before)


def _colours(screen) -> list[tuple[str, str, str]]:
    return [
        (type(w).__name__, str(w.styles.background), str(w.styles.border_top[1]))
        for w in screen.walk_children(with_self=True)
    ]


async def test_each_screen_wears_the_theme_chosen_before_it_first_opens(app_factory, tracker):
    """A screen first shown after a theme change is drawn in that theme, without
    the whole stylesheet being parsed again on its first key."""
    from textual.css.stylesheet import Stylesheet

    from tui.screens.journal import JournalScreen
    from tui.screens.streaks import StreaksScreen
    from tui.screens.timer import TimerScreen

    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.theme = "high-contrast"
        await pilot.pause()
        parses = []
        original = Stylesheet.reparse

        def counted(self):
            parses.append(1)
            return original(self)

        Stylesheet.reparse = counted
        try:
            for key, kind in (("2", StreaksScreen), ("3", TimerScreen), ("5", JournalScreen)):
                await pilot.press(key)
                await wait_for(pilot, lambda kind=kind: isinstance(app.screen, kind))
                await pilot.pause()
                shown = _colours(app.screen)
                app.refresh_css(animate=False)  # the full pass Textual would have made
                await pilot.pause()
                assert _colours(app.screen) == shown
            await pilot.press("question_mark")  # a dialog: its CSS is already read
            await wait_for(pilot, lambda: app.screen.is_modal)
            await pilot.pause()
        finally:
            Stylesheet.reparse = original
        assert len(parses) == 3  # only the three forced above
