"""SQLite transactions that never lose an update and never show "database is locked".

Why this module exists (issue 8, "two windows, two processes, one database"):

* Python's ``sqlite3`` driver (legacy transaction control, Python 3.11) opens a
  transaction only before INSERT/UPDATE/DELETE. A session that first SELECTs a row and
  then UPDATEs it therefore reads *outside* any transaction: two processes can both read
  ``row_version = 1`` and both write ``2``, and one edit is silently lost. We switch the
  driver's own BEGIN off and emit ours when SQLAlchemy begins a transaction (the recipe in
  https://docs.sqlalchemy.org/en/20/dialects/sqlite.html#serializable-isolation-savepoints-transactional-ddl).
* A write session begins with ``BEGIN IMMEDIATE``: it takes SQLite's write lock before it
  reads, so its reads and writes are one serialisable unit, and a second writer waits for
  the busy timeout instead of failing at its first write with ``SQLITE_BUSY_SNAPSHOT``
  (https://www.sqlite.org/lang_transaction.html, https://www.sqlite.org/wal.html#concurrency;
  Rails 8 and Django 5.1's ``transaction_mode = "IMMEDIATE"`` do the same). WAL readers
  are never blocked by it.
* If the lock is still held after the busy timeout, the BEGIN is retried a few times
  (nothing has happened yet, so a retry is safe); only then does the caller get a
  :class:`DatabaseBusyError` with a clear message, never a raw ``OperationalError``.

Read-only work that may take long (exports, timelines) can use a ``DEFERRED``
transaction (:data:`DEFERRED`), which does not hold the write lock.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from pibdesk.core.errors import PibdeskError

#: Execution option naming the BEGIN mode of a connection: "IMMEDIATE" or "DEFERRED".
BEGIN_OPTION = "pibdesk_begin"
IMMEDIATE = "IMMEDIATE"
DEFERRED = "DEFERRED"

#: How many times a BEGIN that timed out on the busy lock is tried in all.
BEGIN_ATTEMPTS = 3


class DatabaseBusyError(PibdeskError):
    """Another process held the database's write lock for longer than we wait.

    Raised instead of ``sqlite3.OperationalError: database is locked`` after
    :data:`BEGIN_ATTEMPTS` waits of the busy timeout each; nothing was written.
    """


def is_busy_error(err: BaseException) -> bool:
    """True for SQLite's "database is locked"/"database table is locked" (SQLITE_BUSY/LOCKED)."""
    orig = getattr(err, "orig", err)
    if not isinstance(orig, sqlite3.OperationalError):
        return False
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED (+ extended)
        return True
    msg = str(orig).lower()
    return "database is locked" in msg or "database table is locked" in msg


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN; the driver must not start its own.
    dbapi_conn.isolation_level = None


def _begin_sql(conn: sa.Connection, sql: str, what: str) -> None:
    """Run ``sql`` (a BEGIN), retrying on SQLITE_BUSY; :class:`DatabaseBusyError` at the end."""
    for i in range(BEGIN_ATTEMPTS):
        try:
            conn.exec_driver_sql(sql)
            return
        except (sa_exc.OperationalError, sqlite3.OperationalError) as e:
            if not is_busy_error(e):
                raise
            if i + 1 == BEGIN_ATTEMPTS:
                raise DatabaseBusyError(
                    f"{what} is busy: another pibdesk window or process kept it locked "
                    f"through {BEGIN_ATTEMPTS} waits of the busy timeout; nothing was "
                    "changed, try again"
                ) from e
            time.sleep(0.05 * (i + 1))


def _in_transaction(dbapi_conn: Any) -> bool:
    try:
        return bool(dbapi_conn.in_transaction)
    except sqlite3.ProgrammingError:  # closed (engine disposed): holds nothing
        return False


class _Held(threading.local):
    """The DB-API connections of this thread that hold an IMMEDIATE transaction."""

    def __init__(self) -> None:
        self.conns: list[Any] = []


def install(engine: sa.Engine, what: str = "the database") -> None:
    """Make every transaction on the SQLite ``engine`` begin with an explicit BEGIN.

    * ``BEGIN IMMEDIATE`` by default, retried on SQLITE_BUSY (then
      :class:`DatabaseBusyError`);
    * ``BEGIN DEFERRED`` for a connection with execution option
      ``{BEGIN_OPTION: DEFERRED}`` (see :func:`deferred`), and for a transaction opened
      while the same thread already holds an IMMEDIATE one on this engine (a nested
      session: it may read; a write there would wait for its own thread, so it must not).

    ``what`` names the database in messages.
    """
    held = _Held()

    def on_begin(conn: sa.Connection) -> None:
        mode = conn.get_execution_options().get(BEGIN_OPTION, IMMEDIATE)
        raw = conn.connection.dbapi_connection
        held.conns = [c for c in held.conns if c is not raw and _in_transaction(c)]
        if mode == IMMEDIATE and held.conns:
            mode = DEFERRED
        _begin_sql(conn, f"BEGIN {mode}", what)
        if mode == IMMEDIATE:
            held.conns.append(raw)

    def on_end(conn: sa.Connection) -> None:
        # The transaction is over: this thread no longer holds that connection. Without
        # this, a pooled connection this thread once used, now in another thread's
        # IMMEDIATE transaction (a pool-thread write), would still count as "held here"
        # and demote this thread's next write session to DEFERRED ("database is locked").
        raw = conn.connection.dbapi_connection
        held.conns = [c for c in held.conns if c is not raw]

    sa.event.listen(engine, "connect", _on_connect)
    sa.event.listen(engine, "begin", on_begin)
    sa.event.listen(engine, "commit", on_end)
    sa.event.listen(engine, "rollback", on_end)


def deferred(engine: sa.Engine) -> sa.Engine:
    """The same engine (same pool) whose transactions begin DEFERRED (read-only work)."""
    return engine.execution_options(**{BEGIN_OPTION: DEFERRED})


def peek_revision(path: Path) -> str | None:
    """The Alembic revision stored in the SQLite file ``path``, read without changing it
    (read-only connection, no pragmas); None when the file or the table does not exist."""
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=15)
        try:
            has = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            row = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone() if has else None
            )
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise PeekError(f"{path}: {e}") from e
    return row[0] if row else None


class PeekError(Exception):
    """The file could not be read read-only (the caller falls back to a normal open)."""
