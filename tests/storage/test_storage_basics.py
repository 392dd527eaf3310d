"""Storage and annotation services on a real migrated database (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from pibdesk.core.errors import ConflictError, NotFoundError, SpanError
from pibdesk.core.model import IST, NewAnnotation, ParsedRelease
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService

TEXT = "Title line\n\nक्षत्रिय said 😀 Shri Rajnath Singh spoke on Article 370."


def _parsed(**kw: object) -> ParsedRelease:
    base = dict(
        title="Title line", text=TEXT, release_id=42, ministry="Ministry of Defence",
        posted_at=datetime(2019, 9, 2, 0, 15, tzinfo=IST), bureau="PIB Delhi", source="x.txt",
    )
    base.update(kw)
    return ParsedRelease(**base)  # type: ignore[arg-type]


def test_sqlite_pragmas_and_default_labels(db, db_path) -> None:  # type: ignore[no-untyped-def]
    with db.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    labels = AnnotationService(db).labels()
    assert [(lab.name, lab.shortcut) for lab in labels] == [("Person", "P"), ("Statement", "S"), ("Topic", "T")]


def test_posted_at_stored_utc_read_aware(db, db_path) -> None:  # type: ignore[no-untyped-def]
    out = CorpusService(db).import_parsed(_parsed())
    assert out.status == "imported"
    rel = CorpusService(db).release(out.release_pk)  # type: ignore[arg-type]
    assert rel.posted_at == datetime(2019, 9, 1, 18, 45, tzinfo=UTC)
    assert rel.posted_at.tzinfo is not None
    raw = sqlite3.connect(db_path).execute("select posted_at from release").fetchone()[0]
    assert raw.startswith("2019-09-01 18:45:00")  # UTC on disk


def test_import_twice_is_present(any_db) -> None:  # type: ignore[no-untyped-def]
    db = any_db
    svc = CorpusService(db)
    assert svc.import_parsed(_parsed()).status == "imported"
    again = svc.import_parsed(_parsed())
    assert again.status == "present"
    assert svc.count() == 1


def test_annotation_codepoint_quote_and_undo_restore(any_db) -> None:  # type: ignore[no-untyped-def]
    db = any_db
    pk = CorpusService(db).import_parsed(_parsed()).release_pk
    assert pk is not None
    svc = AnnotationService(db)
    start = TEXT.index("Shri Rajnath Singh")
    a = svc.create(NewAnnotation(pk, start, start + 18, "Person", author="ed"))
    assert a.text == "Shri Rajnath Singh" and TEXT[a.start : a.end] == a.text
    assert a.prefix.endswith("said 😀 ") and a.suffix.startswith(" spoke")
    gone = svc.delete(a.id)
    assert svc.for_release(pk) == []
    back = svc.restore(gone)
    assert back == a
    with pytest.raises(SpanError):
        svc.create(NewAnnotation(pk, 5, 5, "Person"))
    with pytest.raises(NotFoundError):
        svc.create(NewAnnotation(pk, 0, 3, "NoSuchLabel"))


def test_update_detects_conflict(any_db) -> None:  # type: ignore[no-untyped-def]
    db = any_db
    pk = CorpusService(db).import_parsed(_parsed()).release_pk
    svc = AnnotationService(db)
    a = svc.create(NewAnnotation(pk, 0, 5, "Topic"))  # type: ignore[arg-type]
    b = svc.update(a.id, a.row_version, note="first")
    assert b.row_version == a.row_version + 1
    with pytest.raises(ConflictError) as err:
        svc.update(a.id, a.row_version, note="stale")
    assert err.value.current == b


def test_revision_carries_annotations(any_db) -> None:  # type: ignore[no-untyped-def]
    db = any_db
    svc = CorpusService(db)
    pk = svc.import_parsed(_parsed()).release_pk
    ann = AnnotationService(db)
    s = TEXT.index("Article 370")
    a = ann.create(NewAnnotation(pk, s, s + 11, "Topic"))  # type: ignore[arg-type]
    new_text = TEXT.replace("Title line\n\n", "Title line\n\nA new first sentence here.\n\n")
    out = svc.import_parsed(_parsed(text=new_text))
    assert out.status == "revised" and out.needs_review == 0
    moved = ann.get(a.id)
    assert new_text[moved.start : moved.end] == "Article 370"
    assert svc.release(pk).revision == 2  # type: ignore[arg-type]
