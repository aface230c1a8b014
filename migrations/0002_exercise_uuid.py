"""Every exercise gets a stable identity: a ``uuid`` column, unique, filled for existing rows.

Imports (a Second Heart export, or another tracker's history) match exercises
by this identity first, so a habit imported again updates the same exercise
even after it was renamed. The column is added in place (``ALTER TABLE ADD
COLUMN``), never by rebuilding the table, so the entries and sessions that
point at an exercise are never touched. Values are 32 lower-case hex digits
(a UUID without dashes, as the Loop Habit Tracker writes them).
"""

import uuid

from peewee import CharField


def up(migrator, db):
    migrator.migrate(migrator.add_column("exercise", "uuid", CharField(null=True)))
    ids = [row[0] for row in db.execute_sql("SELECT id FROM exercise WHERE uuid IS NULL")]
    for exercise_id in ids:
        db.execute_sql("UPDATE exercise SET uuid = ? WHERE id = ?", (uuid.uuid4().hex, exercise_id))
    migrator.migrate(migrator.add_index("exercise", ("uuid",), unique=True))


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("exercise", "exercise_uuid"),
        migrator.drop_column("exercise", "uuid"),
    )
