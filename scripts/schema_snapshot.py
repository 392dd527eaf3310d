"""Rewrite db/schema.sqlite.sql and db/schema.postgresql.sql from the migrations.

    .venv/bin/python scripts/schema_snapshot.py            # both engines
    .venv/bin/python scripts/schema_snapshot.py --sqlite   # SQLite only

Each engine gets a new empty database migrated to head (SQLite: a temporary file;
PostgreSQL: a private throwaway server, tests/pgcluster.py, as the tests start it), and
its schema is written with :func:`pibdesk.storage.schema_dump.schema_sql`. Run it after
adding a migration and commit the two files with it;
tests/storage/test_schema_snapshot.py fails until they match. Exit status 1 when the
PostgreSQL server binaries are missing (the SQLite file is written all the same).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # pgcluster.py

from pibdesk.storage.db import Database, db_folder  # noqa: E402
from pibdesk.storage.schema_dump import schema_sql  # noqa: E402


def snapshot(url: str) -> str:
    """The schema text of a new database at ``url`` migrated from empty to head."""
    db = Database(url)
    try:
        db.migrate()
        return schema_sql(db)
    finally:
        db.dispose()


def sqlite_snapshot() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        return snapshot(str(Path(tmp) / "snapshot.db"))


def postgresql_snapshot() -> str | None:
    from pgcluster import PgCluster, find_pg_bin

    bin_dir = find_pg_bin()
    if bin_dir is None:
        return None
    cluster = PgCluster(bin_dir)
    try:
        cluster.start()
        return snapshot(cluster.create_database())
    finally:
        cluster.destroy()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sqlite", action="store_true", help="only the SQLite snapshot")
    args = ap.parse_args()
    folder = db_folder()
    out = folder / "schema.sqlite.sql"
    out.write_text(sqlite_snapshot(), encoding="utf-8")
    print(f"wrote {out}")
    if args.sqlite:
        return 0
    text = postgresql_snapshot()
    if text is None:
        print("PostgreSQL server binaries not found (install postgresql or set PIBDESK_PG_BIN);"
              " db/schema.postgresql.sql not rewritten", file=sys.stderr)
        return 1
    out = folder / "schema.postgresql.sql"
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
