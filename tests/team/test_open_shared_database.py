"""File > Open shared database (URL)…: the password goes to the store, never to settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pibdesk.storage import credentials
from pibdesk.storage.db import Database


def test_open_shared_database_keeps_the_password_out_of_settings(
    pg_cluster: Any, pg_db: Database, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from pibdesk.app import create_main_window
    from pibdesk.ui import prefs

    monkeypatch.setenv(credentials.ENV_STORE, "file")
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    dbname = pg_db.url.rsplit("/", 1)[1]
    pg_cluster.admin("DROP ROLE IF EXISTS editor_b")
    pg_cluster.admin("CREATE ROLE editor_b LOGIN PASSWORD 'b-secret'")
    pg_cluster.admin(f'GRANT ALL ON DATABASE "{dbname}" TO editor_b')
    with pg_db.engine.begin() as c:
        c.exec_driver_sql("GRANT ALL ON ALL TABLES IN SCHEMA public TO editor_b")
        c.exec_driver_sql("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO editor_b")

    first = create_main_window(tmp_path / "local.db", author="anita")
    qtbot.addWidget(first)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, _t, text: warnings.append(text))

    bad = pg_cluster.url(dbname, user="editor_b", password="wrong")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (bad, True))
    assert first.desktop.open_url_dialog() is None
    assert len(warnings) == 1 and "wrong" not in warnings[0] and "***" in warnings[0]

    good = pg_cluster.url(dbname, user="editor_b", password="b-secret")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (good, True))
    win = first.desktop.open_url_dialog()
    assert win is not None
    qtbot.addWidget(win)
    try:
        assert win.db.is_postgresql and "b-secret" not in win.db.url
        assert win.live.mode == "listen"
        assert "b-secret" in credentials.pgpass_path().read_text()
        recent = prefs.recent_databases()
        assert recent[0] == pg_cluster.url(dbname, user="editor_b")
        assert not any("secret" in r for r in recent)
    finally:
        win.close()
