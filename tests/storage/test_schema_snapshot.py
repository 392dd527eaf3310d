"""db/schema.sqlite.sql and db/schema.postgresql.sql are what the migrations make (issue 15).

Each engine gets a new empty database, migrated to head by :meth:`Database.migrate`; its
schema text (:func:`pibdesk.storage.schema_dump.schema_sql`) must equal the committed
snapshot. After adding a migration, rewrite both with
``.venv/bin/python scripts/schema_snapshot.py`` and commit them.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from pibdesk.storage.db import Database, db_folder
from pibdesk.storage.schema_dump import schema_sql

HOW = "rewrite it with: .venv/bin/python scripts/schema_snapshot.py"


def _compare(name: str, fresh: str) -> None:
    path = db_folder() / name
    assert path.is_file(), f"{path} is missing; {HOW}"
    stored = path.read_text(encoding="utf-8")
    if stored != fresh:
        diff = "".join(
            difflib.unified_diff(
                stored.splitlines(True), fresh.splitlines(True), f"{name} (committed)",
                f"{name} (from the migrations)", n=1,
            )
        )
        pytest.fail(f"{path} differs from the migrated schema; {HOW}\n{diff[:6000]}")


def test_sqlite_snapshot_matches_migrations(tmp_path: Path) -> None:
    db = Database(tmp_path / "fresh.db")
    db.migrate()
    try:
        fresh = schema_sql(db)
    finally:
        db.dispose()
    # what it holds, so a snapshot of nothing cannot pass
    assert f"Alembic revision {db.head_revision()}" in fresh.splitlines()[0]
    for needle in ('CREATE TABLE "annotation"', "CREATE VIRTUAL TABLE release_fts USING fts5",
                   "CREATE TRIGGER release_fts_ai", "CREATE INDEX ix_annotation_release_pk"):
        assert needle in fresh, needle
    _compare("schema.sqlite.sql", fresh)


def test_postgresql_snapshot_matches_migrations(pg_url: str) -> None:
    db = Database(pg_url)
    assert db.current_revision() is None  # a new, empty database
    db.migrate()
    try:
        fresh = schema_sql(db)
    finally:
        db.dispose()
    assert f"Alembic revision {db.head_revision()}" in fresh.splitlines()[0]
    for needle in ("CREATE TABLE annotation (", "CREATE TABLE release_terms (",
                   "ALTER TABLE annotation ADD CONSTRAINT annotation_pkey PRIMARY KEY (id);"):
        assert needle in fresh, needle
    _compare("schema.postgresql.sql", fresh)


def test_constraint_order_is_normalised() -> None:
    from pibdesk.storage.schema_dump import _sorted_constraints

    a = "CREATE TABLE t (\n\tid INTEGER NOT NULL, \n\tx INTEGER, \n\tFOREIGN KEY(x) REFERENCES u (id), \n\tPRIMARY KEY (id)\n)"
    b = "CREATE TABLE t (\n\tid INTEGER NOT NULL, \n\tx INTEGER, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(x) REFERENCES u (id)\n)"
    assert _sorted_constraints(a) == _sorted_constraints(b)
    assert _sorted_constraints(a).splitlines()[1:3] == ["\tid INTEGER NOT NULL,", "\tx INTEGER,"]
