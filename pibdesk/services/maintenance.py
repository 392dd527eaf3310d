"""Database upkeep: upgrading the schema (with a backup first)."""

from __future__ import annotations

from pibdesk.storage.db import Database


def upgrade_database(db: Database) -> bool:
    """Bring the schema to this pibdesk's head; returns True if it migrated.

    Raises :class:`~pibdesk.core.errors.SchemaVersionError` (database untouched) for a
    database from a newer pibdesk. A backup is written first when the database already
    holds data (see :func:`pibdesk.services.backup.backup_before_migration` once it exists).
    """
    if not db.needs_migration():
        return False
    if db.current_revision() is not None:
        try:
            from pibdesk.services.backup import backup_before_migration
        except ImportError:  # backups arrive with the data-safety work
            pass
        else:
            backup_before_migration(db)
    db.migrate()
    return True
