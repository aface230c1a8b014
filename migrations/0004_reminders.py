"""Reminders: the times of day an exercise reminds at, and one claims table.

* ``exercise.remind`` (text, NULL allowed): ``NULL`` means the default (the
  leg-elevation exercise reminds at its suggested session times, the others
  not at all), ``''`` means no reminders, else times such as ``10:00,15:30``.
* ``reminder``: one row per reminder delivered or acted on, keyed by
  ``(exercise_id, day, time)`` with a UNIQUE index. Claiming a reminder is an
  INSERT into that key (or an UPDATE of a snoozed row still waiting), so of
  two processes that find the same reminder due exactly one gets the row and
  delivers it. ``state`` is ``fired``, ``snoozed`` (waiting until ``time``),
  ``dismissed`` (``time`` is ``day``: nothing more that day) or ``break`` (a
  movement break, with no exercise). ``at`` is the UTC instant of the claim.

Both are added in place: no table is rebuilt, so no row is touched.
"""

from peewee import TextField


def up(migrator, db):
    migrator.migrate(migrator.add_column("exercise", "remind", TextField(null=True)))
    db.execute_sql(
        'CREATE TABLE IF NOT EXISTS "reminder" ('
        '"id" INTEGER NOT NULL PRIMARY KEY, '
        '"exercise_id" INTEGER REFERENCES "exercise" ("id") ON DELETE CASCADE, '
        '"day" DATE NOT NULL, '
        '"time" VARCHAR(5) NOT NULL, '
        '"state" VARCHAR(10) NOT NULL, '
        '"at" VARCHAR(32) NOT NULL)'
    )
    db.execute_sql(
        'CREATE UNIQUE INDEX IF NOT EXISTS "reminder_exercise_id_day_time" '
        'ON "reminder" ("exercise_id", "day", "time")'
    )
    db.execute_sql('CREATE INDEX IF NOT EXISTS "reminder_day" ON "reminder" ("day")')


def down(migrator, db):
    db.execute_sql('DROP TABLE IF EXISTS "reminder"')
    migrator.migrate(migrator.drop_column("exercise", "remind"))
