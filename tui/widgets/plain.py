"""User text as Textual content: never markup, never a terminal control.

Every name, note, unit, guide text or message quoting them goes through
these helpers before it reaches a widget: :func:`plain` builds ``Content``
(which is never parsed as markup) from :func:`tui.core.text.visible`, so
``[b]x[/]`` shows as those seven characters and ESC shows as ``\\x1b``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from ..core.text import visible, visible_lines

if TYPE_CHECKING:
    from textual.fuzzy import Matcher


def plain(text: str | None, style: str = "") -> Content:
    """One line of user text, as typed, terminal controls shown as escapes."""
    return Content.styled(visible(text), style) if style else Content(visible(text))


def plain_lines(text: str | None, style: str = "") -> Content:
    """Several lines of user text (newlines kept), terminal controls shown as escapes."""
    shown = visible_lines(text).expandtabs(4)
    return Content.styled(shown, style) if style else Content(shown)


def highlight(matcher: Matcher, text: str) -> Content:
    """``text`` with the matcher's hits styled, without reading it as markup.

    ``Matcher.highlight`` parses its candidate as markup, so a name such as
    ``Walk [/]`` would raise; this does the same styling on plain content.
    """
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def field_text(value: str, shown: str, original: str) -> str:
    """What a form field holds: the stored text when the shown escapes were left alone."""
    return original if value == shown else value


def own_guide(name: str, text: str | None, hint: str) -> Content:
    """An exercise the user added, as its guide shows it: the name, the text exactly
    as typed (never Markdown, never markup) and a muted ``hint`` below."""
    shown = visible_lines(text).strip("\n").expandtabs(4)
    return Content.assemble(
        (visible(name), "bold"),
        "\n\n",
        shown if shown.strip() else ("No guide text yet: press E on Today to add some.", "italic"),
        "\n\n",
        (hint, "$text-muted"),
    )
