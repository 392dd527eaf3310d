"""search ignores zero-width joiners and soft hyphens; indexes for sorting the release list.

**Search.** FTS5's ``unicode61`` tokenizer treats U+200C ZERO WIDTH NON-JOINER, U+200D
ZERO WIDTH JOINER and U+00AD SOFT HYPHEN (Unicode category Cf) as separators, so Telugu
"న‌రేంద్ర" written with a ZWNJ was indexed as two tokens and "నరేంద్ర" typed without it
found nothing. These characters only steer rendering; search must ignore them.

The design keeps ``release_fts`` an external-content table over ``release`` (snippets and
highlights show the real stored text) and makes the index agree with a re-tokenisation
of that text token for token:

* the tokenizer gains ``tokenchars`` for the three characters, so in the stored text
  "న‌రేంద్ర‌మోదీ" is one token (the joiners inside it);
* the triggers index the text with the three characters removed (SQLite
  ``replace(x, char(8204), '')`` ...), so that token is indexed as "నరేంద్రమోదీ".

Removing characters that are token characters never merges or splits tokens, so token
*i* of the indexed text is token *i* of the stored text, and ``snippet()`` /
``highlight()`` (which take phrase positions from the index and map them to offsets by
tokenizing the content, https://www.sqlite.org/fts5.html#external_content_tables) mark
the right words of the real text. The one exception is a run made only of these
characters between separators (a lone joiner): the stored text has a token there, the
index has none; see :meth:`pibdesk.storage.search_index.SqliteFtsIndex.locate`, which
checks for it. None occurs in the corpus.

Consequence: FTS5's ``'rebuild'`` command would index the *unstripped* content; the
index is rebuilt by ``'delete-all'`` plus an ``INSERT ... SELECT`` of stripped values
(here and in :meth:`~pibdesk.storage.search_index.SqliteFtsIndex.rebuild`).

On PostgreSQL the tokens are computed in Python (:mod:`pibdesk.storage.search_pg`, with
the same rule now); this migration empties ``release_terms`` so every release is
re-tokenized on the next search.

**Sorting.** The release list sorts by title and ministry in SQL with paging
(``ORDER BY title COLLATE NOCASE, id``); these indexes let SQLite read the first page
in index order instead of sorting 50,000 rows. On PostgreSQL the list orders by
``lower(title) COLLATE "C"`` (NULLs first, as SQLite); the expression indexes match that.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 15:55:00
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

OLD_TOKENIZE = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
#: U+200C, U+200D, U+00AD as token characters (written literally in the option).
NEW_TOKENIZE = OLD_TOKENIZE + " tokenchars '\u200c\u200d\u00ad'"


def _strip(expr: str) -> str:
    return f"replace(replace(replace({expr}, char(8204), ''), char(8205), ''), char(173), '')"


def _fts(tokenize: str, strip: bool) -> None:
    s = _strip if strip else (lambda e: e)
    op.execute("DROP TRIGGER IF EXISTS release_fts_au")
    op.execute("DROP TRIGGER IF EXISTS release_fts_ad")
    op.execute("DROP TRIGGER IF EXISTS release_fts_ai")
    op.execute("DROP TABLE IF EXISTS release_fts")
    op.execute(
        "CREATE VIRTUAL TABLE release_fts USING fts5("
        "title, text, content='release', content_rowid='id', "
        f'tokenize="{tokenize}")'
    )
    ins = (
        "INSERT INTO release_fts(rowid, title, text) "
        f"VALUES (new.id, {s('new.title')}, {s('new.text')}); "
    )
    dele = (
        "INSERT INTO release_fts(release_fts, rowid, title, text) "
        f"VALUES ('delete', old.id, {s('old.title')}, {s('old.text')}); "
    )
    op.execute(f"CREATE TRIGGER release_fts_ai AFTER INSERT ON release BEGIN {ins}END")
    op.execute(f"CREATE TRIGGER release_fts_ad AFTER DELETE ON release BEGIN {dele}END")
    op.execute(
        f"CREATE TRIGGER release_fts_au AFTER UPDATE OF title, text ON release BEGIN {dele}{ins}END"
    )
    op.execute(
        "INSERT INTO release_fts(rowid, title, text) "
        f"SELECT id, {s('title')}, {s('text')} FROM release"
    )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _fts(NEW_TOKENIZE, strip=True)
        op.execute("CREATE INDEX ix_release_title_nocase ON release (title COLLATE NOCASE, id)")
        op.execute(
            "CREATE INDEX ix_release_ministry_nocase ON release (ministry COLLATE NOCASE, id)"
        )
    elif dialect == "postgresql":
        op.execute("DELETE FROM release_terms")
        for col in ("title", "ministry"):
            op.execute(
                f"CREATE INDEX ix_release_{col}_lower ON release "
                f'((lower({col}) COLLATE "C") NULLS FIRST, id)'
            )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP INDEX IF EXISTS ix_release_ministry_nocase")
        op.execute("DROP INDEX IF EXISTS ix_release_title_nocase")
        _fts(OLD_TOKENIZE, strip=False)
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_release_ministry_lower")
        op.execute("DROP INDEX IF EXISTS ix_release_title_lower")
        op.execute("DELETE FROM release_terms")
