"""Help: the keys that work where the user pressed ``?``, read from the active bindings.

Like Textual's key panel (``textual.widgets._key_panel``), the list comes from
``Screen.active_bindings`` of the screen underneath: its focused widget's
keys, the screen's own and the app's, so it can never drift from what the
keys really do. Keys and descriptions are drawn as plain text (a ``[`` key is
a bracket, never the start of markup).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Label, Static

from .base import Dialog

KEY_STYLE = "bold $accent"
EVERYWHERE = "Everywhere"


@dataclass
class HelpRow:
    """One action: the keys that run it, what it does, whether it can run now."""

    keys: list[str]
    description: str
    enabled: bool
    shown: bool  # the footer shows it: its key and words lead the row


@dataclass
class HelpSection:
    title: str
    rows: list[HelpRow] = field(default_factory=list)


def _title(node: DOMNode, screen: Screen) -> str | None:
    """The section a binding belongs to: the app's, the screen's (widgets join it)."""
    if node is screen.app:
        return EVERYWHERE
    if node is screen:
        return node.BINDING_GROUP_TITLE or type(screen).__name__
    return node.BINDING_GROUP_TITLE  # None: a widget's keys join its screen's section


@lru_cache(maxsize=64)
def _own_actions(node_type: type) -> dict[str, int]:
    """The actions this project binds on ``node_type``, in the order they are declared.

    A row is listed when the project binds its action: Textual's own key for
    the same action joins it (``↑`` beside ``k``), while its focus, copy and
    paging keys, which every screen and list has, stay out of the way. The
    command palette's key, which Textual adds to every app, is listed last.
    """
    package = __name__.partition(".")[0]
    order: dict[str, int] = {}
    for cls in reversed(node_type.__mro__):
        if cls.__module__.partition(".")[0] == package and "BINDINGS" in vars(cls):
            for binding in Binding.make_bindings(vars(cls)["BINDINGS"]):
                order.setdefault(binding.action, len(order))
    order.setdefault("command_palette", len(order))
    return order


def sections(screen: Screen) -> list[HelpSection]:
    """The active bindings of ``screen``, one row per action, in sections.

    ``active_bindings`` runs from the focused widget up to the app: the
    focused widget's keys open the screen's section (unless the widget names
    its own), the screen's follow in the order the screen declares them, and
    the app's come last.
    """
    app = screen.app
    screen_title = _title(screen, screen) or ""
    found: dict[str, HelpSection] = {}
    rows: dict[tuple[int, str], HelpRow] = {}
    place: dict[int, tuple[int, int]] = {}  # row id -> (node in the chain, declaration)
    nodes: dict[int, int] = {}
    for node, binding, enabled, _tooltip in screen.active_bindings.values():
        description = binding.tooltip or binding.description
        own = _own_actions(type(node))
        if binding.system or not description or binding.action not in own:
            continue
        title = _title(node, screen) or screen_title
        display = app.get_key_display(binding)
        row = rows.get((id(node), binding.action))
        if row is None:
            row = rows[id(node), binding.action] = HelpRow(
                [display], description, enabled, binding.show
            )
            place[id(row)] = (nodes.setdefault(id(node), len(nodes)), own[binding.action])
            found.setdefault(title, HelpSection(title)).rows.append(row)
        elif display not in row.keys:
            if binding.show and not row.shown:  # the footer's key and words lead
                row.keys.insert(0, display)
                row.description, row.shown = description, True
            else:
                row.keys.append(display)
            row.enabled = row.enabled or enabled
    for section in found.values():
        section.rows.sort(key=lambda row: place[id(row)])
    return sorted(found.values(), key=lambda s: (s.title == EVERYWHERE, s.title != screen_title))


def render_section(section: HelpSection, key_width: int, width: int = 0) -> Content:
    """A bold title, then one ``keys  description`` line per row; plain text throughout.

    With a ``width``, a description too long for the line wraps under the
    description column (a hanging indent), never back under the keys.
    """
    lines = [Content.styled(section.title, "bold")]
    for row in section.rows:
        dim = "" if row.enabled else " dim"
        keys = " ".join(row.keys)
        padding = " " * max(0, key_width - cell_len(keys))
        indent = 2 + cell_len(keys) + len(padding) + 1  # where this row's description starts
        description = Content.styled(row.description, "dim" if dim else "")
        parts = description.wrap(max(8, width - indent)) if width else [description]
        lines.append(Content.assemble("  ", (keys + padding, KEY_STYLE + dim), " ", parts[0]))
        lines.extend(Content.assemble(" " * indent, part) for part in parts[1:])
    return Content("\n").join(lines)


class HelpSectionView(Static):
    """One section, wrapped to the width it is given so descriptions keep their column."""

    def __init__(self, section: HelpSection, key_width: int) -> None:
        super().__init__(classes="help-section")
        self.section = section
        self.key_width = key_width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(render_section(self.section, self.key_width, width).plain.split("\n"))

    def render(self) -> Content:
        return render_section(self.section, self.key_width, self.content_size.width)


class HelpScreen(Dialog[None]):
    """The keys of the screen underneath (and the app's), built when opened."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, below: Screen) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        found = sections(self.below)
        width = max((cell_len(" ".join(r.keys)) for s in found for r in s.rows), default=0)
        width = min(max(width, 5), 16)
        with VerticalScroll(classes="dialog help"):
            yield Label("Keys", classes="dialog-title")
            for section in found:
                yield HelpSectionView(section, width)
            yield Label("[dim]Esc or ? to close[/dim]", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
