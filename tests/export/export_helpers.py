"""Helpers for export/import tests."""

from __future__ import annotations

from pathlib import Path

from pibdesk.core.model import (
    EntityKind,
    NewAnnotation,
)
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.storage.db import Database
from pibdesk.storage.export_queries import find_or_create_entity

FOUNDING_PRID = 1583904


def copy_db(template: Path, target: Path) -> Database:
    """A fresh copy of the corpus database at ``target``."""
    import sqlite3

    src, dst = sqlite3.connect(template), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    return Database(target)


def pk_of(db: Database, prid: int) -> int:
    from pibdesk.storage.repositories import ReleaseRepository

    with db.session() as s:
        pk = ReleaseRepository(s).find_pk(prid)
    assert pk is not None
    return pk


def annotate(db: Database, pk: int, needle: str, label: str, nth: int = 0, **kw: object) -> int:
    """Annotate the ``nth`` occurrence of ``needle`` in release ``pk``; returns the id."""
    svc = AnnotationService(db)
    text = CorpusService(db).release(pk).text
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return svc.create(NewAnnotation(pk, start, start + len(needle), label, **kw)).id  # type: ignore[arg-type]


def entity(db: Database, kind: EntityKind, name: str) -> int:
    with db.session() as s:
        return find_or_create_entity(s, kind, name)[0]


def ann_keys(db: Database, full: bool = False) -> dict[tuple[int | None, str], list[tuple]]:
    """Annotations per release (PRID, text hash) as comparable tuples.

    ``full`` adds author, origin, times, note, kind, review flag and entity names.
    """
    from pibdesk.services.export import ExportService

    out: dict[tuple[int | None, str], list[tuple]] = {}
    for d in ExportService(db).documents():
        rows = []
        for a in d.annotations:
            key: tuple = (a.start, a.end, a.label, a.text)
            if full:
                name = lambda i, d=d: (d.entity(i).kind.value, d.entity(i).name) if i else None  # noqa: E731
                key += (
                    a.author,
                    a.origin.value,
                    a.created_at,
                    a.updated_at,
                    a.note,
                    a.statement_kind,
                    a.needs_review,
                    name(a.entity_id),
                    name(a.speaker_id),
                    name(a.topic_id),
                )
            rows.append(key)
        out[(d.release.release_id, d.release.text_hash)] = sorted(rows, key=repr)
    return out


def nonempty(keys: dict) -> dict:
    return {k: v for k, v in keys.items() if v}
