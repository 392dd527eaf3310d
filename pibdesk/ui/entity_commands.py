"""Undoable registry and suggestion actions (one ``QUndoCommand`` each).

As in :mod:`pibdesk.ui.commands`, the action runs before the command is pushed (the
first ``redo()`` is a no-op) and each command keeps what the service returned, so undo
and redo restore the same ids. Every change ends with ``on_change()`` so views refresh;
a service error goes to ``on_error(message)``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from pibdesk.core.entities import MergeRecord
from pibdesk.core.errors import ConflictError, PibdeskError
from pibdesk.core.model import Annotation, Entity
from pibdesk.core.suggest import Suggestion
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.entities import EntityService
from pibdesk.services.suggestions import Accepted, SuggestionService
from pibdesk.ui.busy_worker import run_off_gui_thread
from pibdesk.ui.undo_guard import RefusableCommand

Refresh = Callable[[], None]
ErrorFn = Callable[[str], None]


class _Once(RefusableCommand):
    def __init__(self, text: str, on_change: Refresh, on_error: ErrorFn) -> None:
        super().__init__(text)
        self._first = True
        self._on_change = on_change
        self._on_error = on_error

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self.do)

    def undo(self) -> None:
        self._run(self.revert)

    def _run(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except PibdeskError as e:
            self.refuse()  # the stack stays where it was (undo_guard)
            self._on_error(f"{self.text()}: {e}")
            return
        self._on_change()

    def do(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def revert(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class EntityStateCommand(_Once):
    """Rename or alias edit: ``before``/``after`` states of one entity."""

    def __init__(
        self, es: EntityService, before: Entity, after: Entity, text: str,
        on_change: Refresh, on_error: ErrorFn,
    ) -> None:
        super().__init__(text, on_change, on_error)
        self.es, self.before, self.after = es, before, after

    def do(self) -> None:
        self.es.restore_state(self.after)

    def revert(self) -> None:
        self.es.restore_state(self.before)


class MergeEntitiesCommand(_Once):
    """A merge; undo re-creates the merged-away entity and re-points its links."""

    def __init__(
        self, es: EntityService, record: MergeRecord, on_change: Refresh, on_error: ErrorFn
    ) -> None:
        super().__init__(
            f"Merge “{record.gone.name}” into “{record.kept_before.name}”", on_change, on_error
        )
        self.es, self.record = es, record

    def do(self) -> None:
        self.record = self.es.merge(self.record.kept_before.id, self.record.gone.id)

    def revert(self) -> None:
        self.es.unmerge(self.record)


class LinkAnnotationCommand(_Once):
    """Set an annotation's entity / speaker / kind; ``created`` is an entity made for it
    (deleted on undo, re-created under the same id on redo).

    ``version`` is the annotation's ``row_version`` right after the link. Undo and redo
    write with the version they last left behind, so if another editor (window or
    process) changed the annotation meanwhile, the step raises
    :class:`~pibdesk.core.errors.ConflictError` (reported through ``on_error``, naming
    that editor) instead of overwriting their change. ``version=None`` skips the check.
    ``seen(annotation_id)`` (optional) gives the ``row_version`` the window shows, None
    if not shown: when given it is the version written with, so several steps of this
    window on one annotation (speaker, then kind, ...) undo one after another, while a
    change the window has not shown yet still raises. ``editor`` is recorded in the
    change log.
    """

    def __init__(
        self, annotations: AnnotationService, es: EntityService, before: Annotation,
        changes: dict[str, object], created: Entity | None, on_change: Refresh, on_error: ErrorFn,
        *, version: int | None = None, editor: str = "",
        seen: Callable[[int], int | None] | None = None,
    ) -> None:
        super().__init__(f"Link {before.label}", on_change, on_error)
        self.annotations, self.es = annotations, es
        self.before, self.changes, self.created = before, changes, created
        self.version, self.editor, self._seen = version, editor, seen

    def _write(self, values: dict[str, object]) -> None:
        version = self.version
        if version is not None and self._seen is not None:
            shown = self._seen(self.before.id)
            version = version if shown is None else shown
        after = self.annotations.update(self.before.id, version, editor=self.editor, **values)
        if self.version is not None:
            self.version = after.row_version

    def do(self) -> None:
        if self.created is not None:
            self.es.recreate(self.created)
        try:
            self._write(dict(self.changes))
        except PibdeskError:
            if self.created is not None:  # not linked after all: no orphan entity
                self.es.delete(self.created.id)
            raise

    def revert(self) -> None:
        # the exact earlier record: its values and its updated_at (put_back)
        version = self.version
        if version is not None and self._seen is not None:
            shown = self._seen(self.before.id)
            version = version if shown is None else shown
        after = self.annotations.put_back(
            self.before, tuple(self.changes), editor=self.editor, expected_version=version
        )
        if self.version is not None:
            self.version = after.row_version
        if self.created is not None:
            self.es.delete(self.created.id)


class AcceptSuggestionsCommand(_Once):
    """Accepted suggestions (one, a label's, or all); undo removes them and the entities
    created for them.

    Undo deletes only the versions the editor saw: each annotation's ``row_version`` as
    the window shows it (``seen(annotation_id)``, following this window's own later
    edits such as a link and its undo), else as accepted. If another editor changed one
    meanwhile, undo removes none of them (one transaction), reports
    :class:`~pibdesk.core.errors.ConflictError` through ``on_error`` naming that editor,
    and refreshes the views to show their version; a redo after that refused undo
    changes nothing. ``editor`` (default: the accepting author) is logged.
    """

    def __init__(
        self, svc: SuggestionService, accepted: list[Accepted], on_change: Refresh, on_error: ErrorFn,
        *, seen: Callable[[int], int | None] | None = None, editor: str | None = None,
    ) -> None:
        n = len(accepted)
        super().__init__(f"Accept {n} suggestion{'s' if n != 1 else ''}", on_change, on_error)
        self.svc, self.accepted = svc, accepted
        self._seen = seen
        self.editor = accepted[0].annotation.author if editor is None and accepted else editor or ""
        self._removed: list[list[Entity]] = []
        self._undone = False

    def _version(self, acc: Accepted) -> int:
        shown = self._seen(acc.annotation.id) if self._seen is not None else None
        return acc.annotation.row_version if shown is None else shown

    def do(self) -> None:
        if not self._undone:  # the last undo was refused: everything is still there
            return
        self.accepted = [
            self.svc.redo_accept(a, ents)
            for a, ents in zip(self.accepted, self._removed, strict=True)
        ]
        self._undone = False

    def revert(self) -> None:
        items = [(a, self._version(a)) for a in reversed(self.accepted)]
        try:
            removed = self.svc.undo_accept_all(items, editor=self.editor)
        except ConflictError:
            self._on_change()  # show the other editor's version
            raise
        self._removed = removed[::-1]
        self._undone = True


class RejectSuggestionsCommand(_Once):
    """Rejected suggestions (remembered for the release); undo forgets the rejections."""

    def __init__(
        self, svc: SuggestionService, release_pk: int, rejected: list[Suggestion],
        on_change: Refresh, on_error: ErrorFn,
    ) -> None:
        n = len(rejected)
        super().__init__(f"Reject {n} suggestion{'s' if n != 1 else ''}", on_change, on_error)
        self.svc, self.release_pk, self.rejected = svc, release_pk, rejected

    def do(self) -> None:
        self.svc.reject(self.release_pk, self.rejected)

    def revert(self) -> None:
        self.svc.unreject(self.release_pk, self.rejected)


class MarkEverywhereCommand(AcceptSuggestionsCommand):
    """"Mark every occurrence across the corpus": the annotations stored in one transaction
    (:meth:`SuggestionService.accept_everywhere`); undo deletes them all in one transaction,
    redo puts them back (same ids) in one. Both run off the GUI thread
    (:func:`~pibdesk.ui.busy_worker.run_off_gui_thread`: thousands of rows take seconds)
    while the window keeps painting; ``parent`` owns the busy dialog."""

    def __init__(
        self, svc: SuggestionService, accepted: list[Accepted], releases: int,
        on_change: Refresh, on_error: ErrorFn,
        *, seen: Callable[[int], int | None] | None = None, editor: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(svc, accepted, on_change, on_error, seen=seen, editor=editor)
        self._parent = parent
        n = len(accepted)
        self.setText(
            f"Mark {n} occurrence{'s' if n != 1 else ''} in {releases} "
            f"release{'s' if releases != 1 else ''}"
        )

    def do(self) -> None:
        if not self._undone:
            return
        items = list(zip(self.accepted, self._removed, strict=True))
        self.accepted = run_off_gui_thread(
            lambda: self.svc.redo_accept_all(items), f"Redo: {self.text()}…", self._parent
        )
        self._undone = False

    def revert(self) -> None:
        items = [(a, self._version(a)) for a in reversed(self.accepted)]
        try:
            removed = run_off_gui_thread(
                lambda: self.svc.undo_accept_all(items, editor=self.editor),
                f"Undo: {self.text()}…", self._parent,
            )
        except ConflictError:
            self._on_change()  # show the other editor's version
            raise
        self._removed = removed[::-1]
        self._undone = True
