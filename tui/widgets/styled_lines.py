"""A widget drawn line by line from (text, style) runs, each style resolved once.

Rendering ``Content`` gives every piece of text its own Rich style carrying
its screen offset (for text selection), so a calendar of a few hundred days
builds a few hundred styles on every redraw. Widgets based on
:class:`StyledLines` say what each line holds as ``(text, style)`` runs;
each style string is resolved once (as ``Content`` resolves a span over the
widget's own style) and each drawn line is kept until :meth:`redraw`.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

Runs = list[tuple[str, str]]  # (text, style); "" is the widget's own style


def merge_runs(pieces: Runs) -> Runs:
    """Join neighbouring pieces that share a style."""
    return [
        ("".join(text for text, _ in run), style)
        for style, run in groupby(pieces, key=itemgetter(1))
    ]


class StyledLines(Widget):
    """Base for widgets that draw lines of styled runs; subclasses define :meth:`line_runs`."""

    ALLOW_SELECT = False  # drawn without the per-piece offsets text selection needs

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._lines: dict[int, Strip] = {}  # drawn lines by y
        self._styles: dict[str, RichStyle] = {}  # style string -> resolved Rich style
        self._styled_for: tuple[int, int, Style] | None = None  # (width, height, base style)
        self._blank = RichStyle()  # the background past the end of a line

    def line_runs(self, y: int) -> Runs | None:
        """The runs of content line ``y``, or None below the last line."""
        raise NotImplementedError

    def redraw(self) -> None:
        """Forget the drawn lines (the data changed) and repaint."""
        self._lines.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        """The CSS or the theme changed: resolve the styles again."""
        super().notify_style_update()
        self._styled_for = None

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        base = self.visual_style
        if self._styled_for != (width, height, base):  # lines may depend on the size
            self._styled_for = (width, height, base)
            self._lines.clear()
            self._styles.clear()
            # what Textual pads short lines with
            base_background, background = self.background_colors
            self._blank = Style(background=base_background + background).rich_style
        if (line := self._lines.get(y)) is not None:
            return line
        runs = self.line_runs(y)
        if runs is None:
            return Strip.blank(width, base.rich_style)
        segments = [Segment(text, self._style(style)) for text, style in runs]
        line = self._lines[y] = Strip(segments).adjust_cell_length(width, self._blank)
        return line

    def _style(self, style: str) -> RichStyle:
        """``style`` over the widget's style, combined as Content combines a span."""
        rich_style = self._styles.get(style)
        if rich_style is None:
            base = self.visual_style
            span_style = base + Style.parse(style) if style else base
            rich_style = self._styles[style] = (base + span_style).rich_style
        return rich_style
