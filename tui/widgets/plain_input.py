"""An Input for user text that never sends a control character to the terminal.

Kept apart from :mod:`tui.widgets.plain`, which Today's first frame imports:
only the dialogs with a text field need this one (and its pattern).
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.widgets import Input

# What Input shows in place of a control character: one cell each, so the
# cursor stays where the value's characters are.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_PLACEHOLDER = "\ufffd"


class PlainInput(Input):
    """An Input that never sends a control character in its value to the terminal.

    A stored or pasted value may hold ESC or a bidi override; it is kept as
    it is (so saving an untouched field changes nothing) but drawn as ``�``,
    one cell per character, so the cursor stays in step.
    """

    @property
    def _value(self) -> Text:
        value = self.value
        if not _CONTROL.search(value):
            return super()._value
        # Replaced before Rich sees it: Rich would drop a BEL, and the cursor with it.
        text = Text(_CONTROL.sub(_PLACEHOLDER, value), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text
