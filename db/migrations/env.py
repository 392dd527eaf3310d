"""Alembic environment for pibdesk (run by :func:`pibdesk.storage.db.Database.migrate`).

It lives in ``db/migrations`` beside ``versions/``; see CONTRIBUTING.md "Schema changes".

``render_as_batch=True`` lets ALTER TABLE work on SQLite
(https://alembic.sqlalchemy.org/en/latest/batch.html).
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import pibdesk.storage.tables  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("pibdesk migrations run only through Database.migrate()")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
