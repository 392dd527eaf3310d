"""The autocomplete that links a freshly marked Person/Topic span to a registry entity.

A small frame (objectName ``entityPicker``) shown near the span: a line edit
(``entityPickerQuery``) prefilled with the span's words, and a list
(``entityPickerList``) of matching entities from :meth:`EntityService.search`
(fuzzy, accent- and honorific-insensitive), ending with "Create new …". When the words
are an office title or alias ("Raksha Mantri", "PM", "the Prime Minister"), the person who
held that office on the release's posted date (IST calendar; :meth:`EntityService.holder_on`,
the office registry the suggestions resolve titles with) is listed first. Typing filters;
Up/Down move; Enter picks; Esc closes without linking. It never touches the database
itself: it emits ``picked(entity_id)`` or ``createRequested(name)``.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pibdesk.core.model import IST, Entity, EntityKind
from pibdesk.core.names import strip_honorifics
from pibdesk.services.entities import EntityService

#: Item data role holding the entity id (None on the "Create new" row).
ENTITY_ROLE = Qt.ItemDataRole.UserRole + 1


class EntityPicker(QFrame):
    """Type-to-filter entity chooser. Signals: ``picked(int)``, ``createRequested(str)``,
    ``cancelled()``."""

    picked = Signal(int)
    createRequested = Signal(str)
    cancelled = Signal()

    def __init__(self, entities: EntityService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entityPicker")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.entities = entities
        self.kind = EntityKind.PERSON
        self.day: date | None = None  # posted date (IST) of the release being annotated
        self.title = QLabel()
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.query = QLineEdit()
        self.query.setObjectName("entityPickerQuery")
        self.query.setPlaceholderText("Type a name…")
        self.list = QListWidget()
        self.list.setObjectName("entityPickerList")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        hint = QLabel("↑↓ choose · Enter link · Esc skip")
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, follows the theme
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(4)
        lay.addWidget(self.title)
        lay.addWidget(self.query)
        lay.addWidget(self.list)
        lay.addWidget(hint)
        self.resize(340, 260)
        self.hide()
        self.query.textChanged.connect(self._refresh)
        self.query.installEventFilter(self)
        self.list.itemActivated.connect(self._choose)

    # -- API -----------------------------------------------------------------------
    def open_for(
        self,
        kind: EntityKind,
        text: str,
        at: QPoint | None = None,
        posted_at: datetime | None = None,
    ) -> None:
        """Show the picker for a ``kind`` span reading ``text``, at ``at`` (parent coords).

        ``posted_at`` (aware) is the release's posting time: an office title among the
        words then lists its holder on that IST day first. None: titles are not resolved.
        """
        self.kind = kind
        self.day = posted_at.astimezone(IST).date() if posted_at is not None else None
        self.title.setText(f"Link {kind.value}: “{' '.join(text.split())[:40]}”")
        self.query.blockSignals(True)
        self.query.setText(strip_honorifics(" ".join(text.split())))
        self.query.blockSignals(False)
        self._refresh()
        pw = self.parentWidget()
        if at is not None and pw is not None:
            x = max(0, min(at.x(), pw.width() - self.width()))
            y = max(0, min(at.y(), pw.height() - self.height()))
            self.move(x, y)
        self.show()
        self.raise_()
        self.query.setFocus()
        self.query.selectAll()

    def choices(self) -> list[tuple[int | None, str]]:
        """The rows shown: ``(entity_id or None for "create new", text)``."""
        out = []
        for i in range(self.list.count()):
            it = self.list.item(i)
            out.append((it.data(ENTITY_ROLE), it.text()))
        return out

    # -- internals -------------------------------------------------------------------
    def _refresh(self) -> None:
        q = self.query.text().strip()
        self.list.clear()
        holder = self._office_holder(q)
        if holder is not None:
            it = QListWidgetItem(f"{holder[0].name}  ({holder[1]}, {self.day:%d %b %Y})")
            it.setData(ENTITY_ROLE, holder[0].id)
            self.list.addItem(it)
        for m in self.entities.search(q, self.kind, limit=8):
            if holder is not None and m.entity.id == holder[0].id:
                continue
            label = m.entity.name if m.alias == m.entity.name else f"{m.entity.name}  ({m.alias})"
            it = QListWidgetItem(label)
            it.setData(ENTITY_ROLE, m.entity.id)
            self.list.addItem(it)
        if q:
            it = QListWidgetItem(f"Create new {self.kind.value} “{q}”")
            it.setData(ENTITY_ROLE, None)
            self.list.addItem(it)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _office_holder(self, q: str) -> tuple[Entity, str] | None:
        """``(holder, title)`` when ``q`` is an office title and a posted date is known."""
        if self.kind != EntityKind.PERSON or self.day is None or not q:
            return None
        title = " ".join(q.split())
        for lead in ("the ", "The "):
            title = title.removeprefix(lead)
        holder = self.entities.holder_on(title, self.day) if title else None
        return (holder, title) if holder is not None else None

    def _choose(self, item: QListWidgetItem | None = None) -> None:
        item = item or self.list.currentItem()
        if item is None:
            return
        eid = item.data(ENTITY_ROLE)
        self.hide()
        if eid is None:
            self.createRequested.emit(self.query.text().strip())
        else:
            self.picked.emit(int(eid))

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
        if obj is self.query and ev.type() == QEvent.Type.KeyPress:
            assert isinstance(ev, QKeyEvent)
            key = ev.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.list.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                if 0 <= row < self.list.count():
                    self.list.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose()
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                self.cancelled.emit()
                return True
        return super().eventFilter(obj, ev)
