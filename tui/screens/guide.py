"""Guide: every page of the guide, with a table of contents and a search."""

from __future__ import annotations

from functools import partial
from pathlib import PurePosixPath

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Header, Input, Markdown, OptionList, Static
from textual.widgets.markdown import MarkdownBlock
from textual.widgets.option_list import Option

from .. import guides
from ..core.model import Exercise
from ..core.text import visible
from ..host import HostAccess
from ..messages import DataChanged
from ..store.errors import SecondHeartError
from ..widgets.keybar import KeyBar
from ..widgets.plain import own_guide
from ..widgets.spot_compositor import SpotUpdates

NARROW = 70  # below this many columns the contents hide; `c` shows them instead of the page
GROUPS = (("exercise", "Exercises"), ("own", "Your exercises"), ("general", "General"))
OWN = "own:"  # a page key "own:<slug>" is an exercise the user added, shown as plain text


def _option_id(slug: str) -> str:
    return f"own-{slug.removeprefix(OWN)}" if slug.startswith(OWN) else f"page-{slug}"


def _key_from_option(option_id: str) -> str:
    if option_id.startswith("own-"):
        return OWN + option_id.removeprefix("own-")
    return option_id.removeprefix("page-")


def _slug_from_href(href: str, current: str) -> tuple[str | None, str]:
    """The page slug and anchor a relative link points at (slug None if not a page)."""
    path, _, anchor = href.partition("#")
    if not path:
        return current, anchor
    name = PurePosixPath(path).name
    if not name.endswith(".md"):
        return None, anchor
    slug = name.removesuffix(".md")
    return (slug if guides.has_page(slug) else None), anchor


class GuideScreen(HostAccess, SpotUpdates, Screen):
    """The guide as Markdown pages, with a table of contents on the left."""

    CSS_PATH = "guide.tcss"
    BINDING_GROUP_TITLE = "Guide"

    BINDINGS = [
        Binding("slash", "search", "Search"),
        Binding("n", "next_hit(1)", "Next hit"),
        Binding("N", "next_hit(-1)", "Previous hit", show=False),
        Binding("c", "toggle_contents", "Contents"),
        Binding("right_square_bracket", "turn_page(1)", "Next page", show=False),
        Binding("left_square_bracket", "turn_page(-1)", "Previous page", show=False),
        Binding("b,backspace", "back", "Back"),
        Binding("tab", "next_link(1)", "Next link", show=False),
        Binding("shift+tab", "next_link(-1)", "Previous link", show=False),
        Binding("enter", "follow_link", "Follow link", show=False),
        Binding("j", "scroll(1)", "Scroll down", show=False),
        Binding("k", "scroll(-1)", "Scroll up", show=False),
        Binding("escape", "escape", "Close search, clear hits", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.slug: str = guides.pages()[0].slug
        self.history: list[str] = []
        self.hits: list[tuple[str, int, str]] = []
        self.hit_index = 0
        self.query_text = ""
        self._toc_open = True
        self._narrow: bool | None = None
        self._loading: str | None = None
        self.own: dict[str, Exercise] = {}  # page key → an exercise the user added
        self.links: list[guides.Link] = []
        self.link_index: int | None = None

    # ------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="guide-body"):
            yield OptionList(id="guide-toc")  # filled on mount: no stray first highlight
            with VerticalScroll(id="guide-view"):
                yield Markdown("", id="guide-page", open_links=False)
                yield Static("", id="guide-own")
        yield Input(
            placeholder="Search the guide · Enter to jump · Esc to close", id="guide-search"
        )
        yield Static("", id="guide-status")
        yield KeyBar()

    def _toc_options(self) -> list[Option | None]:
        options: list[Option | None] = []
        for kind, heading in GROUPS:
            if kind == "own":
                entries = [(key, visible(e.name)) for key, e in self.own.items()]
            else:
                entries = [(p.slug, p.title) for p in guides.pages() if p.kind == kind]
            if not entries:
                continue
            if options:
                options.append(None)
            options.append(Option(Content.styled(heading, "bold $text-muted"), disabled=True))
            for key, title in entries:
                options.append(Option(Content(f" {title}"), id=_option_id(key)))
        return options

    def _read_own(self) -> dict[str, Exercise]:
        """The exercises the user added (those without a page of their own in the guide)."""
        built_in = {p.slug for p in guides.pages() if p.kind == "exercise"}
        try:
            exercises = self.host.tracker.exercises()
        except SecondHeartError as exc:
            self.host.report(exc)
            return self.own
        return {OWN + e.slug: e for e in exercises if e.slug not in built_in}

    def _refresh_own(self) -> None:
        """Read the user's exercises again; rebuild the contents only if they changed."""
        own = self._read_own()
        if own == self.own:
            return
        self.own = own
        with self.toc.prevent(OptionList.OptionHighlighted):
            self.toc.clear_options()
            self.toc.add_options(self._toc_options())
        if self.slug.startswith(OWN) and self.slug not in own:
            self.run_worker(
                partial(self.show_page, guides.pages()[0].slug), exclusive=True, group="page"
            )
        else:
            if self.slug.startswith(OWN):
                self._show_own(self.slug)
            self._select_in_toc(self.slug)

    def on_screen_resume(self) -> None:
        self._refresh_own()

    @on(DataChanged)
    def _data_changed(self, message: DataChanged) -> None:
        self._refresh_own()

    def _keys(self) -> list[str]:
        """Every page key in contents order."""
        return [p.slug for p in guides.pages() if p.kind == "exercise"] + [
            *self.own,
            *(p.slug for p in guides.pages() if p.kind != "exercise"),
        ]

    def _has(self, key: str) -> bool:
        return key in self.own if key.startswith(OWN) else guides.has_page(key)

    def _title(self, key: str) -> str:
        if key.startswith(OWN):
            return visible(self.own[key].name)
        return next(p.title for p in guides.pages() if p.slug == key)

    def _source(self, key: str) -> str:
        """The text search looks through: a page's Markdown, or the user's own text."""
        if key.startswith(OWN):
            exercise = self.own.get(key)
            return exercise.guide if exercise is not None else ""
        return guides.read(key)

    @property
    def toc(self) -> OptionList:
        return self.query_one("#guide-toc", OptionList)

    @property
    def view(self) -> VerticalScroll:
        return self.query_one("#guide-view", VerticalScroll)

    @property
    def markdown(self) -> Markdown:
        return self.query_one("#guide-page", Markdown)

    async def on_mount(self) -> None:
        self.query_one("#guide-search", Input).display = False
        self.query_one("#guide-status", Static).display = False
        self.own = self._read_own()
        self.toc.add_options(self._toc_options())
        self._apply_width(self.app.size.width)
        await self._load(self.slug)
        self._select_in_toc(self.slug)

    def on_resize(self, event: Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        narrow = width < NARROW
        if narrow != self._narrow:
            self._narrow = narrow
            self._toc_open = not narrow
            self._apply_contents()

    def _apply_contents(self) -> None:
        """Show or hide the contents; when narrow they take the place of the page."""
        narrow = bool(self._narrow)
        self.set_class(narrow, "-narrow")
        self.toc.display = self._toc_open
        self.view.display = not (narrow and self._toc_open)
        focused = self.focused
        if focused is None or focused in (self.toc, self.view) or not focused.display:
            (self.toc if self._toc_open else self.view).focus()

    # -------------------------------------------------------------- pages
    def open_page(self, slug: str) -> None:
        """Show ``slug`` (from elsewhere in the app, e.g. a link on Today)."""
        if not self._has(slug):
            return
        if not self.is_mounted:
            self.slug = slug
            return
        self.run_worker(partial(self.show_page, slug, remember=True), exclusive=True, group="page")

    async def show_page(
        self, slug: str, *, remember: bool = False, line: int | None = None
    ) -> None:
        """Show a page (keeping it in the back history if ``remember``), at ``line`` if given."""
        if remember and slug != self.slug:
            self.history.append(self.slug)
            self.refresh_bindings()
        if slug != self.slug or (
            not slug.startswith(OWN) and self.markdown.source != guides.read(slug)
        ):
            await self._load(slug)
        else:
            self._clear_mark()
        self._select_in_toc(slug)
        if line is None or slug.startswith(OWN):
            self.view.scroll_home(animate=False)
        else:
            self.call_after_refresh(self._scroll_to_line, line)

    async def _load(self, slug: str) -> None:
        self.slug = slug
        self._clear_link()
        own = slug.startswith(OWN)
        self.markdown.display = not own
        self.query_one("#guide-own", Static).display = own
        if own:
            self._show_own(slug)
            self.links = []
        else:
            text = guides.read(slug)
            await self.markdown.update(text)
            self.links = guides.links(text)
        self.view.scroll_home(animate=False)

    def _show_own(self, key: str) -> None:
        """An exercise the user added: its name and its text exactly as typed, never markup."""
        exercise = self.own[key]
        self.query_one("#guide-own", Static).update(
            own_guide(
                exercise.name,
                exercise.guide,
                "An exercise you added; the text is yours. Press ! for the warning signs.",
            )
        )

    def _select_in_toc(self, slug: str) -> None:
        index = self.toc.get_option_index(_option_id(slug))
        if self.toc.highlighted != index:
            with self.toc.prevent(OptionList.OptionHighlighted):
                self.toc.highlighted = index

    @on(OptionList.OptionHighlighted, "#guide-toc")
    async def _toc_moved(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_id and not self._narrow:
            # Each page passed through the contents is remembered, so `b` walks back.
            # In a worker, so a quick run of arrow keys is never held up by loading.
            key = _key_from_option(event.option_id)
            self.run_worker(
                partial(self.show_page, key, remember=True), exclusive=True, group="page"
            )

    @on(OptionList.OptionSelected, "#guide-toc")
    async def _toc_chosen(self, event: OptionList.OptionSelected) -> None:
        if not event.option_id:
            return
        slug = _key_from_option(event.option_id)
        if self._narrow:
            self._toc_open = False
            self._apply_contents()
        await self.show_page(slug, remember=slug != self.slug)
        self.view.focus()

    @on(Markdown.LinkClicked)
    async def _link(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        await self.follow(event.href)

    async def follow(self, href: str) -> None:
        """Follow a link of the page shown: another page (remembered for `b`) or a URL."""
        if "://" in href or href.startswith("mailto:"):
            self.app.open_url(href)
            return
        slug, anchor = _slug_from_href(href, self.slug)
        if slug is None:
            self.notify(f"No guide page for {href!r}.", severity="warning", timeout=3)
            return
        await self.show_page(slug, remember=True)
        if anchor:
            self.call_after_refresh(self.markdown.goto_anchor, anchor)

    # ------------------------------------------------------------- search
    def action_search(self) -> None:
        search = self.query_one("#guide-search", Input)
        search.display = True
        search.value = self.query_text
        search.focus()

    @on(Input.Submitted, "#guide-search")
    async def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self._close_search()
            return
        hits = self._search(text)
        if not hits:
            self._status(Content(f"No match for “{visible(text)}”."))
            return
        self.query_text = text
        self.hits = hits
        self.hit_index = 0
        self._close_search()
        self.refresh_bindings()
        await self._show_hit()

    def _search(self, text: str) -> list[tuple[str, int, str]]:
        """Hits in contents order: the guide's pages and the user's own exercises."""
        by_page: dict[str, list[tuple[str, int, str]]] = {}
        for hit in guides.search(text):
            by_page.setdefault(hit[0], []).append(hit)
        for key, exercise in self.own.items():
            by_page[key] = [
                (key, n, line) for n, line in guides.matching_lines(text, exercise.guide)
            ]
        return [hit for key in self._keys() for hit in by_page.get(key, [])]

    def _close_search(self) -> None:
        search = self.query_one("#guide-search", Input)
        if search.display:
            search.display = False
            (self.toc if self._toc_open and not self._narrow else self.view).focus()

    async def action_next_hit(self, step: int) -> None:
        if not self.hits:
            return
        self.hit_index = (self.hit_index + step) % len(self.hits)
        await self._show_hit()

    async def _show_hit(self) -> None:
        slug, line, _text = self.hits[self.hit_index]
        if self._narrow and self._toc_open:
            self._toc_open = False
            self._apply_contents()
        await self.show_page(slug, remember=slug != self.slug, line=line)
        title = self._title(slug)
        self._status(
            Content.assemble(
                f"“{visible(self.query_text)}”: {self.hit_index + 1} of {len(self.hits)} · {title} · ",
                ("n", "bold"),
                " next · ",
                ("N", "bold"),
                " previous · ",
                ("Esc", "bold"),
                " clear",
            )
        )

    def _status(self, text: str | Content) -> None:
        status = self.query_one("#guide-status", Static)
        status.update(text)
        status.display = bool(text)

    def _block_for_line(self, line: int) -> MarkdownBlock | None:
        """The innermost block whose source lines hold ``line`` (counting from 1)."""
        index = line - 1
        best: MarkdownBlock | None = None
        for block in self.markdown.query(MarkdownBlock):
            start, end = block.source_range
            if start <= index < end and (
                best is None or end - start <= best.source_range[1] - best.source_range[0]
            ):
                best = block
        return best

    def _clear_mark(self, mark: str = "-search-hit") -> None:
        for block in self.markdown.query(f".{mark}"):
            block.remove_class(mark)

    def _scroll_to_line(self, line: int, mark: str = "-search-hit") -> None:
        self._clear_mark(mark)
        block = self._block_for_line(line)
        if block is None:
            return
        block.add_class(mark)
        if mark != "-search-hit":  # a link: only as far as it takes to bring it into view
            self.view.scroll_to_widget(block, animate=False, immediate=True)
            return
        view = self.view
        offset = block.region.y - view.content_region.y
        view.scroll_to(y=max(0, view.scroll_y + offset - 3), animate=False)

    # -------------------------------------------------------------- links
    def action_next_link(self, step: int) -> None:
        """Tab: the contents, then each link of the page in turn, then the contents again."""
        if self.focused is self.query_one("#guide-search", Input) or not self.view.display:
            self.focus_next() if step > 0 else self.focus_previous()
            return
        toc_shown = self.toc.display and self.toc_visible_beside_page
        stops: list[int | None] = ([None] if toc_shown else []) + list(range(len(self.links)))
        if not stops:
            return
        if self.focused is self.view and self.link_index is not None:
            here = stops.index(self.link_index)
        elif self.focused is self.toc:
            here = 0
        else:  # the page without a link chosen: Tab takes the first, Shift+Tab the last
            here = -1 if step > 0 else len(stops)
            if toc_shown and step > 0:
                here = 0
        stop = stops[(here + step) % len(stops)]
        if stop is None:
            self._clear_link()
            self.toc.focus()
        else:
            self.view.focus()
            self._choose_link(stop)

    @property
    def toc_visible_beside_page(self) -> bool:
        return not self._narrow

    def _choose_link(self, index: int) -> None:
        self.link_index = index
        link = self.links[index]
        self._scroll_to_line(link.line, "-link-cursor")
        self._status(
            Content.assemble(
                ("Link: ", "$text-muted"),
                (link.label, "bold underline"),
                " · ",
                ("Enter", "bold"),
                " follows · ",
                ("Tab", "bold"),
                " next · ",
                ("b", "bold"),
                " back",
            )
        )
        self.refresh_bindings()

    def _clear_link(self) -> None:
        if self.link_index is None:
            return
        self.link_index = None
        self._clear_mark("-link-cursor")
        self._status("")
        self.refresh_bindings()

    async def action_follow_link(self) -> None:
        if self.link_index is None or self.focused is not self.view:
            return
        await self.follow(self.links[self.link_index].href)

    # ------------------------------------------------------------ actions
    def action_escape(self) -> None:
        search = self.query_one("#guide-search", Input)
        if search.display:
            self._close_search()
        elif self.link_index is not None:
            self._clear_link()
        elif self.hits:
            self.hits = []
            self._status("")
            self._clear_mark()
            self.refresh_bindings()
        elif self._narrow and self._toc_open:
            self.action_toggle_contents()

    def action_toggle_contents(self) -> None:
        self._toc_open = not self._toc_open
        self._apply_contents()
        (self.toc if self._toc_open else self.view).focus()

    async def action_turn_page(self, step: int) -> None:
        keys = self._keys()
        index = (keys.index(self.slug) + step) % len(keys) if self.slug in keys else 0
        await self.show_page(keys[index], remember=True)

    async def action_back(self) -> None:
        while self.history:
            slug = self.history.pop()
            if self._has(slug):  # an exercise the user added may be gone since
                self.refresh_bindings()
                await self.show_page(slug)
                return
        self.refresh_bindings()

    def action_scroll(self, step: int) -> None:
        if self.focused is self.toc:
            if step > 0:
                self.toc.action_cursor_down()
            else:
                self.toc.action_cursor_up()
        else:
            self.view.scroll_relative(y=step, animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_hit":
            return bool(self.hits)
        if action == "back":
            return bool(self.history)
        if action == "follow_link":
            return self.link_index is not None
        return True
