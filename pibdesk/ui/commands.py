"""Undoable annotation edits: one ``QUndoCommand`` per user action.

Each command calls :class:`~pibdesk.services.annotations.AnnotationService` in
``redo()`` and the inverse in ``undo()``, keeping the record the service returned, so
undoing a delete (or redoing a create) restores the *same* annotation: same id, times
and fields (the orange-canvas-core ``document/commands.py`` pattern). The action is
performed before the command is pushed (so a refused action never reaches the stack);
the first ``redo()`` that ``QUndoStack.push`` makes is therefore a no-op.

After every change the command calls ``on_change(release_pk, ann_id, present)`` so the
window can refresh; a service error during undo/redo (say, another window deleted the
annotation meanwhile) goes to ``on_error(message)`` and leaves the stack where it was
(:mod:`pibdesk.ui.undo_guard`: the next Ctrl+Z retries the refused step).

Removing (undo of a create, redo of a delete) passes the ``row_version`` the editor saw,
so a change another editor made meanwhile is refused with
:class:`~pibdesk.core.errors.ConflictError` (naming them; the window then shows their
version) instead of being deleted unseen. The version seen is the one the window shows
for the annotation (``seen(ann_id)``, which follows this window's own later edits such
as an entity link and its undo), else the one the command last got from the service.
"""

from __future__ import annotations

from collections.abc import Callable

from pibdesk.core.errors import ConflictError, PibdeskError
from pibdesk.core.model import Annotation
from pibdesk.services.annotations import AnnotationService
from pibdesk.ui.undo_guard import RefusableCommand

ChangeFn = Callable[[int, int, bool], None]
ErrorFn = Callable[[str], None]
#: The ``row_version`` of an annotation as the window shows it, None if not shown.
SeenFn = Callable[[int], "int | None"]


class _AnnotationCommand(RefusableCommand):
    def __init__(
        self,
        service: AnnotationService,
        ann: Annotation,
        on_change: ChangeFn,
        on_error: ErrorFn,
        text: str,
        seen: SeenFn | None = None,
        editor: str = "",
    ) -> None:
        super().__init__(text)
        self.service = service
        self.annotation = ann
        self._on_change = on_change
        self._on_error = on_error
        self._seen = seen
        self.editor = editor
        self._done_once = True  # the action ran before push(); skip push's redo()

    def seen_version(self) -> int:
        """The ``row_version`` the editor last saw of the annotation (see module doc)."""
        shown = self._seen(self.annotation.id) if self._seen is not None else None
        return self.annotation.row_version if shown is None else shown

    def _add(self, action: str) -> None:
        try:
            self.annotation = self.service.restore(
                self.annotation, editor=self.editor, action=action
            )
        except PibdeskError as e:
            self.refuse()
            self._on_error(f"could not restore annotation {self.annotation.id}: {e}")
            return
        self._on_change(self.annotation.release_pk, self.annotation.id, True)

    def _remove(self, action: str) -> None:
        try:
            self.annotation = self.service.delete(
                self.annotation.id, self.seen_version(), editor=self.editor, action=action
            )
        except PibdeskError as e:
            if isinstance(e, ConflictError):  # show the other editor's version
                self._on_change(self.annotation.release_pk, self.annotation.id, True)
            self.refuse()
            self._on_error(f"could not remove annotation {self.annotation.id}: {e}")
            return
        self._on_change(self.annotation.release_pk, self.annotation.id, False)


class CreateAnnotationCommand(_AnnotationCommand):
    """Undo of an annotation that was just created (``ann`` as the service returned it)."""

    def __init__(
        self, service: AnnotationService, ann: Annotation, on_change: ChangeFn, on_error: ErrorFn,
        *, seen: SeenFn | None = None, editor: str | None = None,
    ) -> None:
        super().__init__(
            service, ann, on_change, on_error, f"Mark {ann.label}", seen,
            ann.author if editor is None else editor,
        )

    def redo(self) -> None:
        if self._done_once:
            self._done_once = False
            return
        self._add("redo")

    def undo(self) -> None:
        self._remove("undo")


class DeleteAnnotationCommand(_AnnotationCommand):
    """Undo of an annotation that was just deleted (``ann`` as it was before)."""

    def __init__(
        self, service: AnnotationService, ann: Annotation, on_change: ChangeFn, on_error: ErrorFn,
        *, seen: SeenFn | None = None, editor: str = "",
    ) -> None:
        super().__init__(service, ann, on_change, on_error, f"Delete {ann.label}", seen, editor)

    def redo(self) -> None:
        if self._done_once:
            self._done_once = False
            return
        self._remove("redo")

    def undo(self) -> None:
        self._add("undo")
