"""Correcting the selected annotation in the main window: its label and its boundaries.

:func:`install_span_edit` adds to a :class:`~pibdesk.ui.main_window.MainWindow`:

* **Change label**: with an annotation selected (clicked in the text or the list) and no
  text selected, its label key (P/S/T), the toolbar, Annotate > Change label to, or the
  text's right-click "Change label to <label>" relabels it in place
  (:meth:`AnnotationService.change_label`: same id; links kept or dropped by the rules
  of :mod:`pibdesk.core.span_edit`). Then, as after marking, the entity picker or the
  speaker prompt is offered (:attr:`SpanEditor.relabelled`).
* **Move boundaries**: the selected annotation's drag handles in the text
  (:meth:`AnnotatedTextView.handle_rects`; also Alt+drag from inside the span near an
  end), and the keys Alt+Shift+Left/Right (move the end) and Alt+Ctrl+Left/Right (move
  the start), one grapheme per press, never onto white space
  (:meth:`AnnotationService.move_span`). An empty or white-space-only result is refused
  in the status bar and nothing is stored.

Each change is one :class:`EditAnnotationCommand` on the window's undo stack; the
presses of one move key on one annotation in a row merge into one step
(``QUndoCommand.mergeWith``), a drag is one step. Undo puts back the exact earlier
record (same id, fields and ``updated_at``; ``row_version`` goes up as for every write).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoCommand

from pibdesk.core.errors import ConflictError, PibdeskError, SpanError
from pibdesk.core.model import Annotation
from pibdesk.core.selection import snap_span
from pibdesk.core.span_edit import Edge, drag_edge, step_edge
from pibdesk.services.annotations import AnnotationService
from pibdesk.ui.undo_guard import RefusableCommand

#: ``QUndoCommand.id()`` of the keyboard moves (so consecutive ones may merge).
KEY_MOVE_ID = 0x13E

#: Fields a label change may write (label and the links it clears).
LABEL_FIELDS = ("label", "entity_id", "speaker_id", "statement_kind", "topic_id")
#: Fields a boundary move writes (``fragments`` follow the covering span's ends).
SPAN_FIELDS = ("start", "end", "text", "prefix", "suffix", "fragments")


class EditAnnotationCommand(RefusableCommand):
    """One edit of one annotation: ``before`` and ``after`` as the service returned them.

    Undo writes ``before``'s ``fields`` (and its ``updated_at``) back, redo ``after``'s,
    through :meth:`AnnotationService.put_back`, with the ``row_version`` the window shows
    (``seen(id)``, else the one this command last left): a change another editor made
    meanwhile raises :class:`ConflictError`, reported through ``on_error``, and the
    stack stays where it was. ``merge_key`` (for keyboard moves: annotation id and edge)
    lets consecutive commands with the same key merge into one step.
    """

    def __init__(
        self,
        service: AnnotationService,
        before: Annotation,
        after: Annotation,
        fields: tuple[str, ...],
        text: str,
        on_change: Callable[[int, int, bool], None],
        on_error: Callable[[str], None],
        *,
        seen: Callable[[int], int | None] | None = None,
        editor: str = "",
        merge_key: tuple[int, str] | None = None,
    ) -> None:
        super().__init__(text)
        self.service = service
        self.before, self.after, self.fields = before, after, fields
        self._on_change, self._on_error, self._seen = on_change, on_error, seen
        self.editor = editor
        self.merge_key = merge_key
        self._version = after.row_version
        self._first = True  # the edit ran before push(): push's redo() does nothing

    def id(self) -> int:
        return KEY_MOVE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Take a following keyboard move of the same annotation's same end into this step."""
        if not isinstance(other, EditAnnotationCommand) or other.merge_key != self.merge_key:
            return False
        if other.before.id != self.after.id or self.merge_key is None:
            return False
        self.after = other.after
        self._version = other._version
        self.setText(other.text())
        return True

    def _put(self, record: Annotation, action: str) -> None:
        shown = self._seen(record.id) if self._seen is not None else None
        version = self._version if shown is None else shown
        try:
            done = self.service.put_back(
                record, self.fields, editor=self.editor, expected_version=version,
                action=action,
            )
        except PibdeskError as e:
            if isinstance(e, ConflictError):
                self._on_change(record.release_pk, record.id, True)  # show their version
            self.refuse()  # the stack stays where it was (undo_guard)
            self._on_error(f"{self.text()}: {e}")
            return
        self._version = done.row_version
        self._on_change(record.release_pk, record.id, True)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._put(self.after, "redo")

    def undo(self) -> None:
        self._put(self.before, "undo")


class SpanEditor(QObject):
    """The controller; one per main window (``window.span_editor``)."""

    #: an annotation got a new label (the stored :class:`Annotation`): offer its links.
    relabelled = Signal(object)
    #: an annotation's span moved (the stored :class:`Annotation`).
    spanMoved = Signal(object)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.w = window
        self.annotations: AnnotationService = window.annotations
        self._last_key_move: EditAnnotationCommand | None = None
        self._build_actions()
        window.labelChangeRequested.connect(self.change_label)
        window.text_view.edgeDragged.connect(self._on_edge_dragged)
        window.text_view.fragmentRequested.connect(self._on_fragment_dragged)
        # a label key in the annotation list relabels its selected row (not a type-ahead)
        window.panel.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """In the annotation list, a label's key (no modifier but Shift) relabels the
        selected annotation."""
        if obj is self.w.panel and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            keys = {lab.shortcut.upper(): lab.name for lab in self.w.labels if lab.shortcut}
            name = keys.get(event.text().upper()) if event.text() else None
            if name is not None and mods in (
                Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier
            ):
                self.w.request_label_change(name)
                return True
        return super().eventFilter(obj, event)

    def _build_actions(self) -> None:
        w = self.w
        m = w.annotate_menu
        m.addSeparator()
        sub = m.addMenu("Change &label to")
        sub.setObjectName("changeLabelMenu")
        self.label_actions: dict[str, QAction] = {}
        for lab in w.labels:
            act = QAction(lab.name, w)
            act.setObjectName(f"changeLabel{lab.name}")
            act.setToolTip(
                f"Make the selected annotation a {lab.name}"
                + (f" ({lab.shortcut} with no text selected)" if lab.shortcut else "")
            )
            act.triggered.connect(lambda _=False, n=lab.name: w.request_label_change(n))
            sub.addAction(act)
            self.label_actions[lab.name] = act
        self.move_actions: dict[tuple[str, int], QAction] = {}
        for edge, direction, words, keys in (
            ("start", -1, "Move start &left", "Alt+Ctrl+Left"),
            ("start", +1, "Move start &right", "Alt+Ctrl+Right"),
            ("end", -1, "Move end l&eft", "Alt+Shift+Left"),
            ("end", +1, "Move end ri&ght", "Alt+Shift+Right"),
        ):
            act = QAction(words, w)
            act.setObjectName(f"move_{edge}_{'right' if direction > 0 else 'left'}")
            act.setShortcut(QKeySequence(keys))
            act.triggered.connect(
                lambda _=False, e=edge, d=direction: self.step(e, d)  # type: ignore[misc]
            )
            self.move_actions[(edge, direction)] = act
        self.fragment_action = QAction("Add selection as &fragment", w)
        self.fragment_action.setObjectName("addFragment")
        self.fragment_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.fragment_action.setToolTip(
            "Add the selected text to the selected annotation as another piece "
            "(a discontinuous span); Ctrl+drag does the same"
        )
        self.fragment_action.triggered.connect(self.add_selection_as_fragment)
        m.addAction(self.fragment_action)
        w.addAction(self.fragment_action)
        mv = m.addMenu("&Move boundary")
        mv.setObjectName("moveBoundaryMenu")
        mv.addActions(list(self.move_actions.values()))
        w.addActions(list(self.move_actions.values()))  # shortcuts work wherever focus is

    # ------------------------------------------------------------------ helpers
    def _selected(self) -> Annotation | None:
        ann_id = self.w.panel.current_id() or self.w.text_view.current_annotation()
        if ann_id is None:
            self.w._say("Select an annotation first (click it in the text or the list).")
            return None
        shown = next((a for a in self.w._anns if a.id == ann_id), None)
        if shown is None:
            self.w._say("Select an annotation first (click it in the text or the list).")
        return shown

    def _duplicate(self, ann: Annotation, start: int, end: int, label: str) -> bool:
        return any(
            a.id != ann.id and (a.start, a.end, a.label) == (start, end, label)
            for a in self.w._anns
        )

    def _refused(self, what: str, e: PibdeskError) -> None:
        self.w._say(f"{what}: {e}", 8000)
        if not self.w._report_unreachable(e) and isinstance(e, ConflictError):
            self.w._refresh_annotations()  # show the other editor's version

    def _push(self, cmd: EditAnnotationCommand) -> None:
        self.w.undo_stack.push(cmd)
        self.w._refresh_annotations(select=cmd.after.id, scroll=False)

    def _command(
        self, before: Annotation, after: Annotation, fields: tuple[str, ...], text: str,
        merge_key: tuple[int, str] | None = None,
    ) -> EditAnnotationCommand:
        return EditAnnotationCommand(
            self.annotations, before, after, fields, text, self.w._on_command_change,
            self.w._say, seen=self.w._shown_version, editor=self.w.author,
            merge_key=merge_key,
        )

    # ------------------------------------------------------------------ label
    def change_label(self, ann_id: int, label: str) -> Annotation | None:
        """Relabel annotation ``ann_id`` (shown in the window) as ``label``: one undoable
        step. Refused in the status bar (nothing stored) if it already has that label,
        the same span already has an annotation of it, or another editor changed it
        meanwhile. Returns the stored annotation or None."""
        before = next((a for a in self.w._anns if a.id == ann_id), None)
        if before is None:
            self.w._say("Select an annotation first (click it in the text or the list).")
            return None
        if before.label == label:
            self.w._say(f"Already a {label}.", 4000)
            return None
        if self._duplicate(before, before.start, before.end, label):
            self.w._say(f"Not changed: this span is already marked as {label}.", 6000)
            return None
        try:
            after = self.annotations.change_label(
                ann_id, label, editor=self.w.author, expected_version=before.row_version
            )
        except PibdeskError as e:
            self._refused("Label not changed", e)
            return None
        self._push(self._command(before, after, LABEL_FIELDS, f"Change {before.label} to {label}"))
        dropped = [w for f, w in (("entity_id", "entity"), ("speaker_id", "speaker"),
                                  ("statement_kind", "kind"), ("topic_id", "topic"))
                   if getattr(before, f) is not None and getattr(after, f) is None]
        self.w._say(
            f"{before.label} → {label}: “{_short(after.text)}”"
            + (f" (dropped its {', '.join(dropped)})" if dropped else ""), 6000,
        )
        self.relabelled.emit(after)
        return after

    # ------------------------------------------------------------------ bounds
    def step(self, edge: Edge, direction: int) -> Annotation | None:
        """Move ``edge`` of the selected annotation one grapheme left (-1) or right (+1)
        (Alt+Ctrl+Left/Right the start, Alt+Shift+Left/Right the end). Presses in a row
        on the same end merge into one undo step."""
        ann = self._selected()
        rel = self.w.current_release()
        if ann is None or rel is None:
            return None
        try:
            start, end = step_edge(rel.text, ann.start, ann.end, edge, direction)
        except SpanError as e:
            self.w._say(f"Not moved: {e}.", 6000)
            return None
        return self._move(ann, start, end, merge_key=(ann.id, edge))

    def _on_edge_dragged(self, ann_id: int, edge: str, cp: int) -> None:
        ann = next((a for a in self.w._anns if a.id == ann_id), None)
        rel = self.w.current_release()
        if ann is None or rel is None:
            return
        try:
            start, end = drag_edge(rel.text, ann.start, ann.end, "start" if edge == "start" else "end", cp)
        except SpanError as e:
            self.w._say(f"Not moved: {e}.", 6000)
            return
        if (start, end) == (ann.start, ann.end):
            return  # dropped where it was
        self._move(ann, start, end)

    # ------------------------------------------------------------------ fragments
    def _on_fragment_dragged(self, ann_id: int, start: int, end: int) -> None:
        self.add_fragment(ann_id, start, end)

    def add_selection_as_fragment(self) -> Annotation | None:
        """Annotate > Add selection as fragment (Ctrl+Shift+A): the selected text becomes
        another piece of the selected annotation."""
        ann = self._selected()
        raw = self.w.text_view.selection_codepoints()
        if ann is None:
            return None
        if raw is None or raw[0] == raw[1]:
            self.w._say("Select the text to add to the annotation first.", 5000)
            return None
        return self.add_fragment(ann.id, *raw)

    def add_fragment(self, ann_id: int, start: int, end: int) -> Annotation | None:
        """Add ``start..end`` (code points, a raw selection: snapped as a new span is,
        :func:`pibdesk.core.selection.snap_span`) to annotation ``ann_id`` as a fragment:
        one undoable step. Refused in the status bar (nothing stored) for white space
        only, text already in the annotation, or another editor's change meanwhile."""
        ann = next((a for a in self.w._anns if a.id == ann_id), None)
        rel = self.w.current_release()
        if ann is None or rel is None:
            self.w._say("Select an annotation first (click it in the text or the list).")
            return None
        try:
            s, e = snap_span(rel.text, start, end)
            after = self.annotations.add_fragment(
                ann.id, s, e, editor=self.w.author, expected_version=ann.row_version
            )
        except PibdeskError as err:
            self._refused("Fragment not added", err)
            return None
        self.w.text_view.select_codepoints(s, s)  # drop the selection: it is marked now
        self._push(self._command(ann, after, SPAN_FIELDS, _fragment_step_text(ann, after)))
        n = len(after.fragments)
        self.w._say(
            f"{ann.label} now in {n} pieces: “{_short(rel.text[s:e])}” added"
            if n else f"{ann.label} is one span again: {after.start}–{after.end}", 5000,
        )
        self.spanMoved.emit(after)
        return after

    def move_to(self, ann_id: int, start: int, end: int) -> Annotation | None:
        """Move annotation ``ann_id`` (shown in the window) to ``start..end``: one undo
        step; refused in the status bar like the keys and handles."""
        ann = next((a for a in self.w._anns if a.id == ann_id), None)
        return None if ann is None else self._move(ann, start, end)

    def _move(
        self, ann: Annotation, start: int, end: int, merge_key: tuple[int, str] | None = None
    ) -> Annotation | None:
        if self._duplicate(ann, start, end, ann.label):
            self.w._say(f"Not moved: that span is already marked as {ann.label}.", 6000)
            return None
        try:
            after = self.annotations.move_span(
                ann.id, start, end, editor=self.w.author, expected_version=ann.row_version
            )
        except PibdeskError as e:
            self._refused("Not moved", e)
            return None
        self._push(self._command(ann, after, SPAN_FIELDS, f"Move {ann.label} span", merge_key))
        self.w._say(f"{ann.label} now {start}–{end}: “{_short(after.text)}”", 4000)
        self.spanMoved.emit(after)
        return after


def _fragment_step_text(before: Annotation, after: Annotation) -> str:
    return (
        f"Add fragment to {before.label}"
        if after.fragments
        else f"Join {before.label} into one span"
    )


def install_span_edit(window: Any) -> SpanEditor:
    """Add label changes and boundary moves to ``window`` (see the module doc)."""
    editor = SpanEditor(window)
    window.span_editor = editor
    return editor


def _short(text: str, n: int = 48) -> str:
    one = " ".join(text.split())
    return one if len(one) <= n else one[: n - 1] + "…"
