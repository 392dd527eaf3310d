"""Where pibdesk keeps things on this machine (no Qt here).

The default database is ``<user data dir>/pibdesk.db`` (platformdirs: e.g.
``~/.local/share/pibdesk`` on Linux). ``--db PATH`` and the ``PIBDESK_DB`` environment
variable override it, in that order.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import platformdirs

APP_NAME = "pibdesk"
ENV_DB = "PIBDESK_DB"

#: The repository's (or frozen bundle's) resources folder.
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resources_dir() -> Path:
    """The ``resources/`` folder, in a source checkout or a PyInstaller bundle."""
    import sys

    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base) / "resources"
    return RESOURCES


def samples_dir() -> Path:
    """Bundled sample releases (``resources/samples``)."""
    return resources_dir() / "samples"


#: Release files the sample loader picks up.
SAMPLE_SUFFIXES = (".txt", ".html", ".htm")


def sample_files() -> list[Path]:
    """The bundled sample releases (``resources/samples``), sorted by name."""
    folder = samples_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SAMPLE_SUFFIXES)


def data_dir() -> Path:
    """The user data directory (created on demand)."""
    d = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    d.mkdir(parents=True, exist_ok=True)
    return d


def default_db(cli_value: str | None = None) -> str:
    """The database to open: ``--db`` value, else ``$PIBDESK_DB``, else the data-dir file."""
    if cli_value:
        return cli_value
    env = os.environ.get(ENV_DB)
    if env:
        return env
    return str(data_dir() / "pibdesk.db")


def default_author() -> str:
    """A fallback editor name (the login name) until the editor sets one."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "editor"
