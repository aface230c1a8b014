"""Peewee models, bound to one open file at a time.

:func:`bind_models` builds the model classes for one
:class:`~tui.store.database.Database`: they use that database's connection
for the current thread (with its pragmas), so the raw reads of the fast path,
Peewee queries and transactions all see the same data, and two files open in
one process never share a connection. Importing this module is what brings
Peewee in; the start-up and ``status`` paths do not need it. The schema
itself is owned by the files in ``migrations/``.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from peewee import (
    BooleanField,
    CharField,
    DateField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    SqliteDatabase,
    TextField,
)


class SharedConnection(SqliteDatabase):
    """Peewee's view of a connection someone else opens (one per thread)."""

    def __init__(
        self, connect: Callable[[], sqlite3.Connection], disconnect: Callable[[], None]
    ) -> None:
        super().__init__("secondheart")  # the name is unused: _connect supplies the connection
        self._connect_fn = connect
        self._disconnect_fn = disconnect

    def _connect(self) -> sqlite3.Connection:
        return self._connect_fn()

    def _close(self, conn: sqlite3.Connection) -> None:
        self._disconnect_fn()


def new_uuid() -> str:
    """A fresh exercise identity: 32 lower-case hex digits."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Models:
    """The model classes bound to one database file."""

    db: SharedConnection
    Exercise: type[Model]
    Entry: type[Model]
    Session: type[Model]
    Setting: type[Model]
    Reminder: type[Model]
    Journal: type[Model]  # a symptom's level on a day (migration 0003)
    JournalNote: type[Model]  # the journal's note for a day (migration 0003)


def bind_models(
    connect: Callable[[], sqlite3.Connection], disconnect: Callable[[], None]
) -> Models:
    """The models on the connection that ``connect`` returns for the current thread."""
    db = SharedConnection(connect, disconnect)

    class BaseModel(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class ExerciseRow(BaseModel):
        slug = CharField(unique=True)
        name = CharField()
        kind = CharField()
        target = FloatField()
        goal = FloatField(null=True)
        step = FloatField(default=1)
        unit = CharField(default="")
        schedule = CharField(default="daily")
        position = IntegerField(default=0)
        archived = BooleanField(default=False)
        guide = TextField(default="")
        created = DateField()
        uuid = CharField(unique=True, default=new_uuid)  # the stable identity (migration 0002)
        remind = TextField(null=True)  # reminder times; NULL: the default (migration 0004)

        class Meta:
            table_name = "exercise"

    class EntryRow(BaseModel):
        exercise = ForeignKeyField(ExerciseRow, on_delete="CASCADE", column_name="exercise_id")
        day = DateField()
        amount = FloatField(default=0)
        target = FloatField()
        skipped = BooleanField(default=False)
        note = TextField(null=True)
        updated = CharField(default="")

        class Meta:
            table_name = "entry"
            indexes = ((("exercise", "day"), True),)

    class SessionRow(BaseModel):
        exercise = ForeignKeyField(ExerciseRow, on_delete="CASCADE", column_name="exercise_id")
        day = DateField(index=True)
        started = CharField()
        planned_seconds = IntegerField()
        paused_seconds = FloatField(default=0)
        paused_at = CharField(null=True)
        status = CharField(index=True)
        ended = CharField(null=True)

        class Meta:
            table_name = "session"
            indexes = ((("exercise", "started"), True),)

    class SettingRow(BaseModel):
        key = CharField(primary_key=True)
        value = TextField()

        class Meta:
            table_name = "setting"

    class ReminderRow(BaseModel):
        """A reminder claimed or acted on (migration 0004); see ``tui.store.reminders``."""

        exercise = ForeignKeyField(
            ExerciseRow, null=True, on_delete="CASCADE", column_name="exercise_id"
        )
        day = DateField()
        time = CharField()
        state = CharField()
        at = CharField()

        class Meta:
            table_name = "reminder"
            indexes = ((("exercise", "day", "time"), True),)

    class JournalRow(BaseModel):
        day = DateField()
        symptom = CharField()
        level = IntegerField()
        updated = CharField(default="")

        class Meta:
            table_name = "journal"
            indexes = ((("day", "symptom"), True),)

    class JournalNoteRow(BaseModel):
        day = DateField(unique=True)
        note = TextField()
        updated = CharField(default="")

        class Meta:
            table_name = "journal_note"

    return Models(
        db,
        ExerciseRow,
        EntryRow,
        SessionRow,
        SettingRow,
        Reminder=ReminderRow,
        Journal=JournalRow,
        JournalNote=JournalNoteRow,
    )
