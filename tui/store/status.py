"""The one-line summary for a tmux status bar or a shell prompt.

Runs every few seconds, so it reads only today's rows and imports nothing
heavy.
"""

from __future__ import annotations

from ..core.model import Status
from .errors import InvalidInput
from .service import Tracker

DEFAULT_FORMAT = "♥ {done}/{total}{timer}"
FIELDS = ("done", "total", "percent", "left", "next", "timer")


def status_fields(tracker: Tracker) -> dict[str, str]:
    view = tracker.day_view(with_streaks=False)
    finished = (Status.MET, Status.SKIPPED)
    pending = [r.exercise.name for r in view.rows if r.status not in finished]
    running = ""
    if tracker.has_active_session():
        from .timers import summary

        running = summary(tracker)
    timer = f" · {running}" if running else ""
    done, total = view.done, view.total
    return {
        "done": str(done),
        "total": str(total),
        "percent": f"{round(100 * done / total) if total else 100}%",
        "left": str(total - done),
        "next": pending[0] if pending else "all done",
        "timer": timer,
    }


def status_line(tracker: Tracker, template: str | None = None) -> str:
    """Fill the template; unknown fields are a clear error."""
    fields = status_fields(tracker)
    try:
        return (template or DEFAULT_FORMAT).format(**fields)
    except (KeyError, IndexError, ValueError) as exc:
        raise InvalidInput(
            f"bad --format template ({exc}); fields: {', '.join('{' + f + '}' for f in FIELDS)}"
        ) from None
