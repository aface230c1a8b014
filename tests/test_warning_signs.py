"""`!` on every screen, the palette's Warning signs and Disclaimer, `secondheart about`."""

from __future__ import annotations

import subprocess
import sys

import pytest
from textual.widgets import Markdown

from tui import guides
from tui.dialogs.help import HelpScreen
from tui.dialogs.warning_signs import WarningSignsScreen
from tui.screens.guide import GuideScreen
from tui.screens.today import TodayScreen

from .helpers import wait_for as until

SIZE = (100, 30)
RED_FLAGS = ("Skin turning blue or purple", "Wounds that heal slowly")
OTHER_SIGNS = ("Cramps, especially at night", "Numbness or tingling", "Restless legs")


def dialog_lines(app) -> list[str]:
    """The dialog's text as a person reads it, top to bottom."""
    markdown = app.screen.query_one("#warning-signs-page", Markdown)
    return [" ".join(str(block.render()).split()) for block in markdown.query("MarkdownBlock")]


def position(lines: list[str], words: str) -> int:
    return next(i for i, line in enumerate(lines) if words in line)


@pytest.mark.parametrize(
    ("key", "mode"), [("1", "today"), ("2", "streaks"), ("3", "timer"), ("4", "guide")]
)
async def test_bang_opens_the_red_flags_first_on_every_screen(app_factory, key, mode) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await until(pilot, lambda: app.current_mode == mode and app.screen.is_mounted)
        under = type(app.screen)
        await pilot.press("exclamation_mark")
        await until(pilot, lambda: isinstance(app.screen, WarningSignsScreen))
        await until(pilot, lambda: len(dialog_lines(app)) > 5)
        lines = dialog_lines(app)
        flags = [position(lines, flag) for flag in RED_FLAGS]
        others = [position(lines, sign) for sign in OTHER_SIGNS]
        assert max(flags) < min(others)  # the two signs that need a doctor come first
        assert "medical evaluation" in " ".join(lines[: min(flags)])
        # The red flags are on screen at once, without scrolling.
        page = app.screen.query_one("#warning-signs-page", Markdown)
        blocks = list(page.query("MarkdownBlock"))
        body = app.screen.query_one("#warning-signs-body")
        assert all(
            b.region.bottom <= body.region.bottom
            for b in blocks
            if any(flag in str(b.render()) for flag in RED_FLAGS)
        )
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen) is under)


async def test_bang_in_a_small_pane_and_g_opens_the_guide_page(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.press("exclamation_mark")
        await until(pilot, lambda: isinstance(app.screen, WarningSignsScreen))
        hint = app.screen.query_one("#warning-signs-hint")
        assert hint.region.bottom <= 16
        await pilot.press("exclamation_mark")  # the same key closes it
        await until(pilot, lambda: isinstance(app.screen, TodayScreen))
        await pilot.press("exclamation_mark", "g")
        await until(pilot, lambda: isinstance(app.screen, GuideScreen))
        await until(pilot, lambda: app.screen.slug == "warning-signs")


async def test_a_link_in_the_dialog_opens_that_page(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("exclamation_mark")
        await until(pilot, lambda: isinstance(app.screen, WarningSignsScreen))
        page = app.screen.query_one("#warning-signs-page", Markdown)
        page.post_message(Markdown.LinkClicked(page, "see-a-doctor.md"))
        await until(pilot, lambda: isinstance(app.screen, GuideScreen))
        await until(pilot, lambda: app.screen.slug == "see-a-doctor")


async def test_bang_is_in_the_help(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = "\n".join(str(w.render()) for w in app.screen.query(".help-section"))
        assert "! Warning signs" in [" ".join(line.split()) for line in text.splitlines()]


async def test_palette_has_warning_signs_and_disclaimer(app_factory) -> None:
    from tui.app import SecondHeartCommands

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        provider = SecondHeartCommands(app.screen)
        commands = {title: callback for title, _help, callback in provider._commands()}
        discovered = [hit.text async for hit in provider.discover()]
        assert {"Warning signs", "Disclaimer"} <= set(discovered)
        commands["Warning signs"]()
        await until(pilot, lambda: isinstance(app.screen, WarningSignsScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, TodayScreen))
        commands["Disclaimer"]()
        await until(pilot, lambda: isinstance(app.screen, GuideScreen))
        await until(pilot, lambda: app.screen.slug == "about")
        await until(pilot, lambda: app.screen.query("#guide-page"))
        markdown = app.screen.query_one("#guide-page", Markdown)
        await until(
            pilot, lambda: "Disclaimer" in str(markdown.query("MarkdownH2").first().render())
        )
        text = " ".join(" ".join(str(b.render()).split()) for b in markdown.query("MarkdownBlock"))
        assert "not intended to diagnose, prevent or cure" in text


def test_about_prints_the_disclaimer_and_the_sources(shell) -> None:
    code, out, err = shell("about")
    assert code == 0 and err == ""
    assert guides.DISCLAIMER in " ".join(out.split())
    assert "Dr Ben Kim" in out and "Truemeds" in out


def test_help_ends_with_a_pointer_to_about(shell) -> None:
    with pytest.raises(SystemExit) as info:
        shell("--help")
    assert info.value.code == 0
    code = subprocess.run(
        [sys.executable, "-m", "tui", "--help"], capture_output=True, text=True, timeout=60
    )
    last = code.stdout.strip().splitlines()[-1]
    assert "secondheart about" in last and "disclaimer" in last
    assert "about" in code.stdout.split("COMMAND ...")[1].split("secondheart about")[0]


def test_status_never_builds_the_about_text(db_file) -> None:
    code = (
        "import sys; from tui.cli import main; "
        f"main(['--db', {str(db_file)!r}, 'status']); "
        "print('GUIDES' if 'tui.guides' in sys.modules else 'CLEAN')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "CLEAN"
