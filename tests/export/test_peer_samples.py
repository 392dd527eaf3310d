"""The importers read real files written by other tools (../shared/peer-samples).

Each annotation in a sample is either imported exactly (same span, label and covered
text) or refused with a reason naming what pibdesk cannot hold.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from pibdesk.services.annotation_import import AnnotationImportReport, AnnotationImportService
from pibdesk.services.export import ExportService
from pibdesk.storage.db import Database


@pytest.fixture()
def peers(shared_dir: Path) -> Path:
    return shared_dir / "peer-samples"


def _import(db: Database, path: Path, fmt: str) -> AnnotationImportReport:
    return AnnotationImportService(db).import_file(path, fmt, create_documents=True)


def _spans(db: Database) -> list[tuple[str, int, int, str, str | None]]:
    """(covered text, start, end, label, note) of every stored annotation."""
    out = []
    for d in ExportService(db).documents():
        for a in d.annotations:
            assert d.release.text[a.start : a.end] == a.text
            out.append((a.text, a.start, a.end, a.label, a.note))
    return sorted(out, key=repr)


def _reasons(r: AnnotationImportReport) -> Counter[str]:
    return Counter(re.sub(r"'[^']*'", "X", x.reason) for x in r.refused)


def _brat_t_lines(folder: Path) -> list[tuple[str, int, int, str]]:
    out = []
    for ann in sorted(folder.glob("*.ann")):
        for line in ann.read_text(encoding="utf-8").splitlines():
            if line.startswith("T"):
                _, mid, quote = line.split("\t", 2)
                typ, s, e = mid.split(" ")
                out.append((quote, int(s), int(e), typ))
    return out


@pytest.mark.parametrize("sub", ["tutorial-news", "ncbi-disease", "conll2002-ned", "dkpro-core"])
def test_brat_samples(sub: str, peers: Path, db: Database) -> None:
    folder = peers / "brat" / sub
    report = _import(db, folder, "brat")
    expected = _brat_t_lines(folder)
    got = _spans(db)
    # every T line is imported exactly (the tutorial files repeat no span, so none merge)
    assert [g[:4] for g in got] == sorted(expected, key=repr)
    assert report.added == len(expected) and report.merged == 0
    # everything else is refused for a stated reason, never silently dropped
    lines = [
        ln
        for ann in folder.glob("*.ann")
        for ln in ann.read_text(encoding="utf-8").splitlines()
        if ln and not ln.startswith("T")
    ]
    attached = [
        ln for ln in lines if ln.startswith("#") and re.search(r"AnnotatorNotes T\d+\t", ln)
    ]
    assert len(report.refused) == len(lines) - len(attached)
    assert all(r.reason for r in report.refused)


def test_brat_notes_events_and_attributes(peers: Path, db: Database) -> None:
    report = _import(db, peers / "brat" / "tutorial-news", "brat")
    notes = {g[0]: g[4] for g in _spans(db) if g[4]}
    assert notes == {"Discworld": "Should fictional places be annotated?"}
    reasons = _reasons(report)
    assert reasons["event: pibdesk has no events (its trigger span is imported)"] == 12
    assert reasons["relation X: pibdesk holds only Speaker relations"] == 2
    assert reasons["note on E1: pibdesk keeps notes on text spans only"] == 1
    assert reasons["attribute X: pibdesk has no such attribute"] == 6
    assert report.documents_created == 4


def test_doccano_samples(peers: Path, db: Database) -> None:
    d = peers / "doccano"
    r1 = _import(db, d / "doccano-export-sequence_labeling-example.jsonl", "doccano")
    assert (r1.added, r1.refused) == (4, [])
    assert ("EU", 0, 2, "ORG", None) in _spans(db)
    assert ("Obama", 10, 15, "PERSON", None) in _spans(db)
    r2 = _import(db, d / "doccano-import-tests-sequence_labeling-example.jsonl", "doccano")
    # exampleA and exampleB become documents (B has no labels); the line without text is refused
    assert (r2.added, r2.documents_created) == (1, 2)
    assert [x.reason for x in r2.refused] == ["line has no text (doccano skips it too)"]
    r3 = _import(db, d / "doccano-transformer-labeling_text_label.jsonl", "doccano")
    assert (r3.added, r3.refused) == (11, [])
    assert ("United Arab Emirates", 79, 99, "LOC", None) in _spans(db)
    r4 = _import(db, d / "doccano-transformer-labeling.jsonl", "doccano")
    # integer label ids have no names in that file: refused, and no empty documents made
    assert r4.added == 0 and r4.documents_created == 0
    assert _reasons(r4)["label id 12 has no name in the file (doccano 1.x export)"] == 9


@pytest.mark.parametrize(
    "name,origin",
    [("named_entity-annotations-1.json", "imported"), ("named_entity-tasks.json", "suggested")],
)
def test_labelstudio_samples(name: str, origin: str, peers: Path, db: Database) -> None:
    report = _import(db, peers / "labelstudio" / name, "labelstudio")
    assert (report.added, report.refused) == (1, [])
    assert [g[:4] for g in _spans(db)] == [("February 22", 343, 354, "Date")]
    (doc,) = list(ExportService(db).documents())
    assert doc.annotations[0].origin.value == origin
    assert "\n\n" in doc.release.text


def test_uima_xmi_samples(peers: Path, db: Database) -> None:
    d = peers / "uima-xmi"
    stacked = _import(db, d / "tsv3-testMultiTokenStackedSpanWithFeatureValue.xmi", "xmi")
    assert sorted(g[:4] for g in _spans(db)) == [
        ("This is a test .", 0, 16, "LOCATION"),
        ("This is a test .", 0, 16, "PERSON"),
    ]
    assert stacked.added == 2 and stacked.refused == []
    assert len(stacked.skipped) == 7  # 5 tokens, sentence, metadata: not annotations
    novalue = _import(db, d / "tsv3-testTokenBoundedSpanWithoutFeatureValue.xmi", "xmi")
    assert novalue.added == 0
    assert _reasons(novalue)["NamedEntity without a value (no label)"] == 5
    small = _import(db, d / "small_cas.xmi", "xmi")
    assert small.added == 0 and small.refused == [] and small.documents_created == 0
    assert len(small.skipped) == 11 + 2 + 1 + 1  # tokens, sentences, metadata; no document


def test_conll_samples(peers: Path, db: Database) -> None:
    d = peers / "conll2003"
    r = _import(db, d / "dkpro-core-conll2003-en-orig.conll", "conll")  # IOB1
    assert r.added == 3 and r.refused == []
    texts = {g[0]: g[3] for g in _spans(db)}
    assert texts == {"U.N.": "ORG", "Ekeus": "PER", "Baghdad": "LOC"}
    r = _import(db, d / "doccano-transformer-labeling_text_label.conll2003.user0", "conll")
    assert r.added == 11 and r.documents_created == 2
    assert ("United Arab Emirates", "LOC") in {(g[0], g[3]) for g in _spans(db)}
    r = _import(db, d / "doccano-labeling.trailing.conll", "conll")  # two trailing blank lines
    assert r.added == 2 and r.refused == []
    r = _import(db, d / "flair-fashion-eng.testa", "conll")  # no final newline
    assert r.added == 3
    assert ("DIY dyeing", "ProductDesign") in {(g[0], g[3]) for g in _spans(db)}
