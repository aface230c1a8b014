"""The one writer every source shares: check, plan, then merge in one transaction.

1. **Check.** Every habit goes through the same rules as the form and the
   command line (``tui.core.rules``): its fields, each day, each amount and
   note. A habit that fails, or that Second Heart cannot represent, is left
   out whole and named with the reason; it is never half-imported.
2. **Plan.** Each habit is matched to an exercise: by its uuid, then (for
   Second Heart's own CSV) by slug, then by name, which counts only when
   the kinds agree (otherwise the clash is reported). The plan lists, per
   exercise, what would be created or changed: days, skips, notes, fields.
3. **Write** (not for a dry run). A backup copy first, then one IMMEDIATE
   transaction that plans again against what is stored at that moment and
   merges like the JSON import does: the larger amount, skipped if either
   says so, the file's note where it has one, the file's reminder setting
   where it states one. Importing twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core import rules
from ...core.errors import InvalidInput
from ...core.model import format_amount
from ...core.reminders import as_text as remind_text
from ...core.reminders import parse_times
from ...core.schedule import parse as parse_schedule
from ...core.text import plural
from .. import reminder_marks
from .records import Habit, Parsed

MAX_LISTED = 50  # exercises named in a report; the rest are counted


@dataclass
class Clean:
    """A habit that passed the rules: the exercise's fields and its days."""

    habit: Habit
    fields: dict[str, Any]
    days: dict[dt.date, tuple[float, bool, str | None]]
    first: dt.date


@dataclass
class Change:
    """What an import does (or would do) to one exercise."""

    name: str
    action: str  # create | update | unchanged
    kind: str
    schedule: str
    days: int = 0  # days whose amount is set or raised
    skips: int = 0
    notes: int = 0
    fields: list[str] = field(default_factory=list)  # "target 20 → 30"
    approximations: list[str] = field(default_factory=list)
    exercise_id: int | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)  # entries to merge
    values: dict[str, Any] = field(default_factory=dict)  # fields to write

    def summary(self) -> str:
        parts = [
            plural(self.days, "day"),
            plural(self.skips, "skip"),
            plural(self.notes, "note"),
        ]
        text = ", ".join(parts)
        if self.fields:
            text += "; " + ", ".join(self.fields)
        if self.approximations:
            text += "; schedule " + ", ".join(self.approximations)
        return text


@dataclass
class Report:
    """The outcome of an import or a dry run, for the command line and the palette."""

    source: str
    path: str
    dry_run: bool
    changes: list[Change] = field(default_factory=list)
    left_out: list[tuple[str, str]] = field(default_factory=list)
    backup: Path | None = None
    journal: int = 0  # leg-journal records in the file (Second Heart's own CSV)

    @property
    def created(self) -> int:
        return sum(1 for c in self.changes if c.action == "create")

    @property
    def updated(self) -> int:
        return sum(1 for c in self.changes if c.action == "update")

    def lines(self) -> list[str]:
        """The report as lines of plain text (names exactly as imported)."""
        verb = {"create": "would create", "update": "would change"} if self.dry_run else {
            "create": "created", "update": "changed"}  # fmt: skip
        out = [f"{self.source} {self.path}:"]
        for change in self.changes[:MAX_LISTED]:
            label = verb.get(change.action, "unchanged")
            head = f"  {label} {change.name}"
            if change.action == "unchanged":
                out.append(head)
            else:
                out.append(f"{head} ({_describe(change)}): {change.summary()}")
        if len(self.changes) > MAX_LISTED:
            out.append(f"  … and {len(self.changes) - MAX_LISTED} more")
        for name, why in self.left_out:
            out.append(f"  left out {name}: {why}")
        out.append(self.total())
        return out

    def total(self) -> str:
        """One sentence: how many exercises were (or would be) created and changed."""
        days = sum(c.days for c in self.changes)
        counts = f"{self.created} created, {self.updated} changed, {plural(days, 'day')}"
        if self.journal:
            counts += f", {plural(self.journal, 'journal record')}"
        left = f", {len(self.left_out)} left out" if self.left_out else ""
        if self.dry_run:
            return f"dry run: {counts}{left} would be imported; nothing was written"
        backup = f" (backup: {self.backup})" if self.backup else ""
        return f"imported: {counts}{left}{backup}"


def _describe(change: Change) -> str:
    return f"{change.kind}, {parse_schedule(change.schedule).describe()}"


# --- 1. check ----------------------------------------------------------------------


def check(parsed: Parsed, today: dt.date) -> tuple[list[Clean], list[tuple[str, str]]]:
    """The habits that pass the shared rules, and those left out with the reason."""
    left_out = list(parsed.left_out)
    clean: list[Clean] = []
    names: set[str] = set()
    for habit in parsed.habits:
        try:
            item = _check_habit(habit, today)
        except InvalidInput as exc:
            left_out.append((habit.name, str(exc)))
            continue
        key = str(item.fields["name"]).casefold()
        if key in names:
            left_out.append((habit.name, "another habit in the file has the same name"))
            continue
        names.add(key)
        clean.append(item)
    return clean, left_out


def _check_habit(habit: Habit, today: dt.date) -> Clean:
    days: dict[dt.date, tuple[float, bool, str | None]] = {}
    for day, record in habit.days.items():
        try:
            rules.stored_day(day, today)
            amount = rules.amount(record.amount)
            note = rules.note(rules.text("note", record.note, rules.MAX_NOTE, allow_none=True))
        except InvalidInput as exc:
            raise InvalidInput(f"{day.isoformat()}: {exc}") from None
        if amount > 0 or record.skipped or note:
            days[day] = (amount, record.skipped, note)
    first = min([*days, *([habit.start] if habit.start else [])], default=today)
    first = min(first, today)
    fields = rules.exercise_fields(
        name=rules.text("name", habit.name, 400),
        kind=habit.kind,
        target=habit.target,
        goal=None,
        step=None,
        unit=habit.unit,
        schedule=habit.schedule,
        guide=rules.text("description", habit.guide, rules.MAX_GUIDE),
        anchor=first,
    )
    for day, (amount, _skipped, _note) in days.items():
        try:
            rules.whole("the amount", amount, str(fields["kind"]))
        except InvalidInput as exc:
            raise InvalidInput(f"{day.isoformat()}: {exc}") from None
    fields["archived"] = habit.archived
    return Clean(habit, fields, days, first)


# --- 2. plan -----------------------------------------------------------------------


def plan(m: Any, clean: list[Clean], left_out: list[tuple[str, str]]) -> list[Change]:
    """Match each habit to an exercise and work out what merging it changes.

    ``m`` is the bound models; this only reads. Habits whose name clashes
    with an exercise of another kind are added to ``left_out``.
    """
    X, E = m.Exercise, m.Entry
    rows = list(X.select())
    by_uuid = {row.uuid: row for row in rows}
    by_slug = {row.slug: row for row in rows}
    by_name = {rules.name(row.name).casefold(): row for row in rows}
    changes: list[Change] = []
    claimed: set[int] = set()
    for item in clean:
        habit, fields = item.habit, item.fields
        row = by_uuid.get(habit.uuid)
        how = "uuid"
        if row is None and habit.slug:
            row, how = by_slug.get(habit.slug), "slug"
        if row is None:
            row, how = by_name.get(str(fields["name"]).casefold()), "name"
        if row is not None and row.id in claimed:
            left_out.append((habit.name, f"matches {row.name!r}, which another habit already took"))
            continue
        if row is not None and how != "slug" and row.kind != fields["kind"]:
            left_out.append(
                (
                    habit.name,
                    f"an exercise named {row.name!r} already exists as a {row.kind} "
                    f"exercise; this habit would be {fields['kind']}",
                )
            )
            continue
        change = Change(
            name=str(fields["name"]) if row is None or habit.describes else row.name,
            action="create" if row is None else "unchanged",
            kind=str(fields["kind"]) if row is None or habit.describes else row.kind,
            schedule=str(fields["schedule"]) if row is None or habit.describes else row.schedule,
            approximations=list(habit.approximations),
        )
        stored: dict[dt.date, tuple[float, bool, str | None]] = {}
        target = float(fields["target"])  # type: ignore[arg-type]
        if row is not None:
            claimed.add(row.id)
            change.exercise_id = row.id
            stored = {
                day: (amount, bool(skipped), note)
                for day, amount, skipped, note in E.select(E.day, E.amount, E.skipped, E.note)
                .where(E.exercise == row.id)
                .tuples()
            }
            if habit.describes:
                change.values = _field_changes(row, fields, change)
                target = float(change.values.get("target", row.target))
            else:
                target = row.target
            if row.created > item.first:
                change.values["created"] = item.first
        else:
            change.values = {**fields, "created": item.first, "uuid": habit.uuid}
            if habit.slug:
                change.values["slug"] = habit.slug
        _plan_remind(habit, row, change)
        for day, (amount, skipped, note) in sorted(item.days.items()):
            before = stored.get(day, (0.0, False, None))
            merged = (max(before[0], amount), before[1] or skipped, note or before[2])
            if merged == before and day in stored:
                continue
            if merged == (0.0, False, None):
                continue
            change.days += merged[0] > before[0]
            change.skips += merged[1] and not before[1]
            change.notes += merged[2] != before[2]
            change.rows.append(
                {"day": day, "amount": amount, "target": target, "skipped": skipped, "note": note}
            )
        if row is not None and (change.rows or change.values):
            change.action = "update"
        changes.append(change)
    return changes


def _plan_remind(habit: Habit, row: Any, change: Change) -> None:
    """The file's reminder setting, where it states one, checked against the kind the
    exercise will have; a value the rule refuses stops the whole import."""
    if habit.remind is None:
        return
    try:
        remind = rules.reminder_times(habit.remind, change.kind)
    except InvalidInput as exc:
        raise InvalidInput(f"{habit.remind_where or habit.name}: {exc}") from None
    if row is None:
        change.values["remind"] = remind
    elif remind != row.remind:
        change.values["remind"] = remind
        change.fields.append(f"reminders {_remind_label(row.remind)} → {_remind_label(remind)}")


def _remind_label(remind: str | None) -> str:
    return ", ".join(parse_times(remind)) if remind else remind_text(remind)


_COMPARED = ("name", "target", "unit", "schedule", "guide", "archived")


def _field_changes(row: Any, fields: dict[str, Any], change: Change) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in _COMPARED:
        old, new = getattr(row, key), fields[key]
        if key == "schedule" and parse_schedule(old) == parse_schedule(new):
            continue
        if old != new:
            values[key] = new
            if key == "target":
                change.fields.append(f"target {format_amount(old)} → {format_amount(new)}")
            elif key == "archived":
                change.fields.append("archived" if new else "no longer archived")
            elif key == "guide":
                change.fields.append("description")
            else:
                change.fields.append(f"{key} {old!r} → {new!r}")
    return values


# --- 3. write ----------------------------------------------------------------------


def run(tracker: Any, parsed: Parsed, path: str, dry_run: bool = False) -> Report:
    """Check, plan and (unless ``dry_run``) write; returns what was (or would be) done."""
    clean, left_out = check(parsed, tracker.today())
    report = Report(parsed.source, path, dry_run)
    report.journal = len(parsed.journal) + len(parsed.journal_notes)
    for day in [j[0] for j in parsed.journal] + [n[0] for n in parsed.journal_notes]:
        rules.stored_day(day, tracker.today())  # before the backup: a bad file writes nothing
    if dry_run:
        report.left_out = list(left_out)
        report.changes = plan(tracker.db.models, clean, report.left_out)
        return report
    from ..backups import backup_now

    report.backup = backup_now(tracker.path, tracker.clock.now())
    with tracker.db.write() as m:
        report.left_out = list(left_out)
        report.changes = plan(m, clean, report.left_out)
        before = reminder_marks.keys(m)
        _write(m, report.changes)
        reminder_marks.mark_changed(m, before, tracker.today(), tracker.clock.now())
        if parsed.journal or parsed.journal_notes:
            from ..journal import merge

            merge(m, parsed.journal, parsed.journal_notes)
    return report


def _write(m: Any, changes: list[Change]) -> None:
    from peewee import EXCLUDED, fn

    from ..database import utc_stamp

    X, E = m.Exercise, m.Entry
    highest = X.select(fn.MAX(X.position)).scalar() or 0
    taken = {slug for (slug,) in X.select(X.slug).tuples()}
    stamp = utc_stamp()
    columns = [E.exercise, E.day, E.amount, E.target, E.skipped, E.note, E.updated]
    for change in changes:
        values = dict(change.values)
        if change.action == "create":
            base = rules.slugify(values.pop("slug", None) or str(values["name"]))
            slug, counter = base, 2
            while slug in taken:
                slug, counter = f"{base}-{counter}", counter + 1
            taken.add(slug)
            highest += 1
            change.exercise_id = X.create(slug=slug, position=highest, **values).id
        elif values:
            if "created" in values:
                values["created"] = fn.MIN(X.created, values["created"])
            X.update(**values).where(X.id == change.exercise_id).execute()
        rows = [
            (change.exercise_id, row["day"].isoformat(), row["amount"], row["target"],
             row["skipped"], row["note"], stamp)
            for row in change.rows
        ]  # fmt: skip
        for start in range(0, len(rows), 150):
            E.insert_many(rows[start : start + 150], fields=columns).on_conflict(
                conflict_target=[E.exercise, E.day],
                update={
                    E.amount: fn.MAX(E.amount, EXCLUDED.amount),
                    E.skipped: E.skipped | EXCLUDED.skipped,
                    E.note: fn.COALESCE(EXCLUDED.note, E.note),
                },
            ).execute()
