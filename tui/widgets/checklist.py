"""The day's exercises as a keyboard checklist.

The widget only shows rows and reports the highlighted exercise; the screen
owns the keys that change data and calls the service.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.binding import Binding
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..core.model import Status
from ..core.text import visible
from ..store.service import Row
from .styled_lines import FramedLines, bar_runs, content_runs, run_style

STATUS_STYLE = {
    Status.MET: "bold $status-met",
    Status.PARTIAL: "bold $status-partial",
    Status.SKIPPED: "bold $status-skipped",
    Status.MISSED: "bold $status-missed",
    Status.PENDING: "bold",
    Status.UNSCHEDULED: "dim",
    Status.NOT_STARTED: "dim",
}


def _fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` cells at a word boundary, with an ellipsis."""
    if cell_len(text) <= width:
        return text
    words, out = text.split(), ""
    for word in words:
        candidate = f"{out} {word}".strip()
        if cell_len(candidate) > width - 1:
            break
        out = candidate
    if not out:
        out = text
        while out and cell_len(out) > width - 1:
            out = out[:-1]
    return out + "…"


PROGRESS = 13  # cells the progress column takes (more for a big amount, from the name's room)
STREAK = 6  # " 123d"
NAME = 30  # the name column's width when the names are shorter (and the room allows)
BAR_FROM = 20  # spare cells from which a wide row draws a progress bar between name and amount

BAR_STYLE = {
    Status.MET: "$status-met",
    Status.PARTIAL: "$status-partial",
    Status.SKIPPED: "$status-skipped",
    Status.MISSED: "$status-missed",
}


class Columns(NamedTuple):
    """What every row of a pane shares: its longest name and its widest progress, in cells.

    Computed once when the rows are shown, so each row lays itself out alone (a
    tick redraws one row) and the columns still line up from row to row. (A
    named tuple: a frozen dataclass cost about 1 ms of the first frame to build.)
    """

    name: int = NAME
    progress: int = PROGRESS

    @classmethod
    def of(cls, rows: tuple[Row, ...]) -> Columns:
        name = max((cell_len(visible(r.exercise.name)) + len(_note(r)) for r in rows), default=0)
        progress = max((cell_len(_progress(r)) for r in rows), default=0)
        return cls(name=name, progress=max(PROGRESS, progress))


def _progress(row: Row) -> str:
    return "rest day" if row.skipped else visible(row.progress)


def _note(row: Row) -> str:
    return " ✎" if row.note else ""


def row_text(row: Row, width: int, columns: Columns | None = None) -> Content:
    """One line: glyph, name, progress and streak, laid out for ``width`` cells.

    The progress and the streak keep their right edge in every row (a big
    amount such as ``100000/20 reps`` takes its extra cells from the name's
    room, never past the border). The name column is as wide as the pane's
    longest name (at least ``NAME``) up to the progress column, so a long name
    is cut only when the pane has no room for it; the cells left over, when
    there are enough of them, hold a bar of the day's progress. ``columns``
    are the pane's (``Columns.of`` all its rows); without them, this row's own.
    """
    progress = _progress(row)
    streak = ""
    if row.streak is not None and row.streak.current:
        unit = "w" if row.streak.unit == "weeks" else "d"
        streak = f"{row.streak.current}{unit}"
    note = _note(row)
    if columns is None:
        columns = Columns.of((row,))
    progress_width = max(columns.progress, cell_len(progress))
    room = width - 3 - progress_width - STREAK - 1  # glyph, progress, streak, a margin
    column = max(6 + len(note), min(max(NAME, columns.name), room))  # the name and its note
    name = _fit(visible(row.exercise.name), column - len(note))
    spare = room - column
    bar: tuple[str, str] | Content = ""
    padding = " " * max(1, column - len(note) - cell_len(name) + (spare if spare < BAR_FROM else 0))
    if spare >= BAR_FROM:
        bar = _bar(row, spare - 3)
        padding = " " * (column - len(note) - cell_len(name) + 2)
    return Content.assemble(
        (f" {row.status.glyph} ", STATUS_STYLE[row.status]),
        name,
        (note, "dim"),
        padding,
        bar,
        (f"{progress:>{progress_width}}", "bold" if row.status == Status.MET else ""),
        (f" {streak:>5}", "dim"),
    )


def _bar(row: Row, width: int) -> Content:
    """The row's bar (:func:`bar_runs`), filled to its share of its target, and a gap."""
    style = BAR_STYLE.get(row.status, "$primary")
    return Content.assemble(*bar_runs(row.fraction, width, style), " ")


class RowVisual(Visual):
    """One row, laid out for whatever width it is rendered at.

    The option list renders (and re-renders after a resize) at its real
    width, so the first frame is already right: no guessed width that wraps
    the rows, and no redraw from ``on_resize``.
    """

    def __init__(self, row: Row, columns: Columns | None = None) -> None:
        self.row = row
        self.columns = columns or Columns.of((row,))
        self._width = 60  # last rendered width, for str()
        self._cache: tuple[tuple, list[Strip]] | None = None

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        # The option list drops its own cache whenever any row changes; rows
        # that did not change answer from here instead of being laid out again.
        key = (width, height, style)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        self._width = width
        strips = row_text(self.row, width, self.columns).render_strips(
            width, height, style, options
        )
        self._cache = (key, strips)
        return strips

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1

    def __str__(self) -> str:
        return str(row_text(self.row, self._width, self.columns))


class Checklist(FramedLines, OptionList):
    """The rows of one day; ``j``/``k`` move as well as the arrows."""

    BINDINGS = [
        Binding("k", "cursor_up", "Up", show=False),
        Binding("j", "cursor_down", "Down", show=False),
    ]

    class Moved(Message):
        """The highlighted exercise changed; ``current_row`` says which it is now."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: tuple[Row, ...] = ()
        self.columns = Columns()
        self._run_styles: dict[tuple[Style, str], RichStyle] = {}  # (row style, run) -> drawn

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._run_styles.clear()

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        """A row's line, drawn straight from its runs (as ``StyledLines`` draws).

        Textual renders an option through its visual pipeline (``Content``
        wrapping, link and offset styles for each piece): about 1 ms of a
        7 ms tick here, for one line of a few runs. This gives the same
        cells in the same styles, with the option's index for the mouse; a
        test compares the two row by row. Anything but a plain row (padding
        set on the options, a divider) goes Textual's way.
        """
        visual = option.prompt
        padding = self.get_component_styles("option-list--option").padding
        if not isinstance(visual, RowVisual) or padding or option._divider:
            return super()._get_option_render(option, style)
        key = (option, style, padding)
        if (strips := self._option_render_cache.get(key)) is None:
            width = self.scrollable_content_region.width - self._get_left_gutter_width()
            visual._width = width
            content = row_text(visual.row, width, visual.columns)
            segments = [
                Segment(text, self._run_style(style, run))
                for text, run in content_runs(content, merge=False)
            ]
            strip = Strip(segments, content.cell_length).extend_cell_length(width, style.rich_style)
            strips = [strip.apply_meta({"option": self._option_to_index[option]})]
            self._option_render_cache[key] = strips
        return strips

    def _run_style(self, style: Style, run: str) -> RichStyle:
        """A run's style over the row's (:func:`run_style`), resolved once per theme."""
        found = self._run_styles.get((style, run))
        if found is None:
            found = self._run_styles[(style, run)] = run_style(style, run)
        return found

    def show(self, rows: tuple[Row, ...]) -> None:
        """Replace the rows, keeping the cursor on the same exercise where it can."""
        old = self.rows
        columns = Columns.of(rows)  # once per show, never per row drawn
        same_columns = columns == self.columns
        self.columns = columns
        if [r.exercise.id for r in old] == [r.exercise.id for r in rows] and rows:
            # Same exercises in the same order (a tick, a new streak): change
            # the rows that differ in place (every row when the shared columns
            # moved), so the cursor and the scroll position stay and no Moved
            # message is sent.
            self.rows = rows
            for index, (before, after) in enumerate(zip(old, rows, strict=True)):
                if before != after or not same_columns:
                    self._replace_row(index, after)
            return
        current = self.current_row
        keep = current.exercise.id if current else None
        index = self.highlighted or 0
        self.rows = rows
        self._draw()
        ids = [r.exercise.id for r in rows]
        if keep in ids:
            index = ids.index(keep)
        if rows:
            self.highlighted = min(index, len(rows) - 1)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._update_lines()  # what OptionList does first (the frame path asks render_line)
        return super().render_lines(crop)

    def _replace_row(self, index: int, row: Row) -> None:
        """Show ``row`` at ``index``, redrawing that one line.

        ``replace_option_prompt_at_index`` would drop every row's cached render
        and repaint the whole list; a tick changes one row, and every row is
        one line high, so only that row's render and line need to go.
        """
        option = self.get_option_at_index(index)
        option._set_prompt(RowVisual(row, self.columns))
        cache = self._option_render_cache
        for key in [key for key in cache.keys() if key[0] is option]:
            cache.discard(key)
        line = self._index_to_line.get(index)
        if line is None:  # no room to lay out lines (a pane a few rows high): redraw it all
            self.refresh()
        else:
            self.refresh_line(line)

    def _draw(self) -> None:
        self.set_options(
            Option(RowVisual(row, self.columns), id=f"ex-{row.exercise.id}") for row in self.rows
        )

    @property
    def current_row(self) -> Row | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index]

    def select_exercise(self, exercise_id: int) -> None:
        for index, row in enumerate(self.rows):
            if row.exercise.id == exercise_id:
                self.highlighted = index
                return

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self.post_message(self.Moved())
