"""Where things live. Every path is resolved inside a function, never at import.

Bundled data (``migrations/`` and ``themes/``) sits at the top of the
repository in a checkout and inside the package (``tui/_data/``) in a wheel;
``resource_dir`` finds whichever is there.
"""

from __future__ import annotations

import os
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


def data_dir() -> Path:
    """The user's data folder (``$SECONDHEART_DATA_DIR`` overrides)."""
    override = os.environ.get("SECONDHEART_DATA_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The user's config folder (``$SECONDHEART_CONFIG_DIR`` overrides)."""
    override = os.environ.get("SECONDHEART_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
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
