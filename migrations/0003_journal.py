"""The leg journal: symptom levels per day, and a note per day.

Two new tables; no existing table is touched, so every exercise, entry,
timer session and setting stays exactly as it was. ``journal`` holds one row
per day and symptom (a level 0-3, or 0/1 for a red-flag sign); a symptom
with no row that day was not recorded. ``journal_note`` holds at most one
note per day. The models are frozen copies, independent of
``tui.store.models``, so this file keeps describing this step of the schema.
"""

from peewee import CharField, DateField, IntegerField, Model, TextField


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Journal(Base):
        day = DateField()
        symptom = CharField()
        level = IntegerField()
        updated = CharField(default="")

        class Meta:
            table_name = "journal"
            indexes = ((("day", "symptom"), True),)

    class JournalNote(Base):
        day = DateField(unique=True)
        note = TextField()
        updated = CharField(default="")

        class Meta:
            table_name = "journal_note"

    db.create_tables([Journal, JournalNote])


def down(migrator, db):
    for table in ("journal_note", "journal"):
        db.execute_sql(f'DROP TABLE IF EXISTS "{table}"')
