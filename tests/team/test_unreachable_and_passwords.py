"""No password in anything pibdesk shows or stores, and one clear line (no traceback)
when the database server cannot be reached (audit of issue 9, "Connections done right").

libpq takes a password in the URL's user info (``postgresql://u:PW@h/db``) and as a
query parameter (``postgresql://u@h/db?password=PW``,
https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-CONNSTRING); both are kept
out of settings, window titles and messages.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from pibdesk.cli import main
from pibdesk.core.errors import DatabaseUnavailableError
from pibdesk.services.connections import remember, settings_url
from pibdesk.storage.credentials import display_url, lookup_password, strip_password
from pibdesk.storage.db import Database, database_error_message

#: Nothing listens on port 1 of the loopback interface: the connection is refused at once.
DOWN = "postgresql://anita:userinfo-secret@127.0.0.1:1/pib?sslmode=disable&password=query-secret"
SECRETS = ("userinfo-secret", "query-secret")


@pytest.fixture(autouse=True)
def _file_store(monkeypatch: pytest.MonkeyPatch) -> None:
    # passwords a command moves out of a URL go to the 0600 file in the test's config dir
    monkeypatch.setenv("PIBDESK_CREDENTIALS", "file")


def _no_secret(text: str) -> None:
    for s in SECRETS:
        assert s not in text, text


def test_strip_password_clears_the_query_parameter_too() -> None:
    clean, pw = strip_password(
        "postgresql://anita@db.desk:5433/pib?sslmode=require&password=s%26cr%20t"
    )
    assert pw == "s&cr t"
    assert clean == "postgresql://anita@db.desk:5433/pib?sslmode=require"
    # both forms: libpq reads the query parameter last, so that one is the password
    clean, pw = strip_password(DOWN)
    assert pw == "query-secret"
    assert clean == "postgresql://anita@127.0.0.1:1/pib?sslmode=disable"
    # no password: verbatim
    for url in ("postgresql://anita@db.desk/pib?sslmode=verify-full", "/home/a/pib.db"):
        assert strip_password(url) == (url, None)
    assert settings_url("postgresql://anita@db.desk/pib?password=hunter2") == (
        "postgresql://anita@db.desk/pib"
    )


def test_display_url_masks_both_places() -> None:
    assert display_url(DOWN) == (
        "postgresql://anita:***@127.0.0.1:1/pib?sslmode=disable&password=***"
    )
    assert display_url("postgresql://anita@h/pib?password=x") == (
        "postgresql://anita@h/pib?password=***"
    )
    assert display_url("postgresql://anita@h/pib?sslmode=require") == (
        "postgresql://anita@h/pib?sslmode=require"
    )
    assert display_url("/home/a/pib.db") == "/home/a/pib.db"
    db = Database(DOWN)  # no connection is made by creating it
    try:
        _no_secret(db.display_url + repr(db))
        assert db.display_url.endswith("/pib?sslmode=disable&password=***")
    finally:
        db.dispose()


def test_remember_moves_a_query_password_to_the_store() -> None:
    clean = remember("postgresql://anita@db.desk:5433/pib?password=hunter2&sslmode=require")
    assert clean == "postgresql://anita@db.desk:5433/pib?sslmode=require"
    assert lookup_password(clean) == "hunter2"


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--db", DOWN],
        ["backup", "--db", DOWN],
        ["export", "--db", DOWN, "-o", "{tmp}/out.jsonl"],
        ["db", "upgrade", "--db", DOWN],
        ["db", "copy", "--from", DOWN, "--to", "{tmp}/home.db"],  # no empty progress bar
        ["db", "copy", "--from", "{tmp}/local.db", "--to", DOWN, "--quiet"],
        ["--db", DOWN, "import", "{raw}/txt_1583904.txt", "--quiet"],
    ],
    ids=["check", "backup", "export", "db-upgrade", "db-copy-from", "db-copy-to", "import"],
)
def test_an_unreachable_server_is_one_line_without_password(
    argv: list[str], tmp_path: Path, raw_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local = Database(tmp_path / "local.db")
    local.migrate()
    local.dispose()
    words = [w.format(tmp=tmp_path, raw=raw_dir) for w in argv]
    assert main(words) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("pibdesk: postgresql+psycopg://anita")
    assert "@127.0.0.1:1/pib" in line
    assert ": cannot reach the database (connection failed: " in line
    assert "Connection refused" in line and line.endswith(")")
    _no_secret(out + err)
    assert not (tmp_path / "out.jsonl").exists() and not (tmp_path / "home.db").exists()


def test_main_turns_a_stray_driver_error_into_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The catch-all in ``main`` for a driver error no layer wrapped."""
    import pibdesk.services.check as check

    engine = sa.create_engine(
        "postgresql+psycopg://anita:userinfo-secret@127.0.0.1:1/pib",
        connect_args={"connect_timeout": 5},
    )
    with pytest.raises(sa.exc.OperationalError) as refused:
        engine.connect()
    engine.dispose()
    assert database_error_message(refused.value, "here") == (
        f"here: cannot reach the database ({str(refused.value.orig).splitlines()[0]})"
    )
    assert database_error_message(RuntimeError("x")) is None

    db_file = tmp_path / "a.db"
    Database(db_file).migrate()

    def raising(exc: BaseException):  # type: ignore[no-untyped-def]
        def run_checks(db: Database) -> None:
            raise exc

        return run_checks

    monkeypatch.setattr(check, "run_checks", raising(refused.value))
    assert main(["check", "--db", str(db_file)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pibdesk: cannot reach the database (connection failed: ")
    assert len(err.strip().splitlines()) == 1
    _no_secret(err)

    # a driver error that is not about the connection says so
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("SELECT * FROM nowhere")
    except sqlite3.OperationalError as e:
        stray = sa.exc.OperationalError("SELECT * FROM nowhere", {}, e)
    conn.close()
    monkeypatch.setattr(check, "run_checks", raising(stray))
    assert main(["check", "--db", str(db_file)]) == 2
    assert capsys.readouterr().err == "pibdesk: database error (no such table: nowhere)\n"

    # anything else is a bug: it is not hidden
    monkeypatch.setattr(check, "run_checks", raising(RuntimeError("bug")))
    with pytest.raises(RuntimeError, match="bug"):
        main(["check", "--db", str(db_file)])


def test_source_raises_database_unavailable() -> None:
    db = Database(DOWN)
    try:
        for call in (db.current_revision, db.check_version, db.migrate):
            with pytest.raises(DatabaseUnavailableError, match="cannot reach the database") as e:
                call()
            _no_secret(str(e.value))
    finally:
        db.dispose()


def test_messages_on_a_real_server_show_no_password(
    pg_db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The test server trusts local connections, so a password in the URL is ignored by
    it, but must not show in what pibdesk prints."""
    url = pg_db.url.replace(
        "postgresql+psycopg://pibdesk@", "postgresql://pibdesk:userinfo-secret@"
    )
    url += "?password=query-secret"
    assert main(["check", "--db", url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("checking postgresql+psycopg://pibdesk:***@") and "password=***" in out
    _no_secret(out)

    # a database written by a newer pibdesk: refused, named without the password
    with pg_db.engine.begin() as c:
        c.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    assert main(["export", "--db", url, "-o", str(tmp_path / "x.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "schema revision '9999' was written by a newer pibdesk" in err
    assert "pibdesk:***@" in err
    _no_secret(err)


def test_recent_databases_never_keep_a_query_password() -> None:
    from pibdesk.ui import prefs

    assert prefs.add_recent_database("postgresql://anita@db.desk/pib?password=query-secret") == [
        "postgresql://anita@db.desk/pib"
    ]
    # an entry an older pibdesk wrote in clear text is shown, and then stored, without it
    s = prefs.settings()
    s.setValue(prefs.K_RECENT, ["postgresql://ravi:userinfo-secret@db.desk/pib?sslmode=require"])
    s.sync()
    assert prefs.recent_databases() == ["postgresql://ravi@db.desk/pib?sslmode=require"]
    prefs.add_recent_database("postgresql://anita@db.desk/pib?password=query-secret")
    _no_secret(prefs.settings_path().read_text(encoding="utf-8"))
    assert prefs.recent_databases() == [
        "postgresql://anita@db.desk/pib",
        "postgresql://ravi@db.desk/pib?sslmode=require",
    ]
