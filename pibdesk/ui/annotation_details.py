"""The selected annotation's note and history, below the annotation list.

* **Note** (objectName ``annotationNote``): plain text, several lines. It is saved when
  the field loses focus, another annotation is selected, the window closes, or on
  **Ctrl+Return** (button ``saveNote``); **Esc** puts back the
  stored note. Each save is one undoable step (:class:`EditAnnotationCommand` over the
  ``note`` field: undo restores the exact earlier record, ``updated_at`` included). A note
  with a control character is refused with the reason under the field, and the typed
  text stays there to be fixed. A note shows as the span's tooltip in the text and in the
  list's Note column, and the list filter searches it.
* **History** (objectName ``annotationHistory``): every change of the selected annotation
  (:meth:`AnnotationService.history`), newest first, with when (IST), who and what; with
  **Whole release** (``historyScope``) every change to the release's annotations, deleted
  ones included. Double-clicking a row of a live annotation selects it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pibdesk.core.errors import ConflictError, PibdeskError, SpanError
from pibdesk.core.history import HistoryEntry
from pibdesk.core.model import IST, Annotation
from pibdesk.ui.span_edit import EditAnnotationCommand

NOTE_FIELDS = ("note",)


class AnnotationDetails(QWidget):
    """Note editor and history list for ``window``'s selected annotation."""

    def __init__(self, window: Any) -> None:
        super().__init__()
        self.w = window
        self.setObjectName("annotationDetails")
        self._ann: Annotation | None = None
        self._loaded_note = ""

        self.heading = QLabel("No annotation selected")
        self.heading.setObjectName("detailsHeading")
        self.heading.setStyleSheet("font-weight:600; padding:2px")
        self.heading.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setObjectName("annotationNote")
        self.note.setPlaceholderText("Note on this annotation (plain text)…")
        self.note.setTabChangesFocus(True)
        # small minimums so the annotation list above keeps priority in a short window
        self.note.setMinimumHeight(self.note.fontMetrics().height() * 2 + 12)
        self.note.installEventFilter(self)
        self.note.textChanged.connect(self._update_buttons)
        self.save = QPushButton("Save note")
        self.save.setObjectName("saveNote")
        self.save.setToolTip("Save the note (Ctrl+Return; leaving the field saves too)")
        self.save.clicked.connect(self.save_note)
        self.problem = QLabel()
        self.problem.setObjectName("noteProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color:#b00020")
        self.problem.hide()
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            sc = QShortcut(QKeySequence(keys), self.note)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(self.save_note)

        self.scope = QCheckBox("Whole release")
        self.scope.setObjectName("historyScope")
        self.scope.setToolTip("Show the changes of every annotation of this release")
        self.scope.toggled.connect(lambda _on: self.refresh_history())
        self.history = QTreeWidget()
        self.history.setObjectName("annotationHistory")
        self.history.setRootIsDecorated(False)
        self.history.setHeaderLabels(["When (IST)", "Who", "What"])
        self.history.setAlternatingRowColors(True)
        self.history.setUniformRowHeights(True)
        h = self.history.header()
        h.setStretchLastSection(True)
        fm = self.history.fontMetrics()
        h.resizeSection(0, fm.horizontalAdvance("2026-12-06 09:41") + 16)
        h.resizeSection(1, fm.horizontalAdvance("an editor") + 12)
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.history.setMinimumHeight(fm.height() * 3 + 10)  # header and about two rows
        self.history.itemDoubleClicked.connect(self._on_history_double_click)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.setSpacing(3)
        top = QHBoxLayout()  # heading and its Save button share a row: the list keeps the room
        top.addWidget(self.heading, 1)
        top.addWidget(self.save, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(top)
        lay.addWidget(self.note, 1)
        lay.addWidget(self.problem)
        hist = QHBoxLayout()
        title = QLabel("History")
        title.setStyleSheet("font-weight:600; padding:2px")
        hist.addWidget(title)
        hist.addStretch(1)
        hist.addWidget(self.scope)
        lay.addLayout(hist)
        lay.addWidget(self.history, 2)

        window.panel.selectionModel().selectionChanged.connect(lambda *_: self.follow())
        window.panelShown.connect(self.follow)
        self.follow()

    # ------------------------------------------------------------------ state
    def annotation(self) -> Annotation | None:
        """The annotation shown (as the window last read it), or None."""
        return self._ann

    def _selected(self) -> Annotation | None:
        ann_id = self.w.panel.current_id()
        if ann_id is None:
            return None
        return next((a for a in self.w._anns if a.id == ann_id), None)

    def dirty(self) -> bool:
        """True when the field holds text not yet saved."""
        return self._ann is not None and self.note.toPlainText() != self._loaded_note

    def follow(self) -> None:
        """Show the selected annotation (after a selection change or a refresh). A note
        being typed into is kept while the same annotation stays selected."""
        ann = self._selected()
        same = ann is not None and self._ann is not None and ann.id == self._ann.id
        if self._ann is not None and not same and self.dirty():
            self.save_note()  # selecting another annotation saves, like leaving the field
            ann = self._selected()
        self._ann = ann
        if ann is None:
            self.heading.setText("No annotation selected")
            self._load_note("")
            self.note.setEnabled(False)
        else:
            who = f" · by {ann.author}" if ann.author else ""
            pieces = ", ".join(f"{s}–{e}" for s, e in (ann.fragments or ((ann.start, ann.end),)))
            self.heading.setText(f"{ann.label} {pieces}{who}")
            self.note.setEnabled(True)
            if not (same and self.dirty()):
                self._load_note(ann.note or "")
        self.refresh_history()

    def _load_note(self, text: str) -> None:
        self._loaded_note = text
        if self.note.toPlainText() != text:
            self.note.setPlainText(text)
        self.problem.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.save.setEnabled(self.dirty())

    # ------------------------------------------------------------------ note
    def save_note(self) -> Annotation | None:
        """Store the typed note on the shown annotation as one undoable step; returns the
        stored annotation, or None (nothing to save, or refused: the reason is shown
        under the field and the typed text kept)."""
        before = self._ann
        if before is None or not self.dirty():
            return None
        typed = self.note.toPlainText()
        try:
            after = self.w.annotations.set_note(
                before.id, typed, editor=self.w.author, expected_version=before.row_version
            )
        except SpanError:  # only white space where there was no note: nothing changes
            self._load_note(before.note or "")
            return None
        except PibdeskError as e:
            self.problem.setText(f"Note not saved: {e}")
            self.problem.show()
            if not self.w._report_unreachable(e) and isinstance(e, ConflictError):
                self.w._say(f"Note not saved: {e}", 8000)
            return None
        self._ann = after
        self._load_note(after.note or "")
        cmd = EditAnnotationCommand(
            self.w.annotations, before, after, NOTE_FIELDS,
            f"Note on {before.label}", self.w._on_command_change, self.w._say,
            seen=self.w._shown_version, editor=self.w.author,
        )
        self.w.undo_stack.push(cmd)
        self.w._refresh_annotations(select=after.id, scroll=False)
        self.w._say("Note saved." if after.note else "Note removed.", 3000)
        return after

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.note:
            if event.type() == QEvent.Type.FocusOut and self.dirty():
                self.save_note()
            elif event.type() == QEvent.Type.KeyPress:
                assert isinstance(event, QKeyEvent)
                if event.key() == Qt.Key.Key_Escape and self.dirty():
                    self._load_note(self._loaded_note)
                    return True
        return super().eventFilter(obj, event)

    # ------------------------------------------------------------------ history
    def entries(self) -> list[HistoryEntry]:
        """The entries the list shows, newest first."""
        if self.scope.isChecked():
            rel = self.w.current_release()
            rows = [] if rel is None else self.w.annotations.release_history(rel.id)
        elif self._ann is not None:
            rows = self.w.annotations.history(self._ann.id)
        else:
            rows = []
        return list(reversed(rows))

    def refresh_history(self) -> None:
        self.history.clear()
        whole = self.scope.isChecked()
        items = []
        for e in self.entries():
            what = e.summary()
            if whole:
                what = f"#{e.annotation_id} {what}"
            it = QTreeWidgetItem(
                [e.at.astimezone(IST).strftime("%Y-%m-%d %H:%M"), e.actor or "—", what]
            )
            it.setData(0, Qt.ItemDataRole.UserRole, e.annotation_id)
            it.setToolTip(0, e.at.astimezone(IST).isoformat(timespec="seconds"))
            it.setToolTip(2, "\n".join(f"{k}: {b!r} → {a!r}" for k, b, a in e.changes())
                          or what)
            items.append(it)
        self.history.addTopLevelItems(items)

    def _on_history_double_click(self, item: QTreeWidgetItem, _col: int) -> None:
        ann_id = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(ann_id, int) and any(a.id == ann_id for a in self.w._anns):
            self.w.panel.select_id(ann_id)


def install_annotation_details(window: Any) -> AnnotationDetails:
    """Add the note and history section under ``window``'s annotation list
    (``window.annotation_details``)."""
    details = AnnotationDetails(window)
    window.side_splitter.addWidget(details)
    # the list has priority: it gets most of a resize and starts with 60 % of the column
    # (a saved layout, prefs.K_SIDE_SPLITTER, replaces this at start)
    window.side_splitter.setStretchFactor(0, 3)
    window.side_splitter.setStretchFactor(1, 1)
    window.side_splitter.setSizes([600, 400])
    window.annotation_details = details
    window.close_hooks.append(details.save_note)  # a note being typed is not lost on close
    return details
