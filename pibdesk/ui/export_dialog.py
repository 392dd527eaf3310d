"""File > Export…: choose a format and a selection, see its size, export off the GUI thread.

The form shows how many releases and annotations the selection holds before anything is
written (``ExportService.count``). The export runs in a ``QThreadPool`` task
(:class:`ExportTask`, Picard's ``run_task`` pattern) that reports progress by queued
signals and stops on Cancel; the service writes beside the target and renames at the
end, so a cancelled export leaves nothing behind. Widgets call services only.

Object names for automation: ``exportDialog``, ``exportFormat``, ``exportScope``,
``exportDates``, ``exportSince``, ``exportUntil``, ``exportMinistry``, ``exportLabels``,
``exportEntity``, ``exportAuthor``, ``exportLayer``, ``exportStatus``, ``exportCount``, ``exportPath``,
``exportButton``, ``exportCancel``, ``exportProgress``, ``exportResult``.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QDate, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pibdesk.core.model import IST, ReleaseStatus
from pibdesk.export import registry
from pibdesk.export.base import ExportCancelled, ExportResult
from pibdesk.services.export import AnnotationSelection, ExportService
from pibdesk.ui.busy_worker import emit_if_alive

_W = TypeVar("_W", bound=QWidget)


def _named(widget: _W, name: str) -> _W:
    """``widget`` with its object name set (for automation and tests)."""
    widget.setObjectName(name)
    return widget


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)  # ExportResult
    cancelled = Signal()
    failed = Signal(str)


class ExportTask(QRunnable):
    """Runs :meth:`ExportService.export` on a pool thread.

    ``signals.progress(done, total, title)`` at most every 50 ms, then ``finished(result)``,
    ``cancelled()`` or ``failed(message)``. :meth:`cancel` asks it to stop between releases.
    """

    def __init__(
        self, service: ExportService, fmt: str, path: str, selection: AnnotationSelection
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.service, self.fmt, self.path, self.selection = service, fmt, path, selection
        self.signals = _Signals()
        self._cancel = threading.Event()
        self._last = 0.0

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int, title: str) -> None:
        now = time.monotonic()
        if now - self._last >= 0.05 or done >= total:
            self._last = now
            emit_if_alive(self.signals.progress, done, total, title)

    def run(self) -> None:
        try:
            result = self.service.export(
                self.fmt, self.path, self.selection, self._progress, self._cancel.is_set
            )
        except ExportCancelled:
            emit_if_alive(self.signals.cancelled)
            return
        except Exception as e:  # shown in the dialog, never lost in the pool thread
            emit_if_alive(self.signals.failed, f"{type(e).__name__}: {e}")
            return
        emit_if_alive(self.signals.finished, result)


class ExportDialog(QDialog):
    """The export form. ``release_pks`` are the releases selected in the window (offered
    as a scope); ``labels`` the label names of the schema."""

    exported = Signal(object)  # ExportResult

    def __init__(
        self,
        service: ExportService,
        labels: list[str],
        release_pks: list[int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export annotations")
        self.service = service
        self.release_pks = list(release_pks or [])
        self.pool = QThreadPool.globalInstance()
        self.task: ExportTask | None = None
        self.last_result: ExportResult | None = None

        self.format_box = _named(QComboBox(), "exportFormat")
        for f in registry.all_formats():
            if not f.can_export:
                continue
            self.format_box.addItem(f.title, f.name)
            i = self.format_box.count() - 1
            tip = f"Offsets: {f.offset_unit}"
            if f.unavailable:
                tip = f"Unavailable: {f.unavailable}"
                item = self.format_box.model().item(i)  # type: ignore[attr-defined]
                item.setEnabled(False)
            self.format_box.setItemData(i, tip, Qt.ItemDataRole.ToolTipRole)
        self.unit_label = QLabel()
        self.unit_label.setObjectName("exportUnit")

        self.scope = _named(QComboBox(), "exportScope")
        self.scope.addItem("All releases", "all")
        if self.release_pks:
            n = len(self.release_pks)
            self.scope.addItem(f"Selected release{'s' if n > 1 else ''} ({n})", "selected")

        self.dates = _named(QCheckBox("Posted between"), "exportDates")
        today = QDate.currentDate()
        self.since = _named(QDateEdit(today.addMonths(-1)), "exportSince")
        self.until = _named(QDateEdit(today), "exportUntil")
        for d in (self.since, self.until):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.setEnabled(False)
        self.ministry = _named(QLineEdit(), "exportMinistry")
        self.ministry.setPlaceholderText("any ministry")
        self.label_list = _named(QListWidget(), "exportLabels")
        for name in labels:
            it = QListWidgetItem(name)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Unchecked)
            self.label_list.addItem(it)
        self.label_list.setMaximumHeight(90)
        self.label_list.setToolTip("Tick labels to export only those (none ticked: all labels)")
        self.entity = _named(QLineEdit(), "exportEntity")
        self.entity.setPlaceholderText("any entity (name or alias)")
        self.author = _named(QLineEdit(), "exportAuthor")
        self.author.setPlaceholderText("any author")
        self.layer = _named(QComboBox(), "exportLayer")
        self.layer.addItem("every layer", None)
        self.layer.addItem("curated (the reviewed final layer)", "curated")
        for name in service.editor_names():
            self.layer.addItem(f"{name}'s own layer", name)
        self.layer.setToolTip(
            "Releases annotated independently have one layer per editor and, after review, "
            "a curated one: export one of them"
        )
        self.status = _named(QComboBox(), "exportStatus")
        self.status.addItem("any status", None)
        for s in ReleaseStatus:
            self.status.addItem(s.value.replace("_", " "), s.value)

        self.count_label = _named(QLabel(), "exportCount")
        self.path = _named(QLineEdit(), "exportPath")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.export_button = _named(QPushButton("Export"), "exportButton")
        self.export_button.setDefault(True)
        self.cancel_button = _named(QPushButton("Cancel"), "exportCancel")
        self.progress = _named(QProgressBar(), "exportProgress")
        self.progress.setVisible(False)
        self.result_label = _named(QLabel(), "exportResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        fmt_row = QHBoxLayout()
        fmt_row.addWidget(self.format_box, 1)
        form.addRow("Format:", fmt_row)
        form.addRow("", self.unit_label)
        form.addRow("Releases:", self.scope)
        dates_row = QHBoxLayout()
        dates_row.addWidget(self.dates)
        dates_row.addWidget(self.since)
        dates_row.addWidget(QLabel("and"))
        dates_row.addWidget(self.until)
        dates_row.addWidget(QLabel("(IST)"))
        form.addRow("Dates:", dates_row)
        form.addRow("Ministry:", self.ministry)
        form.addRow("Labels:", self.label_list)
        form.addRow("Entity:", self.entity)
        form.addRow("Author:", self.author)
        form.addRow("Layer:", self.layer)
        form.addRow("Status:", self.status)
        form.addRow("Selection holds:", self.count_label)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form.addRow("Save to:", path_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addLayout(buttons)

        self._count_timer = QTimer(self, singleShot=True, interval=150)
        self._count_timer.timeout.connect(self.update_count)
        for sig in (
            self.scope.currentIndexChanged,
            self.status.currentIndexChanged,
            self.layer.currentIndexChanged,
            self.ministry.textChanged,
            self.entity.textChanged,
            self.author.textChanged,
            self.since.dateChanged,
            self.until.dateChanged,
            self.label_list.itemChanged,
        ):
            sig.connect(lambda *_: self._count_timer.start())
        self.dates.toggled.connect(self._dates_toggled)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self._format_changed()
        self.update_count()
        self.resize(560, 0)

    # ------------------------------------------------------------------ form
    def format_name(self) -> str:
        return str(self.format_box.currentData())

    def _format_changed(self) -> None:
        fmt = registry.get(self.format_name())
        note = f"Offsets: {fmt.offset_unit}."
        if fmt.target == "folder":
            note += " Writes a folder (one file per release)."
        if not fmt.carries_documents:
            note += " Holds annotations only (no release texts)."
        self.unit_label.setText(note)
        current = self.path.text().strip()
        if current:
            p = Path(current)
            stem = p.name.split(".")[0] if p.suffix else p.name
            self.path.setText(str(p.with_name(stem + fmt.suffix)))

    def _dates_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)
        self._count_timer.start()

    def _browse(self) -> None:
        fmt = registry.get(self.format_name())
        if fmt.target == "folder":
            path = QFileDialog.getSaveFileName(self, "Export folder (created)", "annotations")[0]
        else:
            path = QFileDialog.getSaveFileName(
                self,
                "Export annotations",
                "annotations" + fmt.suffix,
                f"{fmt.title} (*{fmt.suffix})",
            )[0]
        if path:
            self.path.setText(path)

    def selection(self) -> AnnotationSelection:
        """The selection the form describes (dates are IST days, both inclusive)."""

        def day(d: QDate) -> datetime:
            return datetime(d.year(), d.month(), d.day(), tzinfo=IST)

        labels = tuple(
            self.label_list.item(i).text()
            for i in range(self.label_list.count())
            if self.label_list.item(i).checkState() == Qt.CheckState.Checked
        )
        status = self.status.currentData()
        return AnnotationSelection(
            release_pks=tuple(self.release_pks) if self.scope.currentData() == "selected" else (),
            since=day(self.since.date()) if self.dates.isChecked() else None,
            until=day(self.until.date()) + timedelta(days=1) if self.dates.isChecked() else None,
            ministry=self.ministry.text().strip() or None,
            status=ReleaseStatus(status) if status else None,
            labels=labels,
            entity=self.entity.text().strip() or None,
            author=self.author.text().strip() or None,
            layer=self.layer.currentData(),
        )

    def update_count(self) -> tuple[int, int]:
        """Show (and return) how many releases and annotations the selection holds."""
        n_rel, n_ann = self.service.count(self.selection())
        self.count_label.setText(f"{n_rel} releases, {n_ann} annotations")
        return n_rel, n_ann

    # ------------------------------------------------------------------ export
    def start_export(self) -> None:
        path = self.path.text().strip()
        if not path:
            self.result_label.setText("Choose where to save the export.")
            return
        self.last_result = None
        self.result_label.setText("")
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.export_button.setEnabled(False)
        self.task = ExportTask(self.service, self.format_name(), path, self.selection())
        self.task.signals.progress.connect(self._on_progress)
        self.task.signals.finished.connect(self._on_finished)
        self.task.signals.cancelled.connect(
            lambda: self._on_end("Export cancelled; nothing was written.")
        )
        self.task.signals.failed.connect(lambda m: self._on_end(f"Export failed: {m}"))
        self.pool.start(self.task)

    def _on_progress(self, done: int, total: int, title: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"%v / %m  {title[:40]}")

    def _on_finished(self, result: ExportResult) -> None:
        self.last_result = result
        text = (
            f"Wrote {result.releases} releases, {result.annotations} annotations to {result.path}."
        )
        if result.companions:
            text += f"\nAlso wrote {', '.join(result.companions)}."
        if result.warnings:
            text += f"\n{len(result.warnings)} warnings (what the format cannot hold):\n"
            text += "\n".join(result.warnings[:8])
            if len(result.warnings) > 8:
                text += f"\n… and {len(result.warnings) - 8} more"
        self._on_end(text)
        self.exported.emit(result)

    def _on_end(self, message: str) -> None:
        self.task = None
        self.progress.setVisible(False)
        self.export_button.setEnabled(True)
        self.result_label.setText(message)

    def _cancel_or_close(self) -> None:
        if self.task is not None:
            self.task.cancel()
        else:
            self.reject()

    def busy(self) -> bool:
        return self.task is not None
