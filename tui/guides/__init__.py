"""The guide: Markdown pages on each default exercise and on leg circulation.

Pure Python (stdlib only, no Textual): the Guide screen, the Today guide pane
and the first-run welcome dialog render what this module returns. Pages are
read with importlib.resources, so they work from a source tree and from an
installed wheel alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

__all__ = [
    "DISCLAIMER",
    "EXERCISE_SECTIONS",
    "SOURCES",
    "GuidePage",
    "Link",
    "about_text",
    "has_page",
    "links",
    "matching_lines",
    "pages",
    "read",
    "search",
    "sections",
    "word_key",
]


@dataclass(frozen=True)
class GuidePage:
    """One page of the guide: its slug (file name without .md), title and kind."""

    slug: str
    title: str
    kind: str  # "exercise" or "general"


# The level-2 sections every exercise page has, in this order.
EXERCISE_SECTIONS: tuple[str, ...] = (
    "What it is",
    "Why it helps",
    "How to do it",
    "How much",
    "Cautions",
)

# Shown by the first-run welcome dialog and `secondheart about`; about.md
# carries the same text (a test keeps them equal).
DISCLAIMER = (
    "Second Heart is for information only. It is not a medical device and not a "
    "substitute for professional medical advice, diagnosis or treatment, and it is "
    "not intended to diagnose, prevent or cure any condition. Talk to a doctor "
    "before you start, especially if you have an existing condition such as "
    "peripheral artery disease (PAD), a history of deep vein thrombosis (DVT) or "
    "severe heart disease, or if you take medication."
)

# The two articles the guide rests on, named as they name themselves
# (sources.md says the same, with what each contributes).
SOURCES: tuple[str, ...] = (
    "The foam-roller article of Dr Ben Kim's site, on massaging the hollow behind "
    "the knee: the knee-pit roll comes from it. It cites no studies.",
    "The leg-circulation exercise article published by Truemeds: the other "
    "exercises and most of the general pages come from it. It lists five references.",
)

# Table-of-contents order: the default routine's exercises in routine order,
# then the general pages.
_EXERCISE_SLUGS: tuple[str, ...] = (
    "walk",
    "ankle-pumps",
    "heel-raises",
    "bridge",
    "seated-marches",
    "knee-pit-roll",
    "leg-elevation",
)
_GENERAL_SLUGS: tuple[str, ...] = (
    "warning-signs",
    "see-a-doctor",
    "habits-and-food",
    "about",
    "sources",
)
_KINDS: dict[str, str] = {
    **dict.fromkeys(_EXERCISE_SLUGS, "exercise"),
    **dict.fromkeys(_GENERAL_SLUGS, "general"),
}


def has_page(slug: str) -> bool:
    """Whether the guide has a page with this slug."""
    return slug in _KINDS


def read(slug: str) -> str:
    """The Markdown text of a page.

    Raises LookupError (not KeyError) with a readable message for an unknown slug.
    """
    if not has_page(slug):
        known = ", ".join(_KINDS)
        raise LookupError(f"no guide page named {slug!r} (known pages: {known})")
    return _read_text(slug)


@cache
def _read_text(slug: str) -> str:
    return files(__name__).joinpath(f"{slug}.md").read_text(encoding="utf-8")


def _title(slug: str) -> str:
    for line in read(slug).splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return slug.replace("-", " ").capitalize()


@cache
def _pages() -> tuple[GuidePage, ...]:
    return tuple(GuidePage(slug, _title(slug), kind) for slug, kind in _KINDS.items())


def pages() -> list[GuidePage]:
    """Every page in table-of-contents order: the exercises, then the general pages."""
    return list(_pages())


def sections(slug: str) -> list[tuple[str, str]]:
    """A page's level-2 sections as (heading, Markdown body) pairs, in page order.

    Text before the first level-2 heading (the title and any intro) is left out.
    """
    result: list[tuple[str, str]] = []
    heading: str | None = None
    body: list[str] = []
    for line in read(slug).splitlines():
        if line.startswith("## "):
            if heading is not None:
                result.append((heading, "\n".join(body).strip()))
            heading, body = line[3:].strip(), []
        elif heading is not None:
            body.append(line)
    if heading is not None:
        result.append((heading, "\n".join(body).strip()))
    return result


# Word forms that suffix stripping cannot join (searching "swelling" must
# find "swollen"): each form maps to the word its family is keyed on.
_IRREGULAR: dict[str, str] = {
    "swollen": "swell",
    "swelled": "swell",
    "feet": "foot",
    "lying": "lie",
    "lay": "lie",
    "sat": "sit",
    "seated": "sit",
    "bent": "bend",
    "healthy": "health",
    "venous": "vein",
    "arterial": "artery",
    "arteries": "artery",
    "calves": "calf",
    "knees": "knee",
    "tendons": "tendon",
    "vessels": "vessel",
    "smoker": "smoke",
    "smoking": "smoke",
}
_SUFFIXES = ("nesses", "ness", "ings", "ing", "edly", "ed", "ies", "es", "s", "ly")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def word_key(word: str) -> str:
    """A small stemmer: the key every form of ``word`` shares ("swelling", "swollen" → "swel").

    Irregular forms come from a short list; the rest lose one common suffix
    (-ing, -ed, -s, -es, -ness, -ly), a final "e" and a doubled final consonant.
    """
    word = word.casefold()
    word = _IRREGULAR.get(word, word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if suffix == "s" and stem.endswith(("s", "u", "i")):
                continue  # "less", "venous", "tennis": not plurals
            word = stem + ("y" if suffix == "ies" else "")
            word = _IRREGULAR.get(word, word)  # "smokers" → "smoker" → "smoke"
            break
    if word.endswith("i") and len(word) > 3:
        word = word[:-1] + "y"  # "heaviness" → "heavi" → "heavy"
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


def _keys(text: str) -> set[str]:
    return {word_key(w) for w in _WORD.findall(text)}


def matching_lines(query: str, text: str) -> list[tuple[int, str]]:
    """The (line_number, line) pairs of ``text`` that match ``query``, counting from 1.

    A line matches when it holds the query as typed (any case), or when every
    word of the query appears in it in some form ("swelling" matches a line
    with "swollen", "cramp" one with "cramps").
    """
    needle = query.strip().casefold()
    if not needle:
        return []
    wanted = _keys(needle)
    found: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line.casefold() or (wanted and wanted <= _keys(line)):
            found.append((number, line))
    return found


def search(query: str) -> list[tuple[str, int, str]]:
    """Search across every page, matching word forms (see :func:`matching_lines`).

    Returns (slug, line_number, line_text) hits, line numbers counting from 1,
    in table-of-contents order. A blank query finds nothing.
    """
    return [
        (slug, number, line)
        for slug in _KINDS
        for number, line in matching_lines(query, read(slug))
    ]


@dataclass(frozen=True)
class Link:
    """A Markdown link on a page: the line it starts on (from 1), its words and target."""

    line: int
    label: str
    href: str


_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def links(text: str) -> list[Link]:
    """Every ``[label](href)`` link in Markdown ``text``, in reading order.

    A link whose label wraps onto the next line is found too (on its first line).
    """
    lines = text.splitlines()
    found: list[Link] = []
    for index, line in enumerate(lines):
        joined = line if index + 1 == len(lines) else f"{line} {lines[index + 1]}"
        for match in _LINK.finditer(joined):
            if match.start() < len(line):
                label = " ".join(match.group(1).split())
                found.append(Link(index + 1, label, match.group(2)))
    return found


def about_text() -> str:
    """What ``secondheart about`` prints: the disclaimer and the sources, as plain text."""
    import textwrap

    def wrap(text: str, indent: str = "") -> str:
        return textwrap.fill(text, 76, initial_indent=indent, subsequent_indent="   ")

    parts = [
        "Second Heart: leg-circulation exercises, streaks and elevation timers.",
        "",
        "Disclaimer",
        textwrap.fill(DISCLAIMER, 76),
        "",
        "Sources (the guide is written in the project's own words)",
        *(wrap(text, f"{n}. ") for n, text in enumerate(SOURCES, start=1)),
        "",
        textwrap.fill(
            "The daily targets of the walk, the ankle pumps, the heel raises, the bridge "
            "and the seated marches are Second Heart's own starting points, not doses "
            "from the sources. In the app, ! shows the warning signs and 4 the guide.",
            76,
        ),
    ]
    return "\n".join(parts)


def doctor_guidance() -> str:
    """The "have these checked by a doctor" advice, as plain text (the journal's red flags).

    The same words the warning-signs page opens with (``!`` in the app), and
    where to read more.
    """
    import textwrap

    heading, body = sections("warning-signs")[0]
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", body)
    lines = [heading]
    for paragraph in text.split("\n\n"):
        if paragraph.lstrip().startswith("- "):
            lines.extend(f"  {item.strip()}" for item in paragraph.strip().splitlines())
        else:
            lines.append(textwrap.fill(" ".join(paragraph.split()), 76))
    lines.append(
        textwrap.fill(
            "More in the guide's 'When to see a doctor' page (! or 4 in the app). "
            "Second Heart records what you enter; it does not interpret it.",
            76,
        )
    )
    return "\n".join(lines)
