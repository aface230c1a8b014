"""The line under Today's checklist: facts about the highlighted row, broken between them.

Laid out at the widget's real width when drawn: the facts ("target 30 min",
"streak 3 days", "daily") break onto the second line between two facts, never
inside one, and a note takes its own line, cut with an ellipsis.
"""

from __future__ import annotations

from textual.content import Content

from .styled_lines import Runs, StyledLines, content_runs

SEPARATOR = " · "


def fit_line(text: Content, width: int) -> Content:
    """``text`` cut to ``width`` cells, ending with an ellipsis when it was cut."""
    if text.cell_length <= width:
        return text
    if width <= 1:
        return Content("…")
    cut = text
    while cut.cell_length > width - 1:  # a few steps: a note is at most a few lines long
        cut = cut[: max(0, len(cut) - max(1, cut.cell_length - (width - 1)))]
    return Content.assemble(cut.rstrip(), "…")


def lay_out(
    parts: list[Content], note: Content | None, width: int, height: int = 2
) -> list[Content]:
    """The facts joined by `` · ``, broken between facts; the note, cut, on the last line."""
    lines: list[Content] = []
    line: Content | None = None
    for part in parts:
        if line is None:
            line = part
        elif line.cell_length + len(SEPARATOR) + part.cell_length <= width:
            line = Content.assemble(line, SEPARATOR, part)
        else:
            lines.append(line)
            line = part
    if line is not None:
        lines.append(line)
    room = height - (1 if note is not None else 0)
    if len(lines) > room:  # the facts that do not fit give way to the note
        lines = lines[: max(1, room)]
    shown = [fit_line(one, width) for one in lines]
    if note is not None:
        shown.append(fit_line(Content.assemble("✎ ", note), width))
    return shown[:height] if height else shown


class DetailLine(StyledLines):
    """Two lines of facts about the highlighted exercise, fitted to the width.

    Drawn as styled runs rather than through ``Content``'s wrapping, which cost
    about 0.6 ms of every tick here; each line is laid out by :func:`lay_out`.
    """

    DEFAULT_CSS = """
    DetailLine {
        height: 2;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._parts: list[Content] = []
        self._note: Content | None = None
        self._message: Content | None = None
        self._laid_out: tuple[int, int, list[Content]] | None = None  # width, height, lines

    def show(self, parts: list[Content], note: Content | None) -> None:
        if (parts, note) == (self._parts, self._note) and self._message is None:
            return
        self._parts, self._note, self._message = parts, note, None
        self._laid_out = None
        self.redraw()

    def show_message(self, message: Content) -> None:
        if message == self._message:
            return
        self._message = message
        self._laid_out = None
        self.redraw()

    def shown_lines(self) -> list[Content]:
        """What the widget shows, line by line, at its present size."""
        width = self.inner_size.width or self.size.width
        height = max(1, self.inner_size.height or 2)
        if self._laid_out is not None and self._laid_out[:2] == (width, height):
            return self._laid_out[2]
        if self._message is not None and width > 0:  # wrapped between words, as a Static does
            lines = [fit_line(line.rstrip(), width) for line in self._message.wrap(width)][:height]
        elif self._message is not None:
            lines = self._message.split("\n")
        elif width <= 0:
            lines = [Content(SEPARATOR).join(self._parts)]
        else:
            lines = lay_out(self._parts, self._note, width, height)
        self._laid_out = (width, height, lines)
        return lines

    def line_runs(self, y: int) -> Runs | None:
        lines = self.shown_lines()
        return content_runs(lines[y]) if y < len(lines) else None

    def render(self) -> Content:
        """All of it as one ``Content`` (what the widget draws, for reading in tests)."""
        return Content("\n").join(self.shown_lines())
