"""A private PostgreSQL server for the test session (issue 9).

:class:`PgCluster` runs ``initdb`` in a fresh temporary folder and starts ``postgres``
on a free port of 127.0.0.1 (plus a Unix socket in the same folder), with fsync off:
it is thrown away at the end. ``initdb`` refuses to run as root, so under root the
server runs as an unprivileged account (``postgres`` from the Debian package, else
``nobody``) through ``runuser``.

The binaries are taken from ``$PIBDESK_PG_BIN``, else the newest
``/usr/lib/postgresql/*/bin``, else ``initdb`` on ``PATH``. When none is found,
PostgreSQL-parametrised tests are skipped, unless ``PIBDESK_REQUIRE_PG=1`` (set by
``.ci/run``), which turns that skip into a failure.

Authentication (``pg_hba.conf``): the superuser ``pibdesk`` is trusted on the socket
and on 127.0.0.1; every other role must give a SCRAM password over TCP, so tests can
check that pibdesk finds a password in its credential store.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

SUPERUSER = "pibdesk"
TEMPLATE_DB = "pibdesk_template"


def find_pg_bin() -> Path | None:
    """The folder holding ``initdb``/``pg_ctl``/``postgres``, or None."""
    env = os.environ.get("PIBDESK_PG_BIN")
    if env:
        return Path(env)
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    for c in reversed(candidates):
        if (c / "initdb").exists() and (c / "pg_ctl").exists():
            return c
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def require_pg() -> bool:
    """True when PostgreSQL tests must run (``PIBDESK_REQUIRE_PG=1``, set in CI)."""
    return os.environ.get("PIBDESK_REQUIRE_PG", "") not in ("", "0")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgCluster:
    """One throwaway PostgreSQL server. ``start()``, ``create_database()``, ``stop()``."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.port = _free_port()
        self.base = Path(tempfile.mkdtemp(prefix="pibdesk-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        self.run_as: str | None = None
        self._lock = threading.Lock()
        self._n = 0
        self._to_drop: list[str] = []
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    pwd.getpwnam(name)
                except KeyError:
                    continue
                self.run_as = name
                break
            if self.run_as is None:
                raise RuntimeError("running as root and no unprivileged user for initdb")
            pw = pwd.getpwnam(self.run_as)
            os.chown(self.base, pw.pw_uid, pw.pw_gid)
        os.chmod(self.base, 0o755)

    # -- process control ----------------------------------------------------------
    def _cmd(self, *args: str) -> list[str]:
        if self.run_as is None:
            return list(args)
        return ["runuser", "-u", self.run_as, "--", *args]

    def _run(self, *args: str) -> None:
        out = subprocess.run(self._cmd(*args), capture_output=True, text=True)
        if out.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{' '.join(args[:2])} failed ({out.returncode}): {out.stderr.strip()}\n{log}"
            )

    def start(self) -> None:
        """initdb (UTF8, C collation, trust for the superuser) and start the server."""
        self._run(
            str(self.bin / "initdb"),
            "-D", str(self.data),
            "-U", SUPERUSER,
            "-E", "UTF8",
            "--locale=C",
            "-A", "trust",
            "--no-sync",
        )  # fmt: skip
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\n"
            f"host all {SUPERUSER} 127.0.0.1/32 trust\n"
            "host all all 127.0.0.1/32 scram-sha-256\n"
        )
        opts = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=120 -c shared_buffers=64MB"
        )
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
            "-o", opts, "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (it can be started again with :meth:`restart`)."""
        with contextlib.suppress(RuntimeError):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self) -> None:
        """Start a stopped server again on the same port and data."""
        opts = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=120 -c shared_buffers=64MB"
        )
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
            "-o", opts, "-w", "-t", "60", "start",
        )  # fmt: skip

    def destroy(self) -> None:
        """Stop the server and delete its folder."""
        self.stop("immediate")
        shutil.rmtree(self.base, ignore_errors=True)

    # -- databases --------------------------------------------------------------------
    def url(self, database: str, user: str = SUPERUSER, password: str | None = None) -> str:
        """A ``postgresql://`` URL for a database on this server (TCP, 127.0.0.1)."""
        auth = user if password is None else f"{user}:{password}"
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Run one statement as the superuser in database ``postgres`` (autocommit)."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self, template: str | None = None) -> str:
        """A new empty (or ``template``-copied) database; returns its URL."""
        with self._lock:
            self._n += 1
            name = f"t{os.getpid()}_{self._n}"
        tpl = f" TEMPLATE {template}" if template else " TEMPLATE template0"
        self.admin(f'CREATE DATABASE "{name}"{tpl}')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Forget a database made by :meth:`create_database`; it goes with the cluster.

        Not dropped now: a window of a finished GUI test may stay alive until Qt deletes
        it, and its timers must not meet a vanished database in a later test. (Each
        database is a few MB; :meth:`destroy` removes them all at the end.)
        """
        self._to_drop.append(url.rsplit("/", 1)[1].split("?")[0])


# ----------------------------------------------------------------------------- fixtures
# Imported by tests/conftest.py, so every test folder can use them.
import pytest  # noqa: E402

ENGINES = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_cluster():  # type: ignore[no-untyped-def]
    """The session's private PostgreSQL server (skips, or fails under PIBDESK_REQUIRE_PG=1)."""
    bin_dir = find_pg_bin()
    if bin_dir is None:
        msg = "PostgreSQL server binaries not found (set PIBDESK_PG_BIN or install postgresql)"
        if require_pg():
            pytest.fail(msg + " and PIBDESK_REQUIRE_PG=1")
        pytest.skip(msg)
    cluster = PgCluster(bin_dir)
    try:
        cluster.start()
    except Exception as e:
        cluster.destroy()
        if require_pg():
            raise
        pytest.skip(f"could not start PostgreSQL: {e}")
    yield cluster
    cluster.destroy()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: PgCluster) -> str:
    """Name of a database migrated to head, copied for each test (CREATE DATABASE ... TEMPLATE)."""
    from pibdesk.storage.db import Database

    pg_cluster.admin(f'CREATE DATABASE "{TEMPLATE_DB}" TEMPLATE template0')
    d = Database(pg_cluster.url(TEMPLATE_DB))
    d.migrate()
    d.dispose()
    return TEMPLATE_DB


@pytest.fixture()
def pg_url(pg_cluster: PgCluster):  # type: ignore[no-untyped-def]
    """URL of a fresh, empty (unmigrated) PostgreSQL database, dropped afterwards."""
    url = pg_cluster.create_database()
    yield url
    pg_cluster.drop_database(url)


@pytest.fixture()
def pg_db(pg_cluster: PgCluster, pg_template: str):  # type: ignore[no-untyped-def]
    """A fresh migrated PostgreSQL :class:`~pibdesk.storage.db.Database`."""
    from pibdesk.storage.db import Database

    url = pg_cluster.create_database(template=pg_template)
    d = Database(url)
    yield d
    d.dispose()
    pg_cluster.drop_database(url)


@pytest.fixture(params=ENGINES)
def any_db(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh migrated database on each engine: SQLite file, then PostgreSQL."""
    from pibdesk.storage.db import Database

    if request.param == "postgresql":
        yield request.getfixturevalue("pg_db")
        return
    path = tmp_path / "any.db"
    d = Database(path)
    d.migrate()
    yield d
    d.dispose()
