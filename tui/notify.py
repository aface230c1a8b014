"""Desktop notifications where the system offers them; never an error when it does not.

notify-send on Linux and the BSDs, osascript on macOS. The notifier runs in
its own process, detached, so neither the app nor ``secondheart remind``
waits for it. No Textual here: the command line uses it too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

# The title and the text go in as arguments, never spliced into the script.
_OSASCRIPT = (
    "-e",
    "on run argv",
    "-e",
    "display notification (item 2 of argv) with title (item 1 of argv)",
    "-e",
    "end run",
)


def _command(title: str, message: str) -> list[str] | None:
    if sys.platform == "darwin":
        program = shutil.which("osascript")
        return [program, *_OSASCRIPT, title, message] if program else None
    program = shutil.which("notify-send")
    return [program, title, message] if program else None


def desktop_notify(title: str, message: str) -> bool:
    """Send a desktop notification if a notifier is installed; never raises.

    Returns whether a notifier was started (not whether it showed anything:
    without a display or D-Bus it fails on its own, quietly).
    """
    try:
        command = _command(title, message)
        if command is None:
            return False
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except Exception:  # no display, no D-Bus, a broken install: the other channels are enough
        return False
    return True
