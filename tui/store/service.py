"""The service layer: what the command line and the TUI both call.

Every write goes through the Peewee models in one short IMMEDIATE
transaction (:meth:`Database.write`); amount changes are SQL expressions (an
upsert with ``amount = amount + delta``), so two processes on the same file
never lose an update. Every value is checked by ``tui.core.rules`` first.
The hot reads (the day's rows, streak history, settings) come from the
read-only fast path, ``tui.store.fast``, so the app's first frame and
``secondheart status`` never import Peewee. Results are plain objects from
``tui.core.model``, never ORM rows.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from ..core import rules
from ..core.clock import Clock
from ..core.dates import MAX_AMOUNT
from ..core.model import DONE, Entry, Exercise, Status, is_met, progress_text
from ..core.rules import MAX_NAME, MAX_NOTE, SETTINGS, slugify
from . import fast, reminder_marks
from .database import Database, open_database, utc_stamp
from .errors import InvalidInput, LookupFailed

TYPE_CHECKING = False  # the streak engine is imported where it is used, off the status path
if TYPE_CHECKING:
    from pathlib import Path

    from peewee import Field

    from ..core.streaks import Habit, StreakStats
    from .models import Models

__all__ = ["MAX_NAME", "MAX_NOTE", "SETTINGS", "DayView", "Row", "Tracker", "slugify"]

UNDO_LEVELS = 50
STREAK_WINDOW = 120  # days read for a current streak before reading further back


# Named tuples and a plain class, not dataclasses: ``secondheart status`` and
# ``stats`` import this module on every call and must not pay about 16 ms for
# importing dataclasses (see tui.core.model). The annotations only document
# the fields.


class Row(namedtuple("Row", "exercise amount target skipped note status progress streak")):
    """One exercise as shown on one day."""

    __slots__ = ()

    exercise: Exercise
    amount: float
    target: float
    skipped: bool
    note: str | None
    status: Status
    progress: str
    streak: StreakStats | None

    @property
    def fraction(self) -> float:
        if self.skipped:
            return 1.0
        return min(1.0, self.amount / self.target) if self.target else 1.0


class DayView(namedtuple("DayView", "day today rows")):
    """One day as Today shows it: the scheduled rows and how far along they are."""

    __slots__ = ()

    day: dt.date
    today: dt.date
    rows: tuple[Row, ...]

    @property
    def counted(self) -> tuple[Row, ...]:
        """The rows that count for the day: exercises that existed by then."""
        return tuple(r for r in self.rows if r.status is not Status.NOT_STARTED)

    @property
    def done(self) -> int:
        return sum(1 for r in self.counted if r.status in DONE)

    @property
    def total(self) -> int:
        return len(self.counted)

    @property
    def fraction(self) -> float:
        counted = self.counted
        if not counted:
            return 0.0
        return sum(r.fraction for r in counted) / len(counted)


class _Change(namedtuple("_Change", "exercise_id day delta skipped note created label")):
    """One change to one entry, as undo reverses it: a delta, not a copy.

    Undo subtracts ``delta`` from whatever the amount is by then, so another
    pane's or the command line's change made in between is kept; the skip
    flag and the note go back only if nobody changed them since.
    """

    __slots__ = ()

    exercise_id: int
    day: dt.date
    delta: float
    skipped: tuple[bool, bool]  # before, after
    note: tuple[str | None, str | None]  # before, after
    created: bool  # the change created the row
    label: str


class _Deleted(namedtuple("_Deleted", "exercise entries sessions reminders label")):
    """An exercise deleted by this tracker, with everything that went with it: its
    row, entries, sessions and the reminders claimed today (so a restored exercise
    does not remind twice), and the words undo shows.

    Undo puts the rows back as they were, under the same id and uuid; nobody
    else can have changed them meanwhile, since they were gone.
    """

    __slots__ = ()


class History(namedtuple("History", "days sessions")):
    """How much history an exercise holds (``days``, ``sessions``): what deleting it
    would take away."""

    __slots__ = ()

    def words(self) -> str:
        """'12 days of history and 3 timer sessions', 'no history'."""
        parts = []
        if self.days:
            parts.append(f"{self.days:,} day{'' if self.days == 1 else 's'} of history")
        if self.sessions:
            parts.append(f"{self.sessions:,} timer session{'' if self.sessions == 1 else 's'}")
        return " and ".join(parts) or "no history"

    def question(self, name: str) -> str:
        """What to ask before deleting: how much history goes with the exercise."""
        if not (self.days or self.sessions):
            return f"Delete {name}? It has no history yet."
        return f"Delete {name} and its {self.words()}? Archiving would keep them."


def only_own_writes(
    read_at: tuple[int, int] | None, before: tuple[int, int], after: tuple[int, int]
) -> bool:
    """Whether what was read at stamp ``read_at`` is still current but for the one
    write this tracker made between ``before`` and ``after`` (change stamps):
    nobody else committed since the read, nor during the write."""
    return read_at is not None and before == read_at and after[0] == before[0]


def _no_entry(exercise: Exercise, day: dt.date) -> Entry:
    """What a day with nothing stored counts as: nothing done, today's target."""
    return Entry(day, 0.0, exercise.target, False, None)


def _as_stored(field: Field, value: object) -> object:
    """``value`` as ``field`` reads it back from SQLite (a float amount, a bool flag)."""
    return field.python_value(field.db_value(value))


class Tracker:
    """The one entry point to the data: open it on a path, call its methods."""

    def __init__(
        self,
        db: Database,
        clock: Clock | None = None,
        _undo: list[_Change | _Deleted] | None = None,
        _streaks: dict[int, tuple[tuple, StreakStats, Habit | None]] | None = None,
        _streaks_stamp: tuple[int, int] | None = None,
    ) -> None:
        self.db = db
        self.clock = Clock() if clock is None else clock
        self._undo = [] if _undo is None else _undo
        # Current streaks by exercise id, valid while _streaks_stamp is current.
        # exercise id -> (key, streak, the recent window it came from, or None for all history)
        self._streaks = {} if _streaks is None else _streaks
        self._dropped: tuple[int, tuple] | None = None  # see _entry_write
        self._streaks_stamp = _streaks_stamp

    def __repr__(self) -> str:
        return f"Tracker(db={self.db!r}, clock={self.clock!r})"

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        clock: Clock | None = None,
        migrations: str | os.PathLike[str] | None = None,
    ) -> Tracker:
        """Open (creating and migrating when needed) and seed the default routine."""
        tracker = cls(db=open_database(path, migrations), clock=clock or Clock())
        try:
            tracker._seed()
            tracker.clock.day_start_hour = tracker.day_start_hour()
        except BaseException:
            tracker.close()
            raise
        return tracker

    @property
    def file(self) -> str:
        """The database file, as text (the status command never imports pathlib)."""
        return self.db.path

    @property
    def path(self) -> Path:
        """The database file."""
        from pathlib import Path

        return Path(self.db.path)

    def close(self) -> None:
        self.db.close()

    def _seed(self) -> None:
        """Add the default routine to a database that has no exercises yet."""
        if fast.has_exercises(self.db):
            return
        from ..core.routine import DEFAULT_ROUTINE

        today = self.today()
        with self.db.write() as m:
            if m.Exercise.select().exists():
                return
            before = reminder_marks.keys(m)
            for position, item in enumerate(DEFAULT_ROUTINE):
                m.Exercise.create(
                    slug=item.slug,
                    name=item.name,
                    kind=item.kind,
                    target=item.target,
                    goal=item.goal,
                    step=item.step,
                    unit=item.unit,
                    schedule="daily",
                    position=position,
                    guide=item.summary,
                    created=today,
                )
            reminder_marks.mark_changed(m, before, today, self.clock.now())

    def has_active_session(self) -> bool:
        """Whether a timer session is running or paused (one cheap indexed read)."""
        return fast.has_active_session(self.db)

    def data_version(self) -> int:
        """Changes whenever another process commits to the file."""
        return self.db.data_version()

    def change_stamp(self) -> tuple[int, int]:
        """Changes when anyone commits, this process included."""
        return self.db.change_stamp()

    def today(self) -> dt.date:
        return self.clock.today()

    # ---------------------------------------------------------------- settings
    def setting(self, key: str) -> str:
        rules.setting_key(key)
        return self.settings()[key]

    def settings(self) -> dict[str, str]:
        stored = fast.settings(self.db)
        return {key: stored.get(key, item.default) for key, item in SETTINGS.items()}

    def set_setting(self, key: str, value: str) -> str:
        """Validate and store a setting; returns the stored text."""
        rules.setting_key(key)
        with self.db.write() as m:
            current = dict(m.Setting.select(m.Setting.key, m.Setting.value).tuples())
            clean = rules.setting(key, value, current)
            m.Setting.insert(key=key, value=clean).on_conflict(
                conflict_target=[m.Setting.key], update={m.Setting.value: clean}
            ).execute()
        if key == "day-start-hour":
            self.clock.day_start_hour = int(clean)
        return clean

    def day_start_hour(self) -> int:
        try:
            return int(self.setting("day-start-hour"))
        except ValueError:
            return 0

    # --------------------------------------------------------------- exercises
    def exercises(self, include_archived: bool = False) -> list[Exercise]:
        """The exercises in list order."""
        return fast.exercises(self.db, include_archived)

    def exercise(self, ref: str | int | Exercise) -> Exercise:
        """An exercise by id, slug, or an unambiguous prefix of a slug or name."""
        if isinstance(ref, Exercise):
            ref = ref.id
        everything = self.exercises(include_archived=True)
        if isinstance(ref, int):
            for item in everything:
                if item.id == ref:
                    return item
            raise LookupFailed(f"no exercise with id {ref}")
        text = ref.strip().lower()
        if not text:
            raise LookupFailed("name an exercise")
        for item in everything:
            if item.slug == text:
                return item
        active = [e for e in everything if not e.archived]
        for pool in (active, everything):
            hits = [
                e
                for e in pool
                if e.slug.startswith(text)
                or e.name.lower().startswith(text)
                or slugify(e.name).startswith(text)
            ]
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                names = ", ".join(e.slug for e in hits)
                raise LookupFailed(f"{ref!r} could mean {names}; type more of the name")
        from ..core.suggest import did_you_mean

        hint = did_you_mean(text, [e.slug for e in everything])
        known = ", ".join(e.slug for e in active)
        raise LookupFailed(f"unknown exercise {ref!r}; {hint or f'known: {known}'}")

    def add_exercise(
        self,
        name: str,
        kind: str = "check",
        target: float | None = None,
        goal: float | None = None,
        step: float | None = None,
        unit: str | None = None,
        schedule: str = "daily",
        guide: str = "",
        slug: str | None = None,
        remind: str | None = None,
    ) -> Exercise:
        """Add an exercise; ``remind`` is reminder times ('10:00, 15:30', 'none'; None: the
        default)."""
        fields = rules.exercise_fields(
            name=name,
            kind=kind,
            target=target,
            goal=goal,
            step=step,
            unit=unit,
            schedule=schedule,
            guide=guide,
            anchor=self.today(),
        )
        with rules.about("remind"):
            fields["remind"] = rules.reminder_times(remind, str(fields["kind"]))
        base = slugify(slug or str(fields["name"]))
        with self.db.write() as m:
            from peewee import fn

            before = reminder_marks.keys(m)
            X = m.Exercise
            others = list(X.select(X.name, X.slug, X.archived).tuples())
            rules.unique_name(str(fields["name"]), others, slug)
            taken = {slug for (_name, slug, _archived) in others}
            new_slug, counter = base, 2
            while new_slug in taken:
                new_slug, counter = f"{base}-{counter}", counter + 1
            highest = m.Exercise.select(fn.MAX(m.Exercise.position)).scalar()
            row = m.Exercise.create(
                slug=new_slug, position=(highest or 0) + 1, created=self.today(), **fields
            )
            reminder_marks.mark_changed(m, before, self.today(), self.clock.now())
        return self.exercise(row.id)

    def edit_exercise(self, ref: str | int, **changes: object) -> Exercise:
        """Change fields of an exercise; past entries keep their own targets."""
        current = self.exercise(ref)
        allowed = {"name", "kind", "target", "goal", "step", "unit", "schedule", "guide"}
        unknown = set(changes) - allowed - {"archived", "remind"}
        if unknown:
            raise InvalidInput(f"cannot change {', '.join(sorted(unknown))}")
        merged: dict[str, object] = {
            "name": current.name,
            "kind": current.kind,
            "target": current.target,
            "goal": current.goal,
            "step": current.step,
            "unit": current.unit,
            "schedule": current.schedule.text(),
            "guide": current.guide,
        }
        if "kind" in changes and changes["kind"] != current.kind and "unit" not in changes:
            merged["unit"] = None
        merged.update({k: v for k, v in changes.items() if k in allowed})
        fields = rules.exercise_fields(anchor=current.schedule.anchor or self.today(), **merged)  # type: ignore[arg-type]
        if "archived" in changes:
            fields["archived"] = bool(changes["archived"])
        if "remind" in changes:
            with rules.about("remind"):
                fields["remind"] = rules.reminder_times(changes["remind"], str(fields["kind"]))
        with self.db.write() as m:
            X = m.Exercise
            if fields["name"] != current.name:
                others = X.select(X.name, X.slug, X.archived).where(X.id != current.id).tuples()
                rules.unique_name(str(fields["name"]), list(others))
            before = reminder_marks.keys(m)
            X.update(**fields).where(X.id == current.id).execute()
            reminder_marks.mark_changed(m, before, self.today(), self.clock.now())
        return self.exercise(current.id)

    def archive_exercise(self, ref: str | int, archived: bool = True) -> Exercise:
        return self.edit_exercise(ref, archived=archived)

    def history(self, ref: str | int | Exercise) -> History:
        """The days with an entry and the timer sessions an exercise holds."""
        from .database import guard

        exercise = self.exercise(ref)
        m = self.db.models
        with guard(self.db.path):
            days = m.Entry.select().where(m.Entry.exercise == exercise.id).count()
            sessions = m.Session.select().where(m.Session.exercise == exercise.id).count()
        return History(days, sessions)

    def delete_exercise(self, ref: str | int | Exercise) -> Exercise:
        """Delete an exercise with its entries and sessions; :meth:`undo` brings them back.

        Archiving keeps the history; this removes it, so the app and the
        command line ask first.
        """
        exercise = self.exercise(ref)
        with self.db.write() as m:
            X, E, S = m.Exercise, m.Entry, m.Session
            row = X.select().where(X.id == exercise.id).dicts().first()
            if row is None:
                raise LookupFailed(f"no exercise with id {exercise.id}")
            entries = list(E.select().where(E.exercise == exercise.id).dicts())
            sessions = list(S.select().where(S.exercise == exercise.id).dicts())
            R = m.Reminder
            reminders = list(R.select().where(R.exercise == exercise.id).dicts())
            X.delete().where(X.id == exercise.id).execute()  # the rows above cascade
        self._undo.append(_Deleted(row, entries, sessions, reminders, f"deleted {exercise.name}"))
        del self._undo[:-UNDO_LEVELS]
        return exercise

    def _restore(self, deleted: _Deleted) -> str:
        """Put a deleted exercise back, with its id, uuid, entries and sessions."""
        row = deleted.exercise
        with self.db.write() as m:
            X = m.Exercise
            clash = (X.id == row["id"]) | (X.slug == row["slug"]) | (X.uuid == row["uuid"])
            others = list(X.select(X.name, X.slug, X.archived).tuples())
            if X.select().where(clash).exists():
                others.append((row["name"], row["slug"], False))
            try:
                rules.unique_name(row["name"], others)
            except InvalidInput:
                raise InvalidInput(
                    f"cannot bring {row['name']!r} back: another exercise now has its name "
                    "or slug; rename that one first"
                ) from None
            X.insert(**row).execute()
            for rows, model in (
                (deleted.entries, m.Entry),
                (deleted.sessions, m.Session),
                (deleted.reminders, m.Reminder),
            ):
                for start in range(0, len(rows), 100):
                    model.insert_many(rows[start : start + 100]).execute()
        return deleted.label

    def move_exercise(self, ref: str | int | Exercise, delta: int) -> bool:
        """Move an exercise up (-1) or down (+1) the routine; False at either end."""
        current = self.exercise(ref)
        with self.db.write() as m:
            ids = [
                ex_id
                for (ex_id,) in m.Exercise.select(m.Exercise.id)
                .where(m.Exercise.archived == False)  # noqa: E712 - a Peewee expression
                .order_by(m.Exercise.position, m.Exercise.id)
                .tuples()
            ]
            if current.id not in ids:
                return False
            index = ids.index(current.id)
            other = index + delta
            if not 0 <= other < len(ids):
                return False
            ids[index], ids[other] = ids[other], ids[index]
            for position, ex_id in enumerate(ids):
                m.Exercise.update(position=position).where(m.Exercise.id == ex_id).execute()
        return True

    # ------------------------------------------------------------------- days
    def entries(
        self, exercise: Exercise, since: dt.date | None = None, until: dt.date | None = None
    ) -> dict[dt.date, Entry]:
        """One exercise's entries (the fast path: every streak reads them)."""
        return fast.history(self.db, exercise.id, since, until)

    def habit(self, exercise: Exercise, since: dt.date | None = None) -> Habit:
        """Everything the streak engine needs about one exercise."""
        return self._habit_of(exercise, self.entries(exercise, since=since), since)

    @staticmethod
    def _habit_of(
        exercise: Exercise, entries: Mapping[dt.date, Entry], since: dt.date | None
    ) -> Habit:
        """A Habit of ``entries``, which are all the exercise's entries since ``since``."""
        from ..core.streaks import Habit, first_day

        start = first_day(exercise.created, entries)
        if since is not None:
            start = max(start, since)
        return Habit(
            schedule=exercise.schedule, entries=entries, start=start, target=exercise.target
        )

    def current_streak(self, exercise: Exercise, today: dt.date | None = None) -> StreakStats:
        """The current streak, reading only recent history unless it runs further back.

        Cached per exercise until the data changes (``PRAGMA data_version`` for
        other processes, ``total_changes`` for this one); our own entry writes
        forget only the exercise they touched (see :meth:`_entry_write`).
        """

        today = today or self.today()
        stamp = self.change_stamp()
        if stamp != self._streaks_stamp:
            self._streaks.clear()
            self._streaks_stamp = stamp
        key = self._streak_key(exercise, today)
        cached = self._streaks.get(exercise.id)
        if cached is not None and cached[0] == key:
            return cached[1]
        since = today - dt.timedelta(days=STREAK_WINDOW)
        return self._streak_of(exercise, key, self.habit(exercise, since=since))

    @staticmethod
    def _streak_key(exercise: Exercise, today: dt.date) -> tuple:
        """What a cached streak depends on besides the entries."""
        return (today, exercise.created, exercise.target, exercise.schedule.text())

    def _streak_of(self, exercise: Exercise, key: tuple, recent: Habit) -> StreakStats:
        """The streak from the recent window's habit (or from all history when it
        runs back that far), cached under ``key`` with that window."""
        from ..core.streaks import streaks

        today = key[0]
        stats = streaks(recent, today)
        span = STREAK_WINDOW + 1  # days the recent window holds
        window: Habit | None = recent
        if stats.current * (7 if stats.unit == "weeks" else 1) >= span - 14:
            stats = streaks(self.habit(exercise), today)
            window = None
        self._streaks[exercise.id] = (key, stats, window)
        return stats

    def _streak_after_write(self, exercise: Exercise, entry: Entry) -> None:
        """Bring the streak just dropped by :meth:`_entry_write` up to date with the
        one entry this tracker wrote, without reading the window again (about
        0.5 ms of a tick on Today). Anything else leaves it dropped."""
        dropped, self._dropped = self._dropped, None
        if dropped is None or dropped[0] != exercise.id:
            return
        key, _, recent = dropped[1]
        today = self.today()
        since = today - dt.timedelta(days=STREAK_WINDOW)
        if recent is None or entry.day < since or key != self._streak_key(exercise, today):
            return
        entries = recent.history.with_entry(entry)
        self._streak_of(exercise, key, self._habit_of(exercise, entries, since))

    def day_view(self, day: dt.date | None = None, with_streaks: bool = True) -> DayView:
        """The day's scheduled exercises with progress, status and (optionally) streaks."""
        today = self.today()
        day = day or today
        exercises = self.exercises()
        entries = fast.day_entries(self.db, day, [exercise.id for exercise in exercises])
        rows = []
        for exercise in exercises:
            found = entries.get(exercise.id)
            if found is None and not exercise.schedule.is_scheduled(day):
                continue
            rows.append(self._row(exercise, found or _no_entry(exercise, day), today, with_streaks))
        return DayView(day=day, today=today, rows=tuple(rows))

    def with_entry(self, view: DayView, exercise: Exercise, entry: Entry) -> DayView:
        """``view`` with one exercise's row made again from ``entry``, which was just
        written (what a write method returns); the other rows stay as they are.

        Only for a view that nobody else has written to since it was read: the
        caller checks :meth:`change_stamp`. A tick costs one row this way
        instead of the whole day (about 2 ms of a key's 17 here).
        """
        today = self.today()
        rows = tuple(
            self._row(exercise, entry, today) if row.exercise.id == exercise.id else row
            for row in view.rows
        )
        return DayView(day=view.day, today=today, rows=rows)

    def _row(
        self, exercise: Exercise, entry: Entry, today: dt.date, with_streak: bool = True
    ) -> Row:
        """One exercise on ``entry``'s day."""
        from ..core.streaks import Habit, day_status, first_day

        day = entry.day
        known: Mapping[dt.date, Entry] = {day: entry}
        if day < exercise.created:
            # A check-in backdated before the exercise was created moves its start
            # back for every later day too, as the streaks and stats count it: the
            # entries before the creation day decide (only a day before it reads them).
            before = self.entries(exercise, until=exercise.created - dt.timedelta(days=1))
            known = {**before, day: entry}
        habit = Habit(
            schedule=exercise.schedule,
            entries={day: entry},
            start=first_day(exercise.created, known),
            target=exercise.target,
        )
        return Row(
            exercise=exercise,
            amount=entry.amount,
            target=entry.target,
            skipped=entry.skipped,
            note=entry.note,
            status=day_status(habit, day, today),
            progress=progress_text(exercise, entry.amount, entry.target),
            streak=self.current_streak(exercise, today) if with_streak else None,
        )

    # ----------------------------------------------------------------- writes
    @contextmanager
    def _entry_write(self, exercise_id: int) -> Iterator[Models]:
        """One short IMMEDIATE transaction on one exercise's entries.

        Afterwards only that exercise's cached streak is dropped, provided the
        cache was current before and nobody else committed meanwhile; otherwise
        the changed stamp clears the whole cache on the next read.
        """
        before = self.change_stamp()
        with self.db.write() as m:
            yield m
        self._dropped = None
        after = self.change_stamp()
        if only_own_writes(self._streaks_stamp, before, after):
            cached = self._streaks.pop(exercise_id, None)
            self._streaks_stamp = after
            if cached is not None:
                self._dropped = (exercise_id, cached)  # for _streak_after_write

    def _stored(self, exercise_id: int, day: dt.date) -> Entry | None:
        """The stored entry, or None: read inside the write's transaction, on its connection.

        The same read as Today's first frame (:func:`fast.day_entries`, with its
        twin test against the models): building the statement through Peewee
        cost about 0.5 ms of every tick here, running it 0.02 ms.
        """
        return fast.day_entries(self.db, day, [exercise_id]).get(exercise_id)

    def _change(
        self,
        ref: str | int | Exercise,
        day: dt.date,
        apply: Callable[[Models, Exercise, Entry | None], tuple[str, Entry | None]],
    ) -> Entry:
        """Run one entry change in a write transaction and remember it for undo.

        ``apply`` makes the change through the models, given what is stored,
        and returns the words undo will show for it and the entry as written
        (what :meth:`_upsert` returns; None when it wrote nothing).
        """
        exercise = ref if isinstance(ref, Exercise) else self.exercise(ref)
        rules.check_in_day(day, self.today())
        with self._entry_write(exercise.id) as m:
            before = self._stored(exercise.id, day)
            label, after = apply(m, exercise, before)
        after = after or before or _no_entry(exercise, day)
        self._streak_after_write(exercise, after)
        self._remember(exercise, day, before, after, label)
        return after

    def _remember(
        self, exercise: Exercise, day: dt.date, before: Entry | None, after: Entry, label: str
    ) -> None:
        """Keep what a change did, as a delta, unless it changed nothing."""
        was = before or _no_entry(exercise, day)
        change = _Change(
            exercise_id=exercise.id,
            day=day,
            delta=after.amount - was.amount,
            skipped=(was.skipped, after.skipped),
            note=(was.note, after.note),
            created=before is None,
            label=label,
        )
        if not change.delta and was.skipped == after.skipped and was.note == after.note:
            return  # a key that changed nothing is not an undo step
        self._undo.append(change)
        del self._undo[:-UNDO_LEVELS]

    def _upsert(
        self,
        m: Models,
        exercise: Exercise,
        day: dt.date,
        before: Entry | None,
        **values: object,
    ) -> Entry:
        """Insert the day's entry, or change only the named columns of the stored one;
        returns the entry as stored afterwards.

        ``before`` is the stored entry as read under this write's lock (None:
        no row yet). Values may be Peewee expressions on the stored row
        (``amount + 1``); a new row takes ``insert`` values for those (see
        :meth:`step`).

        A stored row gets an UPDATE of the named columns: Peewee builds it in
        about 0.2 ms against 0.55 ms for the INSERT ... ON CONFLICT, which a
        tick here paid every time. Plain values need nothing read back (the
        row is ``before`` with them, each through its field as SQLite keeps
        it); expressions come back from the same statement (RETURNING, SQLite
        3.35 and later).
        """
        from peewee import EXCLUDED, Node

        Entry_ = m.Entry
        insert = values.pop("insert", {})
        update = {getattr(Entry_, key): value for key, value in values.items()}
        if before is not None:
            update[Entry_.updated] = utc_stamp()
            query = Entry_.update(update).where(
                (Entry_.exercise == exercise.id) & (Entry_.day == day)
            )
            if not any(isinstance(value, Node) for value in values.values()):
                query.execute()
                return before._replace(
                    **{
                        key: _as_stored(getattr(Entry_, key), value)
                        for key, value in values.items()
                    }
                )
        else:
            row: dict[str, object] = {
                "exercise": exercise.id,
                "day": day,
                "amount": 0.0,
                "target": exercise.target,
                "skipped": False,
                "note": None,
                "updated": utc_stamp(),
            }
            row.update({k: v for k, v in values.items() if k not in insert})
            row.update(insert)  # type: ignore[arg-type]
            update[Entry_.updated] = EXCLUDED.updated
            query = Entry_.insert(**row).on_conflict(
                conflict_target=[Entry_.exercise, Entry_.day], update=update
            )
        if sqlite3.sqlite_version_info < (3, 35, 0):
            query.execute()
            return self._stored(exercise.id, day) or _no_entry(exercise, day)
        returned = query.returning(Entry_.amount, Entry_.target, Entry_.skipped, Entry_.note)
        amount, target, skipped, note = next(iter(returned.tuples().execute()))
        return Entry(day, amount, target, bool(skipped), note)

    def step(self, ref: str | int | Exercise, day: dt.date, delta: float) -> Entry:
        """Add ``delta`` (may be negative) to the day's amount, in SQL; never below 0."""
        from peewee import fn

        delta = rules.change(delta)

        def apply(m: Models, exercise: Exercise, before: Entry | None) -> tuple[str, Entry]:
            rules.whole("the amount", abs(delta), exercise.kind)
            amount = m.Entry.amount
            after = self._upsert(
                m,
                exercise,
                day,
                before,
                amount=fn.MIN(MAX_AMOUNT, fn.MAX(0.0, amount + delta)),
                skipped=False,
                insert={"amount": max(0.0, min(MAX_AMOUNT, delta))},
            )
            return f"{exercise.name} {delta:+g}", after

        return self._change(ref, day, apply)

    def set_amount(self, ref: str | int | Exercise, day: dt.date, amount: float) -> Entry:
        """Set the day's amount exactly."""
        value = rules.amount(amount)

        def apply(m: Models, exercise: Exercise, before: Entry | None) -> tuple[str, Entry]:
            rules.whole("the amount", value, exercise.kind)
            after = self._upsert(m, exercise, day, before, amount=value, skipped=False)
            return f"{exercise.name} = {value:g}", after

        return self._change(ref, day, apply)

    def toggle_done(self, ref: str | int | Exercise, day: dt.date) -> Entry:
        """Met -> 0; anything else -> the target."""

        def apply(m: Models, exercise: Exercise, before: Entry | None) -> tuple[str, Entry]:
            current = before or _no_entry(exercise, day)
            done = is_met(current.amount, current.target)
            amount = 0.0 if done else current.target
            after = self._upsert(m, exercise, day, before, amount=amount, skipped=False)
            return f"{exercise.name} {'undone' if done else 'done'}", after

        return self._change(ref, day, apply)

    def mark_done(self, ref: str | int | Exercise, day: dt.date) -> Entry:
        """Raise the amount to the day's target (``check EXERCISE`` without an amount)."""
        from peewee import fn

        def apply(m: Models, exercise: Exercise, before: Entry | None) -> tuple[str, Entry]:
            stored = m.Entry
            after = self._upsert(
                m,
                exercise,
                day,
                before,
                amount=fn.MAX(stored.amount, stored.target),
                skipped=False,
                insert={"amount": exercise.target},
            )
            return f"{exercise.name} done", after

        return self._change(ref, day, apply)

    def skip(self, ref: str | int | Exercise, day: dt.date, on: bool | None = None) -> Entry:
        """Mark the day as a rest day (``on=None`` toggles)."""

        def apply(m: Models, exercise: Exercise, before: Entry | None) -> tuple[str, Entry]:
            current = before or _no_entry(exercise, day)
            value = (not current.skipped) if on is None else on
            after = self._upsert(m, exercise, day, before, skipped=value)
            return f"{exercise.name} {'skipped' if value else 'unskipped'}", after

        return self._change(ref, day, apply)

    def set_note(self, ref: str | int | Exercise, day: dt.date, note: str | None) -> Entry:
        return self.replace_note(ref, day, note)[0]

    def replace_note(
        self, ref: str | int | Exercise, day: dt.date, note: str | None
    ) -> tuple[Entry, str | None]:
        """Set the day's note (empty text takes it away); also returns the note it replaced."""
        text = rules.note(note)
        was: list[str | None] = [None]

        def apply(m: Models, exercise: Exercise, before: Entry | None) -> tuple[str, Entry]:
            was[0] = before.note if before else None
            return f"note on {exercise.name}", self._upsert(m, exercise, day, before, note=text)

        return self._change(ref, day, apply), was[0]

    def add_note(
        self, ref: str | int | Exercise, day: dt.date, text: str
    ) -> tuple[Entry, str | None]:
        """Add ``text`` to the day's note on a line of its own (see :func:`rules.note_added`).

        Read and written in one transaction, so a note written meanwhile in
        another pane is kept too. Returns the entry and the note as it was
        before (``None`` when there was none).
        """
        rules.note(text)
        was: list[str | None] = [None]

        def apply(m: Models, exercise: Exercise, before: Entry | None) -> tuple[str, Entry | None]:
            was[0] = before.note if before else None
            combined = rules.note_added(was[0], text)
            if combined == was[0]:
                return f"note on {exercise.name}", None  # nothing to add: nothing written
            return f"note on {exercise.name}", self._upsert(m, exercise, day, before, note=combined)

        return self._change(ref, day, apply), was[0]

    def undo(self) -> str | None:
        """Reverse this tracker's last change as a delta; returns what was undone.

        The amount goes back by what the change added, whatever it is now;
        the skip flag and the note go back only if nobody changed them since;
        a row the change created goes again once it is empty.
        """
        if not self._undo:
            return None
        change = self._undo.pop()
        if isinstance(change, _Deleted):
            try:
                return self._restore(change)
            except InvalidInput:
                self._undo.append(change)  # kept: rename the other one, then undo again
                raise
        from peewee import fn

        with self._entry_write(change.exercise_id) as m:
            Entry_ = m.Entry
            where = (Entry_.exercise == change.exercise_id) & (Entry_.day == change.day)
            now = self._stored(change.exercise_id, change.day)
            if now is None:
                return change.label  # deleted meanwhile (an import, another pane): nothing to undo
            values: dict = {Entry_.updated: utc_stamp()}
            if change.delta:
                values[Entry_.amount] = fn.MIN(
                    MAX_AMOUNT, fn.MAX(0.0, Entry_.amount - change.delta)
                )
            if now.skipped == change.skipped[1]:
                values[Entry_.skipped] = change.skipped[0]
            if now.note == change.note[1]:
                values[Entry_.note] = change.note[0]
            Entry_.update(values).where(where).execute()
            if change.created:
                Entry_.delete().where(
                    where
                    & (Entry_.amount == 0)
                    & (Entry_.skipped == False)  # noqa: E712 - a Peewee expression
                    & Entry_.note.is_null()
                ).execute()
        return change.label
