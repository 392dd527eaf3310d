"""A refused undo or redo leaves the undo stack where it was.

``QUndoStack.undo()`` moves its index *before* it calls the command's ``undo()``, and
cannot be told that the command failed. When a command's undo is refused (another editor
changed the annotation meanwhile: :class:`~pibdesk.core.errors.ConflictError`; it was
deleted; the database went away), the stack would nonetheless count it as undone, and the
editor's next Ctrl+Z would undo the command *before* it: an older change, perhaps the
creation of the very annotation the other editor just worked on.

Commands that can be refused derive from :class:`RefusableCommand` and call
:meth:`RefusableCommand.refuse` in their failure branch. :func:`guard_stack` watches a
stack's ``indexChanged``: when the command just undone (or redone) was refused, it puts
the index back, telling the command to skip the ``redo()`` (or ``undo()``) that moving
the index calls, so nothing is written twice. The editor sees the refusal message, the
Undo action still names the refused step, and pressing Ctrl+Z again retries it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack


class RefusableCommand(QUndoCommand):
    """A ``QUndoCommand`` whose ``undo()``/``redo()`` may be refused.

    Subclasses define ``redo``/``undo`` as usual; they are wrapped (``__init_subclass__``)
    so that a step :func:`guard_stack` asks to skip does nothing, and ``refused`` is
    reset before each run. A failure branch calls :meth:`refuse`.
    """

    refused: bool = False
    _skip_once: bool = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in ("redo", "undo"):
            fn = cls.__dict__.get(name)
            if fn is not None and not getattr(fn, "_refusal_wrapped", False):
                setattr(cls, name, _wrap(fn))

    def refuse(self) -> None:
        """Mark the running ``undo()``/``redo()`` as refused: the stack is put back."""
        self.refused = True


def _wrap(fn: Callable[[Any], None]) -> Callable[[Any], None]:
    def run(self: RefusableCommand) -> None:
        if self._skip_once:
            self._skip_once = False
            return
        self.refused = False
        fn(self)

    run._refusal_wrapped = True  # type: ignore[attr-defined]
    run.__name__, run.__doc__, run.__qualname__ = fn.__name__, fn.__doc__, fn.__qualname__
    return run


class _StackGuard(QObject):
    def __init__(self, stack: QUndoStack) -> None:
        super().__init__(stack)
        self.stack = stack
        self._last = stack.index()
        self._restoring = False
        stack.indexChanged.connect(self._moved)

    def _moved(self, index: int) -> None:
        last, self._last = self._last, index
        if self._restoring:
            return
        if index == last - 1:  # an undo ran: the command at the new index
            cmd = self.stack.command(index)
        elif index == last + 1:  # a redo (or a push) ran: the command at the old index
            cmd = self.stack.command(last)
        else:
            return
        if not isinstance(cmd, RefusableCommand) or not cmd.refused:
            return
        cmd.refused = False
        cmd._skip_once = True  # setIndex calls the opposite step: it must not run
        self._restoring = True
        try:
            self.stack.setIndex(last)
        finally:
            self._restoring = False
            cmd._skip_once = False
        self._last = self.stack.index()


def guard_stack(stack: QUndoStack) -> QUndoStack:
    """Keep ``stack`` where it was when a :class:`RefusableCommand` is refused (see the
    module doc). The guard is a child of ``stack``; returns ``stack``."""
    _StackGuard(stack)
    return stack
