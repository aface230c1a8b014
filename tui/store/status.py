"""The one-line summary for a tmux status bar or a shell prompt.

Runs every few seconds, timer running or not, so it reads through the fast
path only (``tui.store.fast``) and never imports Peewee.
"""

from __future__ import annotations

from string import Formatter

from ..core.model import DONE
from .errors import InvalidInput
from .service import Tracker

DEFAULT_FORMAT = "♥ {done}/{total}{due}{timer}"
DUE_MARK = "⏰"
# The fields of ``--format`` and what each means: the one list the template check,
# the line itself and ``secondheart status --help`` all read.
FIELDS: dict[str, str] = {
    "done": "exercises met or skipped (a rest day) today",
    "total": "exercises due today",
    "percent": "done as a share of total, a bare whole number (100 when none are due)",
    "left": "exercises still to do today (total - done)",
    "next": "the name of the first exercise still to do, or 'all done'",
    "timer": "' · ⏱ 8:12' while a session runs (⏸ when paused), else nothing",
    "due": "' · ⏰ Ankle pumps' while a reminder waits (' +1' when more do), else nothing",
}
MAX_TEMPLATE = 200


def fields_help() -> str:
    """The fields of ``--format`` as ``status --help`` lists them, one a line."""
    width = max(len(name) for name in FIELDS) + 2
    lines = [f"  {{{name}}}".ljust(width + 4) + meaning for name, meaning in FIELDS.items()]
    return "fields of --format:\n" + "\n".join(lines)


def check_template(template: str) -> str:
    """A template using only the documented fields, as plain ``{name}``s."""
    known = ", ".join("{" + f + "}" for f in FIELDS)
    if len(template) > MAX_TEMPLATE:
        raise InvalidInput(f"the --format template can be at most {MAX_TEMPLATE} characters")
    try:
        parts = list(Formatter().parse(template))
    except ValueError as exc:
        raise InvalidInput(f"bad --format template ({exc}); fields: {known}") from None
    for _text, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in FIELDS or spec or conversion:
            shown = (
                "{"
                + name
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
            raise InvalidInput(f"unknown field {shown} in --format; fields: {known}")
    return template


def due_text(count: int, first: str) -> str:
    """' · ⏰ Ankle pumps' (and ' +2' when more are due); '' when nothing is."""
    if not count:
        return ""
    more = f" +{count - 1}" if count > 1 else ""
    return f" · {DUE_MARK} {first}{more}"


def status_fields(tracker: Tracker) -> dict[str, str]:
    from .reminders import due_mark

    view = tracker.day_view(with_streaks=False)
    pending = [r.exercise.name for r in view.counted if r.status not in DONE]
    running = ""
    if tracker.has_active_session():  # one indexed read; the timer code only when needed
        from .timers import summary

        running = summary(tracker)
    done, total = view.done, view.total
    values = {
        "done": str(done),
        "total": str(total),
        "percent": str(round(100 * done / total) if total else 100),
        "left": str(total - done),
        "next": pending[0] if pending else "all done",
        "timer": f" · {running}" if running else "",
        "due": due_text(*due_mark(tracker, view)),
    }
    return {name: values[name] for name in FIELDS}  # a field listed but not filled fails here


def status_line(tracker: Tracker, template: str | None = None) -> str:
    """Fill the template; unknown fields are a clear error."""
    return check_template(template or DEFAULT_FORMAT).format(**status_fields(tracker))
