"""Corpus tools of the main window: background import with progress, cancel and report;
drag-and-drop import; full-text search; release-list filters; revision and "what
changed" view; links to the other language versions.

Everything here calls services (:class:`CorpusService`, :class:`SearchService`,
:class:`RevisionService`), never a database session. The import runs in a
``QThreadPool`` task (Picard's ``run_task`` pattern) and talks to the GUI only by
queued signals; the service writes whole releases per transaction, so Cancel leaves a
consistent database.

Object names for automation: ``searchBox``, ``searchResults``, ``filterMinistry``,
``filterBureau``, ``filterLanguage``, ``filterStatus``, ``filterDates``, ``filterSince``,
``filterUntil``, ``releaseExtras``, ``importProgress``, ``importReport``,
``revisionDiff``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pibdesk.core.corpus import Facets
from pibdesk.core.model import IST, ImportReport, Release, ReleaseStatus
from pibdesk.core.search import SearchHit
from pibdesk.services.corpus import CorpusService, write_report
from pibdesk.services.revisions import RevisionService
from pibdesk.services.search import SearchService

if TYPE_CHECKING:
    from pibdesk.ui.main_window import MainWindow

Index = QModelIndex | QPersistentModelIndex

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
            self.signals.progress.emit(done, total, source)

    def run(self) -> None:
        try:
            report = self.corpus.import_paths(
                self.paths, progress=self._progress, cancel=self._cancel.is_set
            )
        except Exception as e:  # reported in the GUI, never lost in the pool thread
            self.signals.failed.emit(f"{type(e).__name__}: {e}")
            return
        self.signals.finished.emit(report)


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


# --------------------------------------------------------------------------- search
class SearchResultsModel(QAbstractListModel):
    """Search hits; ``Qt.DisplayRole`` is plain text, ``Qt.UserRole`` the :class:`SearchHit`,
    :data:`HTML_ROLE` rich text (title, date, snippet with hits in bold)."""

    HTML_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        h = self.hits[index.row()]
        date = h.posted_at.astimezone(IST).strftime("%d %b %Y") if h.posted_at else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{h.title.splitlines()[0]} — {date}\n{' '.join(h.snippet_plain().split())}"
        if role == self.HTML_ROLE:
            title = escape(h.title.splitlines()[0] if h.title else "")
            snippet = " ".join(h.snippet_html().split())
            return (
                f"<div><b>{title}</b> <span style='color:#777'>{escape(date)}</span></div>"
                f"<div style='color:#333'>{snippet}</div>"
            )
        if role == Qt.ItemDataRole.UserRole:
            return h
        return None


class HtmlDelegate(QStyledItemDelegate):
    """Paints an item's :data:`SearchResultsModel.HTML_ROLE` rich text."""

    def _doc(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(index.data(SearchResultsModel.HTML_ROLE) or "")
        doc.setTextWidth(max(80, option.rect.width() - 8))
        return doc

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        doc = self._doc(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        painter.translate(option.rect.left() + 4, option.rect.top() + 2)
        doc.drawContents(painter)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        self.initStyleOption(option, index)
        doc = self._doc(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 4)


class SearchPanel(QWidget):
    """The search field (``searchBox``) and its results list (``searchResults``).

    Typing searches after a short pause; Enter in the field opens the current (else the
    first) result; Enter or a double click in the list opens that one.
    ``openRequested(pk, query)`` asks the window to open a release at the hit.
    """

    openRequested = Signal(int, str)
    LIMIT = 100

    def __init__(self, search: SearchService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = search
        self.filters: Callable[[], dict[str, Any]] = dict
        self.box = QLineEdit()
        self.box.setObjectName("searchBox")
        self.box.setPlaceholderText("Search all release texts (Enter opens)")
        self.box.setClearButtonEnabled(True)
        self.model = SearchResultsModel(self)
        self.results = QListView()
        self.results.setObjectName("searchResults")
        self.results.setModel(self.model)
        self.results.setItemDelegate(HtmlDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.hide()
        self.status = QLabel()
        self.status.setStyleSheet("color:#666; padding:0 4px")
        self.status.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.box)
        lay.addWidget(self.status)
        lay.addWidget(self.results, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.run_search)
        self.box.textChanged.connect(lambda _t: self._timer.start())
        self.box.returnPressed.connect(self._on_return)
        self.results.activated.connect(self._open_index)
        self.results.doubleClicked.connect(self._open_index)

    def run_search(self) -> list[SearchHit]:
        """Search now for the field's text (with the list's filters); returns the hits."""
        self._timer.stop()
        query = self.box.text().strip()
        if not query:
            self.model.set_hits([])
            self.results.hide()
            self.status.hide()
            return []
        from pibdesk.services.search import make_filter

        f = make_filter(**self.filters())
        hits = self.search.search(query, f, limit=self.LIMIT)
        total = self.search.count(query, f) if len(hits) >= self.LIMIT else len(hits)
        self.model.set_hits(hits)
        self.results.setVisible(bool(hits))
        self.status.setText(
            "no release matches"
            if not hits
            else f"{total:,} release{'s' if total != 1 else ''}"
            + (f" (first {len(hits)})" if total > len(hits) else "")
        )
        self.status.show()
        if hits:
            self.results.setCurrentIndex(self.model.index(0, 0))
        return hits

    def _on_return(self) -> None:
        if self._timer.isActive() or not self.model.hits:
            self.run_search()
        idx = self.results.currentIndex()
        if not idx.isValid() and self.model.hits:
            idx = self.model.index(0, 0)
        if idx.isValid():
            self._open_index(idx)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.openRequested.emit(self.model.hits[index.row()].pk, self.box.text().strip())


# --------------------------------------------------------------------------- filters
class FilterBar(QWidget):
    """Ministry, bureau, language, annotation status and posted-date filters.

    ``changed()`` fires on any change; :meth:`values` gives keyword arguments for
    :func:`pibdesk.services.search.make_filter` / ``ReleaseFilter`` (dates as aware IST
    datetimes, ``until`` exclusive = the day after the chosen last day).
    """

    changed = Signal()
    ANY = "(any)"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ministry = self._combo("filterMinistry", "Ministry")
        self.bureau = self._combo("filterBureau", "Bureau")
        self.language = self._combo("filterLanguage", "Language")
        self.status = self._combo("filterStatus", "Annotation status")
        for label, status in (
            ("not started", ReleaseStatus.NOT_STARTED),
            ("in progress", ReleaseStatus.IN_PROGRESS),
            ("done", ReleaseStatus.DONE),
        ):
            self.status.addItem(label, status.value)
        self.dates = QCheckBox("Posted")
        self.dates.setObjectName("filterDates")
        self.since = QDateEdit(QDate.currentDate().addYears(-1))
        self.since.setObjectName("filterSince")
        self.until = QDateEdit(QDate.currentDate())
        self.until.setObjectName("filterUntil")
        for d in (self.since, self.until):
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd MMM yyyy")
            d.setEnabled(False)
            d.dateChanged.connect(lambda _d: self.changed.emit())
        self.dates.toggled.connect(self._dates_toggled)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.ministry, 0, 0, 1, 2)
        grid.addWidget(self.bureau, 1, 0)
        grid.addWidget(self.language, 1, 1)
        grid.addWidget(self.status, 2, 0, 1, 2)
        row = QHBoxLayout()
        row.addWidget(self.dates)
        row.addWidget(self.since, 1)
        row.addWidget(QLabel("–"))
        row.addWidget(self.until, 1)
        grid.addLayout(row, 3, 0, 1, 2)

    def _combo(self, name: str, tip: str) -> QComboBox:
        c = QComboBox()
        c.setObjectName(name)
        c.setToolTip(tip)
        c.addItem(f"{tip}: {self.ANY}", None)
        c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        c.setMinimumContentsLength(8)
        c.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return c

    def _dates_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)
        self.changed.emit()

    def set_facets(self, facets: Facets, language_names: dict[str, str] | None = None) -> None:
        """Refill the choices, keeping the current ones where they still exist."""
        names = language_names or {}
        for combo, values in (
            (self.ministry, facets.ministries),
            (self.bureau, facets.bureaus),
            (self.language, facets.languages),
        ):
            keep = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for v in values:
                combo.addItem(names.get(v, v) if combo is self.language else v, v)
            i = combo.findData(keep) if keep is not None else 0
            combo.setCurrentIndex(max(0, i))
            combo.blockSignals(False)

    def values(self) -> dict[str, Any]:
        """The chosen filters as keyword arguments (unset ones omitted)."""
        out: dict[str, Any] = {}
        for key, combo in (
            ("ministry", self.ministry),
            ("bureau", self.bureau),
            ("language", self.language),
            ("status", self.status),
        ):
            if combo.currentData() is not None:
                value = combo.currentData()
                out[key] = ReleaseStatus(value) if key == "status" else value
        if self.dates.isChecked():
            a, b = self.since.date(), self.until.date()
            out["since"] = datetime(a.year(), a.month(), a.day(), tzinfo=IST)
            out["until"] = datetime(b.year(), b.month(), b.day(), tzinfo=IST) + timedelta(days=1)
        return out


# --------------------------------------------------------------------------- header extras
class DiffDialog(QDialog):
    """Side-by-side "what changed" between two revisions (``difflib.HtmlDiff``)."""

    def __init__(self, html: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revisionDiff")
        self.setWindowTitle(title)
        self.view = QTextBrowser()
        self.view.setObjectName("revisionDiffView")
        style = (
            "<style>table.diff{font-family:monospace; font-size:9pt} .diff_add{background:#cfc}"
            " .diff_chg{background:#ffa} .diff_sub{background:#fcc} td{padding:0 4px}</style>"
        )
        self.view.setHtml(style + html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        lay.addWidget(buttons)
        self.resize(1100, 600)


class ReleaseExtras(QLabel):
    """A line under the header: revision with a "What changed" link, annotations needing
    review, and "Other languages" links to the translations stored in the corpus.

    ``openRelease(pk)``, ``showDiff()`` and ``showReview()`` are emitted when a link
    is clicked.
    """

    openRelease = Signal(int)
    showDiff = Signal()
    showReview = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("releaseExtras")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setContentsMargins(14, 0, 14, 6)
        self.setStyleSheet("color:#555; font-size:9.5pt")
        self.linkActivated.connect(self._on_link)
        self.hide()

    def set_content(self, rel: Release, links: list[tuple[str, int | None]], review: int) -> None:
        """Show ``rel``'s revision facts and language links (``(label, pk or None)``)."""
        parts: list[str] = []
        if rel.revision > 1:
            parts.append(f"Revision {rel.revision} · <a href='diff'>What changed</a>")
        if review:
            parts.append(
                f"<a href='review' style='color:#a33'>{review} annotation(s) need review</a>"
            )
        if links:
            shown = [
                f"<a href='open:{pk}'>{escape(label)}</a>" if pk is not None else escape(label)
                for label, pk in links
            ]
            parts.append("Other languages: " + ", ".join(shown))
        if not rel.has_text:
            parts.append("<i>Text not yet imported</i>")
        self.setText(" &nbsp;·&nbsp; ".join(parts))
        self.setVisible(bool(parts))

    def _on_link(self, href: str) -> None:
        if href == "diff":
            self.showDiff.emit()
        elif href == "review":
            self.showReview.emit()
        elif href.startswith("open:"):
            self.openRelease.emit(int(href[5:]))


# --------------------------------------------------------------------------- wiring
class CorpusTools(QObject):
    """Adds the corpus tools to a :class:`MainWindow` (see :func:`install_corpus_tools`)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        db = window.corpus.db
        self.search_service = SearchService(db)
        self.revisions = RevisionService(db)
        self.importer = ImportController(window.corpus, window)
        self.importer.finished.connect(self._on_import_finished)
        self.drops = DropImporter(window, self.start_import)
        window.installEventFilter(self)
        self.search_panel = SearchPanel(self.search_service)
        self.filter_bar = FilterBar()
        self.search_panel.filters = self.filter_bar.values
        self.extras = ReleaseExtras()
        self.diff_dialog: DiffDialog | None = None

        left_widget, center_widget = window.filter_box.parentWidget(), window.header.parentWidget()
        assert left_widget is not None and center_widget is not None
        left = left_widget.layout()
        assert isinstance(left, QVBoxLayout)
        left.insertWidget(0, self.search_panel)
        left.insertWidget(2, self.filter_bar)
        center = center_widget.layout()
        assert isinstance(center, QVBoxLayout)
        center.insertWidget(center.indexOf(window.header) + 1, self.extras)
        window.header.extras_below = True  # languages and revision live on the extras line

        self.filter_bar.changed.connect(self._on_filters)
        self.search_panel.openRequested.connect(self.open_hit)
        self.extras.openRelease.connect(self.open_release)
        self.extras.showDiff.connect(self.show_diff)
        self.extras.showReview.connect(self.select_next_review)
        self.refresh_facets()

        self.import_folder_action = QAction("Import &folder…", window)
        self.import_folder_action.triggered.connect(self.import_folder_dialog)
        self.search_action = QAction("&Search release texts", window)
        self.search_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.search_action.triggered.connect(lambda: self.search_panel.box.setFocus())
        menu = window.menuBar().actions()[0].menu()
        assert isinstance(menu, QMenu)
        first = menu.actions()[0] if menu.actions() else None
        after = menu.actions()[1] if len(menu.actions()) > 1 else None
        if first is not None:
            first.setText("&Import files…")
        if after is None:
            menu.addActions([self.import_folder_action, self.search_action])
        else:
            menu.insertAction(after, self.import_folder_action)
            menu.insertAction(after, self.search_action)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """On window close, a running import is cancelled and waited for, so its
        transaction ends (rolled back) before the database is closed."""
        if obj is self.window and event.type() == QEvent.Type.Close and self.importer.busy():
            self.importer.cancel()
            self.importer.pool.waitForDone(60_000)
        return False

    # -- import
    def start_import(self, paths: list[str]) -> bool:
        """Import files/folders in the background (progress dialog, Cancel, report)."""
        return self.importer.start([str(p) for p in paths])

    def import_files_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self.window,
            "Import releases",
            "",
            "PIB releases and datasets (*.txt *.html *.htm *.jsonl *.csv);;All files (*)",
        )
        if files:
            self.start_import(files)

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder of releases")
        if folder:
            self.start_import([folder])

    def _on_import_finished(self, report: ImportReport) -> None:
        w = self.window
        w.release_model.reload()
        self.refresh_facets()
        t = report.totals()
        w.statusBar().showMessage(
            f"Imported {t['imported']}, already present {t['present']}, revised {t['revised']}, "
            f"updated {t['updated']}, failed {t['failed']}"
            + (" (cancelled)" if report.cancelled else ""),
            8000,
        )
        cur = w.current_release()
        if cur is not None and any(o.release_pk == cur.id for o in report.outcomes):
            w.open_release(cur.id)

    # -- filters
    def refresh_facets(self) -> None:
        from pibdesk.ui.header import LANGUAGE_NAMES

        self.filter_bar.set_facets(self.window.corpus.facets(), LANGUAGE_NAMES)

    def filter_values(self) -> dict[str, Any]:
        """The filter bar's choices (keyword arguments of ``ReleaseFilter``)."""
        return self.filter_bar.values()

    def _on_filters(self) -> None:
        self.window.apply_filter()
        if self.search_panel.box.text().strip():
            self.search_panel.run_search()

    # -- opening
    def open_release(self, pk: int) -> None:
        """Open release ``pk``: select it in the list, or open it directly if filtered out."""
        if not self.window.select_release(pk):
            self.window.open_release(pk)

    def open_hit(self, pk: int, query: str) -> None:
        """Open release ``pk`` with the first match of ``query`` selected and scrolled to."""
        self.open_release(pk)
        span = self.search_service.locate(pk, query)
        rel = self.window.current_release()
        if span is not None and rel is not None and rel.id == pk and rel.has_text:
            self.window.text_view.select_codepoints(*span)
            self.window.text_view.setFocus()

    def show_release(self, rel: Release) -> None:
        """Update the line under the header for ``rel`` (called when a release opens)."""
        links = [(lk.label, lk.target_pk) for lk in self.window.corpus.translations(rel.id)]
        review = len(self.revisions.needs_review(rel.id))
        self.extras.set_content(rel, links, review)

    def select_next_review(self) -> int | None:
        """Select (in the panel and the text) the next annotation of the open release
        that needs review, cycling; returns its id, or None when there is none."""
        rel = self.window.current_release()
        if rel is None:
            return None
        items = self.revisions.needs_review(rel.id)
        if not items:
            return None
        current = self.window.panel.current_id()
        ids = [r.annotation_id for r in items]
        nxt = ids[(ids.index(current) + 1) % len(ids)] if current in ids else ids[0]
        self.window.panel.select_id(nxt)
        item = items[ids.index(nxt)]
        self.window.statusBar().showMessage(
            f"Needs review: {item.label} “{' '.join(item.text.split())[:60]}” could not be "
            "placed with confidence on the new revision; check or move it.",
            8000,
        )
        return nxt

    def show_diff(self) -> DiffDialog | None:
        """Open the "what changed" view between the current and the previous revision."""
        rel = self.window.current_release()
        if rel is None or rel.revision < 2:
            return None
        html = self.revisions.diff_html(rel.id, rel.revision - 1, rel.revision)
        dlg = DiffDialog(
            html, f"What changed: revision {rel.revision - 1} → {rel.revision}", self.window
        )
        self.diff_dialog = dlg
        dlg.show()
        return dlg


def install_corpus_tools(window: MainWindow) -> CorpusTools:
    """Add search, filters, background import (File menu, drag and drop), and the
    revision/languages line to ``window``; returns the tools object."""
    return CorpusTools(window)
