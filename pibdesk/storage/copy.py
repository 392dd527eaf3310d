"""Copying a whole pibdesk database to another one, SQLite <-> PostgreSQL (issue 9).

Every table of the schema (``SQLModel.metadata``: releases, revisions, translations,
visitor counts, labels, entities, aliases, offices, terms, annotations, rejections,
settings, the change log, and whatever tables later migrations add to ``tables.py``) is
copied row for row with its primary keys, in foreign-key order, in batches. Values go
through the column types on both sides, so datetimes stay UTC and booleans stay
booleans. Derived structures (the SQLite FTS5 index, its triggers) are maintained by
the destination itself.

The source is read in one transaction that sees one snapshot, so a copy taken while
editors write holds the database as it was at one moment (every annotation's release
is there, the counts agree): ``DEFERRED`` on SQLite (a WAL read transaction, which does
not hold the write lock), ``REPEATABLE READ READ ONLY`` on PostgreSQL (its default
``READ COMMITTED`` takes a new snapshot per statement, so a table read later would see
rows committed after an earlier table was read;
https://www.postgresql.org/docs/15/transaction-iso.html#XACT-REPEATABLE-READ).
The destination is written in one transaction: a failed copy leaves it as it was. Afterwards PostgreSQL sequences are moved past the copied
ids (``setval``), so new rows get fresh keys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import SQLModel

import pibdesk.storage.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from pibdesk.core.errors import PibdeskError
from pibdesk.storage.db import Database

#: progress(table, rows_done_overall, rows_total_overall)
CopyProgress = Callable[[str, int, int], None]

#: Tables that must be empty in the destination (its own seeded rows in the others,
#: e.g. the default labels, are replaced by the source's).
WORK_TABLES = ("release", "annotation", "entity")

BATCH = 1000


class CopyError(PibdeskError):
    """A database cannot be copied (schema mismatch, destination not empty, ...)."""


@dataclass(frozen=True)
class CopyReport:
    """Rows copied per table, in copy order."""

    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def copy_tables() -> list[sa.Table]:
    """The schema's tables in foreign-key order (parents first)."""
    return list(SQLModel.metadata.sorted_tables)


def _count(conn: sa.Connection, t: sa.Table) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())


def _pk_order(t: sa.Table) -> list[sa.ColumnElement[object]]:
    return [c for c in t.primary_key.columns]


def copy_database(
    src: Database, dst: Database, *, progress: CopyProgress | None = None, batch: int = BATCH
) -> CopyReport:
    """Copy everything in ``src`` into ``dst`` (migrated to head first); returns row counts.

    Raises :class:`CopyError` when ``src`` is not at this pibdesk's schema head (upgrade
    it first) or ``dst`` already holds releases, annotations or entities; nothing is
    written to ``dst`` then, nor when the copy fails half-way (one transaction).
    """
    if src.url == dst.url:
        raise CopyError(f"{src.display_url}: source and destination are the same database")
    src.check_version()
    head = src.head_revision()
    if src.current_revision() != head:
        raise CopyError(
            f"{src.display_url}: schema {src.current_revision()!r} is not this pibdesk's "
            f"{head!r}; run `pibdesk db upgrade --db SRC` first"
        )
    dst.check_version()
    if dst.current_revision() != head:
        dst.migrate()

    tables = copy_tables()
    src_engine = src.engine
    if src.is_sqlite:
        from pibdesk.storage import transactions

        deferred = getattr(transactions, "deferred", None)
        if deferred is not None:
            src_engine = deferred(src_engine)
    elif src.is_postgresql:
        # one snapshot for every table (see the module docstring)
        src_engine = src_engine.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )
    rows: dict[str, int] = {}
    with src_engine.connect() as sconn, dst.engine.begin() as dconn:
        existing_src = set(sa.inspect(sconn).get_table_names())
        missing = [t.name for t in tables if t.name not in existing_src]
        if missing:
            raise CopyError(
                f"{src.display_url}: tables {missing} missing; is it a pibdesk database?"
            )
        for name in WORK_TABLES:
            t = SQLModel.metadata.tables[name]
            if _count(dconn, t):
                raise CopyError(
                    f"{dst.display_url}: the destination already holds data (table {name!r}); "
                    "copy into a new, empty database"
                )
        totals = {t.name: _count(sconn, t) for t in tables}
        grand = sum(totals.values())
        done = 0
        if progress is not None:
            progress("", 0, grand)
        for t in reversed(tables):  # seeded rows (default labels, ...) make way
            dconn.execute(t.delete())
        for t in tables:
            n = 0
            result = sconn.execution_options(yield_per=batch).execute(
                sa.select(t).order_by(*_pk_order(t))
            )
            for part in result.partitions(batch):
                chunk = [dict(r._mapping) for r in part]
                dconn.execute(t.insert(), chunk)
                n += len(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(t.name, done, grand)
            rows[t.name] = n
        if dst.is_postgresql:
            _reset_sequences(dconn, tables)
    return CopyReport(rows)


def _reset_sequences(conn: sa.Connection, tables: list[sa.Table]) -> None:
    """Move each serial primary key's sequence past the largest copied id."""
    for t in tables:
        pk = list(t.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, sa.Integer):
            continue
        col = pk[0].name
        seq = conn.execute(
            sa.text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": f'"{t.name}"', "c": col}
        ).scalar()
        if seq is None:
            continue
        conn.execute(
            sa.text(
                f'SELECT setval(:seq, COALESCE((SELECT MAX("{col}") FROM "{t.name}"), 0) + 1, false)'
            ),
            {"seq": seq},
        )
