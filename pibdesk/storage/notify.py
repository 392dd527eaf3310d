"""Telling other editors that something changed (issue 9, "Working together").

Every write appends a ``change_log`` row in its own transaction
(:func:`pibdesk.storage.repositories.log_change`). Readers learn of new rows:

* on SQLite by polling the newest change id (:func:`changes_since` is an indexed
  range scan on the primary key);
* on PostgreSQL also by ``LISTEN pibdesk_changes``: :func:`notify_change` runs
  ``pg_notify`` in the writer's transaction, so the notification is delivered only if and
  when that transaction commits (https://www.postgresql.org/docs/15/sql-notify.html).
  The payload is the release key (or empty); identical payloads of one transaction are
  folded into one by the server.

:class:`PgListener` owns one dedicated autocommit connection, outside the pool.
"""

from __future__ import annotations

from typing import Any, cast

import psycopg
import sqlalchemy as sa
from sqlmodel import Session, col, select

from pibdesk.core.changes import Change
from pibdesk.core.errors import DatabaseUnavailableError
from pibdesk.storage.db import Database, is_connection_error
from pibdesk.storage.tables import ChangeLogRow

#: The NOTIFY channel pibdesk writers signal on.
CHANNEL = "pibdesk_changes"


def notify_change(s: Session, release_pk: int | None) -> None:
    """Queue a notification in the session's transaction (PostgreSQL only; sent on commit)."""
    s.execute(
        sa.text("SELECT pg_notify(:channel, :payload)"),
        {"channel": CHANNEL, "payload": "" if release_pk is None else str(release_pk)},
    )


def changes_since(s: Session, after_id: int, limit: int = 10_000) -> list[Change]:
    """Change-log rows with ``id > after_id``, oldest first (at most ``limit``)."""
    rows = s.exec(
        select(ChangeLogRow)
        .where(col(ChangeLogRow.id) > after_id)
        .order_by(col(ChangeLogRow.id))
        .limit(limit)
    ).all()
    return [
        Change(
            id=r.id or 0,
            table=r.table_name,
            row_id=r.row_id,
            release_pk=r.release_pk,
            action=r.action,
            author=r.author,
            at=r.at,
        )
        for r in rows
    ]


def _read_engine(db: Database) -> sa.Engine:
    """``db``'s engine; on SQLite one whose transactions begin DEFERRED (no write lock)."""
    if db.is_sqlite:
        from pibdesk.storage import transactions

        deferred = getattr(transactions, "deferred", None)
        if deferred is not None:
            return deferred(db.engine)  # type: ignore[no-any-return]
    return db.engine


def read_changes(db: Database, after_id: int) -> list[Change]:
    """:func:`changes_since` in a short read-only transaction of its own.

    Polling must not take SQLite's write lock, so this reads DEFERRED. Raises
    :class:`DatabaseUnavailableError` when a PostgreSQL server cannot be reached.
    """
    try:
        with Session(_read_engine(db)) as s:
            return changes_since(s, after_id)
    except sa.exc.DBAPIError as e:
        if db.is_postgresql and is_connection_error(e):
            raise DatabaseUnavailableError(f"{db.display_url}: cannot read changes ({e.orig})") from e
        raise


def newest_change_id(db: Database) -> int:
    """The id of the newest change-log row (0 if none), read without the write lock."""
    try:
        with Session(_read_engine(db)) as s:
            return int(
                s.execute(sa.select(sa.func.coalesce(sa.func.max(ChangeLogRow.id), 0))).scalar_one()
            )
    except sa.exc.DBAPIError as e:
        if db.is_postgresql and is_connection_error(e):
            raise DatabaseUnavailableError(f"{db.display_url}: cannot read changes ({e.orig})") from e
        raise


class PgListener:
    """``LISTEN pibdesk_changes`` on a dedicated connection of a PostgreSQL :class:`Database`.

    :meth:`wait` blocks up to ``timeout`` seconds and returns the payloads received
    (release keys as strings, ``""`` for changes outside a release). Both raise
    :class:`~pibdesk.core.errors.DatabaseUnavailableError` when the server cannot be
    reached; the caller reconnects by making a new listener.
    """

    def __init__(self, db: Database) -> None:
        if not db.is_postgresql:
            raise ValueError(f"{db.display_url}: LISTEN/NOTIFY needs PostgreSQL")
        self.url = db.display_url
        try:
            raw = db.engine.raw_connection()
            self.conn: Any = cast(Any, raw.driver_connection)  # a psycopg.Connection
            raw.detach()  # ours alone: never handed back to the pool
            self.conn.autocommit = True
            self.conn.execute(f"LISTEN {CHANNEL}")
        except (sa.exc.DBAPIError, psycopg.Error) as e:
            raise DatabaseUnavailableError(f"{self.url}: cannot listen for changes ({e})") from e

    def wait(self, timeout: float) -> list[str]:
        """Payloads of the notifications that arrive within ``timeout`` seconds."""
        conn = self.conn
        try:
            out = [n.payload for n in conn.notifies(timeout=timeout, stop_after=1)]
            if out:  # got one: collect what else is already queued, then return
                out += [n.payload for n in conn.notifies(timeout=0.01, stop_after=1000)]
        except psycopg.Error as e:
            raise DatabaseUnavailableError(f"{self.url}: change listener lost ({e})") from e
        return out

    def close(self) -> None:
        try:
            self.conn.close()
        except Exception:  # closing a dead connection may raise; nothing to keep
            pass
