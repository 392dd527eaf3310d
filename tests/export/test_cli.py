"""``pibdesk export`` (all formats, selection options) and ``pibdesk import-annotations``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_helpers import FOUNDING_PRID, ann_keys

from pibdesk.cli import main
from pibdesk.storage.db import Database


def test_export_jsonl_default_still_works(
    annotated_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "all.jsonl"
    assert main(["export", "--db", str(annotated_db.path), "-o", str(out)]) == 0
    assert "wrote 35 releases, 9 annotations to" in capsys.readouterr().err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 35


def test_export_with_selection_and_import(
    annotated_db: Database, fresh_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sel.jsonl"
    argv = ["export", "--db", str(annotated_db.path), "--format", "doccano", "-o", str(out)]
    assert (
        main([*argv, "--release", str(FOUNDING_PRID), "--label", "Person", "--label", "Topic"]) == 0
    )
    assert "wrote 1 releases, 5 annotations" in capsys.readouterr().err
    line = json.loads(out.read_text(encoding="utf-8"))
    assert {lab for _, _, lab in line["label"]} == {"Person", "Topic"}
    assert main([*argv, "--entity", "Narendra Modi", "--author", "ravi"]) == 0
    assert "wrote 1 releases, 1 annotations" in capsys.readouterr().err
    assert main([*argv, "--since", "2100-01-01"]) == 0
    assert "wrote 0 releases" in capsys.readouterr().err

    code = main(
        [
            "import-annotations",
            str(out),
            "--db",
            str(fresh_db.path),
            "--format",
            "doccano",
            "--json",
        ]
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["added"] == 0  # the last export held nothing
    full = tmp_path / "full.brat"
    assert (
        main(["export", "--db", str(annotated_db.path), "--format", "brat", "-o", str(full)]) == 0
    )
    assert main(["import-annotations", str(full), "--db", str(fresh_db.path)]) == 0  # guessed: brat
    assert "added 9, merged 0, refused 0" in capsys.readouterr().out
    keep = lambda keys: {k: sorted(r[:3] for r in v) for k, v in keys.items() if v}  # noqa: E731
    assert keep(ann_keys(fresh_db)) == keep(ann_keys(annotated_db))


def test_cli_errors(
    annotated_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x"
    assert main(["export", "--db", str(annotated_db.path), "--format", "nope", "-o", str(out)]) == 2
    assert "unknown annotation format 'nope'" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    assert (
        main(["import-annotations", str(bad), "--db", str(annotated_db.path), "--format", "jsonl"])
        == 2
    )
    assert "bad.jsonl: line 1 is not JSON" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", "--db", str(annotated_db.path), "--since", "yesterday", "-o", str(out)])
