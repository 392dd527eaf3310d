"""Full-text search on PostgreSQL giving the same hits as SQLite FTS5 (issue 9).

SQLite's index (:class:`pibdesk.storage.search_index.SqliteFtsIndex`) tokenizes with
FTS5 ``unicode61 remove_diacritics 2 categories 'L* N* Co M*'``. PostgreSQL's own text
search parser splits Indic words at vowel signs under some locales and folds differently,
so this index tokenizes *in Python with the same rules* (:func:`tokenize`) and stores the
tokens in ``release_terms`` (migration 0003, PostgreSQL only): the title's and the text's
tokens in order, and the distinct tokens under a GIN index for the first cut.

A query (:mod:`pibdesk.core.search` syntax) is evaluated exactly as FTS5 does: ``OR``
between groups of ANDed terms, ``"phrases"`` of adjacent tokens, ``prefix*``, spelling
variants of Indic nukta letters ORed. Ranking is FTS5's BM25 (k1 = 1.2, b = 0.75, column
weights 1, https://www.sqlite.org/fts5.html#the_bm25_function), ties by key. Snippets
mark the matched tokens in an 18-token window like FTS5's ``snippet()`` (the window is
chosen by a simpler rule, so a snippet may start a few words elsewhere).

``release_terms`` is brought up to date lazily: before each query, releases whose title
or text changed since they were indexed (or new ones) are re-tokenized, in a short
transaction of its own (``INSERT ... ON CONFLICT DO UPDATE``, safe with concurrent
editors).
"""

from __future__ import annotations

import math
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pibdesk.core.search import (
    HIT_CLOSE,
    HIT_OPEN,
    SearchHit,
)
from pibdesk.storage.repositories import ReleaseFilter
from pibdesk.storage.search_base import (
    ELLIPSIS,
    SNIPPET_TOKENS,
    Query,
    filter_sql,
    hit_spans,
    matches,
    parse,
    phrases,
    terms_of,
    tokenize,
)
from pibdesk.storage.tables import UTCDateTime

K1, B = 1.2, 0.75


# ----------------------------------------------------------------------------- index
class PgTermIndex:
    """:class:`~pibdesk.storage.search_base.SearchIndex` on PostgreSQL (see module doc)."""

    # -- upkeep -----------------------------------------------------------------------
    def refresh(self, s: Session) -> int:
        """Index releases that are new or changed since indexed; returns how many.

        Runs in a transaction of its own (committed at once), so the index is kept even
        when the caller's session is a read-only one that is rolled back.
        """
        bind = s.get_bind()
        if isinstance(bind, sa.Engine):
            with bind.begin() as conn:
                return self._refresh(conn)
        return self._refresh(s)

    def _refresh(self, s: Session | sa.Connection) -> int:
        rows = s.execute(
            sa.text(
                "SELECT r.id, r.title, r.text, r.text_hash || ':' || md5(r.title) AS fp "
                "FROM release r LEFT JOIN release_terms t ON t.release_pk = r.id "
                "WHERE t.release_pk IS NULL OR t.fingerprint <> r.text_hash || ':' || md5(r.title)"
            )
        ).all()
        for r in rows:
            title, text = terms_of(r.title), terms_of(r.text)
            s.execute(
                sa.text(
                    "INSERT INTO release_terms "
                    "(release_pk, fingerprint, title_terms, text_terms, distinct_terms, n_tokens) "
                    "VALUES (:pk, :fp, :ti, :tx, :d, :n) ON CONFLICT (release_pk) DO UPDATE SET "
                    "fingerprint = EXCLUDED.fingerprint, title_terms = EXCLUDED.title_terms, "
                    "text_terms = EXCLUDED.text_terms, distinct_terms = EXCLUDED.distinct_terms, "
                    "n_tokens = EXCLUDED.n_tokens"
                ),
                {"pk": r.id, "fp": r.fp, "ti": title, "tx": text,
                 "d": sorted(set(title) | set(text)), "n": len(title) + len(text)},
            )  # fmt: skip
        return len(rows)

    def rebuild(self, s: Session) -> None:
        s.execute(sa.text("DELETE FROM release_terms"))
        self._refresh(s)

    # -- evaluation -----------------------------------------------------------------
    def _candidates(self, s: Session, q: Query, f: ReleaseFilter | None) -> list[Any]:
        """Rows passing the filter that hold at least one token of the query (superset)."""
        exact = sorted({p.tokens[-1] for p in phrases(q) if not p.prefix} |
                       {t for p in phrases(q) for t in p.tokens[:-1]})  # fmt: skip
        prefixes = sorted({p.tokens[-1] for p in phrases(q) if p.prefix})
        where, params, binds = filter_sql(f)
        conds = ["t.distinct_terms && CAST(:exact AS text[])"]
        for i, pre in enumerate(prefixes):
            conds.append(f"EXISTS (SELECT 1 FROM unnest(t.distinct_terms) u WHERE u LIKE :pre{i})")
            params[f"pre{i}"] = pre.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params["exact"] = exact
        stmt = sa.text(
            "SELECT r.id, r.release_id, r.title, r.posted_at, r.ministry, r.language, "
            "t.title_terms, t.text_terms, t.n_tokens "
            "FROM release_terms t JOIN release r ON r.id = t.release_pk "
            f"WHERE ({' OR '.join(conds)}){where}"
        ).bindparams(*binds).columns(posted_at=UTCDateTime())
        return [r for r in s.execute(stmt, params) if matches(q, (r.title_terms, r.text_terms))]

    def _stats(self, s: Session, q: Query) -> tuple[int, float, list[int]]:
        n, avgdl = s.execute(
            sa.text("SELECT count(*), coalesce(avg(n_tokens), 0) FROM release_terms")
        ).one()
        dfs = []
        for p in phrases(q):
            if p.prefix:
                sql = ("SELECT count(*) FROM release_terms t WHERE EXISTS (SELECT 1 FROM "
                       "unnest(t.distinct_terms) u WHERE u LIKE :pre)"
                       + (" AND t.distinct_terms @> CAST(:all AS text[])" if len(p.tokens) > 1 else ""))  # fmt: skip
                pre = p.tokens[-1].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                dfs.append(int(s.execute(sa.text(sql), {"pre": pre, "all": list(p.tokens[:-1])}).scalar_one()))
            else:
                dfs.append(int(s.execute(
                    sa.text("SELECT count(*) FROM release_terms WHERE distinct_terms @> CAST(:all AS text[])"),
                    {"all": list(p.tokens)},
                ).scalar_one()))  # fmt: skip
        return int(n), float(avgdl), dfs

    def _ranked(self, s: Session, query: str, f: ReleaseFilter | None) -> tuple[Query, list[Any]]:
        self.refresh(s)
        q = parse(query)
        if not q:
            return q, []
        rows = self._candidates(s, q, f)
        if not rows:
            return q, []
        n, avgdl, dfs = self._stats(s, q)
        ps = phrases(q)

        def score(r: Any) -> float:
            total = 0.0
            dl = r.n_tokens
            for p, df in zip(ps, dfs, strict=True):
                freq = len(p.positions(r.title_terms)) + len(p.positions(r.text_terms))
                if not freq:
                    continue
                idf = math.log((n - df + 0.5) / (df + 0.5))
                idf = idf if idf > 0 else 1e-6
                total += idf * (freq * (K1 + 1)) / (freq + K1 * (1 - B + B * dl / (avgdl or 1)))
            return total

        return q, sorted(rows, key=lambda r: (-score(r), r.id))

    def search(
        self, s: Session, query: str, f: ReleaseFilter | None = None, limit: int = 50, offset: int = 0
    ) -> list[SearchHit]:
        q, rows = self._ranked(s, query, f)
        hits = []
        for r in rows[offset : offset + limit]:
            text = s.execute(sa.text("SELECT text FROM release WHERE id = :pk"), {"pk": r.id}).scalar_one()
            snip = _snippet(q, [r.title, text])
            hits.append(
                SearchHit(pk=r.id, release_id=r.release_id, title=r.title, posted_at=r.posted_at,
                          snippet=snip, ministry=r.ministry, language=r.language)  # fmt: skip
            )
        return hits

    def count(self, s: Session, query: str, f: ReleaseFilter | None = None) -> int:
        self.refresh(s)
        q = parse(query)
        return len(self._candidates(s, q, f)) if q else 0

    def locate(self, s: Session, pk: int, query: str) -> tuple[int, int] | None:
        q = parse(query)
        if not q:
            return None
        text = s.execute(sa.text("SELECT text FROM release WHERE id = :pk"), {"pk": pk}).scalar()
        if text is None:
            return None
        title = s.execute(sa.text("SELECT title FROM release WHERE id = :pk"), {"pk": pk}).scalar_one()
        if not matches(q, (terms_of(title), terms_of(text))):
            return None
        spans = hit_spans(q, tokenize(text))
        return spans[0] if spans else None


def _snippet(q: Query, cols: list[str]) -> str:
    """Up to 18 tokens of the column with most hits, hits marked, ``…`` where cut."""
    best: tuple[int, int, str, list[tuple[str, int, int]], list[tuple[int, int]]] | None = None
    for ci, text in enumerate(cols):
        toks = tokenize(text)
        spans = hit_spans(q, toks)
        key = (len(spans), -ci)
        if best is None or key > (best[0], best[1]):
            best = (len(spans), -ci, text, toks, spans)
    assert best is not None
    _, _, text, toks, spans = best
    if not toks:
        return text
    first = 0
    if spans:
        first = next(i for i, t in enumerate(toks) if t[2] > spans[0][0])
    start_tok = max(0, min(first - 2, len(toks) - SNIPPET_TOKENS))
    end_tok = min(len(toks), start_tok + SNIPPET_TOKENS)
    a = 0 if start_tok == 0 else toks[start_tok][1]
    b = len(text) if end_tok == len(toks) else toks[end_tok - 1][2]
    out, pos = [], a
    for sa_, sb in spans:
        if sb <= a or sa_ >= b:
            continue
        sa_, sb = max(sa_, a), min(sb, b)
        out += [text[pos:sa_], HIT_OPEN, text[sa_:sb], HIT_CLOSE]
        pos = sb
    out.append(text[pos:b])
    return (ELLIPSIS if a > 0 else "") + "".join(out) + (ELLIPSIS if b < len(text) else "")
