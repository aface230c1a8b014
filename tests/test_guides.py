"""The guide pages and their pure loader (tui.guides)."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from tui import guides
from tui.core.routine import DEFAULT_ROUTINE

GENERAL_SLUGS = ("warning-signs", "see-a-doctor", "habits-and-food", "about", "sources")
EXERCISE_SLUGS = tuple(exercise.slug for exercise in DEFAULT_ROUTINE)
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def _flat(text: str) -> str:
    """Text with Markdown line wraps joined, for phrase checks."""
    return " ".join(text.split())


def _section(slug: str, heading: str) -> str:
    return dict(guides.sections(slug))[heading]


def test_toc_order_is_routine_then_general_pages() -> None:
    toc = guides.pages()
    assert [p.slug for p in toc] == [*EXERCISE_SLUGS, *GENERAL_SLUGS]
    assert {p.kind for p in toc if p.slug in EXERCISE_SLUGS} == {"exercise"}
    assert {p.kind for p in toc if p.slug in GENERAL_SLUGS} == {"general"}


def test_every_markdown_file_is_in_the_toc() -> None:
    on_disk = {
        entry.name.removesuffix(".md")
        for entry in files("tui.guides").iterdir()
        if entry.name.endswith(".md")
    }
    assert on_disk == {p.slug for p in guides.pages()}


def test_titles_come_from_the_first_line() -> None:
    for page in guides.pages():
        first = guides.read(page.slug).splitlines()[0]
        assert first == f"# {page.title}"
        assert page.title


def test_exercise_titles_match_routine_names() -> None:
    titles = {p.slug: p.title for p in guides.pages()}
    for exercise in DEFAULT_ROUTINE:
        assert titles[exercise.slug] == exercise.name


@pytest.mark.parametrize("slug", EXERCISE_SLUGS)
def test_exercise_page_has_the_five_sections_in_order(slug: str) -> None:
    assert guides.has_page(slug)
    headings = [heading for heading, _ in guides.sections(slug)]
    assert tuple(headings) == guides.EXERCISE_SECTIONS
    # And each is a real level-2 heading line in the Markdown.
    lines = guides.read(slug).splitlines()
    positions = [lines.index(f"## {h}") for h in guides.EXERCISE_SECTIONS]
    assert positions == sorted(positions)


@pytest.mark.parametrize("slug", EXERCISE_SLUGS)
def test_how_to_do_it_is_a_numbered_list(slug: str) -> None:
    steps = [
        line for line in _section(slug, "How to do it").splitlines() if re.match(r"\d+\. ", line)
    ]
    assert len(steps) >= 3
    assert [int(s.split(".")[0]) for s in steps] == list(range(1, len(steps) + 1))


@pytest.mark.parametrize("exercise", DEFAULT_ROUTINE, ids=lambda e: e.slug)
def test_how_much_gives_the_default_dose_and_how_to_change_it(exercise) -> None:
    how_much = _flat(_section(exercise.slug, "How much"))
    assert f"**{int(exercise.target)} " in how_much
    if exercise.goal is not None:
        assert f"**{int(exercise.goal)}**" in how_much
    assert "`E`" in how_much and "Today" in how_much
    assert "`secondheart exercises edit`" in how_much


@pytest.mark.parametrize("slug", EXERCISE_SLUGS)
def test_cautions_cover_safety_and_link_to_see_a_doctor(slug: str) -> None:
    cautions = _flat(_section(slug, "Cautions")).lower()
    assert "pain" in cautions and "tender" in cautions
    assert "ease off" in cautions
    assert "breathe evenly" in cautions
    assert "varicose veins" in cautions
    assert "family history of circulation problems" in cautions
    assert "clinician" in cautions or "doctor" in cautions
    assert "(see-a-doctor.md)" in cautions


@pytest.mark.parametrize("slug", GENERAL_SLUGS)
def test_general_page_exists(slug: str) -> None:
    assert guides.has_page(slug)
    text = guides.read(slug)
    assert text.startswith("# ")
    assert len(text.splitlines()) > 3


def test_every_relative_link_resolves_to_a_page() -> None:
    links = 0
    for page in guides.pages():
        for _label, target in LINK.findall(guides.read(page.slug)):
            if "://" in target or target.startswith(("#", "mailto:")):
                continue
            links += 1
            assert target.endswith(".md"), (page.slug, target)
            assert guides.has_page(target.removesuffix(".md")), (page.slug, target)
    assert links >= 10


def test_unknown_slug_raises_a_clear_lookup_error() -> None:
    assert not guides.has_page("no-such-page")
    assert not guides.has_page("../pyproject")
    with pytest.raises(LookupError, match="no-such-page") as info:
        guides.read("no-such-page")
    assert not isinstance(info.value, KeyError)
    with pytest.raises(LookupError):
        guides.sections("no-such-page")


def test_search_finds_popliteal_in_knee_pit_roll() -> None:
    hits = guides.search("POPLITEAL")
    assert hits
    assert {slug for slug, _, _ in hits} >= {"knee-pit-roll"}
    for slug, number, line in hits:
        assert guides.read(slug).splitlines()[number - 1] == line
        assert "popliteal" in line.lower()


def test_search_is_in_toc_order_and_blank_finds_nothing() -> None:
    order = [p.slug for p in guides.pages()]
    hits = guides.search("heart")
    keys = [(order.index(slug), number) for slug, number, _ in hits]
    assert keys == sorted(keys)
    assert len({slug for slug, _, _ in hits}) > 1
    assert guides.search("") == []
    assert guides.search("   ") == []
    assert guides.search("zzz-not-in-any-page") == []


def test_disclaimer_names_clinician_and_the_four_conditions() -> None:
    text = guides.DISCLAIMER
    assert "not a medical device" in text
    assert "not medical advice" in text
    assert "clinician" in text
    for condition in ("peripheral artery disease", "DVT", "severe heart disease", "medication"):
        assert condition in text
    assert 2 <= text.count(". ") + 1 <= 3


def test_about_page_carries_the_disclaimer() -> None:
    assert _flat(guides.DISCLAIMER) in _flat(guides.read("about"))


@pytest.mark.parametrize(
    ("slug", "fact"),
    [
        ("walk", "3 mph (4.8 km/h)"),
        ("walk", "low impact"),
        ("walk", "calves and the hamstrings"),
        ("walk", "gradually"),
        ("ankle-pumps", "after surgery"),
        ("ankle-pumps", "limited mobility"),
        ("ankle-pumps", "lying down or sitting"),
        ("heel-raises", '"second heart"'),
        ("heel-raises", "venous return"),
        ("bridge", "yoga"),
        ("bridge", "gravity"),
        ("seated-marches", "desk"),
        ("knee-pit-roll", "popliteal fossa"),
        ("knee-pit-roll", "popliteal artery and vein"),
        ("knee-pit-roll", "lymph nodes"),
        ("knee-pit-roll", "tibial nerve"),
        ("knee-pit-roll", "common peroneal nerve"),
        ("knee-pit-roll", "foam roller"),
        ("knee-pit-roll", "lift your feet"),
        ("knee-pit-roll", "lift your hips with your arms"),
        ("knee-pit-roll", "rotate your hips in and out"),
        ("knee-pit-roll", "A minute or two a day"),
        ("leg-elevation", "15 minutes"),
        ("leg-elevation", "above the level of your heart"),
        ("leg-elevation", "3 to 4 times a day"),
        ("leg-elevation", "`e`"),
        ("leg-elevation", "`3`"),
        ("warning-signs", "especially at night"),
        ("warning-signs", "Numbness or tingling"),
        ("warning-signs", "Cold feet"),
        ("warning-signs", "Restless legs"),
        ("warning-signs", "Varicose veins"),
        ("warning-signs", "heavy or look swollen"),
        ("see-a-doctor", "blue or purple"),
        ("see-a-doctor", "heal slowly"),
        ("see-a-doctor", "If in doubt, ask"),
        ("habits-and-food", "Compression stockings"),
        ("habits-and-food", "Pneumatic compression"),
        ("habits-and-food", "beetroot and leafy greens"),
        ("habits-and-food", "salmon and mackerel"),
        ("habits-and-food", "berries and citrus"),
        ("sources", "an article on exercises to improve leg circulation"),
        ("sources", "an article on massaging the back of the knee with a foam roller"),
        ("sources", "not reproduced here"),
    ],
)
def test_key_facts_appear(slug: str, fact: str) -> None:
    assert fact.lower() in _flat(guides.read(slug)).lower()


def test_pages_are_read_through_importlib_resources() -> None:
    package_dir = Path(guides.__file__).parent
    for page in guides.pages():
        assert guides.read(page.slug) == (package_dir / f"{page.slug}.md").read_text("utf-8")


def test_loader_does_not_import_textual() -> None:
    root = Path(guides.__file__).resolve().parents[2]
    code = "import sys, tui.guides as g; g.pages(); g.search('x'); print('textual' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
