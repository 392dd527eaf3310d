"""The schema of a database as deterministic SQL text: what ``db/schema.*.sql`` hold.

:func:`schema_sql` reads the live schema (not ``tables.py``), so the text of a database
migrated from empty is the schema the migrations make. ``scripts/schema_snapshot.py``
writes ``db/schema.sqlite.sql`` and ``db/schema.postgresql.sql`` with it and
``tests/storage/test_schema_snapshot.py`` compares them after migrating anew.

* SQLite: each ``sqlite_master`` entry's own ``sql`` (tables, FTS5 virtual and shadow
  tables, indexes, triggers, views), sorted by kind then name
  (https://www.sqlite.org/schematab.html).
* PostgreSQL: from the system catalogs, per object in schema ``public``: columns
  (``format_type``, ``NOT NULL``, defaults), constraints (``pg_get_constraintdef``),
  indexes (``pg_get_indexdef``), triggers (``pg_get_triggerdef``), functions
  (``pg_get_functiondef``), views and sequences, each sorted by name
  (https://www.postgresql.org/docs/current/functions-info.html#FUNCTIONS-INFO-CATALOG).
  Unlike ``pg_dump`` output it carries no version banner or session settings, so it
  does not change with the server's minor version.

The first line names the Alembic revision the database is at.
"""

from __future__ import annotations

import sqlalchemy as sa

from pibdesk.storage.db import Database

_KIND_ORDER = {"table": 0, "index": 1, "trigger": 2, "view": 3}


_CONSTRAINT_WORDS = ("CONSTRAINT", "PRIMARY KEY", "FOREIGN KEY", "UNIQUE", "CHECK")


def _sorted_constraints(sql: str) -> str:
    """A ``CREATE TABLE`` as SQLAlchemy writes it (one element per tab-indented line)
    with its table constraints sorted; columns keep their order. Alembic's batch mode
    (a table rebuilt by a migration) writes the constraints in an order that changes
    from run to run, so the stored text alone is not deterministic."""
    head, sep, rest = sql.partition("(\n")
    body, close, tail = rest.rpartition("\n)")
    lines = body.split("\n")
    if not sep or not close or not all(line.startswith("\t") for line in lines):
        return sql
    items = [line.rstrip().removesuffix(",") for line in lines]
    columns = [i for i in items if not i.strip().startswith(_CONSTRAINT_WORDS)]
    constraints = sorted(i for i in items if i.strip().startswith(_CONSTRAINT_WORDS))
    return head + sep + ",\n".join(columns + constraints) + close + tail


def _sqlite(conn: sa.Connection) -> list[str]:
    rows = conn.exec_driver_sql(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
    ).all()
    rows = sorted(rows, key=lambda r: (_KIND_ORDER.get(r.type, 9), r.name))
    out = []
    for r in rows:
        sql = r.sql.strip()
        if r.type == "table":
            sql = _sorted_constraints(sql)
        out.append(f"-- {r.type} {r.name}\n{sql};")
    return out


def _pg(conn: sa.Connection) -> list[str]:
    def q(sql: str) -> list[sa.Row]:  # type: ignore[type-arg]
        return list(conn.execute(sa.text(sql)).all())

    out: list[str] = []
    for (name,) in q(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY 1"
    ):
        out.append(f"CREATE SEQUENCE {name};")
    tables = [
        r.relname
        for r in q(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1"
        )
    ]
    for table in tables:
        cols = conn.execute(
            sa.text(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull, "
                "pg_get_expr(d.adbin, d.adrelid) AS dflt, a.attidentity "
                "FROM pg_attribute a LEFT JOIN pg_attrdef d "
                "ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                "WHERE a.attrelid = CAST(:t AS regclass) AND a.attnum > 0 "
                "AND NOT a.attisdropped ORDER BY a.attnum"
            ),
            {"t": f"public.{table}"},
        ).all()
        lines = []
        for c in cols:
            line = f"    {c.attname} {c.type}"
            if c.attidentity:
                line += " GENERATED " + ("ALWAYS" if c.attidentity == "a" else "BY DEFAULT")
                line += " AS IDENTITY"
            if c.attnotnull:
                line += " NOT NULL"
            if c.dflt is not None:
                line += f" DEFAULT {c.dflt}"
            lines.append(line)
        out.append(f"CREATE TABLE {table} (\n" + ",\n".join(lines) + "\n);")
        for con in conn.execute(
            sa.text(
                "SELECT conname, pg_get_constraintdef(oid) AS ddl FROM pg_constraint "
                "WHERE conrelid = CAST(:t AS regclass) ORDER BY conname"
            ),
            {"t": f"public.{table}"},
        ):
            out.append(f"ALTER TABLE {table} ADD CONSTRAINT {con.conname} {con.ddl};")
    for r in q(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY tablename, indexname"
    ):
        out.append(f"{r.indexdef};")
    for r in q(
        "SELECT p.proname, pg_get_functiondef(p.oid) AS ddl FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' "
        "ORDER BY p.proname, pg_get_function_identity_arguments(p.oid)"
    ):
        out.append(r.ddl.strip() + ";")
    for r in q(
        "SELECT c.relname AS tbl, t.tgname, pg_get_triggerdef(t.oid) AS ddl FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY c.relname, t.tgname"
    ):
        out.append(f"{r.ddl};")
    for r in q(
        "SELECT viewname, definition FROM pg_views WHERE schemaname = 'public' ORDER BY 1"
    ):
        out.append(f"CREATE VIEW {r.viewname} AS\n{r.definition.strip()}")
    return out


def schema_sql(db: Database) -> str:
    """The schema of ``db`` (SQLite or PostgreSQL) as SQL text, one statement per
    object, deterministic; begins with ``-- revision NNNN``. Reads only."""
    with db.engine.connect() as conn:
        parts = _sqlite(conn) if db.is_sqlite else _pg(conn)
        conn.rollback()
    head = f"-- pibdesk schema ({db.dialect}), Alembic revision {db.current_revision()}\n"
    head += "-- Generated by scripts/schema_snapshot.py from the migrations in db/migrations;\n"
    head += "-- do not edit (tests/storage/test_schema_snapshot.py compares it).\n"
    body = "\n\n".join(parts)
    # SQLAlchemy's DDL ends lines with "), " spaces; an editor would strip them
    return head + "\n" + "\n".join(line.rstrip() for line in body.splitlines()) + "\n"
