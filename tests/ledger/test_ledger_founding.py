"""The issue's acceptance case: the ledger CSV of the founding example
(../shared/corpus/raw/txt_1583904.txt, Ministry of Defence, posted 02 SEP 2019 7:22PM IST)
lists its two tweets with speaker Rajnath Singh, office Raksha Mantri, posted that day.

Once with the Statements accepted from the app's suggestions, once marked by hand through
AnnotationService/EntityService as the window does (span, then speaker and kind).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from ledger_helpers import accept_suggested, import_files

from pibdesk.cli import main
from pibdesk.core.model import EntityKind, NewAnnotation, StatementKind
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.entities import EntityService
from pibdesk.storage.db import Database

FIRST = "Had an extremely fruitful Ministerial Level Dialogue with Japan’s Defence Minister"
SECOND = "The meeting with the Prime Minister of Japan Mr Shinzo Abe was excellent."


def _csv(capsys: pytest.CaptureFixture[str], db_path: Path, *extra: str) -> list[dict[str, str]]:
    assert main(["ledger", "--db", str(db_path), "--format", "csv", *extra]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def _check_founding_rows(rows: list[dict[str, str]], text: str) -> None:
    assert len(rows) == 2
    first, second = rows
    assert first["quote"].startswith(FIRST) and first["quote"].endswith("both the nations.")
    assert second["quote"].startswith(SECOND)
    assert second["quote"].endswith("defence engagements between both the countries.")
    for r in rows:
        assert r["speaker"] == "Rajnath Singh"
        assert r["office"] == "Raksha Mantri"
        assert r["office_name"] == "Minister of Defence"
        assert r["posted"] == "2019-09-02T19:22:00+05:30"
        assert r["release_id"] == "1583904"
        assert r["ministry"] == "Ministry of Defence"
        assert r["translations"] == "Urdu; Malayalam"
        assert r["language"] == "en"
        assert text[int(r["start"]) : int(r["end"])] == r["quote"]  # code points
        assert r["group_count"] == "1" and r["group"] == r["annotation_id"]
    assert rows[0]["kind"] == rows[1]["kind"] == "social"  # "In a tweet", "tweeted"


def test_ledger_csv_of_accepted_suggestions(
    db: Database, db_path: Path, raw_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (pk,) = import_files(db, raw_dir / "txt_1583904.txt")
    assert accept_suggested(db, pk) == 2
    text = CorpusService(db).release(pk).text
    db.dispose()
    _check_founding_rows(_csv(capsys, db_path), text)
    # the IST calendar day, both ends inclusive
    assert len(_csv(capsys, db_path, "--since", "2019-09-02", "--until", "2019-09-02")) == 2
    assert _csv(capsys, db_path, "--since", "2019-09-03") == []
    assert _csv(capsys, db_path, "--until", "2019-09-01") == []
    assert len(_csv(capsys, db_path, "--speaker", "Shri Rajnath Singh")) == 2
    assert len(_csv(capsys, db_path, "--text", "shinzo EXCELLENT")) == 1


def test_ledger_csv_of_statements_marked_by_hand(
    db: Database, db_path: Path, raw_dir: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (pk,) = import_files(db, raw_dir / "txt_1583904.txt")
    text = CorpusService(db).release(pk).text
    ann, es = AnnotationService(db), EntityService(db)
    rajnath = es.search("Rajnath Singh", EntityKind.PERSON)[0].entity  # from offices.csv
    for quote in (FIRST, SECOND):
        start = text.index(quote)
        end = text.index("”", start)
        a = ann.create(NewAnnotation(pk, start, end, "Statement", author="ed"))
        ann.update(a.id, a.row_version, speaker_id=rajnath.id,
                   statement_kind=StatementKind.SOCIAL, editor="ed")
    db.dispose()
    _check_founding_rows(_csv(capsys, db_path), text)
    out = tmp_path / "ledger.jsonl"
    assert main(["ledger", "--db", str(db_path), "--format", "jsonl", "-o", str(out)]) == 0
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["speaker"] for r in recs] == ["Rajnath Singh", "Rajnath Singh"]
    assert recs[0]["translations"] == [
        {"language": "ur", "label": "Urdu", "release_id": None},
        {"language": "ml", "label": "Malayalam", "release_id": None},
    ]
    assert recs[0]["posted"] == "2019-09-02T19:22:00+05:30" and recs[0]["topics"] == []
    md = tmp_path / "ledger.md"
    assert main(["ledger", "--db", str(db_path), "--format", "md", "-o", str(md)]) == 0
    lines = md.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("| group | speaker | office | quote |") and len(lines) == 4
    assert "| Rajnath Singh | Raksha Mantri | Had an extremely fruitful" in lines[2]


def test_ledger_cli_errors(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ledger", "--db", str(db_path), "--speaker", "Nobody Atall"]) == 2
    assert "no person named 'Nobody Atall'" in capsys.readouterr().err
    assert main(["ledger", "--db", str(db_path), "--since", "2020-01-02",
                 "--until", "2020-01-01"]) == 2
    assert "is before --since" in capsys.readouterr().err
