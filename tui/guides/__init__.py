"""The guide: Markdown pages on each default exercise and on leg circulation.

Pure Python (stdlib only, no Textual): the Guide screen, the Today guide pane
and the first-run welcome dialog render what this module returns. Pages are
read with importlib.resources, so they work from a source tree and from an
installed wheel alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

__all__ = [
    "DISCLAIMER",
    "EXERCISE_SECTIONS",
    "GuidePage",
    "has_page",
    "pages",
    "read",
    "search",
    "sections",
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

# Shown by the first-run welcome dialog; about.md carries the same text.
DISCLAIMER = (
    "Second Heart is not a medical device, and its targets are starting points, "
    "not medical advice. Before you start, talk to a clinician, especially if you "
    "have peripheral artery disease, a history of DVT (deep vein thrombosis) or "
    "severe heart disease, or if you take medication."
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


def search(query: str) -> list[tuple[str, int, str]]:
    """Case-insensitive search across every page.

    Returns (slug, line_number, line_text) hits, line numbers counting from 1,
    in table-of-contents order. A blank query finds nothing.
    """
    needle = query.strip().casefold()
    if not needle:
        return []
    hits: list[tuple[str, int, str]] = []
    for slug in _KINDS:
        for number, line in enumerate(read(slug).splitlines(), start=1):
            if needle in line.casefold():
                hits.append((slug, number, line))
    return hits
