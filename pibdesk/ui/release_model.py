"""The release list's Qt model: adapts :class:`CorpusService` summaries, stores nothing else.

Rows arrive in batches through ``canFetchMore``/``fetchMore`` (the way Anki's browser
table model and Qt's own SQL models page), so a corpus of many thousands of releases
opens at once. Every order (newest posted first by default, or a clicked column) is
sorted and paged by the database (:meth:`CorpusService.summaries` ``sort``), so sorting
50,000 releases by title reads one page, not every summary.
Search and further filters plug in through :meth:`ReleaseTableModel.set_filter`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from pibdesk.core.model import IST, ReleaseSummary
from pibdesk.services.corpus import CorpusService, ReleaseFilter

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Title", "Ministry", "Posted (IST)", "Spans", "Editor")
COL_TITLE, COL_MINISTRY, COL_POSTED, COL_COUNT, COL_EDITOR = range(5)


def format_ist(dt: datetime | None) -> str:
    """``"02 Sep 2019, 19:22 IST"`` for an aware datetime (any zone), ``""`` for None."""
    if dt is None:
        return ""
    return dt.astimezone(IST).strftime("%d %b %Y, %H:%M IST")


#: The service's sort key of each column.
SORT_OF_COLUMN = {
    COL_TITLE: "title",
    COL_MINISTRY: "ministry",
    COL_POSTED: "posted",
    COL_COUNT: "annotations",
    COL_EDITOR: "editor",
}


class ReleaseTableModel(QAbstractTableModel):
    """Columns: title, ministry, posted date in IST, annotation count, claiming editor.

    ``Qt.UserRole`` of any cell gives the release key (``ReleaseSummary.id``).
    """

    BATCH = 200

    def __init__(self, corpus: CorpusService, parent: Any = None) -> None:
        super().__init__(parent)
        self.corpus = corpus
        self._filter = ReleaseFilter()
        self._rows: list[ReleaseSummary] = []
        self._total = 0
        self._sort: tuple[int, Qt.SortOrder] | None = None  # None = newest posted first
        self.reload()

    # -- loading ---------------------------------------------------------------------
    def set_filter(self, f: ReleaseFilter) -> None:
        """Show only releases matching ``f`` (keeps the current sort)."""
        self._filter = f
        self.reload()

    def filter(self) -> ReleaseFilter:
        return self._filter

    def _page(self, offset: int) -> list[ReleaseSummary]:
        """One batch from ``offset`` in the current order (sorted by the database)."""
        if self._sort is None:
            return self.corpus.summaries(self._filter, offset, self.BATCH)
        column, order = self._sort
        return self.corpus.summaries(
            self._filter,
            offset,
            self.BATCH,
            sort=SORT_OF_COLUMN[column],
            descending=order == Qt.SortOrder.DescendingOrder,
        )

    def reload(self) -> None:
        """Re-read the first batch from the service."""
        self.beginResetModel()
        self._total = self.corpus.count(self._filter)
        self._rows = self._page(0)
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or len(self._rows) >= self._total:
            return
        batch = self._page(len(self._rows))
        if not batch:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()

    def total(self) -> int:
        """How many releases match the filter (fetched or not)."""
        return self._total

    # -- access ----------------------------------------------------------------------
    def summary(self, row: int) -> ReleaseSummary:
        return self._rows[row]

    def row_of(self, pk: int) -> int | None:
        """The row of release ``pk`` among the fetched rows, fetching more until found."""
        while True:
            for i, s in enumerate(self._rows):
                if s.id == pk:
                    return i
            if not self.canFetchMore():
                return None
            self.fetchMore()

    def set_annotation_count(self, pk: int, count: int) -> None:
        """Update one release's count after an edit (no reload)."""
        for i, s in enumerate(self._rows):
            if s.id == pk and s.annotation_count != count:
                self._rows[i] = replace(s, annotation_count=count)
                idx = self.index(i, COL_COUNT)
                self.dataChanged.emit(idx, idx)

    def set_claimed_by(self, pk: int, editor: str | None) -> None:
        """Show who holds a release after a claim change (no reload)."""
        for i, s in enumerate(self._rows):
            if s.id == pk and s.claimed_by != editor:
                self._rows[i] = replace(s, claimed_by=editor)
                idx = self.index(i, COL_EDITOR)
                self.dataChanged.emit(idx, idx)

    # -- Qt model ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            tips = {
                COL_COUNT: "Annotations on the release (notes are per annotation, on the right)",
                COL_EDITOR: "Who claimed the release (I am on it)",
            }
            return tips.get(section)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        s = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TITLE:
                return s.title
            if col == COL_MINISTRY:
                return s.ministry or ""
            if col == COL_POSTED:
                return s.posted_at.astimezone(IST).strftime("%d %b %Y") if s.posted_at else ""
            if col == COL_COUNT:
                return s.annotation_count or ""
            if col == COL_EDITOR:
                return s.claimed_by or ""
        elif role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_TITLE:
                rid = f"Release ID {s.release_id}" if s.release_id else "no Release ID"
                return f"{s.title}\n{rid}"
            if col == COL_MINISTRY:
                return s.ministry
            if col == COL_POSTED:
                return format_ist(s.posted_at) or None
            if col == COL_EDITOR and s.claimed_by:
                return f"{s.claimed_by} is on it (claimed)"
        elif role == Qt.ItemDataRole.TextAlignmentRole and col == COL_COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == Qt.ItemDataRole.UserRole:
            return s.id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column, in the database (paged): text columns case-insensitively
        (see :meth:`CorpusService.summaries`), ties by key; posted-date descending is
        the default order."""
        if column == COL_POSTED and order == Qt.SortOrder.DescendingOrder:
            self._sort = None
        elif 0 <= column < len(COLUMNS):
            self._sort = (column, order)
        else:
            return
        self.reload()
