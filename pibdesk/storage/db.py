"""Opening a pibdesk database: engine, SQLite pragmas, transactions, migrations.

A database is named by a SQLite file path or an SQLAlchemy URL (``sqlite:///...``,
``postgresql://...``). SQLite runs in WAL mode with foreign keys on, a busy timeout and
``synchronous=FULL`` so a committed transaction survives a crash or power cut
(https://www.sqlite.org/wal.html, https://www.sqlite.org/pragma.html#pragma_synchronous).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import Session

from pibdesk.core.errors import SchemaVersionError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

#: Busy timeout for SQLite, in milliseconds: a writer waits this long for another.
BUSY_TIMEOUT_MS = 15_000


def to_url(db: str | os.PathLike[str]) -> str:
    """An SQLAlchemy URL for a path or URL string (paths become ``sqlite:///ABS``)."""
    s = os.fspath(db)
    if "://" in s:
        return s
    return "sqlite:///" + str(Path(s).expanduser().resolve())


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA synchronous = FULL")
    cur.close()


def alembic_config() -> Config:
    """An Alembic config pointing at the migrations shipped inside the package."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


class Database:
    """One pibdesk database. Create with a path or URL; call :meth:`migrate` before use.

    :meth:`session` gives a transaction: committed when the block ends normally,
    rolled back on any exception, so every write is all-or-nothing.
    """

    def __init__(self, db: str | os.PathLike[str], *, echo: bool = False) -> None:
        self.url = to_url(db)
        self.is_sqlite = self.url.startswith("sqlite")
        if self.is_sqlite:
            path = self.url.removeprefix("sqlite:///")
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.path: Path | None = Path(path) if path and path != ":memory:" else None
            self.engine = sa.create_engine(
                self.url, echo=echo, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}
            )
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.path = None
            self.engine = sa.create_engine(self.url, echo=echo, pool_pre_ping=True)

    def __repr__(self) -> str:
        return f"Database({self.url!r})"

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session inside one transaction (commit on success, rollback on error)."""
        with Session(self.engine, expire_on_commit=False) as s:
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    # -- schema -----------------------------------------------------------------
    def current_revision(self) -> str | None:
        """The Alembic revision the database is at (None for an empty database)."""
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def head_revision(self) -> str:
        """The newest revision this pibdesk knows."""
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert head is not None
        return head

    def needs_migration(self) -> bool:
        """True if the schema is older than this pibdesk's (raises if newer, see :meth:`check_version`)."""
        self.check_version()
        return self.current_revision() != self.head_revision()

    def check_version(self) -> None:
        """Raise :class:`SchemaVersionError` if the database comes from a newer pibdesk."""
        current = self.current_revision()
        if current is None:
            return
        script = ScriptDirectory.from_config(alembic_config())
        try:
            known = script.get_revision(current) is not None
        except Exception:  # alembic raises ResolutionError/CommandError for unknown ids
            known = False
        if not known:
            raise SchemaVersionError(
                f"{self.url}: schema revision {current!r} was written by a newer pibdesk; "
                "upgrade pibdesk to open it (the database was not changed)"
            )

    def migrate(self, target: str = "head") -> None:
        """Upgrade the schema to ``target`` in one transaction.

        Raises :class:`SchemaVersionError` (database untouched) if it is newer than us.
        Backups before migrating are the caller's business (see services.backup).
        """
        self.check_version()
        cfg = alembic_config()
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)

    def dispose(self) -> None:
        """Close all pooled connections."""
        self.engine.dispose()
