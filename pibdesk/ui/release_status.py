"""Annotate > Mark release done: the editor's "this release is finished" switch.

A release starts "not started", becomes "in progress" by itself with its first
annotation (:meth:`pibdesk.storage.repositories.AnnotationRepository.add`) and "done"
only by this action; triggering it on a done release takes it back to "in progress".
The release list's status filter (:class:`pibdesk.ui.corpus_tools.FilterBar`) selects on
this value. Each switch is one transaction (:meth:`CorpusService.toggle_done`) and one
undoable command on the window's ``QUndoStack``; undo restores the exact status the
release had before (so "not started" -> done -> undo is "not started" again).

Object name for automation: ``markDoneAction`` (shortcut Ctrl+Shift+D).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence, QUndoCommand
from PySide6.QtWidgets import QMenu

from pibdesk.core.errors import PibdeskError
from pibdesk.core.model import ReleaseStatus

if TYPE_CHECKING:
    from pibdesk.ui.main_window import MainWindow

#: How the status reads in messages.
STATUS_WORDS = {
    ReleaseStatus.NOT_STARTED: "not started",
    ReleaseStatus.IN_PROGRESS: "in progress",
    ReleaseStatus.DONE: "done",
}


class SetStatusCommand(QUndoCommand):
    """Undoable status change of one release, ``before`` -> ``after``.

    The change is made before the command is pushed (so a refused change never reaches
    the stack); the first ``redo()`` that ``QUndoStack.push`` makes is a no-op.
    """

    def __init__(
        self,
        owner: MarkDoneAction,
        pk: int,
        before: ReleaseStatus,
        after: ReleaseStatus,
    ) -> None:
        super().__init__(f"Mark release {STATUS_WORDS[after]}")
        self.owner, self.pk, self.before, self.after = owner, pk, before, after
        self._done_once = True

    def redo(self) -> None:
        if self._done_once:
            self._done_once = False
            return
        self.owner.apply(self.pk, self.after)

    def undo(self) -> None:
        self.owner.apply(self.pk, self.before)


class MarkDoneAction:
    """The checkable "Mark release done" action of a :class:`MainWindow`, added to
    ``menu`` (the Annotate menu). Checked while the open release is done."""

    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        self.window = window
        self.action = QAction("Mark release &done", window)
        self.action.setObjectName("markDoneAction")
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.action.setToolTip("Mark the open release done (again: back to in progress)")
        self.action.triggered.connect(lambda _checked=False: self.toggle())
        menu.addSeparator()
        menu.addAction(self.action)
        menu.aboutToShow.connect(self.sync)
        window.release_list.selectionModel().currentRowChanged.connect(lambda *_: self.sync())

    def toggle(self) -> ReleaseStatus | None:
        """Mark the open release done, or a done one in progress again (undoable).

        Returns the new status, or None (no release open, or the database refused; the
        status bar says why).
        """
        rel = self.window.current_release()
        if rel is None:
            self._say("Open a release first.")
            self.sync()
            return None
        try:
            before, after = self.window.corpus.toggle_done(rel.id, self.window.author)
        except PibdeskError as e:
            self._say(f"Status not changed: {e}")
            self.sync()
            return None
        self.window.undo_stack.push(SetStatusCommand(self, rel.id, before, after))
        self._changed(rel.id, after)
        return after

    def apply(self, pk: int, status: ReleaseStatus) -> None:
        """Set release ``pk`` to ``status`` (undo/redo); errors go to the status bar."""
        try:
            self.window.corpus.set_status(pk, status, self.window.author)
        except PibdeskError as e:
            self._say(f"Status not changed: {e}")
            return
        self._changed(pk, status)

    def sync(self) -> None:
        """Check the action if the open release is done (read from the database)."""
        rel = self.window.current_release()
        done = False
        if rel is not None:
            try:
                done = self.window.corpus.release(rel.id).status == ReleaseStatus.DONE
            except PibdeskError:
                done = False
        self.action.blockSignals(True)
        self.action.setChecked(done)
        self.action.blockSignals(False)

    def _changed(self, pk: int, status: ReleaseStatus) -> None:
        self.window.apply_filter()  # the status filter may now show or hide it
        self.sync()
        self._say(f"Release #{pk} is {STATUS_WORDS[status]}.", 4000)

    def _say(self, message: str, ms: int = 6000) -> None:
        self.window.statusBar().showMessage(message, ms)
