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

from pibdesk.core.errors import DatabaseUnavailableError, PibdeskError, SchemaVersionError
from pibdesk.storage import transactions


def db_folder() -> Path:
    """The ``db/`` folder: Alembic environment, migrations, schema snapshots.

    The PyInstaller bundle holds it as ``db/`` beside ``resources/`` (``pibdesk.spec``);
    a wheel maps it into the package as ``pibdesk/_db`` (``[tool.setuptools.package-dir]``
    in pyproject.toml); a source checkout (and an editable install) has it at the top.
    The first of these, in this order, that holds ``migrations/env.py`` wins. Raises
    ``RuntimeError`` naming the places looked in when none does (a broken install).
    """
    import sys

    package = Path(__file__).resolve().parents[1]
    places = [package / "_db", package.parent / "db"]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        places.insert(0, Path(frozen) / "db")
    for place in places:
        if (place / "migrations" / "env.py").is_file():
            return place
    raise RuntimeError(f"pibdesk's db/ folder (migrations) is missing: looked in {places}")


#: The Alembic environment and ``versions/`` (``db/migrations``).
MIGRATIONS_DIR = db_folder() / "migrations"

#: Busy timeout for SQLite, in milliseconds: a writer waits this long for another.
BUSY_TIMEOUT_MS = 15_000

#: How long to wait for a PostgreSQL server to accept a connection, in seconds.
CONNECT_TIMEOUT_S = 5


def is_connection_error(e: BaseException) -> bool:
    """True for a lost or refused PostgreSQL connection (SQLSTATE class 08, 57P01-03).

    Serialization failures and deadlocks (also DB-API "operational" errors) are not.
    See https://www.postgresql.org/docs/15/errcodes-appendix.html.
    """
    if isinstance(e, sa.exc.DBAPIError):
        if e.connection_invalidated:
            return True
        e = e.orig  # type: ignore[assignment]
    state = getattr(e, "sqlstate", None)
    if state is None:
        # psycopg reports client-side failures (refused, closed, timeout) without SQLSTATE
        return type(e).__name__ in ("OperationalError", "InterfaceError")
    return state.startswith("08") or state in ("57P01", "57P02", "57P03")


def _first_line(e: object) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def database_error_message(e: BaseException, where: str = "") -> str | None:
    """One line for a driver error that reached the top (the CLI prints it), else None.

    ``e`` is an SQLAlchemy ``DBAPIError`` or a psycopg error; anything else gives None.
    A refused or lost connection reads ``"<where>: cannot reach the database (<first
    line of the driver's message>)"``, any other ``"<where>: database error (...)"``.
    ``where`` (e.g. :attr:`Database.display_url`) is left out when empty. The driver's
    message names host, port and user but never a password.
    """
    orig: object = e
    if isinstance(e, sa.exc.DBAPIError):
        orig = e.orig
    else:
        try:
            import psycopg
        except ImportError:  # pragma: no cover  (psycopg is a dependency)
            return None
        if not isinstance(e, psycopg.Error):
            return None
    from_server = type(orig).__module__.startswith("psycopg")  # SQLite has no connection
    lost = from_server and is_connection_error(e)
    what = "cannot reach the database" if lost else "database error"
    prefix = f"{where}: " if where else ""
    return f"{prefix}{what} ({_first_line(orig)})"


def to_url(db: str | os.PathLike[str]) -> str:
    """An SQLAlchemy URL for a path or URL string.

    Paths become ``sqlite:///ABS``; libpq-style ``postgresql://`` and ``postgres://``
    URLs (https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-CONNSTRING) get
    the psycopg 3 driver: ``postgresql+psycopg://``. Query parameters such as
    ``sslmode`` are passed through to libpq unchanged.
    """
    s = os.fspath(db)
    if "://" in s:
        for prefix in ("postgresql://", "postgres://"):
            if s.startswith(prefix):
                return "postgresql+psycopg://" + s.removeprefix(prefix)
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
    """An Alembic config pointing at the migrations in :func:`db_folder` (``db/migrations``).

    Only :meth:`Database.migrate` runs them (``env.py`` needs its connection);
    ``alembic -c db/alembic.ini history`` lists them from a checkout.
    """
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
            # BEGIN IMMEDIATE + retry on busy: no lost update, no "database is locked"
            transactions.install(self.engine, str(self.path or self.url))
        else:
            self.path = None
            # pool_pre_ping: a connection the server dropped is replaced at checkout
            # instead of failing the next action (https://docs.sqlalchemy.org/en/20/core/pooling.html#disconnect-handling-pessimistic).
            self.engine = sa.create_engine(
                self.url,
                echo=echo,
                pool_pre_ping=True,
                connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "pibdesk"},
            )
            sa.event.listen(self.engine, "do_connect", self._add_stored_password)
        #: ``"sqlite"`` or ``"postgresql"``: engine-specific SQL branches on this.
        self.dialect: str = self.engine.dialect.name
        self.is_postgresql = self.dialect == "postgresql"

    def _add_stored_password(
        self, _dialect: object, _rec: object, _cargs: object, cparams: dict[str, object]
    ) -> None:
        """Give libpq the password from the credential store when the URL has none."""
        if cparams.get("password") is None:
            from pibdesk.storage.credentials import lookup_password

            password = lookup_password(self.url)
            if password is not None:
                cparams["password"] = password

    @property
    def display_url(self) -> str:
        """The URL with any password masked (for window titles and messages)."""
        if self.path is not None:
            return str(self.path)
        from pibdesk.storage.credentials import display_url

        # also masks a libpq ``?password=`` query parameter, which SQLAlchemy shows
        return display_url(self.url)

    def __repr__(self) -> str:
        return f"Database({self.display_url!r})"

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session inside one transaction (commit on success, rollback on error).

        Raises :class:`DatabaseUnavailableError` (after rolling back) when the server
        cannot be reached or the connection is lost; the action may be retried.
        """
        with Session(self.engine, expire_on_commit=False) as s:
            try:
                yield s
                s.commit()
            except sa.exc.DBAPIError as e:
                with contextlib.suppress(sa.exc.DBAPIError):
                    s.rollback()
                if self.is_postgresql and is_connection_error(e):
                    raise DatabaseUnavailableError(
                        f"{self.display_url}: connection to the database lost "
                        f"({_first_line(e.orig)}); the action was not saved"
                    ) from e
                raise
            except BaseException:
                s.rollback()
                raise

    @contextlib.contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for read-only work that may take long (timelines, exports, search).

        Same as :meth:`session`, but on SQLite it begins ``DEFERRED``: it reads one WAL
        snapshot without taking the write lock, so other windows and processes can
        commit meanwhile. It must not write (it would meet ``SQLITE_BUSY``).
        """
        if not self.is_sqlite:
            with self.session() as s:
                yield s
            return
        with Session(transactions.deferred(self.engine), expire_on_commit=False) as s:
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    def ping(self) -> bool:
        """True if the database answers ``SELECT 1`` now."""
        try:
            with self.engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            return True
        except sa.exc.DBAPIError:
            return False

    @contextlib.contextmanager
    def _reachable(self) -> Iterator[None]:
        """Turn a refused or lost PostgreSQL connection into :class:`DatabaseUnavailableError`
        ("``<url>: cannot reach the database (<driver's first line>)``")."""
        try:
            yield
        except sa.exc.DBAPIError as e:
            if self.is_postgresql and is_connection_error(e):
                raise DatabaseUnavailableError(
                    f"{self.display_url}: cannot reach the database ({_first_line(e.orig)})"
                ) from e
            raise

    # -- schema -----------------------------------------------------------------
    def current_revision(self) -> str | None:
        """The Alembic revision the database is at (None for an empty database).

        A SQLite file is read through a read-only connection, so asking (and refusing a
        newer database) never changes the file, not even its journal mode. Raises
        :class:`DatabaseUnavailableError` when a server cannot be reached.
        """
        if self.is_sqlite and self.path is not None:
            try:
                return transactions.peek_revision(self.path)
            except transactions.PeekError:  # e.g. a hot journal to roll back first
                pass
        with self._reachable(), self.engine.connect() as conn:
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
                f"{self.display_url}: schema revision {current!r} was written by a newer pibdesk; "
                "upgrade pibdesk to open it (the database was not changed)"
            )

    def migrate(self, target: str = "head") -> None:
        """Upgrade the schema to ``target`` in one transaction.

        Raises :class:`SchemaVersionError` (database untouched) if it is newer than us,
        :class:`DatabaseUnavailableError` when a server cannot be reached.
        Backups before migrating are the caller's business (see services.backup).

        On SQLite, foreign-key enforcement is switched off for the migration's
        connection (before its transaction begins: the pragma is a no-op inside one),
        so a migration that rebuilds a parent table (``DROP TABLE`` + rename, Alembic's
        batch mode) does not fire ``ON DELETE CASCADE`` / ``SET NULL`` on its children;
        ``PRAGMA foreign_key_check`` must then come back empty before the commit, else
        the whole migration is rolled back. This is step 1 and 10 of SQLite's
        "generalized ALTER TABLE procedure"
        (https://www.sqlite.org/lang_altertable.html#otheralter).
        """
        if self.is_sqlite and self.path is not None and not self.path.exists():
            if self._create_atomically(target):
                return
        self._migrate_in_place(target)

    def _create_atomically(self, target: str) -> bool:
        """Make a new SQLite database whole or not at all: migrate a temporary file
        beside ``self.path``, then hard-link it into place (``link(2)`` fails if the name
        exists, so a database another process created meanwhile is never replaced).

        A process killed while creating leaves no database at ``self.path`` (only a
        ``.<name>.<pid>.creating`` file, removed by the next creation), instead of a
        file without tables that ``pibdesk check`` reports broken (issue 16's kill test).
        Returns False (nothing done; migrate in place) if the name appeared meanwhile or
        the file system has no hard links."""
        assert self.path is not None
        folder = self.path.parent
        for stale in folder.glob(f".{self.path.name}.*.creating*"):
            with contextlib.suppress(OSError, ValueError):
                pid = int(stale.name.split(".")[-2])
                os.kill(pid, 0)  # still alive: someone else is creating it
                continue
            with contextlib.suppress(OSError):
                stale.unlink()
        tmp = folder / f".{self.path.name}.{os.getpid()}.creating"
        for extra in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                Path(str(tmp) + extra).unlink()
        made = Database(tmp)
        try:
            made._migrate_in_place(target)
        finally:
            made.engine.dispose()  # the last connection checkpoints and removes the WAL
        try:
            with open(tmp, "rb") as f:
                os.fsync(f.fileno())
            try:
                os.link(tmp, self.path)
            except FileExistsError:
                return False
            except OSError:
                return False
            dir_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
            return True
        finally:
            for extra in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(FileNotFoundError):
                    Path(str(tmp) + extra).unlink()

    def _migrate_in_place(self, target: str) -> None:
        self.check_version()
        cfg = alembic_config()
        if not self.is_sqlite:
            with self._reachable(), self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, target)
            return
        with self.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys = OFF")  # no transaction open yet: takes effect
            try:
                with conn.begin():
                    fk_check = "PRAGMA foreign_key_check"
                    before = {tuple(r) for r in conn.exec_driver_sql(fk_check)}
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, target)
                    bad = sorted({tuple(r) for r in conn.exec_driver_sql(fk_check)} - before)
                    if bad:
                        raise PibdeskError(
                            f"{self.display_url}: migrating to {target} would break "
                            f"{len(bad)} foreign key(s), first {bad[0]}; nothing was changed"
                        )
            finally:
                raw.execute("PRAGMA foreign_keys = ON")

    def dispose(self) -> None:
        """Close all pooled connections."""
        self.engine.dispose()
