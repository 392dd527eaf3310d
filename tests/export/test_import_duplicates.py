"""Import merges only exact duplicates (issue 6 audit): an annotation with the same span and
label merges only when every other field its format states matches too (author, entity,
speaker, topic, statement kind, note); otherwise it is added."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from export_helpers import FOUNDING_PRID, ann_keys, pk_of

from pibdesk.core.model import NewAnnotation
from pibdesk.services.annotation_import import AnnotationImportService
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.export import AnnotationSelection, ExportService
from pibdesk.storage.db import Database


def _first_person(db: Database) -> tuple[int, Any]:
    pk = pk_of(db, FOUNDING_PRID)
    person = next(
        a for a in AnnotationService(db).for_release(pk) if a.label == "Person" and a.entity_id
    )
    return pk, person


def test_same_span_by_two_authors_round_trips_as_two(
    annotated_db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    pk, person = _first_person(annotated_db)
    AnnotationService(annotated_db).create(
        NewAnnotation(pk, person.start, person.end, "Person", author="ravi")
    )
    out = tmp_path / "set.jsonl"
    assert ExportService(annotated_db).export("jsonl", out).annotations == 10
    report = AnnotationImportService(fresh_db).import_file(out)
    assert (report.added, report.merged, report.refused) == (10, 0, [])
    got = [
        (a.author, a.entity_id is not None)
        for a in AnnotationService(fresh_db).for_release(pk_of(fresh_db, FOUNDING_PRID))
        if (a.start, a.end, a.label) == (person.start, person.end, "Person")
    ]
    assert sorted(got) == [("asha", True), ("ravi", False)]
    assert ann_keys(fresh_db, full=True) == ann_keys(annotated_db, full=True)
    again = AnnotationImportService(fresh_db).import_file(out)
    assert (again.added, again.merged) == (0, 10)  # now they are exact duplicates


def _statement(line: dict[str, Any]) -> dict[str, Any]:
    return next(a for a in line["annotations"] if a["label"] == "Statement" and a["speaker_id"])


def _new_entity(line: dict[str, Any], kind: str, name: str) -> int:
    line["entities"]["999"] = {"id": 999, "kind": kind, "name": name, "wikidata_qid": None}
    return 999


MUTATIONS: dict[str, Callable[[dict[str, Any]], None]] = {
    "author": lambda ln: _statement(ln).update(author="meena"),
    "note": lambda ln: _statement(ln).update(note="another note"),
    "no note": lambda ln: _statement(ln).update(note=None),
    "statement kind": lambda ln: _statement(ln).update(statement_kind="reported"),
    "speaker": lambda ln: _statement(ln).update(speaker_id=_new_entity(ln, "person", "Amit Shah")),
    "topic": lambda ln: _statement(ln).update(topic_id=_new_entity(ln, "topic", "Startup India")),
    "no entity": lambda ln: _statement(ln).update(speaker_id=None),
}


@pytest.mark.parametrize("field", list(MUTATIONS))
def test_a_differing_field_is_added_not_merged(
    field: str, annotated_db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "set.jsonl"
    sel = AnnotationSelection(release_ids=(FOUNDING_PRID,))
    assert ExportService(annotated_db).export("jsonl", out, sel).annotations == 7
    line = json.loads(out.read_text(encoding="utf-8"))
    MUTATIONS[field](line)
    out.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    report = AnnotationImportService(annotated_db).import_file(out)
    assert (report.added, report.merged, report.refused) == (1, 6, []), field
    pk = pk_of(annotated_db, FOUNDING_PRID)
    assert len(AnnotationService(annotated_db).for_release(pk)) == 8


def test_entity_named_by_an_alias_is_still_a_duplicate(
    annotated_db: Database, tmp_path: Path
) -> None:
    from pibdesk.storage.entities import EntityRepository

    pk, person = _first_person(annotated_db)
    with annotated_db.session() as s:
        EntityRepository(s).add_alias(person.entity_id, "PM Modi")
    out = tmp_path / "set.jsonl"
    ExportService(annotated_db).export("jsonl", out, AnnotationSelection(release_pks=(pk,)))
    line = json.loads(out.read_text(encoding="utf-8"))
    line["entities"][str(person.entity_id)]["name"] = "PM Modi"
    out.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    report = AnnotationImportService(annotated_db).import_file(out)
    assert (report.added, report.merged, report.entities_created) == (0, 7, [])


def test_formats_without_authors_merge_onto_any_author(
    annotated_db: Database, tmp_path: Path
) -> None:
    """doccano states no author (nor notes, entities): a span and label already stored by
    someone is its duplicate; Label Studio without ``completed_by`` likewise."""
    sel = AnnotationSelection(release_ids=(FOUNDING_PRID,))
    for fmt, name in (("doccano", "set.jsonl"), ("labelstudio", "set.json"), ("brat", "b")):
        out = tmp_path / name
        ExportService(annotated_db).export(fmt, out, sel)
        report = AnnotationImportService(annotated_db).import_file(out, fmt)
        assert (report.added, report.merged, report.refused) == (0, 7, []), fmt


def test_w3c_creator_is_compared(annotated_db: Database, tmp_path: Path) -> None:
    sel = AnnotationSelection(release_ids=(FOUNDING_PRID,))
    out = tmp_path / "set.jsonld"
    ExportService(annotated_db).export("w3c", out, sel)
    coll = json.loads(out.read_text(encoding="utf-8"))
    coll["first"]["items"][0]["creator"] = {"type": "Person", "name": "someone else"}
    out.write_text(json.dumps(coll, ensure_ascii=False), encoding="utf-8")
    report = AnnotationImportService(annotated_db).import_file(out)
    assert (report.format, report.added, report.merged, report.refused) == ("w3c", 1, 6, [])
    authors = [
        a.author
        for a in AnnotationService(annotated_db).for_release(pk_of(annotated_db, FOUNDING_PRID))
    ]
    assert authors.count("someone else") == 1 and len(authors) == 8


def test_label_studio_completed_by_is_compared(annotated_db: Database, tmp_path: Path) -> None:
    """Label Studio states an author only through ``completed_by``; given, it counts."""
    pk = pk_of(annotated_db, FOUNDING_PRID)
    before = AnnotationService(annotated_db).for_release(pk)
    ls = tmp_path / "set.json"
    ExportService(annotated_db).export("labelstudio", ls, AnnotationSelection(release_pks=(pk,)))
    (task,) = json.loads(ls.read_text(encoding="utf-8"))
    task["annotations"][0]["completed_by"] = {"email": "asha"}
    ls.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    report = AnnotationImportService(annotated_db).import_file(ls, "labelstudio")
    not_asha = sum(a.author != "asha" for a in before)
    assert not_asha == 3
    assert (report.added, report.merged, report.refused) == (not_asha, 7 - not_asha, [])
