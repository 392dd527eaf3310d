"""Ids are never reused, and a delete never destroys another editor's change unseen
(audit of issues 8 and 9), on SQLite and PostgreSQL.

* SQLite without ``AUTOINCREMENT`` handed a deleted annotation's id to the next one, so a
  stale edit meant for the deleted annotation landed on the new one and undo of the
  delete failed (migration 0004).
* ``AnnotationService.delete`` took no version: a change another editor made meanwhile
  was deleted silently.
"""

from __future__ import annotations

import pytest

from pibdesk.core.errors import ConflictError, NotFoundError
from pibdesk.core.model import EntityKind, NewAnnotation, ParsedRelease
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.entities import EntityService
from pibdesk.storage.db import Database

TEXT = "Raksha Mantri Shri Rajnath Singh said Article 370 was a step for Jammu and Kashmir."


def _release(db: Database) -> int:
    pk = CorpusService(db).import_parsed(
        ParsedRelease(title="t", text=TEXT, release_id=7001, source="t.txt")
    ).release_pk
    assert pk is not None
    return pk


def _span(word: str) -> tuple[int, int]:
    i = TEXT.index(word)
    return i, i + len(word)


def _other(db: Database) -> Database:
    """A second connection pool on the same database (another editor's process)."""
    return Database(db.url)


def test_deleted_annotation_id_is_not_reused_and_undo_restores_it(any_db: Database) -> None:
    db = any_db
    pk = _release(db)
    anita = AnnotationService(db)
    a = anita.create(NewAnnotation(pk, *_span("Rajnath Singh"), "Person", author="anita"))
    b = anita.create(NewAnnotation(pk, *_span("Article 370"), "Topic", author="anita"))
    other = _other(db)
    try:
        ravi = AnnotationService(other)
        ravi_view = ravi.get(b.id)  # ravi's window shows b at version 1

        gone = anita.delete(b.id, b.row_version, editor="anita")
        c = anita.create(NewAnnotation(pk, *_span("Jammu and Kashmir"), "Topic", author="anita"))
        assert c.id != b.id and c.id > b.id  # b's id (the newest) is not handed out again

        # ravi's stale edit meant for b does not land on c
        with pytest.raises(NotFoundError):
            ravi.update(ravi_view.id, ravi_view.row_version, editor="ravi", note="ravi's")
        assert anita.get(c.id).note is None and anita.get(c.id).text == "Jammu and Kashmir"

        # undo of the delete brings b back under its id, exactly as it was
        back = anita.restore(gone)
        assert back.id == b.id and back == b
        assert [x.id for x in anita.for_release(pk)] == [a.id, b.id, c.id]

        # the restore under an old id did not move the id counter back
        d = anita.create(NewAnnotation(pk, *_span("Raksha Mantri"), "Person", author="anita"))
        assert d.id > c.id
        assert len({a.id, b.id, c.id, d.id}) == 4
    finally:
        other.dispose()


def test_deleted_entity_id_is_not_reused_and_recreate_restores_it(any_db: Database) -> None:
    es = EntityService(any_db)
    e1 = es.create(EntityKind.PERSON, "Rajnath Singh")
    e2 = es.create(EntityKind.TOPIC, "Article 370")
    gone = es.delete(e2.id)
    e3 = es.create(EntityKind.TOPIC, "Jammu and Kashmir")
    assert e3.id not in (e1.id, e2.id) and e3.id > e2.id
    back = es.recreate(gone)
    assert back.id == e2.id and back.name == "Article 370"
    assert es.create(EntityKind.PERSON, "Takeshi Iwaya").id > e3.id


def test_delete_with_stale_version_is_refused_naming_the_other_editor(any_db: Database) -> None:
    db = any_db
    pk = _release(db)
    anita = AnnotationService(db)
    a = anita.create(NewAnnotation(pk, *_span("Rajnath Singh"), "Person", author="anita"))
    seen = a.row_version
    other = _other(db)
    try:
        theirs = AnnotationService(other).update(
            a.id, a.row_version, editor="ravi", note="ravi verified this, linked Q472987"
        )
        assert theirs.row_version == seen + 1

        with pytest.raises(ConflictError) as err:
            anita.delete(a.id, seen, editor="anita")
        msg = str(err.value)
        assert "ravi" in msg and f"annotation {a.id}" in msg and "not deleted" in msg
        assert f"now version {seen + 1}" in msg and f"version {seen})" in msg
        assert err.value.current == theirs  # the other editor's version, to show

        # nothing was deleted: ravi's note is still there
        kept = anita.get(a.id)
        assert kept.note == "ravi verified this, linked Q472987"
        assert kept.row_version == seen + 1

        # having seen ravi's change, anita deletes it with the version she now sees
        gone = anita.delete(a.id, kept.row_version, editor="anita")
        assert gone == kept
        assert anita.for_release(pk) == []
        with pytest.raises(NotFoundError):
            anita.delete(a.id, kept.row_version, editor="anita")
    finally:
        other.dispose()


def test_delete_without_version_still_deletes(any_db: Database) -> None:
    db = any_db
    pk = _release(db)
    svc = AnnotationService(db)
    a = svc.create(NewAnnotation(pk, *_span("Article 370"), "Topic", author="anita"))
    svc.update(a.id, a.row_version, editor="ravi", note="changed")
    gone = svc.delete(a.id)  # None: no check (imports, scripted clean-ups)
    assert gone.note == "changed" and svc.for_release(pk) == []

