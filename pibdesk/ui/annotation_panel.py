"""The annotation panel (objectName ``annotationList``): one row per annotation."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from pibdesk.core.model import Annotation, Label

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Label", "Text", "Span", "Author", "Note")
#: The column of the note's first line.
NOTE_COLUMN = 4


def _chip(color: str, size: int = 12) -> QIcon:
    """A small rounded colour chip (made once per label, not per paint)."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(color))
    p.setPen(QColor(color).darker(130))
    p.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 3, 3)
    p.end()
    return QIcon(pm)


def _quote(a: Annotation) -> str:
    """The words of a span on one line; a discontinuous span's pieces joined by " … "."""
    if not a.fragments:
        return " ".join(a.text.split())
    return " … ".join(" ".join(a.text[s - a.start : e - a.start].split()) for s, e in a.fragments)


def _span(a: Annotation) -> str:
    """``start–end``, or each piece's for a discontinuous span (code points)."""
    return ", ".join(f"{s}–{e}" for s, e in (a.fragments or ((a.start, a.end),)))


class AnnotationTableModel(QAbstractTableModel):
    """Adapts a release's annotations (ordered by position) to a table.

    ``Span`` shows ``start–end`` in code points, the unit stored and exported.
    ``Qt.UserRole`` gives the annotation id.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[Annotation] = []
        self._rows: list[Annotation] = []
        self._filter = ""
        self._cells: list[tuple[str, str, str, str, str]] = []
        self._colors: dict[str, QIcon] = {}

    def set_labels(self, labels: list[Label]) -> None:
        self._colors = {lab.name: _chip(lab.color) for lab in labels}

    def set_filter(self, text: str) -> None:
        """Show only annotations whose label, quote, author or note holds every word of
        ``text`` (case-insensitive; Unicode case folding); ``""`` shows all."""
        self._filter = text
        self.set_annotations(self._all)

    def _matches(self, a: Annotation, words: list[str]) -> bool:
        hay = " ".join((a.label, a.text, a.author, a.note or "")).casefold()
        return all(w in hay for w in words)

    def set_annotations(self, anns: list[Annotation]) -> None:
        self.beginResetModel()
        self._all = sorted(anns, key=lambda a: (a.start, a.end, a.id))
        words = self._filter.casefold().split()
        self._rows = [a for a in self._all if self._matches(a, words)] if words else self._all
        # display strings made once here, not on every paint
        self._cells = [
            (
                a.label, _quote(a), _span(a), a.author, " ".join((a.note or "").split()),
            )
            for a in self._rows
        ]
        self.endResetModel()

    def annotation(self, row: int) -> Annotation:
        return self._rows[row]

    def row_of(self, ann_id: int) -> int | None:
        for i, a in enumerate(self._rows):
            if a.id == ann_id:
                return i
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        a = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][col] if 0 <= col < len(COLUMNS) else None
        elif role == Qt.ItemDataRole.DecorationRole and col == 0:
            return self._colors.get(a.label)
        elif role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return a.text
        elif role == Qt.ItemDataRole.ToolTipRole and col == NOTE_COLUMN:
            return a.note or None
        elif role == Qt.ItemDataRole.ToolTipRole and col == 2:
            return "code points, end-exclusive"
        elif role == Qt.ItemDataRole.UserRole:
            return a.id
        return None


class AnnotationPanel(QTableView):
    """The table of the open release's annotations; single selection, whole rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationList")
        self.model_ = AnnotationTableModel(self)
        self.setModel(self.model_)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        vh = self.verticalHeader()
        vh.hide()
        # fixed row heights and column widths: nothing measures all rows (500+ rows stay fast)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 8)
        h = self.horizontalHeader()
        fm = self.fontMetrics()
        h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(0, fm.horizontalAdvance("Statement") + 34)
        self.setColumnWidth(2, fm.horizontalAdvance("00000–00000") + 12)
        self.setColumnWidth(3, fm.horizontalAdvance("an editor"))
        self.setColumnWidth(NOTE_COLUMN, fm.horizontalAdvance("Note…") + 16)
        self.setColumnHidden(3, True)  # shown once the list holds more than one author
        self.model_.modelReset.connect(self._show_authors)
        # the Text column takes what is left: no sideways scrolling in a narrow panel
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _show_authors(self) -> None:
        """The Author column only when the release's annotations have several authors
        (one editor's own work needs the room for the quote)."""
        authors = {self.model_.annotation(r).author for r in range(self.model_.rowCount())}
        self.setColumnHidden(3, len(authors) <= 1)

    def current_id(self) -> int | None:
        """The id of the selected annotation, or None."""
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model_.annotation(rows[0].row()).id

    def select_id(self, ann_id: int | None) -> None:
        """Select (and scroll to) the row of ``ann_id``; None clears the selection."""
        row = None if ann_id is None else self.model_.row_of(ann_id)
        if row is None:
            self.clearSelection()
            return
        self.selectRow(row)
        self.scrollTo(self.model_.index(row, 0))
