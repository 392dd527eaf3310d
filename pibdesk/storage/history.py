"""The append-only annotation history (``annotation_history``, migration 0009).

Every write path of an annotation calls :func:`record` (one annotation) or
:func:`record_many` (bulk paths) inside the transaction that makes the change, so a
change and its history commit or roll back together. Nothing here updates or deletes a
history row: the table only grows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pibdesk.core.history import HistoryEntry, snapshot
from pibdesk.core.model import Annotation, utcnow
from pibdesk.storage.tables import AnnotationHistoryRow

HISTORY: sa.Table = AnnotationHistoryRow.__table__  # type: ignore[attr-defined]


def _dump(d: Mapping[str, Any] | None) -> str | None:
    return None if d is None else json.dumps(dict(d), ensure_ascii=False, sort_keys=True)


def record(
    s: Session,
    action: str,
    actor: str,
    before: Annotation | None,
    after: Annotation | None,
) -> None:
    """Append one history row for a change from ``before`` to ``after`` (either may be
    None, not both), at now (UTC), in ``s``'s transaction."""
    ref = after if after is not None else before
    if ref is None:
        raise ValueError("a history row needs a before or an after")
    s.execute(
        HISTORY.insert().values(
            annotation_id=ref.id,
            release_pk=ref.release_pk,
            action=action,
            actor=actor or "",
            at=utcnow(),
            before=_dump(snapshot(before) if before is not None else None),
            after=_dump(snapshot(after) if after is not None else None),
        )
    )


def record_many(
    s: Session,
    rows: Iterable[tuple[int, int, str, str, Mapping[str, Any] | None, Mapping[str, Any] | None]],
) -> int:
    """Append ``(annotation_id, release_pk, action, actor, before, after)`` rows with one
    executemany, all at now (UTC); ``before``/``after`` are (partial) snapshots.
    Returns how many were written."""
    now = utcnow()
    batch = [
        {
            "annotation_id": a,
            "release_pk": r,
            "action": act,
            "actor": who or "",
            "at": now,
            "before": _dump(b),
            "after": _dump(af),
        }
        for a, r, act, who, b, af in rows
    ]
    if batch:
        s.execute(HISTORY.insert(), batch)
    return len(batch)


def _entry(row: sa.Row[Any]) -> HistoryEntry:
    at = row.at
    if at is not None and at.tzinfo is None:
        from datetime import UTC

        at = at.replace(tzinfo=UTC)
    return HistoryEntry(
        id=row.id,
        annotation_id=row.annotation_id,
        release_pk=row.release_pk,
        action=row.action,
        actor=row.actor,
        at=at,
        before=json.loads(row.before) if row.before is not None else None,
        after=json.loads(row.after) if row.after is not None else None,
    )


class HistoryRepository:
    """Reads of the annotation history, oldest first (by id, the write order)."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def _select(self, *where: sa.ColumnElement[bool]) -> list[HistoryEntry]:
        q = sa.select(HISTORY).where(*where).order_by(HISTORY.c.id)
        return [_entry(r) for r in self.s.execute(q)]

    def for_annotation(self, ann_id: int) -> list[HistoryEntry]:
        """Every entry of annotation ``ann_id`` (kept after it is deleted)."""
        return self._select(HISTORY.c.annotation_id == int(ann_id))

    def for_release(self, release_pk: int) -> list[HistoryEntry]:
        """Every entry of every annotation of release ``release_pk``."""
        return self._select(HISTORY.c.release_pk == int(release_pk))

    def count(self) -> int:
        return int(self.s.execute(sa.select(sa.func.count()).select_from(HISTORY)).scalar_one())
