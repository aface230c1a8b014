"""`!` on any screen: the warning signs, the two that need a doctor first."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Markdown

from .. import guides
from .base import Dialog

PAGE = "warning-signs"


def page_body(slug: str) -> str:
    """A guide page without its title line (the dialog has its own title)."""
    lines = guides.read(slug).splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines).strip() + "\n"


class WarningSignsScreen(Dialog[None]):
    """The warning-signs page over whatever screen the user is on."""

    BINDINGS = [
        Binding("escape,exclamation_mark", "close", "Close"),
        Binding("g", "open_guide", "Open in the Guide"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="warning-signs"):
            yield Label("Warning signs", classes="dialog-title")
            with VerticalScroll(id="warning-signs-body"):
                yield Markdown(page_body(PAGE), id="warning-signs-page", open_links=False)
            yield Label(
                "[b]Esc[/b] closes · [b]g[/b] opens it in the Guide",
                classes="dialog-hint",
                id="warning-signs-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#warning-signs-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, step: int) -> None:
        self.query_one("#warning-signs-body", VerticalScroll).scroll_relative(y=step, animate=False)

    def action_open_guide(self, slug: str = PAGE) -> None:
        self.dismiss(None)
        self.host.open_guide(slug)

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        name = event.href.partition("#")[0].rsplit("/", 1)[-1]
        slug = name.removesuffix(".md")
        if name.endswith(".md") and guides.has_page(slug):
            self.action_open_guide(slug)
