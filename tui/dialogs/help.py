"""Help: every key of every screen, read from the screens' own bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Label, Static

from .base import Dialog

KEY_NAMES = {
    "space": "space",
    "plus": "+",
    "minus": "-",
    "equals_sign": "=",
    "question_mark": "?",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "left_curly_bracket": "{",
    "right_curly_bracket": "}",
    "slash": "/",
    "enter": "Enter",
    "escape": "Esc",
    "ctrl+p": "Ctrl+P",
}


def key_label(keys: str) -> str:
    return " ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def _bindings(owner: type) -> list[tuple[str, str]]:
    rows = []
    for binding in getattr(owner, "BINDINGS", []):
        if isinstance(binding, Binding):
            keys, description = binding.key, binding.tooltip or binding.description
        else:
            keys, description = binding[0], binding[2] if len(binding) > 2 else binding[1]
        rows.append((key_label(keys), description))
    return rows


def sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, [(keys, what)]) for the app and each screen."""
    from ..app import SecondHeartApp
    from ..screens.guide import GuideScreen
    from ..screens.streaks import StreaksScreen
    from ..screens.timer import TimerScreen
    from ..screens.today import TodayScreen

    everywhere = [
        ("1 2 3 4", "Today · Streaks · Timer · Guide"),
        ("Ctrl+P", "command palette: exercises, days, screens, themes"),
        *[row for row in _bindings(SecondHeartApp) if row[0] not in "1234"],
    ]
    today = [("↑ ↓ k j", "move"), *_bindings(TodayScreen)]
    return [
        ("Everywhere", everywhere),
        ("Today", today),
        ("Streaks", _bindings(StreaksScreen)),
        ("Timer", _bindings(TimerScreen)),
        ("Guide", _bindings(GuideScreen)),
    ]


class HelpScreen(Dialog[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Label("Keys", classes="dialog-title")
            for title, rows in sections():
                if not rows:
                    continue
                lines = [f"[b]{title}[/b]"]
                lines += [
                    f"  [b $accent]{escape(f'{keys:<12}')}[/] {escape(what)}" for keys, what in rows
                ]
                yield Static("\n".join(lines), classes="help-section")
            yield Label("[dim]Esc or ? to close[/dim]", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
