"""A widget drawn line by line from (text, style) runs, each style resolved once.

Rendering ``Content`` gives every piece of text its own Rich style carrying
its screen offset (for text selection), so a calendar of a few hundred days
builds a few hundred styles on every redraw. Widgets based on
:class:`StyledLines` say what each line holds as ``(text, style)`` runs;
each style string is resolved once (as ``Content`` resolves a span over the
widget's own style) and each drawn line is kept until :meth:`redraw`.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual._border import get_box
from textual._segment_tools import make_blank
from textual.color import Color
from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

Runs = list[tuple[str, str]]  # (text, style); "" is the widget's own style


_SHOWS_ON_BLANKS: dict[str, bool] = {}


def bar_runs(fraction: float, width: int, style: str = "$primary") -> Runs:
    """``━━━━━━╸──────``: ``width`` cells filled to ``fraction`` (0 to 1), in ``style``.

    Done and still to do differ by glyph as well as colour, so a 16-colour or
    monochrome terminal shows the difference too. Today's day bar and every
    row's bar draw with this.
    """
    filled = fraction * width
    whole = int(filled)
    half = "╸" if filled - whole >= 0.5 and whole < width else ""
    rest = width - whole - len(half)
    return [("━" * whole + half, style), ("─" * rest, "$foreground 25%")]


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


def run_style(base: Style, style: str) -> RichStyle:
    """A run's ``style`` over ``base`` (the widget's or the row's), combined as
    ``Content`` combines a span with the style under it."""
    span = base + Style.parse(style) if style else base
    return (base + span).rich_style


def content_runs(content: Content, merge: bool = True) -> Runs:
    """One line of ``Content`` as runs: its text cut where its spans start and end,
    each piece with the styles of the spans over it (later spans last, as
    ``Content`` applies them). The text is never read as markup. ``merge``
    joins pieces that look the same (:func:`merge_runs`); without it, each
    cell keeps exactly the style ``Content`` gives it."""
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
    return merge_runs(runs) if merge else runs


class FramedLines:
    """Mixed into a widget (before its Textual class) that draws its content line by
    line (``render_line``): Textual's lines, with the content lines framed here.

    Textual's style cache puts each content line in its frame (padding, the
    border's sides) with a dozen style look-ups and colour sums per line,
    about three quarters of drawing a chart. The frame is the same for every
    content line, so it is made once per size and style (:meth:`_frame_now`)
    from the same parts Textual uses, and each line is only joined to it. The
    border's top and bottom lines, and a widget with an effect (opacity, tint,
    hatch, outline), are still drawn by Textual; a test checks the lines are
    the same as Textual's, widget by widget and theme by theme.
    """

    _frame: _Frame | None = None  # how a content line is framed, for one size and style
    _inner: tuple[Size, Size] | None = None  # (outer size, inner size) last found

    def notify_style_update(self) -> None:
        super().notify_style_update()  # type: ignore[misc]
        self._frame = None
        self._inner = None

    @property
    def inner_size(self) -> Size:
        """The size inside the border and padding, as ``content_size``, found without a search.

        ``content_size`` looks the widget up on its screen at each call; a
        chart asks for its size once or twice per line, and those look-ups
        were about a tenth of drawing it. This is the size of the last
        layout (``outer_size``) less the border and padding.
        """
        outer = self.outer_size
        known = self._inner
        if known is not None and known[0] == outer:
            return known[1]
        width, height = outer
        gutter = self.styles.gutter  # kept until the size or the styles change: a line asks often
        inner = Size(max(0, width - gutter.width), max(0, height - gutter.height))
        self._inner = (outer, inner)
        return inner

    def render_lines(self, crop: Region) -> list[Strip]:
        """Textual's lines for ``crop``, the content lines framed here."""
        frame = self._frame_now()
        if frame is None:
            return super().render_lines(crop)
        width = frame.width
        filters = self.get_line_filters()
        strips: list[Strip] = []
        for y in crop.line_range:
            row = y - frame.top
            if not 0 <= row < frame.height:  # a border or padding line: Textual's, cached there
                strips.extend(super().render_lines(Region(0, y, width, 1)))
                continue
            line = self.render_line(row).adjust_cell_length(frame.content_width, frame.inner)
            strip = Strip([*frame.left, *line, *frame.right], width)
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, frame.background)
            strips.append(strip)
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    def _frame_now(self) -> _Frame | None:
        """The frame of a content line at the present size and style, or None when
        Textual must draw the lines (an effect this does not reproduce)."""
        key = (self.outer_size, self.visual_style)
        if self._frame is not None and self._frame.key == key:
            return self._frame
        self._frame = None
        styles = self.styles
        if (
            self.BLANK
            or self.opacity != 1.0
            or styles.tint.a
            or styles.text_opacity != 1.0
            or (styles.has_rule("hatch") and styles.hatch != "none")
            or any(edge for edge, _ in styles.outline)
            or self.hover_style._link_id
        ):
            return None
        width = self.outer_size.width
        content_width, content_height = self.inner_size
        if content_width <= 0 or content_height <= 0:
            return None
        base_background, background = self.background_colors
        inner, outer = self._styles_cache.get_inner_outer(base_background, background)
        inner_rich = inner.rich_style
        pad_top, pad_right, pad_bottom, pad_left = styles.padding
        _, (border_right, right_color), _, (border_left, left_color) = styles.border
        left: list[Segment] = []
        right: list[Segment] = []
        if border_left:  # as Textual draws a side of the border
            style = Style(foreground=base_background + left_color.multiply_alpha(1.0))
            left.append(get_box(border_left, inner, outer, style)[1][0])
        if pad_left:
            left.append(make_blank(pad_left, inner_rich))
        if pad_right:
            right.append(make_blank(pad_right, inner_rich))
        if border_right:
            style = Style(foreground=base_background + right_color.multiply_alpha(1.0))
            right.append(get_box(border_right, inner, outer, style)[1][2])
        self._frame = _Frame(
            key,
            styles.gutter.top,
            content_height,
            width,
            content_width,
            inner_rich,
            background,
            left,
            right,
        )
        return self._frame


class StyledLines(FramedLines, Widget):
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
            rich_style = self._styles[style] = run_style(self.visual_style, style)
        return rich_style


class _Frame(NamedTuple):
    """What surrounds every content line of a :class:`StyledLines` (see ``render_lines``)."""

    key: tuple[Size, Style]  # (outer size, visual style) it was made for
    top: int  # the first content line, below the border and padding
    height: int  # content lines
    width: int  # the whole line
    content_width: int
    inner: RichStyle  # the background a short line is padded with
    background: Color  # what line filters are given
    left: list[Segment]
    right: list[Segment]
