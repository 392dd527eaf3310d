"""Full-text search over releases, behind one small interface.

:class:`SearchIndex` is what services use. Two implementations:

* :class:`SqliteFtsIndex`: SQLite FTS5 table ``release_fts`` (migrations 0002, 0005), an
  external-content index over ``release(title, text)`` kept in sync by triggers in the
  same transaction as every insert, revision and delete. The triggers index the text
  without the characters of :data:`pibdesk.core.search.IGNORED` (zero-width joiners,
  soft hyphen), which the tokenizer counts as word characters, so indexed and stored
  text have the same tokens in the same places (migration 0005 explains why). Ranking by FTS5's ``rank``
  (BM25), snippets by ``snippet()``, hit positions by ``highlight()``
  (https://www.sqlite.org/fts5.html#the_snippet_function).
* :class:`LikeSearchIndex`: a plain, slow ``LIKE`` scan that works on any database; the
  stand-in on PostgreSQL until someone adds a ``tsvector``/``pg_trgm`` implementation
  (add a class here and a branch in :func:`search_index_for`; nothing else changes).

The query language is :func:`pibdesk.core.search.to_fts_query`'s. Filters use
:class:`~pibdesk.storage.repositories.ReleaseFilter` (ministry, bureau, language,
status, posted date range; its ``text`` field is ignored here).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import regex
import sqlalchemy as sa
from sqlmodel import Session

from pibdesk.core.search import (
    HIT_CLOSE,
    HIT_OPEN,
    IGNORED,
    SearchHit,
    first_marked,
    query_terms,
    to_fts_query,
)
from pibdesk.storage.repositories import ReleaseFilter
from pibdesk.storage.search_base import (
    ELLIPSIS,
    SNIPPET_TOKENS,
    SearchIndex,
    filter_sql,
    hit,
    hit_spans,
    matches,
    parse,
    terms_of,
    tokenize,
)
from pibdesk.storage.tables import UTCDateTime

if TYPE_CHECKING:
    from pibdesk.storage.db import Database

#: A run of only :data:`~pibdesk.core.search.IGNORED` characters that touches no word
#: character (tokenizer categories L* N* Co M*): a token of the stored text that the
#: index (stripped text) lacks.
_WORD = r"\p{L}\p{N}\p{Co}\p{M}" + IGNORED
_LONE_IGNORED = regex.compile(rf"(?<![{_WORD}])[{IGNORED}]+(?![{_WORD}])")


def strip_ignored_sql(expr: str) -> str:
    """SQL (SQLite) for ``expr`` without the characters of
    :data:`~pibdesk.core.search.IGNORED`; the same expression migration 0005's triggers
    index."""
    return f"replace(replace(replace({expr}, char(8204), ''), char(8205), ''), char(173), '')"


class SqliteFtsIndex:
    """:class:`SearchIndex` on the SQLite FTS5 table ``release_fts`` (migration 0002)."""

    def search(
        self,
        s: Session,
        query: str,
        f: ReleaseFilter | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[SearchHit]:
        match = to_fts_query(query)
        if not match:
            return []
        where, params, binds = filter_sql(f)
        stmt = (
            sa.text(
                "SELECT r.id, r.release_id, r.title, r.posted_at, r.ministry, r.language, "
                f"snippet(release_fts, -1, :o, :c, :e, {SNIPPET_TOKENS}) AS snip "
                "FROM release_fts JOIN release r ON r.id = release_fts.rowid "
                f"WHERE release_fts MATCH :q{where} ORDER BY rank LIMIT :limit OFFSET :offset"
            )
            .bindparams(*binds)
            .columns(posted_at=UTCDateTime())
        )
        params.update(q=match, o=HIT_OPEN, c=HIT_CLOSE, e=ELLIPSIS, limit=limit, offset=offset)
        return [hit(r, r.snip) for r in s.execute(stmt, params)]

    def count(self, s: Session, query: str, f: ReleaseFilter | None = None) -> int:
        match = to_fts_query(query)
        if not match:
            return 0
        where, params, binds = filter_sql(f)
        stmt = sa.text(
            "SELECT count(*) FROM release_fts JOIN release r ON r.id = release_fts.rowid "
            f"WHERE release_fts MATCH :q{where}"
        ).bindparams(*binds)
        params["q"] = match
        return int(s.execute(stmt, params).scalar_one())

    def locate(self, s: Session, pk: int, query: str) -> tuple[int, int] | None:
        """FTS5 ``highlight()`` over the stored text. If the text holds a lone run of
        ignored characters (no word character beside it; the one case where stored and
        indexed tokens do not line up, see migration 0005) the span is computed in
        Python with :mod:`pibdesk.storage.search_base`'s tokenizer instead."""
        match = to_fts_query(query)
        if not match:
            return None
        text = s.execute(
            sa.text("SELECT text FROM release WHERE id = :pk"), {"pk": pk}
        ).scalar_one_or_none()
        if text and _LONE_IGNORED.search(text):
            return _python_locate(s, pk, query, text)
        marked = s.execute(
            sa.text(
                "SELECT highlight(release_fts, 1, :o, :c) FROM release_fts "
                "WHERE release_fts MATCH :q AND rowid = :pk"
            ),
            {"o": HIT_OPEN, "c": HIT_CLOSE, "q": match, "pk": pk},
        ).scalar_one_or_none()
        return first_marked(marked) if marked else None

    def rebuild(self, s: Session) -> None:
        """Empty the index and index every release again, stripped as the triggers do
        (FTS5's own ``'rebuild'`` would index the unstripped content)."""
        s.execute(sa.text("INSERT INTO release_fts(release_fts) VALUES ('delete-all')"))
        s.execute(
            sa.text(
                "INSERT INTO release_fts(rowid, title, text) SELECT id, "
                f"{strip_ignored_sql('title')}, {strip_ignored_sql('text')} FROM release"
            )
        )


def _python_locate(s: Session, pk: int, query: str, text: str) -> tuple[int, int] | None:
    q = parse(query)
    title = s.execute(sa.text("SELECT title FROM release WHERE id = :pk"), {"pk": pk}).scalar_one()
    if not q or not matches(q, (terms_of(title), terms_of(text))):
        return None
    spans = hit_spans(q, tokenize(text))
    return spans[0] if spans else None


class LikeSearchIndex:
    """:class:`SearchIndex` by case-insensitive substring scan (any database; slow).

    Every word or phrase of the query must occur in title or text; ``OR`` and prefixes
    are treated as plain words. Results newest first.
    """

    def _select(self, query: str, f: ReleaseFilter | None) -> sa.Select[Any] | None:
        from pibdesk.storage.tables import ReleaseRow

        terms = query_terms(query)
        if not terms:
            return None
        r = ReleaseRow.__table__.alias("r")  # type: ignore[attr-defined]
        q = sa.select(
            r.c.id, r.c.release_id, r.c.title, r.c.posted_at, r.c.ministry, r.c.language, r.c.text
        )
        for t in terms:
            q = q.where(sa.or_(r.c.text.ilike(f"%{t}%"), r.c.title.ilike(f"%{t}%")))
        f = f or ReleaseFilter()
        for name in ("ministry", "bureau", "language"):
            if getattr(f, name):
                q = q.where(r.c[name] == getattr(f, name))
        if f.status:
            q = q.where(r.c.status == f.status.value)
        if f.since:
            q = q.where(r.c.posted_at >= f.since)
        if f.until:
            q = q.where(r.c.posted_at < f.until)
        return q

    @staticmethod
    def _span(text: str, terms: list[str]) -> tuple[int, int] | None:
        low = text.casefold()
        best: tuple[int, int] | None = None
        for t in terms:
            i = low.find(t.casefold())
            if i != -1 and (best is None or i < best[0]):
                best = (i, i + len(t))
        return best

    def search(
        self,
        s: Session,
        query: str,
        f: ReleaseFilter | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[SearchHit]:
        q = self._select(query, f)
        if q is None:
            return []
        q = q.order_by(sa.desc(q.selected_columns.posted_at)).limit(limit).offset(offset)
        terms = query_terms(query)
        hits = []
        for row in s.execute(q):
            span = self._span(row.text, terms)
            snip = row.title
            if span:
                a, b = span
                lo, hi = max(0, a - 60), min(len(row.text), b + 60)
                snip = (
                    (ELLIPSIS if lo else "")
                    + row.text[lo:a]
                    + HIT_OPEN
                    + row.text[a:b]
                    + HIT_CLOSE
                    + row.text[b:hi]
                    + (ELLIPSIS if hi < len(row.text) else "")
                )
            hits.append(hit(row, snip, span))
        return hits

    def count(self, s: Session, query: str, f: ReleaseFilter | None = None) -> int:
        q = self._select(query, f)
        if q is None:
            return 0
        return int(s.execute(sa.select(sa.func.count()).select_from(q.subquery())).scalar_one())

    def locate(self, s: Session, pk: int, query: str) -> tuple[int, int] | None:
        from pibdesk.storage.tables import ReleaseRow

        text = s.get(ReleaseRow, pk)
        return self._span(text.text, query_terms(query)) if text else None

    def rebuild(self, s: Session) -> None:
        return None


def search_index_for(s: Session) -> SearchIndex:
    """The search index for the session's database: FTS5 on SQLite, else ``LIKE``."""
    bind = s.get_bind()
    if bind.dialect.name == "sqlite":
        return SqliteFtsIndex()
    if bind.dialect.name == "postgresql":
        from pibdesk.storage.search_pg import PgTermIndex

        return PgTermIndex()
    return LikeSearchIndex()


@contextlib.contextmanager
def read_session(db: Database) -> Iterator[Session]:
    """A read-only session for searching: on SQLite its transaction begins DEFERRED
    (:func:`pibdesk.storage.transactions.deferred`), so a search never waits for the
    write lock an import batch holds (WAL readers see the last committed state). Always
    rolled back at the end."""
    engine = db.engine
    if db.is_sqlite:
        from pibdesk.storage.transactions import deferred

        engine = deferred(engine)
    with Session(engine, expire_on_commit=False) as s:
        try:
            yield s
        finally:
            s.rollback()
