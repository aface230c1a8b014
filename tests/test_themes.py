"""Theme files: bundled themes, user themes, broken files, contrast."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.widgets import Static

from tui import themes as th
from tui.paths import bundled_themes_dir

REPO = Path(__file__).resolve().parent.parent

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
