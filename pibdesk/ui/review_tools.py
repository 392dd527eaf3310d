"""The Review menu of the main window (issue 14).

* *Annotate this release independently* (checkable): each editor then sees only their
  own annotations of it (and suggestions compare only with those), until review;
  undoable on the window's stack.
* *Curate this release…* (**Ctrl+Shift+R**): the curation view
  (:class:`~pibdesk.ui.curation_view.CurationWindow`).
* *Agreement…* (**Ctrl+Shift+G**): per-label agreement over every release annotated
  independently, computed on a pool thread (:class:`AgreementTask`) and shown in a
  dialog (``agreementDialog``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from pibdesk.core.agreement import AgreementReport
from pibdesk.core.errors import PibdeskError
from pibdesk.core.review import ReviewMode
from pibdesk.services.review import ReviewService
from pibdesk.ui.busy_worker import emit_if_alive
from pibdesk.ui.curation_view import AgreementTable, CurationWindow


class _Signals(QObject):
    finished = Signal(object)  # AgreementReport
    failed = Signal(str)


class AgreementTask(QRunnable):
    """Computes :meth:`ReviewService.agreement` on a pool thread; the result reaches the
    GUI thread through a queued signal (no Qt object is touched in the pool thread)."""

    def __init__(self, service: ReviewService, release_pks: list[int] | None = None) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.service, self.release_pks = service, release_pks
        self.signals = _Signals()

    def run(self) -> None:
        try:
            report = self.service.agreement(self.release_pks)
        except Exception as e:  # shown in the dialog, never lost in the pool thread
            emit_if_alive(self.signals.failed, f"{type(e).__name__}: {e}")
            return
        emit_if_alive(self.signals.finished, report)


class AgreementDialog(QDialog):
    """Corpus agreement table (computed off the GUI thread)."""

    def __init__(self, service: ReviewService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreementDialog")
        self.setWindowTitle("Agreement between editors")
        self.note = QLabel("Computing…")
        self.note.setWordWrap(True)
        self.table = AgreementTable()
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.table, 1)
        self.report: AgreementReport | None = None
        self.task = AgreementTask(service)
        self.task.signals.finished.connect(self._show)
        self.task.signals.failed.connect(lambda m: self.note.setText(f"Failed: {m}"))
        QThreadPool.globalInstance().start(self.task)
        self.resize(820, 360)

    def _show(self, report: AgreementReport) -> None:
        self.report = report
        self.note.setText(
            f"{report.documents} release(s) annotated independently by two editors or more; "
            f"editors: {', '.join(report.editors) or 'none'}. α and κ per code point over "
            "the positions any editor annotated; F1 exact: same span and label; F1 overlap: "
            "same label, sharing a code point."
        )
        self.table.show_report(report)


class _ModeCommand(QUndoCommand):
    def __init__(self, tools: ReviewTools, pk: int, before: ReviewMode, after: ReviewMode) -> None:
        super().__init__(f"Review mode: {after.value}")
        self.tools, self.pk, self.before, self.after = tools, pk, before, after
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.tools._apply_mode(self.pk, self.after)

    def undo(self) -> None:
        self.tools._apply_mode(self.pk, self.before)


class ReviewTools:
    """Installs the Review menu on the main window ``w``."""

    def __init__(self, w: Any) -> None:
        self.w = w
        self.review = ReviewService(w.annotations.db)
        self.windows: dict[int, CurationWindow] = {}
        self.dialog: AgreementDialog | None = None
        m = w.menuBar().addMenu("&Review")
        self.independent_action = QAction("Annotate this release &independently", w)
        self.independent_action.setObjectName("independentAction")
        self.independent_action.setCheckable(True)
        self.independent_action.setToolTip(
            "Each editor sees only their own annotations of this release until review"
        )
        self.independent_action.triggered.connect(self.set_independent)
        self.curate_action = QAction("&Curate this release…", w)
        self.curate_action.setObjectName("curateAction")
        self.curate_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.curate_action.triggered.connect(lambda _=False: self.open_curation())
        self.agreement_action = QAction("&Agreement…", w)
        self.agreement_action.setObjectName("agreementAction")
        self.agreement_action.setShortcut(QKeySequence("Ctrl+Shift+G"))
        self.agreement_action.triggered.connect(lambda _=False: self.open_agreement())
        m.addActions([self.independent_action, self.curate_action, self.agreement_action])
        w.release_list.selectionModel().currentRowChanged.connect(lambda *_: self.sync())
        w.panelShown.connect(self.title_panel)
        live = getattr(w, "live", None)
        if live is not None:  # editors still annotating: open curation views follow
            live.changed.connect(self._on_live_changes)
        self.sync()

    def _on_live_changes(self, changes: list[Any]) -> None:
        for pk, win in self.windows.items():
            if win.isVisible() and any(getattr(c, "release_pk", None) == pk for c in changes):
                win.refresh()

    def sync(self) -> None:
        """Check the mode action and title the panel for the open release."""
        rel = self.w.current_release()
        try:
            mode = self.review.info(rel.id).mode if rel is not None else ReviewMode.SHARED
        except PibdeskError:
            return
        self.independent_action.blockSignals(True)
        self.independent_action.setChecked(mode is ReviewMode.INDEPENDENT)
        self.independent_action.blockSignals(False)
        self.independent_action.setEnabled(rel is not None)
        self.curate_action.setEnabled(rel is not None)
        self.mode = mode
        self.title_panel()

    def title_panel(self) -> None:
        """Say in the annotation panel's title when it shows the editor's layer only."""
        if getattr(self, "mode", None) is ReviewMode.INDEPENDENT:
            n = len(self.w._anns)
            self.w.panel_title.setText(
                f"{n} annotation{'s' if n != 1 else ''}: yours only (annotated independently)"
            )

    def set_independent(self, on: bool) -> None:
        rel = self.w.current_release()
        if rel is None:
            return
        after = ReviewMode.INDEPENDENT if on else ReviewMode.SHARED
        before = self.review.info(rel.id).mode
        if before is after:
            return
        if self._apply_mode(rel.id, after):
            self.w.undo_stack.push(_ModeCommand(self, rel.id, before, after))

    def _apply_mode(self, pk: int, mode: ReviewMode) -> bool:
        try:
            self.review.set_mode(pk, mode, by=self.w.author)
        except PibdeskError as e:
            self.w._say(f"Review mode not changed: {e}")
            self.sync()
            return False
        rel = self.w.current_release()
        if rel is not None and rel.id == pk:
            self.w._refresh_annotations()
        self.sync()
        self.w._say(
            "Annotated independently: each editor sees only their own annotations until review."
            if mode is ReviewMode.INDEPENDENT
            else "Annotated together: everyone's annotations are shown.",
            6000,
        )
        return True

    def open_curation(self, pk: int | None = None) -> CurationWindow | None:
        """Open (or raise) the curation view of release ``pk`` (default: the open one)."""
        if pk is None:
            rel = self.w.current_release()
            if rel is None:
                self.w._say("Open a release first.")
                return None
            pk = rel.id
        win = self.windows.get(pk)
        if win is None:
            win = CurationWindow(self.review, pk, self.w.author, self.w.labels, self.w)
            self.windows[pk] = win
        else:
            win.refresh()
        win.show()
        win.raise_()
        return win

    def open_agreement(self) -> AgreementDialog:
        self.dialog = AgreementDialog(self.review, self.w)
        self.dialog.open()
        return self.dialog


def install_review_tools(window: Any) -> ReviewTools:
    """Add the Review menu to ``window`` (see the module docstring)."""
    return ReviewTools(window)
