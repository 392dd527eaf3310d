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

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from pibdesk.config import APP_NAME, default_db, sample_files
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.connections import is_server_url, settings_url
from pibdesk.services.corpus import CorpusService
from pibdesk.services.maintenance import upgrade_database
from pibdesk.storage.db import Database
from pibdesk.ui import desktop, gui_gc, prefs, restore_dialog
from pibdesk.ui.assembly import build_main_window
from pibdesk.ui.fonts import register_bundled_fonts
from pibdesk.ui.icons import app_icon
from pibdesk.ui.main_window import MainWindow


def create_main_window(
    db_path: str | os.PathLike[str],
    author: str | None = None,
    add_to_recent: bool = True,
    daily_backup: bool = True,
) -> MainWindow:
    """Open (and upgrade) the database at ``db_path`` and build a main window over it.

    A ``QApplication`` must exist (the caller owns it). The window is not shown. It keeps
    its :class:`Database` as ``window.db`` and disposes of it when destroyed.
    ``author`` defaults to the editor's name remembered on this machine
    (:func:`pibdesk.ui.prefs.editor_name`); without one, the first annotation asks for it.
    The desktop habits (welcome page, theme, menus, F1, remembered layout, recent
    databases) are installed by :func:`pibdesk.ui.desktop.install`. ``daily_backup``
    writes the day's backup beside the file if there is none yet (off for the throwaway
    demo database).
    Raises :class:`~pibdesk.core.errors.SchemaVersionError` for a database from a newer
    pibdesk (left untouched).
    """
    if QApplication.instance() is None:
        raise RuntimeError("create_main_window needs a QApplication (create it first)")
    gui_gc.install()  # Qt objects in reference cycles die in the GUI thread, never a worker's
    register_bundled_fonts()
    if is_server_url(db_path):  # a password typed into the URL goes to the keyring (issue 9)
        from pibdesk.services.connections import remember

        db_path = remember(str(db_path))
    db = Database(db_path)
    upgrade_database(db)
    name = author or prefs.editor_name()
    window = build_main_window(CorpusService(db), AnnotationService(db), name)
    window.db = db  # type: ignore[attr-defined]
    window.destroyed.connect(lambda *_: db.dispose())
    shown = settings_url(db_path)
    if not is_server_url(shown):
        shown = str(Path(shown).expanduser().resolve())
    if add_to_recent:  # File > Recent databases (not for throwaway demo databases)
        prefs.add_recent_database(shown)
    desktop.install(
        window, shown, ask_author=not name, follow_editor=author is None,
        open_window=create_main_window,
    )
    restore_dialog.install(window, db, daily=daily_backup)  # File > Restore from backup…, daily backup (issue 8)
    QTimer.singleShot(0, gui_gc.settle_after_start)  # once the event loop runs: see gui_gc
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
    ``files``: release files to import and open. On an empty database the window shows
    the welcome page (load the samples, import a folder).
    """
    if QApplication.instance() is None:
        # fractional scale factors (125%, 150%) as the platform gives them: crisp text
        QApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_NAME)  # matches resources/pibdesk.desktop
    app.setWindowIcon(app_icon())
    tmp: str | None = None
    try:
        if demo:
            tmp = tempfile.mkdtemp(prefix="pibdesk-demo-")
            path: str | Path = make_demo_database(tmp)
        else:
            path = default_db(db)
        window = create_main_window(path, add_to_recent=not demo, daily_backup=not demo)
        if files:
            window.import_files(list(files))
        window.show()
        return int(app.exec())
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
