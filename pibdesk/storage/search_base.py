"""What SQLite and PostgreSQL full-text search share: the :class:`SearchIndex` interface
both implement, the release-filter SQL, and the FTS5-compatible tokenizer and query model.

:mod:`pibdesk.storage.search_index` (SQLite FTS5, the ``LIKE`` fallback, and
:func:`~pibdesk.storage.search_index.search_index_for`, which picks one) and
:mod:`pibdesk.storage.search_pg` (PostgreSQL) both import this module and never each
other's internals, except that ``search_index_for`` names the PostgreSQL class.

Tokens follow FTS5 ``unicode61 remove_diacritics 2 categories 'L* N* Co M*'``
(https://www.sqlite.org/fts5.html#unicode61_tokenizer): :func:`tokenize`, :func:`fold`.
A query (:mod:`pibdesk.core.search` syntax) parses to a :data:`Query` evaluated exactly as
FTS5 does (:func:`matches`): ``OR`` between groups of ANDed terms, ``"phrases"`` of
adjacent tokens, ``prefix*``, spelling variants of Indic nukta letters ORed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import regex
import sqlalchemy as sa
from sqlmodel import Session

from pibdesk.core.search import IGNORED, SearchHit, _parse, spelling_variants
from pibdesk.storage.repositories import ReleaseFilter
from pibdesk.storage.tables import UTCDateTime

#: Tokens of context a snippet shows (FTS5 ``snippet()`` max tokens, at most 64).
SNIPPET_TOKENS = 18
ELLIPSIS = "…"


#: Token characters of FTS5 ``unicode61 categories 'L* N* Co M*' tokenchars '...'`` (the
#: characters of :data:`~pibdesk.core.search.IGNORED`, migration 0005): they join a word
#: and are then dropped by :func:`fold`, as SQLite's triggers drop them before indexing.
_TOKEN = regex.compile(r"[\p{L}\p{N}\p{Co}\p{M}" + IGNORED + "]+")

def _fold_char(c: str) -> str:
    if c in IGNORED:
        return ""
    o = ord(c)
    if o < 0x80:
        return c.lower()
    if 0x300 <= o <= 0x36F:  # combining diacritics are dropped (remove_diacritics)
        return ""
    low = c.lower()
    if o <= 0x24F or 0x1E00 <= o <= 0x1EFF:  # Latin letters lose their diacritics
        base = unicodedata.normalize("NFD", low)
        low = "".join(ch for ch in base if not 0x300 <= ord(ch) <= 0x36F) or low
    return low


def fold(token: str) -> str:
    """FTS5 unicode61 folding of one token: lower case, Latin diacritics removed, the
    characters of :data:`~pibdesk.core.search.IGNORED` removed."""
    return "".join(_fold_char(c) for c in token)


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """``(folded token, start, end)`` for each token of ``text`` (code-point offsets into
    ``text`` itself: a token's span includes any joiners inside it; a run of only
    ignored characters is no token)."""
    out = []
    for m in _TOKEN.finditer(text):
        t = fold(m.group())
        if t:
            out.append((t, m.start(), m.end()))
    return out


def terms_of(text: str) -> list[str]:
    """The folded tokens of ``text``, in order."""
    return [t for t, _, _ in tokenize(text)]


# ----------------------------------------------------------------------------- queries
@dataclass(frozen=True)
class Phrase:
    """Adjacent tokens; ``prefix``: the last token matches any token starting with it."""

    tokens: tuple[str, ...]
    prefix: bool

    def positions(self, terms: Sequence[str]) -> list[int]:
        """Start positions of each instance in a token list."""
        n = len(self.tokens)
        out = []
        for i in range(len(terms) - n + 1):
            ok = all(terms[i + k] == self.tokens[k] for k in range(n - 1))
            last = terms[i + n - 1]
            if ok and (last.startswith(self.tokens[-1]) if self.prefix else last == self.tokens[-1]):
                out.append(i)
        return out


#: A parsed query: OR of groups; a group is an AND of terms; a term an OR of phrases.
Query = list[list[list[Phrase]]]


def parse(query: str) -> Query:
    """The query as FTS5 reads :func:`pibdesk.core.search.to_fts_query`'s output."""
    groups: Query = [[]]
    for term, prefix in _parse(query):
        if (term, prefix) == ("OR", False):
            if groups[-1]:
                groups.append([])
            continue
        alts = []
        for v in spelling_variants(term):
            toks = tuple(terms_of(v))
            if toks and Phrase(toks, prefix) not in alts:
                alts.append(Phrase(toks, prefix))
        if alts:
            groups[-1].append(alts)
    return [g for g in groups if g]


def phrases(q: Query) -> list[Phrase]:
    """Every phrase of the query in order (BM25 sums over them)."""
    return [p for g in q for term in g for p in term]


def matches(q: Query, cols: Sequence[Sequence[str]]) -> bool:
    """Does a row (its columns' token lists) match the query?"""

    def term_ok(term: list[Phrase]) -> bool:
        return any(p.positions(c) for p in term for c in cols)

    return any(all(term_ok(t) for t in g) for g in q)


def hit_spans(q: Query, toks: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """Code-point spans of every phrase instance in one column, in text order (merged)."""
    terms = [t for t, _, _ in toks]
    spans = []
    for p in phrases(q):
        for i in p.positions(terms):
            spans.append((toks[i][1], toks[i + len(p.tokens) - 1][2]))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


# ----------------------------------------------------------------------------- interface
class SearchIndex(Protocol):
    """Full-text search over the releases of one database (inside a caller's session)."""

    def search(
        self,
        s: Session,
        query: str,
        f: ReleaseFilter | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[SearchHit]:
        """Releases matching ``query``, best first; each with a highlighted snippet."""
        ...

    def count(self, s: Session, query: str, f: ReleaseFilter | None = None) -> int:
        """How many releases match ``query`` (and the filter)."""
        ...

    def locate(self, s: Session, pk: int, query: str) -> tuple[int, int] | None:
        """Code-point ``(start, end)`` of the first hit of ``query`` in release ``pk``'s
        stored text, or ``None`` if it has none."""
        ...

    def rebuild(self, s: Session) -> None:
        """Re-create the index from the release table (after a bulk repair)."""
        ...


def filter_sql(f: ReleaseFilter | None) -> tuple[str, dict[str, Any], list[sa.BindParameter[Any]]]:
    """``" AND ..."`` conditions on alias ``r`` (release), their params and typed binds
    (the same SQL on SQLite and PostgreSQL; ``f.text`` is ignored)."""
    if f is None:
        return "", {}, []
    conds: list[str] = []
    params: dict[str, Any] = {}
    binds: list[sa.BindParameter[Any]] = []
    for name in ("ministry", "bureau", "language"):
        value = getattr(f, name)
        if value:
            conds.append(f"r.{name} = :{name}")
            params[name] = value
    if f.status:
        conds.append("r.status = :status")
        params["status"] = f.status.value
    if f.since:
        conds.append("r.posted_at >= :since")
        params["since"] = f.since
        binds.append(sa.bindparam("since", type_=UTCDateTime()))
    if f.until:
        conds.append("r.posted_at < :until")
        params["until"] = f.until
        binds.append(sa.bindparam("until", type_=UTCDateTime()))
    return "".join(" AND " + c for c in conds), params, binds


def hit(row: Any, snippet: str, span: tuple[int, int] | None = None) -> SearchHit:
    """A :class:`SearchHit` from a release row (``id, release_id, title, posted_at,
    ministry, language``), its snippet and the code-point span of its first hit."""
    return SearchHit(
        pk=row.id,
        release_id=row.release_id,
        title=row.title,
        posted_at=row.posted_at,
        snippet=snippet,
        ministry=row.ministry,
        language=row.language,
        hit_start=span[0] if span else None,
        hit_end=span[1] if span else None,
    )
