"""The registry edits and suggestions on both engines (SQLite file, PostgreSQL)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pibdesk.core.model import EntityKind, NewAnnotation
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.entities import EntityService
from pibdesk.services.suggestions import SuggestionService


def test_suggest_accept_merge_undo_on_each_engine(any_db, raw_dir: Path) -> None:  # type: ignore[no-untyped-def]
    pk = CorpusService(any_db).import_paths([raw_dir / "txt_1583904.txt"]).outcomes[0].release_pk
    es, sv, an = EntityService(any_db), SuggestionService(any_db), AnnotationService(any_db)
    assert es.holder_on("Raksha Mantri", date(2019, 9, 2)).name == "Rajnath Singh"  # type: ignore[union-attr]
    sugg = sv.for_release(pk)
    acc = sv.accept(pk, next(g for g in sugg if g.text == "Takeshi lwaya"))
    iwaya = acc.annotation.entity_id
    text = CorpusService(any_db).release(pk).text
    at = text.index("Takeshi Iwaya")
    dup = es.create(EntityKind.PERSON, "T. Iwaya")
    other = an.create(NewAnnotation(pk, at, at + 13, "Person", entity_id=dup.id)).id
    rec = es.merge(iwaya, dup.id)  # type: ignore[arg-type]
    assert an.get(other).entity_id == iwaya
    es.unmerge(rec)
    assert an.get(other).entity_id == dup.id and es.get(dup.id).name == "T. Iwaya"
    after = es.create(EntityKind.TOPIC, "Article 370")  # ids keep working after re-inserts
    assert after.id not in (iwaya, dup.id)
    gone = sv.undo_accept(acc)
    assert [e.name for e in gone] == ["Takeshi Iwaya"]
    sv.redo_accept(acc, gone)
    assert an.get(acc.annotation.id).entity_id == iwaya


def test_undo_accept_checks_the_version_on_each_engine(any_db, raw_dir: Path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from pibdesk.core.errors import ConflictError

    pk = CorpusService(any_db).import_paths([raw_dir / "txt_1583904.txt"]).outcomes[0].release_pk
    sv, an = SuggestionService(any_db), AnnotationService(any_db)
    sugg = sv.for_release(pk)
    one = sv.accept(pk, next(g for g in sugg if g.text == "Takeshi lwaya"), author="anita")
    two = sv.accept(pk, next(g for g in sugg if g.label == "Statement"), author="anita")
    an.update(one.annotation.id, one.annotation.row_version, editor="ravi", note="checked")
    items = [(two, two.annotation.row_version), (one, one.annotation.row_version)]
    with pytest.raises(ConflictError, match="changed by ravi") as err:
        sv.undo_accept_all(items, editor="anita")
    assert err.value.current.note == "checked"  # type: ignore[attr-defined]
    # one transaction: the unchanged Statement was not deleted either, nor the entity
    assert {a.id for a in an.for_release(pk)} == {one.annotation.id, two.annotation.id}
    assert an.get(one.annotation.id).entity_id == one.annotation.entity_id
    gone = sv.undo_accept(one, one.annotation.row_version + 1, editor="anita")  # seen now
    assert [e.name for e in gone] == ["Takeshi Iwaya"]
    assert [a.id for a in an.for_release(pk)] == [two.annotation.id]
