"""Theme files: loading, validation and contrast checks.

A theme file is TOML. Its top-level keys are fields of ``textual.theme.Theme``
(``name``, ``dark``, ``primary``, ``background`` ...) and an optional
``[variables]`` table holds CSS variables: the app's own (``heat-0`` ...
``heat-4``, ``status-*``, ``timer``) and, if wanted, any of Textual's.

Bundled themes live in :func:`tui.paths.bundled_themes_dir`; users drop their
own files into :func:`tui.paths.user_themes_dir`. A user theme with the same
name as a bundled one replaces it. A broken file never stops the app: it is
collected as a :class:`ThemeProblem` and skipped.

Every value is checked the way Textual will use it, so that a theme that loads
can never crash a start later: colours with Textual's ``Color.parse``, numbers
for type and range, the name against Textual's markup reader (its theme list
shows names as markup), and each ``[variables]`` value through Textual's own
CSS tokenizer and parser, in the declarations where Textual and the app use it.

Textual is imported lazily, inside the functions that need it, so that
:func:`theme_names_quick` (used by the CLI) stays cheap.
"""

from __future__ import annotations

import functools
import math
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.paths import bundled_themes_dir, user_themes_dir

if TYPE_CHECKING:
    from textual.theme import Theme

DEFAULT_THEME = "second-heart-dark"

HEAT_VARIABLES = ("heat-0", "heat-1", "heat-2", "heat-3", "heat-4")
STATUS_VARIABLES = ("status-met", "status-partial", "status-skipped", "status-missed")
APP_VARIABLE_NAMES = (*HEAT_VARIABLES, *STATUS_VARIABLES, "timer")

# Defaults for every app variable (the values of second-heart-dark). Used by
# App.get_theme_variable_defaults and to fill in what a theme file leaves out.
APP_VARIABLE_DEFAULTS: dict[str, str] = {
    "heat-0": "#2A2630",
    "heat-1": "#5A2F3A",
    "heat-2": "#8F3A45",
    "heat-3": "#CC4F55",
    "heat-4": "#FF7B72",
    "status-met": "#5FBF8F",
    "status-partial": "#E9C46A",
    "status-skipped": "#8A8595",
    "status-missed": "#E5484D",
    "timer": "#FF8A80",
}

# The same for light themes (the values of second-heart-light), so a light
# user theme that omits the heat levels does not get dark-theme heat colours.
LIGHT_APP_VARIABLE_DEFAULTS: dict[str, str] = {
    "heat-0": "#ECE5E2",
    "heat-1": "#F6C1BD",
    "heat-2": "#EC8A86",
    "heat-3": "#D4545A",
    "heat-4": "#A3243A",
    "status-met": "#276749",
    "status-partial": "#975A16",
    "status-skipped": "#6B6470",
    "status-missed": "#C53030",
    "timer": "#C2404A",
}

# Theme fields that hold a colour. ``primary`` is the only required one.
_COLOUR_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "background",
    "surface",
    "panel",
    "boost",
    "foreground",
    "warning",
    "error",
    "success",
)
_BOOL_FIELDS = ("dark", "ansi")
_FLOAT_FIELDS = ("luminosity_spread", "text_alpha")
_KNOWN_KEYS = frozenset({"name", "variables", *_COLOUR_FIELDS, *_BOOL_FIELDS, *_FLOAT_FIELDS})

# Textual's own variables that do not hold a single colour, and the property
# Textual's CSS sets with each one (a test checks this against Textual's
# widgets). Every other variable Textual generates holds a colour.
_TEXTUAL_NON_COLOUR_VARIABLES: dict[str, str] = {
    "text": "color",
    "text-muted": "color",
    "text-disabled": "color",
    "block-cursor-foreground": "color",
    "button-color-foreground": "color",
    "link-color": "link-color",
    "link-color-hover": "link-color-hover",
    "link-background": "link-background",
    "link-style": "link-style",
    "link-style-hover": "link-style-hover",
    "block-cursor-text-style": "text-style",
    "block-cursor-blurred-text-style": "text-style",
    "input-cursor-text-style": "text-style",
    "button-focus-text-style": "text-style",
    **{f"markdown-h{level}-text-style": "text-style" for level in range(1, 7)},
}

# How a variable is used, as CSS declarations and as Content styles ("$x" is
# the variable). A colour goes into colour properties, with an alpha and inside
# a border ("border-left: outer $primary 50%"); the app's colours also go into
# styles such as "bold $status-met" and "$status-missed 70%". The "auto 87%"
# kind ($text, $text-muted) goes into colour declarations, alone or with an
# alpha, the app's border titles and styles such as "bold $text-muted".
_COLOUR_CSS = ("color: $x;", "border: tall $x 50%;")
_COLOUR_STYLES = ("bold $x 70% on $x",)
_AUTO_COLOUR_CSS = ("color: $x;", "color: $x 40%;", "border-title-color: $x;")
_AUTO_COLOUR_STYLES = ("bold $x 60%",)


def _file_name(path: Path) -> str:
    """A file's name as plain, printable text (control characters shown as escapes)."""
    from tui.core.text import visible

    return visible(path.name)


class ThemeError(ValueError):
    """A theme file that cannot be used. ``str()`` is ``"file.toml: reason"``."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{_file_name(self.path)}: {reason}")


@dataclass(frozen=True)
class ThemeProblem:
    """A theme file that was skipped, and why.

    ``str()`` is the one line the app shows in its notice, as plain text
    (never markup), with control characters shown as escapes.
    """

    path: Path
    message: str

    def __str__(self) -> str:
        from tui.core.text import visible

        return f"{_file_name(self.path)}: {visible(self.message)}"


def app_variable_defaults(dark: bool = True) -> dict[str, str]:
    """Defaults for the app variables suited to a dark or a light theme."""
    return dict(APP_VARIABLE_DEFAULTS if dark else LIGHT_APP_VARIABLE_DEFAULTS)


def _check_colour(path: Path, key: str, value: Any) -> str:
    from textual.color import Color, ColorParseError

    if not isinstance(value, str):
        raise ThemeError(path, f"{key} must be a colour string, not {type(value).__name__}")
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeError(path, f"{key} = {value!r} is not a valid colour") from None
    return value


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        # The message already ends "(at line N, column M)".
        raise ThemeError(path, f"invalid TOML: {error}") from None
    except UnicodeDecodeError:
        raise ThemeError(path, "invalid TOML: file is not UTF-8 text") from None
    except OSError as error:
        raise ThemeError(path, f"cannot read file: {error.strerror or error}") from None


def _check_name(path: Path, data: dict[str, Any]) -> str:
    if "name" not in data:
        raise ThemeError(path, "missing required key 'name'")
    name = data["name"]
    if not isinstance(name, str):
        raise ThemeError(path, f"name must be a string, not {type(name).__name__}")
    if not name.strip():
        raise ThemeError(path, "name must not be empty")
    if name != name.strip() or "," in name:
        # App.get_theme splits on commas and strips, so such names can never be selected.
        raise ThemeError(path, f"name {name!r} must not contain commas or surrounding spaces")
    if not name.isprintable():
        raise ThemeError(path, f"name {name!r} must be printable text")
    from tui.core.errors import InvalidInput
    from tui.core.rules import theme_name

    try:
        theme_name(name)  # what the "theme" setting accepts, so the theme can be remembered
    except InvalidInput as error:
        raise ThemeError(path, f"name {name!r}: {error}") from None
    if _shown_as_markup(name) != name:
        raise ThemeError(
            path,
            f"name {name!r} would not show as typed: Textual's theme list reads it as markup",
        )
    return name


def _shown_as_markup(text: str) -> str | None:
    """What Textual shows for ``text`` read as markup, or None if it cannot read it."""
    from textual.content import Content

    try:
        return Content.from_markup(text).plain
    except Exception:  # MarkupError and whatever else the markup reader raises
        return None


def _check_number(path: Path, key: str, value: Any) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 <= value <= 1
    ):
        raise ThemeError(path, f"{key} must be a number from 0 to 1, not {value!r}")
    return float(value)


def _css_parses(declarations: Iterable[str], variables: dict[str, str]) -> bool:
    """Whether Textual's stylesheet parser accepts ``declarations`` with ``variables``."""
    from textual.css.stylesheet import Stylesheet

    sheet = Stylesheet(variables=variables)
    sheet.add_source("Widget { " + " ".join(declarations) + " }", read_from=("theme", ""))
    try:
        sheet.parse()
    except Exception:  # StylesheetParseError, TokenError, StylesheetError
        return False
    return True


def _style_parses(style: str, variables: dict[str, str]) -> bool:
    """Whether Textual's style parser (for Content, "bold $x") accepts ``style``."""
    from textual.markup import parse_style

    try:
        parse_style(style, variables)
    except Exception:  # ColorParseError, TokenError
        return False
    return True


@functools.cache
def _textual_variables(ansi: bool) -> tuple[frozenset[str], frozenset[str]]:
    """The variables Textual generates for a theme, and those of them that hold a colour."""
    from textual.color import Color, ColorParseError
    from textual.theme import Theme

    generated = Theme(name="probe", primary="#808080", ansi=ansi).to_color_system().generate()
    colours = set()
    for name, value in generated.items():
        try:
            Color.parse(value)
        except ColorParseError:
            continue
        colours.add(name)
    return frozenset(generated), frozenset(colours)


def _variable_uses(
    path: Path, name: str, value: str, ansi: bool
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The declarations and styles ``name`` is used in, after checking its kind.

    Raises:
        ThemeError: if the value is not of the kind the variable holds.
    """
    if name in APP_VARIABLE_NAMES:
        return _COLOUR_CSS, _COLOUR_STYLES  # already checked as colours
    if name in _TEXTUAL_NON_COLOUR_VARIABLES:
        prop = _TEXTUAL_NON_COLOUR_VARIABLES[name]
        if prop == "color":
            return _AUTO_COLOUR_CSS, _AUTO_COLOUR_STYLES
        return (f"{prop}: $x;",), ()
    textual_names, textual_colours = _textual_variables(ansi)
    if name not in textual_names:
        return (), ()  # used by neither Textual nor the app: Textual only tokenizes it
    if name not in textual_colours:
        # A variable of a newer Textual whose use this file does not know.
        raise ThemeError(path, f"variables.{name} cannot be set by a theme file")
    _check_colour(path, f"variables.{name}", value)
    return _COLOUR_CSS, _COLOUR_STYLES


def _check_variables(path: Path, theme: Theme) -> None:
    """Parse the theme's variables as Textual will, where Textual and the app use them.

    Raises:
        ThemeError: naming the first variable Textual would not accept.
    """
    from textual.css.tokenize import tokenize_value
    from textual.css.tokenizer import TokenError

    declarations: list[tuple[str, str]] = []  # (variable, CSS declaration using it)
    styles: list[tuple[str, str]] = []  # (variable, Content style using it)
    for name, value in theme.variables.items():
        try:
            tokens = list(tokenize_value(value, ("theme", name)))
        except TokenError:
            raise ThemeError(
                path, f"variables.{name} = {value!r} is not a valid CSS value"
            ) from None
        if any(token.name == "variable_ref" for token in tokens):
            # Textual never resolves them inside a theme's variables.
            raise ThemeError(path, f"variables.{name} = {value!r} cannot refer to another variable")
        css, style_forms = _variable_uses(path, name, value, theme.ansi)
        declarations += [(name, line.replace("$x", f"${name}")) for line in css]
        styles += [(name, style.replace("$x", f"${name}")) for style in style_forms]

    try:
        # What App.get_css_variables builds from the theme.
        theme.to_color_system().generate()
    except Exception as error:  # a value Textual's colour system cannot work with
        raise ThemeError(path, f"Textual cannot build its colours from it ({error})") from None

    # In the app the theme's own values win over the generated ones, and they refer
    # to no other variable, so they alone decide how these parse. One parse of
    # everything; only if that fails, one each to name the variable.
    variables = dict(theme.variables)
    if not _css_parses([line for _, line in declarations], variables):
        for name, line in declarations:
            if not _css_parses([line], variables):
                value = variables[name]
                raise ThemeError(
                    path, f"variables.{name} = {value!r} is not valid in {line.rstrip(';')!r}"
                )
        raise ThemeError(path, "Textual cannot parse its variables")  # pragma: no cover
    if not _style_parses(" ".join(style for _, style in styles), variables):
        for name, style in styles:
            if not _style_parses(style, variables):
                value = variables[name]
                raise ThemeError(
                    path, f"variables.{name} = {value!r} is not valid in the style {style!r}"
                )
        raise ThemeError(path, "Textual cannot parse its variables")  # pragma: no cover


def load_theme_file(path: Path, trusted: bool = False) -> Theme:
    """Read and validate one theme file.

    ``trusted`` (the bundled themes, which the test suite validates in full)
    skips the CSS parse of every variable, which costs a few milliseconds of
    each start per theme.

    Raises:
        ThemeError: with a one-line message naming the file and the problem.
    """
    from textual.theme import Theme

    path = Path(path)
    data = _read_toml(path)

    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        listed = ", ".join(repr(key) for key in unknown)
        plural = "s" if len(unknown) > 1 else ""
        raise ThemeError(path, f"unknown key{plural} {listed}")

    name = _check_name(path, data)
    if "primary" not in data:
        raise ThemeError(path, "missing required key 'primary'")

    fields: dict[str, Any] = {"name": name}
    for key in _COLOUR_FIELDS:
        if key in data:
            fields[key] = _check_colour(path, key, data[key])
    for key in _BOOL_FIELDS:
        if key in data:
            if not isinstance(data[key], bool):
                raise ThemeError(path, f"{key} must be true or false, not {data[key]!r}")
            fields[key] = data[key]
    for key in _FLOAT_FIELDS:
        if key in data:
            fields[key] = _check_number(path, key, data[key])

    raw_variables = data.get("variables", {})
    if not isinstance(raw_variables, dict):
        raise ThemeError(path, "variables must be a table ([variables])")
    variables = app_variable_defaults(fields.get("dark", True))
    for key, value in raw_variables.items():
        if key in APP_VARIABLE_NAMES:
            variables[key] = _check_colour(path, f"variables.{key}", value)
        elif isinstance(value, str):
            # Textual's own variables accept any CSS value ("auto 87%", "reverse").
            variables[key] = value
        else:
            raise ThemeError(path, f"variables.{key} must be a string, not {type(value).__name__}")
    fields["variables"] = variables

    theme = Theme(**fields)
    if not trusted:
        _check_variables(path, theme)
    return theme


def _theme_files(folder: Path) -> list[Path]:
    try:
        return sorted(entry for entry in folder.glob("*.toml") if entry.is_file())
    except OSError:
        return []


def load_themes(
    folders: Iterable[Path], trusted: Iterable[Path] = ()
) -> tuple[list[Theme], list[ThemeProblem]]:
    """Load every ``*.toml`` in each existing folder, in sorted order.

    Broken files are skipped and reported. Two files in the same folder with
    the same theme name: the second is reported. Across folders both are
    returned (later folders are meant to override earlier ones).
    """
    themes: list[Theme] = []
    problems: list[ThemeProblem] = []
    trusted_folders = {Path(folder) for folder in trusted}
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        seen: dict[str, Path] = {}
        for path in _theme_files(folder):
            try:
                theme = load_theme_file(path, trusted=folder in trusted_folders)
            except ThemeError as error:
                problems.append(ThemeProblem(path, error.reason))
                continue
            if theme.name in seen:
                problems.append(
                    ThemeProblem(
                        path,
                        f"theme {theme.name!r} is already defined by {_file_name(seen[theme.name])}",
                    )
                )
                continue
            seen[theme.name] = path
            themes.append(theme)
    return themes, problems


def bundled_and_user_themes() -> tuple[list[Theme], list[ThemeProblem]]:
    """Bundled themes then user themes; a user theme overrides a bundled one of the same name."""
    bundled = bundled_themes_dir()
    themes, problems = load_themes([bundled, user_themes_dir()], trusted=[bundled])
    by_name: dict[str, Theme] = {}
    for theme in themes:
        by_name[theme.name] = theme  # keeps the bundled position, takes the user's theme
    return list(by_name.values()), problems


def _relative_luminance(red: int, green: int, blue: int) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance (0 = black, 1 = white) of an opaque colour."""
    from textual.color import Color

    parsed = Color.parse(colour)
    return _relative_luminance(parsed.r, parsed.g, parsed.b)


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio (1 to 21) of ``fg`` over ``bg``.

    A translucent foreground is first blended over the background.
    """
    from textual.color import Color

    back = Color.parse(bg)
    front = Color.parse(fg)
    if front.a < 1:
        alpha = front.a
        front = Color(
            round(back.r + (front.r - back.r) * alpha),
            round(back.g + (front.g - back.g) * alpha),
            round(back.b + (front.b - back.b) * alpha),
        )
    lighter, darker = sorted(
        (
            _relative_luminance(front.r, front.g, front.b),
            _relative_luminance(back.r, back.g, back.b),
        ),
        reverse=True,
    )
    return (lighter + 0.05) / (darker + 0.05)


def _quick_name(path: Path) -> str | None:
    try:
        with open(path, "rb") as file:
            name = tomllib.load(file).get("name")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    if isinstance(name, str) and name.strip() and name == name.strip() and "," not in name:
        return name
    return None


def theme_names_quick() -> list[str]:
    """Names of the bundled and user themes, without importing Textual.

    Only reads each file's ``name``; a file that would fail full validation
    may still be listed. Bundled names first, then new user names.
    """
    names: list[str] = []
    for folder in (bundled_themes_dir(), user_themes_dir()):
        if not folder.is_dir():
            continue
        for path in _theme_files(folder):
            name = _quick_name(path)
            if name is not None and name not in names:
                names.append(name)
    return names


def builtin_theme_names() -> list[str]:
    """Names of Textual's own built-in themes (imports Textual)."""
    from textual.theme import BUILTIN_THEMES

    return list(BUILTIN_THEMES)


def all_theme_names() -> list[str]:
    """Every theme a user can choose: valid bundled and user themes, then Textual's."""
    themes, _problems = bundled_and_user_themes()
    names = [theme.name for theme in themes]
    return names + [name for name in builtin_theme_names() if name not in names]
