"""The Guide screen, the Today guide pane and the first-run welcome dialog, through Pilot."""

from __future__ import annotations

from textual.widgets import Input, Markdown, OptionList, Static
from textual.widgets.markdown import MarkdownBlock

from tui import guides
from tui.app import SecondHeartApp
from tui.dialogs.welcome import WelcomeScreen
from tui.screens.guide import GuideScreen
from tui.screens.today import TodayScreen, guide_parts
from tui.store.service import Tracker
from tui.widgets.checklist import Checklist

from .helpers import wait_for

SIZE = (120, 40)
TITLES = {page.slug: page.title for page in guides.pages()}


def page_markdown(app) -> Markdown:
    return app.screen.query_one("#guide-page", Markdown)


def pane_markdown(app) -> Markdown:
    return app.screen.query_one("#guide-markdown", Markdown)


def shown(markdown: Markdown, slug: str) -> bool:
    """The widget holds the page's source and has rendered its title."""
    if markdown.source != guides.read(slug):
        return False
    titles = " ".join(str(h.render()) for h in markdown.query("MarkdownH1"))
    return TITLES[slug] in titles


async def open_guide(pilot) -> GuideScreen:
    await pilot.press("4")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, GuideScreen))
    screen = pilot.app.screen
    await wait_for(pilot, lambda: shown(page_markdown(pilot.app), "walk"))
    return screen  # type: ignore[return-value]


# ------------------------------------------------------------------ welcome
async def test_welcome_shows_once_and_is_remembered(tracker, db_file, clock) -> None:
    assert tracker.setting("welcome-seen") == "no"
    app = SecondHeartApp(tracker)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        text = str(app.screen.query_one("#welcome-disclaimer").render())
        assert " ".join(text.split()) == guides.DISCLAIMER
        assert "Press Enter to start" in str(app.screen.query_one("#welcome-hint").render())
        await pilot.press("4")  # the dialog holds the keys until it is acknowledged
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
    assert tracker.setting("welcome-seen") == "yes"

    again = Tracker.open(db_file, clock=clock)
    try:
        app = SecondHeartApp(again)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
            assert not any(isinstance(s, WelcomeScreen) for s in app.screen_stack)
    finally:
        again.close()


async def test_welcome_fits_a_small_pane(tracker) -> None:
    app = SecondHeartApp(tracker)
    async with app.run_test(size=(50, 16)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.pause()
        hint = app.screen.query_one("#welcome-hint")
        disclaimer = app.screen.query_one("#welcome-disclaimer")
        assert hint.region.bottom <= 16 and hint.region.height == 1
        assert disclaimer.region.height >= 5
        await pilot.press("enter")
    assert tracker.setting("welcome-seen") == "yes"


# -------------------------------------------------------------- guide screen
async def test_toc_lists_every_page_grouped(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_guide(pilot)
        toc = screen.query_one("#guide-toc", OptionList)
        assert toc.display and toc.has_focus
        ids = [toc.get_option_at_index(i).id for i in range(toc.option_count)]
        page_ids = [i for i in ids if i]
        assert page_ids == [f"page-{p.slug}" for p in guides.pages()]
        assert len(page_ids) == 12
        prompts = " ".join(str(toc.get_option_at_index(i).prompt) for i in range(toc.option_count))
        for heading in ("Exercises", "General", "Warning signs", "About Second Heart"):
            assert heading in prompts


async def test_every_page_renders_in_the_viewer(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_guide(pilot)
        toc = screen.query_one("#guide-toc", OptionList)
        for page in guides.pages():
            toc.highlighted = toc.get_option_index(f"page-{page.slug}")
            await wait_for(pilot, lambda page=page: shown(page_markdown(app), page.slug))
            markdown = page_markdown(app)
            assert len(markdown.query(MarkdownBlock)) > 3
            assert screen.slug == page.slug


async def test_enter_on_a_page_moves_focus_to_it_and_arrows_follow(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_guide(pilot)
        await pilot.press(*["down"] * 5)  # the longest page, so it scrolls at this size
        await wait_for(pilot, lambda: shown(page_markdown(app), "knee-pit-roll"))
        await pilot.press("enter")
        await pilot.pause()
        view = screen.query_one("#guide-view")
        assert view.has_focus
        await pilot.press("j", "j")
        await wait_for(pilot, lambda: view.scroll_y > 0)


async def test_a_link_opens_the_linked_page_and_b_goes_back(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_guide(pilot)
        toc = screen.query_one("#guide-toc", OptionList)
        toc.highlighted = toc.get_option_index("page-about")
        await wait_for(pilot, lambda: shown(page_markdown(app), "about"))
        await pilot.pause()
        # Find the link on screen and click it, as a user would.
        target = None
        for block in page_markdown(app).query(MarkdownBlock):
            region = block.region
            for y in range(region.y, region.bottom):
                for x in range(region.x, region.right):
                    style = app.screen.get_style_at(x, y)
                    if "warning-signs.md" in str(style.meta.get("@click", "")):
                        target = (x, y)
                        break
                if target:
                    break
            if target:
                break
        assert target is not None, "the link to warning-signs.md is not on screen"
        await pilot.click(offset=target)
        await wait_for(pilot, lambda: shown(page_markdown(app), "warning-signs"))
        assert screen.slug == "warning-signs"
        assert toc.highlighted == toc.get_option_index("page-warning-signs")
        await pilot.press("b")
        await wait_for(pilot, lambda: shown(page_markdown(app), "about"))


async def test_every_relative_link_resolves_in_the_viewer(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_guide(pilot)
        markdown = page_markdown(app)
        for page in guides.pages():
            for line in guides.read(page.slug).splitlines():
                for part in line.split("](")[1:]:
                    href = part.split(")")[0]
                    slug = href.removesuffix(".md")
                    await screen.show_page(page.slug)
                    markdown.post_message(Markdown.LinkClicked(markdown, href))
                    await wait_for(pilot, lambda slug=slug: shown(markdown, slug))


async def test_slash_search_jumps_to_popliteal_and_n_moves_on(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_guide(pilot)
        await pilot.press("slash")
        search = screen.query_one("#guide-search", Input)
        assert search.display and search.has_focus
        await pilot.press(*"popliteal", "enter")
        await wait_for(pilot, lambda: shown(page_markdown(app), "knee-pit-roll"))
        await pilot.pause()
        assert not search.display
        marked = list(page_markdown(app).query(".-search-hit"))
        assert len(marked) == 1 and "popliteal" in (marked[0].source or "")
        view = screen.query_one("#guide-view")
        assert (
            view.region.contains_region(marked[0].region) or marked[0].region.y < view.region.bottom
        )
        status = str(screen.query_one("#guide-status").render())
        assert "1 of" in status
        hits = guides.search("popliteal")
        for _ in range(len(hits) - 1):
            await pilot.press("n")
        last_slug = hits[-1][0]
        await wait_for(pilot, lambda: shown(page_markdown(app), last_slug))
        await pilot.press("N")
        await wait_for(pilot, lambda: screen.hit_index == len(hits) - 2)
        await pilot.press("escape")
        assert not screen.hits and not screen.query_one("#guide-status").display


async def test_search_without_a_match_says_so(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_guide(pilot)
        await pilot.press("slash", *"zzzz", "enter")
        await pilot.pause()
        assert "No match" in str(screen.query_one("#guide-status").render())
        assert screen.slug == "walk"
        await pilot.press("escape")
        assert not screen.query_one("#guide-search").display


async def test_contents_hide_when_narrow_and_c_shows_them(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_guide(pilot)
        toc = screen.query_one("#guide-toc", OptionList)
        view = screen.query_one("#guide-view")
        assert not toc.display and view.display and view.has_focus
        await pilot.press("c")
        assert toc.display and toc.has_focus and not view.display
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: shown(page_markdown(app), "ankle-pumps"))
        assert not toc.display and view.display


async def test_guide_keys_are_in_the_help(app_factory) -> None:
    from tui.dialogs.help import HelpScreen

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_guide(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(w.render()) for w in app.screen.query(".help-section"))
        assert text.startswith("Guide\n")
        lines = [" ".join(line.split()) for line in text.splitlines()]
        assert "/ Search" in lines and "c Contents" in lines
        assert "[ Previous page" in lines and "] Next page" in lines
        assert "Next hit" not in text  # only after a search: the help shows what works now


# ----------------------------------------------------------- Today's pane
async def test_today_pane_follows_the_cursor(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.query("#guide-markdown"))
        await wait_for(pilot, lambda: shown(pane_markdown(app), "walk"))
        pane = app.screen.query_one("#guide-pane")
        pane.scroll_end(animate=False)
        await pilot.press("j", "j")
        await wait_for(pilot, lambda: shown(pane_markdown(app), "heel-raises"))
        await pilot.pause()
        assert pane.scroll_y == 0
        assert app.screen.query_one(Checklist).current_row.exercise.slug == "heel-raises"


async def test_user_exercise_shows_its_own_guide_text(app_factory, tracker) -> None:
    """Text the user typed is shown exactly as typed: its ** and [b] are characters."""
    tracker.add_exercise(
        "Toe curls", kind="count", target=10, guide="Curl your **toes**, [b]slowly[/].\x1b[31m"
    )
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.query("#guide-markdown"))
        await pilot.press("end")
        own = app.screen.query_one("#guide-own", Static)
        await wait_for(pilot, lambda: "Toe curls" in str(own.content))
        await pilot.pause()
        assert "Curl your **toes**, [b]slowly[/].\\x1b[31m" in str(own.content)
        assert own.display and not pane_markdown(app).display
        await pilot.press("home")
        await wait_for(pilot, lambda: shown(pane_markdown(app), "walk"))
        assert pane_markdown(app).display and not own.display  # a guide page: ours, Markdown


def test_guide_pane_parts(tracker) -> None:
    walk = tracker.exercise("walk")
    assert guide_parts(walk) == (guides.read("walk"), None)  # the seeded summary is not repeated
    noted = tracker.edit_exercise("walk", guide="Walk the **dog** at lunch.")
    page, own = guide_parts(noted)
    assert page == guides.read("walk")
    assert str(own) == "Your notes\n\nWalk the **dog** at lunch."  # as typed, not Markdown
    about = tracker.add_exercise("About", guide="")  # a general page's slug is not its guide
    page, own = guide_parts(about)
    assert page is None and str(own).startswith("About\n\nNo guide text yet")


async def test_a_link_in_the_pane_opens_the_guide(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.query("#guide-markdown"))
        markdown = pane_markdown(app)
        markdown.post_message(Markdown.LinkClicked(markdown, "see-a-doctor.md"))
        await wait_for(pilot, lambda: isinstance(app.screen, GuideScreen))
        await wait_for(pilot, lambda: app.screen.query("#guide-page"))
        await wait_for(pilot, lambda: shown(page_markdown(app), "see-a-doctor"))
        assert app.screen.slug == "see-a-doctor"


async def test_today_pane_is_hidden_at_width_60(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#guide-pane").display


# ------------------------------------------------------- keyboard alone
async def test_tab_chooses_each_link_and_enter_follows_it_then_b_comes_back(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_guide(pilot)
        links = guides.links(guides.read("walk"))
        await pilot.press("tab")  # from the contents to the page's first link
        await wait_for(pilot, lambda: screen.link_index == 0)
        assert screen.query_one("#guide-view").has_focus
        status = str(screen.query_one("#guide-status").render())
        assert links[0].label in status and "Enter" in status
        marked = list(page_markdown(app).query(".-link-cursor"))
        assert len(marked) == 1 and links[0].href in (marked[0].source or "")
        await pilot.press("tab", "tab")
        await wait_for(pilot, lambda: screen.link_index == 2)
        assert links[2].href == "warning-signs.md"
        await pilot.press("enter")
        await wait_for(pilot, lambda: shown(page_markdown(app), "warning-signs"))
        assert screen.link_index is None and not list(page_markdown(app).query(".-link-cursor"))
        await pilot.press("b")
        await wait_for(pilot, lambda: shown(page_markdown(app), "walk"))


async def test_tab_past_the_last_link_returns_to_the_contents(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_guide(pilot)
        count = len(guides.links(guides.read("walk")))
        await pilot.press(*["tab"] * count)
        await wait_for(pilot, lambda: screen.link_index == count - 1)
        await pilot.press("tab")
        await wait_for(pilot, lambda: screen.query_one("#guide-toc").has_focus)
        assert screen.link_index is None
        await pilot.press("shift+tab")  # backwards: the last link
        await wait_for(pilot, lambda: screen.link_index == count - 1)
        await pilot.press("escape")
        assert screen.link_index is None


async def test_b_goes_back_through_pages_passed_in_the_contents(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_guide(pilot)
        await pilot.press("down")
        await wait_for(pilot, lambda: shown(page_markdown(app), "ankle-pumps"))
        await pilot.press("down")
        await wait_for(pilot, lambda: shown(page_markdown(app), "heel-raises"))
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: shown(page_markdown(app), "bridge"))
        for slug in ("heel-raises", "ankle-pumps", "walk"):
            await pilot.press("b")
            await wait_for(pilot, lambda slug=slug: shown(page_markdown(app), slug))
            assert screen.query_one("#guide-toc", OptionList).highlighted == screen.query_one(
                "#guide-toc", OptionList
            ).get_option_index(f"page-{slug}")


async def test_search_finds_word_forms_on_screen(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_guide(pilot)
        await pilot.press("slash", *"swelling", "enter")
        await wait_for(pilot, lambda: shown(page_markdown(app), "warning-signs"))
        await pilot.pause()
        marked = list(page_markdown(app).query(".-search-hit"))
        assert len(marked) == 1 and "swollen" in (marked[0].source or "")
        assert screen.hits


MARKUP_NAME = "Toe [b]curls[/]\x1b[31m"
MARKUP_TEXT = "Curl your **toes**, [red]slowly[/].\nThen rest.\x07"


async def test_exercises_the_user_added_have_pages_with_their_own_text(
    app_factory, tracker
) -> None:
    tracker.add_exercise(MARKUP_NAME, kind="count", target=10, guide=MARKUP_TEXT)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_guide(pilot)
        toc = screen.query_one("#guide-toc", OptionList)
        prompts = [str(toc.get_option_at_index(i).prompt) for i in range(toc.option_count)]
        assert "Your exercises" in prompts
        assert " Toe [b]curls[/]\\x1b[31m" in prompts  # as typed, the escape made visible
        own = next(i for i, p in enumerate(prompts) if "Toe" in p)
        toc.highlighted = own
        own_view = screen.query_one("#guide-own")
        await wait_for(pilot, lambda: own_view.display and not page_markdown(app).display)
        text = str(own_view.render())
        assert "Toe [b]curls[/]\\x1b[31m" in text
        assert "Curl your **toes**, [red]slowly[/].\nThen rest.\\x07" in text
        assert "\x1b" not in text and "\x07" not in text
        # Search reaches it too, and b goes back to the built-in page.
        await pilot.press("slash", *"curl your", "enter")
        await wait_for(pilot, lambda: screen.hits and screen.slug.startswith("own:"))
        await pilot.press("escape", "b")
        await wait_for(pilot, lambda: shown(page_markdown(app), "walk"))
        assert page_markdown(app).display and not own_view.display


async def test_an_exercise_added_elsewhere_joins_the_contents(app_factory, tracker) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_guide(pilot)
        toc = screen.query_one("#guide-toc", OptionList)
        assert toc.get_option_index("page-walk") is not None
        tracker.add_exercise("Hip circles", kind="check", guide="Circle the hips.")
        app.notice_changes()

        def listed() -> bool:
            return any(
                "Hip circles" in str(toc.get_option_at_index(i).prompt)
                for i in range(toc.option_count)
            )

        await wait_for(pilot, listed)


async def test_detail_line_marks_the_apps_default_doses(app_factory, tracker) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        detail = app.screen.query_one("#row-detail")
        await wait_for(pilot, lambda: "Brisk walk" in str(detail.render()))
        assert "target 30 min (app default)" in str(detail.render())
        await pilot.press(*["j"] * 5)  # the knee-pit roll: the sources' own figure
        await wait_for(pilot, lambda: "Knee-pit roll" in str(detail.render()))
        assert "app default" not in str(detail.render())
    tracker.edit_exercise("walk", target="40")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        detail = app.screen.query_one("#row-detail")
        await wait_for(pilot, lambda: "Brisk walk" in str(detail.render()))
        assert "target 40 min" in str(detail.render())
        assert "app default" not in str(detail.render())
