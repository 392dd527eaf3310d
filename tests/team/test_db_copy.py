"""``pibdesk db copy`` SQLite -> PostgreSQL -> SQLite is lossless (issue 9, "Moving work")."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from pibdesk.cli import main
from pibdesk.core.model import NewAnnotation, StatementKind
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.export import export_jsonl
from pibdesk.storage.copy import CopyError, copy_tables
from pibdesk.storage.db import Database
from pibdesk.storage.repositories import SettingRepository
from pibdesk.storage.tables import AliasRow, EntityRow


def _fill(db: Database, raw_dir: Path) -> None:
    """The real corpus, an entity with aliases, annotations of every kind, a setting."""
    report = CorpusService(db).import_paths([raw_dir])
    assert report.count("imported") >= 20
    with db.session() as s:
        person = EntityRow(kind="person", name="Rajnath Singh", wikidata_qid="Q1",
                           created_at=datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=UTC))  # fmt: skip
        s.add(person)
        s.flush()
        s.add(AliasRow(entity_id=person.id or 0, alias="Raksha Mantri", normalized="raksha mantri"))
        SettingRepository(s).set("desk.name", "दिल्ली desk")
        pid = person.id
    svc = AnnotationService(db)
    rels = [r for r in CorpusService(db).summaries() if r.has_text][:6]
    for i, r in enumerate(rels):
        text = CorpusService(db).release(r.id).text
        a = svc.create(NewAnnotation(r.id, 0, min(12, len(text)), "Person", author="anita", entity_id=pid))
        svc.create(NewAnnotation(r.id, 13, min(40, len(text)), "Statement", author="ravi",
                                 speaker_id=pid, statement_kind=StatementKind.DIRECT, note=f"n{i} ✓"))  # fmt: skip
        svc.update(a.id, a.row_version, needs_review=True, note="checked")


def _export(db: Database, path: Path) -> bytes:
    export_jsonl(db, path)
    return path.read_bytes()


def _counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as c:
        return {
            t.name: int(c.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
            for t in copy_tables()
        }


def test_copy_sqlite_to_postgresql_and_back_is_lossless(
    tmp_path: Path, raw_dir: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    src_path = tmp_path / "editor.db"
    src = Database(src_path)
    src.migrate()
    _fill(src, raw_dir)
    original = _export(src, tmp_path / "a.jsonl")
    counts = _counts(src)
    assert counts["annotation"] == 12 and counts["entity"] == 1 and counts["setting"] == 1

    assert main(["db", "copy", "--from", str(src_path), "--to", pg_url]) == 0
    assert "copied" in capsys.readouterr().out
    pg = Database(pg_url)
    assert _export(pg, tmp_path / "b.jsonl") == original
    assert _counts(pg) == counts

    back_path = tmp_path / "home.db"
    assert main(["db", "copy", "--from", pg_url, "--to", str(back_path), "--quiet"]) == 0
    back = Database(back_path)
    assert _export(back, tmp_path / "c.jsonl") == original
    assert _counts(back) == counts
    with back.session() as s:
        assert SettingRepository(s).get("desk.name") == "दिल्ली desk"

    # sequences were moved past the copied ids: a new annotation gets a fresh key
    ann = AnnotationService(pg)
    rel = CorpusService(pg).summaries()[0]
    new = ann.create(NewAnnotation(rel.id, 0, 3, "Topic"))
    assert new.id == counts["annotation"] + 1
    # and the FTS5 triggers of the SQLite copy indexed the releases
    with back.engine.connect() as c:
        n_fts = c.execute(sa.text("select count(*) from release_fts")).scalar()
    assert n_fts == counts["release"]
    for d in (src, pg, back):
        d.dispose()


def test_copy_refuses_a_destination_with_work(tmp_path: Path, raw_dir: Path) -> None:
    a, b = Database(tmp_path / "a.db"), Database(tmp_path / "b.db")
    for d in (a, b):
        d.migrate()
        CorpusService(d).import_paths([raw_dir / "txt_1583904.txt"])
    with pytest.raises(CopyError, match="already holds data"):
        from pibdesk.storage.copy import copy_database

        copy_database(a, b)
    assert main(["db", "copy", "--from", str(tmp_path / "a.db"), "--to", str(tmp_path / "b.db")]) == 2
