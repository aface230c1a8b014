"""Guide: every page of the guide, with a table of contents and a search."""

from __future__ import annotations

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
from ..host import HostAccess
from ..widgets.keybar import KeyBar

NARROW = 70  # below this many columns the contents hide; `c` shows them instead of the page
GROUPS = (("exercise", "Exercises"), ("general", "General"))


def _option_id(slug: str) -> str:
    return f"page-{slug}"


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


class GuideScreen(HostAccess, Screen):
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

    # ------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="guide-body"):
            yield OptionList(id="guide-toc")  # filled on mount: no stray first highlight
            with VerticalScroll(id="guide-view"):
                yield Markdown("", id="guide-page", open_links=False)
        yield Input(
            placeholder="Search the guide · Enter to jump · Esc to close", id="guide-search"
        )
        yield Static("", id="guide-status")
        yield KeyBar()

    def _toc_options(self) -> list[Option | None]:
        options: list[Option | None] = []
        for kind, heading in GROUPS:
            if options:
                options.append(None)
            options.append(Option(Content.styled(heading, "bold $text-muted"), disabled=True))
            for page in guides.pages():
                if page.kind == kind:
                    options.append(Option(f" {page.title}", id=_option_id(page.slug)))
        return options

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
        if not guides.has_page(slug):
            return
        if not self.is_mounted:
            self.slug = slug
            return
        self.run_worker(self.show_page(slug, remember=True), exclusive=True, group="page")

    async def show_page(
        self, slug: str, *, remember: bool = False, line: int | None = None
    ) -> None:
        """Show a page (keeping it in the back history if ``remember``), at ``line`` if given."""
        if remember and slug != self.slug:
            self.history.append(self.slug)
            self.refresh_bindings()
        if slug != self.slug or self.markdown.source != guides.read(slug):
            await self._load(slug)
        else:
            self._clear_mark()
        self._select_in_toc(slug)
        if line is None:
            self.view.scroll_home(animate=False)
        else:
            self.call_after_refresh(self._scroll_to_line, line)

    async def _load(self, slug: str) -> None:
        self.slug = slug
        await self.markdown.update(guides.read(slug))
        self.view.scroll_home(animate=False)

    def _page_index(self, slug: str) -> int:
        return [p.slug for p in guides.pages()].index(slug)

    def _select_in_toc(self, slug: str) -> None:
        index = self.toc.get_option_index(_option_id(slug))
        if self.toc.highlighted != index:
            with self.toc.prevent(OptionList.OptionHighlighted):
                self.toc.highlighted = index

    @on(OptionList.OptionHighlighted, "#guide-toc")
    async def _toc_moved(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_id and not self._narrow:
            await self.show_page(event.option_id.removeprefix("page-"))

    @on(OptionList.OptionSelected, "#guide-toc")
    async def _toc_chosen(self, event: OptionList.OptionSelected) -> None:
        if not event.option_id:
            return
        slug = event.option_id.removeprefix("page-")
        if self._narrow:
            self._toc_open = False
            self._apply_contents()
        await self.show_page(slug, remember=slug != self.slug)
        self.view.focus()

    @on(Markdown.LinkClicked)
    async def _link(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        href = event.href
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
        hits = guides.search(text)
        if not hits:
            self._status(Content(f"No match for “{text}”."))
            return
        self.query_text = text
        self.hits = hits
        self.hit_index = 0
        self._close_search()
        self.refresh_bindings()
        await self._show_hit()

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
        title = guides.pages()[self._page_index(slug)].title
        self._status(
            Content.assemble(
                f"“{self.query_text}”: {self.hit_index + 1} of {len(self.hits)} · {title} · ",
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

    def _clear_mark(self) -> None:
        for block in self.markdown.query(".-search-hit"):
            block.remove_class("-search-hit")

    def _scroll_to_line(self, line: int) -> None:
        self._clear_mark()
        block = self._block_for_line(line)
        if block is None:
            return
        block.add_class("-search-hit")
        view = self.view
        offset = block.region.y - view.content_region.y
        view.scroll_to(y=max(0, view.scroll_y + offset - 3), animate=False)

    # ------------------------------------------------------------ actions
    def action_escape(self) -> None:
        search = self.query_one("#guide-search", Input)
        if search.display:
            self._close_search()
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
        slugs = [p.slug for p in guides.pages()]
        index = (slugs.index(self.slug) + step) % len(slugs)
        await self.show_page(slugs[index])

    async def action_back(self) -> None:
        if self.history:
            slug = self.history.pop()
            self.refresh_bindings()
            await self.show_page(slug)

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
        return True
