"""Full-text search over every release (SQLite FTS5; see :mod:`pibdesk.storage.search_index`).

Query syntax: :mod:`pibdesk.core.search` (words ANDed, ``"phrases"``, ``prefix*``, ``OR``).
Filters are those of the release list: ministry, bureau, language, posted date range
(aware datetimes; ``since`` inclusive, ``until`` exclusive) and annotation status.
"""

from __future__ import annotations

from datetime import datetime

from pibdesk.core.model import ReleaseStatus
from pibdesk.core.search import SearchHit
from pibdesk.storage.db import Database
from pibdesk.storage.repositories import ReleaseFilter
from pibdesk.storage.search_index import read_session, search_index_for


def make_filter(
    *,
    ministry: str | None = None,
    bureau: str | None = None,
    language: str | None = None,
    status: ReleaseStatus | str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> ReleaseFilter:
    """A release filter from plain values (``status`` as enum or its value string).

    Raises :class:`ValueError` for an unknown status or a naive datetime.
    """
    for d in (since, until):
        if d is not None and d.tzinfo is None:
            raise ValueError(f"naive datetime {d!r}: give an aware datetime")
    return ReleaseFilter(
        ministry=ministry or None,
        bureau=bureau or None,
        language=language or None,
        status=ReleaseStatus(status) if status else None,
        since=since,
        until=until,
    )


class SearchService:
    """Search the releases of one database; every call is one short read transaction
    that never waits for a writer (:func:`~pibdesk.storage.search_index.read_session`)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def search(
        self,
        query: str,
        f: ReleaseFilter | None = None,
        *,
        limit: int = 50,
        offset: int = 0,
        locate: bool = False,
    ) -> list[SearchHit]:
        """Releases matching ``query``, best first (BM25), ``limit`` from ``offset``.

        Each hit has a snippet with the matched words marked. With ``locate=True`` each
        hit also gets ``hit_start``/``hit_end``, the code-point offsets of its first
        match in the stored text (one more index lookup per hit). An empty query or
        one without searchable words returns ``[]``.
        """
        with read_session(self.db) as s:
            index = search_index_for(s)
            hits = index.search(s, query, f, limit=limit, offset=offset)
            if locate:
                from dataclasses import replace

                out = []
                for h in hits:
                    span = (
                        index.locate(s, h.pk, query)
                        if h.hit_start is None
                        else (h.hit_start, h.hit_end)
                    )
                    out.append(replace(h, hit_start=span[0], hit_end=span[1]) if span else h)
                hits = out
            return hits

    def count(self, query: str, f: ReleaseFilter | None = None) -> int:
        """How many releases match."""
        with read_session(self.db) as s:
            return search_index_for(s).count(s, query, f)

    def locate(self, pk: int, query: str) -> tuple[int, int] | None:
        """Code-point ``(start, end)`` of the first match of ``query`` in release ``pk``
        (to open the release scrolled to the hit), or ``None``."""
        with read_session(self.db) as s:
            return search_index_for(s).locate(s, pk, query)

    def rebuild(self) -> None:
        """Rebuild the index from the release table (repair; one transaction)."""
        with self.db.session() as s:
            search_index_for(s).rebuild(s)
