"""PostgreSQL specifics of the storage layer (issue 9): URLs, migrations, locking, errors."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from pibdesk.core.errors import ConflictError, DatabaseUnavailableError
from pibdesk.core.model import IST, NewAnnotation, ParsedRelease
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.storage.db import Database, to_url
from pibdesk.storage.repositories import AnnotationRepository

TEXT = "Shri Rajnath Singh said in New Delhi that Article 370 was discussed."


def _release(db: Database) -> int:
    out = CorpusService(db).import_parsed(
        ParsedRelease(
            title="T", text=TEXT, release_id=7, source="t.txt",
            posted_at=datetime(2019, 9, 2, 0, 15, tzinfo=IST),
        )
    )  # fmt: skip
    assert out.release_pk is not None
    return out.release_pk


def test_to_url_gives_psycopg_driver_and_keeps_query() -> None:
    assert to_url("postgresql://ed@db.example:5433/desk?sslmode=require") == (
        "postgresql+psycopg://ed@db.example:5433/desk?sslmode=require"
    )
    assert to_url("postgres://ed@h/desk").startswith("postgresql+psycopg://")
    assert to_url("sqlite:///x.db") == "sqlite:///x.db"


def test_migrate_empty_postgresql_database(pg_url: str) -> None:
    db = Database(pg_url)
    assert db.is_postgresql and db.current_revision() is None
    db.migrate()
    assert db.current_revision() == db.head_revision()
    assert [lab.name for lab in AnnotationService(db).labels()] == ["Person", "Statement", "Topic"]
    with db.engine.connect() as c:
        # the reserved words "release"/"end" are quoted; ids come from sequences
        kinds = dict(
            c.execute(
                sa.text(
                    "select column_name, data_type from information_schema.columns "
                    "where table_name = 'annotation'"
                )
            ).all()
        )
    assert kinds["end"] == "integer" and kinds["needs_review"] == "boolean"
    assert kinds["created_at"] == "timestamp without time zone"
    db.dispose()


def test_posted_at_is_utc_on_the_server(pg_db: Database) -> None:
    pk = _release(pg_db)
    with pg_db.engine.connect() as c:
        raw = c.execute(sa.text("select posted_at from release where id = :pk"), {"pk": pk}).scalar()
    assert raw == datetime(2019, 9, 1, 18, 45)  # naive UTC on disk
    assert CorpusService(pg_db).release(pk).posted_at == datetime(2019, 9, 1, 18, 45, tzinfo=UTC)


def test_concurrent_edit_of_same_version_is_refused_not_lost(pg_db: Database) -> None:
    """Editor B read version 1 while A was saving: B must get ConflictError, not overwrite A."""
    pk = _release(pg_db)
    svc = AnnotationService(pg_db)
    a = svc.create(NewAnnotation(pk, 0, 18, "Person", author="anita"))
    result: dict[str, object] = {}
    with pg_db.session() as s:  # A holds the row lock, not yet committed
        AnnotationRepository(s).update(a.id, a.row_version, note="A's note", editor="vinod")

        def editor_b() -> None:
            try:
                result["b"] = svc.update(a.id, a.row_version, note="B's note")
            except ConflictError as e:
                result["b"] = e

        t = threading.Thread(target=editor_b)
        t.start()
        t.join(0.5)
        assert t.is_alive(), "B must wait for A's row lock"
    t.join(10)
    err = result["b"]
    assert isinstance(err, ConflictError)
    assert "changed by vinod" in str(err)  # the last editor, not the annotation's author
    assert "now version 2" in str(err) and "you edited version 1" in str(err)
    assert err.current is not None and err.current.note == "A's note"  # type: ignore[attr-defined]
    assert svc.get(a.id).note == "A's note" and svc.get(a.id).row_version == 2


def test_sslmode_is_passed_to_libpq(pg_cluster, pg_db: Database) -> None:  # type: ignore[no-untyped-def]
    # the test server has no TLS: sslmode=require must fail, sslmode=disable must work
    base = pg_db.url.replace("postgresql+psycopg://", "postgresql://")
    ok = Database(base + "?sslmode=disable")
    assert [lab.name for lab in AnnotationService(ok).labels()][0] == "Person"
    ok.dispose()
    strict = Database(base + "?sslmode=require")
    with pytest.raises(DatabaseUnavailableError, match="SSL"):
        AnnotationService(strict).labels()
    strict.dispose()


def test_lost_connection_is_a_clear_error_then_recovers(pg_cluster, pg_db: Database) -> None:  # type: ignore[no-untyped-def]
    pk = _release(pg_db)
    svc = AnnotationService(pg_db)
    svc.create(NewAnnotation(pk, 0, 4, "Person"))
    pg_cluster.stop()
    try:
        assert not pg_db.ping()
        with pytest.raises(DatabaseUnavailableError, match="not saved"):
            svc.create(NewAnnotation(pk, 5, 12, "Person"))
    finally:
        pg_cluster.restart()
    assert pg_db.ping()
    b = svc.create(NewAnnotation(pk, 5, 12, "Person"))  # pool_pre_ping replaced the dead connection
    assert [x.text for x in svc.for_release(pk)] == ["Shri", "Rajnath"] and b.id > 0


def test_cli_db_upgrade_creates_the_schema(pg_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    from pibdesk.cli import main

    assert main(["db", "upgrade", "--db", pg_url]) == 0
    out = capsys.readouterr().out
    db = Database(pg_url)
    head = db.head_revision()
    assert f"upgraded from empty to schema {head}" in out
    assert db.current_revision() == head
    assert main(["db", "upgrade", "--db", pg_url]) == 0
    assert f"already at schema {head}" in capsys.readouterr().out
    with db.engine.connect() as c:  # the PostgreSQL-only search table exists
        assert c.execute(sa.text("select count(*) from release_terms")).scalar() == 0
    db.dispose()
