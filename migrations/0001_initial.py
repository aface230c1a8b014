"""The initial schema: exercises, daily entries, timer sessions, settings.

The models are frozen copies, independent of ``tui.store.models``, so this
file keeps describing the first schema however the app's models change.
"""

import datetime

from peewee import (
    BooleanField,
    CharField,
    DateField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

APPLICATION_ID = 0x53485254  # "SHRT": marks the file as a Second Heart database


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Exercise(Base):
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
        created = DateField(default=datetime.date.today)

    class Entry(Base):
        exercise = ForeignKeyField(Exercise, on_delete="CASCADE")
        day = DateField()
        amount = FloatField(default=0)
        target = FloatField()
        skipped = BooleanField(default=False)
        note = TextField(null=True)
        updated = CharField(default="")

        class Meta:
            indexes = ((("exercise", "day"), True),)

    class Session(Base):
        exercise = ForeignKeyField(Exercise, on_delete="CASCADE")
        day = DateField(index=True)
        started = CharField()
        planned_seconds = IntegerField()
        paused_seconds = FloatField(default=0)
        paused_at = CharField(null=True)
        status = CharField(index=True)
        ended = CharField(null=True)

        class Meta:
            indexes = ((("exercise", "started"), True),)

    class Setting(Base):
        key = CharField(primary_key=True)
        value = TextField()

    db.create_tables([Exercise, Entry, Session, Setting])
    db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")


def down(migrator, db):
    for table in ("setting", "session", "entry", "exercise"):
        db.execute_sql(f'DROP TABLE IF EXISTS "{table}"')
