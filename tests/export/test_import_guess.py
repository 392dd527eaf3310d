"""Import format guessing by content (issue 6 audit): a doccano export is never taken for
native JSONL, the native reader refuses lines without its marker, and W3C Web Annotation
JSON is recognised whatever its suffix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from export_helpers import ann_keys

from pibdesk.cli import main
from pibdesk.export import registry
from pibdesk.export.base import FormatError
from pibdesk.services.annotation_import import AnnotationImportService
from pibdesk.services.export import ExportService
from pibdesk.storage.db import Database


def test_cli_doccano_round_trip_without_format_adds_every_span(
    annotated_db: Database, fresh_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "set.jsonl"
    argv = ["export", "--db", str(annotated_db.path), "--format", "doccano", "-o", str(out)]
    assert main(argv) == 0
    capsys.readouterr()
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert "text_hash" in first["meta"]  # what used to make the guess say "native"
    assert registry.guess(out).name == "doccano"

    code = main(["import-annotations", str(out), "--db", str(fresh_db.path), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0, report
    assert report["format"] == "doccano"
    assert (report["added"], report["merged"], report["refused"]) == (9, 0, [])
    spans = lambda keys: {k: sorted(r[:3] for r in v) for k, v in keys.items() if v}  # noqa: E731
    assert spans(ann_keys(fresh_db)) == spans(ann_keys(annotated_db))


def test_native_export_is_still_guessed_native(annotated_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "set.jsonl"
    ExportService(annotated_db).export("jsonl", out)
    assert registry.guess(out).name == "jsonl"
    blank_first = tmp_path / "blank.jsonl"
    blank_first.write_text("\n" + out.read_text(encoding="utf-8"), encoding="utf-8")
    assert registry.guess(blank_first).name == "jsonl"


def test_native_reader_refuses_a_line_without_marker(
    annotated_db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "set.jsonl"
    ExportService(annotated_db).export("doccano", out)
    with pytest.raises(FormatError, match=r"set\.jsonl: line 1 is not a pibdesk JSON Lines"):
        AnnotationImportService(fresh_db).import_file(out, "jsonl")

    native = tmp_path / "native.jsonl"
    ExportService(annotated_db).export("jsonl", native)
    lines = native.read_text(encoding="utf-8").splitlines()
    third = json.loads(lines[2])
    del third["format"]
    lines[2] = json.dumps(third)
    native.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"native\.jsonl: line 3 .*no \"format\""):
        AnnotationImportService(fresh_db).import_file(native, "jsonl")
    third["format"] = "pibdesk-jsonl/9"
    lines[2] = json.dumps(third)
    native.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"line 3 is 'pibdesk-jsonl/9'"):
        AnnotationImportService(fresh_db).import_file(native, "jsonl")
    assert ExportService(fresh_db).count() == (35, 0)  # nothing half-imported


@pytest.mark.parametrize("example", ["anno24.json", "anno38.json", "collection1.json"])
def test_w3c_example_named_json_is_recognised(
    example: str, shared_dir: Path, db: Database, tmp_path: Path
) -> None:
    src = shared_dir / "specs" / "w3c-annotation" / "examples" / "correct" / example
    assert registry.guess(src).name == "w3c"
    report = AnnotationImportService(db).import_file(src)
    assert report.format == "w3c"
    assert report.added == 0 and report.refused  # example.org targets: not PIB releases
    assert not any("task has no data object" in r.reason for r in report.refused)


def test_our_w3c_export_named_json_round_trips_without_format(
    annotated_db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "set.jsonld"
    ExportService(annotated_db).export("w3c", out)
    renamed = tmp_path / "set.json"
    shutil.copyfile(out, renamed)
    assert registry.guess(renamed).name == "w3c"
    report = AnnotationImportService(fresh_db).import_file(renamed)
    assert (report.format, report.added, report.refused) == ("w3c", 9, [])


def test_label_studio_json_is_still_label_studio(annotated_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "set.json"
    ExportService(annotated_db).export("labelstudio", out)
    assert registry.guess(out).name == "labelstudio"
    broken = tmp_path / "broken.json"
    broken.write_text("[{oops", encoding="utf-8")
    assert registry.guess(broken).name == "labelstudio"  # its reader names the problem
