"""One object that notices when the data or the day changes, and says so.

Modelled on Toolong's watcher: the app asks it to look (every poll, and
right after a write made outside a screen); it compares the tracker's change
stamp and today's date with what it saw last, and posts
:class:`~tui.messages.DayChanged` and :class:`~tui.messages.DataChanged` to
its target. Nobody reports writes to it: ``Tracker.change_stamp()`` moves for
this process's commits as well as for other processes'.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .messages import DataChanged, DayChanged

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from .store.service import Tracker


class Watcher:
    """Posts a message to ``target`` when ``tracker``'s data or day changes."""

    def __init__(self, tracker: Tracker, target: MessagePump) -> None:
        self.tracker = tracker
        self.target = target
        self.stamp = tracker.change_stamp()
        self.today = tracker.today()
        self.identity = _identity(tracker.file)  # (device, inode) of the file we opened

    def file_problem(self) -> str | None:
        """Why the open file is no longer the one at its path (deleted, replaced), or None.

        A file deleted or replaced under the app would take every later write
        to a file nobody can see; the app stops writing and says so.
        """
        path = self.tracker.file
        now = _identity(path)
        if now == self.identity:
            return None
        if now is None:
            return (
                f"{path} was moved or deleted while the app was open; "
                "nothing more will be written to it (restart to use the file at that path)"
            )
        return (
            f"{path} was replaced by another file while the app was open; "
            "nothing more will be written to the old one (restart to use the new file)"
        )

    def check(self) -> None:
        """Look once; may raise ``SecondHeartError`` if the file cannot be read."""
        stamp = self.tracker.change_stamp()
        today = self.tracker.today()
        if today != self.today:
            previous, self.today = self.today, today
            self.target.post_message(DayChanged(previous, today))
        if stamp != self.stamp:
            self.stamp = stamp
            self.target.post_message(DataChanged(stamp))


def _identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino
