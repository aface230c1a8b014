"""The reminders waiting now: done (ticks it), snooze 10 minutes, or dismiss for today."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ..core.reminders import Due
from ..core.text import visible
from ..store import reminders as store
from ..store.errors import SecondHeartError
from ..widgets.plain import plain
from .base import Dialog


def _label(item: Due) -> Content:
    when = "movement break" if item.times == ("break",) else f"since {item.first}"
    return plain(f"{item.name}  ·  {when}")


class RemindersScreen(Dialog[None]):
    """Lists the waiting reminders; d, s or x answers the highlighted one."""

    BINDINGS = [
        Binding("d", "answer('done')", "Done"),
        Binding("s", "answer('snooze')", "Snooze 10 min"),
        Binding("x", "answer('dismiss')", "Dismiss for today"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, items: list[Due], answered: Callable[[int], None] | None = None) -> None:
        super().__init__()
        self.items = list(items)
        self._answered = answered

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog reminders"):
            yield Label("Reminders", classes="dialog-title")
            yield OptionList(*(Option(_label(i), id=str(i.exercise_id)) for i in self.items))
            yield Label("", classes="dialog-error")
            yield Label(
                "[b]d[/b] Done (ticks it) · [b]s[/b] Snooze 10 min · "
                "[b]x[/b] Dismiss for today · [b]Esc[/b] Close",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_answer("done")

    def action_answer(self, how: str) -> None:
        options = self.query_one(OptionList)
        index = options.highlighted
        if self.closing or index is None or not 0 <= index < len(self.items):
            return
        item = self.items[index]
        tracker = self.host.tracker
        try:
            if how == "done":
                exercise = store.done(tracker, item.exercise_id)
                message = f"{exercise.name}: done."
            elif how == "snooze":
                until = store.snooze(tracker, item.exercise_id)
                message = f"{item.name}: snoozed until {until}."
            else:
                store.dismiss(tracker, item.exercise_id)
                message = f"{item.name}: no more reminders today."
        except SecondHeartError as exc:
            self.query_one(".dialog-error", Label).update(Content(f"⚠ {visible(str(exc))}"))
            return
        if self._answered is not None:
            self._answered(item.exercise_id)
        self.app.notify(message, timeout=4, markup=False)
        self.host.notice_changes()
        del self.items[index]
        options.remove_option_at_index(index)
        if not self.items:
            self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
