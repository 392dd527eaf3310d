"""Migration 0004 (SQLite): ``annotation`` and ``entity`` rebuilt with AUTOINCREMENT.

The rebuild drops and re-creates ``entity``, the parent of ``alias``, ``office_term`` and
three columns of ``annotation``: with foreign keys enforced that drop would cascade, so
these tests check that every child row and link survives, that ids deleted *before* the
upgrade are not handed out again, and that enforcement is back on afterwards.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from pibdesk.core.model import EntityKind, NewAnnotation, ParsedRelease
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.entities import EntityService
from pibdesk.storage.db import Database

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TEXT = "Shri Rajnath Singh said Article 370 was a step for Jammu and Kashmir."


def _span(word: str) -> tuple[int, int]:
    i = TEXT.index(word)
    return i, i + len(word)


def _old_annotation(
    path: Path, pk: int, span: tuple[int, int], label: str, **links: int
) -> int:
    """Insert an annotation (and its change-log row) as pibdesk at revision 0003 did, in
    plain SQL: today's ORM has columns that schema lacks (``layer``, migration 0008)."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            cur = conn.execute(
                'INSERT INTO annotation (release_pk, start, "end", label, text, prefix, suffix, '
                "author, origin, entity_id, topic_id, needs_review, row_version) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (pk, *span, label, TEXT[span[0] : span[1]], "", "", "", "manual",
                 links.get("entity_id"), links.get("topic_id"), 0, 1),
            )
            ann_id = int(cur.lastrowid or 0)
            conn.execute(
                "INSERT INTO change_log (at, table_name, row_id, release_pk, action, author) "
                "VALUES (datetime('now'), 'annotation', ?, ?, 'insert', '')",
                (ann_id, pk),
            )
        return ann_id
    finally:
        conn.close()


def _old_delete(path: Path, ann_id: int) -> None:
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("DELETE FROM annotation WHERE id = ?", (ann_id,))
            conn.execute(
                "INSERT INTO change_log (at, table_name, row_id, action, author) "
                "VALUES (datetime('now'), 'annotation', ?, 'delete', '')",
                (ann_id,),
            )
    finally:
        conn.close()


def _schema(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return {n: s for n, s in conn.execute("SELECT name, sql FROM sqlite_master") if s}
    finally:
        conn.close()


def test_ids_deleted_before_the_upgrade_are_not_reused(tmp_path: Path) -> None:
    db = Database(tmp_path / "old.db")
    db.migrate("0003")  # a database as the previous pibdesk left it
    pk = CorpusService(db).import_parsed(
        ParsedRelease(title="t", text=TEXT, release_id=9, source="t.txt")
    ).release_pk
    assert pk is not None
    anns, es = AnnotationService(db), EntityService(db)
    rajnath = es.create(EntityKind.PERSON, "Rajnath Singh", ("Raksha Mantri",))
    art = es.create(EntityKind.TOPIC, "Article 370")
    dropped_entity = es.create(EntityKind.TOPIC, "Lucknow")
    path = db.path
    assert path is not None
    db.dispose()
    a = _old_annotation(path, pk, _span("Shri Rajnath Singh"), "Person", entity_id=rajnath.id)
    b = _old_annotation(path, pk, _span("Article 370"), "Topic", topic_id=art.id)
    dropped = _old_annotation(path, pk, _span("Jammu and Kashmir"), "Topic")
    _old_delete(path, dropped)
    es.delete(dropped_entity.id)
    # at 0003 the next annotation would have taken the deleted id
    assert "AUTOINCREMENT" not in _schema(db.path)["annotation"]  # type: ignore[arg-type]
    indexes_before = {n for n in _schema(db.path) if n.startswith("ix_")}  # type: ignore[arg-type]

    db.migrate("0004")  # the upgrade under test (later revisions add indexes of their own)
    assert db.current_revision() == "0004"
    schema = _schema(db.path)  # type: ignore[arg-type]
    assert "AUTOINCREMENT" in schema["annotation"] and "AUTOINCREMENT" in schema["entity"]
    assert {n for n in schema if n.startswith("ix_")} == indexes_before
    assert schema["annotation"].count("REFERENCES entity (id) ON DELETE SET NULL") == 3
    assert "release_fts_ai" in schema  # 0002's FTS triggers untouched

    db.migrate()  # today's services read and write the newest schema
    # nothing cascaded: links, aliases and the rows themselves are intact
    assert anns.get(a).entity_id == rajnath.id and anns.get(b).topic_id == art.id
    assert es.get(rajnath.id).aliases == rajnath.aliases
    assert [x.id for x in anns.for_release(pk)] == [a, b]

    # ids deleted before the upgrade are not handed out again
    c = anns.create(NewAnnotation(pk, *_span("Jammu and Kashmir"), "Topic"))
    assert c.id > dropped
    assert es.create(EntityKind.TOPIC, "Lucknow").id > dropped_entity.id

    # foreign keys are enforced again on every connection
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    es.delete(art.id)
    assert anns.get(b).topic_id is None  # ON DELETE SET NULL still works
    db.dispose()
    raw = sqlite3.connect(tmp_path / "old.db")
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    raw.close()


def test_fixture_upgrade_keeps_sequences_ahead_of_every_id(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    shutil.copyfile(FIXTURES / "schema_0003.db", path)
    db = Database(path)
    db.migrate()
    db.dispose()
    conn = sqlite3.connect(path)
    try:
        seq = dict(conn.execute("SELECT name, seq FROM sqlite_sequence"))
        for t in ("annotation", "entity"):
            top = conn.execute(f"SELECT max(id) FROM {t}").fetchone()[0]
            logged = conn.execute(
                "SELECT max(row_id) FROM change_log WHERE table_name = ?", (t,)
            ).fetchone()[0]
            assert seq[t] == max(top, logged or 0) > 0
    finally:
        conn.close()


def test_rebuild_refuses_to_run_with_foreign_keys_on(tmp_path: Path) -> None:
    """Run outside Database.migrate (foreign keys on), 0004 stops before dropping a table."""
    from alembic import command

    from pibdesk.storage.db import alembic_config

    db = Database(tmp_path / "x.db")
    db.migrate("0003")
    cfg = alembic_config()
    with db.engine.begin() as conn, pytest.raises(RuntimeError, match="foreign keys off"):
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert db.current_revision() == "0003"
    with db.engine.connect() as conn:
        assert "AUTOINCREMENT" not in str(
            conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE name = 'entity'")).scalar()
        )
    db.dispose()
