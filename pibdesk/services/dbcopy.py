"""``pibdesk db copy``: move a whole database between SQLite and PostgreSQL (issue 9).

See :func:`pibdesk.storage.copy.copy_database` for what is copied and the guarantees
(ids kept, one transaction on the destination, sequences reset on PostgreSQL).
"""

from __future__ import annotations

from pibdesk.storage.copy import CopyError, CopyProgress, CopyReport, copy_database
from pibdesk.storage.db import Database

__all__ = ["CopyError", "CopyReport", "copy_between"]


def copy_between(
    src_name: str, dst_name: str, *, progress: CopyProgress | None = None
) -> CopyReport:
    """Copy the database named ``src_name`` (path or URL) into ``dst_name``.

    ``dst_name`` may be a new SQLite file or an empty PostgreSQL database (``createdb``);
    it is migrated to this pibdesk's schema first. Raises :class:`CopyError` when the
    source is not at the current schema or the destination already holds work.
    """
    from pibdesk.services.connections import open_database

    src = Database(src_name)
    dst = open_database(dst_name, upgrade=False)
    try:
        return copy_database(src, dst, progress=progress)
    finally:
        src.dispose()
        dst.dispose()
