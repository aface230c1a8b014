"""A table of one-line text cells with a row cursor, drawn line by line.

The Streaks screen used Textual's ``DataTable``, which renders every cell
through Rich (padding, justification, styles) and throws all of it away
whenever the screen is restyled, as Textual does each time a screen is shown;
a cursor move assembled every row again. Drawing the 12 rows and their 120
cells cost about 30 ms of each visit to the screen and 4 ms of each ↑ ↓ on
this machine. Here each cell is plain text with a style, each line is a few
segments over styles resolved once per style state, lines are kept until
their data changes, and a cursor move redraws the two rows it touches.

It looks like a ``DataTable`` with ``cursor_type="row"`` and zebra stripes
(the same component styles, under this widget's own names) and works like
one where the screen needs it: a fixed header, rows that scroll when they do
not fit, ↑ ↓ PgUp PgDn Ctrl+Home Ctrl+End, a click or the mouse wheel.
The widget only shows rows and reports the highlighted one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

Cell = tuple[str, str]  # (text, Rich style: "bold", "italic", "dim" or "")


@dataclass(frozen=True)
class TableColumn:
    """A column's header and how its cells align (numbers to the right).

    The header aligns as its cells do, unless ``label_right`` says otherwise.
    """

    label: str
    right: bool = False
    label_right: bool | None = None

    @property
    def header_right(self) -> bool:
        return self.right if self.label_right is None else self.label_right


@dataclass(frozen=True)
class TableRow:
    """One row: a key that names it, and one cell per column."""

    key: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class _Styles:
    """The Rich styles a line is made of, for one style state of the widget."""

    base: Style
    header: Style
    even: Style
    odd: Style
    cursor: Style
    hover: Style


class _Look:
    """The styles of one kind of line: the header, or an even or odd row, under the
    cursor or the mouse or not (a handful of kinds, so each style is made once).

    As a DataTable draws a cell: the row's style, the cursor's over it, the
    cell's own style over both, and the cursor's colour kept on top.
    """

    def __init__(self, row: Style, component: Style) -> None:
        self._under = row + component
        self._over = Style(color=component.color) if component.color else Style()
        self.plain = self._under + self._over  # padding, and text without a style of its own
        self._texts: dict[str, Style] = {"": self.plain}

    def text(self, style: str) -> Style:
        """The style of a cell's text whose own style is ``style``."""
        found = self._texts.get(style)
        if found is None:
            found = self._texts[style] = self._under + Style.parse(style) + self._over
        return found


class StreakTable(ScrollView, can_focus=True):
    """Columns of one-line text, a fixed header row, zebra stripes and a row cursor."""

    COMPONENT_CLASSES = {
        "streak-table--header",
        "streak-table--even-row",
        "streak-table--odd-row",
        "streak-table--cursor",
        "streak-table--hover",
    }

    # The DataTable's look: the same colours and text styles, under our names.
    DEFAULT_CSS = """
    StreakTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .streak-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .streak-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark {
            & > .streak-table--even-row {
                background: $surface-darken-1 40%;
            }
        }
        & > .streak-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .streak-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .streak-table--odd-row {
        }
        & > .streak-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .streak-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .streak-table--hover {
            background: $block-hover-background;
        }
    }
    """

    # No descriptions: like Textual's own list keys, they stay out of the help screen.
    BINDINGS = [
        Binding("up", "cursor_up", show=False),
        Binding("down", "cursor_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("ctrl+home", "first_row", show=False),
        Binding("ctrl+end", "last_row", show=False),
    ]

    class RowHighlighted(Message):
        """The cursor moved to another row."""

        def __init__(self, table: StreakTable, index: int, key: str) -> None:
            self.table = table
            self.index = index
            self.key = key
            super().__init__()

        @property
        def control(self) -> StreakTable:
            return self.table

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.columns: tuple[TableColumn, ...] = ()
        self.rows: tuple[TableRow, ...] = ()
        self.cursor_row = 0
        self._hover_row: int | None = None  # the row under the mouse, once it moved
        self._widths: tuple[int, ...] = ()  # each column's width, its padding included
        self._lines: dict[int, Strip] = {}  # drawn lines by line (0: the header), uncropped
        self._styles: _Styles | None = None
        self._styled_for: tuple[object, ...] | None = None
        self._looks: dict[tuple[object, ...], _Look] = {}  # by kind of line (see _draw)

    # ---------------------------------------------------------------- data
    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor (None without rows)."""
        if not self.rows:
            return None
        return self.rows[min(self.cursor_row, len(self.rows) - 1)].key

    def set_columns(self, columns: Sequence[TableColumn]) -> None:
        """New columns; the rows go (they must be given again, to match)."""
        self.columns = tuple(columns)
        self.rows = ()
        self._measure()

    def set_rows(self, rows: Sequence[TableRow]) -> None:
        """New rows, drawn at once; the cursor keeps its place (within the rows)."""
        self.rows = tuple(rows)
        self.cursor_row = max(0, min(self.cursor_row, len(self.rows) - 1))
        self._measure()

    def _measure(self) -> None:
        widths = [cell_len(column.label) for column in self.columns]
        for row in self.rows:
            for index, (text, _style) in enumerate(row.cells[: len(widths)]):
                widths[index] = max(widths[index], cell_len(text))
        self._widths = tuple(width + 2 for width in widths)  # a cell of padding each side
        self._lines.clear()
        self.virtual_size = Size(sum(self._widths), len(self.rows) + 1)
        self.refresh()

    # -------------------------------------------------------------- cursor
    def move_cursor(self, row: int, scroll: bool = True) -> None:
        """Put the cursor on ``row`` (kept within the rows); redraw the two rows it touches."""
        row = max(0, min(row, len(self.rows) - 1))
        old = self.cursor_row
        if row == old:
            return
        self.cursor_row = row
        self._refresh_row(old)
        self._refresh_row(row)
        if scroll:
            self._scroll_cursor_into_view()
        self.post_message(self.RowHighlighted(self, row, self.rows[row].key))

    def _refresh_row(self, row: int | None) -> None:
        if row is None:
            return
        self._lines.pop(row + 1, None)
        y = row + 1 - round(self.scroll_y)
        if 1 <= y < self.size.height:  # on screen, below the header
            self.refresh(Region(0, y, self.size.width, 1))

    def _scroll_cursor_into_view(self) -> None:
        shown = self.scrollable_content_region.height - 1  # rows under the header
        if shown < 1:
            return
        top = round(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, force=True)
        elif self.cursor_row >= top + shown:
            self.scroll_to(y=self.cursor_row - shown + 1, animate=False, force=True)

    def _set_hover(self, row: int | None) -> None:
        if row != self._hover_row:
            old, self._hover_row = self._hover_row, row
            self._refresh_row(old)
            self._refresh_row(row)

    def action_cursor_up(self) -> None:
        self._set_hover(None)
        self.move_cursor(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self._set_hover(None)
        self.move_cursor(self.cursor_row + 1)

    def action_page_up(self) -> None:
        self._set_hover(None)
        page = max(1, self.scrollable_content_region.height - 1)
        self.move_cursor(self.cursor_row - page)

    def action_page_down(self) -> None:
        self._set_hover(None)
        page = max(1, self.scrollable_content_region.height - 1)
        self.move_cursor(self.cursor_row + page)

    def action_first_row(self) -> None:
        self._set_hover(None)
        self.move_cursor(0)

    def action_last_row(self) -> None:
        self._set_hover(None)
        self.move_cursor(len(self.rows) - 1)

    # --------------------------------------------------------------- mouse
    def _row_at(self, y: int) -> int | None:
        """The row drawn at content line ``y`` (None for the header or below the rows)."""
        if y < 1:
            return None
        row = y - 1 + round(self.scroll_y)
        return row if row < len(self.rows) else None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        offset = event.get_content_offset(self)
        self._set_hover(None if offset is None else self._row_at(offset.y))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        row = None if offset is None else self._row_at(offset.y)
        if row is not None:
            event.stop()
            self.move_cursor(row)

    # ---------------------------------------------------------------- draw
    def notify_style_update(self) -> None:
        """The CSS or the theme changed: resolve the styles again."""
        super().notify_style_update()
        self._styled_for = None

    def _resolve(self) -> _Styles:
        """The styles for the widget's current look, resolved once for it.

        Textual restyles the widget (and calls :meth:`notify_style_update`)
        whenever its look can change: a theme, a class, focus.
        """
        key = (self.has_focus, self.size.width)
        if self._styles is None or self._styled_for != key:
            self._styled_for = key
            self._lines.clear()
            self._looks.clear()
            self._rich_style_cache.clear()
            component = self.get_component_styles
            self._styles = _Styles(
                base=self.rich_style,
                header=component("streak-table--header").rich_style,
                even=component("streak-table--even-row").rich_style,
                odd=component("streak-table--odd-row").rich_style,
                cursor=self.get_component_rich_style("streak-table--cursor"),
                hover=self.get_component_rich_style("streak-table--hover"),
            )
        return self._styles

    def _look(self, kind: tuple[object, ...], row: Style, component: Style) -> _Look:
        """The styles of one kind of line, made once per look of the widget."""
        look = self._looks.get(kind)
        if look is None:
            look = self._looks[kind] = _Look(row, component)
        return look

    def render_line(self, y: int) -> Strip:
        styles = self._resolve()
        width = self.size.width
        line = y if y == 0 else y + round(self.scroll_y)  # the header stays put
        if line > len(self.rows):
            return Strip.blank(width, styles.base)
        strip = self._lines.get(line)
        if strip is None:
            strip = self._lines[line] = self._draw(line, styles, width)
        scroll_x = round(self.scroll_x)
        if scroll_x:
            strip = strip.crop(scroll_x, scroll_x + width)
        return strip.adjust_cell_length(width, styles.base)

    def _draw(self, line: int, styles: _Styles, width: int) -> Strip:
        """Line ``line`` (0: the header), as wide as the table or the widget."""
        if line == 0:
            look = self._look(("header",), styles.header, Style())
            cells: Sequence[Cell] = [(column.label, "") for column in self.columns]
            rights = [column.header_right for column in self.columns]
        else:
            index = line - 1
            hover, cursor = index == self._hover_row, index == self.cursor_row
            component = Style()
            if hover:
                component += styles.hover
            if cursor:
                component += styles.cursor
            row_style = styles.even if index % 2 == 0 else styles.odd
            look = self._look((index % 2, hover, cursor), row_style, component)
            cells = self.rows[index].cells
            rights = [column.right for column in self.columns]
        plain = look.plain
        pieces: list[tuple[str, Style]] = []
        missing = len(self.columns) - len(cells)
        if missing > 0:  # a row may hold fewer cells than there are columns: the rest are blank
            cells = [*cells, *[("", "")] * missing]
        for right, (text, style), cell_width in zip(rights, cells, self._widths, strict=False):
            own = look.text(style)
            room = cell_width - 2 - cell_len(text)
            if right:
                pieces += ((" ", plain), (" " * room + text, own), (" ", plain))
            else:
                pieces += ((" ", plain), (text, own), (" " * (room + 1), plain))
        table_width = sum(self._widths)
        if width > table_width:  # the row's look runs on to the widget's edge
            pieces.append((" " * (width - table_width), plain))
        # neighbours in the same style make one segment (styles are shared objects)
        segments: list[Segment] = []
        texts: list[str] = []
        current = plain
        for text, style in pieces:
            if style is not current:
                if texts:
                    segments.append(Segment("".join(texts), current))
                texts, current = [], style
            texts.append(text)
        if texts:
            segments.append(Segment("".join(texts), current))
        return Strip(segments, max(width, table_width))
