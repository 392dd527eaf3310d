"""The main window: release list | header + text | annotation panel.

The window owns one ``QUndoStack``; every annotation edit is a command
(:mod:`pibdesk.ui.commands`) that calls :class:`AnnotationService`, which commits before
the window shows the result. Widgets never see a database session.

This module holds the window itself: the release list, the text with its highlights,
the annotation panel, marking and deleting. It imports none of the parts that are added
to it (corpus tools, entity tools, timeline, team mode, file dialogs, mark-done): those
take the window, and :func:`pibdesk.ui.assembly.build_main_window` adds them in order.
The window tells them what happens through its signals (:attr:`MainWindow.releaseShown`,
:attr:`MainWindow.annotationMarked`, :attr:`MainWindow.importRequested`) and asks them
for release-list filters through :attr:`MainWindow.filter_sources`.

Object names for automation: ``releaseList``, ``releaseFilter``, ``releaseText``,
``releaseHeader``, ``annotationList``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QIcon,
    QKeySequence,
    QPainter,
    QPixmap,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from pibdesk.config import sample_files
from pibdesk.core.errors import (
    ConflictError,
    DatabaseUnavailableError,
    PibdeskError,
    ReleaseRevisedError,
    SpanError,
)
from pibdesk.core.model import Annotation, Label, NewAnnotation, Release
from pibdesk.core.selection import snap_span
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService, ReleaseFilter
from pibdesk.ui.annotation_panel import AnnotationPanel
from pibdesk.ui.commands import CreateAnnotationCommand, DeleteAnnotationCommand
from pibdesk.ui.connection_banner import ConnectionBanner
from pibdesk.ui.file_actions import open_export_dialog, open_import_annotations_dialog
from pibdesk.ui.header import ReleaseHeader
from pibdesk.ui.release_model import (
    COL_COUNT,
    COL_MINISTRY,
    COL_POSTED,
    COL_TITLE,
    ReleaseTableModel,
)
from pibdesk.ui.text_view import AnnotatedTextView
from pibdesk.ui.undo_guard import guard_stack

if TYPE_CHECKING:
    from pibdesk.services.claims import ClaimService
    from pibdesk.ui.live_updates import LiveUpdates

__all__ = ["POLL_MS", "MainWindow", "sample_files"]

#: How often (ms) the window looks for changes made by another window or process.
POLL_MS = 3000


def _swatch(color: str, size: int = 14) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(color))
    p.setPen(QColor(color).darker(130))
    p.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    p.end()
    return QIcon(pm)


class MainWindow(QMainWindow):
    """The annotation window over one database's services.

    ``author`` is stamped on every annotation this window creates. Build it with
    :func:`pibdesk.ui.assembly.build_main_window` (the window plus all its parts).
    """

    #: A release was opened and shown (the :class:`~pibdesk.core.model.Release`).
    releaseShown = Signal(object)
    #: The editor marked a span (the stored :class:`~pibdesk.core.model.Annotation`).
    annotationMarked = Signal(object)
    #: File > Import files… was chosen (the corpus tools run the background import).
    importRequested = Signal()
    #: The annotation panel was refilled and titled (a part may add to its title).
    panelShown = Signal()
    #: The editor asked to relabel the selected annotation: (annotation id, label name);
    #: the span editor (:mod:`pibdesk.ui.span_edit`) does it.
    labelChangeRequested = Signal(int, str)

    def __init__(
        self,
        corpus: CorpusService,
        annotations: AnnotationService,
        author: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.corpus = corpus
        self.annotations = annotations
        self.author = author
        #: Asks the editor's name when ``author`` is empty (set by pibdesk.ui.desktop).
        self.author_prompt: Callable[[], str | None] | None = None
        self.undo_stack = guard_stack(QUndoStack(self))
        self.labels: list[Label] = annotations.labels()
        self._release: Release | None = None
        self._anns: list[Annotation] = []
        self._scroll_on_select = True
        self._last_change = annotations.last_change()
        #: Each returns keyword arguments of ``ReleaseFilter`` the release list applies
        #: besides the filter box (the corpus tools' filter bar adds one).
        self.filter_sources: list[Callable[[], dict[str, Any]]] = []
        #: called first when the window closes, so a part can save what is being typed
        self.close_hooks: list[Callable[[], None]] = []
        #: Team mode (:mod:`pibdesk.ui.team_mode`) sets these three.
        self.connection_banner: ConnectionBanner | None = None
        self.live: LiveUpdates | None = None
        self.claims: ClaimService | None = None

        self._build_widgets()
        self._build_actions()
        self._connect()
        self.resize(1400, 860)
        self._update_title()

    def open_first_release(self) -> None:
        """Select (and so open) the first release of the list, if there is one."""
        if self.release_model.rowCount() > 0:
            self.release_list.selectRow(0)

    # ------------------------------------------------------------------ construction
    def _build_widgets(self) -> None:
        self.filter_box = QLineEdit()
        self.filter_box.setObjectName("releaseFilter")
        self.filter_box.setPlaceholderText("Filter: title, ministry or Release ID")
        self.filter_box.setClearButtonEnabled(True)

        self.release_model = ReleaseTableModel(self.corpus, self)
        self.release_list = QTableView()
        self.release_list.setObjectName("releaseList")
        self.release_list.setModel(self.release_model)
        self.release_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.release_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.release_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.release_list.setWordWrap(False)
        self.release_list.verticalHeader().hide()
        self.release_list.verticalHeader().setDefaultSectionSize(
            self.release_list.fontMetrics().height() + 8
        )
        hh = self.release_list.horizontalHeader()
        hh.setSortIndicator(COL_POSTED, Qt.SortOrder.DescendingOrder)
        self.release_list.setSortingEnabled(True)
        hh.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(COL_MINISTRY, QHeaderView.ResizeMode.Interactive)
        # fixed widths from the font, not ResizeToContents (which measures every row)
        fm = self.release_list.fontMetrics()
        hh.setSectionResizeMode(COL_POSTED, QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(COL_COUNT, QHeaderView.ResizeMode.Interactive)
        hh.resizeSection(COL_MINISTRY, fm.horizontalAdvance("Ministry of De") + 12)
        hh.resizeSection(COL_POSTED, fm.horizontalAdvance("Posted (IST)") + 24)
        hh.resizeSection(COL_COUNT, fm.horizontalAdvance("Spans") + 24)
        for col in range(COL_COUNT + 1, self.release_model.columnCount()):
            title = str(self.release_model.headerData(col, Qt.Orientation.Horizontal))
            hh.resizeSection(col, fm.horizontalAdvance(title) + 24)
        self.release_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_status = QLabel()
        self.list_status.setStyleSheet("color:#666; padding:2px 4px")

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(6, 6, 0, 6)
        lv.setSpacing(4)
        lv.addWidget(self.filter_box)
        lv.addWidget(self.release_list, 1)
        lv.addWidget(self.list_status)

        self.header = ReleaseHeader()
        self.text_view = AnnotatedTextView()
        self.text_view.set_labels(self.labels)
        center = QWidget()
        cv = QVBoxLayout(center)
        cv.setContentsMargins(0, 6, 0, 6)
        cv.setSpacing(0)
        cv.addWidget(self.header)
        cv.addWidget(self.text_view, 1)

        self.panel = AnnotationPanel()
        self.panel.model_.set_labels(self.labels)
        self.panel_filter = QLineEdit()
        self.panel_filter.setObjectName("annotationFilter")
        self.panel_filter.setPlaceholderText("Filter annotations: text, label, author or note")
        self.panel_filter.setClearButtonEnabled(True)
        self.panel_filter.textChanged.connect(self._on_panel_filter)
        # the list above, parts (the note and history of the selected annotation) below
        self.side_splitter = QSplitter(Qt.Orientation.Vertical)
        self.side_splitter.setObjectName("sideSplitter")
        self.side_splitter.setChildrenCollapsible(False)
        self.side_splitter.addWidget(self.panel)
        self.panel_title = QLabel()
        self.panel_title.setStyleSheet("font-weight:600; padding:4px 2px")
        hint = QLabel(
            "Select text, then press "
            + ", ".join(f"<b>{lab.shortcut}</b> {lab.name}" for lab in self.labels if lab.shortcut)
            + ". <b>Del</b> removes the selected annotation."
        )
        hint.setWordWrap(True)
        hint.setObjectName("labelHint")
        hint.setStyleSheet("color:#666; padding:2px")
        self.label_hint = hint
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 6, 6, 6)
        rv.setSpacing(4)
        rv.addWidget(self.panel_title)
        rv.addWidget(self.panel_filter)
        rv.addWidget(self.side_splitter, 1)
        rv.addWidget(hint)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(center)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([400, 560, 440])
        right.setMinimumWidth(300)  # label, quote, span and note stay readable
        self.setCentralWidget(self.splitter)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(200)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(POLL_MS)

    def _build_actions(self) -> None:
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.delete_action = QAction("&Delete annotation", self)
        self.delete_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence(Qt.Key.Key_Backspace)]
        )
        self.delete_action.triggered.connect(self.delete_selected_annotation)

        self.label_actions: dict[str, QAction] = {}
        for lab in self.labels:
            act = QAction(_swatch(lab.color), lab.name, self)
            if lab.shortcut:
                # The key is handled by the text view (so typing in the filter box is
                # never taken as a label); the shortcut here only labels the menu entry.
                act.setShortcut(QKeySequence(lab.shortcut))
                act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                act.setToolTip(f"Mark the selection as {lab.name} ({lab.shortcut})")
            act.triggered.connect(lambda _=False, n=lab.name: self.annotate_selection(n))
            self.label_actions[lab.name] = act

        self.next_action = QAction("&Next release", self)
        self.next_action.setShortcut(QKeySequence("Alt+Down"))
        self.next_action.triggered.connect(lambda: self.step_release(+1))
        self.prev_action = QAction("&Previous release", self)
        self.prev_action.setShortcut(QKeySequence("Alt+Up"))
        self.prev_action.triggered.connect(lambda: self.step_release(-1))
        self.find_action = QAction("&Filter releases", self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.triggered.connect(lambda: self.filter_box.setFocus())

        import_action = QAction("&Import files…", self)
        import_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        import_action.triggered.connect(self.importRequested.emit)
        samples_action = QAction("Load &sample releases", self)
        samples_action.triggered.connect(self.load_samples)
        export_action = QAction("&Export…", self)
        export_action.triggered.connect(self._export_dialog)
        import_annotations_action = QAction("Import &annotations…", self)
        import_annotations_action.triggered.connect(self._import_annotations_dialog)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)

        mb = self.menuBar()
        m = mb.addMenu("&File")
        m.addActions([import_action, samples_action, export_action, import_annotations_action])
        m.addSeparator()
        m.addAction(quit_action)
        m = mb.addMenu("&Edit")
        m.addActions([self.undo_action, self.redo_action])
        m.addSeparator()
        m.addAction(self.delete_action)
        m.addSeparator()
        m.addAction(self.find_action)
        m = mb.addMenu("&Annotate")
        m.addActions(list(self.label_actions.values()))
        self.annotate_menu = m  # Annotate > Mark release done, claim: added by their parts
        m = mb.addMenu("&Go")
        m.addActions([self.next_action, self.prev_action])

        tb = QToolBar("Annotate")
        tb.setObjectName("annotateToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for act in self.label_actions.values():
            tb.addAction(act)
        tb.addSeparator()
        tb.addAction(self.delete_action)
        tb.addSeparator()
        tb.addAction(self.undo_action)
        tb.addAction(self.redo_action)
        self.addToolBar(tb)
        self.statusBar().showMessage("Ready", 3000)

    def _connect(self) -> None:
        self.filter_box.textChanged.connect(lambda _t: self._filter_timer.start())
        self._filter_timer.timeout.connect(self.apply_filter)
        self.release_list.selectionModel().currentRowChanged.connect(self._on_release_row)
        self.release_model.modelReset.connect(self._on_list_reset)
        self.text_view.labelRequested.connect(self.annotate_selection)
        self.text_view.labelChangeRequested.connect(self.request_label_change)
        self.text_view.annotationClicked.connect(self._on_text_annotation_clicked)
        self.panel.selectionModel().selectionChanged.connect(self._on_panel_selection)
        self._poll_timer.timeout.connect(self.poll_changes)
        self._poll_timer.start()
        self._on_list_reset()

    # ------------------------------------------------------------------ releases
    def apply_filter(self) -> None:
        """Filter the release list by the filter box's text now (it also runs on typing)."""
        self._filter_timer.stop()
        extra: dict[str, Any] = {}
        for source in self.filter_sources:
            extra.update(source())
        self.release_model.set_filter(
            ReleaseFilter(text=self.filter_box.text().strip(), **extra)
        )

    def _on_list_reset(self) -> None:
        n, total = self.release_model.rowCount(), self.release_model.total()
        word = "release" if total == 1 else "releases"
        self.list_status.setText(f"{total} {word}" if n >= total else f"{n} of {total} {word}")
        if self._release is not None:
            row = None
            for i in range(self.release_model.rowCount()):
                if self.release_model.summary(i).id == self._release.id:
                    row = i
                    break
            if row is not None:
                self.release_list.selectionModel().blockSignals(True)
                self.release_list.selectRow(row)
                self.release_list.selectionModel().blockSignals(False)

    def _on_release_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.open_release(self.release_model.summary(current.row()).id)

    def select_release(self, pk: int) -> bool:
        """Select release ``pk`` in the list (which opens it). False if the filter hides it."""
        row = self.release_model.row_of(pk)
        if row is None:
            return False
        self.release_list.selectRow(row)
        self.release_list.scrollTo(self.release_model.index(row, 0))
        if self._release is None or self._release.id != pk:
            self.open_release(pk)
        return True

    def step_release(self, delta: int) -> None:
        """Open the next (``+1``) or previous (``-1``) release in the list."""
        cur = self.release_list.currentIndex()
        row = (cur.row() if cur.isValid() else -1) + delta
        if row >= self.release_model.rowCount() and self.release_model.canFetchMore():
            self.release_model.fetchMore()
        if 0 <= row < self.release_model.rowCount():
            self.release_list.selectRow(row)

    def open_release(self, pk: int) -> None:
        """Show release ``pk``: header, text with highlights, annotation panel.

        If it cannot be read (the server is unreachable, or it was deleted meanwhile) the
        status bar says so, a lost connection raises the connection banner, and the window
        keeps showing (and selecting in the list) the release it had open.
        """
        try:
            rel = self.corpus.release(pk)
            anns = self.annotations.for_editor(pk, self.author)
        except PibdeskError as e:
            self._say(f"Could not open the release: {e}", 10000)
            self._report_unreachable(e)
            self._on_list_reset()  # the list selects the open release again
            return
        self._release = rel
        self.header.show_release(rel)
        self.text_view.set_release_text(rel.text if rel.has_text else "")
        self.text_view.set_annotations(anns)
        self._set_panel(anns)
        self.releaseShown.emit(rel)
        if not rel.has_text:
            self.statusBar().showMessage("This release has no text yet (import its page).", 6000)

    def current_release(self) -> Release | None:
        return self._release

    def reload_release(self) -> None:
        """Re-read the open release (a new text revision arrived) and show it where the
        editor was: same scroll position, same selected annotation if it still exists."""
        if self._release is None:
            return
        bar = self.text_view.verticalScrollBar()
        where, keep = bar.value(), self.panel.current_id()
        self.open_release(self._release.id)
        if keep is not None and any(a.id == keep for a in self._anns):
            self.panel.select_id(keep)
        bar.setValue(where)

    # ------------------------------------------------------------------ annotating
    def annotate_selection(self, label: str) -> Annotation | None:
        """Turn the text view's selection into a ``label`` annotation (undoable).

        The selection is snapped (:func:`pibdesk.core.selection.snap_span`): trimmed of
        whitespace, widened to whole grapheme clusters. An empty selection, or a span
        already marked with this label, is refused with a status-bar message; nothing is
        stored then. Returns the stored annotation or None. A release another editor has
        claimed is marked all the same; the first mark there names them in the status bar
        (:meth:`~pibdesk.services.claims.ClaimService.notice_once`).
        """
        rel = self._release
        if rel is None or not rel.has_text:
            self._say("Open a release with text first.")
            return None
        raw = self.text_view.selection_codepoints()
        if raw is None and self.text_view.current_annotation() is not None:
            self.request_label_change(label)  # no text selected: relabel the selected one
            return None
        if raw is None:
            self._say("Select some text first, then press a label key.")
            return None
        if not self.author and self.author_prompt is not None:
            self.author = self.author_prompt() or ""
        if not self.author:
            self._say("Not marked: pibdesk needs your name first (Edit > Settings…).")
            return None
        try:
            start, end = snap_span(rel.text, *raw)
        except SpanError as e:
            self._say(f"Nothing marked: {e}.")
            return None
        for a in self._anns:
            if (a.start, a.end, a.label) == (start, end, label):
                self._say(f"Already marked as {label}.")
                return None
        try:
            ann = self.annotations.create(
                NewAnnotation(
                    release_pk=rel.id, start=start, end=end, label=label, author=self.author
                ),
                expected_revision=rel.revision,
            )
        except PibdeskError as e:
            if isinstance(e, ReleaseRevisedError):  # show the new text; the editor re-selects
                self.reload_release()
                self._say(f"Not marked: {e}. Its new text is shown now: select again.", 10000)
                return None
            self._say(f"Not marked: {e}")
            self._report_unreachable(e)
            return None
        self.undo_stack.push(
            CreateAnnotationCommand(
                self.annotations, ann, self._on_command_change, self._say,
                seen=self._shown_version,
            )
        )
        cur = self.text_view.textCursor()
        cur.clearSelection()
        self.text_view.setTextCursor(cur)
        self._refresh_annotations(select=ann.id, scroll=False)
        said = f"Marked {label}: “{_short(ann.text)}” ({start}–{end})"
        try:  # a claim does not lock: mark, but say once per release who holds it
            held = self.claims.notice_once(rel.id, self.author) if self.claims else None
        except PibdeskError:
            held = None
        self._say(f"{said}. Note: {held}." if held else said, 10000 if held else 4000)
        self.annotationMarked.emit(ann)
        return ann

    def request_label_change(self, label: str) -> None:
        """Ask for the selected annotation to become a ``label`` one
        (:attr:`labelChangeRequested`); says so if none is selected."""
        ann_id = self.panel.current_id() or self.text_view.current_annotation()
        if ann_id is None:
            self._say("Select an annotation first (click it in the text or the list).")
            return
        self.labelChangeRequested.emit(ann_id, label)

    def delete_selected_annotation(self) -> Annotation | None:
        """Delete the annotation selected in the panel (undoable). Returns it, or None.

        Deletes only the version shown: if another editor changed the annotation since
        the list was last refreshed, nothing is deleted, the status bar names them and
        the list shows their version.
        """
        ann_id = self.panel.current_id() or self.text_view.current_annotation()
        if ann_id is None:
            self._say("Select an annotation in the list first.")
            return None
        try:
            ann = self.annotations.delete(ann_id, self._shown_version(ann_id), editor=self.author)
        except PibdeskError as e:
            self._say(f"Not deleted: {e}", 10000)
            if self._report_unreachable(e):
                return None
            self._refresh_annotations(select=ann_id if isinstance(e, ConflictError) else None)
            return None
        self.undo_stack.push(
            DeleteAnnotationCommand(
                self.annotations, ann, self._on_command_change, self._say,
                seen=self._shown_version, editor=self.author,
            )
        )
        self._refresh_annotations(scroll=False)
        self._say(f"Deleted {ann.label} “{_short(ann.text)}”", 4000)
        return ann

    def _shown_version(self, ann_id: int) -> int | None:
        """The ``row_version`` of annotation ``ann_id`` as the window shows it (None if not
        shown): what the editor saw, so a delete can refuse another editor's later change."""
        anns = self._anns  # replaced, never changed in place: a lookup table per list
        if getattr(self, "_versions_of", None) is not anns:
            self._versions = {a.id: a.row_version for a in anns}
            self._versions_of = anns
        return self._versions.get(ann_id)

    def _on_command_change(self, release_pk: int, ann_id: int, present: bool) -> None:
        if self._release is None or self._release.id != release_pk:
            if not self.select_release(release_pk):
                self.open_release(release_pk)
        self._refresh_annotations(select=ann_id if present else None, scroll=True)

    def _refresh_annotations(self, select: int | None = None, scroll: bool = False) -> None:
        if self._release is None:
            return
        anns = self.annotations.for_editor(self._release.id, self.author)
        self.text_view.set_annotations(anns)
        self._set_panel(anns, select=select, scroll=scroll)
        self.release_model.set_annotation_count(self._release.id, len(anns))
        self._last_change = self.annotations.last_change()

    def _set_panel(
        self, anns: list[Annotation], select: int | None = None, scroll: bool = False
    ) -> None:
        self._anns = anns
        keep = select if select is not None else self.panel.current_id()
        self._scroll_on_select = scroll
        try:
            self.panel.model_.set_annotations(anns)
            if keep is not None and any(a.id == keep for a in anns):
                self.panel.select_id(keep)
            else:
                self.text_view.set_current_annotation(None, scroll=False)
        finally:
            self._scroll_on_select = True
        self._title_panel()
        self.panelShown.emit()

    def _title_panel(self) -> None:
        n, shown = len(self._anns), self.panel.model_.rowCount()
        title = f"{n} annotation{'s' if n != 1 else ''}"
        if shown != n:
            title = f"{shown} of {title}"
        self.panel_title.setText(title)

    def _on_panel_filter(self, text: str) -> None:
        keep = self.panel.current_id()
        self.panel.model_.set_filter(text)
        if keep is not None:
            self.panel.select_id(keep)
        self._title_panel()

    def _on_panel_selection(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        self.text_view.set_current_annotation(
            self.panel.current_id(), scroll=self._scroll_on_select
        )

    def _on_text_annotation_clicked(self, ann_id: int) -> None:
        if self.panel.model_.row_of(ann_id) is None and self.panel_filter.text():
            self.panel_filter.clear()  # a span clicked in the text is never hidden in the list
        self._scroll_on_select = False
        try:
            self.panel.select_id(ann_id)
        finally:
            self._scroll_on_select = True

    def poll_changes(self) -> None:
        """Pick up changes another window or process committed (cheap: one max(id) query)."""
        try:
            last = self.annotations.last_change()
        except Exception:  # a locked or vanished database must not kill the timer
            return
        if last != self._last_change:
            self._last_change = last
            self._refresh_annotations()

    # ------------------------------------------------------------------ files
    def load_samples(self) -> int:
        """Import the bundled sample releases; returns how many were new."""
        report = self.corpus.import_paths(sample_files())
        self.release_model.reload()
        n = report.count("imported")
        failed = [f"{o.source}: {o.message}" for o in report.outcomes if o.status == "failed"]
        msg = f"Loaded {n} sample releases." + (f" Failed: {'; '.join(failed)}" if failed else "")
        self._say(msg, 6000)
        if self._release is None and self.release_model.rowCount():
            self.release_list.selectRow(0)
        return n

    def import_files(self, paths: list[str]) -> None:
        """Import release files/folders and open the first one imported."""
        report = self.corpus.import_paths(paths)
        self.release_model.reload()
        t = report.totals()
        self._say(
            f"Imported {t['imported']}, already present {t['present']}, revised {t['revised']}, "
            f"failed {t['failed']}.",
            8000,
        )
        for o in report.outcomes:
            if o.release_pk is not None:
                self.select_release(o.release_pk)
                break

    def _export_dialog(self) -> None:
        """File > Export…: selection with counts, any registered format, off the GUI thread."""
        current = [self._release.id] if self._release is not None else []
        open_export_dialog(self, self.corpus.db, [lab.name for lab in self.labels], current, self._say)

    def _import_annotations_dialog(self) -> None:
        """File > Import annotations…: preview, import in one transaction, report."""

        def refresh(_report: object) -> None:
            self.apply_filter()
            if self._release is not None:
                self.open_release(self._release.id)

        open_import_annotations_dialog(self, self.corpus.db, refresh)

    def offer_samples(self) -> bool:
        """On an empty database, ask whether to load the sample releases."""
        if self.corpus.count() > 0:
            return False
        answer = QMessageBox.question(
            self,
            "pibdesk",
            "This database holds no releases yet.\n\nLoad the bundled sample releases "
            "(the founding Ministry of Defence example and five more)?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.load_samples()
            return True
        return False

    # ------------------------------------------------------------------ misc
    def _say(self, message: str, ms: int = 6000) -> None:
        self.statusBar().showMessage(message, ms)

    def _report_unreachable(self, e: Exception) -> bool:
        """Raise the connection banner for a lost connection; True if ``e`` was one."""
        if isinstance(e, DatabaseUnavailableError) and self.connection_banner is not None:
            self.connection_banner.report(e, self.annotations.last_change)
            return True
        return isinstance(e, DatabaseUnavailableError)

    def _update_title(self) -> None:
        db = getattr(self.corpus.db, "path", None)
        name = db.name if db is not None else "database"
        self.setWindowTitle(f"pibdesk — {name}")

    def closeEvent(self, event: QCloseEvent) -> None:
        for hook in self.close_hooks:
            hook()
        self._poll_timer.stop()
        if self.live is not None:
            self.live.stop()
        # the stack is cleared when the window is deleted: its index change must not reach
        # docks whose widgets are already gone
        self.undo_stack.blockSignals(True)
        super().closeEvent(event)


def _short(text: str, n: int = 48) -> str:
    one = " ".join(text.split())
    return one if len(one) <= n else one[: n - 1] + "…"
