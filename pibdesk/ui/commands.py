"""Undoable annotation edits: one ``QUndoCommand`` per user action.

Each command calls :class:`~pibdesk.services.annotations.AnnotationService` in
``redo()`` and the inverse in ``undo()``, keeping the record the service returned, so
undoing a delete (or redoing a create) restores the *same* annotation: same id, times
and fields (the orange-canvas-core ``document/commands.py`` pattern). The action is
performed before the command is pushed (so a refused action never reaches the stack);
the first ``redo()`` that ``QUndoStack.push`` makes is therefore a no-op.

After every change the command calls ``on_change(release_pk, ann_id, present)`` so the
window can refresh; a service error during undo/redo (say, another window deleted the
annotation meanwhile) goes to ``on_error(message)`` and leaves the stack where it was.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from pibdesk.core.errors import PibdeskError
from pibdesk.core.model import Annotation
from pibdesk.services.annotations import AnnotationService

ChangeFn = Callable[[int, int, bool], None]
ErrorFn = Callable[[str], None]


class _AnnotationCommand(QUndoCommand):
    def __init__(
        self,
        service: AnnotationService,
        ann: Annotation,
        on_change: ChangeFn,
        on_error: ErrorFn,
        text: str,
    ) -> None:
        super().__init__(text)
        self.service = service
        self.annotation = ann
        self._on_change = on_change
        self._on_error = on_error
        self._done_once = True  # the action ran before push(); skip push's redo()

    def _add(self) -> None:
        try:
            self.annotation = self.service.restore(self.annotation)
        except PibdeskError as e:
            self._on_error(f"could not restore annotation {self.annotation.id}: {e}")
            return
        self._on_change(self.annotation.release_pk, self.annotation.id, True)

    def _remove(self) -> None:
        try:
            self.annotation = self.service.delete(self.annotation.id)
        except PibdeskError as e:
            self._on_error(f"could not remove annotation {self.annotation.id}: {e}")
            return
        self._on_change(self.annotation.release_pk, self.annotation.id, False)


class CreateAnnotationCommand(_AnnotationCommand):
    """Undo of an annotation that was just created (``ann`` as the service returned it)."""

    def __init__(
        self, service: AnnotationService, ann: Annotation, on_change: ChangeFn, on_error: ErrorFn
    ) -> None:
        super().__init__(
            service, ann, on_change, on_error, f"Mark {ann.label}"
        )

    def redo(self) -> None:
        if self._done_once:
            self._done_once = False
            return
        self._add()

    def undo(self) -> None:
        self._remove()


class DeleteAnnotationCommand(_AnnotationCommand):
    """Undo of an annotation that was just deleted (``ann`` as it was before)."""

    def __init__(
        self, service: AnnotationService, ann: Annotation, on_change: ChangeFn, on_error: ErrorFn
    ) -> None:
        super().__init__(
            service, ann, on_change, on_error, f"Delete {ann.label}"
        )

    def redo(self) -> None:
        if self._done_once:
            self._done_once = False
            return
        self._remove()

    def undo(self) -> None:
        self._add()
