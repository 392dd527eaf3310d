"""Full-text search over release texts: the search box, the hit list (snippets with the
matches in bold) and opening a hit (:class:`~pibdesk.services.search.SearchService`).

Object names for automation: ``searchBox``, ``searchResults``.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from pibdesk.core.model import IST
from pibdesk.core.search import SearchHit
from pibdesk.services.search import SearchService

Index = QModelIndex | QPersistentModelIndex

# --------------------------------------------------------------------------- search
class SearchResultsModel(QAbstractListModel):
    """Search hits; ``Qt.DisplayRole`` is plain text, ``Qt.UserRole`` the :class:`SearchHit`,
    :data:`HTML_ROLE` rich text (title, date, snippet with hits in bold)."""

    HTML_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        h = self.hits[index.row()]
        date = h.posted_at.astimezone(IST).strftime("%d %b %Y") if h.posted_at else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{h.title.splitlines()[0]} — {date}\n{' '.join(h.snippet_plain().split())}"
        if role == self.HTML_ROLE:
            title = escape(h.title.splitlines()[0] if h.title else "")
            snippet = " ".join(h.snippet_html().split())
            return (
                f"<div><b>{title}</b> <span style='color:#777'>{escape(date)}</span></div>"
                f"<div style='color:#333'>{snippet}</div>"
            )
        if role == Qt.ItemDataRole.UserRole:
            return h
        return None


class HtmlDelegate(QStyledItemDelegate):
    """Paints an item's :data:`SearchResultsModel.HTML_ROLE` rich text."""

    def _doc(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(index.data(SearchResultsModel.HTML_ROLE) or "")
        doc.setTextWidth(max(80, option.rect.width() - 8))
        return doc

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        doc = self._doc(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        painter.translate(option.rect.left() + 4, option.rect.top() + 2)
        doc.drawContents(painter)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        self.initStyleOption(option, index)
        doc = self._doc(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 4)


class SearchPanel(QWidget):
    """The search field (``searchBox``) and its results list (``searchResults``).

    Typing searches after a short pause; Enter in the field opens the current (else the
    first) result; Enter or a double click in the list opens that one.
    ``openRequested(pk, query)`` asks the window to open a release at the hit.
    """

    openRequested = Signal(int, str)
    LIMIT = 100

    def __init__(self, search: SearchService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = search
        self.filters: Callable[[], dict[str, Any]] = dict
        self.box = QLineEdit()
        self.box.setObjectName("searchBox")
        self.box.setPlaceholderText("Search all release texts (Enter opens)")
        self.box.setClearButtonEnabled(True)
        self.model = SearchResultsModel(self)
        self.results = QListView()
        self.results.setObjectName("searchResults")
        self.results.setModel(self.model)
        self.results.setItemDelegate(HtmlDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.hide()
        self.status = QLabel()
        self.status.setStyleSheet("color:#666; padding:0 4px")
        self.status.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.box)
        lay.addWidget(self.status)
        lay.addWidget(self.results, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.run_search)
        self.box.textChanged.connect(lambda _t: self._timer.start())
        self.box.returnPressed.connect(self._on_return)
        self.results.activated.connect(self._open_index)
        self.results.doubleClicked.connect(self._open_index)

    def run_search(self) -> list[SearchHit]:
        """Search now for the field's text (with the list's filters); returns the hits."""
        self._timer.stop()
        query = self.box.text().strip()
        if not query:
            self.model.set_hits([])
            self.results.hide()
            self.status.hide()
            return []
        from pibdesk.services.search import make_filter

        f = make_filter(**self.filters())
        hits = self.search.search(query, f, limit=self.LIMIT)
        total = self.search.count(query, f) if len(hits) >= self.LIMIT else len(hits)
        self.model.set_hits(hits)
        self.results.setVisible(bool(hits))
        self.status.setText(
            "no release matches"
            if not hits
            else f"{total:,} release{'s' if total != 1 else ''}"
            + (f" (first {len(hits)})" if total > len(hits) else "")
        )
        self.status.show()
        if hits:
            self.results.setCurrentIndex(self.model.index(0, 0))
        return hits

    def _on_return(self) -> None:
        if self._timer.isActive() or not self.model.hits:
            self.run_search()
        idx = self.results.currentIndex()
        if not idx.isValid() and self.model.hits:
            idx = self.model.index(0, 0)
        if idx.isValid():
            self._open_index(idx)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.openRequested.emit(self.model.hits[index.row()].pk, self.box.text().strip())
