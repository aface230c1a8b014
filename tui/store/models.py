"""Peewee models, on the connection ``tui.store.database`` opened.

``db`` never opens a connection of its own: it uses the current thread's
connection from :mod:`tui.store.database` (the file that
``open_database`` opened, with its pragmas), so raw reads, Peewee queries
and transactions all see the same data. Importing this module is what
brings Peewee in; the start-up and ``status`` paths do not need it. The
schema itself is owned by the files in ``migrations/``.
"""

from __future__ import annotations

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

from . import database


class _SharedDatabase(SqliteDatabase):
    """Peewee's view of :func:`tui.store.database.connection`."""

    def _connect(self):  # noqa: ANN202 - Peewee's hook
        return database.connection()

    def _close(self, conn) -> None:  # noqa: ANN001 - Peewee's hook
        database.drop_connection()


db = _SharedDatabase("secondheart")  # the name is unused: _connect supplies the connection


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
