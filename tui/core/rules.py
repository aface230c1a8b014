"""Every rule about what a value may be, written once.

The exercise form, the command line, ``config``, import and the store all call
these functions, so each rule and its message exist in one place. Each
returns the clean value or raises :class:`~tui.core.errors.InvalidInput` with
one sentence a user can act on.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

from . import schedule as schedules
from .dates import MAX_AMOUNT, parse_amount
from .errors import InvalidInput, LookupFailed
from .model import DEFAULT_UNITS, KINDS
from .text import without_controls

MAX_NAME = 60
MAX_UNIT = 16
MAX_NOTE = 2000
MAX_GUIDE = 20_000
MAX_THEME_NAME = 60
MAX_SLUG = 40


class Setting:
    """One setting: its default, what it means, and whether the app alone keeps it.

    A plain class, not a dataclass: building a dataclass costs milliseconds at
    import, and ``secondheart status`` imports this module every few seconds.
    """

    __slots__ = ("default", "description", "internal")

    def __init__(self, default: str, description: str, internal: bool = False) -> None:
        self.default = default
        self.description = description
        self.internal = internal  # kept by the app itself: not listed or changed by ``config``


SETTINGS: dict[str, Setting] = {
    "day-start-hour": Setting("0", "hour (0-23) at which a new day starts"),
    "theme": Setting("second-heart-dark", "colour theme"),
    "elevation-minutes": Setting("15", "length of a leg-elevation session in minutes"),
    "waking-start": Setting("08:00", "start of the waking window for suggested sessions"),
    "waking-end": Setting("21:00", "end of the waking window for suggested sessions"),
    "week-start": Setting("mon", "first day of the week in calendars (mon or sun)"),
    "guide-pane": Setting("on", "show the guide pane beside Today (on or off)"),
    "welcome-seen": Setting(
        "no", "whether the first-run disclaimer was acknowledged", internal=True
    ),
    "move-break-minutes": Setting("60", "minutes without a tick before a movement break (0: off)"),
    "bell": Setting("on", "ring the terminal bell for reminders and finished timers (on or off)"),
}
MAX_BREAK_MINUTES = 600
MAX_REMINDERS = 12


# --- names and text ---------------------------------------------------------------


def _own_slug(name: str) -> str:
    """The slug a name spells ('' for a name with no letter or digit a slug can hold).

    Terminal sequences go whole first: 'New \\x1b[31mname' -> 'new-name', not 'new-31mname'.
    """
    text = unicodedata.normalize("NFKD", without_controls(name)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:MAX_SLUG].strip("-")


def slugify(name: str) -> str:
    """'Heel (calf) raises' -> 'heel-calf-raises'."""
    return _own_slug(name) or "exercise"


def is_slug(text: object) -> bool:
    """Whether ``text`` is already a clean slug (lower-case letters, digits, dashes)."""
    return isinstance(text, str) and bool(text) and slugify(text) == text


def text(label: str, value: object, limit: int, *, allow_none: bool = False) -> str | None:
    """Text as stored: a string, at most ``limit`` characters, encodable as UTF-8."""
    if value is None and allow_none:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{label} must be text")
    if len(value) > limit:
        raise InvalidInput(f"{label} is longer than {limit:,} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{label} has characters that are not valid text") from None
    return value


def identity(value: object) -> str:
    """An exercise's stable identity: a UUID in any usual spelling, stored as 32 hex digits."""
    import uuid

    if not isinstance(value, str) or len(value) > 45:
        raise InvalidInput("uuid must be a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e")
    try:
        return uuid.UUID(value.strip()).hex
    except ValueError:
        raise InvalidInput(f"uuid {value[:45]!r} is not a UUID") from None


def name(value: object) -> str:
    """An exercise name: spaces folded, 1 to 60 characters."""
    clean = " ".join(str(value or "").split())
    if not clean:
        raise InvalidInput("the name cannot be empty")
    if len(clean) > MAX_NAME:
        raise InvalidInput(f"the name can be at most {MAX_NAME} characters")
    return clean


def note(value: object) -> str | None:
    """A note: trimmed, at most 2,000 characters; empty means no note."""
    text = str(value or "").strip()
    if len(text) > MAX_NOTE:
        raise InvalidInput(
            f"a note can be at most {MAX_NOTE:,} characters (this one has {len(text):,})"
        )
    return text or None


def note_added(before: str | None, addition: object) -> str:
    """``before`` with ``addition`` on a line of its own after it: nothing written is lost.

    The limit of every note holds for the whole. Text already in the note as
    whole lines is not added twice, so running the same command again
    changes nothing.
    """
    text = note(addition)
    if text is None:
        raise InvalidInput("the text to add to the note is empty")
    if not before:
        return text
    if f"\n{text}\n" in f"\n{before}\n":
        return before
    combined = f"{before}\n{text}"
    if len(combined) > MAX_NOTE:
        raise InvalidInput(
            f"a note can be at most {MAX_NOTE:,} characters (the day's note and this text "
            f"together have {len(combined):,})"
        )
    return combined


def unit(value: object, kind: str) -> str:
    """A unit: the kind's default when not given, at most 16 characters."""
    text = DEFAULT_UNITS[kind] if value is None else " ".join(str(value).split())
    if len(text) > MAX_UNIT:
        raise InvalidInput(f"the unit can be at most {MAX_UNIT} characters")
    return text


def guide(value: object) -> str:
    text = str(value or "")
    if len(text) > MAX_GUIDE:
        raise InvalidInput(f"the guide text can be at most {MAX_GUIDE:,} characters")
    return text


def kind(value: object) -> str:
    text = str(value or "").strip().lower()
    if text not in KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(KINDS)}, not {text!r}")
    return text


# --- numbers -----------------------------------------------------------------------


def number(label: str, value: object, *, allow_none: bool = False) -> float | None:
    """A finite number from 0 to 100,000 (``None`` or blank when allowed)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if allow_none:
            return None
        raise InvalidInput(f"{label} is required")
    if isinstance(value, bool):
        raise InvalidInput(f"{label} must be a number, not {value!r}")
    try:
        result = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(f"{label} must be a number, not {str(value)[:40]!r}") from None
    if not math.isfinite(result):
        raise InvalidInput(f"{label} must be a finite number")
    if result < 0 or result > MAX_AMOUNT:
        raise InvalidInput(f"{label} must be between 0 and {MAX_AMOUNT:,}")
    return result


def amount(value: object) -> float:
    """An amount done: a finite number from 0 to 100,000."""
    try:
        return parse_amount(value)  # type: ignore[arg-type]
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


WHOLE_KINDS = ("count",)


def whole(label: str, value: float, kind: str) -> float:
    """``value`` unchanged, unless the kind counts whole things and it is not whole.

    A count exercise takes whole numbers: 12.5 reps is refused, with the same
    message in the form, the amount prompt, the command line and import.
    """
    if kind in WHOLE_KINDS and value != int(value):
        raise InvalidInput(f"{label} must be a whole number for a {kind}, not {value:g}")
    return value


def amount_for(value: object, kind: str) -> float:
    """An amount done for an exercise of ``kind``: :func:`amount`, and whole for a count."""
    return whole("the amount", amount(value), kind)


def change(value: float) -> float:
    """A step up or down: finite."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput("the change must be a finite number")
    return float(value)


def positive(label: str, value: object, default: float) -> float:
    """A target or step: more than 0 (``default`` when not given)."""
    result = number(label, default if value is None else value)
    assert result is not None
    if result <= 0:
        raise InvalidInput(f"{label} must be more than 0")
    return result


def exercise_fields(
    *,
    name: object,
    kind: object,
    target: object,
    goal: object,
    step: object,
    unit: object,
    schedule: object,
    guide: object,
    anchor: dt.date,
) -> dict[str, object]:
    """Every field of an exercise checked together; returns the clean values.

    An :class:`InvalidInput` names the field it is about in ``field``.
    """
    with about("name"):
        clean_name = _name(name)
    with about("kind"):
        clean_kind = _kind(kind)
    with about("target"):
        target_value = 1.0 if clean_kind == "check" else positive("target", target, 1.0)
        whole("target", target_value, clean_kind)
    with about("goal"):
        goal_value = number("goal", goal, allow_none=True)
        if goal_value is not None:
            whole("goal", goal_value, clean_kind)
            if goal_value < target_value:
                raise InvalidInput("the stretch goal cannot be below the target")
    with about("step"):
        step_value = whole("step", positive("step", step, 1.0), clean_kind)
    with about("schedule"):
        try:
            parsed = schedules.parse(str(schedule or "daily"), anchor=anchor)
        except schedules.ScheduleError as exc:
            raise InvalidInput(str(exc)) from None
    with about("unit"):
        clean_unit = _unit(unit, clean_kind)
    with about("guide"):
        clean_guide = _guide(guide)
    return {
        "name": clean_name,
        "kind": clean_kind,
        "target": target_value,
        "goal": goal_value,
        "step": step_value,
        "unit": clean_unit,
        "schedule": parsed.text(),
        "guide": clean_guide,
    }


@contextmanager
def about(field: str) -> Iterator[None]:
    """Label an :class:`InvalidInput` raised inside with the field it concerns."""
    try:
        yield
    except InvalidInput as exc:
        if exc.field is None:
            exc.field = field
        raise


_name, _kind, _unit, _guide = name, kind, unit, guide


def unique_name(
    value: str, others: Iterable[tuple[str, str, bool]], slug: str | None = None
) -> str:
    """``value`` (a clean name), unless another exercise already goes by it.

    ``others`` holds every other exercise, archived ones too, as (name, slug,
    archived). A name is taken when it matches another's name ignoring case,
    or when it (or the ``slug`` asked for) would make that exercise's slug:
    two "Calf stretch" rows would leave ``calf`` ambiguous for ever.
    """
    with about("name"):
        _taken(value, others, slug)
    return value


def _taken(value: str, others: Iterable[tuple[str, str, bool]], slug: str | None) -> None:
    key = value.casefold()
    # A name without a letter a slug can hold has no slug of its own to clash on.
    wanted = {_own_slug(text) for text in (value, slug or "")} - {""}
    for other_name, other_slug, archived in others:
        if other_name.casefold() == key or other_slug in wanted:
            where = " (archived)" if archived else ""
            raise InvalidInput(
                f"an exercise called {other_name!r} already exists{where} as {other_slug}; "
                "choose another name"
            )


# --- days --------------------------------------------------------------------------


FIRST_DAY = dt.date(1970, 1, 1)


def stored_day(day: dt.date, today: dt.date) -> dt.date:
    """A day a record may carry: from 1970 to tomorrow (a file from a zone ahead of ours)."""
    if not FIRST_DAY <= day <= today + dt.timedelta(days=1):
        raise InvalidInput(
            f"{day.isoformat()} is out of range (from {FIRST_DAY.isoformat()} to today)"
        )
    return day


def check_in_day(day: dt.date, today: dt.date) -> dt.date:
    """A day a check-in may be written for: today or earlier."""
    if day > today:
        raise InvalidInput(
            f"{day.isoformat()} is in the future; check-ins are for today or earlier"
        )
    return day


# --- settings ----------------------------------------------------------------------


def user_settings() -> list[str]:
    """The settings a user sees and changes (``config``), in order."""
    return [key for key, item in SETTINGS.items() if not item.internal]


def setting_key(key: str) -> str:
    """A known setting, internal ones included (the app keeps those itself)."""
    if key not in SETTINGS:
        from .suggest import did_you_mean

        hint = did_you_mean(key, user_settings()) or f"known: {', '.join(user_settings())}"
        raise LookupFailed(f"unknown setting {key!r}; {hint}")
    return key


def user_setting_key(key: str) -> str:
    """A setting a user may read or change; an internal one is refused in one line."""
    setting_key(key)
    if SETTINGS[key].internal:
        raise LookupFailed(
            f"{key} is kept by the app itself ({SETTINGS[key].description}), not a setting"
        )
    return key


def theme_name(value: object) -> str:
    text = str(value or "").strip()
    if not text or len(text) > MAX_THEME_NAME:
        raise InvalidInput(f"a theme name must be 1 to {MAX_THEME_NAME} characters")
    if any(unicodedata.category(c)[0] == "C" for c in text):
        raise InvalidInput("a theme name cannot contain control characters")
    return text


def _clock_time(key: str, value: str) -> str:
    try:
        text = value if len(value) > 2 else f"{int(value):02d}:00"
        parsed = dt.time.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{key} must be a time such as 08:00") from None
    return parsed.strftime("%H:%M")


def setting(key: str, value: object, current: Mapping[str, str] | None = None) -> str:
    """A setting's clean text; ``current`` holds the other settings (for the waking window)."""
    setting_key(key)
    text = str(value).strip()
    if key == "day-start-hour":
        if not text.isdigit() or not 0 <= int(text) <= 23:
            raise InvalidInput("day-start-hour must be a whole hour from 0 to 23")
        return str(int(text))
    if key == "elevation-minutes":
        try:
            minutes = float(text)
        except ValueError:
            minutes = math.nan
        if not math.isfinite(minutes) or not 1 <= minutes <= 120:
            raise InvalidInput("elevation-minutes must be a number of minutes from 1 to 120")
        return f"{minutes:g}"
    if key in ("waking-start", "waking-end"):
        clean = _clock_time(key, text)
        others = {k: item.default for k, item in SETTINGS.items()} | dict(current or {})
        start = clean if key == "waking-start" else others["waking-start"]
        end = clean if key == "waking-end" else others["waking-end"]
        if start >= end:
            raise InvalidInput(
                f"the waking window must start before it ends (start {start}, end {end})"
            )
        return clean
    if key == "week-start":
        if text.lower()[:3] not in ("mon", "sun"):
            raise InvalidInput("week-start must be mon or sun")
        return text.lower()[:3]
    if key == "guide-pane":
        if text.lower() not in ("on", "off"):
            raise InvalidInput("guide-pane must be on or off")
        return text.lower()
    if key == "welcome-seen":
        if text.lower() not in ("yes", "no"):
            raise InvalidInput("welcome-seen must be yes or no")
        return text.lower()
    if key == "theme":
        return theme_name(text)
    if key == "move-break-minutes":
        if not text.isdigit() or int(text) > MAX_BREAK_MINUTES:
            raise InvalidInput(
                f"move-break-minutes must be whole minutes from 0 (off) to {MAX_BREAK_MINUTES}"
            )
        return str(int(text))
    if key == "bell":
        if text.lower() not in ("on", "off"):
            raise InvalidInput("bell must be on or off")
        return text.lower()
    raise AssertionError(key)  # pragma: no cover - every key is handled above


def move_break_minutes(settings: Mapping[str, str]) -> int:
    """The stored movement-break stretch in minutes (0: off); the default when unusable."""
    try:
        return int(setting("move-break-minutes", settings.get("move-break-minutes", "60")))
    except InvalidInput:
        return int(SETTINGS["move-break-minutes"][0])


def bell_on(settings: Mapping[str, str]) -> bool:
    """Whether the terminal bell rings (anything but a stored ``off`` means on)."""
    return settings.get("bell", "on") != "off"


# --- reminders ---------------------------------------------------------------------

REMIND_HELP = "reminders are times such as 10:00, 15:30 (or none)"


def reminder_times(value: object, kind: str | None = None) -> str | None:
    """Reminder times as stored: '10:00,15:30', '' for none, None for the default.

    Accepts times separated by commas or spaces ('9:30, 15:00'), ``none`` or an
    empty text for no reminders, ``suggested`` (a ``sessions`` exercise only)
    for the suggested session times, and ``default`` for the exercise's
    default (the suggested times for a ``sessions`` exercise, none for the
    others; what an export writes for None). Times are sorted and each kept
    once; at most 12 a day.
    """
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 200:
        raise InvalidInput(REMIND_HELP)
    text = value.strip().lower()
    if text in ("", "none", "off"):
        return ""
    if text == "default":
        return None
    if text == "suggested":
        if kind is not None and kind != "sessions":
            raise InvalidInput(
                "only a sessions exercise can remind at the suggested times; give times such as"
                " 10:00, 15:30"
            )
        return None
    times = set()
    for part in re.split(r"[,;\s]+", text):
        if not part:
            continue
        if not re.fullmatch(r"\d{1,2}:\d{2}", part):
            raise InvalidInput(f"{part[:20]!r} is not a time; {REMIND_HELP}")
        hours, minutes = (int(x) for x in part.split(":"))
        if hours > 23 or minutes > 59:
            raise InvalidInput(f"{part!r} is not a time of day; {REMIND_HELP}")
        times.add(f"{hours:02d}:{minutes:02d}")
    if len(times) > MAX_REMINDERS:
        raise InvalidInput(f"at most {MAX_REMINDERS} reminders a day")
    return ",".join(sorted(times))


def waking_window(settings: Mapping[str, str]) -> tuple[dt.time, dt.time]:
    """The waking window from stored settings; the default when they are unusable."""
    try:
        start = dt.time.fromisoformat(settings.get("waking-start", "08:00"))
        end = dt.time.fromisoformat(settings.get("waking-end", "21:00"))
    except ValueError:
        return dt.time(8), dt.time(21)
    if start >= end:
        return dt.time(8), dt.time(21)
    return start, end


# --- the leg journal ---------------------------------------------------------------


def journal_symptom(value: object) -> str:
    """A journal symptom's slug (``cramps``, ``skin-colour``…), as typed or in any case."""
    import difflib

    from .journal import BY_SLUG

    text = str(value or "").strip().lower().replace("_", "-").replace(" ", "-")
    if text in BY_SLUG:
        return text
    known = ", ".join(BY_SLUG)
    close = difflib.get_close_matches(text, list(BY_SLUG), n=1)
    hint = f"did you mean {close[0]}? " if close else ""
    raise LookupFailed(f"unknown symptom {str(value)[:40]!r}; {hint}known: {known}")


def journal_level(symptom: str, value: object) -> int:
    """A symptom's level: 0-3 or none/mild/moderate/severe; a red flag's: yes or no."""
    from .journal import BY_SLUG, LEVEL_WORDS

    item = BY_SLUG[journal_symptom(symptom)]
    if isinstance(value, bool):
        value = int(value)
    text = str(value).strip().lower()
    if item.red_flag:
        answers = {"yes": 1, "y": 1, "no": 0, "n": 0}
        if isinstance(value, int) and value in (0, 1):
            return value
        if text in answers:
            return answers[text]
        raise InvalidInput(f"{item.slug} takes yes or no, not {str(value)[:20]!r}")
    if isinstance(value, int) and 0 <= value <= 3:
        return value
    if text in LEVEL_WORDS:
        return LEVEL_WORDS.index(text)
    if text in ("0", "1", "2", "3"):
        return int(text)
    raise InvalidInput(
        f"{item.slug} is rated 0 to 3 (0 none, 1 mild, 2 moderate, 3 severe), "
        f"not {str(value)[:20]!r}"
    )


def journal_day(day: dt.date, today: dt.date) -> dt.date:
    """A day the journal may be written for: today or earlier."""
    if day > today:
        raise InvalidInput(
            f"{day.isoformat()} is in the future; the journal is for today or earlier"
        )
    return day
