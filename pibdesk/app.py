"""Composition root of the desktop app: database, services, fonts, main window.

:func:`create_main_window` is for tests and embedding (the caller owns the
``QApplication``); :func:`run_gui` is what ``pibdesk``, ``pibdesk gui`` and
``pibdesk --demo`` run.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from pibdesk.config import APP_NAME, default_author, default_db
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.maintenance import upgrade_database
from pibdesk.storage.db import Database
from pibdesk.ui.fonts import register_bundled_fonts
from pibdesk.ui.main_window import MainWindow, sample_files


def create_main_window(db_path: str | os.PathLike[str], author: str | None = None) -> MainWindow:
    """Open (and upgrade) the database at ``db_path`` and build a main window over it.

    A ``QApplication`` must exist (the caller owns it). The window is not shown. It keeps
    its :class:`Database` as ``window.db`` and disposes of it when destroyed.
    ``author`` defaults to :func:`pibdesk.config.default_author`.
    Raises :class:`~pibdesk.core.errors.SchemaVersionError` for a database from a newer
    pibdesk (left untouched).
    """
    if QApplication.instance() is None:
        raise RuntimeError("create_main_window needs a QApplication (create it first)")
    register_bundled_fonts()
    db = Database(db_path)
    upgrade_database(db)
    window = MainWindow(CorpusService(db), AnnotationService(db), author or default_author())
    window.db = db  # type: ignore[attr-defined]
    window.destroyed.connect(lambda *_: db.dispose())
    return window


def make_demo_database(folder: str | os.PathLike[str]) -> Path:
    """A fresh database in ``folder`` loaded with the bundled samples; returns its path."""
    path = Path(folder) / "pibdesk-demo.db"
    db = Database(path)
    try:
        upgrade_database(db)
        CorpusService(db).import_paths(sample_files())
    finally:
        db.dispose()
    return path


def run_gui(db: str | None = None, demo: bool = False, files: Sequence[str] = ()) -> int:
    """Run the desktop app; returns the exit status.

    ``db``: database path or URL (default: ``$PIBDESK_DB`` or the user data dir).
    ``demo``: use a throwaway database (deleted at exit) holding the sample releases.
    ``files``: release files to import and open. On an empty database (not demo) the
    window offers to load the samples.
    """
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    tmp: str | None = None
    try:
        if demo:
            tmp = tempfile.mkdtemp(prefix="pibdesk-demo-")
            path: str | Path = make_demo_database(tmp)
        else:
            path = default_db(db)
        window = create_main_window(path)
        if files:
            window.import_files(list(files))
        window.show()
        if not demo and not files:
            QTimer.singleShot(0, window.offer_samples)
        return int(app.exec())
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
