"""What belongs to this machine and this editor: QSettings in one INI file (issue 7).

The file is ``<user config dir>/pibdesk/pibdesk.ini`` (platformdirs, read at each call,
so tests that point ``XDG_CONFIG_HOME`` at a temporary folder are isolated; an explicit
:data:`OVERRIDE_PATH` wins). It holds window geometry and layout, the theme, the recent
databases and the editor's name. The editor's name is kept here, not in the database,
because it names the person at this machine: a team database is shared by many editors,
and a name stored in it would be overwritten by whoever saved last.

What belongs to the work (label colours and keys, the default timeline bucket) is in the
database: :mod:`pibdesk.services.settings`.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from PySide6.QtCore import QSettings

from pibdesk.config import APP_NAME

#: Set to a file path to use that INI file instead of the user config dir's.
OVERRIDE_PATH: str | None = None
#: How many recent databases File > Recent lists.
MAX_RECENT = 8

THEMES = ("system", "light", "dark")

K_GEOMETRY = "window/geometry"
K_STATE = "window/state"
K_SPLITTER = "window/splitter"
#: The right column's split between the annotation list and the note/history section.
K_SIDE_SPLITTER = "window/sideSplitter"
K_THEME = "view/theme"
K_RECENT = "files/recentDatabases"
K_EDITOR = "editor/name"


def settings_path() -> Path:
    """The INI file used now."""
    if OVERRIDE_PATH:
        return Path(OVERRIDE_PATH)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / f"{APP_NAME}.ini"


def settings() -> QSettings:
    """A QSettings over :func:`settings_path` (INI format on every platform)."""
    return QSettings(str(settings_path()), QSettings.Format.IniFormat)


def editor_name() -> str:
    """The editor's name ("" until they give one)."""
    return str(settings().value(K_EDITOR, "") or "").strip()


def set_editor_name(name: str) -> None:
    """Remember the editor's name (leading/trailing spaces dropped)."""
    s = settings()
    s.setValue(K_EDITOR, name.strip())
    s.sync()


def theme() -> str:
    """``system`` (default), ``light`` or ``dark``."""
    value = str(settings().value(K_THEME, "system") or "system")
    return value if value in THEMES else "system"


def set_theme(value: str) -> None:
    if value not in THEMES:
        raise ValueError(f"unknown theme {value!r} (one of {', '.join(THEMES)})")
    s = settings()
    s.setValue(K_THEME, value)
    s.sync()


def recent_databases() -> list[str]:
    """Recently opened databases, newest first (paths, or URLs without password)."""
    value = settings().value(K_RECENT, [])
    if isinstance(value, str):  # QSettings returns a one-element list as a string
        value = [value]
    if not isinstance(value, list):
        return []
    from pibdesk.services.connections import settings_url

    # an entry an older pibdesk stored with a ``?password=`` in it is shown without it
    # (and dropped from the file at the next add_recent_database)
    out: list[str] = []
    for v in value:
        entry = settings_url(str(v)) if v else ""
        if entry and entry not in out:
            out.append(entry)
    return out


def add_recent_database(name: str | os.PathLike[str]) -> list[str]:
    """Put ``name`` first in the recent list (never a password); returns the list."""
    from pibdesk.services.connections import settings_url

    entry = settings_url(name)
    if "://" not in entry:
        entry = str(Path(entry).expanduser().resolve())
    items = [entry] + [r for r in recent_databases() if r != entry]
    items = items[:MAX_RECENT]
    s = settings()
    s.setValue(K_RECENT, items)
    s.sync()
    return items


def clear_recent_databases() -> None:
    s = settings()
    s.remove(K_RECENT)
    s.sync()
