"""A widget drawn line by line from (text, style) runs, each style resolved once.

Rendering ``Content`` gives every piece of text its own Rich style carrying
its screen offset (for text selection), so a calendar of a few hundred days
builds a few hundred styles on every redraw. Widgets based on
:class:`StyledLines` say what each line holds as ``(text, style)`` runs;
each style string is resolved once (as ``Content`` resolves a span over the
widget's own style) and each drawn line is kept until :meth:`redraw`.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

Runs = list[tuple[str, str]]  # (text, style); "" is the widget's own style


_SHOWS_ON_BLANKS: dict[str, bool] = {}


def _shows_on_blanks(style: str) -> bool:
    """Whether ``style`` changes how a space looks (a background, reverse, a line)."""
    found = _SHOWS_ON_BLANKS.get(style)
    if found is None:
        words = f" {style} "
        found = _SHOWS_ON_BLANKS[style] = any(
            word in words for word in (" on ", "reverse", "underline", "strike", "overline")
        )
    return found


def merge_runs(pieces: Runs) -> Runs:
    """Join neighbouring pieces that share a style.

    Spaces whose style shows nothing on a space (a colour, bold, dim) join
    the run before them whatever its colour, when that run too shows nothing
    on its spaces: a line is then a few runs, not one per cell, and cheaper
    for Textual to process. It looks the same.
    """
    runs: Runs = []
    texts: list[str] = []
    current = ""
    for text, style in pieces:
        if style != current and texts:
            if text.strip(" ") or _shows_on_blanks(style) or _shows_on_blanks(current):
                runs.append(("".join(texts), current))
                texts = []
                current = style
        elif not texts:
            current = style
        texts.append(text)
    if texts:
        runs.append(("".join(texts), current))
    return runs


def content_runs(content: Content) -> Runs:
    """One line of ``Content`` as runs: its text cut where its spans start and end,
    each piece with the styles of the spans over it (later spans last, as
    ``Content`` applies them). The text is never read as markup."""
    text = content.plain
    spans = [span for span in content.spans if span.start < span.end]
    if not spans:
        return [(text, "")]
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    runs = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        if start >= len(text):
            break
        style = " ".join(
            str(span.style) for span in spans if span.start <= start and span.end >= end
        )
        runs.append((text[start:end], style))
    return merge_runs(runs)


class StyledLines(Widget):
    """Base for widgets that draw lines of styled runs; subclasses define :meth:`line_runs`."""

    ALLOW_SELECT = False  # drawn without the per-piece offsets text selection needs

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._lines: dict[int, Strip] = {}  # drawn lines by y
        self._styles: dict[str, RichStyle] = {}  # style string -> resolved Rich style
        self._styled_for: tuple[int, int, Style] | None = None  # (width, height, base style)
        self._blank = RichStyle()  # the background past the end of a line
        self._titles = ("", "")  # the border's title and subtitle, as set by set_titles

    def line_runs(self, y: int) -> Runs | None:
        """The runs of content line ``y``, or None below the last line."""
        raise NotImplementedError

    @property
    def inner_size(self) -> Size:
        """The size inside the border and padding, as ``content_size``, found without a search.

        ``content_size`` looks the widget up on its screen at each call; a
        chart asks for its size once or twice per line, and those look-ups
        were about a tenth of drawing it. This is the size of the last
        layout (``outer_size``) less the border and padding.
        """
        width, height = self.outer_size
        gutter = self.styles.gutter
        return Size(max(0, width - gutter.width), max(0, height - gutter.height))

    def redraw(self) -> None:
        """Forget the drawn lines (the data changed) and repaint the lines inside the border.

        The border, with its title, stays as drawn unless it changes too
        (see :meth:`set_titles`): drawing a border line with a title costs
        more than a line of content.
        """
        self._lines.clear()
        width, height = self.inner_size
        if width and height:
            self.refresh(Region(0, 0, width, height))
        else:
            self.refresh()

    def set_titles(self, title: str, subtitle: str = "") -> None:
        """The border's title and subtitle, as plain text (never markup); set only when changed.

        Textual repaints the whole widget for any title set, its border too.
        """
        old_title, old_subtitle = self._titles
        if title != old_title:
            self.border_title = Content(title)
        if subtitle != old_subtitle:
            self.border_subtitle = Content(subtitle)
        self._titles = (title, subtitle)

    def notify_style_update(self) -> None:
        """The CSS or the theme changed: resolve the styles again."""
        super().notify_style_update()
        self._styled_for = None

    def render_line(self, y: int) -> Strip:
        width, height = self.inner_size
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
