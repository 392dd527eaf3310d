"""Opening the database an editor names: a SQLite file or a ``postgresql://`` URL (issue 9).

Used by ``--db``/``PIBDESK_DB`` (via :func:`pibdesk.cli.open_db`) and by the app's
*File > Open database…*. A password typed into a URL is moved to the credential store
(:mod:`pibdesk.storage.credentials`: platform keyring, else a 0600 pgpass file) and the
URL kept for settings and recent-files lists is the one *without* it
(:func:`settings_url`).
"""

from __future__ import annotations

import os

from pibdesk.storage.credentials import display_url, remember, save_password, strip_password
from pibdesk.storage.db import Database, to_url

__all__ = [
    "display_url",
    "is_server_url",
    "open_database",
    "remember",
    "save_password",
    "settings_url",
]


def is_server_url(name: str | os.PathLike[str]) -> bool:
    """True for a PostgreSQL URL (``postgresql://``, ``postgres://``, ``postgresql+psycopg://``)."""
    return to_url(name).startswith("postgresql")


def settings_url(name: str | os.PathLike[str]) -> str:
    """What may be written to a settings file for ``name``: never a password."""
    s = os.fspath(name)
    return strip_password(s)[0] if is_server_url(s) else s


def open_database(name: str | os.PathLike[str], *, upgrade: bool = True) -> Database:
    """A :class:`Database` for a path or URL, upgraded to this pibdesk's schema.

    A password in the URL is saved to the credential store first and the Database is
    opened on the URL without it. Raises
    :class:`~pibdesk.core.errors.DatabaseUnavailableError` (server unreachable, wrong
    password) or :class:`~pibdesk.core.errors.SchemaVersionError` (newer pibdesk).
    """
    s = os.fspath(name)
    if is_server_url(s):
        s = remember(s)
    db = Database(s)
    if upgrade:
        from pibdesk.services.maintenance import upgrade_database

        try:
            upgrade_database(db)
        except Exception:
            db.dispose()
            raise
    return db
