"""Text is data: stored text never acts on the terminal, spreadsheets or the store.

Covers the command line's output, CSV and JSON exports, and a property test
that feeds arbitrary records through import: it either imports or refuses
with one sentence, and a refusal writes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.rules import slugify
from tui.core.text import has_controls, visible, visible_lines, without_controls
from tui.store.errors import InvalidInput
from tui.store.transfer import export_text, import_text

from .conftest import NOW

TODAY = NOW.date()
HOSTILE = "Walk [b]x[/] \x1b]0;pwned\x07 \x1b[31mred \u202etxt.exe \x9b"


@given(st.text())
def test_visible_keeps_printable_text_and_escapes_the_rest(text):
    shown = visible(text)
    assert not has_controls(shown)
    for char in shown:
        assert unicodedata.category(char) != "Cc"
    if not has_controls(text) and "\\" not in text:
        assert shown == text


BIDI = {*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C}


def test_every_control_character_is_escaped_and_every_other_kept():
    """Each of the first 12,288 code points, alone and inside a word: escaped when
    it is a C0/C1 control, DEL or a bidirectional control, else shown as typed
    (the fast path for printable text must never let one through)."""
    for code in range(0x3000):
        char = chr(code)
        unsafe = unicodedata.category(char) == "Cc" or code in BIDI
        for text in (char, f"a{char}b"):
            assert (visible(text) != text) == unsafe, hex(code)
            assert (visible_lines(text) != text) == (unsafe and char not in "\t\n"), hex(code)
            assert has_controls(text) == unsafe, hex(code)
            assert not has_controls(visible(text)), hex(code)


def test_visible_examples():
    assert visible("[b]x[/]") == "[b]x[/]"
    assert visible("a\x1b]0;t\x07b") == "a\\x1b]0;t\\x07b"
    assert visible("l\u202er") == "l\\u202er"
    assert visible("one\ntwo\tthree") == "one\\ntwo\\tthree"
    assert visible_lines("one\ntwo\tthree\x1b") == "one\ntwo\tthree\\x1b"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("New \x1b[31mname", "new-name"),
        ("Red\x1b[0mWine", "redwine"),
        ("\x1b]0;pwned\x07Walk", "walk"),  # a window title, whole
        ("x\x1b]8;;https://e.example\x1b\\link\x1b]8;;\x1b\\", "xlink"),  # a hyperlink
        ("\x9b31mStairs", "stairs"),  # the one-byte CSI
        ("Heel\x1bPq#0;2;0;0;0\x1b\\ raises", "heel-raises"),  # a device control string
        ("Calf\x07 raises\x7f", "calf-raises"),
        ("\x1b[31m", "exercise"),
        ("[b]x[/] walk", "b-x-walk"),  # markup is only text: its letters stay
        ("Heel (calf) raises", "heel-calf-raises"),
    ],
)
def test_a_slug_drops_terminal_sequences_whole(name, slug):
    assert slugify(name) == slug


PLAIN = st.text().filter(lambda text: not has_controls(text))
SEQUENCES = ["\x1b[31m", "\x1b[1;4;38;5;200m", "\x1b[2J", "\x1b]0;t\x07", "\x1bc", "\x9b0m"]


@given(st.text())
def test_without_controls_leaves_no_control_and_keeps_plain_text(text):
    assert not has_controls(without_controls(text))
    if not has_controls(text):
        assert without_controls(text) == text


@given(PLAIN, PLAIN, st.sampled_from(SEQUENCES))
def test_a_sequence_inside_a_name_never_changes_its_slug(before, after, sequence):
    assert slugify(before + sequence + after) == slugify(before + after)


def test_the_command_line_never_prints_stored_control_characters(shell):
    run = shell
    code, out, _ = run("exercises", "add", HOSTILE, "--kind", "count", "--target", "3")
    assert code == 0
    slug = out.split()[1].rstrip(":")
    run("check", slug, "1", "--note", "tired \x1b[2J legs")
    outputs = [
        run("exercises")[1],
        run("check", slug, "1")[1],
        run("status", "--format", "{next}")[1],
        run("skip", slug)[1],
    ]
    for text in outputs:
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "\x9b" not in text
    assert "Walk [b]x[/] \\x1b]0;pwned\\x07" in outputs[0]
    for _ in range(20):  # push the hostile exercise to the top of what is left
        run("check", "walk")
    code, _, err = run("check", "nope\x1b[2J")
    assert code == 1 and "\x1b" not in err


def test_csv_cells_never_start_a_formula_and_json_stays_exact(tracker):
    tracker.set_note("walk", TODAY, '=HYPERLINK("http://x","y")')
    tracker.set_note("bridge", TODAY, "+1 and -2 @home")
    tracker.set_note("ankle-pumps", TODAY, HOSTILE)
    rows = list(csv.reader(io.StringIO(export_text(tracker, "csv"))))
    notes = {row[0]: row[5] for row in rows[1:]}
    assert notes["walk"] == '\'=HYPERLINK("http://x","y")'
    assert notes["bridge"] == "'+1 and -2 @home"
    data = json.loads(export_text(tracker, "json"))
    exact = {e["exercise"]: e["note"] for e in data["entries"]}
    assert exact["walk"] == '=HYPERLINK("http://x","y")' and exact["ankle-pumps"] == HOSTILE


# --- import under arbitrary input ------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        ["2026-11-20", "0001-01-01", "9999-12-31", "2026-11-20T09:00:00+00:00", "\ud800x"]
    ),
)
records = st.dictionaries(
    st.sampled_from(
        [
            "slug",
            "name",
            "kind",
            "target",
            "goal",
            "step",
            "unit",
            "schedule",
            "position",
            "created",
            "exercise",
            "day",
            "amount",
            "skipped",
            "note",
            "started",
            "planned_seconds",
            "paused_seconds",
            "paused_at",
            "status",
            "ended",
        ]
    ),
    scalars,
    max_size=10,
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    exercises=st.lists(records, max_size=3),
    entries=st.lists(records, max_size=4),
    sessions=st.lists(records, max_size=3),
)
def test_import_imports_or_refuses_in_one_sentence(tracker, exercises, entries, sessions):
    before = export_text(tracker)
    text = json.dumps(
        {
            "format": "secondheart",
            "version": 1,
            "exercises": exercises,
            "entries": entries,
            "sessions": sessions,
        }
    )
    try:
        import_text(tracker, text)
    except InvalidInput as exc:
        assert "\n" not in str(exc)
        assert export_text(tracker) == before
    else:
        export_text(tracker)  # whatever went in can be read back out
        tracker.day_view()
        import_text(tracker, text)  # and importing it again is harmless


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"format": "secondheart", "version": 1, "entries": [{"amount": 1' + "0" * 5000 + "}]}",
        '{"format": "secondheart", "version": 1, "exercises": [{"slug": "a", "name": "\\ud800",'
        ' "kind": "check", "target": 1}]}',
        '{"format": "secondheart", "version": 1, "exercises": [{"slug": "a", "name": "A",'
        ' "kind": "check", "target": 1, "position": 99999999999999}]}',
        '{"format": "secondheart", "version": 1, "entries": [{"exercise": "walk",'
        ' "day": "9999-12-31", "amount": 1, "target": 1}]}',
    ],
    ids=["deep", "digits", "surrogate", "position", "year-9999"],
)
def test_import_refuses_the_extreme(tracker, text):
    before = export_text(tracker)
    with pytest.raises(InvalidInput):
        import_text(tracker, text)
    assert export_text(tracker) == before
