"""Shared fixtures. The corpus lives in ``../shared`` beside the repository (CI too)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from pgcluster import any_db, pg_cluster, pg_db, pg_template, pg_url  # noqa: F401  (fixtures)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO.parent / "shared").resolve()
CORPUS = SHARED / "corpus"
RAW = CORPUS / "raw"
FOUNDING = RAW / "txt_1583904.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"shared data not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    return shared_dir / "corpus"


@pytest.fixture(scope="session")
def raw_dir(corpus_dir: Path) -> Path:
    return corpus_dir / "raw"


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    """A fresh, migrated SQLite database file."""
    from pibdesk.storage.db import Database

    path = tmp_path / "test.db"
    db = Database(path)
    db.migrate()
    db.dispose()
    return path


@pytest.fixture()
def db(db_path: Path):  # type: ignore[no-untyped-def]
    from pibdesk.storage.db import Database

    d = Database(db_path)
    yield d
    d.dispose()


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real user data dir, config or QSettings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("PIBDESK_DB", raising=False)



@pytest.fixture(autouse=True)
def _no_forgotten_modal_dialog(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """A GUI test that opens a modal dialog nobody answers fails instead of hanging
    (see :class:`qt_watchdog.ModalWatchdog`). Only tests that use ``qtbot`` are watched.

    It also installs the app's GUI-thread garbage collector (:mod:`pibdesk.ui.gui_gc`) as
    the app does, and after every test collects what is due in the main thread."""
    if "qtbot" not in request.fixturenames:
        yield
        gg = sys.modules.get("pibdesk.ui.gui_gc")  # automatic collection is off once Qt ran
        if gg is not None and (collector := gg.installed()) is not None:
            gg.collect_if_due(collector.threshold)
        return
    from qt_watchdog import ModalWatchdog

    from pibdesk.ui import gui_gc

    request.getfixturevalue("qapp")
    collector = gui_gc.install()  # as the app does: no Qt object dies in a worker thread
    dog = ModalWatchdog()
    dog.start()
    yield
    dog.stop()
    gui_gc.collect_if_due(collector.threshold)
    if dog.forgotten:
        pytest.fail("a modal dialog was left open: " + "; ".join(dog.forgotten))
