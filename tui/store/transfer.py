"""Export to JSON or CSV, and import (merge) a JSON export.

Import validates the whole file before writing anything, then writes in one
transaction; importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from typing import Any

from peewee import EXCLUDED

from ..core import schedule as schedules
from ..core.model import KINDS
from . import database
from .database import utc_stamp
from .errors import InvalidInput
from .models import EntryRow, ExerciseRow, SessionRow
from .service import MAX_NOTE, Tracker, slugify

FORMAT = "secondheart"
VERSION = 1
ENTRY_COLUMNS = ("exercise", "day", "amount", "target", "skipped", "note")
SESSION_STATUSES = ("running", "paused", "completed", "cancelled")


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def export_data(tracker: Tracker) -> dict[str, Any]:
    """Everything in the database as plain data, in the export format."""
    exercises = tracker.exercises(include_archived=True)
    slug_of = {e.id: e.slug for e in exercises}
    entries = [
        {
            "exercise": slug_of[ex_id],
            "day": day.isoformat() if isinstance(day, dt.date) else str(day),
            "amount": _num(amount),
            "target": _num(target),
            "skipped": bool(skipped),
            "note": note,
        }
        for ex_id, day, amount, target, skipped, note in EntryRow.select(
            EntryRow.exercise,
            EntryRow.day,
            EntryRow.amount,
            EntryRow.target,
            EntryRow.skipped,
            EntryRow.note,
        )
        .order_by(EntryRow.day, EntryRow.exercise)
        .tuples()
    ]
    sessions = [
        {
            "exercise": slug_of[ex_id],
            "day": day.isoformat() if isinstance(day, dt.date) else str(day),
            "started": started,
            "planned_seconds": planned,
            "paused_seconds": _num(paused),
            "paused_at": paused_at,
            "status": status,
            "ended": ended,
        }
        for ex_id, day, started, planned, paused, paused_at, status, ended in SessionRow.select(
            SessionRow.exercise,
            SessionRow.day,
            SessionRow.started,
            SessionRow.planned_seconds,
            SessionRow.paused_seconds,
            SessionRow.paused_at,
            SessionRow.status,
            SessionRow.ended,
        )
        .order_by(SessionRow.started)
        .tuples()
    ]
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
            }
            for e in exercises
        ],
        "entries": entries,
        "sessions": sessions,
    }


def export_text(tracker: Tracker, fmt: str = "json") -> str:
    """The export as JSON text or as CSV (entry columns)."""
    data = export_data(tracker)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(ENTRY_COLUMNS)
        for entry in data["entries"]:
            writer.writerow(
                [
                    entry["exercise"],
                    entry["day"],
                    entry["amount"],
                    entry["target"],
                    "yes" if entry["skipped"] else "no",
                    entry["note"] or "",
                ]
            )
        return buffer.getvalue()
    raise InvalidInput(f"unknown export format {fmt!r}; use json or csv")


class _Checker:
    """Collects the first problem with a clear position in the file."""

    def __init__(self) -> None:
        self.where = ""

    def fail(self, message: str) -> None:
        raise InvalidInput(f"{self.where}: {message}" if self.where else message)

    def number(self, item: dict, key: str, *, allow_none: bool = False) -> float | None:
        value = item.get(key)
        if value is None and allow_none:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(f"{key} must be a number")
        if not math.isfinite(value) or value < 0 or value > 100_000:
            self.fail(f"{key} must be a finite number from 0 to 100,000")
        return float(value)

    def day(self, item: dict, key: str) -> dt.date:
        value = item.get(key)
        try:
            return dt.date.fromisoformat(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            self.fail(f"{key} must be an ISO date such as 2026-11-21, not {value!r}")
        raise AssertionError  # pragma: no cover

    def text(
        self, item: dict, key: str, *, allow_none: bool = False, limit: int = 200
    ) -> str | None:
        value = item.get(key)
        if value is None and allow_none:
            return None
        if not isinstance(value, str):
            self.fail(f"{key} must be text")
        if len(value) > limit:
            self.fail(f"{key} is longer than {limit:,} characters")
        return value


def parse_import(text: str) -> dict[str, list[dict[str, Any]]]:
    """Validate a JSON export completely; returns clean rows or raises InvalidInput."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        ) from None
    check = _Checker()
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        check.fail('not a Second Heart export (missing "format": "secondheart")')
    if data.get("version") != VERSION:
        check.fail(
            f"export version {data.get('version')!r} is not supported (this version reads {VERSION})"
        )
    clean: dict[str, list[dict[str, Any]]] = {"exercises": [], "entries": [], "sessions": []}
    for key in clean:
        if not isinstance(data.get(key, []), list):
            check.fail(f'"{key}" must be a list')
    slugs = set()
    for index, item in enumerate(data.get("exercises", [])):
        check.where = f"exercises[{index}]"
        if not isinstance(item, dict):
            check.fail("must be an object")
        slug = check.text(item, "slug")
        if not slug or slugify(slug) != slug:
            check.fail(f"slug {slug!r} must be lower-case letters, digits and dashes")
        kind = check.text(item, "kind")
        if kind not in KINDS:
            check.fail(f"kind must be one of {', '.join(KINDS)}")
        try:
            schedule = schedules.parse(check.text(item, "schedule") or "daily")
        except schedules.ScheduleError as exc:
            check.fail(str(exc))
        name = check.text(item, "name", limit=60)
        if not name or not name.strip():
            check.fail("name cannot be empty")
        target = check.number(item, "target")
        created = item.get("created")
        clean["exercises"].append(
            {
                "slug": slug,
                "name": name,
                "kind": kind,
                "target": target,
                "goal": check.number(item, "goal", allow_none=True),
                "step": check.number(item, "step") if "step" in item else 1.0,
                "unit": check.text(item, "unit", allow_none=True, limit=16) or "",
                "schedule": schedule.text(),
                "archived": bool(item.get("archived", False)),
                "position": int(item.get("position", index))
                if isinstance(item.get("position", index), int)
                else index,
                "guide": check.text(item, "guide", allow_none=True, limit=20000) or "",
                "created": check.day(item, "created") if created else None,
            }
        )
        slugs.add(slug)
    known = slugs | {r.slug for r in ExerciseRow.select(ExerciseRow.slug)}
    for index, item in enumerate(data.get("entries", [])):
        check.where = f"entries[{index}]"
        if not isinstance(item, dict):
            check.fail("must be an object")
        slug = check.text(item, "exercise")
        if slug not in known:
            check.fail(f"unknown exercise {slug!r}")
        clean["entries"].append(
            {
                "exercise": slug,
                "day": check.day(item, "day"),
                "amount": check.number(item, "amount"),
                "target": check.number(item, "target"),
                "skipped": bool(item.get("skipped", False)),
                "note": check.text(item, "note", allow_none=True, limit=MAX_NOTE),
            }
        )
    for index, item in enumerate(data.get("sessions", [])):
        check.where = f"sessions[{index}]"
        if not isinstance(item, dict):
            check.fail("must be an object")
        slug = check.text(item, "exercise")
        if slug not in known:
            check.fail(f"unknown exercise {slug!r}")
        status = item.get("status")
        if status not in SESSION_STATUSES:
            check.fail(f"status must be one of {', '.join(SESSION_STATUSES)}")
        for key in ("started", "paused_at", "ended"):
            value = check.text(item, key, allow_none=key != "started", limit=40)
            if value is not None:
                try:
                    dt.datetime.fromisoformat(value)
                except ValueError:
                    check.fail(f"{key} must be an ISO timestamp")
        planned = check.number(item, "planned_seconds")
        clean["sessions"].append(
            {
                "exercise": slug,
                "day": check.day(item, "day"),
                "started": item["started"],
                "planned_seconds": int(planned or 0),
                "paused_seconds": check.number(item, "paused_seconds") or 0.0,
                "paused_at": item.get("paused_at"),
                "status": status,
                "ended": item.get("ended"),
            }
        )
    return clean


def import_text(tracker: Tracker, text: str) -> dict[str, int]:
    """Merge a JSON export: the file's exercise/day rows replace existing ones."""
    clean = parse_import(text)
    today = tracker.today()
    with database.transaction():
        for item in clean["exercises"]:
            values = dict(item)
            values["created"] = values["created"] or today
            ExerciseRow.insert(**values).on_conflict(
                conflict_target=[ExerciseRow.slug],
                update={
                    getattr(ExerciseRow, key): getattr(EXCLUDED, key)
                    for key in values
                    if key != "slug"
                },
            ).execute()
        ids = {
            slug: ex_id
            for slug, ex_id in ExerciseRow.select(ExerciseRow.slug, ExerciseRow.id).tuples()
        }
        stamp = utc_stamp()
        entry_rows = [
            {**item, "exercise": ids[item["exercise"]], "updated": stamp}
            for item in clean["entries"]
        ]
        for chunk in _chunks(entry_rows, 150):
            EntryRow.insert_many(chunk).on_conflict(
                conflict_target=[EntryRow.exercise, EntryRow.day],
                update={
                    EntryRow.amount: EXCLUDED.amount,
                    EntryRow.target: EXCLUDED.target,
                    EntryRow.skipped: EXCLUDED.skipped,
                    EntryRow.note: EXCLUDED.note,
                    EntryRow.updated: EXCLUDED.updated,
                },
            ).execute()
        session_rows = [{**item, "exercise": ids[item["exercise"]]} for item in clean["sessions"]]
        for chunk in _chunks(session_rows, 100):
            SessionRow.insert_many(chunk).on_conflict(
                conflict_target=[SessionRow.exercise, SessionRow.started],
                update={
                    SessionRow.status: EXCLUDED.status,
                    SessionRow.paused_seconds: EXCLUDED.paused_seconds,
                    SessionRow.paused_at: EXCLUDED.paused_at,
                    SessionRow.ended: EXCLUDED.ended,
                    SessionRow.planned_seconds: EXCLUDED.planned_seconds,
                    SessionRow.day: EXCLUDED.day,
                },
            ).execute()
    return {key: len(rows) for key, rows in clean.items()}


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]
