"""Export then import into a fresh copy of the corpus gives identical annotations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_helpers import ann_keys, nonempty

from pibdesk.services.annotation_import import AnnotationImportService
from pibdesk.services.export import ExportService
from pibdesk.storage.db import Database

ROUND_TRIP = ["jsonl", "brat", "doccano", "labelstudio", "w3c"]


def _target(tmp_path: Path, fmt: str) -> Path:
    return tmp_path / ("out_" + fmt + ("" if fmt in ("brat", "xmi") else ".dat"))


def test_native_jsonl_round_trip_is_lossless(
    annotated_db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "set.jsonl"
    res = ExportService(annotated_db).export("jsonl", out)
    assert res.annotations == 9 and res.releases == 35
    report = AnnotationImportService(fresh_db).import_file(out, "jsonl")
    assert (report.added, report.merged, report.refused) == (9, 0, [])
    assert sorted(report.entities_created) == ["person: Narendra Modi", "topic: Digital India"]
    before, after = ann_keys(annotated_db, full=True), ann_keys(fresh_db, full=True)
    assert after == before
    # the statement kept its speaker, kind, topic and multi-line note
    stmt = [k for v in after.values() for k in v if k[9] is not None and k[2] == "Statement"]
    assert stmt and stmt[0][8] == 'first line\nsecond "line"\twith tab'
    assert stmt[0][12:14] == (("person", "Narendra Modi"), ("topic", "Digital India"))
    # importing the same file again merges everything
    again = AnnotationImportService(fresh_db).import_file(out, "jsonl")
    assert (again.added, again.merged) == (0, 9)
    assert ann_keys(fresh_db, full=True) == before


#: Fields of ``ann_keys(full=True)`` a format does not carry: author (4), origin (5),
#: created (6), updated (7). Everything else (offsets, label, text, note, statement
#: kind, review flag, entity, speaker, topic) must come back.
NOT_CARRIED = {
    "jsonl": {4, 6, 7},
    "brat": {4, 5, 6, 7},
    "doccano": {4, 6, 7},
    "labelstudio": {4, 6, 7},
    "w3c": {4, 6, 7},
}


def _carried(keys: dict, fmt: str) -> dict:
    drop = NOT_CARRIED[fmt]
    return {
        k: sorted((tuple(x for i, x in enumerate(r) if i not in drop) for r in v), key=repr)
        for k, v in nonempty(keys).items()
    }


@pytest.mark.parametrize("fmt", ROUND_TRIP)
def test_round_trip_spans_labels(
    fmt: str, annotated_db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    out = _target(tmp_path, fmt)
    res = ExportService(annotated_db).export(fmt, out)
    assert res.annotations == 9
    report = AnnotationImportService(fresh_db).import_file(out, fmt)
    assert report.refused == [] and report.added == 9, report.to_json()
    assert report.documents_created == 0
    assert nonempty(ann_keys(fresh_db)) == nonempty(ann_keys(annotated_db))
    after, before = (
        _carried(ann_keys(fresh_db, full=True), fmt),
        _carried(ann_keys(annotated_db, full=True), fmt),
    )
    assert after == before
    # the set is not trivial: a linked speaker, kind, topic and note are among the keys
    assert any(
        ("person", "Narendra Modi") in r and "direct" in r for v in after.values() for r in v
    )


def test_brat_keeps_entities_speakers_kinds_notes(
    annotated_db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "brat"
    ExportService(annotated_db).export("brat", out)
    AnnotationImportService(fresh_db).import_file(out, "brat")

    def strip(keys: dict) -> dict:  # brat holds no author, origin or times
        return {k: sorted((r[:4] + r[8:]) for r in v) for k, v in nonempty(keys).items()}

    assert strip(ann_keys(fresh_db, full=True)) == strip(ann_keys(annotated_db, full=True))
    ann = next(out.glob("1583904_*.ann")).read_text(encoding="utf-8")
    assert "\tSpeaker Arg1:" in ann and "\tStatementKind " in ann
    assert "Reference" in ann and "pibdesk_person:" in ann and "Narendra Modi" in ann
    assert "AnnotatorNotes" in ann and "first line\\nsecond" in ann
    assert any(";" in line.split("\t")[1] for line in ann.splitlines() if line.startswith("T"))


def test_w3c_keeps_everything_but_ids(
    annotated_db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "w3c.jsonld"
    ExportService(annotated_db).export("w3c", out)
    AnnotationImportService(fresh_db).import_file(out, "w3c")
    assert ann_keys(fresh_db, full=True) == ann_keys(annotated_db, full=True)


@pytest.mark.parametrize(
    "fmt", ["jsonl", "csv", "brat", "doccano", "labelstudio", "conll", "xmi", "spacy"]
)
def test_unannotated_releases_appear(fmt: str, annotated_db: Database, tmp_path: Path) -> None:
    if fmt == "spacy":
        pytest.importorskip("spacy", reason="spaCy is not installed (optional extra 'spacy')")
    out = _target(tmp_path, fmt)
    n_rel, _ = ExportService(annotated_db).count()
    res = ExportService(annotated_db).export(fmt, out)
    assert res.releases == n_rel == 35
    if fmt == "brat":
        assert len(list(out.glob("*.txt"))) == len(list(out.glob("*.ann"))) == n_rel
    elif fmt == "xmi":
        assert len(list(out.glob("*.xmi"))) == n_rel
    elif fmt in ("jsonl", "doccano"):
        assert len(out.read_text(encoding="utf-8").splitlines()) == n_rel
    elif fmt == "labelstudio":
        assert len(json.loads(out.read_text(encoding="utf-8"))) == n_rel
    elif fmt == "spacy":
        import spacy
        from spacy.tokens import DocBin

        docs = list(DocBin().from_disk(out).get_docs(spacy.blank("xx").vocab))
        assert len(docs) == n_rel and sum(len(d.spans["pibdesk"]) for d in docs) == 9
    elif fmt == "conll":
        assert out.read_text(encoding="utf-8").count("-DOCSTART-") == n_rel
    elif fmt == "csv":
        import csv

        rows = list(csv.DictReader(out.open(encoding="utf-8-sig", newline="")))
        assert sum(1 for r in rows if not r["label"]) == n_rel - 3  # one row per bare release
        assert sum(1 for r in rows if r["label"]) == 9


def test_unknown_release_is_refused_and_nothing_added(
    annotated_db: Database, tmp_path: Path, db: Database
) -> None:
    out = tmp_path / "set.jsonl"
    ExportService(annotated_db).export("jsonl", out)
    report = AnnotationImportService(db).import_file(out, "jsonl")  # empty database
    assert report.added == 0 and len(report.refused) == 9 + 32
    assert all("unknown release" in r.reason for r in report.refused)
    created = AnnotationImportService(db).import_file(out, "jsonl", create_documents=True)
    assert created.added == 9 and created.documents_created == 35
    assert ann_keys(db, full=True) == ann_keys(annotated_db, full=True)


def test_conll_goes_back_onto_its_releases(
    annotated_db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    """CoNLL loses spacing; its text is matched by its non-space characters and every span
    it could hold comes back exactly."""
    out = tmp_path / "set.conll"
    res = ExportService(annotated_db).export("conll", out)
    report = AnnotationImportService(fresh_db).import_file(out, "conll")
    assert report.documents_created == 0 and report.refused == []
    assert report.added == res.annotations >= 4
    held = {
        k: [r[:3] for r in v if not any(f"{r[2]} {r[0]}-{r[1]} " in w for w in res.warnings)]
        for k, v in ann_keys(annotated_db).items()
    }
    got = {k: [r[:3] for r in v] for k, v in ann_keys(fresh_db).items()}
    assert nonempty(got) == nonempty(held)


def test_native_lines_equal_release_to_json(annotated_db: Database, tmp_path: Path) -> None:
    """The orjson fast path writes exactly the values of ``release_to_json``."""
    from pibdesk.export.native_jsonl import release_to_json

    out = tmp_path / "set.jsonl"
    ExportService(annotated_db).export("jsonl", out)
    lines = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    want = [
        release_to_json(d.release, d.annotations, d.entities)
        for d in ExportService(annotated_db).documents()
    ]
    assert lines == want
    linked = [ln for ln in lines if ln["entities"]]
    assert len(linked) == 1 and {e["name"] for e in linked[0]["entities"].values()} == {
        "Narendra Modi",
        "Digital India",
    }


def test_native_version_1_lines_still_import(
    annotated_db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    """Files from the first native format (entity objects inside each annotation) import too."""
    from pibdesk.export.native_jsonl import annotation_to_json, release_to_json

    out = tmp_path / "v1.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for d in ExportService(annotated_db).documents():
            obj = release_to_json(d.release, d.annotations)
            obj.pop("entities")
            obj["format"] = "pibdesk-jsonl/1"
            obj["annotations"] = [annotation_to_json(a, d.entities) for a in d.annotations]
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")
    report = AnnotationImportService(fresh_db).import_file(out, "jsonl")
    assert (report.added, report.refused) == (9, [])
    assert ann_keys(fresh_db, full=True) == ann_keys(annotated_db, full=True)
