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


# The doses Second Heart chose itself (the sources give none for these).
APP_DEFAULT_SLUGS = ("walk", "ankle-pumps", "heel-raises", "bridge", "seated-marches")


@pytest.mark.parametrize("exercise", DEFAULT_ROUTINE, ids=lambda e: e.slug)
def test_how_much_gives_the_default_dose_and_whose_it_is(exercise) -> None:
    how_much = _flat(_section(exercise.slug, "How much"))
    assert f"**{int(exercise.target)} " in how_much
    if exercise.goal is not None:
        assert f"**{int(exercise.goal)}**" in how_much
    if exercise.slug in APP_DEFAULT_SLUGS:
        assert "Second Heart's starting point, not a figure from the sources" in how_much
    else:  # knee-pit roll and leg elevation: the sources' own figures
        assert "Second Heart's starting point" not in how_much
        assert "the sources" in how_much or "article" in how_much


def test_how_to_change_a_target_is_said_once() -> None:
    pages_with_it = [
        p.slug for p in guides.pages() if "secondheart exercises edit" in _flat(guides.read(p.slug))
    ]
    assert pages_with_it == ["about"]
    assert "`E` on the Today screen" in _flat(guides.read("about"))


def test_sources_page_does_not_claim_the_sources_supply_the_doses() -> None:
    text = _flat(guides.read("sources"))
    assert "their doses" not in text
    assert "Second Heart's own starting points" in text


@pytest.mark.parametrize("slug", EXERCISE_SLUGS)
def test_cautions_send_to_a_doctor_and_the_warning_signs(slug: str) -> None:
    cautions = _flat(_section(slug, "Cautions"))
    assert "doctor" in cautions
    assert "(see-a-doctor.md)" in cautions and "(warning-signs.md)" in cautions
    assert "clinician" not in cautions  # one word for it across the guide


def test_tenderness_rule_only_where_the_massage_article_gives_it() -> None:
    for slug in EXERCISE_SLUGS:
        cautions = _flat(_section(slug, "Cautions"))
        if slug == "knee-pit-roll":
            assert "Tenderness here is normal. Pain is not" in cautions
            assert "ease off" in cautions and "Breathe evenly" in cautions
            assert "varicose veins" in cautions
            assert "family history of circulation problems" in cautions
        else:
            assert "tender" not in cautions.lower()
            assert "breathe" not in cautions.lower()
            assert (
                "Second Heart's own general safety note, not from the sources: if it hurts, stop."
                in cautions
            )
            assert "(about.md)" in cautions  # the disclaimer's conditions


@pytest.mark.parametrize(
    ("slug", "claim"),
    [
        ("walk", "easy pace"),
        ("walk", "able to talk"),
        ("leg-elevation", "wall"),
        ("leg-elevation", "get up slowly"),
        ("leg-elevation", "gravity"),
        ("bridge", "higher than usual"),
        ("bridge", "breath or two"),
        ("ankle-pumps", "squeezes the leg veins"),
        ("ankle-pumps", "recovering from surgery"),
        ("knee-pit-roll", "reason to go gently"),
        ("knee-pit-roll", "is enough"),
        ("habits-and-food", "most days"),
        ("seated-marches", "Why it helps: It is made for"),
        ("see-a-doctor", "If in doubt, ask"),
    ],
)
def test_claims_beyond_the_sources_are_gone(slug: str, claim: str) -> None:
    text = _flat(guides.read(slug))
    if claim.startswith("Why it helps: "):
        text, claim = _flat(_section(slug, "Why it helps")), claim.removeprefix("Why it helps: ")
    assert claim.lower() not in text.lower()


def test_one_word_for_the_professional_across_the_guide() -> None:
    for page in guides.pages():
        assert "clinician" not in guides.read(page.slug).lower(), page.slug
    assert "clinician" not in guides.DISCLAIMER


def test_see_a_doctor_headings_do_not_repeat_their_bodies() -> None:
    for heading, body in guides.sections("see-a-doctor"):
        assert heading.lower() not in _flat(body).lower(), heading


def test_seated_marches_why_says_why() -> None:
    why = _flat(_section("seated-marches", "Why it helps"))
    assert "sedentary life" in why and "people" not in why


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


def test_disclaimer_says_everything_the_issue_asks() -> None:
    text = guides.DISCLAIMER
    for phrase in (
        "for information only",
        "not a medical device",
        "not a substitute for professional medical advice, diagnosis or treatment",
        "not intended to diagnose, prevent or cure",
        "Talk to a doctor before you start",
        "existing condition",
        "peripheral artery disease",
        "deep vein thrombosis (DVT)",
        "severe heart disease",
        "medication",
    ):
        assert phrase in text, phrase


def test_about_page_opens_with_the_disclaimer() -> None:
    heading, body = guides.sections("about")[0]
    assert heading == "Disclaimer"
    assert _flat(body) == guides.DISCLAIMER


def test_readme_carries_the_disclaimer() -> None:
    readme = Path(guides.__file__).resolve().parents[2] / "README.md"
    text = _flat(readme.read_text("utf-8")).replace("> ", "")
    assert guides.DISCLAIMER in text


def test_about_text_for_the_command_line() -> None:
    text = guides.about_text()
    assert guides.DISCLAIMER in _flat(text)
    assert "Dr Ben Kim" in text and "Truemeds" in text


# Every fact the two source articles supply (SPEC.md's table and list, and
# the review of the guide against the sources), with the page that carries it.
SOURCE_FACTS = [
    # Brisk walk
    ("walk", "low impact"),
    ("walk", "calves and the hamstrings"),
    ("walk", "3 mph (4.8 km/h) or faster"),
    ("walk", "build up the length of your walks or your pace gradually"),
    # Ankle pumps
    ("ankle-pumps", "people who sit most of the day"),
    ("ankle-pumps", "after surgery"),
    ("ankle-pumps", "limited mobility"),
    ("ankle-pumps", "lying down or sitting"),
    ("ankle-pumps", "without weights, bands or any other resistance"),
    # Heel raises
    ("heel-raises", '"second heart"'),
    ("heel-raises", "central to venous return"),
    # Bridge
    ("bridge", "yoga pose"),
    ("bridge", "with your hips raised, gravity helps blood return"),
    # Seated marches
    ("seated-marches", "sit at a desk for long stretches"),
    # Knee-pit roll
    ("knee-pit-roll", "popliteal fossa"),
    ("knee-pit-roll", "knees bent at 90°"),
    ("knee-pit-roll", "hamstring tendons"),
    ("knee-pit-roll", "two heads of the calf muscle"),
    ("knee-pit-roll", "popliteal artery"),
    ("knee-pit-roll", "continues the femoral artery"),
    ("knee-pit-roll", "supply the whole lower limb"),
    ("knee-pit-roll", "popliteal vein"),
    ("knee-pit-roll", "lymph nodes"),
    ("knee-pit-roll", "lymphatic vessels"),
    ("knee-pit-roll", "tibial nerve"),
    ("knee-pit-roll", "common peroneal nerve"),
    ("knee-pit-roll", "pressure on these vessels and nerves encourages them to work well"),
    ("knee-pit-roll", "foam roller"),
    ("knee-pit-roll", "sit on the floor, or lie on your back"),
    ("knee-pit-roll", "lift your feet off the floor"),
    ("knee-pit-roll", "lift your hips with your arms"),
    ("knee-pit-roll", "slowly rotate your hips in and out"),
    ("knee-pit-roll", "the most effective part"),
    ("knee-pit-roll", "raise the pressure one step at a time"),
    ("knee-pit-roll", "at least a minute or two a day"),
    ("knee-pit-roll", "goes a long way"),
    ("knee-pit-roll", "tenderness here is normal. pain is not"),
    ("knee-pit-roll", "breathe evenly"),
    ("knee-pit-roll", "ask a doctor before you start"),
    ("knee-pit-roll", "varicose veins or a family history of circulation problems"),
    # Leg elevation
    ("leg-elevation", "above the level of your heart"),
    ("leg-elevation", "15 minutes at a time"),
    ("leg-elevation", "3 to 4 times a day"),
    # Warning signs, red flags first
    ("warning-signs", "need a medical evaluation"),
    ("warning-signs", "skin turning blue or purple"),
    ("warning-signs", "wounds that heal slowly"),
    ("warning-signs", "cramps, especially at night"),
    ("warning-signs", "pain in the feet"),
    ("warning-signs", "numbness or tingling"),
    ("warning-signs", "cold feet"),
    ("warning-signs", "restless legs"),
    ("warning-signs", "varicose veins"),
    ("warning-signs", "heavy or look swollen"),
    # Causes
    ("warning-signs", "a sedentary life"),
    ("warning-signs", "obesity"),
    ("warning-signs", "smoking"),
    ("warning-signs", "peripheral artery disease (pad)"),
    ("warning-signs", "chronic venous insufficiency"),
    # When to see a doctor
    ("see-a-doctor", "skin turning blue or purple"),
    ("see-a-doctor", "wounds that heal slowly"),
    ("see-a-doctor", "severe peripheral artery disease may need medical or surgical treatment"),
    ("see-a-doctor", "a history of dvt"),
    ("see-a-doctor", "severe heart disease"),
    ("see-a-doctor", "take medication"),
    # Habits and food
    ("habits-and-food", "every day"),
    ("habits-and-food", "stretching"),
    ("habits-and-food", "don't smoke"),
    ("habits-and-food", "compression stockings"),
    ("habits-and-food", "compression** devices are only for people whose doctor recommends"),
    ("habits-and-food", "with diabetes**, moving your legs matters even more"),
    ("habits-and-food", "nitric oxide"),
    ("habits-and-food", "nitrate-rich vegetables:** beetroot and leafy greens"),
    ("habits-and-food", "omega-3:** such as salmon and mackerel"),
    ("habits-and-food", "antioxidants:** berries and citrus"),
    ("habits-and-food", "refined carbohydrates and damaged fats"),
    # The sources themselves
    ("sources", "the foam-roller article of dr ben kim's site"),
    ("sources", "it cites no studies"),
    ("sources", "the leg-circulation exercise article published by truemeds"),
    ("sources", "it lists five references"),
    ("sources", "not reproduced here"),
]


@pytest.mark.parametrize(("slug", "fact"), SOURCE_FACTS)
def test_every_source_fact_is_in_the_guide(slug: str, fact: str) -> None:
    assert fact.lower() in _flat(guides.read(slug)).lower()


def test_warning_signs_page_starts_with_the_red_flags() -> None:
    heading, body = guides.sections("warning-signs")[0]
    assert "doctor" in heading
    lines = [line for line in body.splitlines() if line.startswith("- ")]
    assert lines == ["- Skin turning blue or purple", "- Wounds that heal slowly"]
    text = guides.read("warning-signs")
    assert text.index("blue or purple") < text.index("Cramps")


@pytest.mark.parametrize(
    ("query", "page", "word"),
    [
        ("swelling", "warning-signs", "swollen"),
        ("cramping", "warning-signs", "Cramps"),
        ("heal", "warning-signs", "heal"),
        ("stretch", "habits-and-food", "Stretching"),
        ("SMOKERS", "warning-signs", "smoking"),
        ("foot", "warning-signs", "feet"),
    ],
)
def test_search_matches_word_forms(query: str, page: str, word: str) -> None:
    hits = [(slug, line) for slug, _n, line in guides.search(query) if slug == page]
    assert hits, (query, page)
    assert any(word.lower() in line.lower() for _slug, line in hits)


def test_word_keys_join_forms_and_keep_words_apart() -> None:
    key = guides.word_key
    assert key("swelling") == key("swollen") == key("swells") == key("swell")
    assert key("numbness") == key("numb")
    assert key("tingling") == key("tingle")
    assert key("breathing") == key("breathe") == key("breath")
    assert key("veins") == key("venous") == key("vein")
    assert key("walk") != key("wall")
    assert key("less") != key("le")
    assert key("heart") != key("heat")


def test_links_are_found_in_reading_order_even_when_wrapped() -> None:
    found = guides.links("See [when to\nsee a doctor](see-a-doctor.md) and [b](about.md).")
    assert [(link.line, link.label, link.href) for link in found] == [
        (1, "when to see a doctor", "see-a-doctor.md"),
        (2, "b", "about.md"),
    ]
    assert [link.href for link in guides.links(guides.read("about"))][:2] == [
        "warning-signs.md",
        "see-a-doctor.md",
    ]


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
