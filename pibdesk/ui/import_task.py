"""Background import of release files: a ``QThreadPool`` task with progress and Cancel,
its controller (progress dialog, report) and drag-and-drop onto the window.

The task (Picard's ``run_task`` pattern) talks to the GUI only by queued signals; the
service writes whole releases per transaction, so Cancel leaves a consistent database.
Object names for automation: ``importProgress``, ``importReport``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pibdesk.core.model import ImportReport
from pibdesk.services.corpus import CorpusService, write_report
from pibdesk.ui.busy_worker import emit_if_alive

STATUS_WORDS = {
    "imported": "imported",
    "present": "already present",
    "revised": "revised",
    "updated": "updated",
    "failed": "failed",
}



# --------------------------------------------------------------------------- import task
class _ImportSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)  # ImportReport
    failed = Signal(str)


class ImportTask(QRunnable):
    """Runs :meth:`CorpusService.import_paths` on a pool thread.

    ``signals.progress(done, total, source)`` at most every 50 ms, then
    ``signals.finished(report)`` (or ``signals.failed(message)`` on an unexpected error).
    :meth:`cancel` asks the import to stop; the open batch is rolled back.
    """

    def __init__(self, corpus: CorpusService, paths: list[str]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.corpus = corpus
        self.paths = paths
        self.signals = _ImportSignals()
        self._cancel = threading.Event()
        self._last = 0.0

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int, source: str) -> None:
        now = time.monotonic()
        if now - self._last >= 0.05 or done >= total:
            self._last = now
            emit_if_alive(self.signals.progress, done, total, source)

    def run(self) -> None:
        try:
            report = self.corpus.import_paths(
                self.paths, progress=self._progress, cancel=self._cancel.is_set
            )
        except Exception as e:  # reported in the GUI, never lost in the pool thread
            emit_if_alive(self.signals.failed, f"{type(e).__name__}: {e}")
            return
        emit_if_alive(self.signals.finished, report)


class ImportReportDialog(QDialog):
    """The end-of-import report: totals, then one row per release that was not simply
    "already present" (failures first, with reasons), and an Export report button."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importReport")
        self.setWindowTitle("Import report")
        self.report = report
        t = report.totals()
        head = (
            f"<b>{len(report.outcomes)}</b> releases: <b>{t['imported']}</b> imported, "
            f"<b>{t['present']}</b> already present, <b>{t['revised']}</b> revised, "
            f"<b>{t['updated']}</b> updated, <b>{t['failed']}</b> failed"
        )
        if report.cancelled:
            head += "<br><span style='color:#a33'>Cancelled: the releases listed were stored; "
            head += "the rest were not imported.</span>"
        review = sum(o.needs_review for o in report.outcomes)
        if review:
            head += (
                f"<br>{review} annotation(s) could not be placed on a revised text and need review."
            )
        self.summary = QLabel(head)
        self.summary.setObjectName("importReportSummary")
        self.summary.setWordWrap(True)
        order = {"failed": 0, "revised": 1, "updated": 2, "imported": 3, "present": 4}
        rows = sorted(
            (o for o in report.outcomes if o.status != "present" or len(report.outcomes) < 200),
            key=lambda o: order.get(o.status, 5),
        )
        self.table = QTableWidget(len(rows), 4)
        self.table.setObjectName("importReportTable")
        self.table.setHorizontalHeaderLabels(["Status", "Source", "Release ID", "Details"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for r, o in enumerate(rows):
            for c, value in enumerate(
                (STATUS_WORDS.get(o.status, o.status), o.source, str(o.release_id or ""), o.message)
            ):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton("Export report…")
        self.export_button.setObjectName("exportReport")
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self._export_dialog)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        self.resize(760, 460)

    def export_to(self, path: str | Path) -> None:
        """Save the report (``.json`` or ``.csv``; see :func:`write_report`)."""
        write_report(self.report, path)

    def _export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export import report", "import-report.csv", "CSV (*.csv);;JSON (*.json)"
        )
        if path:
            try:
                self.export_to(path)
            except OSError as e:
                QMessageBox.warning(self, "Export report", f"{path}: {e.strerror or e}")


class ImportController(QObject):
    """Starts background imports with a progress dialog (Cancel) and shows the report.

    ``finished(report)`` is emitted after the report dialog is shown.
    """

    finished = Signal(object)

    def __init__(self, corpus: CorpusService, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.corpus = corpus
        self.parent_widget = parent_widget
        self.task: ImportTask | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.pool = QThreadPool.globalInstance()

    def busy(self) -> bool:
        return self.task is not None

    def start(self, paths: list[str]) -> bool:
        """Import ``paths`` (files, folders, dataset files) in the background.

        Returns False (and does nothing) while another import is running.
        """
        if self.task is not None or not paths:
            return False
        task = ImportTask(self.corpus, list(paths))
        dlg = QProgressDialog("Reading files…", "Cancel", 0, 0, self.parent_widget)
        dlg.setObjectName("importProgress")
        dlg.setWindowTitle("Importing releases")
        dlg.setMinimumDuration(0)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.canceled.connect(self._cancel)
        task.signals.progress.connect(self._on_progress)
        task.signals.finished.connect(self._on_finished)
        task.signals.failed.connect(self._on_failed)
        self.task, self.progress_dialog = task, dlg
        dlg.show()
        self.pool.start(task)
        return True

    def cancel(self) -> None:
        """Ask the running import to stop (same as the dialog's Cancel)."""
        self._cancel()

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            if self.progress_dialog is not None:
                self.progress_dialog.setLabelText("Cancelling: finishing the current release…")

    def _on_progress(self, done: int, total: int, source: str) -> None:
        dlg = self.progress_dialog
        if dlg is None or self.task is None or self.task._cancel.is_set():
            return
        if dlg.maximum() != total:
            dlg.setMaximum(max(total, 1))
        dlg.setValue(min(done, max(total, 1)))
        dlg.setLabelText(f"Importing {done:,} of {total:,}\n{source}")

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self._cancel)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
        self.progress_dialog = None
        self.task = None

    def _on_failed(self, message: str) -> None:
        self._close_progress()
        QMessageBox.critical(self.parent_widget, "Import failed", message)

    def _on_finished(self, report: ImportReport) -> None:
        self._close_progress()
        dlg = ImportReportDialog(report, self.parent_widget)
        self.report_dialog = dlg
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show()
        self.finished.emit(report)


# --------------------------------------------------------------------------- drag and drop
class DropImporter(QObject):
    """Event filter: files or folders dropped on the window are imported."""

    def __init__(self, window: QWidget, start: Callable[[list[str]], object]) -> None:
        super().__init__(window)
        self.start = start
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        et = event.type()
        if et in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            mime = event.mimeData()  # type: ignore[attr-defined]
            if mime.hasUrls() and any(u.isLocalFile() for u in mime.urls()):
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
        elif et == QEvent.Type.Drop:
            mime = event.mimeData()  # type: ignore[attr-defined]
            paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
            if paths:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                self.start(paths)
                return True
        return False
