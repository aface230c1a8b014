"""Text is data: what a user typed or imported, made safe to show on a terminal.

:func:`visible` keeps every printable character exactly as typed and turns
the ones a terminal would act on (ESC, BEL, other C0 and C1 controls, DEL,
and the bidirectional overrides that can reorder a line) into visible escapes
such as ``\\x1b``. Markup is not this module's business: the screens build
Rich ``Text``/Textual ``Content`` from these strings, never markup.
"""

from __future__ import annotations

import re

# C0 (except tab and newline, handled by ``multiline``), DEL, C1, and the
# bidirectional embedding, override and isolate controls. Compiled on first use,
# by re's own cache (about 1 ms of the app's start): most text is printable
# (``str.isprintable``), and no character of this class is.
_BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
_UNSAFE = f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]"
# Whole terminal sequences, so their printable tail ("[31m") goes with the ESC:
# CSI (ESC [ or \x9b), OSC (ESC ] or \x9d, up to BEL or ST), DCS/SOS/PM/APC
# (up to ST), then any other ESC sequence (ESC, intermediates, one final).
# An unterminated string sequence runs to the end of the text, as a terminal reads it.
# (compiled on first use, by re's own cache: ``status`` imports this module)
_SEQUENCE = (
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|\Z)"
    r"|\x1b[ -/]*[0-~]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str | None) -> str:
    """One line as typed, with terminal controls (tab and newline too) shown as escapes."""
    if not text:
        return ""
    if text.isprintable():  # no control, no tab, no newline: the common case
        return text
    text = text.replace("\t", "\\t").replace("\n", "\\n")
    return re.sub(_UNSAFE, _escape, text)


def visible_lines(text: str | None) -> str:
    """Several lines as typed (newlines and tabs kept), other controls shown as escapes."""
    if not text:
        return ""
    return text if text.isprintable() else re.sub(_UNSAFE, _escape, text)


def has_controls(text: str) -> bool:
    """Whether ``text`` holds anything :func:`visible` would escape."""
    return not text.isprintable() and (
        re.search(_UNSAFE, text) is not None or "\t" in text or "\n" in text
    )


def without_controls(text: str) -> str:
    """``text`` with terminal control sequences and control characters removed.

    For what is *derived* from user text (a slug), not for showing it: shown
    text keeps every character through :func:`visible`. ``"New \\x1b[31mname"``
    becomes ``"New name"``, not ``"New [31mname"``.
    """
    without = re.sub(_SEQUENCE, "", text, flags=re.S)
    return re.sub(_UNSAFE, "", without).replace("\t", " ").replace("\n", " ")


def plural(count: float, noun: str, nouns: str | None = None) -> str:
    """The count and its noun, agreeing: '1 day', '0 days', '2 entries', '1.5 sessions'.

    ``nouns`` is the plural when it is not ``noun`` + "s" (``plural(n, "entry", "entries")``).
    """
    whole = isinstance(count, int) or float(count).is_integer()
    number = str(int(count)) if whole else f"{count:g}"
    return f"{number} {noun if count == 1 else (nouns or noun + 's')}"


def note_outcome(when: str, before: str | None, after: str | None, replacing: bool) -> str:
    """What became of a day's note, in one line: ``when`` is the day as shown,
    ``before`` and ``after`` the note, ``replacing`` False when the text was added."""
    if after is None:
        return f"note removed on {when}" if before else f"no note to remove on {when}"
    if not before:
        return f"note saved on {when}"
    if after == before:
        return f"note unchanged on {when}" + ("" if replacing else ": it already holds that text")
    if replacing:
        return f"note replaced on {when}"
    return f"note added on {when} below the earlier note (--replace-note replaces the whole note)"
