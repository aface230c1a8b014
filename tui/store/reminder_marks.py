"""When an exercise's reminders are set: the ``set`` rows of the ``reminder`` table.

Every write that adds exercises or may change what they remind at (adding
one, the default routine of a new database, editing, archiving, importing)
takes :func:`keys` before its changes and calls :func:`mark_changed` after
them, inside the same transaction. Each exercise whose reminders changed
starts its day afresh: its rows for the day (fired, snoozed, dismissed) go,
and one ``set`` row says when, so times up to then are not due (the rule is
``tui.core.reminders``). No column is needed: the row lives with the day's
other reminder rows and is gone from view the next day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ..core.reminders import SET, hm, reminds_key
from .database import utc_stamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .models import Models


def keys(m: Models) -> dict[int, str]:
    """What each exercise reminds at (``reminds_key``), by id."""
    X = m.Exercise
    rows = X.select(X.id, X.kind, X.remind, X.archived, X.schedule).tuples()
    return {
        ex_id: reminds_key(kind, remind, bool(archived), schedule)
        for ex_id, kind, remind, archived, schedule in rows
    }


def mark_changed(m: Models, before: Mapping[int, str], day: dt.date, now: dt.datetime) -> None:
    """Start the day's reminders afresh, from ``now``, for every exercise whose
    reminders differ from ``before`` (new exercises that remind included)."""
    changed = [ex_id for ex_id, key in keys(m).items() if key != before.get(ex_id, "")]
    if not changed:
        return
    R = m.Reminder
    R.delete().where(R.exercise.in_(changed) & (R.day == day)).execute()
    rows = [
        {"exercise": ex_id, "day": day, "time": hm(now), "state": SET, "at": utc_stamp()}
        for ex_id in changed
    ]
    for start in range(0, len(rows), 150):
        R.insert_many(rows[start : start + 150]).execute()
