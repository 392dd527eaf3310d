"""Reviewing suggestions: dashed underlines in the text and a list to accept or reject.

* :class:`SuggestionOverlay` paints each suggestion as a dashed underline in its label's
  colour over the text view's viewport (a transparent child widget, so the text view
  itself is untouched); the current one also gets a dashed outline.
* :class:`SuggestionPanel` (objectName ``suggestionPanel``, list ``suggestionList``)
  lists them. **Enter** accepts the current one, **Backspace**/**Delete** rejects it;
  buttons accept or reject all of the current one's label, or all. The panel emits
  ``acceptRequested(list)`` / ``rejectRequested(list)``; the window's controller does
  the work (undoable) and hands back the new list.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, Signal, SignalInstance
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pibdesk.core.suggest import STATEMENT, Suggestion
from pibdesk.ui.text_view import AnnotatedTextView

ROW_ROLE = Qt.ItemDataRole.UserRole + 1


def describe(sg: Suggestion) -> str:
    """One line for the list: label, text and what it links."""
    text = " ".join(sg.text.split())
    text = text if len(text) <= 48 else text[:47] + "…"
    if sg.label == STATEMENT:
        who = sg.speaker_name or "?"
        kind = sg.statement_kind.value if sg.statement_kind else ""
        return f"{sg.label} · {who} ({kind}) · “{text}”"
    link = f" → {sg.entity_name}" if sg.entity_name and sg.entity_name != sg.text else ""
    new = "" if sg.entity_id is not None or not sg.entity_name else " (new)"
    return f"{sg.label} · “{text}”{link}{new}"


class SuggestionOverlay(QWidget):
    """Dashed underlines for suggestions over an :class:`AnnotatedTextView`."""

    def __init__(self, view: AnnotatedTextView) -> None:
        super().__init__(view.viewport())
        self.setObjectName("suggestionOverlay")
        self.view = view
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self._items: list[tuple[int, int, QColor]] = []  # start16, end16, colour
        self._current: tuple[int, int] | None = None
        self.setGeometry(view.viewport().rect())
        view.viewport().installEventFilter(self)
        view.updateRequest.connect(lambda *_a: self.update())
        self.show()

    def set_suggestions(self, items: Iterable[Suggestion], colors: dict[str, str]) -> None:
        """Show these suggestions (code-point spans over the view's text)."""
        to16 = self.view.utf16_index.to_utf16
        n = self.view.utf16_index.length
        self._items = sorted(
            (to16(s.start), to16(s.end), QColor(colors.get(s.label, "#888888")))
            for s in items
            if 0 <= s.start < s.end <= n
        )
        self.update()

    def set_current(self, sg: Suggestion | None) -> None:
        to16 = self.view.utf16_index.to_utf16
        self._current = (to16(sg.start), to16(sg.end)) if sg is not None else None
        self.update()

    def painted_spans(self) -> list[tuple[int, int]]:
        """UTF-16 spans currently drawn (for tests)."""
        return [(a, b) for a, b, _c in self._items]

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
        if obj is self.view.viewport() and ev.type() == QEvent.Type.Resize:
            self.setGeometry(self.view.viewport().rect())
        return False

    def paintEvent(self, e: QPaintEvent) -> None:
        if not self._items:
            return
        vp = self.view.viewport()
        first = self.view.cursorForPosition(QPoint(0, 0)).position()
        last = self.view.cursorForPosition(QPoint(vp.width(), vp.height())).position() + 1
        p = QPainter(self)
        try:
            for a, b, color in self._items:
                if b < first or a > last:
                    continue
                pen = QPen(color, 2.0, Qt.PenStyle.DashLine)
                p.setPen(pen)
                for r in self.view.span_rects(max(a, first), min(b, last)):
                    y = r.bottom() - 1
                    p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
                    if self._current == (a, b):
                        p.drawRect(r.adjusted(-1, 0, 1, 0))
        finally:
            p.end()


class _ReviewList(QListWidget):
    """The list: Enter accepts, Backspace/Delete rejects (claimed before window shortcuts)."""

    accept_current = Signal()
    reject_current = Signal()
    _KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Backspace, Qt.Key.Key_Delete)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(e, QKeyEvent)
            if e.key() in self._KEYS:
                e.accept()
                return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept_current.emit()
            return
        if e.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.reject_current.emit()
            return
        super().keyPressEvent(e)


class SuggestionPanel(QWidget):
    """The suggestions of the open release. Signals carry lists of :class:`Suggestion`."""

    acceptRequested = Signal(list)
    rejectRequested = Signal(list)
    currentChanged = Signal(object)  # Suggestion | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionPanel")
        self.items: list[Suggestion] = []
        self.title = QLabel("No suggestions")
        self.list = _ReviewList()
        self.list.setObjectName("suggestionList")
        self.list.setWordWrap(True)
        buttons = QGridLayout()
        self.accept_label = QPushButton("Accept label")
        self.reject_label = QPushButton("Reject label")
        self.accept_all = QPushButton("Accept all")
        self.reject_all = QPushButton("Reject all")
        for i, b in enumerate((self.accept_label, self.reject_label, self.accept_all, self.reject_all)):
            buttons.addWidget(b, i // 2, i % 2)
        hint = QLabel("Enter accept · Backspace reject")
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, follows the theme
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.title)
        lay.addWidget(self.list, 1)
        lay.addLayout(buttons)
        lay.addWidget(hint)
        self.list.accept_current.connect(lambda: self._emit(self.acceptRequested, "one"))
        self.list.reject_current.connect(lambda: self._emit(self.rejectRequested, "one"))
        self.accept_label.clicked.connect(lambda: self._emit(self.acceptRequested, "label"))
        self.reject_label.clicked.connect(lambda: self._emit(self.rejectRequested, "label"))
        self.accept_all.clicked.connect(lambda: self._emit(self.acceptRequested, "all"))
        self.reject_all.clicked.connect(lambda: self._emit(self.rejectRequested, "all"))
        self.list.currentRowChanged.connect(lambda _r: self.currentChanged.emit(self.current()))

    def set_suggestions(self, items: list[Suggestion], keep_row: int | None = None) -> None:
        """Show ``items``; select row ``keep_row`` (clamped) or the first."""
        self.items = list(items)
        self.list.blockSignals(True)
        self.list.clear()
        for i, sg in enumerate(self.items):
            it = QListWidgetItem(describe(sg))
            it.setData(ROW_ROLE, i)
            self.list.addItem(it)
        self.list.blockSignals(False)
        n = len(self.items)
        self.title.setText(f"{n} suggestion{'s' if n != 1 else ''}" if n else "No suggestions")
        if n:
            self.list.setCurrentRow(min(keep_row or 0, n - 1))
        self.currentChanged.emit(self.current())

    def current(self) -> Suggestion | None:
        r = self.list.currentRow()
        return self.items[r] if 0 <= r < len(self.items) else None

    def _emit(self, signal: SignalInstance, scope: str) -> None:
        cur = self.current()
        if scope == "all":
            chosen = list(self.items)
        elif cur is None:
            return
        elif scope == "label":
            chosen = [s for s in self.items if s.label == cur.label]
        else:
            chosen = [cur]
        if chosen:
            signal.emit(chosen)
