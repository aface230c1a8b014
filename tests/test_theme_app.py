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


def _styles(screen) -> list[tuple[str, str]]:
    return [(type(w).__name__, w.styles.css) for w in screen.walk_children(with_self=True)]


def _count_reparses(monkeypatch) -> list[int]:
    from textual.css.stylesheet import Stylesheet

    parses: list[int] = []
    original = Stylesheet.reparse

    def counted(self):
        parses.append(1)
        return original(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    return parses


def _later_css_read(app) -> bool:
    from pathlib import Path

    import tui

    folder = Path(tui.__file__).parent
    return all(app.stylesheet.has_source(str(folder / name)) for name in app.LATER_CSS)


@pytest.mark.parametrize(
    ("key", "shows", "own_rule"),
    [
        ("question_mark", "HelpScreen", ("HelpScreen", "align: center middle")),  # dialogs.tcss
        ("2", "StreaksScreen", ("StreakTable", "border-subtitle-align: right")),  # streaks.tcss
    ],
)
async def test_a_screen_opened_before_the_warm_up_is_styled_in_full(
    app_factory, monkeypatch, key, shows, own_rule
):
    """Start-up reads only the first frame's CSS; a screen opened before the rest
    is read wears every rule a full restyle would give it, with no full parse."""
    import tui.app as app_module

    monkeypatch.setattr(app_module, "PREWARM_AFTER", 600.0)
    parses = _count_reparses(monkeypatch)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not _later_css_read(app)
        await pilot.press(key)
        await wait_for(pilot, lambda: type(app.screen).__name__ == shows)
        await pilot.pause()
        assert _later_css_read(app) and parses == []
        shown = _styles(app.screen)
        widget, rule = own_rule
        assert any(name == widget and rule in css for name, css in shown)
        app.refresh_css(animate=False)  # the full pass Textual would have made
        await pilot.pause()
        assert _styles(app.screen) == shown


async def test_the_warm_up_reads_the_other_screens_css_without_a_full_parse(
    app_factory, monkeypatch
):
    from tui.screens.streaks import StreaksScreen

    parses = _count_reparses(monkeypatch)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: _later_css_read(app))
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, StreaksScreen))
        await pilot.pause()
        shown = _styles(app.screen)
        today = _styles(app.get_screen_stack("today")[0])
        assert parses == []
        app.refresh_css(animate=False)  # every rule, all screens: what a full start gave
        await pilot.pause()
        assert _styles(app.screen) == shown
        assert _styles(app.get_screen_stack("today")[0]) == today


async def test_the_welcome_dialog_before_the_first_frame_is_styled_in_full(tracker, monkeypatch):
    """A new database opens on the welcome dialog, shown before the CSS of the
    dialogs would be read: it is read then, and the dialog styled with it."""
    from tui.app import SecondHeartApp
    from tui.dialogs.welcome import WelcomeScreen

    tracker.edit_exercise("leg-elevation", remind="none")
    parses = _count_reparses(monkeypatch)
    app = SecondHeartApp(tracker)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.pause()
        assert _later_css_read(app) and parses == []
        shown = _styles(app.screen)
        app.refresh_css(animate=False)
        await pilot.pause()
        assert _styles(app.screen) == shown


async def test_today_first_frame_wears_every_rule_of_a_full_restyle(app_factory, tracker):
    """Today's first show leaves out Textual's restyle on resume (its widgets were
    styled as they mounted): what it shows is what the full pass gives."""
    from textual.widgets import OptionList

    tracker.set_setting("theme", "second-heart-light")
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one(OptionList).has_focus)
        await wait_for(pilot, lambda: app.screen.query("#guide-own"))  # the pane, loaded later
        await pilot.pause()
        first = _styles(app.screen)
        app.refresh_css(animate=False)
        await pilot.pause()
        assert _styles(app.screen) == first


def test_every_css_file_is_read_at_start_up_or_after_the_first_frame():
    """A screen's file missing from both lists would make Textual parse the whole
    stylesheet again at that screen's first visit."""
    from pathlib import Path

    import tui
    from tui.app import SecondHeartApp

    folder = Path(tui.__file__).parent
    listed = sorted([*SecondHeartApp.CSS_PATH, *SecondHeartApp.LATER_CSS])
    on_disk = sorted(str(path.relative_to(folder)) for path in folder.rglob("*.tcss"))
    assert listed == on_disk
