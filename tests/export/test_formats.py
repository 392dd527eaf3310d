"""Format details: CSV safety, CoNLL's report, brat label names and fragments, selection,
safe file names, atomic writes, the registry."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from export_helpers import FOUNDING_PRID, ann_keys, annotate, pk_of

from pibdesk.core.model import IST, NewAnnotation, ParsedRelease, Release, ReleaseStatus
from pibdesk.export import registry
from pibdesk.export.base import ExportCancelled, FormatError, safe_stem
from pibdesk.export.brat import LabelNames, fragments
from pibdesk.services.annotation_import import AnnotationImportService
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.export import AnnotationSelection, ExportService
from pibdesk.storage.db import Database
from pibdesk.storage.repositories import LabelRepository

FORMULA = '=HYPERLINK("http://x","y")'


@pytest.fixture()
def formula_db(db: Database) -> Database:
    text = f"Before {FORMULA} and +91 and -5 and @x.\n12345 plain"
    out = CorpusService(db).import_parsed(
        ParsedRelease(title="=cmd|' /C calc'!A0", text=text, release_id=424242, visitor_count=1500)
    )
    assert out.release_pk is not None
    svc = AnnotationService(db)
    for needle in (FORMULA, "+91", "-5", "@x", "12345"):
        s = text.index(needle)
        svc.create(NewAnnotation(out.release_pk, s, s + len(needle), "Topic", author="-me"))
    return db


def test_csv_neutralises_formulas_keeps_numbers(formula_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "set.csv"
    ExportService(formula_db).export("csv", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read UTF-8
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig", newline="")))
    texts = {r["text"] for r in rows}
    assert "'" + FORMULA in texts and FORMULA not in texts
    assert {"'+91", "'-5", "'@x", "12345"} <= texts
    assert all(r["title"] == "'=cmd|' /C calc'!A0" and r["author"] == "'-me" for r in rows)
    # numeric columns are bare numbers, never prefixed
    assert {r["release_id"] for r in rows} == {"424242"}
    assert all(r["start"].isdigit() and r["end"].isdigit() for r in rows)
    line = raw.decode("utf-8-sig").splitlines()[1]
    assert line.startswith("424242,")  # unquoted number


def test_csv_opens_as_text_in_a_spreadsheet_reader(formula_db: Database, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas", reason="pandas not installed (comes with the test extra)")
    out = tmp_path / "set.csv"
    ExportService(formula_db).export("csv", out)
    df = pd.read_csv(out, encoding="utf-8-sig")
    assert str(df["release_id"].dtype) == "int64"
    assert str(df["start"].dtype) == "int64" and str(df["visitor_count"].dtype) == "int64"
    assert all(str(v)[0] not in "=+-@" for v in df["text"])
    assert ("'" + FORMULA) in list(df["text"])


def test_conll_reports_what_bio_cannot_hold(annotated_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "set.conll"
    res = ExportService(annotated_db).export("conll", out)
    assert res.warnings, "nested/overlapping spans must be reported"
    assert any("overlaps" in w for w in res.warnings)
    assert any("crosses a line break" in w or "inside a token" in w for w in res.warnings)
    body = out.read_text(encoding="utf-8")
    assert body.startswith("-DOCSTART- -X- -X- O\n\n")
    lines = [ln for ln in body.splitlines() if ln and not ln.startswith("-DOCSTART-")]
    assert all(len(ln.split(" ")) == 4 for ln in lines)
    n_b = sum(1 for ln in lines if ln.split(" ")[3].startswith("B-"))
    assert n_b == res.annotations == 9 - len(res.warnings)  # only the spans written count


def test_conll_counts_written_spans_and_reports_renamed_labels(
    corpus_db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    with corpus_db.session() as s:
        LabelRepository(s).upsert("Scheme name", "#111111", None)
    pk = pk_of(corpus_db, FOUNDING_PRID)
    annotate(corpus_db, pk, "Rajnath", "Scheme name")
    annotate(corpus_db, pk, "Rajnath", "Person", nth=1)
    annotate(corpus_db, pk, "Rajnath Singh", "Person", nth=1)  # overlaps: not written
    out = tmp_path / "set.conll"
    res = ExportService(corpus_db).export("conll", out)
    assert res.annotations == 2
    assert len(res.warnings) == 2
    assert "overlaps" in res.warnings[0] and "not written" in res.warnings[0]
    assert res.warnings[1].startswith("label 'Scheme name' written as 'Scheme_name' (1 span)")
    assert "wrote 35 releases, 2 annotations" in res.message()
    body = out.read_text(encoding="utf-8")
    assert "Rajnath _ _ B-Scheme_name" in body
    report = AnnotationImportService(fresh_db).import_file(out, "conll")
    assert report.added == res.annotations and report.labels_created == ["Scheme_name"]


def test_brat_fragments_and_label_names() -> None:
    text = "ab\ncd\n\nef\n"
    assert fragments(text, 0, 5) == [(0, 2), (3, 5)]
    assert fragments(text, 2, 10) == [(2, 5), (7, 10)]  # edge newlines stay inside
    assert fragments(text, 2, 3) == [(2, 3)]
    names = LabelNames()
    assert names("Person") == "Person"
    assert names("Scheme name") == "Scheme_name"
    assert names("Scheme/name") == "Scheme_name_2"
    assert names("वर्ग") == "L_____"  # L_ + 4 code points
    assert names("1st") == "L_1st"


def test_brat_label_names_map_back(corpus_db: Database, fresh_db: Database, tmp_path: Path) -> None:
    for d in (corpus_db,):
        with d.session() as s:
            LabelRepository(s).upsert("Scheme name", "#111111", None)
    pk = pk_of(corpus_db, FOUNDING_PRID)
    annotate(corpus_db, pk, "Rajnath", "Scheme name")
    out = tmp_path / "brat"
    ExportService(corpus_db).export("brat", out)
    assert "Scheme_name | Scheme name" in (out / "visual.conf").read_text(encoding="utf-8")
    assert "Scheme_name" in (out / "annotation.conf").read_text(encoding="utf-8")
    report = AnnotationImportService(fresh_db).import_file(out, "brat")
    assert report.labels_created == ["Scheme name"]


def test_brat_round_trips_labels_brat_cannot_display(
    corpus_db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    """``|`` splits brat's visual.conf fields, and brat strips edge spaces: the exact label
    travels in a ``# pibdesk-label`` comment and comes back unchanged."""
    odd = ["Scheme | name", " padded|", 'quote "x" \\ y']
    with corpus_db.session() as s:
        for i, label in enumerate(odd):
            LabelRepository(s).upsert(label, f"#11111{i}", None)
    pk = pk_of(corpus_db, FOUNDING_PRID)
    for label in odd:
        annotate(corpus_db, pk, "Rajnath", label)
    out = tmp_path / "brat"
    ExportService(corpus_db).export("brat", out)
    visual = (out / "visual.conf").read_text(encoding="utf-8").splitlines()
    shown = [ln for ln in visual if ln.startswith("Scheme___name ")]
    assert shown == ["Scheme___name | Scheme ¦ name"]  # one display name, no split
    assert '# pibdesk-label Scheme___name "Scheme | name"' in visual
    report = AnnotationImportService(fresh_db).import_file(out, "brat")
    assert report.refused == [] and report.added == 3
    assert sorted(report.labels_created) == sorted(odd)
    assert ann_keys(fresh_db) == ann_keys(corpus_db)


def test_file_names_never_escape(tmp_path: Path) -> None:
    evil = Release(id=7, title="../../etc/passwd\\..\\x:y*?<>|\0", text="t", text_hash="h")
    stem = safe_stem(evil)
    assert "/" not in stem and "\\" not in stem and ".." not in stem and not stem.startswith(".")
    assert stem.startswith("doc7_")
    assert safe_stem(Release(id=8, title="...", text="t", text_hash="h", release_id=12)) == "12"


def test_selection_filters(annotated_db: Database) -> None:
    svc = ExportService(annotated_db)
    assert svc.count() == (35, 9)
    assert svc.count(AnnotationSelection(labels=("Person",))) == (3, 4)
    assert svc.count(AnnotationSelection(author="meena")) == (2, 2)
    assert svc.count(AnnotationSelection(entity="narendra modi")) == (1, 2)  # mention + speaker
    assert svc.count(AnnotationSelection(entity="Digital India")) == (1, 2)
    assert svc.count(AnnotationSelection(release_ids=(FOUNDING_PRID,))) == (1, 7)
    assert svc.count(AnnotationSelection(status=ReleaseStatus.DONE)) == (1, 7)
    rel = CorpusService(annotated_db).release(pk_of(annotated_db, FOUNDING_PRID))
    assert rel.posted_at is not None and rel.ministry
    day = rel.posted_at.astimezone(IST).replace(hour=0, minute=0, second=0, microsecond=0)
    one_day = AnnotationSelection(since=day, until=day + timedelta(days=1))
    n_rel, n_ann = svc.count(one_day)
    assert n_rel >= 1 and n_ann >= 7
    assert all(
        d.release.posted_at and day <= d.release.posted_at < day + timedelta(days=1)
        for d in svc.documents(one_day)
    )
    assert svc.count(AnnotationSelection(ministry=rel.ministry.upper(), labels=("Statement",))) == (
        1,
        2,
    )
    assert svc.count(AnnotationSelection(since=datetime(2100, 1, 1, tzinfo=IST))) == (0, 0)


def test_failed_or_cancelled_export_leaves_nothing(annotated_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "set.jsonl"
    seen: list[tuple[int, int]] = []
    with pytest.raises(ExportCancelled):
        ExportService(annotated_db).export(
            "jsonl",
            out,
            progress=lambda i, n, _t: seen.append((i, n)),
            cancel=lambda: len(seen) >= 3,
        )
    assert not out.exists() and not list(tmp_path.glob("*.part"))
    assert seen[0] == (0, 35)
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "keep.txt").write_text("x")
    with pytest.raises(FormatError, match="new or empty"):
        ExportService(annotated_db).export("brat", folder)
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]


def test_registry_states_units() -> None:
    units = {f.name: f.offset_unit for f in registry.all_formats()}
    assert set(units) == {
        "jsonl",
        "csv",
        "brat",
        "doccano",
        "labelstudio",
        "conll",
        "w3c",
        "xmi",
        "spacy",
    }
    assert units["labelstudio"].startswith("Unicode code points") and units["xmi"].startswith(
        "UTF-16"
    )
    assert all(
        units[n].startswith("Unicode code points")
        for n in ("jsonl", "brat", "doccano", "w3c", "csv")
    )
    assert set(registry.names(importable=True)) == {
        "jsonl",
        "brat",
        "doccano",
        "labelstudio",
        "conll",
        "w3c",
        "xmi",
    }
    with pytest.raises(FormatError, match="unknown annotation format 'nope'"):
        registry.get("nope")


def test_bad_file_imports_nothing(
    annotated_db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "set.jsonl"
    ExportService(annotated_db).export("jsonl", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    out.write_text("\n".join([*lines[:5], "{not json", *lines[5:]]) + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"set.jsonl: line 6 is not JSON"):
        AnnotationImportService(fresh_db).import_file(out, "jsonl")
    assert ExportService(fresh_db).count() == (35, 0)


def test_mismatched_offsets_refused_rest_added(
    annotated_db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    import json

    out = tmp_path / "set.jsonl"
    ExportService(annotated_db).export("jsonl", out)
    objs = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    victim = next(o for o in objs if o["annotations"])
    victim["annotations"][0]["start"] += 1
    out.write_text(
        "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs), encoding="utf-8"
    )
    report = AnnotationImportService(fresh_db).import_file(out, "jsonl")
    assert report.added == 8 and len(report.refused) == 1
    assert "do not match the text" in report.refused[0].reason
    dry = AnnotationImportService(fresh_db).import_file(out, "jsonl", dry_run=True)
    assert dry.merged == 8 and dry.dry_run


def test_error_midway_rolls_back_everything(
    annotated_db: Database, fresh_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pibdesk.services.annotation_import as imp

    out = tmp_path / "set.jsonl"
    ExportService(annotated_db).export("jsonl", out)
    real, calls = imp.insert_annotation, []

    def failing(*args: object, **kw: object) -> int:
        calls.append(1)
        if len(calls) == 5:
            raise OSError("disk full")
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(imp, "insert_annotation", failing)
    with pytest.raises(OSError, match="disk full"):
        AnnotationImportService(fresh_db).import_file(out, "jsonl")
    assert ExportService(fresh_db).count() == (35, 0)  # the four inserted before were rolled back
    from pibdesk.storage.entities import EntityRepository

    with fresh_db.session() as s:
        assert EntityRepository(s).all() == []  # entities created on the way too
