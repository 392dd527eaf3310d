"""File > Restore from backup…: pick one of the database's backups and bring it back.

The dialog lists the backups of :mod:`pibdesk.services.backup` (newest first) with
their local time, kind, and how many releases and annotations each holds. Restoring
asks once more, then :func:`pibdesk.services.backup.restore_backup` saves the current
file as a ``prerestore`` backup (so a restore can itself be undone from this same list)
and copies the chosen backup into the live file. The window then drops its undo history
(its commands name annotations of the replaced content) and reloads.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pibdesk.core.errors import PibdeskError
from pibdesk.services.backup import (
    BackupInfo,
    backup_dir,
    list_backups,
    maybe_daily_backup,
    restore_backup,
)
from pibdesk.storage.db import Database
from pibdesk.ui.busy_worker import emit_if_alive

KIND_WORDS = {
    "premigration": "before upgrade",
    "daily": "daily",
    "manual": "manual",
    "prerestore": "before restore",
}


def _count(n: int | None) -> str:
    return "?" if n is None else f"{n:,}"


class RestoreDialog(QDialog):
    """A table of backups; :meth:`selected` is the chosen one after ``Accepted``."""

    COLUMNS = ("Time", "Kind", "Releases", "Annotations", "Size")

    def __init__(self, backups: list[BackupInfo], folder: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from backup")
        self.backups = backups
        intro = QLabel(
            "Choose a backup to bring back. The database as it is now is saved as a "
            "backup first, so this can be undone."
            + (f"\nBackups are kept in {folder}" if folder else "")
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(backups), len(self.COLUMNS))
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, b in enumerate(backups):
            values = (
                b.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                KIND_WORDS.get(b.kind, b.kind),
                _count(b.releases),
                _count(b.annotations),
                f"{b.size / 1_048_576:.1f} MB",
            )
            for col, v in enumerate(values):
                item = QTableWidgetItem(v)
                if col >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                item.setToolTip(str(b.path))
                self.table.setItem(row, col, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            "&Restore", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(
            lambda: self.restore_button.setEnabled(self.selected() is not None)
        )
        self.table.doubleClicked.connect(lambda _i: self.accept())
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.table)
        lay.addWidget(self.buttons)
        self.resize(640, 360)

    def selected(self) -> BackupInfo | None:
        """The backup of the selected row (None if no row is selected)."""
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None


def _ask(parent: QWidget, info: BackupInfo) -> bool:
    when = info.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    answer = QMessageBox.question(
        parent,
        "Restore from backup",
        f"Replace the database with the backup of {when} "
        f"({_count(info.releases)} releases, {_count(info.annotations)} annotations)?\n\n"
        "The database as it is now is saved as a backup first. Other pibdesk windows "
        "on this database should be closed.",
    )
    return answer == QMessageBox.StandardButton.Yes


def restore_from_backup(
    window: Any,
    db: Database,
    choose: Callable[[list[BackupInfo]], BackupInfo | None] | None = None,
    confirm: Callable[[BackupInfo], bool] | None = None,
) -> Path | None:
    """Run the restore flow for ``window`` over ``db``; returns the backup restored.

    ``choose`` and ``confirm`` replace the dialog and the question (tests, scripts).
    Errors (a damaged or newer backup) are shown in a message box; nothing changes then.
    """
    backups = list_backups(db)
    if not backups:
        QMessageBox.information(window, "Restore from backup",
                                f"There are no backups yet in {backup_dir(db)}.")
        return None
    if choose is None:
        dlg = RestoreDialog(backups, backup_dir(db), window)
        info = dlg.selected() if dlg.exec() == QDialog.DialogCode.Accepted else None
    else:
        info = choose(backups)
    if info is None or not (confirm or (lambda b: _ask(window, b)))(info):
        return None
    try:
        restore_backup(db, info.path)
    except PibdeskError as e:
        QMessageBox.warning(window, "Restore from backup", str(e))
        return None
    _reload(window)
    when = info.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    window.statusBar().showMessage(f"Restored the backup of {when}", 8000)
    return info.path


def _reload(window: Any) -> None:
    """Make the window show the restored content (no undo across a restore)."""
    window.undo_stack.clear()
    current = window.current_release()
    window.apply_filter()
    if hasattr(window, "annotations"):
        window._last_change = window.annotations.last_change()
    if current is not None:
        try:
            window.open_release(current.id)
        except PibdeskError:  # the release is not in the restored content
            window._release = None
            window.text_view.set_release_text("")
            window.text_view.set_annotations([])
            window._set_panel([])


class _BackupSignals(QObject):
    made = Signal(object)  # Path | None
    failed = Signal(str)


class _DailyBackupTask(QRunnable):
    """:func:`maybe_daily_backup` on a pool thread; the outcome goes back by signal (the
    thread touches no widget). Copying a database of 50,000 releases takes tens of
    seconds (``benchmarks/bench_cold_start.py``): on the GUI thread it held the window's
    first paint until the copy was done."""

    def __init__(self, db: Database, now: datetime | None) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.db, self.now = db, now
        self.signals = _BackupSignals()

    def run(self) -> None:
        try:
            made = maybe_daily_backup(self.db, self.now)
        except Exception as e:  # disk full, file gone, ...: reported in the GUI thread
            emit_if_alive(self.signals.failed, str(e))
            return
        emit_if_alive(self.signals.made, made)


class DailyBackup(QObject):
    """The day's backup while the app runs: at start and then every :attr:`INTERVAL_MS`.

    The app may stay open for days; checking hourly makes the first hour of a new local
    day write that day's backup (:func:`maybe_daily_backup` does nothing when one
    exists). At start and on the timer the check runs on a pool thread
    (:meth:`start`), so a big database's copy never blocks the window; :meth:`run` is
    the same check done at once. A child of the window (object name ``dailyBackup``):
    its timer stops with it. ``finished(path or None)`` is emitted after each
    background check (None: none needed, or it failed).
    """

    #: How often the day's backup is looked for: one hour, in milliseconds.
    INTERVAL_MS = 60 * 60 * 1000

    finished = Signal(object)

    def __init__(self, window: Any, db: Database) -> None:
        super().__init__(window)
        self.setObjectName("dailyBackup")
        self.main_window = window
        self.db = db
        self.timer = QTimer(self)
        self.timer.setObjectName("dailyBackupTimer")
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(lambda: self.start())
        self._task: _DailyBackupTask | None = None

    @property
    def busy(self) -> bool:
        """True while a background check (:meth:`start`) is running."""
        return self._task is not None

    def start(self, now: datetime | None = None) -> bool:
        """Check for the day's backup on a pool thread (False: one is still running).

        The outcome is shown in the status bar as :meth:`run` shows it, then
        :attr:`finished` is emitted."""
        if self._task is not None:
            return False
        task = _DailyBackupTask(self.db, now)
        task.signals.made.connect(self._made, Qt.ConnectionType.QueuedConnection)
        task.signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self._task = task
        _RUNNING.add(task)  # kept alive until it reports, even if the window goes first
        QThreadPool.globalInstance().start(task)
        return True

    def _done(self) -> None:
        if self._task is not None:
            _RUNNING.discard(self._task)
            self._task = None

    def _made(self, made: Path | None) -> None:
        self._done()
        self._show(made)
        self.finished.emit(made)

    def _failed(self, message: str) -> None:
        self._done()
        self._show_failure(message)
        self.finished.emit(None)

    def _show(self, made: Path | None) -> None:
        if made is not None:
            self.main_window.statusBar().showMessage(f"Backed up the database to {made}", 5000)

    def _show_failure(self, message: str) -> None:
        self.main_window.statusBar().showMessage(f"Daily backup failed: {message}", 15000)

    def run(self, now: datetime | None = None) -> Path | None:
        """Write the day's backup if there is none yet, at once; returns its path (else None).

        ``now`` (aware; default: the current time) says which day it is. Success and
        failure are shown in the window's status bar; nothing raises, since a failed
        backup must not stop the editor's work.
        """
        try:
            made = maybe_daily_backup(self.db, now)
        except Exception as e:  # disk full, file gone, ...: report, keep working
            self._show_failure(str(e))
            return None
        self._show(made)
        return made


#: Background backup tasks not yet reported (holds them while their thread runs).
_RUNNING: set[_DailyBackupTask] = set()


def install(window: Any, db: Database, *, daily: bool = True) -> QAction | None:
    """Add File > Restore from backup… to ``window`` (before Quit) and, with ``daily``,
    write the day's backup if there is none yet (on a pool thread) and look again every
    hour (:class:`DailyBackup`; a failure is shown in the status bar, it does not stop
    the app). Returns the action (None for a database that is not a SQLite file: a server
    database is backed up by its server)."""
    if not db.is_sqlite or db.path is None:
        return None
    if daily and window.findChild(DailyBackup, "dailyBackup") is None:
        daily_backup = DailyBackup(window, db)
        daily_backup.start()
        daily_backup.timer.start()
    action = QAction("&Restore from backup…", window)
    action.setObjectName("restoreBackupAction")
    action.triggered.connect(lambda: restore_from_backup(window, db))
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is not None and menu_action.text().replace("&", "") == "File":
            quit_action = next(
                (a for a in menu.actions() if a.text().replace("&", "") == "Quit"), None
            )
            menu.insertAction(quit_action, action) if quit_action else menu.addAction(action)
            break
    return action
