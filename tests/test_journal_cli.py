"""``secondheart journal`` and ``secondheart report`` as a person runs them."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import subprocess

import pytest

from tui.store import journal

HOSTILE = "<script>alert(1)</script> [b]x[/] \x1b[31m red *star* _u_ # h"


def _levels(db_file) -> list[tuple]:
    conn = sqlite3.connect(db_file)
    try:
        return conn.execute("SELECT day, symptom, level FROM journal ORDER BY 1, 2").fetchall()
    finally:
        conn.close()


def test_record_levels_and_a_note_then_show_the_day(shell, db_file):
    assert shell("journal", "cramps", "2")[0] == 0
    code, out, err = shell("journal", "heavy-legs", "mild", "--date", "yesterday", "--note", "long")
    assert code == 0 and err == ""
    assert out == "heavy-legs: mild on Fri 20 Nov 2026\nnote saved on Fri 20 Nov 2026\n"
    assert _levels(db_file) == [("2026-11-20", "heavy-legs", 1), ("2026-11-21", "cramps", 2)]
    code, out, _ = shell("journal", "--date", "-1")
    lines = out.splitlines()
    assert lines[0] == "Leg journal · Fri 20 Nov 2026"
    assert "  heavy-legs     ●○○  mild" in lines
    assert "  cramps         ···  not recorded" in lines
    assert lines[-1] == "note: long"
    assert "doctor" not in out  # no red flag, no guidance


def test_a_red_flag_shows_the_doctor_guidance_at_once(shell, db_file):
    code, out, _ = shell("journal", "slow-wound", "yes")
    assert code == 0
    assert out.startswith("slow-wound: yes on Sat 21 Nov 2026\n")
    assert "Recorded: a wound that heals slowly." in out
    assert "Have these checked by a doctor" in out and "Skin turning blue or purple" in out
    assert _levels(db_file) == [("2026-11-21", "slow-wound", 1)]
    code, out, _ = shell("journal", "slow-wound", "no")
    assert code == 0 and "doctor" not in out
    code, out, _ = shell("journal", "skin-colour", "y")
    assert "Have these checked by a doctor" in shell("journal")[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("cramp", "1"), "unknown symptom 'cramp'; did you mean cramps?"),
        (("cramps", "4"), "cramps is rated 0 to 3 (0 none, 1 mild, 2 moderate, 3 severe)"),
        (("skin-colour", "3"), "skin-colour takes yes or no, not '3'"),
        (("cramps", "1", "--date", "2026-11-22"), "the journal is for today or earlier"),
        (("cramps", "1", "--date", "soon"), "cannot read the date 'soon'"),
        (("--note", "x" * 2001), "a note can be at most 2,000 characters"),
    ],
)
def test_mistakes_get_one_line_exit_1_and_write_nothing(shell, db_file, args, message):
    shell("journal")  # the file exists
    code, out, err = shell("journal", *args)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert _levels(db_file) == []


def test_a_symptom_without_a_level_is_a_usage_error(shell):
    code, _, err = shell("journal", "cramps")
    assert code == 2 and "give a LEVEL for cramps" in err


def test_the_app_and_the_command_line_use_the_same_messages(tracker, clock, shell):
    from tui.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as caught:
        journal.set_level(tracker, clock.today(), "cramps", "4")
    assert str(caught.value) in shell("journal", "cramps", "4")[2]


def test_user_text_reaches_the_terminal_as_text(shell):
    shell("journal", "--note", HOSTILE)
    code, out, _ = shell("journal")
    assert "\x1b" not in out and "\\x1b[31m" in out and "[b]x[/]" in out


# --- the day's note: never lost silently -------------------------------------------

ADDED = (
    "note added on Sat 21 Nov 2026 below the earlier note (--replace-note replaces the whole note)"
)


def test_a_note_from_the_command_line_keeps_the_note_written_in_the_app(tracker, clock, shell):
    today = clock.today()
    journal.set_note(tracker, today, "calves tight")  # what the Journal screen's n writes
    code, out, err = shell("journal", "cramps", "1", "--note", "long flight")
    assert code == 0 and err == ""
    assert out == f"cramps: mild on Sat 21 Nov 2026\n{ADDED}\n"
    assert journal.day_of(tracker, today).note == "calves tight\nlong flight"
    code, out, _ = shell("journal", "--note", "walked an hour")  # the other form does the same
    assert code == 0 and out == f"{ADDED}\n"
    assert journal.day_of(tracker, today).note == "calves tight\nlong flight\nwalked an hour"
    code, out, _ = shell("journal", "cramps", "1", "--note", "long flight")  # the same again
    assert out.splitlines()[-1] == "note unchanged on Sat 21 Nov 2026: it already holds that text"
    assert journal.day_of(tracker, today).note == "calves tight\nlong flight\nwalked an hour"
    assert shell("journal")[1].splitlines()[-3:] == [
        "note: calves tight",
        "      long flight",
        "      walked an hour",
    ]


def test_replace_note_says_what_became_of_the_note(tracker, clock, shell):
    today = clock.today()
    assert shell("journal", "--replace-note", "first")[1] == "note saved on Sat 21 Nov 2026\n"
    assert shell("journal", "--replace-note", "second")[1] == "note replaced on Sat 21 Nov 2026\n"
    assert journal.day_of(tracker, today).note == "second"
    assert shell("journal", "--note", "more")[1] == f"{ADDED}\n"
    assert shell("journal", "--replace-note", "")[1] == "note removed on Sat 21 Nov 2026\n"
    assert journal.day_of(tracker, today).note is None
    assert shell("journal", "--replace-note", "")[1] == "no note to remove on Sat 21 Nov 2026\n"
    assert shell("journal", "--note", "fresh")[1] == "note saved on Sat 21 Nov 2026\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--note", "  "), '--replace-note "" removes the note'),
        (("cramps", "2", "--note", ""), '--replace-note "" removes the note'),
        (("cramps", "2", "--note", "y" * 1990), "the day's note and this text together have 2,001"),
    ],
)
def test_a_note_that_cannot_be_added_changes_nothing(tracker, clock, shell, db_file, args, message):
    journal.set_note(tracker, clock.today(), "kept as is")
    code, out, err = shell("journal", *args)
    assert code == 1 and out == "" and err.count("\n") == 1 and message in err
    assert journal.day_of(tracker, clock.today()).note == "kept as is"
    assert _levels(db_file) == []  # the level given with it is not written either


def test_note_and_replace_note_together_are_a_usage_error(shell):
    with pytest.raises(SystemExit) as usage:
        shell("journal", "--note", "a", "--replace-note", "b")
    assert usage.value.code == 2


def test_an_added_note_reaches_the_terminal_as_text(tracker, clock, shell):
    journal.set_note(tracker, clock.today(), "before")
    shell("journal", "--note", HOSTILE)
    assert journal.day_of(tracker, clock.today()).note == f"before\n{HOSTILE.strip()}"
    code, out, _ = shell("journal")
    assert "\x1b" not in out and "      <script>alert(1)</script> [b]x[/] \\x1b[31m" in out


# --- the report ---------------------------------------------------------------------


@pytest.fixture
def history(tracker, clock):
    """Two weeks of routine and journal, a red flag, hostile notes."""
    today = clock.today()
    tracker.add_exercise("Wall <sit> & [b]x[/]", kind="minutes", target=3)
    for back in range(14):
        day = today - dt.timedelta(days=back)
        tracker.mark_done("walk", day)
        tracker.step("leg-elevation", day, 2 + back % 2)
        journal.set_level(tracker, day, "cramps", back % 4)
        journal.set_level(tracker, day, "cold-feet", 1)
    journal.set_level(tracker, today - dt.timedelta(days=3), "skin-colour", "yes")
    journal.set_note(tracker, today - dt.timedelta(days=2), HOSTILE)
    tracker.set_note("walk", today, "walk \x07 note")
    return tracker


def test_report_html_holds_every_part_and_escapes_user_text(history, shell, tmp_path):
    history.close()
    out_file = tmp_path / "report.html"
    code, out, err = shell("report", "--days", "30", "-o", str(out_file))
    assert code == 0 and out == "" and err == f"wrote {out_file}\n"
    assert oct(out_file.stat().st_mode & 0o777) == "0o600"
    page = out_file.read_text(encoding="utf-8")
    assert "23 Oct 2026 – 21 Nov 2026 (30 days)" in page
    for part in (
        "Completion per exercise",
        "Elevation sessions per day",
        "Symptom trend",
        "Days with a red-flag sign",
        "Notes",
        "Disclaimer.",
    ):
        assert part in page
    assert "Wed 18 Nov 2026: skin turning blue or purple" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [b]x[/] \\x1b[31m" in page
    assert "Wall &lt;sit&gt; &amp; [b]x[/]" in page and "walk \\x07 note" in page
    assert "<script" not in page and "\x1b" not in page and "\x07" not in page
    assert "://" not in page and "src=" not in page and "href" not in page  # nothing outside
    assert "@page" in page and "break-inside: avoid" in page
    assert page.count("<svg") == 3 + 6  # elevation, burden, completion; one per symptom
    assert "not a medical device" in page


def test_report_markdown_goes_to_stdout_with_user_text_escaped(history, shell):
    history.close()
    code, out, _ = shell("report", "--format", "md", "--days", "30")
    assert code == 0 and out.startswith("# Second Heart · leg routine and journal\n")
    assert "\\<script\\>alert\\(1\\)\\</script\\> \\[b\\]x\\[/\\] \\\\x1b\\[31m" in out
    assert "red \\*star\\* \\_u\\_ \\# h" in out
    assert "| Wall \\<sit\\> \\& \\[b\\]x\\[/\\] |" in out
    assert "- Wed 18 Nov 2026: skin turning blue or purple" in out
    assert "## Disclaimer" in out and "not a medical device" in out


def test_report_refuses_bad_days_and_the_database_as_output(shell, db_file):
    shell("journal")
    with pytest.raises(SystemExit) as usage:
        shell("report", "--days", "60")
    assert usage.value.code == 2
    before = db_file.read_bytes()
    code, _, err = shell("report", "-o", str(db_file))
    assert code == 1 and "live database" in err
    assert db_file.read_bytes() == before


def test_report_is_written_whole_or_not_at_all(shell, tmp_path):
    shell("journal")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("keep me")
    code, out, err = shell("report", "-o", str(blocker / "r.html"))
    assert code == 1 and out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert blocker.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


# --- in a real browser -------------------------------------------------------------


def _browser() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_report_prints_to_pdf_in_a_headless_browser(history, shell, tmp_path):
    browser = _browser()
    if browser is None or shutil.which("pdftotext") is None:
        if os.environ.get("SECONDHEART_REQUIRE_BROWSER"):
            pytest.fail("chromium and pdftotext are required here (SECONDHEART_REQUIRE_BROWSER)")
        pytest.skip("chromium or pdftotext (poppler-utils) is not installed")
    names = [e.name for e in history.exercises()]
    history.close()
    page = tmp_path / "report.html"
    assert shell("report", "--days", "90", "-o", str(page))[0] == 0
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert pdf.exists() and pdf.stat().st_size > 1000
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", " ", text)
    for name in names:
        assert re.sub(r"\s+", " ", name) in flat, name
    for symptom in ("Cramps", "Foot pain", "Numbness", "Cold feet", "Restless legs", "Heavy legs"):
        assert symptom in flat
    assert "skin turning blue or purple" in flat
    assert "It is not a medical device and not a substitute for professional medical advice" in flat
