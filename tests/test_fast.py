"""The read-only fast path against its model twins, on a generated history.

Every raw SELECT in ``tui.store.fast`` must give the same answer as the same
question asked through the Peewee models.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tui.core.model import Entry
from tui.store import fast, timers
from tui.store.demo import fill_demo

TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def history(tracker):
    tracker.add_exercise("Wall sit", kind="minutes", target=3, schedule="mon,wed,fri")
    fill_demo(tracker, days=200, seed=11)
    tracker.archive_exercise("bridge")
    tracker.set_setting("waking-start", "07:30")
    return tracker


def _model_exercise_ids(tracker, include_archived):
    X = tracker.db.models.Exercise
    query = X.select(X.id).order_by(X.position, X.id)
    if not include_archived:
        query = query.where(X.archived == False)  # noqa: E712
    return [ex_id for (ex_id,) in query.tuples()]


@pytest.mark.parametrize("include_archived", [False, True])
def test_exercises_match_the_models(history, include_archived):
    X = history.db.models.Exercise
    got = fast.exercises(history.db, include_archived)
    assert [e.id for e in got] == _model_exercise_ids(history, include_archived)
    for exercise in got:
        row = X.get_by_id(exercise.id)
        assert (exercise.slug, exercise.name, exercise.kind, exercise.target) == (
            row.slug,
            row.name,
            row.kind,
            row.target,
        )
        assert (exercise.goal, exercise.step, exercise.unit, exercise.position) == (
            row.goal,
            row.step,
            row.unit,
            row.position,
        )
        assert exercise.schedule.text() == row.schedule
        assert (exercise.archived, exercise.guide, exercise.created, exercise.uuid) == (
            row.archived,
            row.guide,
            row.created,
            row.uuid,
        )
        assert len(exercise.uuid) == 32
    assert fast.has_exercises(history.db) is X.select().exists()


def _model_entries(tracker, exercise_id, since=None, until=None):
    E = tracker.db.models.Entry
    query = E.select().where(E.exercise == exercise_id)
    if since:
        query = query.where(E.day >= since)
    if until:
        query = query.where(E.day <= until)
    return {row.day: Entry(row.day, row.amount, row.target, row.skipped, row.note) for row in query}


def test_history_and_day_entries_match_the_models(history):
    ids = [e.id for e in history.exercises(include_archived=True)]
    for exercise_id in ids:
        assert fast.history(history.db, exercise_id) == _model_entries(history, exercise_id)
        since, until = TODAY - dt.timedelta(days=40), TODAY - dt.timedelta(days=10)
        assert fast.history(history.db, exercise_id, since, until) == _model_entries(
            history, exercise_id, since, until
        )
        groups = fast.history_groups(history.db, exercise_id)
        model = _model_entries(history, exercise_id)
        assert {
            dt.date.fromordinal(d): (a, t, bool(s)) for a, t, s, days in groups for d in days
        } == {day: (e.amount, e.target, e.skipped) for day, e in model.items()}
        assert sum(len(days) for *_, days in groups) == len(model)  # each day once
        assert len({(a, t, s) for a, t, s, _ in groups}) == len(groups)  # one group per value
    for back in (1, 7, 150):
        day = TODAY - dt.timedelta(days=back)
        expected = {}
        for exercise_id in ids:
            found = _model_entries(history, exercise_id, day, day)
            if found:
                expected[exercise_id] = found[day]
        assert fast.day_entries(history.db, day, ids) == expected


def test_settings_match_the_models(history):
    S = history.db.models.Setting
    assert fast.settings(history.db) == dict(S.select(S.key, S.value).tuples())


def test_active_session_matches_the_models(history, clock):
    def model_active():
        S, X = history.db.models.Session, history.db.models.Exercise
        row = (
            S.select(S.id, S.status, S.planned_seconds, X.name, X.kind)
            .join(X)
            .where(S.status.in_(("running", "paused")))
            .tuples()
            .first()
        )
        return row

    assert fast.active_session(history.db) is None and model_active() is None
    assert fast.has_active_session(history.db) is False
    timers.start(history)
    clock.advance(minutes=2)
    timers.pause(history)
    session, name, kind = fast.active_session(history.db)
    assert (session.id, session.status, session.planned_seconds, name, kind) == model_active()
    assert session.paused_at is not None
    assert fast.has_active_session(history.db) is True


def test_counts_match_the_models(history, clock):
    timers.start(history)
    m = history.db.models
    assert fast.counts(history.file) == {
        "exercise": m.Exercise.select().count(),
        "entry": m.Entry.select().count(),
        "session": m.Session.select().count(),
    }
    assert fast.damage(history.file) is None and fast.damage(history.file, full=True) is None


def test_reminder_rows_match_the_models(history, clock):
    from tui.core.reminders import Claim
    from tui.store import reminders

    now = clock.now()
    clock.set(now.replace(hour=7))  # set before 09:00: both times count today
    history.edit_exercise("ankle-pumps", remind="09:00, 09:30")
    clock.set(now)
    reminders.deliver_due(history)
    ankle = history.exercise("ankle-pumps")
    reminders.snooze(history, ankle.id)
    reminders.dismiss(history, history.exercise("walk").id)
    reminders.claim_break(history, clock.now(), 60)
    R = history.db.models.Reminder
    model = [
        Claim(row.exercise_id, row.time, row.state)
        for row in R.select().where(R.day == TODAY).order_by(R.time, R.id)
    ]
    assert fast.reminders(history.db, TODAY) == model
    assert {c.state for c in model} == {"fired", "snoozed", "dismissed", "break", "set"}
    assert fast.reminders(history.db, TODAY - dt.timedelta(days=1)) == []


def test_last_session_end_matches_the_models(history, clock):
    elevation = history.exercise("leg-elevation")
    S = history.db.models.Session

    def model_end():
        ends = [
            timers.engine.stored_instant(row.ended)
            for row in S.select().where(
                (S.exercise == elevation.id) & (S.day == TODAY) & (S.status == "completed")
            )
        ]
        return max(ends, default=None)

    assert fast.last_session_end(history.db, elevation.id, TODAY) == model_end()
    for _ in range(2):
        timers.start(history)
        clock.advance(minutes=20)
        timers.settle_due(history)
    found = fast.last_session_end(history.db, elevation.id, TODAY)
    assert found is not None and found == model_end()


def test_exercise_slugs_match_the_models(history, tmp_path):
    X = history.db.models.Exercise
    query = X.select(X.slug).order_by(X.archived, X.position, X.id)
    assert fast.exercise_slugs(history.file) == [slug for (slug,) in query.tuples()]
    assert fast.exercise_slugs(history.file)[-1] == "bridge"  # archived: last
    missing = tmp_path / "none.db"
    assert fast.exercise_slugs(str(missing)) == [] and not missing.exists()
    junk = tmp_path / "junk.db"
    junk.write_text("not a database\n" * 40)
    assert fast.exercise_slugs(str(junk)) == []
