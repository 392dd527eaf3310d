"""Corpus tools of the main window: background import with progress, cancel and report;
drag-and-drop import; full-text search; release-list filters; revision and "what
changed" view; links to the other language versions.

This module wires them into the window (:class:`CorpusTools`); the widgets live in
:mod:`pibdesk.ui.import_task`, :mod:`pibdesk.ui.search_panel`,
:mod:`pibdesk.ui.filter_bar` and :mod:`pibdesk.ui.revision_views`.

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

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QObject,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QMenu,
    QVBoxLayout,
)

from pibdesk.core.model import ImportReport, Release
from pibdesk.services.revisions import RevisionService
from pibdesk.services.search import SearchService
from pibdesk.ui.filter_bar import FilterBar
from pibdesk.ui.import_task import DropImporter, ImportController
from pibdesk.ui.revision_views import DiffDialog, ReleaseExtras
from pibdesk.ui.search_panel import SearchPanel

if TYPE_CHECKING:
    from pibdesk.ui.main_window import MainWindow


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
