"""full-text search on PostgreSQL: the token table behind pibdesk.storage.search_pg.

``release_terms`` holds, per release, the title's and text's tokens (FTS5 unicode61 rules,
computed in Python), their distinct set under a GIN index, and a fingerprint of the
indexed title/text so changed releases are re-indexed. On SQLite this migration does
nothing (FTS5 ``release_fts`` from 0002 serves there).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 11:05:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE release_terms ("
        " release_pk integer PRIMARY KEY REFERENCES release(id) ON DELETE CASCADE,"
        " fingerprint text NOT NULL,"
        " title_terms text[] NOT NULL,"
        " text_terms text[] NOT NULL,"
        " distinct_terms text[] NOT NULL,"
        " n_tokens integer NOT NULL)"
    )
    op.execute("CREATE INDEX ix_release_terms_distinct ON release_terms USING gin (distinct_terms)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS release_terms")
