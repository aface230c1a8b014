"""Theme files: bundled themes, user themes, broken files, contrast."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.color import Color
from textual.widgets import Static

from tui import themes as th
from tui.paths import bundled_themes_dir

from .helpers import wait_for as until

REPO = Path(__file__).resolve().parent.parent
BAD_THEMES = REPO / "tests" / "data" / "themes"
BAD_FILES = sorted(BAD_THEMES.glob("*.toml"))

BUNDLED_FILES = sorted(bundled_themes_dir().glob("*.toml"))
REQUIRED_BUNDLED = {"second-heart-dark", "second-heart-light", "high-contrast", "colorblind-safe"}

GOOD_THEME = """\
name = "user-sunrise"
dark = false
primary = "#d9485f"
background = "#fffaf0"
foreground = "#1a1a1a"

[variables]
heat-4 = "#123456"
"""


class ThemeApp(App[None]):
    CSS = """
    Static { background: $heat-4; color: $timer; }
    """

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return th.app_variable_defaults(self.current_theme.dark)

    def compose(self) -> ComposeResult:
        yield Static("♥")


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SECONDHEART_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- bundled themes ---------------------------------------------------------


def test_bundled_set_is_complete() -> None:
    themes, problems = th.load_themes([bundled_themes_dir()])
    assert problems == []
    assert REQUIRED_BUNDLED <= {theme.name for theme in themes}
    assert th.DEFAULT_THEME in {theme.name for theme in themes}


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=lambda p: p.stem)
def test_bundled_file_name_matches_stem(path: Path) -> None:
    assert th.load_theme_file(path).name == path.stem


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=lambda p: p.stem)
def test_bundled_file_sets_every_app_variable_itself(path: Path) -> None:
    import tomllib

    declared = tomllib.loads(path.read_text(encoding="utf-8"))["variables"]
    assert set(th.APP_VARIABLE_NAMES) <= set(declared)


def test_defaults_match_bundled_themes() -> None:
    dark = th.load_theme_file(bundled_themes_dir() / "second-heart-dark.toml")
    light = th.load_theme_file(bundled_themes_dir() / "second-heart-light.toml")
    for name in th.APP_VARIABLE_NAMES:
        assert dark.variables[name] == th.APP_VARIABLE_DEFAULTS[name]
        assert light.variables[name] == th.LIGHT_APP_VARIABLE_DEFAULTS[name]
    assert set(th.APP_VARIABLE_DEFAULTS) == set(th.APP_VARIABLE_NAMES)


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=lambda p: p.stem)
async def test_bundled_theme_registers_and_applies(path: Path) -> None:
    theme = th.load_theme_file(path)
    app = ThemeApp()
    async with app.run_test(size=(40, 10)) as pilot:
        app.register_theme(theme)
        app.theme = theme.name
        await pilot.pause()
        variables = app.get_css_variables()
        for name in th.APP_VARIABLE_NAMES:
            assert Color.parse(variables[name]) == Color.parse(theme.variables[name])
        assert Color.parse(variables["background"]) == Color.parse(theme.background)
        static = app.query_one(Static)
        assert static.styles.background == Color.parse(theme.variables["heat-4"])


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("where", ["background", "surface"])
def test_bundled_contrast(path: Path, where: str) -> None:
    theme = th.load_theme_file(path)
    ratio = th.contrast_ratio(theme.foreground, getattr(theme, where))
    minimum = 7.0 if theme.name == "high-contrast" else 4.5
    assert ratio >= minimum, f"{theme.name}: foreground on {where} is {ratio:.2f}:1"


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=lambda p: p.stem)
def test_bundled_status_and_timer_colours_are_readable(path: Path) -> None:
    """Status glyphs and the timer are drawn as text on the background."""
    theme = th.load_theme_file(path)
    for name in (*th.STATUS_VARIABLES, "timer"):
        ratio = th.contrast_ratio(theme.variables[name], theme.background)
        assert ratio >= 4.5, f"{theme.name}: {name} on background is {ratio:.2f}:1"


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=lambda p: p.stem)
def test_bundled_heat_palette_is_monotonic(path: Path) -> None:
    """More done always means a clearly different brightness, in every theme."""
    theme = th.load_theme_file(path)
    lum = [th.relative_luminance(theme.variables[name]) for name in th.HEAT_VARIABLES]
    steps = [b - a for a, b in zip(lum, lum[1:], strict=False)]
    assert all(step > 0 for step in steps) or all(step < 0 for step in steps), lum


def test_colorblind_heat_palette_rises_in_luminance() -> None:
    theme = th.load_theme_file(bundled_themes_dir() / "colorblind-safe.toml")
    lum = [th.relative_luminance(theme.variables[name]) for name in th.HEAT_VARIABLES]
    assert lum == sorted(lum) and len(set(lum)) == len(lum)
    # Neighbouring levels stay distinguishable by brightness alone.
    for low, high in zip(th.HEAT_VARIABLES, th.HEAT_VARIABLES[1:], strict=False):
        assert th.contrast_ratio(theme.variables[high], theme.variables[low]) >= 1.3


# --- user themes ------------------------------------------------------------


def test_user_folder_adds_good_theme_and_reports_broken(config_dir: Path) -> None:
    bundled, _ = th.bundled_and_user_themes()
    user = config_dir / "themes"
    write(user, "sunrise.toml", GOOD_THEME)
    broken = write(user, "broken.toml", 'name = "oops"\nprimary = "#zzz"\n')

    themes, problems = th.bundled_and_user_themes()

    assert len(themes) == len(bundled) + 1
    assert {t.name for t in themes} - {t.name for t in bundled} == {"user-sunrise"}
    assert len(problems) == 1
    assert problems[0].path == broken
    assert str(problems[0]).startswith("broken.toml: ")
    assert "primary" in problems[0].message


def test_missing_user_folder_is_fine(config_dir: Path) -> None:
    themes, problems = th.bundled_and_user_themes()
    assert problems == []
    assert REQUIRED_BUNDLED <= {t.name for t in themes}


def test_user_theme_overrides_bundled_one(config_dir: Path) -> None:
    write(
        config_dir / "themes",
        "mine.toml",
        'name = "second-heart-dark"\nprimary = "#00ff00"\n',
    )
    themes, problems = th.bundled_and_user_themes()
    assert problems == []
    matching = [t for t in themes if t.name == "second-heart-dark"]
    assert len(matching) == 1
    assert matching[0].primary == "#00ff00"


def test_user_theme_missing_app_variables_gets_defaults(tmp_path: Path) -> None:
    theme = th.load_theme_file(write(tmp_path, "t.toml", GOOD_THEME))
    assert theme.variables["heat-4"] == "#123456"
    # A light theme is filled with the light defaults.
    assert theme.variables["heat-0"] == th.LIGHT_APP_VARIABLE_DEFAULTS["heat-0"]
    assert set(th.APP_VARIABLE_NAMES) <= set(theme.variables)


async def test_minimal_user_theme_fills_app_variables(tmp_path: Path) -> None:
    """A theme that sets no app variables still provides all of them.

    (The app's CSS is parsed with the start-up theme before on_mount, so the app
    itself must still supply APP_VARIABLE_DEFAULTS via get_theme_variable_defaults.)
    """
    theme = th.load_theme_file(write(tmp_path, "t.toml", 'name = "tiny"\nprimary = "red"\n'))

    class PlainApp(App[None]):
        def on_mount(self) -> None:
            self.register_theme(theme)
            self.theme = "tiny"

    app = PlainApp()
    async with app.run_test(size=(40, 10)):
        variables = app.get_css_variables()
        for name in th.APP_VARIABLE_NAMES:
            assert variables[name] == th.APP_VARIABLE_DEFAULTS[name]


def test_duplicate_name_in_one_folder_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", 'name = "same"\nprimary = "red"\n')
    write(tmp_path, "b.toml", 'name = "same"\nprimary = "blue"\n')
    themes, problems = th.load_themes([tmp_path])
    assert [t.primary for t in themes] == ["red"]
    assert [str(p) for p in problems] == ["b.toml: theme 'same' is already defined by a.toml"]


def test_load_themes_skips_missing_folders_and_sorts(tmp_path: Path) -> None:
    write(tmp_path, "b.toml", 'name = "bee"\nprimary = "red"\n')
    write(tmp_path, "a.toml", 'name = "ay"\nprimary = "red"\n')
    write(tmp_path, "notes.txt", "not a theme")
    themes, problems = th.load_themes([tmp_path / "nope", tmp_path])
    assert [t.name for t in themes] == ["ay", "bee"]
    assert problems == []


# --- broken files -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('name = "x"\nprimary = "red"\nbackground = \n', "invalid TOML"),
        ('name = "x"\nprimary "red"\n', "line 2"),
        ('primary = "red"\n', "missing required key 'name'"),
        ('name = "x"\n', "missing required key 'primary'"),
        ('name = ""\nprimary = "red"\n', "name must not be empty"),
        ('name = "a,b"\nprimary = "red"\n', "commas"),
        ('name = 3\nprimary = "red"\n', "name must be a string"),
        ('name = "x"\nprimary = "red"\nbackgorund = "#000"\n', "unknown key 'backgorund'"),
        ('name = "x"\nprimary = "#12345"\n', "primary = '#12345' is not a valid colour"),
        ('name = "x"\nprimary = "red"\nsurface = 7\n', "surface must be a colour string"),
        ('name = "x"\nprimary = "red"\ndark = "yes"\n', "dark must be true or false"),
        ('name = "x"\nprimary = "red"\n[variables]\nheat-3 = "bleu"\n', "variables.heat-3"),
        ('name = "x"\nprimary = "red"\nvariables = 1\n', "variables must be a table"),
        ('name = "x"\nprimary = "red"\ntext_alpha = "lots"\n', "text_alpha must be a number"),
    ],
)
def test_broken_file_gives_clear_message(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, "bad.toml", text)
    with pytest.raises(th.ThemeError) as caught:
        th.load_theme_file(path)
    message = str(caught.value)
    assert message.startswith("bad.toml: ")
    assert expected in message
    assert "\n" not in message
    assert isinstance(caught.value, ValueError)


def test_bad_toml_reports_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.toml", 'name = "x"\n\nprimary = = "red"\n')
    with pytest.raises(th.ThemeError, match=r"line 3"):
        th.load_theme_file(path)


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes(b'name = "caf\xe9"\nprimary = "red"\n')
    with pytest.raises(th.ThemeError, match="not UTF-8"):
        th.load_theme_file(path)


def test_textual_variables_pass_through(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "t.toml",
        'name = "x"\nprimary = "red"\n[variables]\nblock-cursor-text-style = "none"\n',
    )
    assert th.load_theme_file(path).variables["block-cursor-text-style"] == "none"


# --- checked as Textual will use them ---------------------------------------
#
# tests/data/themes/ holds one broken theme per file; its first line says which
# problem it must be reported with ("# expect: ...").


def expected_problem(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} must say what it expects"
    return first.removeprefix("# expect: ")


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_bad_theme_is_one_problem_and_skipped(config_dir: Path, path: Path) -> None:
    bundled, _ = th.bundled_and_user_themes()
    user = config_dir / "themes"
    write(user, "sunrise.toml", GOOD_THEME)
    bad = user / path.name
    shutil.copyfile(path, bad)

    themes, problems = th.bundled_and_user_themes()

    assert [problem.path for problem in problems] == [bad]
    assert expected_problem(path) in problems[0].message
    line = str(problems[0])
    assert line.startswith(f"{path.name}: ") and "\n" not in line
    # Every good theme still loads; the bad one is not there under any name.
    assert [t.name for t in themes] == [t.name for t in bundled] + ["user-sunrise"]


def test_every_bad_fixture_is_reported_and_nothing_loads() -> None:
    themes, problems = th.load_themes([BAD_THEMES])
    assert themes == []
    assert sorted(problem.path.name for problem in problems) == [p.name for p in BAD_FILES]


UNUSUAL_BUT_GOOD = """\
name = "odd"
primary = "ansi_red"
background = "rgb(10, 20, 30)"
luminosity_spread = 0
text_alpha = 1

[variables]
text = "red 50%"
text-muted = "auto 30%"
link-background = "initial"
block-cursor-text-style = "reverse"
block-cursor-blurred-text-style = "none"
markdown-h1-text-style = "bold italic"
border = "transparent"
footer-key-foreground = "ansi_bright_blue"
status-met = "rgb(1, 2, 3)"
status-missed = "hsl(10, 50%, 50%)"
heat-2 = "ansi_red"
heat-4 = "#ff000080"
my-own = "anything 12 goes, here"
"""


def test_unusual_but_valid_values_load(tmp_path: Path) -> None:
    theme = th.load_theme_file(write(tmp_path, "odd.toml", UNUSUAL_BUT_GOOD))
    assert theme.variables["text"] == "red 50%"
    assert theme.luminosity_spread == 0 and theme.text_alpha == 1


def test_user_theme_with_a_bundled_name_replaces_it_without_a_problem(config_dir: Path) -> None:
    write(config_dir / "themes", "mine.toml", 'name = "high-contrast"\nprimary = "#00ff00"\n')
    themes, problems = th.bundled_and_user_themes()
    assert problems == []
    assert [t.primary for t in themes if t.name == "high-contrast"] == ["#00ff00"]


def test_problem_line_shows_file_names_and_values_as_typed(tmp_path: Path) -> None:
    """The app shows the line as plain text: brackets as typed, controls as escapes."""
    write(tmp_path, "[b]x[i].toml", 'name = "x"\nprimary = "[/]"\n')
    write(tmp_path, "bell\x07.toml", 'name = "y"\nprimary = "nope"\n')
    _, problems = th.load_themes([tmp_path])
    shown = sorted(str(problem) for problem in problems)
    assert shown == [
        "[b]x[i].toml: primary = '[/]' is not a valid colour",
        "bell\\x07.toml: primary = 'nope' is not a valid colour",
    ]


# How Textual and the app use variables: the declarations in their CSS, by variable.


@cache
def css_declarations() -> dict[str, frozenset[str]]:
    """Every declaration in Textual's and the app's CSS that uses a variable."""
    import textual.widgets
    from textual.css.tokenize import tokenize
    from textual.dom import DOMNode

    import tui.app  # noqa: F401 - the app's widgets and screens, with their CSS

    for name in textual.widgets.__all__:
        getattr(textual.widgets, name)

    def subclasses(cls: type) -> set[type]:
        found = set(cls.__subclasses__())
        for sub in list(found):
            found |= subclasses(sub)
        return found

    sources = [
        css
        for cls in subclasses(DOMNode)
        for attr in ("DEFAULT_CSS", "CSS")
        if isinstance(css := cls.__dict__.get(attr), str) and css
    ]
    sources += [path.read_text(encoding="utf-8") for path in (REPO / "tui").rglob("*.tcss")]
    uses: dict[str, set[str]] = {}
    for css in sources:
        parts: list[str] | None = None
        refs: list[str] = []
        for token in tokenize(css, ("test", "")):
            if token.name == "declaration_name":
                parts, refs = [token.value], []
            elif parts is not None:
                if token.name in ("declaration_end", "declaration_set_end"):
                    for ref in refs:
                        uses.setdefault(ref, set()).add("".join(parts).strip() + ";")
                    parts = None
                    continue
                parts.append(token.value)
                if token.name == "variable_ref":
                    refs.append(token.value[1:])
    return {name: frozenset(found) for name, found in uses.items()}


def test_non_colour_variables_table_matches_textual() -> None:
    from textual.theme import BUILTIN_THEMES

    generated = BUILTIN_THEMES["textual-dark"].to_color_system().generate()
    not_colours = set()
    for name, value in generated.items():
        try:
            Color.parse(value)
        except Exception:
            not_colours.add(name)
    assert not_colours == set(th._TEXTUAL_NON_COLOUR_VARIABLES)
    for name, prop in th._TEXTUAL_NON_COLOUR_VARIABLES.items():
        used_in = {line.split(":")[0] for line in css_declarations().get(name, ())}
        assert used_in <= {prop, *(("border-title-color",) if prop == "color" else ())}, name


# The app's own Content styles that use variables (checklist, calendars, guide).
APP_STYLES = (
    "bold $status-met",
    "bold $status-partial",
    "bold $status-skipped",
    "bold $status-missed",
    "$status-skipped",
    "$status-missed 70%",
    "bold $heat-4",
    "$heat-1",
    "$heat-2",
    "$heat-3",
    "bold $text-muted",
)

VARIABLES_TO_TRY = (
    *th.APP_VARIABLE_NAMES,
    *th._TEXTUAL_NON_COLOUR_VARIABLES,
    "border",
    "scrollbar",
    "footer-key-foreground",
    "link-background-hover",
    "primary-background",
    "background-darken-1",
    "my-own",
)
VALUES_TO_TRY = (
    "red",
    "RED",
    "auto 87%",
    "auto",
    "initial",
    "inherit",
    "bold",
    "b reverse",
    "none",
    "bold not underline",
    "red 50%",
    "50%",
    "1",
    "",
    "ansi_red",
    "ansi_default",
    "rgb(1, 2, 3)",
    "hsl(1,50%,50%)",
    "#ff000080",
    "#fff",
    "transparent",
    "tall red",
    "underline red",
    "$text",
    "url(x)",
    "}",
    "red;",
    '"x"',
    "on red",
    "link",
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(VARIABLES_TO_TRY),
    value=st.one_of(
        st.sampled_from(VALUES_TO_TRY),
        st.text(alphabet="abdeilnortu0123456789#%$(){};:, .-_'\"", max_size=14),
    ),
)
def test_what_loads_parses_wherever_textual_and_the_app_use_it(name: str, value: str) -> None:
    """Whatever passes the check parses in every declaration and style that uses it."""
    import tempfile

    from textual.css.stylesheet import Stylesheet
    from textual.markup import parse_style

    # A JSON string is a TOML basic string.
    text = f'name = "probe"\nprimary = "#C2404A"\n[variables]\n"{name}" = {json.dumps(value)}\n'
    with tempfile.TemporaryDirectory() as folder:
        try:
            theme = th.load_theme_file(write(Path(folder), "probe.toml", text))
        except th.ThemeError:
            return
    # What App.get_css_variables hands to the stylesheet.
    variables = {
        **th.app_variable_defaults(theme.dark),
        **theme.to_color_system().generate(),
        **theme.variables,
    }
    for line in css_declarations().get(name, ()):
        sheet = Stylesheet(variables=variables)
        sheet.add_source(f"Widget {{ {line} }}", read_from=("test", ""))
        sheet.parse()  # raises if the check let through what Textual refuses
    for style in APP_STYLES:
        if f"${name}" in style.split():
            parse_style(style, variables)


@pytest.mark.parametrize(
    ("fixture", "name"),
    [
        ("var-unclosed-brace.toml", "bad-brace"),
        ("spread-infinite.toml", "bad-spread-inf"),
        ("name-markup-unbalanced.toml", "[/]oops"),
    ],
)
async def test_app_starts_with_fallback_when_the_chosen_theme_is_broken(
    config_dir: Path, tracker, app_factory, fixture: str, name: str
) -> None:
    from textual.widgets._toast import Toast

    user = config_dir / "themes"
    write(user, "sunrise.toml", GOOD_THEME)
    shown_name = "[b]chosen[i].toml"  # shown as typed, never read as markup
    shutil.copyfile(BAD_THEMES / fixture, user / shown_name)
    tracker.set_setting("theme", name)
    expected = f"{shown_name}: {expected_problem(BAD_THEMES / fixture)}"

    app = app_factory()
    async with app.run_test(size=(110, 30), notifications=True) as pilot:
        await until(pilot, lambda: bool(app.screen.query(Toast)))
        assert app.theme == th.DEFAULT_THEME
        assert "user-sunrise" in app.available_themes
        assert name not in app.available_themes
        notices = [n for n in app._notifications if "Skipped broken theme files" in n.message]
        assert len(notices) == 1
        shown = "".join(toast.render().plain for toast in app.screen.query(Toast))
        assert expected in shown.replace("\n", " ")
        variables = app.get_css_variables()
        assert variables["status-met"] == th.APP_VARIABLE_DEFAULTS["status-met"]
    # The choice is kept, for when the file is mended.
    assert tracker.setting("theme") == name


async def test_app_runs_with_unusual_but_valid_theme(
    config_dir: Path, tracker, app_factory
) -> None:
    write(config_dir / "themes", "odd.toml", UNUSUAL_BUT_GOOD)
    tracker.set_setting("theme", "odd")
    app = app_factory()
    async with app.run_test(size=(110, 30), notifications=True) as pilot:
        for key, mode in (("2", "streaks"), ("3", "timer"), ("4", "guide"), ("1", "today")):
            await pilot.press(key)
            await until(pilot, lambda mode=mode: app.current_mode == mode)
        assert app.theme == "odd"
        assert not [n for n in app._notifications if "Skipped broken theme files" in n.message]


# --- contrast ---------------------------------------------------------------


def test_contrast_ratio_known_values() -> None:
    assert th.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert th.contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert th.contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    # WebAIM reference: #767676 on white is 4.54:1.
    assert th.contrast_ratio("#767676", "white") == pytest.approx(4.54, abs=0.01)


def test_contrast_ratio_blends_translucent_foreground() -> None:
    assert th.contrast_ratio("#ffffff00", "#000000") == pytest.approx(1.0)


# --- names without textual --------------------------------------------------


def test_theme_names_quick_lists_bundled_and_user(config_dir: Path) -> None:
    write(config_dir / "themes", "sunrise.toml", GOOD_THEME)
    write(config_dir / "themes", "broken.toml", "name = = ")
    names = th.theme_names_quick()
    assert REQUIRED_BUNDLED <= set(names)
    assert "user-sunrise" in names
    assert names.count("second-heart-dark") == 1


def test_theme_names_quick_does_not_import_textual(config_dir: Path) -> None:
    code = "import sys, tui.themes as t; t.theme_names_quick(); print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_builtin_theme_names() -> None:
    names = th.builtin_theme_names()
    assert "textual-dark" in names
    assert "textual-light" in names
