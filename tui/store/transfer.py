"""Export to JSON or CSV, and import (merge) a JSON export.

Import checks every record with the same rules as the form and the command
line (``tui.core.rules``) before anything is written; a bad file names its
first few bad records, with their index, and writes nothing. The good file
is then merged in one transaction, so importing it again changes nothing:

* exercises match by their stable identity (``uuid``), else by slug, so an
  exercise renamed since still matches; the file's fields win (the stored
  slug stays, and one matched by slug takes the file's uuid), the earlier
  creation day is kept; the reminder setting (``remind``: times, ``""`` for
  none, ``null`` for the default) is the file's where the file has the key,
  and left as it is where it has not (exports made before reminders);
* entries merge: the larger amount, skipped if either says so, the file's
  note where it has one; nothing stored is lost;
* timer sessions match by exercise and start; a session the database has
  already finished is never set back to running, so it is never counted
  twice;
* the leg journal merges like entries: the higher level of a symptom on a
  day (a red flag recorded on either side stays), the file's note where it
  has one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from ..core import rules
from ..core import timer as engine
from ..core.journal import BY_SLUG
from ..core.reminders import as_text as remind_text
from ..core.text import plural
from ..core.timer import ACTIVE, Session
from . import reminder_marks
from .database import utc_stamp
from .errors import InvalidInput, LookupFailed
from .service import Tracker

FORMAT = "secondheart"
VERSION = 1
ENTRY_COLUMNS = ("exercise", "day", "amount", "target", "skipped", "note")
MAX_PROBLEMS = 5  # bad records named in the message
MAX_POSITION = 100_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
JOURNAL_PREFIX = "journal:"  # CSV rows of the leg journal: journal:cramps, journal:note
REMIND_PREFIX = "remind:"  # CSV rows of reminder settings: remind:SLUG, the setting as note


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def export_data(tracker: Tracker) -> dict[str, Any]:
    """Everything in the database as plain data, in the export format."""
    m = tracker.db.models
    exercises = tracker.exercises(include_archived=True)
    slug_of = {e.id: e.slug for e in exercises}
    E, S = m.Entry, m.Session
    entries = [
        {
            "exercise": slug_of[ex_id],
            "day": str(day),
            "amount": _num(amount),
            "target": _num(target),
            "skipped": bool(skipped),
            "note": note,
        }
        for ex_id, day, amount, target, skipped, note in E.select(
            E.exercise, E.day, E.amount, E.target, E.skipped, E.note
        )
        .order_by(E.day, E.exercise)
        .tuples()
    ]
    sessions = [
        {
            "exercise": slug_of[ex_id],
            "day": str(day),
            "started": started,
            "planned_seconds": planned,
            "paused_seconds": _num(paused),
            "paused_at": paused_at,
            "status": status,
            "ended": ended,
        }
        for ex_id, day, started, planned, paused, paused_at, status, ended in S.select(
            S.exercise, S.day, S.started, S.planned_seconds, S.paused_seconds, S.paused_at,
            S.status, S.ended,
        )
        .order_by(S.started, S.exercise)
        .tuples()
    ]  # fmt: skip
    from .journal import export_rows

    journal_levels, journal_notes = export_rows(tracker)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exercises": [
            {
                "slug": e.slug,
                "name": e.name,
                "kind": e.kind,
                "target": _num(e.target),
                "goal": None if e.goal is None else _num(e.goal),
                "step": _num(e.step),
                "unit": e.unit,
                "schedule": e.schedule.text(),
                "archived": e.archived,
                "position": e.position,
                "guide": e.guide,
                "created": e.created.isoformat(),
                "uuid": e.uuid,
                "remind": e.remind,
            }
            for e in exercises
        ],
        "entries": entries,
        "sessions": sessions,
        "journal": journal_levels,
        "journal_notes": journal_notes,
    }


def spreadsheet_safe(cell: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (common practice: a leading ')."""
    return f"'{cell}" if cell.startswith(FORMULA_START) else cell


def export_text(tracker: Tracker, fmt: str = "json") -> str:
    """The export as JSON text (exact) or as CSV (entry columns, formula-safe)."""
    if fmt not in ("json", "csv"):
        raise InvalidInput(f"unknown export format {fmt!r}; use json or csv")
    data = export_data(tracker)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ENTRY_COLUMNS)
    for entry in data["entries"]:
        writer.writerow(
            [
                spreadsheet_safe(entry["exercise"]),
                entry["day"],
                entry["amount"],
                entry["target"],
                "yes" if entry["skipped"] else "no",
                spreadsheet_safe(entry["note"] or ""),
            ]
        )
    # Each exercise's reminder setting, as the note of a "remind:SLUG" row (times,
    # "none" or "default"), so an exercise without entries keeps its reminders too.
    for item in data["exercises"]:
        writer.writerow(
            [f"{REMIND_PREFIX}{item['slug']}", "", "", "", "", remind_text(item["remind"])]
        )
    # The journal in the same columns: "journal:SYMPTOM" (level of the symptom's
    # top) and "journal:note"; a slug never holds ":", so no exercise clashes.
    for item in data["journal"]:
        top = BY_SLUG[item["symptom"]].top
        writer.writerow(
            [f"{JOURNAL_PREFIX}{item['symptom']}", item["day"], item["level"], top, "no", ""]
        )
    for item in data["journal_notes"]:
        writer.writerow(
            [f"{JOURNAL_PREFIX}note", item["day"], 0, 1, "no", spreadsheet_safe(item["note"])]
        )
    return buffer.getvalue()


# --- reading a file ----------------------------------------------------------------


class _Problems:
    """The bad records found so far, each named by its place in the file."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self.count = 0

    def add(self, where: str, message: str) -> None:
        self.count += 1
        if len(self.found) < MAX_PROBLEMS:
            self.found.append(f"{where}: {message}")

    def raise_if_any(self) -> None:
        if not self.count:
            return
        more = self.count - len(self.found)
        tail = f" (and {more} more)" if more else ""
        raise InvalidInput(
            f"nothing was imported; {plural(self.count, 'bad record')}: "
            + "; ".join(self.found)
            + tail
        )


def _day(value: object, today: dt.date, label: str = "day") -> dt.date:
    if not isinstance(value, str):
        raise InvalidInput(f"{label} must be an ISO date such as 2026-11-21")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"{label} must be an ISO date such as 2026-11-21, not {value[:40]!r}"
        ) from None
    return rules.stored_day(day, today)


def _instant(value: object, label: str, allow_none: bool = True) -> str | None:
    text = rules.text(label, value, 40, allow_none=allow_none)
    if text is None:
        return None
    try:
        moment = engine.stored_instant(text)
    except ValueError:
        raise InvalidInput(f"{label} must be an ISO timestamp") from None
    assert moment is not None
    if not 1970 <= moment.astimezone(dt.UTC).year <= 9000:
        raise InvalidInput(f"{label} is out of range")
    return text


def _exercise(item: dict, index: int, today: dt.date) -> dict[str, Any]:
    slug = item.get("slug")
    if not rules.is_slug(slug):
        raise InvalidInput(f"slug {str(slug)[:40]!r} must be lower-case letters, digits and dashes")
    fields = rules.exercise_fields(
        name=rules.text("name", item.get("name"), rules.MAX_NAME),
        kind=item.get("kind"),
        target=_json_number("target", item.get("target")),
        goal=_json_number("goal", item.get("goal"), allow_none=True),
        step=_json_number("step", item.get("step", 1)),
        unit=rules.text("unit", item.get("unit"), rules.MAX_UNIT, allow_none=True),
        schedule=rules.text("schedule", item.get("schedule", "daily"), 200),
        guide=rules.text("guide", item.get("guide"), rules.MAX_GUIDE, allow_none=True),
        anchor=today,
    )
    position = item.get("position", index)
    if isinstance(position, bool) or not isinstance(position, int):
        raise InvalidInput("position must be a whole number")
    if not 0 <= position <= MAX_POSITION:
        raise InvalidInput(f"position must be from 0 to {MAX_POSITION:,}")
    created = item.get("created")
    identity = item.get("uuid")
    record = {
        "slug": slug,
        "uuid": None if identity is None else rules.identity(identity),
        **fields,
        "archived": bool(item.get("archived", False)),
        "position": position,
        "created": _day(created, today, "created") if created else None,
    }
    if "remind" in item:  # absent from exports made before reminders: left as stored
        record["remind"] = rules.reminder_times(item["remind"], str(fields["kind"]))
    return record


def _json_number(label: str, value: object, *, allow_none: bool = False) -> float | None:
    """A number as JSON has it (not a string that looks like one)."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"{label} must be a number")
    return rules.number(label, value)


def _entry(item: dict, known: dict[str, str], today: dt.date) -> dict[str, Any]:
    slug = item.get("exercise")
    if slug not in known:
        raise InvalidInput(f"unknown exercise {str(slug)[:40]!r}")
    value = item.get("amount")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput("amount must be a number")
    amount = rules.amount_for(value, known[slug])
    return {
        "exercise": slug,
        "day": _day(item.get("day"), today),
        "amount": amount,
        "target": rules.positive("target", _json_number("target", item.get("target")), 1.0),
        "skipped": bool(item.get("skipped", False)),
        "note": rules.note(rules.text("note", item.get("note"), rules.MAX_NOTE, allow_none=True)),
    }


def _session(item: dict, known: dict[str, str], today: dt.date) -> dict[str, Any]:
    slug = item.get("exercise")
    if slug not in known:
        raise InvalidInput(f"unknown exercise {str(slug)[:40]!r}")
    started = _instant(item.get("started"), "started", allow_none=False)
    paused_at = _instant(item.get("paused_at"), "paused_at")
    ended = _instant(item.get("ended"), "ended")
    planned = _json_number("planned_seconds", item.get("planned_seconds"))
    paused = _json_number("paused_seconds", item.get("paused_seconds", 0))
    if planned is None or planned != int(planned) or not 1 <= planned <= engine.MAX_MINUTES * 60:
        raise InvalidInput(
            f"planned_seconds must be whole seconds from 1 to {engine.MAX_MINUTES * 60:,}"
        )
    status = item.get("status")
    try:
        session = Session.from_stored(
            None,
            str(slug),
            started,
            int(planned),
            paused,
            paused_at,
            status,
            ended,  # type: ignore[arg-type]
        )
    except (TypeError, ValueError) as exc:
        raise InvalidInput(str(exc)) from None
    if session.status in engine.FINISHED and session.ended is None:
        raise InvalidInput(f"a {session.status} session needs an end time")
    if session.ended is not None and session.ended < session.started:
        raise InvalidInput("a session cannot end before it started")
    tomorrow = dt.datetime.combine(today + dt.timedelta(days=2), dt.time(), dt.UTC)
    if session.started > tomorrow:
        raise InvalidInput("a session cannot start in the future")
    return {
        "exercise": slug,
        "day": _day(item.get("day"), today),
        "started": started,
        "planned_seconds": int(planned),
        "paused_seconds": session.paused_seconds,
        "paused_at": paused_at,
        "status": session.status,
        "ended": ended,
    }


def decode_export(text: str) -> dict[str, Any]:
    """The JSON of a Second Heart export, or InvalidInput saying why the text is not one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        ) from None
    except (ValueError, RecursionError) as exc:  # thousands of digits, very deep nesting
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:80]
        raise InvalidInput(f"not a usable JSON file ({reason})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput('not a Second Heart export (missing "format": "secondheart")')
    if data.get("version") != VERSION:
        raise InvalidInput(
            f"export version {repr(data.get('version'))[:20]} is not supported "
            f"(this version reads {VERSION})"
        )
    return data


def parse_import(tracker: Tracker, text: str) -> dict[str, list[dict[str, Any]]]:
    """Check a JSON export completely; returns clean records or raises InvalidInput."""
    data = decode_export(text)
    for key in ("exercises", "entries", "sessions", "journal", "journal_notes"):
        if not isinstance(data.get(key, []), list):
            raise InvalidInput(f'"{key}" must be a list')
    today = tracker.today()
    problems = _Problems()
    readers = {
        "exercises": lambda item, i: _exercise(item, i, today),
        "entries": lambda item, i: _entry(item, known, today),
        "sessions": lambda item, i: _session(item, known, today),
        "journal": lambda item, i: _journal_level(item, today),
        "journal_notes": lambda item, i: _journal_note(item, today),
    }
    clean: dict[str, list[dict[str, Any]]] = {key: [] for key in readers}
    known = {e.slug: e.kind for e in tracker.exercises(include_archived=True)}  # slug: kind
    seen: dict[str, set] = {key: set() for key in readers}
    for key, read in readers.items():
        for index, item in enumerate(data.get(key, [])):
            where = f"{key}[{index}]"
            try:
                if not isinstance(item, dict):
                    raise InvalidInput("must be an object")
                record = read(item, index)
            except InvalidInput as exc:
                problems.add(where, str(exc))
                continue
            identity = _identity(key, record)
            if identity in seen[key]:
                problems.add(where, "appears twice in the file")
                continue
            seen[key].add(identity)
            clean[key].append(record)
            if key == "exercises":
                known[record["slug"]] = record["kind"]
    identities = [e["uuid"] for e in clean["exercises"] if e["uuid"]]
    if len(identities) != len(set(identities)):
        problems.add("exercises", "two exercises have the same uuid")
    active = [s for s in clean["sessions"] if s["status"] in ACTIVE]
    if len(active) > 1:
        problems.add("sessions", "more than one timer is running or paused")
    problems.raise_if_any()
    return clean


def _journal_level(item: dict, today: dt.date) -> dict[str, Any]:
    try:
        symptom = rules.journal_symptom(rules.text("symptom", item.get("symptom"), 40))
    except LookupFailed as exc:
        raise InvalidInput(str(exc)) from None
    value = item.get("level")
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("level must be a whole number")
    return {
        "day": _day(item.get("day"), today),
        "symptom": symptom,
        "level": rules.journal_level(symptom, value),
    }


def _journal_note(item: dict, today: dt.date) -> dict[str, Any]:
    note = rules.note(rules.text("note", item.get("note"), rules.MAX_NOTE))
    if note is None:
        raise InvalidInput("a journal note cannot be empty")
    return {"day": _day(item.get("day"), today), "note": note}


def _identity(key: str, record: dict[str, Any]) -> object:
    if key == "exercises":
        return record["slug"]
    if key == "journal":
        return (record["day"], record["symptom"])
    if key == "journal_notes":
        return record["day"]
    if key == "entries":
        return (record["exercise"], record["day"])
    return (record["exercise"], record["started"])


def import_text(tracker: Tracker, text: str) -> dict[str, int]:
    """Merge a JSON export (see the module's rules); returns the record counts."""
    from peewee import EXCLUDED, fn

    clean = parse_import(tracker, text)
    today = tracker.today()
    with tracker.db.write() as m:
        X, E, S = m.Exercise, m.Entry, m.Session
        before = reminder_marks.keys(m)
        ids = dict(X.select(X.slug, X.id).tuples())
        by_uuid = dict(X.select(X.uuid, X.id).tuples())
        for item in clean["exercises"]:
            values = dict(item)
            values["created"] = values["created"] or today
            identity = values.pop("uuid")
            found = by_uuid.get(identity) if identity else None
            found = found or ids.get(values["slug"])
            if found is None:
                row = X.create(**values, **({"uuid": identity} if identity else {}))
                ids[row.slug] = row.id
                continue
            update = {key: value for key, value in values.items() if key not in ("slug", "created")}
            if identity:  # matched by slug: the file's identity wins, as its other fields do
                update["uuid"] = identity
            X.update(**update, created=fn.MIN(X.created, values["created"])).where(
                X.id == found
            ).execute()
            ids[values["slug"]] = found
        reminder_marks.mark_changed(m, before, today, tracker.clock.now())
        stamp = utc_stamp()
        rows = [{**item, "exercise": ids[item["exercise"]], "updated": stamp} for item in clean["entries"]]  # fmt: skip
        for chunk in _chunks(rows, 150):
            E.insert_many(chunk).on_conflict(
                conflict_target=[E.exercise, E.day],
                update={
                    E.amount: fn.MAX(E.amount, EXCLUDED.amount),
                    E.target: EXCLUDED.target,
                    E.skipped: E.skipped | EXCLUDED.skipped,
                    E.note: fn.COALESCE(EXCLUDED.note, E.note),
                },
            ).execute()
        incoming = [s for s in clean["sessions"] if s["status"] in ACTIVE]
        if incoming:
            running = (
                S.select(S.started, X.slug).join(X).where(S.status.in_(ACTIVE)).tuples().first()
            )
            mine = (incoming[0]["started"], incoming[0]["exercise"])
            if running is not None and tuple(running) != mine:
                raise InvalidInput(
                    "the file has a running timer and so does this database; "
                    "finish or cancel the timer first, then import again"
                )
        rows = [{**item, "exercise": ids[item["exercise"]]} for item in clean["sessions"]]
        for chunk in _chunks(rows, 100):
            S.insert_many(chunk).on_conflict(
                conflict_target=[S.exercise, S.started],
                update={
                    S.status: EXCLUDED.status,
                    S.paused_seconds: EXCLUDED.paused_seconds,
                    S.paused_at: EXCLUDED.paused_at,
                    S.ended: EXCLUDED.ended,
                },
                where=S.status.in_(ACTIVE) & EXCLUDED.status.not_in(ACTIVE),
            ).execute()
        from .journal import merge

        merge(
            m,
            [(j["day"], j["symptom"], j["level"]) for j in clean["journal"]],
            [(n["day"], n["note"]) for n in clean["journal_notes"]],
        )
    return {key: len(rows) for key, rows in clean.items()}


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]
