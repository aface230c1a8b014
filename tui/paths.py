"""Where things live. Every path is resolved inside a function, never at import.

Bundled data (``migrations/`` and ``themes/``) sits at the top of the
repository in a checkout and inside the package (``tui/_data/``) in a wheel;
``resource_dir`` finds whichever is there.

What ``secondheart status`` needs (the database file and the migrations
folder) is worked out with ``os.path`` and returned as text: a status bar
runs that command every few seconds, and importing ``pathlib`` alone costs
several milliseconds of it. Everything else is a ``Path``.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

APP_NAME = "secondheart"


def _resource(name: str) -> str:
    package = os.path.dirname(os.path.realpath(__file__))
    installed = os.path.join(package, "_data", name)
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(package), name)


def resource_dir(name: str) -> Path:
    """The bundled ``migrations`` or ``themes`` folder."""
    from pathlib import Path

    return Path(_resource(name))


def migrations_dir() -> str:
    """The bundled migrations folder, as text (it is on the status path)."""
    return _resource("migrations")


def bundled_themes_dir() -> Path:
    return resource_dir("themes")


def _xdg_dir(variable: str, fallback: str) -> str | None:
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
    return os.path.join(base, APP_NAME)


def _data_folder() -> str:
    override = os.environ.get("SECONDHEART_DATA_DIR")
    if override:
        return os.path.expanduser(override)
    xdg = _xdg_dir("XDG_DATA_HOME", "~/.local/share")
    if xdg is not None:
        return xdg
    from platformdirs import user_data_dir

    return user_data_dir(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """The user's data folder (``$SECONDHEART_DATA_DIR`` overrides)."""
    from pathlib import Path

    return Path(_data_folder())


def config_dir() -> Path:
    """The user's config folder (``$SECONDHEART_CONFIG_DIR`` overrides)."""
    from pathlib import Path

    override = os.environ.get("SECONDHEART_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    xdg = _xdg_dir("XDG_CONFIG_HOME", "~/.config")
    if xdg is not None:
        return Path(xdg)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def default_db_path() -> str:
    """``$SECONDHEART_DB``, else ``secondheart.db`` in the data folder (as text)."""
    override = os.environ.get("SECONDHEART_DB")
    if override:
        return os.path.expanduser(override)
    return os.path.join(_data_folder(), "secondheart.db")


def backups_dir(db_path: str | os.PathLike[str]) -> Path:
    from pathlib import Path

    return Path(db_path).parent / "backups"


def log_path(db_path: str | os.PathLike[str]) -> Path:
    from pathlib import Path

    return Path(db_path).parent / "secondheart-errors.log"
