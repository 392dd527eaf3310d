"""Options and helpers every command group shares: ``--db``, ``--release``, :func:`open_db`.

The bottom of the :mod:`pibdesk.cli` package: command modules import it, it imports no
command module (import-linter's ``cli`` contract in ``pyproject.toml``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pibdesk.storage.db import Database

#: A subcommand handler: parsed arguments -> exit status.
Handler = Callable[[argparse.Namespace], int]


def add_db_arg(p: argparse.ArgumentParser) -> None:
    """``--db`` on a subcommand. Its default is "not given" (``SUPPRESS``), so a ``--db``
    before the subcommand (``pibdesk --db FILE export …``) is kept, not overwritten by
    the subcommand's own default."""
    p.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help="SQLite file or database URL (default: $PIBDESK_DB or the user data dir)",
    )


def add_release_arg(p: argparse.ArgumentParser) -> None:
    """The required ``--release PRID|#N|FILE`` option, read by
    :func:`pibdesk.services.suggestions.resolve_release`."""
    p.add_argument(
        "--release",
        required=True,
        metavar="PRID|#N|FILE",
        help="the release: its Release ID (PRID), pibdesk's key #N, or the name of the "
        "file it was imported from (e.g. txt_1611211.txt)",
    )


def open_db(value: str | None, *, migrate: bool = True) -> Database:
    """Open (and upgrade, after a backup) the database named by ``--db``, else
    ``$PIBDESK_DB``, else the default file (:func:`pibdesk.config.default_db`)."""
    from pibdesk.config import default_db
    from pibdesk.storage.db import Database

    db = Database(default_db(value))
    if migrate:
        from pibdesk.services.maintenance import upgrade_database

        upgrade_database(db)
    return db
