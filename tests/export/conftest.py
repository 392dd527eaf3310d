"""Fixtures for export/import tests: a corpus database template and an annotated copy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from export_helpers import FOUNDING_PRID, annotate, copy_db, entity, pk_of

from pibdesk.core.model import (
    EntityKind,
    NewAnnotation,
    Origin,
    ReleaseStatus,
    StatementKind,
)
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.storage.db import Database


@pytest.fixture(scope="session")
def corpus_template(tmp_path_factory: pytest.TempPathFactory, raw_dir: Path) -> Path:
    """A migrated database holding every release of the real corpus (no annotations)."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    db = Database(path)
    db.migrate()
    report = CorpusService(db).import_paths([raw_dir])
    assert report.count("imported") >= 30, report.totals()
    db.dispose()
    return path


@pytest.fixture()
def corpus_db(corpus_template: Path, tmp_path: Path) -> Iterator[Database]:
    db = copy_db(corpus_template, tmp_path / "a.db")
    yield db
    db.dispose()


@pytest.fixture()
def fresh_db(corpus_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A second, unannotated copy of the same corpus (the import side of a round trip)."""
    db = copy_db(corpus_template, tmp_path / "b.db")
    yield db
    db.dispose()


@pytest.fixture()
def annotated_db(corpus_db: Database) -> Database:
    """The corpus with a varied annotation set on three releases (others unannotated).

    The founding release gets Person mentions linked to entities, a Statement with a
    speaker, kind, topic and a multi-line note, a Topic, nested and overlapping spans,
    two authors and a suggested annotation; its status is set to done.
    """
    db = corpus_db
    pk = pk_of(db, FOUNDING_PRID)
    text = CorpusService(db).release(pk).text
    modi = entity(db, EntityKind.PERSON, "Narendra Modi")
    topic = entity(db, EntityKind.TOPIC, "Digital India")
    words = [w for w in dict.fromkeys(text.split()) if len(w) > 6][:6]
    annotate(db, pk, words[0], "Person", author="asha", entity_id=modi)
    sid = annotate(
        db,
        pk,
        words[1],
        "Statement",
        author="ravi",
        speaker_id=modi,
        statement_kind=StatementKind.DIRECT,
        topic_id=topic,
        note='first line\nsecond "line"\twith tab',
    )
    annotate(db, pk, words[2], "Topic", author="asha", entity_id=topic, origin=Origin.SUGGESTED)
    # nested and overlapping spans over the same stretch of text
    line = next(ln for ln in text.split("\n") if len(ln) > 80)
    s0 = text.index(line)
    svc = AnnotationService(db)
    svc.create(NewAnnotation(pk, s0, s0 + 60, "Statement", author="asha"))
    svc.create(NewAnnotation(pk, s0 + 10, s0 + 30, "Person", author="asha"))
    svc.create(NewAnnotation(pk, s0 + 20, s0 + 70, "Topic", author="ravi"))
    # a span across a line break
    nl = text.index("\n", 20)
    svc.create(NewAnnotation(pk, nl - 5, nl + 6, "Topic", author="ravi"))
    assert sid
    CorpusService(db).set_status(pk, ReleaseStatus.DONE)
    others = [s for s in CorpusService(db).summaries() if s.id != pk and s.has_text][:2]
    for o in others:
        t = CorpusService(db).release(o.id).text
        w = next(w for w in t.split() if len(w) > 5)
        annotate(db, o.id, w, "Person", author="meena")
    return db
