"""The leg journal: the symptoms the sources name, their levels, and weekly sums.

Pure Python, no Textual, no Peewee. Six symptoms are rated 0-3 (none, mild,
moderate, severe); two signs that need a medical evaluation are recorded as
yes or no (the red flags). A day may also carry a note. Nothing here judges
a symptom: the journal is a record, and the weekly sums below are plain
arithmetic over what was recorded, set beside the routine's completion
without any claim that one causes the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .streaks import DayRoles

LEVEL_WORDS = ("none", "mild", "moderate", "severe")
FLAG_WORDS = ("no", "yes")
MAX_LEVEL = 3
SPANS = (12, 26, 52)  # weeks the trend can cover

_M, _X, _P = ord("M"), ord("X"), ord("P")


@dataclass(frozen=True)
class Symptom:
    """One line of the journal: a symptom rated 0-3, or a red-flag sign (yes or no)."""

    slug: str
    name: str  # short, for tables and charts
    words: str  # as the sources put it
    red_flag: bool = False

    @property
    def label(self) -> str:
        """The name with the sources' words in brackets, unless they only repeat it.

        'Cramps (cramps, especially at night)', but 'Cold feet', never 'Cold feet (cold feet)'.
        """
        if self.words.casefold() == self.name.casefold():
            return self.name
        return f"{self.name} ({self.words})"

    @property
    def top(self) -> int:
        """The highest level: 3 for a rating, 1 (yes) for a red flag."""
        return 1 if self.red_flag else MAX_LEVEL

    def level_word(self, level: int | None) -> str:
        """'moderate', 'yes', or 'not recorded'."""
        if level is None:
            return "not recorded"
        return (FLAG_WORDS if self.red_flag else LEVEL_WORDS)[level]


SYMPTOMS: tuple[Symptom, ...] = (
    Symptom("cramps", "Cramps", "cramps, especially at night"),
    Symptom("foot-pain", "Foot pain", "pain in the feet"),
    Symptom("numbness", "Numbness", "numbness or tingling"),
    Symptom("cold-feet", "Cold feet", "cold feet"),
    Symptom("restless-legs", "Restless legs", "restless legs"),
    Symptom("heavy-legs", "Heavy legs", "heavy or swollen legs"),
    Symptom("skin-colour", "Skin colour", "skin turning blue or purple", red_flag=True),
    Symptom("slow-wound", "Slow wound", "a wound that heals slowly", red_flag=True),
)
BY_SLUG: dict[str, Symptom] = {s.slug: s for s in SYMPTOMS}
RATED: tuple[Symptom, ...] = tuple(s for s in SYMPTOMS if not s.red_flag)
RED_FLAGS: tuple[Symptom, ...] = tuple(s for s in SYMPTOMS if s.red_flag)


@dataclass(frozen=True)
class JournalDay:
    """One day of the journal: the levels recorded (slug -> level) and the note."""

    day: dt.date
    levels: Mapping[str, int] = field(default_factory=dict)
    note: str | None = None

    @property
    def red_flags(self) -> tuple[Symptom, ...]:
        """The red-flag signs recorded as yes on this day."""
        return tuple(s for s in RED_FLAGS if self.levels.get(s.slug))

    @property
    def empty(self) -> bool:
        return not self.levels and not self.note

    def level(self, slug: str) -> int | None:
        return self.levels.get(slug)


def level_glyphs(symptom: Symptom, level: int | None) -> str:
    """A level drawn so it never rests on colour: '●●○' for moderate, '■' for yes."""
    if symptom.red_flag:
        return "·" if level is None else ("■" if level else "□")
    if level is None:
        return "···"
    return "●" * level + "○" * (MAX_LEVEL - level)


def step_level(symptom: Symptom, level: int | None, delta: int) -> int:
    """The level one step up or down, kept within 0 and the symptom's top.

    From "not recorded", a step up records mild and a step down none. A red
    flag is never set to yes by a step: a step records no (yes is given
    explicitly, with ``y``), and a step down from yes records no.
    """
    if symptom.red_flag:
        return 0 if level is None or delta < 0 else level
    if level is None:
        return 0 if delta < 0 else min(symptom.top, delta)
    return min(symptom.top, max(0, level + delta))


def cycle_level(symptom: Symptom, level: int | None) -> int:
    """The next level round the cycle: mild -> moderate -> severe -> none -> mild.

    From "not recorded" the first step is mild, so each press is one level.
    A red flag is never set to yes by going round: from "not recorded" it
    records no, and otherwise it stays as it is (yes is given with ``y``).
    """
    if symptom.red_flag:
        return 0 if level is None else level
    return 1 if level is None else (level + 1) % (symptom.top + 1)


# --- weeks ---------------------------------------------------------------------------


def week_spans(today: dt.date, weeks: int) -> list[tuple[dt.date, dt.date]]:
    """The last ``weeks`` Monday-to-Sunday weeks up to ``today``, oldest first.

    The last one ends today (it may be a part week).
    """
    monday = today - dt.timedelta(days=today.weekday())
    spans = []
    for back in range(weeks - 1, -1, -1):
        start = monday - dt.timedelta(days=7 * back)
        spans.append((start, min(today, start + dt.timedelta(days=6))))
    return spans


@dataclass(frozen=True)
class WeekBurden:
    """One week of the journal: each rated symptom's levels added up, and what was recorded.

    A symptom rated severe (3) on every day of a week adds up to 21; the
    total adds the six symptoms, so it runs from 0 to 126. Red flags are
    not added in: they are counted as days.
    """

    start: dt.date
    end: dt.date
    levels: Mapping[str, int]
    rated_days: int  # days with at least one symptom rated
    red_flag_days: int

    @property
    def total(self) -> int:
        return sum(self.levels.values())

    def of(self, slug: str | None) -> int:
        """One symptom's sum, or the total for ``None``."""
        return self.total if slug is None else self.levels.get(slug, 0)


def weekly_burden(
    days: Mapping[dt.date, JournalDay], spans: Sequence[tuple[dt.date, dt.date]]
) -> list[WeekBurden]:
    """The sum of each symptom's levels per week, for the weeks in ``spans``."""
    out = []
    for start, end in spans:
        sums = {s.slug: 0 for s in RATED}
        rated = flagged = 0
        day = start
        while day <= end:
            found = days.get(day)
            day += dt.timedelta(days=1)
            if found is None:
                continue
            if any(s.slug in found.levels for s in RATED):
                rated += 1
            if found.red_flags:
                flagged += 1
            for symptom in RATED:
                sums[symptom.slug] += found.levels.get(symptom.slug, 0)
        out.append(WeekBurden(start, end, sums, rated, flagged))
    return out


def weekly_completion(
    roles: Sequence[DayRoles], spans: Sequence[tuple[dt.date, dt.date]]
) -> list[float | None]:
    """The routine's completion per week: exercise-days met over exercise-days due.

    Every exercise counts its own days (met, missed and partial days are due;
    skipped and unscheduled days are not). An N-per-week exercise counts its
    quota: met days up to the quota, over the quota. None for a week with
    nothing due.
    """
    out: list[float | None] = []
    for start, end in spans:
        met = due = 0.0
        for each in roles:
            if not each.n:
                continue
            lo = each.lo
            first = max(0, (start - lo).days)
            last = (end - lo).days + 1
            if last <= 0 or first >= each.n:
                continue
            chunk = each.roles[first:last]
            done = chunk.count(_M)
            if each.per_week:
                met += min(done, each.per_week)
                due += each.per_week
            else:
                met += done
                due += done + chunk.count(_X) + chunk.count(_P)
        out.append(met / due if due else None)
    return out


def red_flag_days(days: Mapping[dt.date, JournalDay]) -> list[JournalDay]:
    """The days with a red-flag sign recorded as yes, oldest first."""
    return [days[d] for d in sorted(days) if days[d].red_flags]
