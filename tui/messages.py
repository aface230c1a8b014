"""Messages the app's watcher posts; screens handle them to read their data again.

Small dataclasses, as in Toolong: the watcher (``tui.watcher``) posts them to
the app, which keeps its own state in step (the shown day, the header) and
passes a copy to each screen of the current mode. They do not bubble.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.message import Message


@dataclass
class DataChanged(Message, bubble=False):
    """Someone committed to the database: another pane, the command line, or this app."""

    stamp: tuple[int, int]
    """``Tracker.change_stamp()`` when the change was noticed; a screen that has
    already drawn this stamp (after its own write) has nothing to redraw."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DataChanged)


@dataclass
class DayChanged(Message, bubble=False):
    """The day rolled over (midnight, or the configured day-start hour)."""

    previous: dt.date
    today: dt.date

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DayChanged)
