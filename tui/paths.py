"""Where things live. Every path is resolved inside a function, never at import.

Bundled data (``migrations/`` and ``themes/``) sits at the top of the
repository in a checkout and inside the package (``tui/_data/``) in a wheel;
``resource_dir`` finds whichever is there.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "secondheart"


def resource_dir(name: str) -> Path:
    """The bundled ``migrations`` or ``themes`` folder."""
    package = Path(__file__).resolve().parent
    installed = package / "_data" / name
    if installed.is_dir():
        return installed
    return package.parent / name


def migrations_dir() -> Path:
    return resource_dir("migrations")


def bundled_themes_dir() -> Path:
    return resource_dir("themes")


def _xdg_dir(variable: str, fallback: str) -> Path | None:
    """The XDG base folder for this app on Linux, as platformdirs gives it; else None.

    ``secondheart status`` runs every few seconds and importing platformdirs
    is a noticeable share of it, so on Linux (where platformdirs follows the
    XDG spec) the folder is read straight from the environment. Elsewhere,
    Android included, platformdirs decides.
    """
    if sys.platform != "linux" or "ANDROID_DATA" in os.environ:
        return None
    base = os.environ.get(variable, "")
    if not base.strip():
        base = os.path.expanduser(fallback)
    return Path(base) / APP_NAME


def data_dir() -> Path:
    """The user's data folder (``$SECONDHEART_DATA_DIR`` overrides)."""
    override = os.environ.get("SECONDHEART_DATA_DIR")
    if override:
        return Path(override).expanduser()
    xdg = _xdg_dir("XDG_DATA_HOME", "~/.local/share")
    if xdg is not None:
        return xdg
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The user's config folder (``$SECONDHEART_CONFIG_DIR`` overrides)."""
    override = os.environ.get("SECONDHEART_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    xdg = _xdg_dir("XDG_CONFIG_HOME", "~/.config")
    if xdg is not None:
        return xdg
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def default_db_path() -> Path:
    """``$SECONDHEART_DB``, else ``secondheart.db`` in the data folder."""
    override = os.environ.get("SECONDHEART_DB")
    if override:
        return Path(override).expanduser()
    return data_dir() / "secondheart.db"


def backups_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def log_path(db_path: Path) -> Path:
    return Path(db_path).parent / "secondheart-errors.log"
