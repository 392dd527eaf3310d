"""full-text search: an FTS5 index over release title and text (SQLite only).

``release_fts`` is an external-content FTS5 table (https://www.sqlite.org/fts5.html#external_content_tables)
over ``release(title, text)``, kept in sync by triggers, so every insert, revision or
delete of a release updates the index in the same transaction.

Tokenizer: ``unicode61`` with ``categories 'L* N* Co M*'``. By default unicode61 treats
combining marks (Unicode categories Mn/Mc: Devanagari vowel signs, virama, anusvara, and
their Bengali, Tamil, Telugu... counterparts) as separators, splitting "परिभाषा" into
"पर", "भ", "ष"; adding ``M*`` keeps Indic words whole
(https://www.sqlite.org/fts5.html#unicode61_tokenizer). ``remove_diacritics 2`` folds
Latin accents. On other databases (PostgreSQL) this migration does nothing; see
:mod:`pibdesk.storage.search_index`.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 10:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TOKENIZE = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE VIRTUAL TABLE release_fts USING fts5("
        "title, text, content='release', content_rowid='id', "
        f'tokenize="{TOKENIZE}")'
    )
    op.execute(
        "CREATE TRIGGER release_fts_ai AFTER INSERT ON release BEGIN "
        "INSERT INTO release_fts(rowid, title, text) VALUES (new.id, new.title, new.text); "
        "END"
    )
    op.execute(
        "CREATE TRIGGER release_fts_ad AFTER DELETE ON release BEGIN "
        "INSERT INTO release_fts(release_fts, rowid, title, text) "
        "VALUES ('delete', old.id, old.title, old.text); "
        "END"
    )
    op.execute(
        "CREATE TRIGGER release_fts_au AFTER UPDATE OF title, text ON release BEGIN "
        "INSERT INTO release_fts(release_fts, rowid, title, text) "
        "VALUES ('delete', old.id, old.title, old.text); "
        "INSERT INTO release_fts(rowid, title, text) VALUES (new.id, new.title, new.text); "
        "END"
    )
    op.execute("INSERT INTO release_fts(release_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS release_fts_au")
    op.execute("DROP TRIGGER IF EXISTS release_fts_ad")
    op.execute("DROP TRIGGER IF EXISTS release_fts_ai")
    op.execute("DROP TABLE IF EXISTS release_fts")
