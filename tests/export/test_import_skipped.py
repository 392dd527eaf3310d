"""UIMA structure and metadata types (tokens, sentences, DocumentAnnotation,
DocumentMetaData) are reported as skipped, apart from real refusals (issue 6 audit)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pibdesk.cli import main
from pibdesk.services.annotation_import import AnnotationImportService
from pibdesk.storage.db import Database

STACKED = "tsv3-testMultiTokenStackedSpanWithFeatureValue.xmi"
NOVALUE = "tsv3-testTokenBoundedSpanWithoutFeatureValue.xmi"


@pytest.fixture()
def xmi_dir(shared_dir: Path) -> Path:
    return shared_dir / "peer-samples" / "uima-xmi"


def test_structure_is_skipped_not_refused(xmi_dir: Path, db: Database) -> None:
    r = AnnotationImportService(db).import_file(xmi_dir / STACKED, "xmi", create_documents=True)
    assert (r.added, r.refused, r.documents_created) == (2, [], 1)
    kinds = sorted(x.where.rsplit("(", 1)[1].rstrip(")") for x in r.skipped)
    assert kinds == ["DocumentMetaData", "Sentence"] + ["Token"] * 5
    assert all("structure or metadata" in x.reason for x in r.skipped)
    assert "added 2, merged 0, refused 0, skipped 7 (" in r.summary()
    d = r.to_json()
    assert d["refused"] == [] and len(d["skipped"]) == 7
    assert set(d["skipped"][0]) == {"where", "reason"}  # the same shape as refusals
    assert r.skipped_by_reason()[0] == (
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token is document structure "
        "or metadata, not a labelled span",
        5,
    )


def test_real_refusals_stay_refused_beside_skipped(xmi_dir: Path, db: Database) -> None:
    r = AnnotationImportService(db).import_file(xmi_dir / NOVALUE, "xmi", create_documents=True)
    assert r.added == 0 and len(r.skipped) == 7
    reasons = [x.reason for x in r.refused]
    assert reasons.count("NamedEntity without a value (no label)") == 5
    assert "document not created: none of its annotations can be imported" in reasons


def test_only_structure_creates_no_document_and_refuses_nothing(
    xmi_dir: Path, db: Database
) -> None:
    r = AnnotationImportService(db).import_file(
        xmi_dir / "small_cas.xmi", "xmi", create_documents=True
    )
    assert (r.added, r.refused, r.documents_created) == (0, [], 0)
    assert len(r.skipped) == 11 + 2 + 1 + 1
    assert r.skipped[-1].reason.startswith("document not created: it holds no annotations")


def test_cli_exit_code_ignores_skipped(
    xmi_dir: Path, db_path: Path, db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    db.migrate()
    argv = ["import-annotations", str(xmi_dir / STACKED), "--db", str(db_path), "--format", "xmi"]
    assert main([*argv, "--create-documents", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["added"], report["refused"], len(report["skipped"])) == (2, [], 7)
    assert main([*argv]) == 0
    out = capsys.readouterr().out
    assert "added 0, merged 2, refused 0, skipped 7" in out
    assert "segmentation.type.Token" not in out  # skipped items are counted, not listed


def test_report_dialog_counts_skipped_by_reason(xmi_dir: Path, db: Database) -> None:
    from pibdesk.ui.import_annotations_dialog import report_html

    r = AnnotationImportService(db).import_file(xmi_dir / STACKED, "xmi", create_documents=True)
    html = report_html(r)
    assert "Skipped, not annotations (7):" in html
    assert "<tr><td>5</td><td>de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token" in html
    assert "Refused" not in html
