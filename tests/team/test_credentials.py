"""Passwords go to the credential store, never into URLs kept in settings (issue 9)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from pibdesk.core.errors import DatabaseUnavailableError
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.connections import open_database, settings_url
from pibdesk.storage import credentials
from pibdesk.storage.credentials import FileStore, ServerKey, server_key, strip_password


def test_strip_password_and_settings_url() -> None:
    # a password with ":" and "@" is percent-encoded in a URL (RFC 3986 userinfo)
    clean, pw = strip_password("postgresql://anita:s3%3Acr%40t@db.desk:5433/pib?sslmode=verify-full")
    assert pw == "s3:cr@t"
    assert clean == "postgresql://anita@db.desk:5433/pib?sslmode=verify-full"
    assert "s3" not in settings_url("postgresql://anita:s3cret@db.desk/pib")
    assert settings_url("/home/a/pib.db") == "/home/a/pib.db"
    assert server_key(clean) == ServerKey("db.desk", 5433, "pib", "anita")


def test_file_store_is_0600_pgpass_format(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "cfg" / "pgpass")
    key = ServerKey("db.desk", 5432, "pib", "an:ita")
    store.set(key, "pa\\ss:word")
    store.set(ServerKey("other", 5432, "pib", "x"), "y")
    mode = stat.S_IMODE(store.path.stat().st_mode)
    assert mode == 0o600
    lines = store.path.read_text().splitlines()
    assert lines[0] == "db.desk:5432:pib:an\\:ita:pa\\\\ss\\:word"  # libpq .pgpass escaping
    assert store.get(key) == "pa\\ss:word"
    store.set(key, None)
    assert store.get(key) is None and store.get(ServerKey("other", 5432, "pib", "x")) == "y"


def test_keyring_is_used_when_available(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 10  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.d: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.d.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.d[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.d.pop((service, username), None)

    old = keyring.get_keyring()
    mem = Memory()
    keyring.set_keyring(mem)
    monkeypatch.delenv(credentials.ENV_STORE, raising=False)
    try:
        assert credentials.keyring_available()
        clean = credentials.remember("postgresql://anita:pw1@db.desk/pib")
        assert clean == "postgresql://anita@db.desk/pib"
        assert mem.d == {(credentials.KEYRING_SERVICE, "anita@db.desk:5432/pib"): "pw1"}
        assert credentials.lookup_password(clean) == "pw1"
        assert not credentials.pgpass_path().exists()  # nothing written to disk
    finally:
        keyring.set_keyring(old)


def test_password_from_store_opens_a_scram_protected_database(
    pg_cluster, pg_db, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv(credentials.ENV_STORE, "file")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")  # libpq's own file must not help
    dbname = pg_db.url.rsplit("/", 1)[1]
    pg_cluster.admin("DROP ROLE IF EXISTS editor_a")
    pg_cluster.admin("CREATE ROLE editor_a LOGIN PASSWORD 'desk-secret'")
    pg_cluster.admin(f'GRANT ALL ON DATABASE "{dbname}" TO editor_a')
    pg_db.dispose()
    with pg_db.engine.begin() as c:
        c.exec_driver_sql("GRANT ALL ON ALL TABLES IN SCHEMA public TO editor_a")
        c.exec_driver_sql("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO editor_a")
    bare = pg_cluster.url(dbname, user="editor_a")
    with pytest.raises(DatabaseUnavailableError, match="password"):
        AnnotationService(open_database(bare, upgrade=False)).labels()
    # File > Open database… with the password typed into the URL: it is moved to the store
    db = open_database(pg_cluster.url(dbname, user="editor_a", password="desk-secret"))
    assert "desk-secret" not in db.url
    assert [lab.name for lab in AnnotationService(db).labels()][0] == "Person"
    assert "desk-secret" in credentials.pgpass_path().read_text()
    db.dispose()
    again = open_database(bare, upgrade=False)  # later sessions: URL without password
    assert AnnotationService(again).labels()
    again.dispose()
