"""The service layer: what the command line and the TUI both call.

Every write is one short ``BEGIN IMMEDIATE`` transaction; amount changes are
applied in SQL (an upsert with ``amount = amount + ?``), so two processes on
the same file never lose an update. Results are plain objects from
``tui.core.model``, never ORM rows.

Reads and the day-to-day writes (ticks, steps, skips, notes, undo, settings)
are SQL on :mod:`tui.store.database`'s connection, so the app's first frame
and ``secondheart status`` never import Peewee; the rarer writes (exercises,
the first-run routine) use the Peewee models on the same connection.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..core import schedule as schedules
from ..core.clock import Clock
from ..core.dates import MAX_AMOUNT, parse_amount
from ..core.model import (
    DEFAULT_UNITS,
    KINDS,
    Entry,
    Exercise,
    Status,
    progress_text,
)
from . import database
from .errors import InvalidInput, LookupFailed

TYPE_CHECKING = False  # the streak engine is imported where it is used, off the status path
if TYPE_CHECKING:
    from pathlib import Path

    from ..core.streaks import Habit, StreakStats

UNDO_LEVELS = 50
STREAK_WINDOW = 120  # days read for a current streak before reading further back
MAX_NOTE = 2000
MAX_NAME = 60

SETTINGS: dict[str, tuple[str, str]] = {
    # key: (default, description)
    "day-start-hour": ("0", "hour (0-23) at which a new day starts"),
    "theme": ("second-heart-dark", "colour theme"),
    "elevation-minutes": ("15", "length of a leg-elevation session in minutes"),
    "waking-start": ("08:00", "start of the waking window for suggested sessions"),
    "waking-end": ("21:00", "end of the waking window for suggested sessions"),
    "week-start": ("mon", "first day of the week in calendars (mon or sun)"),
    "guide-pane": ("on", "show the guide pane beside Today (on or off)"),
    "welcome-seen": ("no", "whether the first-run disclaimer was acknowledged"),
}


@dataclass(frozen=True)
class Row:
    """One exercise as shown on one day."""

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


@dataclass(frozen=True)
class DayView:
    """One day as Today shows it: the scheduled rows and how far along they are."""

    day: dt.date
    today: dt.date
    rows: tuple[Row, ...]

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if r.status in (Status.MET, Status.SKIPPED))

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def fraction(self) -> float:
        if not self.rows:
            return 0.0
        return sum(r.fraction for r in self.rows) / len(self.rows)


@dataclass(frozen=True)
class _Snapshot:
    """An entry as it was before a change, for undo."""

    exercise_id: int
    day: dt.date
    existed: bool
    amount: float
    target: float
    skipped: bool
    note: str | None
    label: str


def slugify(name: str) -> str:
    """'Heel (calf) raises' -> 'heel-calf-raises'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40].strip("-") or "exercise"


# The exercise columns in the order ``_exercise_from`` takes them.
EXERCISE_COLUMNS = (
    "id, slug, name, kind, target, goal, step, unit, schedule, position, archived, guide, created"
)


def _exercise_from(values: tuple) -> Exercise:
    """An exercise from one raw row of ``SELECT EXERCISE_COLUMNS FROM exercise``."""
    *head, schedule, position, archived, guide, created = values  # head: id .. unit
    return Exercise(
        *head,
        schedules.parse(schedule),
        position,
        bool(archived),
        guide,
        dt.date.fromisoformat(created),
    )


def _no_entry(exercise: Exercise, day: dt.date) -> Entry:
    """What a day with nothing stored counts as: nothing done, today's target."""
    return Entry(day, 0.0, exercise.target, False, None)


@dataclass
class Tracker:
    """The one entry point to the data: open it on a path, call its methods."""

    file: str  # the database file (text, so the status command never imports pathlib)
    clock: Clock = field(default_factory=Clock)
    _undo: list[_Snapshot] = field(default_factory=list)
    # Current streaks by exercise id, valid while _streaks_stamp is current.
    _streaks: dict[int, tuple[tuple, StreakStats]] = field(default_factory=dict)
    _streaks_stamp: tuple[int, int] | None = None

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        clock: Clock | None = None,
        migrations: str | os.PathLike[str] | None = None,
    ) -> Tracker:
        """Open (creating and migrating when needed) and seed the default routine."""
        resolved = database.open_database(path, migrations)
        tracker = cls(file=resolved, clock=clock or Clock())
        tracker._seed()
        tracker.clock.day_start_hour = tracker.day_start_hour()
        return tracker

    @property
    def path(self) -> Path:
        """The database file."""
        from pathlib import Path

        return Path(self.file)

    def close(self) -> None:
        database.close()

    def _seed(self) -> None:
        """Add the default routine to a database that has no exercises yet."""
        if database.execute("SELECT 1 FROM exercise LIMIT 1").fetchone():
            return
        from ..core.routine import DEFAULT_ROUTINE
        from .models import ExerciseRow

        with database.transaction():
            if database.execute("SELECT 1 FROM exercise LIMIT 1").fetchone():
                return

            today = self.clock.today()
            for position, item in enumerate(DEFAULT_ROUTINE):
                ExerciseRow.create(
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

    def has_active_session(self) -> bool:
        """Whether a timer session is running or paused (one cheap indexed read)."""
        cursor = database.execute(
            "SELECT 1 FROM session WHERE status IN ('running', 'paused') LIMIT 1"
        )
        return cursor.fetchone() is not None

    def data_version(self) -> int:
        """Changes whenever another process commits to the file."""
        return database.data_version()

    def today(self) -> dt.date:
        return self.clock.today()

    # ---------------------------------------------------------------- settings
    def setting(self, key: str) -> str:
        if key not in SETTINGS:
            raise LookupFailed(f"unknown setting {key!r}; known: {', '.join(SETTINGS)}")
        row = database.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return row[0] if row else SETTINGS[key][0]

    def settings(self) -> dict[str, str]:
        stored = dict(database.execute("SELECT key, value FROM setting").fetchall())
        return {key: stored.get(key, default) for key, (default, _) in SETTINGS.items()}

    def set_setting(self, key: str, value: str) -> str:
        """Validate and store a setting; returns the stored text."""
        if key not in SETTINGS:
            raise LookupFailed(f"unknown setting {key!r}; known: {', '.join(SETTINGS)}")
        value = _validate_setting(key, str(value).strip())
        with database.transaction():
            database.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
        if key == "day-start-hour":
            self.clock.day_start_hour = int(value)
        return value

    def day_start_hour(self) -> int:
        try:
            return int(self.setting("day-start-hour"))
        except ValueError:
            return 0

    # --------------------------------------------------------------- exercises
    def exercises(self, include_archived: bool = False) -> list[Exercise]:
        """The exercises in list order (raw SQL: every screen and command asks)."""
        where = "" if include_archived else " WHERE archived = 0"
        sql = f"SELECT {EXERCISE_COLUMNS} FROM exercise{where} ORDER BY position, id"
        return [_exercise_from(values) for values in database.execute(sql)]

    def exercise(self, ref: str | int | Exercise) -> Exercise:
        """An exercise by id, slug, or an unambiguous prefix of a slug or name."""
        if isinstance(ref, Exercise):
            ref = ref.id
        if isinstance(ref, int):
            cursor = database.execute(
                f"SELECT {EXERCISE_COLUMNS} FROM exercise WHERE id = ?", (ref,)
            )
            values = cursor.fetchone()
            if values is None:
                raise LookupFailed(f"no exercise with id {ref}")
            return _exercise_from(values)
        text = ref.strip().lower()
        if not text:
            raise LookupFailed("name an exercise")
        everything = self.exercises(include_archived=True)
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
        known = ", ".join(e.slug for e in active)
        raise LookupFailed(f"unknown exercise {ref!r}; known: {known}")

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
    ) -> Exercise:
        fields = _validate_fields(
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
        base = slugify(slug or fields["name"])
        from .models import ExerciseRow

        with database.transaction():
            taken = {slug for (slug,) in database.execute("SELECT slug FROM exercise")}
            new_slug, counter = base, 2
            while new_slug in taken:
                new_slug, counter = f"{base}-{counter}", counter + 1
            highest = database.execute("SELECT MAX(position) FROM exercise").fetchone()[0]
            position = (highest or 0) + 1
            row = ExerciseRow.create(
                slug=new_slug, position=position, created=self.today(), **fields
            )
        return self.exercise(row.id)

    def edit_exercise(self, ref: str | int, **changes: object) -> Exercise:
        """Change fields of an exercise; past entries keep their own targets."""
        current = self.exercise(ref)
        allowed = {"name", "kind", "target", "goal", "step", "unit", "schedule", "guide"}
        unknown = set(changes) - allowed - {"archived"}
        if unknown:
            raise InvalidInput(f"cannot change {', '.join(sorted(unknown))}")
        merged = {
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
        fields = _validate_fields(anchor=current.schedule.anchor or self.today(), **merged)
        if "archived" in changes:
            fields["archived"] = bool(changes["archived"])
        from .models import ExerciseRow

        with database.transaction():
            ExerciseRow.update(**fields).where(ExerciseRow.id == current.id).execute()
        return self.exercise(current.id)

    def archive_exercise(self, ref: str | int, archived: bool = True) -> Exercise:
        return self.edit_exercise(ref, archived=archived)

    def move_exercise(self, ref: str | int, delta: int) -> bool:
        """Move an exercise up (-1) or down (+1) the routine; False at either end."""
        current = self.exercise(ref)
        with database.transaction():
            ids = [
                ex_id
                for (ex_id,) in database.execute(
                    "SELECT id FROM exercise WHERE archived = 0 ORDER BY position, id"
                )
            ]
            if current.id not in ids:
                return False
            index = ids.index(current.id)
            other = index + delta
            if not 0 <= other < len(ids):
                return False
            ids[index], ids[other] = ids[other], ids[index]
            for position, ex_id in enumerate(ids):
                database.execute("UPDATE exercise SET position = ? WHERE id = ?", (position, ex_id))
        return True

    # ------------------------------------------------------------------- days
    def entries(
        self, exercise: Exercise, since: dt.date | None = None, until: dt.date | None = None
    ) -> dict[dt.date, Entry]:
        """One exercise's entries, with one indexed query on (exercise, day).

        Read through the raw cursor: it is the hot path of every streak, and
        the ORM's per-row conversions cost several times the query itself.
        """
        sql = "SELECT day, amount, target, skipped, note FROM entry WHERE exercise_id = ?"
        params: list[object] = [exercise.id]
        if since is not None:
            sql += " AND day >= ?"
            params.append(since.isoformat())
        if until is not None:
            sql += " AND day <= ?"
            params.append(until.isoformat())
        parse = dt.date.fromisoformat
        result = {}
        for day, amount, target, skipped, note in database.execute(sql, params):
            day = parse(day)
            result[day] = Entry(day, amount, target, bool(skipped), note)
        return result

    def habit(self, exercise: Exercise, since: dt.date | None = None) -> Habit:
        """Everything the streak engine needs about one exercise."""
        from ..core.streaks import Habit

        entries = self.entries(exercise, since=since)
        start = min([exercise.created, *entries]) if entries else exercise.created
        if since is not None:
            start = max(start, since)
        return Habit(
            schedule=exercise.schedule, entries=entries, start=start, target=exercise.target
        )

    def change_stamp(self) -> tuple[int, int]:
        """Changes when anyone commits: (other connections' commits, our own changes)."""
        return database.data_version(), database.connection().total_changes

    def current_streak(self, exercise: Exercise, today: dt.date | None = None) -> StreakStats:
        """The current streak, reading only recent history unless it runs further back.

        Cached per exercise until the data changes (``PRAGMA data_version`` for
        other processes, ``total_changes`` for this one); our own entry writes
        forget only the exercise they touched (see :meth:`_entry_write`).
        """
        from ..core.streaks import streaks

        today = today or self.today()
        stamp = self.change_stamp()
        if stamp != self._streaks_stamp:
            self._streaks.clear()
            self._streaks_stamp = stamp
        key = (today, exercise.created, exercise.target, exercise.schedule.text())
        cached = self._streaks.get(exercise.id)
        if cached is not None and cached[0] == key:
            return cached[1]
        since = today - dt.timedelta(days=STREAK_WINDOW)
        stats = streaks(self.habit(exercise, since=since), today)
        span = (today - since).days + 1
        if stats.current * (7 if stats.unit == "weeks" else 1) >= span - 14:
            stats = streaks(self.habit(exercise), today)
        self._streaks[exercise.id] = (key, stats)
        return stats

    @contextmanager
    def _entry_write(self, exercise_id: int) -> Iterator[None]:
        """One short IMMEDIATE transaction on one exercise's entries.

        Afterwards only that exercise's cached streak is dropped, provided the
        cache was current before and nobody else committed meanwhile; otherwise
        the changed stamp clears the whole cache on the next read.
        """
        fresh = self._streaks_stamp is not None and self._streaks_stamp == self.change_stamp()
        with database.transaction():
            yield
        if fresh and database.data_version() == self._streaks_stamp[0]:  # type: ignore[index]
            self._streaks.pop(exercise_id, None)
            self._streaks_stamp = self.change_stamp()

    def day_view(self, day: dt.date | None = None, with_streaks: bool = True) -> DayView:
        """The day's scheduled exercises with progress, status and (optionally) streaks."""
        from ..core.streaks import Habit, day_status

        today = self.today()
        day = day or today
        exercises = self.exercises()
        ids = [exercise.id for exercise in exercises]
        cursor = database.execute(  # one lookup per exercise on the (exercise, day) index
            "SELECT exercise_id, amount, target, skipped, note FROM entry"
            f" WHERE day = ? AND exercise_id IN ({', '.join('?' * len(ids))})",
            (day.isoformat(), *ids),
        )
        entries = {
            ex_id: Entry(day, amount, target, bool(skipped), note)
            for ex_id, amount, target, skipped, note in cursor
        }
        rows = []
        for exercise in exercises:
            found = entries.get(exercise.id)
            if found is None and not exercise.schedule.is_scheduled(day):
                continue
            entry = found or _no_entry(exercise, day)
            amount, target, skipped = entry.amount, entry.target, entry.skipped
            habit = Habit(
                schedule=exercise.schedule,
                entries={day: entry},
                start=min(exercise.created, day),
                target=exercise.target,
            )
            rows.append(
                Row(
                    exercise=exercise,
                    amount=amount,
                    target=target,
                    skipped=skipped,
                    note=entry.note,
                    status=day_status(habit, day, today),
                    progress=progress_text(exercise, amount, target),
                    streak=self.current_streak(exercise, today) if with_streaks else None,
                )
            )
        return DayView(day=day, today=today, rows=tuple(rows))

    # ----------------------------------------------------------------- writes
    def _check_day(self, day: dt.date) -> None:
        if day > self.today():
            raise InvalidInput(
                f"{day.isoformat()} is in the future; check-ins are for today or earlier"
            )

    def _snapshot(self, exercise: Exercise, day: dt.date, found: Entry | None, label: str) -> None:
        """Keep the entry as it is before a change (``found``: stored, or None) for undo."""
        entry = found or _no_entry(exercise, day)
        snap = _Snapshot(
            exercise_id=exercise.id,
            day=day,
            existed=found is not None,
            amount=entry.amount,
            target=entry.target,
            skipped=entry.skipped,
            note=entry.note,
            label=label,
        )
        self._undo.append(snap)
        del self._undo[:-UNDO_LEVELS]

    def _find(self, exercise_id: int, day: dt.date) -> Entry | None:
        """The stored entry, or None (one lookup on the (exercise, day) index)."""
        cursor = database.execute(
            "SELECT amount, target, skipped, note FROM entry WHERE exercise_id = ? AND day = ?",
            (exercise_id, day.isoformat()),
        )
        values = cursor.fetchone()
        if values is None:
            return None
        amount, target, skipped, note = values
        return Entry(day, amount, target, bool(skipped), note)

    def _read(self, exercise: Exercise, day: dt.date) -> Entry:
        return self._find(exercise.id, day) or _no_entry(exercise, day)

    def step(self, ref: str | int | Exercise, day: dt.date, delta: float) -> Entry:
        """Add ``delta`` (may be negative) to the day's amount, in SQL; never below 0."""
        exercise = ref if isinstance(ref, Exercise) else self.exercise(ref)
        if not math.isfinite(delta):
            raise InvalidInput("the change must be a finite number")
        self._check_day(day)
        with self._entry_write(exercise.id):
            self._snapshot(
                exercise, day, self._find(exercise.id, day), f"{exercise.name} {delta:+g}"
            )
            database.execute(
                "INSERT INTO entry (exercise_id, day, amount, target, skipped, updated)"
                " VALUES (?, ?, ?, ?, 0, ?)"
                " ON CONFLICT (exercise_id, day) DO UPDATE SET"
                " amount = MIN(?, MAX(0.0, amount + ?)), skipped = 0, updated = excluded.updated",
                (
                    exercise.id,
                    day.isoformat(),
                    max(0.0, min(MAX_AMOUNT, delta)),
                    exercise.target,
                    database.utc_stamp(),
                    MAX_AMOUNT,
                    delta,
                ),
            )
            return self._read(exercise, day)

    def set_amount(self, ref: str | int | Exercise, day: dt.date, amount: float) -> Entry:
        """Set the day's amount exactly."""
        exercise = ref if isinstance(ref, Exercise) else self.exercise(ref)
        try:
            amount = parse_amount(amount)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None
        self._check_day(day)
        with self._entry_write(exercise.id):
            label = f"{exercise.name} = {amount:g}"
            self._snapshot(exercise, day, self._find(exercise.id, day), label)
            self._upsert(exercise.id, day, exercise.target, amount=amount, skipped=False)
            return self._read(exercise, day)

    def _upsert(
        self, exercise_id: int, day: dt.date, insert_target: float, **values: object
    ) -> None:
        """Insert the day's entry, or change only the named columns of the stored one.

        A new entry takes ``insert_target`` unless ``values`` names a target.
        """
        row: dict[str, object] = {
            "amount": 0.0,
            "target": insert_target,
            "skipped": False,
            "note": None,
        }
        unknown = set(values) - set(row)
        if unknown:
            raise TypeError(f"not entry columns: {', '.join(sorted(unknown))}")
        row.update(values)
        row["skipped"] = int(bool(row["skipped"]))
        changes = ", ".join(f"{key} = excluded.{key}" for key in (*values, "updated"))
        database.execute(
            "INSERT INTO entry (exercise_id, day, amount, target, skipped, note, updated)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)"
            f" ON CONFLICT (exercise_id, day) DO UPDATE SET {changes}",
            (
                exercise_id,
                day.isoformat(),
                row["amount"],
                row["target"],
                row["skipped"],
                row["note"],
                database.utc_stamp(),
            ),
        )

    def toggle_done(self, ref: str | int | Exercise, day: dt.date) -> Entry:
        """Met -> 0; anything else -> the target."""
        exercise = ref if isinstance(ref, Exercise) else self.exercise(ref)
        self._check_day(day)
        with self._entry_write(exercise.id):
            found = self._find(exercise.id, day)
            current = found or _no_entry(exercise, day)
            done = current.amount >= current.target and not current.skipped
            self._snapshot(exercise, day, found, f"{exercise.name} {'undone' if done else 'done'}")
            amount = 0.0 if done else current.target
            self._upsert(exercise.id, day, exercise.target, amount=amount, skipped=False)
            return self._read(exercise, day)

    def mark_done(self, ref: str | int | Exercise, day: dt.date) -> Entry:
        """Set the amount to the day's target (``check EXERCISE`` without an amount)."""
        exercise = ref if isinstance(ref, Exercise) else self.exercise(ref)
        self._check_day(day)
        with self._entry_write(exercise.id):
            found = self._find(exercise.id, day)
            current = found or _no_entry(exercise, day)
            self._snapshot(exercise, day, found, f"{exercise.name} done")
            amount = max(current.amount, current.target)
            self._upsert(exercise.id, day, exercise.target, amount=amount, skipped=False)
            return self._read(exercise, day)

    def skip(self, ref: str | int | Exercise, day: dt.date, on: bool | None = None) -> Entry:
        """Mark the day as a rest day (``on=None`` toggles)."""
        exercise = ref if isinstance(ref, Exercise) else self.exercise(ref)
        self._check_day(day)
        with self._entry_write(exercise.id):
            found = self._find(exercise.id, day)
            current = found or _no_entry(exercise, day)
            value = (not current.skipped) if on is None else on
            label = f"{exercise.name} {'skipped' if value else 'unskipped'}"
            self._snapshot(exercise, day, found, label)
            self._upsert(exercise.id, day, exercise.target, skipped=value, amount=current.amount)
            return self._read(exercise, day)

    def set_note(self, ref: str | int | Exercise, day: dt.date, note: str | None) -> Entry:
        exercise = ref if isinstance(ref, Exercise) else self.exercise(ref)
        text = (note or "").strip()
        if len(text) > MAX_NOTE:
            raise InvalidInput(
                f"a note can be at most {MAX_NOTE:,} characters (this one has {len(text):,})"
            )
        self._check_day(day)
        with self._entry_write(exercise.id):
            found = self._find(exercise.id, day)
            current = found or _no_entry(exercise, day)
            self._snapshot(exercise, day, found, f"note on {exercise.name}")
            self._upsert(
                exercise.id,
                day,
                exercise.target,
                note=text or None,
                amount=current.amount,
                skipped=current.skipped,
            )
            return self._read(exercise, day)

    def undo(self) -> str | None:
        """Put back the entry as it was before the last change; returns what was undone."""
        if not self._undo:
            return None
        snap = self._undo.pop()
        with self._entry_write(snap.exercise_id):
            if snap.existed:
                self._upsert(
                    snap.exercise_id,
                    snap.day,
                    snap.target,
                    amount=snap.amount,
                    target=snap.target,
                    skipped=snap.skipped,
                    note=snap.note,
                )
            else:
                database.execute(
                    "DELETE FROM entry WHERE exercise_id = ? AND day = ?",
                    (snap.exercise_id, snap.day.isoformat()),
                )
        return snap.label


def _validate_setting(key: str, value: str) -> str:
    if key == "day-start-hour":
        if not value.isdigit() or not 0 <= int(value) <= 23:
            raise InvalidInput("day-start-hour must be a whole hour from 0 to 23")
        return str(int(value))
    if key == "elevation-minutes":
        try:
            minutes = float(value)
        except ValueError:
            minutes = float("nan")
        if not math.isfinite(minutes) or not 1 <= minutes <= 120:
            raise InvalidInput("elevation-minutes must be a number of minutes from 1 to 120")
        return f"{minutes:g}"
    if key in ("waking-start", "waking-end"):
        try:
            parsed = dt.time.fromisoformat(value if len(value) > 2 else f"{int(value):02d}:00")
        except ValueError:
            raise InvalidInput(f"{key} must be a time such as 08:00") from None
        return parsed.strftime("%H:%M")
    if key == "week-start":
        if value.lower()[:3] not in ("mon", "sun"):
            raise InvalidInput("week-start must be mon or sun")
        return value.lower()[:3]
    if key == "guide-pane":
        if value.lower() not in ("on", "off"):
            raise InvalidInput("guide-pane must be on or off")
        return value.lower()
    if key == "welcome-seen":
        if value.lower() not in ("yes", "no"):
            raise InvalidInput("welcome-seen must be yes or no")
        return value.lower()
    if key == "theme":
        if not value or len(value) > 60:
            raise InvalidInput("name a theme")
        return value
    return value


def _number(
    label: str, value: object, *, allow_none: bool = False, minimum: float = 0
) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if allow_none:
            return None
        raise InvalidInput(f"{label} is required")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidInput(f"{label} must be a number, not {value!r}") from None
    if not math.isfinite(number):
        raise InvalidInput(f"{label} must be a finite number")
    if number < minimum or number > MAX_AMOUNT:
        raise InvalidInput(f"{label} must be between {minimum:g} and {MAX_AMOUNT:,}")
    return number


def _validate_fields(
    *,
    name: str,
    kind: str,
    target: object,
    goal: object,
    step: object,
    unit: str | None,
    schedule: str,
    guide: str,
    anchor: dt.date,
) -> dict[str, object]:
    clean_name = " ".join((name or "").split())
    if not clean_name:
        raise InvalidInput("the name cannot be empty")
    if len(clean_name) > MAX_NAME:
        raise InvalidInput(f"the name can be at most {MAX_NAME} characters")
    kind = (kind or "").strip().lower()
    if kind not in KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if kind == "check":
        target_value = 1.0
    else:
        target_value = _number("target", target if target is not None else 1, minimum=0)
        if target_value <= 0:
            raise InvalidInput("target must be more than 0")
    goal_value = _number("goal", goal, allow_none=True)
    if goal_value is not None and goal_value < target_value:
        raise InvalidInput("the stretch goal cannot be below the target")
    step_value = _number("step", step if step is not None else 1, minimum=0)
    if not step_value:
        raise InvalidInput("step must be more than 0")
    unit_value = DEFAULT_UNITS[kind] if unit is None else " ".join(str(unit).split())
    if len(unit_value) > 16:
        raise InvalidInput("the unit can be at most 16 characters")
    try:
        parsed = schedules.parse(schedule, anchor=anchor)
    except schedules.ScheduleError as exc:
        raise InvalidInput(str(exc)) from None
    return {
        "name": clean_name,
        "kind": kind,
        "target": target_value,
        "goal": goal_value,
        "step": step_value,
        "unit": unit_value,
        "schedule": parsed.text(),
        "guide": guide or "",
    }
