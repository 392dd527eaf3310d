"""The quote ledger: who said what, when (issue 14).

:meth:`LedgerService.rows` reads every Statement in one query
(:func:`pibdesk.storage.ledger_queries.ledger_rows`), filters by free text and groups
repeated quotes per speaker (:func:`pibdesk.core.ledger.group_quotes`). Edits of a
ledger row (speaker, kind, topic) go through
:meth:`pibdesk.services.annotations.AnnotationService.update` like every other link, so
the window's undo commands apply to them unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pibdesk.core.errors import NotFoundError, PibdeskError
from pibdesk.core.ledger import (
    FORMATS,
    GROUP_THRESHOLD,
    LedgerQuery,
    LedgerRow,
    write_ledger,
)
from pibdesk.core.model import Entity, EntityKind
from pibdesk.storage.db import Database
from pibdesk.storage.ledger_queries import ledger_rows
from pibdesk.storage.timeline_queries import entities_named


class LedgerService:
    """The ledger of one database. Every method is one (read) transaction."""

    def __init__(self, db: Database, *, threshold: float = GROUP_THRESHOLD) -> None:
        self.db = db
        self.threshold = threshold
        self._seeded = False

    def _ensure_offices(self) -> None:
        if not self._seeded:  # the office registry is what "office held" is read from
            from pibdesk.services.entities import ensure_starter_offices

            ensure_starter_offices(self.db)
            self._seeded = True

    def rows(self, query: LedgerQuery = LedgerQuery(), *, grouped: bool = True) -> list[LedgerRow]:
        """Every Statement matching ``query``, oldest posted first, with the speaker's
        office on the posted day and (``grouped``) repeated quotes grouped per speaker
        over the statements the speaker, topic and date filters select (before the free
        text filter, so a group's count and dates do not depend on the words searched).
        ``query.text`` matches the quote, speaker, topic, office, ministry, title or PRID,
        casefolded."""
        self._ensure_offices()
        with self.db.read_session() as s:
            rows = ledger_rows(s, query, threshold=self.threshold if grouped else None)
        if query.text.strip():
            rows = [r for r in rows if matches(r, query.text)]
        return rows

    def row(self, annotation_id: int) -> LedgerRow:
        """One statement's ledger row (ungrouped). Raises :class:`NotFoundError` if it is
        not a Statement annotation (or gone)."""
        self._ensure_offices()
        with self.db.read_session() as s:
            found = ledger_rows(s, annotation_ids=[annotation_id])
        if not found:
            raise NotFoundError(f"no Statement annotation {annotation_id}")
        return found[0]

    def entity_ids(self, names: Sequence[str], kind: EntityKind) -> tuple[int, ...]:
        """Entity ids for names as the editor types them (name or alias, case- and
        honorific-insensitive, or ``#ID``; see
        :func:`pibdesk.storage.timeline_queries.entities_named`) of ``kind``. Every
        entity sharing a name is included. Raises :class:`NotFoundError` naming an
        unknown one."""
        ids: list[int] = []
        with self.db.read_session() as s:
            for name in names:
                found = [e for e in entities_named(s, name) if e.kind == kind]
                if not found:
                    raise NotFoundError(f"no {kind.value} named {name!r}")
                ids.extend(e.id for e in found)
        return tuple(dict.fromkeys(ids))

    def choices(self, kind: EntityKind) -> list[Entity]:
        """The entities a ledger cell can be set to (persons for speaker, topics)."""
        from pibdesk.services.entities import EntityService

        return EntityService(self.db).entities(kind)

    def export(self, rows: Sequence[LedgerRow], fmt: str, path: str | os.PathLike[str]) -> int:
        """Write ``rows`` to ``path`` as ``csv``, ``jsonl`` or ``md``
        (:func:`pibdesk.core.ledger.write_ledger`; UTF-8). Written to a temporary file
        first and renamed, so a failed write leaves no half file. Returns the row count.
        Raises :class:`PibdeskError` for an unknown format."""
        if fmt not in FORMATS:
            raise PibdeskError(f"unknown ledger format {fmt!r} (use {', '.join(FORMATS)})")
        out = Path(path)
        tmp = out.with_name(out.name + ".part")
        try:
            with tmp.open("w", encoding="utf-8", newline="") as f:
                n = write_ledger(rows, fmt, f)
            tmp.replace(out)
        finally:
            tmp.unlink(missing_ok=True)
        return n


def matches(r: LedgerRow, text: str) -> bool:
    """Does the free-text filter ``text`` (casefolded, every word must occur) match the
    row's quote, speaker, office, topic, ministry, title or PRID?"""
    hay = " ".join(
        str(x) for x in (r.quote, r.speaker, r.office, r.office_name, r.topic, r.ministry,
                         r.title, r.release_id, r.kind.value if r.kind else None) if x
    ).casefold()
    return all(w in hay for w in text.casefold().split())
