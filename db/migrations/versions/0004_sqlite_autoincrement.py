"""ids are never reused on SQLite: ``annotation`` and ``entity`` get AUTOINCREMENT.

Without ``AUTOINCREMENT`` SQLite gives a new row ``max(rowid) + 1``
(https://www.sqlite.org/autoinc.html), so after the newest annotation is deleted the next
one takes its id: another editor's stale edit of the deleted annotation (same id,
version 1) was then accepted on the new one, and undo of the delete failed with
"annotation N already exists". The same holds for entities, which undo and redo also
re-create under their old ids (``EntityService.recreate``, suggestion undo/redo).

On SQLite this migration rebuilds both tables with ``AUTOINCREMENT`` (Alembic batch mode,
``recreate="always"``: new table, rows copied with their ids, old table dropped, new one
renamed; indexes and foreign keys are re-created as they were). It runs with foreign-key
enforcement off (see :meth:`pibdesk.storage.db.Database.migrate`), else dropping the old
``entity`` table would cascade into ``alias`` and ``office_term`` and null the
annotations' entity links. No trigger or view refers to these tables (0002's FTS
triggers are on ``release``).

``sqlite_sequence`` is then set for each table to the largest id it ever handed out as
far as the database knows: its current largest id or the largest id the change log
names for it, so an id deleted *before* this upgrade is not reused either.

On PostgreSQL ids come from sequences, which never go back: nothing to do.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("entity", "annotation")


def _rebuild(autoincrement: bool) -> None:
    conn = op.get_bind()
    if conn.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError(
            "migration 0004 rebuilds tables and must run with foreign keys off "
            "(through Database.migrate); otherwise dropping the old tables would cascade"
        )
    for name in TABLES:
        with op.batch_alter_table(
            name, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _rebuild(True)
    for name in TABLES:
        # sqlite_sequence exists now (created with the first AUTOINCREMENT table)
        op.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = :t").bindparams(t=name))
        op.execute(
            sa.text(
                "INSERT INTO sqlite_sequence (name, seq) SELECT :t, max("
                f" (SELECT coalesce(max(id), 0) FROM {name}),"
                " (SELECT coalesce(max(row_id), 0) FROM change_log WHERE table_name = :t))"
            ).bindparams(t=name)
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _rebuild(False)
    for name in TABLES:
        op.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = :t").bindparams(t=name))
