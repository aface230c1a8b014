"""Messages the app's watcher posts; screens handle them to read their data again.

Small messages, as in Toolong: the watcher (``tui.watcher``) posts them to
the app, which keeps its own state in step (the shown day, the header) and
passes a copy to each screen of the current mode. They do not bubble.
"""

from __future__ import annotations

import datetime as dt

from textual.message import Message

# Plain classes rather than dataclasses: a dataclass is built when its module is
# imported (about half a millisecond each), and this module is on the first frame.


class DataChanged(Message, bubble=False):
    """Someone committed to the database: another pane, the command line, or this app."""

    def __init__(self, stamp: tuple[int, int]) -> None:
        super().__init__()
        self.stamp = stamp
        """``Tracker.change_stamp()`` when the change was noticed; a screen that has
        already drawn this stamp (after its own write) has nothing to redraw."""

    def __repr__(self) -> str:
        return f"DataChanged(stamp={self.stamp!r})"

    def copy(self) -> DataChanged:
        """A new message with the same stamp (a message is handled once)."""
        return DataChanged(self.stamp)

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DataChanged)


class DayChanged(Message, bubble=False):
    """The day rolled over (midnight, or the configured day-start hour)."""

    def __init__(self, previous: dt.date, today: dt.date) -> None:
        super().__init__()
        self.previous = previous
        self.today = today

    def __repr__(self) -> str:
        return f"DayChanged(previous={self.previous!r}, today={self.today!r})"

    def copy(self) -> DayChanged:
        """A new message with the same days (a message is handled once)."""
        return DayChanged(self.previous, self.today)

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DayChanged)
