"""File > Import annotations…: read an annotation set written by pibdesk or another tool.

The editor picks a file (or a brat/XMI folder), a format (or lets pibdesk guess), and
whether texts not in the corpus become new documents. **Preview** runs the import as a
dry run (rolled back) and shows the report; **Import** stores it in one transaction.
Both run in a ``QThreadPool`` task; the report lists what was added, merged and refused
(with reasons), and counts by reason what was skipped as not annotations (UIMA tokens,
sentences, metadata). Widgets call :class:`AnnotationImportService` only.

Object names for automation: ``importAnnotationsDialog``, ``importAnnotationsPath``,
``importAnnotationsFormat``, ``importAnnotationsCreate``, ``importAnnotationsPreview``,
``importAnnotationsRun``, ``importAnnotationsReport``.
"""

from __future__ import annotations

from html import escape
from typing import TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pibdesk.export import registry
from pibdesk.services.annotation_import import AnnotationImportReport, AnnotationImportService
from pibdesk.ui.busy_worker import emit_if_alive

_W = TypeVar("_W", bound=QWidget)


def _named(widget: _W, name: str) -> _W:
    """``widget`` with its object name set (for automation and tests)."""
    widget.setObjectName(name)
    return widget


class _Signals(QObject):
    finished = Signal(object)  # AnnotationImportReport
    failed = Signal(str)


class ImportAnnotationsTask(QRunnable):
    """Runs :meth:`AnnotationImportService.import_file` on a pool thread."""

    def __init__(
        self,
        service: AnnotationImportService,
        path: str,
        fmt: str | None,
        create: bool,
        dry_run: bool,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.service, self.path, self.fmt = service, path, fmt
        self.create_documents, self.dry_run = create, dry_run
        self.signals = _Signals()

    def run(self) -> None:
        try:
            report = self.service.import_file(
                self.path, self.fmt, create_documents=self.create_documents, dry_run=self.dry_run
            )
        except Exception as e:  # shown in the dialog (bad file: nothing was imported)
            emit_if_alive(self.signals.failed, f"{e}")
            return
        emit_if_alive(self.signals.finished, report)


def report_html(r: AnnotationImportReport) -> str:
    """The report as HTML: totals, new labels/entities, every refusal with its reason, then
    the skipped items counted by reason."""
    head = "Preview (nothing stored)" if r.dry_run else "Imported"
    parts = [
        f"<p><b>{head}:</b> {escape(r.summary())} from <code>{escape(r.source)}</code> "
        f"[{escape(r.format)}]</p>"
    ]
    if r.labels_created:
        parts.append(f"<p>New labels: {escape(', '.join(r.labels_created))}</p>")
    if r.entities_created:
        parts.append(f"<p>New entities: {escape(', '.join(r.entities_created))}</p>")
    if r.refused:
        rows = "".join(
            f"<tr><td>{escape(x.where)}</td><td>{escape(x.reason)}</td></tr>"
            for x in r.refused[:500]
        )
        parts.append(f"<p><b>Refused ({len(r.refused)}):</b></p><table>{rows}</table>")
    if r.skipped:
        rows = "".join(
            f"<tr><td>{n}</td><td>{escape(reason)}</td></tr>" for reason, n in r.skipped_by_reason()
        )
        parts.append(
            f"<p><b>Skipped, not annotations ({len(r.skipped)}):</b></p><table>{rows}</table>"
        )
    return "".join(parts)


class ImportAnnotationsDialog(QDialog):
    """The import form and its report."""

    imported = Signal(object)  # AnnotationImportReport (not for previews)

    def __init__(self, service: AnnotationImportService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importAnnotationsDialog")
        self.setWindowTitle("Import annotations")
        self.service = service
        self.pool = QThreadPool.globalInstance()
        self.task: ImportAnnotationsTask | None = None
        self.report: AnnotationImportReport | None = None

        self.path = _named(QLineEdit(), "importAnnotationsPath")
        pick_file = QPushButton("File…")
        pick_file.clicked.connect(self._pick_file)
        pick_dir = QPushButton("Folder…")
        pick_dir.setToolTip("A brat or XMI folder")
        pick_dir.clicked.connect(self._pick_dir)
        self.format_box = _named(QComboBox(), "importAnnotationsFormat")
        self.format_box.addItem("Guess from the file", None)
        for f in registry.all_formats():
            if f.can_import:
                self.format_box.addItem(f.title, f.name)
        self.create_box = _named(
            QCheckBox("Add documents that are not in the corpus (built from the file's own text)"),
            "importAnnotationsCreate",
        )
        self.preview_button = _named(QPushButton("Preview"), "importAnnotationsPreview")
        self.run_button = _named(QPushButton("Import"), "importAnnotationsRun")
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        self.view = _named(QTextBrowser(), "importAnnotationsReport")
        self.view.setMinimumHeight(220)

        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(pick_file)
        row.addWidget(pick_dir)
        form.addRow("Annotations:", row)
        form.addRow("Format:", self.format_box)
        form.addRow("", self.create_box)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.run_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.preview_button.clicked.connect(lambda: self.start(dry_run=True))
        self.run_button.clicked.connect(lambda: self.start(dry_run=False))
        self.resize(640, 420)

    def _pick_file(self) -> None:
        path = QFileDialog.getOpenFileName(self, "Annotation file")[0]
        if path:
            self.path.setText(path)

    def _pick_dir(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "brat or XMI folder")
        if path:
            self.path.setText(path)

    def start(self, dry_run: bool) -> None:
        """Run a preview (``dry_run``) or the import in the thread pool."""
        path = self.path.text().strip()
        if not path or self.task is not None:
            return
        self.preview_button.setEnabled(False)
        self.run_button.setEnabled(False)
        self.view.setPlainText("Reading…")
        self.task = ImportAnnotationsTask(
            self.service, path, self.format_box.currentData(), self.create_box.isChecked(), dry_run
        )
        self.task.signals.finished.connect(self._on_finished)
        self.task.signals.failed.connect(self._on_failed)
        self.pool.start(self.task)

    def _done(self) -> None:
        self.task = None
        self.preview_button.setEnabled(True)
        self.run_button.setEnabled(True)

    def _on_finished(self, report: AnnotationImportReport) -> None:
        self._done()
        self.report = report
        self.view.setHtml(report_html(report))
        if not report.dry_run:
            self.imported.emit(report)

    def _on_failed(self, message: str) -> None:
        self._done()
        self.view.setPlainText(f"Nothing was imported.\n{message}")

    def busy(self) -> bool:
        return self.task is not None
