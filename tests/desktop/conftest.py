"""Fixtures for the desktop-habit tests: a fresh profile and windows on real databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

FOUNDING_NAME = "txt_1583904.txt"


@pytest.fixture()
def fresh_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A profile with no settings at all: QSettings go to a new INI file under tmp_path."""
    from pibdesk.ui import prefs

    ini = tmp_path / "profile" / "pibdesk.ini"
    monkeypatch.setattr(prefs, "OVERRIDE_PATH", str(ini))
    assert not ini.exists()
    return ini


@pytest.fixture()
def founding_db(db_path: Path, raw_dir: Path) -> Path:
    """A migrated database holding the founding example, imported by the real parser."""
    from pibdesk.services.corpus import CorpusService
    from pibdesk.storage.db import Database

    db = Database(db_path)
    report = CorpusService(db).import_paths([raw_dir / FOUNDING_NAME])
    db.dispose()
    assert [o.status for o in report.outcomes] == ["imported"], report.to_json()
    return db_path


@pytest.fixture()
def window(qtbot: Any, fresh_profile: Path) -> Iterator[Any]:
    """A factory ``window(db_path, author=None)`` giving a shown, active main window."""
    from pibdesk.app import create_main_window

    made: list[Any] = []

    def factory(db_path: Path | str, author: str | None = "tester") -> Any:
        win = create_main_window(db_path, author=author)
        qtbot.addWidget(win)
        win.resize(1300, 900)
        win.show()
        qtbot.waitExposed(win)
        win.activateWindow()
        qtbot.waitUntil(lambda: win.isActiveWindow())
        made.append(win)
        return win

    yield factory
    for w in made:
        w.close()
