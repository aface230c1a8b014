"""The command line as a newcomer meets it: help, typos, completion, new files, one style."""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tui import cli
from tui.cli import COMMAND_HELP, main
from tui.core.routine import DEFAULT_ROUTINE
from tui.core.suggest import close_matches, did_you_mean
from tui.store.status import FIELDS, status_fields

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture
def run(db_file: Path, clock, capsys, monkeypatch):
    """``secondheart --db DB_FILE ARGS…`` in this process; a usage error's exit is a code too."""
    monkeypatch.setattr(cli, "_clock_factory", lambda: clock)

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(["--db", str(db_file), *args])
        except SystemExit as exc:  # argparse ends --help and usage errors this way
            code = exc.code
        finally:
            gc.enable()  # 'tui' turns collection off for the app's start-up
        out, err = capsys.readouterr()
        return code, out, err

    return run


# --- help ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [(), *((name,) for name in COMMAND_HELP), ("exercises", "add"), ("timer", "start")],
    ids=lambda words: " ".join(words) or "-",
)
def test_help_prints_exactly_what_dash_dash_help_prints(run, words):
    code, out, err = run("help", *words)
    assert (code, err) == (0, "")
    assert run(*words, "--help") == (0, out, "")
    assert out.startswith(f"usage: secondheart{''.join(' ' + w for w in words)}")


def test_help_of_an_unknown_command_is_one_line_with_a_suggestion(run, db_file):
    assert run("help", "stauts") == (
        2,
        "",
        "secondheart help: unknown command 'stauts'; did you mean stats or status?\n",
    )
    assert run("help", "frobnicate") == (
        2,
        "",
        "secondheart help: unknown command 'frobnicate'; see 'secondheart help' for the commands\n",
    )
    assert not db_file.exists()


@pytest.mark.parametrize("word", ["nope", "stauts", "exercise", "hepl", "imprt", "chek"])
def test_help_of_a_mistyped_command_says_what_the_command_itself_says(run, word):
    code, out, err = run(word)
    assert run("help", word) == (code, out, err.replace("secondheart:", "secondheart help:", 1))
    assert code == 2 and err.count("\n") == 1


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (("check", "extra"), "check has no actions; 'extra' is one word too many (see 'secondheart help check')"),
        (("status", "extra"), "status has no actions; 'extra' is one word too many (see 'secondheart help status')"),
        (("exercises", "add", "extra"), "too many words: 'extra' after 'exercises add'"),
        (("timer", "start", "now", "later"), "too many words: 'now' after 'timer start'"),
        (("exercises", "lsit"), "exercises has no action 'lsit'; did you mean list?"),
        (("timer", "strat", "now"), "timer has no action 'strat'; did you mean start or status?"),
        (("timer", "nope"), "timer has no action 'nope'; choose from start, pause, resume, cancel, status"),
    ],
)  # fmt: skip
def test_help_never_drops_a_word_silently(run, db_file, words, message):
    assert run("help", *words) == (2, "", f"secondheart help: {message}\n")
    assert not db_file.exists()


@pytest.mark.parametrize("flag", ["-h", "--h", "--he", "--help"])
def test_every_way_of_asking_for_help_lists_every_command(run, flag):
    """The app's own start builds no subcommand; asking for help still lists them all."""
    code, out, _ = run(flag)
    assert code == 0
    listed = re.findall(r"^    (\S+)\s", out, re.M)
    assert listed == list(COMMAND_HELP)


def test_the_help_lists_help_and_completion(run):
    out = run("--help")[1]
    assert re.search(r"^\s+help\s+the help of secondheart", out, re.M)
    assert re.search(r"^\s+completion\s+print the shell completion script", out, re.M)


# --- did you mean --------------------------------------------------------------------------


def test_a_mistyped_command_gets_did_you_mean(run, db_file):
    assert run("stauts") == (
        2,
        "",
        "secondheart: unknown command 'stauts'; did you mean stats or status?\n",
    )
    assert run("chek", "walk")[2] == "secondheart: unknown command 'chek'; did you mean check?\n"
    code, _, err = run("frobnicate")
    assert code == 2 and "see 'secondheart help'" in err
    assert not db_file.exists()  # nothing is opened for a typo


@pytest.mark.parametrize("words", [["-"], ["-5"], ["--", "-x"]], ids=" ".join)
def test_a_word_argparse_reads_as_the_command_gets_one_line_with_the_commands(run, words):
    """Not an option and not a command word we know: a usage error listing the commands."""
    code, out, err = run(*words)
    assert (code, out) == (2, "")
    assert "invalid choice" in err.splitlines()[-1] and "choose from tui, demo" in err
    assert "Traceback" not in err


def test_a_mistyped_action_or_choice_gets_did_you_mean(run):
    code, _, err = run("exercises", "lsit")
    assert code == 2
    assert err.splitlines()[-1] == (
        "secondheart exercises: argument ACTION: invalid choice 'lsit'; did you mean list?"
    )
    err = run("timer", "strat")[2]
    assert err.splitlines()[-1].endswith("invalid choice 'strat'; did you mean start or status?")
    err = run("export", "--format", "jsno")[2]
    assert err.splitlines()[-1].endswith("invalid choice 'jsno'; did you mean json?")
    err = run("exercises", "frob")[2]  # nothing close: the choices, as before
    assert "choose from list, add, edit, archive, unarchive, delete, move" in err


def test_a_mistyped_exercise_gets_did_you_mean(tracker, run):
    tracker.add_exercise("Wall sit", kind="minutes", target=3)
    assert run("check", "ankel") == (
        1,
        "",
        "secondheart: unknown exercise 'ankel'; did you mean ankle-pumps?\n",
    )
    assert run("timer", "start", "leg-elevaton")[2].endswith("did you mean leg-elevation?\n")
    assert run("stats", "wal-sit")[2].endswith("did you mean wall-sit?\n")
    assert run("skip", "brige")[2].endswith("did you mean bridge?\n")
    code, _, err = run("check", "yoga")  # nothing close: the list, as before
    assert code == 1 and err.startswith("secondheart: unknown exercise 'yoga'; known: walk, ")


def test_suggestions_are_close_or_none():
    slugs = [item.slug for item in DEFAULT_ROUTINE]
    assert close_matches("ankel", slugs) == ["ankle-pumps"]  # a typo in a prefix
    assert close_matches("ankle-pmups", slugs) == ["ankle-pumps"]
    assert close_matches("yoga", slugs) == [] and close_matches("", slugs) == []
    assert close_matches("yoga", []) == [] and did_you_mean("yoga", []) == ""
    assert did_you_mean("zhs", ["bash", "zsh", "fish"]) == "did you mean zsh?"
    assert did_you_mean("elevation", list(COMMAND_HELP)) == ""  # not 'completion'
    assert did_you_mean("STAUTS", ["status"]) == "did you mean status?"


# --- completion ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        (
            "bash",
            "complete -o nospace -o default -o bashdefault -F _python_argcomplete secondheart",
        ),
        ("zsh", "#compdef secondheart"),
        ("fish", "complete --command secondheart"),
    ],
)
def test_completion_prints_the_script_for_each_shell(run, db_file, shell, marker):
    code, out, err = run("completion", shell)
    assert (code, err) == (0, "")
    assert marker in out and "_ARGCOMPLETE=1" in out.replace(" 1\n", "=1\n")
    assert not db_file.exists()


def _bin_dir() -> str:
    return os.path.dirname(sys.executable)


def complete(line: str, tmp_path: Path, env: dict[str, str]) -> list[str]:
    """What bash offers for ``line`` with the script ``secondheart completion bash`` prints."""
    words = line.split() + ([""] if line.endswith(" ") else [])
    empty_last = 'COMP_WORDS+=(""); ' if line.endswith(" ") else ""
    script = (
        'source <(secondheart completion bash); COMP_LINE="$LINE"; COMP_POINT=${#COMP_LINE}; '
        'read -ra COMP_WORDS <<< "$LINE"; '
        + empty_last
        + f"COMP_CWORD={len(words) - 1}; _python_argcomplete secondheart; "
        + 'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    done = subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        text=True,
        env={**env, "LINE": line, "PATH": f"{_bin_dir()}:/usr/bin:/bin"},
        cwd=tmp_path,
        timeout=60,
        check=True,
    )
    return sorted(word.strip() for word in done.stdout.splitlines() if word.strip())


@pytest.mark.skipif(not os.path.exists("/bin/bash"), reason="bash is not installed")
def test_bash_completes_commands_actions_settings_and_slugs(tracker, tmp_path):
    if not os.path.exists(os.path.join(_bin_dir(), "secondheart")):
        pytest.skip("the secondheart script is not installed beside this Python")
    tracker.add_exercise("Wall sit", kind="minutes", target=3)
    tracker.archive_exercise("wall-sit")
    env = dict(os.environ)
    db = str(tracker.path)
    assert complete("secondheart sta", tmp_path, env) == ["stats", "status"]
    assert complete("secondheart timer st", tmp_path, env) == ["start", "status"]
    assert complete("secondheart completion ", tmp_path, env)[-3:] == ["bash", "fish", "zsh"]
    assert complete("secondheart config week", tmp_path, env) == ["week-start"]
    assert complete("secondheart config wel", tmp_path, env) == []  # internal: not offered
    assert complete(f"secondheart --db {db} check ank", tmp_path, env) == ["ankle-pumps"]
    assert complete(f"secondheart --db {db} exercises unarchive wa", tmp_path, env) == [
        "walk",
        "wall-sit",
    ]
    missing = tmp_path / "none.db"
    offered = complete(f"secondheart --db {missing} check ", tmp_path, env)
    assert offered == ["--date", "--help", "--note", "--replace-note", "-h"]
    assert not missing.exists()  # completing never creates a database


def test_status_stays_clear_of_completion_and_suggestions(tmp_path):
    """The status bar's command imports neither argcomplete nor difflib."""
    script = (
        "import sys, datetime as dt; from tui import cli; from tui.core.clock import FakeClock; "
        "cli._clock_factory = lambda: FakeClock(dt.datetime(2026, 11, 21, 10)); "
        f"cli.main(['--db', {str(tmp_path / 's.db')!r}, 'status']); "
        f"cli.main(['--db', {str(tmp_path / 's.db')!r}, 'status']); "
        "print(sorted(m for m in ('argcomplete', 'difflib') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    ("words", "opened"),
    [
        ([], "default"),
        (["--db", "a.db"], "a.db"),
        (["--db=a.db"], "a.db"),
        (["--db", "a.db", "--db=b.db"], "b.db"),  # the last one counts, as in argparse
        (["--db="], "default"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else v,
)
def test_the_app_starts_on_the_file_named_without_argparse(tmp_path, words, opened):
    """Only --db PATH: the app opens that file (or the default one) and the start
    imports no argparse (about 4 ms of the first frame)."""
    script = (
        "import sys; from tui import cli, run; "
        "run.run_app = lambda path, demo=False: print('opened', path) or 0; "
        f"code = cli.main({words!r}); "
        "print(code, 'argparse' in sys.modules)"
    )
    env = {**os.environ, "SECONDHEART_DATA_DIR": str(tmp_path / "data")}
    env.pop("SECONDHEART_DB", None)
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=tmp_path,
        env=env,
    )
    path, result = done.stdout.splitlines()
    expected = str(tmp_path / "data" / "secondheart.db") if opened == "default" else opened
    assert (path, result) == (f"opened {expected}", "0 False")


@pytest.mark.parametrize("words", [["--db"], ["--db", "-x"], ["--db", "a.db", "--x"]], ids=" ".join)
def test_a_bad_main_option_is_argparse_s_one_line(run, words):
    code, out, err = run(*words)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1].startswith("secondheart: ") and "Traceback" not in err


# --- new files and folders ------------------------------------------------------------------


def test_a_new_database_is_noted_once(run, db_file, capsys):
    code, out, err = run("status")  # 10:00: no reminder was missed before the file existed
    assert (code, out) == (0, "♥ 0/7\n")
    assert err == f"secondheart: created a new database at {db_file}\n"
    assert run("status") == (0, "♥ 0/7\n", "")


def test_a_new_database_opened_in_the_app_is_noted_after_it_closes(tmp_path, monkeypatch, capsys):
    from tui import run as run_module
    from tui.store.service import Tracker

    def app(path, demo=False):  # the app's part: open (so create) the file, then close
        Tracker.open(path).close()
        return 0

    monkeypatch.setattr(run_module, "run_app", app)
    path = tmp_path / "typo.db"
    try:
        assert main(["--db", str(path)]) == 0
        assert capsys.readouterr().err == f"secondheart: created a new database at {path}\n"
        assert main(["--db", str(path)]) == 0
        assert capsys.readouterr().err == ""
    finally:
        gc.enable()


def test_locate_marks_what_does_not_exist_yet(run, db_file, tmp_path):
    lines = run("locate")[1].splitlines()
    assert lines == [
        f"database: {db_file} (does not exist yet)",
        f"config: {tmp_path / 'config'} (does not exist yet)",
        f"themes: {tmp_path / 'config' / 'themes'} (does not exist yet)",
        f"backups: {tmp_path / 'backups'} (does not exist yet)",
        f"log: {tmp_path / 'secondheart-errors.log'} (does not exist yet)",
    ]
    assert not db_file.exists()  # locate creates nothing
    run("backup")
    lines = run("locate")[1].splitlines()
    assert lines[0] == f"database: {db_file}" and lines[3] == f"backups: {tmp_path / 'backups'}"


# --- config ---------------------------------------------------------------------------------


def test_config_hides_internal_settings(tracker, run):
    tracker.set_setting("welcome-seen", "yes")  # the app keeps it
    out = run("config")[1]
    assert "welcome-seen" not in out and "day-start-hour = 0" in out
    for args in (("config", "welcome-seen"), ("config", "welcome-seen", "no")):
        assert run(*args) == (
            1,
            "",
            "secondheart: welcome-seen is kept by the app itself "
            "(whether the first-run disclaimer was acknowledged), not a setting\n",
        )
    assert tracker.setting("welcome-seen") == "yes"
    code, _, err = run("config", "colour")
    assert code == 1 and "welcome-seen" not in err and "known: day-start-hour" in err
    assert run("config", "week-strat")[2].endswith("did you mean week-start?\n")


# --- status --format ---------------------------------------------------------------------


def test_status_help_lists_every_field_with_its_meaning(run):
    out = run("status", "--help")[1]
    for name, meaning in FIELDS.items():
        assert re.search(rf"^  \{{{name}\}}\s+{re.escape(meaning)}$", out, re.M), name
    assert "The default TEMPLATE is '♥ {done}/{total}{due}{timer}'" in out
    assert "status-right '#(secondheart status)'" in out and "PS1=" in out


def test_every_field_is_filled_and_documented(tracker):
    assert list(status_fields(tracker)) == list(FIELDS)
    readme = README.read_text(encoding="utf-8")
    for name in FIELDS:
        assert f"| `{{{name}}}` |" in readme, name


def test_every_field_can_be_used(run, clock):
    now = clock.now()
    clock.set(now.replace(hour=7))  # the file made before the day's first reminder (08:00)
    run("status")
    clock.set(now)
    template = " ".join(f"{name}={{{name}}}" for name in FIELDS)
    code, out, err = run("status", "--format", template)
    assert code == 0, err
    assert out == "done=0 total=7 percent=0 left=7 next=Brisk walk timer= due= · ⏰ Leg elevation\n"


# --- one style for every message ----------------------------------------------------------

NAMES = tuple(item.name for item in DEFAULT_ROUTINE)

# Every command's mistakes. {folder} is a folder, {junk} a text file, {missing} no file.
MISTAKES = [
    (("--db", "{folder}", "tui"), 1),
    (("demo", "now"), 2),
    (("check", "ankel"), 1),
    (("check", "walk", "-5"), 1),
    (("check", "walk", "--date", "someday"), 1),
    (("check",), 2),
    (("skip", "yoga"), 1),
    (("skip", "walk", "--date", "2099-01-01"), 1),
    (("status", "--format", "{nope}"), 2),
    (("status", "--format", "{"), 2),
    (("exercises", "lsit"), 2),
    (("exercises", "edit", "walk"), 1),
    (("exercises", "add", "Yoga", "--kind", "count", "--target", "-2"), 1),
    (("exercises", "add", ""), 1),
    (("exercises", "archive", "yoga"), 1),
    (("exercises", "move", "walk", "sideways"), 2),
    (("export", "-o", "{db}"), 1),
    (("export", "-o", "{folder}"), 1),
    (("import", "{missing}"), 1),
    (("import", "{junk}"), 1),
    (("import", "x", "--from", "lop"), 2),
    (("import", "{junk}", "--dry-run"), 1),
    (("timer", "pause"), 1),
    (("timer", "resume"), 1),
    (("timer", "cancel"), 1),
    (("timer", "start", "bridge"), 1),
    (("timer", "start", "--minutes", "0"), 1),
    (("timer", "start", "--minutes", "inf"), 1),
    (("timer", "start", "--minutes", "5000"), 1),
    (("timer", "strat"), 2),
    (("config", "colour"), 1),
    (("config", "welcome-seen"), 1),
    (("config", "day-start-hour", "25"), 1),
    (("config", "waking-end", "07:00"), 1),
    (("config", "theme", "purple-haze"), 1),
    (("locate", "now"), 2),
    (("--db", "{folder}", "backup"), 1),
    (("restore", "{missing}"), 1),
    (("restore", "{junk}"), 1),
    (("--db", "{missing}", "doctor"), 1),
    (("about", "now"), 2),
    (("stats", "yoga"), 1),
    (("stats", "--days", "0"), 2),
    (("help", "nosuch"), 2),
    (("help", "exercises", "lsit"), 2),
    (("help", "check", "extra"), 2),
    (("help", "exercises", "add", "extra"), 2),
    (("completion", "tcsh"), 2),
    (("frobnicate",), 2),
    (("journal", "cramps", "7"), 1),
    (("journal", "cramp", "2"), 1),
    (("journal", "skin-colour", "maybe"), 1),
    (("journal", "cramps", "2", "--date", "2099-01-01"), 1),
    (("report", "--days", "45"), 2),
    (("report", "-o", "{folder}"), 1),
    (("remind", "now"), 2),
    (("exercises", "edit", "walk", "--remind", "25:00"), 1),
]


def check_style(code: int, out: str, err: str, expected: int) -> None:
    """One rule for every message: 'secondheart[ COMMAND]: ' and one line, which
    starts in lower case (unless with a name the user gave) and ends without a full stop.
    A usage error (exit 2) may put argparse's usage lines first."""
    assert code == expected, err
    assert out == "" and "Traceback" not in err and err.endswith("\n")
    lines = err.splitlines()
    if code == 1 or len(lines) == 1:
        assert len(lines) == 1, err
    else:
        assert lines[0].startswith("usage: secondheart"), err
    prog, sep, message = lines[-1].partition(": ")
    assert sep and re.fullmatch(r"secondheart( [a-z-]+)*", prog), lines[-1]
    assert message.strip() == message and message, lines[-1]
    assert not message.endswith("."), f"ends with a full stop: {message}"
    if message[0].isupper():
        assert message.startswith(NAMES), f"starts in upper case: {message}"


@pytest.mark.parametrize(
    ("args", "expected"), MISTAKES, ids=lambda v: " ".join(v) if isinstance(v, tuple) else str(v)
)
def test_every_mistake_gets_one_line_in_one_style(tracker, run, tmp_path, args, expected):
    junk = tmp_path / "junk.txt"
    junk.write_text("hello\n" * 100)
    places = {
        "{folder}": str(tmp_path),
        "{junk}": str(junk),
        "{missing}": str(tmp_path / "missing.db"),
        "{db}": str(tracker.path),
    }
    check_style(*run(*(places.get(word, word) for word in args)), expected)


def test_every_command_has_its_mistakes_in_the_style_test():
    named = {
        next(w for w in args if w in COMMAND_HELP)
        for args, _ in MISTAKES
        if set(args) & set(COMMAND_HELP)
    }
    assert named == set(COMMAND_HELP)


def test_timer_state_mistakes_share_the_style(tracker, run):
    assert run("timer", "start")[0] == 0
    check_style(*run("timer", "start", "walk"), 1)
    assert run("timer", "pause")[0] == 0
    check_style(*run("timer", "pause"), 1)
    assert run("timer", "pause")[2] == "secondheart: the timer is already paused\n"
    assert run("timer", "resume")[0] == 0
    check_style(*run("timer", "resume"), 1)


@pytest.mark.parametrize(
    "args",
    [
        ("{word}",),
        ("help", "{word}"),
        ("exercises", "{word}"),
        ("check", "{word}"),
        ("check", "walk", "1", "{word}"),
        ("config", "{word}"),
        ("timer", "start", "{word}"),
        ("completion", "{word}"),
    ],
)
@pytest.mark.parametrize("word", ["[b]x[/]", "\x1b[31mred", "stat\x1b[0m"])
def test_mistyped_words_are_shown_as_typed_never_obeyed(tracker, run, args, word):
    code, out, err = run(*(word if a == "{word}" else a for a in args))
    assert code in (1, 2) and out == ""
    assert "\x1b" not in err  # never the raw escape
    assert ("\\x1b" in err) if "\x1b" in word else (word in err)  # but the word, shown
    check_style(code, out, err, code)


def test_notes_and_lists_show_a_hostile_path_as_typed(tmp_path, clock, capsys, monkeypatch):
    monkeypatch.setattr(cli, "_clock_factory", lambda: clock)
    folder = tmp_path / "[b]x\x1b[31m"  # (a path cannot hold the slash of [/])
    folder.mkdir()
    path = folder / "my.db"
    shown = str(path).replace("\x1b", "\\x1b")
    assert main(["--db", str(path), "backup"]) == 0
    out, err = capsys.readouterr()
    assert err == f"secondheart: created a new database at {shown}\n"
    assert "\x1b" not in out and out.startswith("backed up to ")
    assert main(["--db", str(path), "restore"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and f"backups of {shown}, newest first" in out
    assert main(["--db", str(path), "locate"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"database: {shown}"


# --- slugs ------------------------------------------------------------------------------


def test_a_name_with_an_escape_sequence_gets_a_clean_slug(run):
    code, out, _ = run("exercises", "add", "New \x1b[31mname")
    assert (code, out) == (0, "added new-name: New \\x1b[31mname\n")  # the name shown as typed
    code, out, _ = run("check", "new-name")
    assert (code, out) == (0, "New \\x1b[31mname: ✓ on Sat 21 Nov 2026\n")
    code, out, _ = run("exercises", "add", "[b]x[/] \x1b]0;title\x07walk")
    assert out == "added b-x-walk: [b]x[/] \\x1b]0;title\\x07walk\n"
