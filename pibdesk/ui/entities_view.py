"""The entities view: every person and topic with its annotation count; rename, add an
alias, merge two (all undoable on the window's undo stack).

Object names: ``entitiesView``, ``entitiesFilter``, ``entitiesTable``; buttons
``entityRename``, ``entityAddAlias``, ``entityMerge``, ``entityQid``. Every edit goes through
:class:`EntityService` inside a command of :mod:`pibdesk.ui.entity_commands`; linked
annotations follow because they point at the entity's id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pibdesk.core.entities import EntityCount
from pibdesk.core.errors import PibdeskError
from pibdesk.core.names import normalize
from pibdesk.services.entities import EntityService
from pibdesk.ui.entity_commands import EntityStateCommand, MergeEntitiesCommand
from pibdesk.ui.timeline_view import TaskRunner

ID_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = ("Name", "Kind", "Aliases", "Annotations", "Wikidata")
COUNT_COLUMN = 3
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass
class EntityRow:
    """One row of the entities view: what it shows, and the filter's search key
    (:func:`~pibdesk.core.names.normalize` of the name and aliases, computed once)."""

    id: int
    name: str
    kind: str
    aliases: str
    count: int
    qid: str
    key: str

    @classmethod
    def of(cls, c: EntityCount) -> EntityRow:
        e = c.entity
        aliases = ", ".join(a for a in e.aliases if a != e.name)
        return cls(e.id, e.name, e.kind.value, aliases, c.annotations, e.wikidata_qid or "",
                   normalize(f"{e.name} {aliases}"))

    def same_entity(self, other: EntityRow) -> bool:
        return (self.id, self.name, self.kind, self.aliases, self.qid) == (
            other.id, other.name, other.kind, other.aliases, other.qid)

    def cell(self, column: int) -> str | int:
        return (self.name, self.kind, self.aliases, self.count, self.qid)[column]


class EntityTableModel(QAbstractTableModel):
    """The registry as a table model: rows are :class:`EntityRow`, filtered and sorted here
    (in Python, over precomputed keys) rather than by a ``QSortFilterProxyModel``, whose
    C++ sort calls back into Python for every comparison (~70,000 calls for 3,000 rows).

    :meth:`set_rows` keeps the model when only counts changed (``dataChanged`` on those
    cells, a few microseconds each) and resets it otherwise. The Annotations column's
    display data is an ``int``, so it sorts numerically.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all: list[EntityRow] = []
        self._shown: list[EntityRow] = []
        self._query = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- Qt model interface ------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._shown[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cell(index.column())
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COUNT_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the shown rows by ``column`` (names case- and accent-insensitively)."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = {r.id: i for i, r in enumerate(self._shown)}
        self._order()
        self._move_persistent(old)
        self.layoutChanged.emit()

    # -- content -----------------------------------------------------------------------
    def set_rows(self, rows: list[EntityRow]) -> None:
        """Show ``rows``; only the changed count cells are updated when the entities are
        the same as shown (unless the table is sorted by count: then the rows move)."""
        if len(rows) == len(self._all) and all(a.same_entity(b) for a, b in zip(rows, self._all, strict=True)):
            counts = {r.id: r.count for r in rows}
            changed = [r for r in self._all if r.count != counts[r.id]]
            for r in changed:
                r.count = counts[r.id]
            if not changed:
                return
            if self._sort is not None and self._sort[0] == COUNT_COLUMN:
                self.sort(*self._sort)
                return
            at = {r.id: i for i, r in enumerate(self._shown)}
            for r in changed:
                if r.id in at:
                    ix = self.index(at[r.id], COUNT_COLUMN)
                    self.dataChanged.emit(ix, ix, [Qt.ItemDataRole.DisplayRole])
            return
        self.beginResetModel()
        self._all = rows
        self._filter()
        self.endResetModel()

    def set_query(self, text: str) -> None:
        """Show only rows whose name or aliases contain ``normalize(text)``."""
        q = normalize(text)
        if q == self._query:
            return
        self.beginResetModel()
        self._query = q
        self._filter()
        self.endResetModel()

    def row_of(self, entity_id: int) -> int | None:
        """The shown row of ``entity_id`` (None if filtered out or unknown)."""
        return next((i for i, r in enumerate(self._shown) if r.id == entity_id), None)

    def shown(self) -> list[EntityRow]:
        """The shown rows, in display order."""
        return list(self._shown)

    def all_rows(self) -> list[EntityRow]:
        """Every row, filtered out or not, in display order of the last sort."""
        return list(self._all)

    def _filter(self) -> None:
        q = self._query
        self._shown = [r for r in self._all if q in r.key] if q else list(self._all)
        self._order()

    def _order(self) -> None:
        if self._sort is None:
            return
        column, order = self._sort
        if column == COUNT_COLUMN:
            def key(r: EntityRow) -> Any:
                return (r.count, r.key)
        else:
            def key(r: EntityRow) -> Any:
                return (normalize(str(r.cell(column))), r.id)
        self._shown.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def _move_persistent(self, old: dict[int, int]) -> None:
        """Keep selections on their entities across a re-sort."""
        new = {r.id: i for i, r in enumerate(self._shown)}
        by_old_row = {i: eid for eid, i in old.items()}
        frm, to = [], []
        for ix in self.persistentIndexList():
            eid = by_old_row.get(ix.row())
            if eid is not None and eid in new:
                frm.append(ix)
                to.append(self.index(new[eid], ix.column()))
        self.changePersistentIndexList(frm, to)


class EntitiesView(QWidget):
    """Lists the registry with counts; edits are undoable commands on ``undo_stack``.

    The counts are read on a pool thread (:class:`~pibdesk.ui.timeline_view.TaskRunner`;
    3,000 entities with aliases take ~100 ms to load) and applied here when they arrive;
    :meth:`rows` reads synchronously when a reload is still on its way, so callers always
    see the stored state. :attr:`table` is a ``QTableView`` over :class:`EntityTableModel`.
    """

    def __init__(
        self,
        entities: EntityService,
        undo_stack: QUndoStack,
        say: Callable[[str], None] = lambda _m: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("entitiesView")
        self.entities = entities
        self.undo_stack = undo_stack
        self._say = say
        self._stale = False
        self._pending = 0
        self.tasks = TaskRunner(lambda m: say(f"Entities not loaded: {m}"), self)
        self.filter = QLineEdit()
        self.filter.setObjectName("entitiesFilter")
        self.filter.setPlaceholderText("Filter entities")
        self.filter.setClearButtonEnabled(True)
        self.model = EntityTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("entitiesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # aliases: the long column
        header.resizeSection(0, 18 * self.fontMetrics().averageCharWidth() + 120)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.rename_button = QPushButton("Rename…")
        self.rename_button.setObjectName("entityRename")
        self.alias_button = QPushButton("Add alias…")
        self.alias_button.setObjectName("entityAddAlias")
        self.merge_button = QPushButton("Merge selected")
        self.merge_button.setObjectName("entityMerge")
        self.merge_button.setToolTip("Select two rows: the second is merged into the current one")
        self.qid_button = QPushButton("Wikidata ID…")
        self.qid_button.setObjectName("entityQid")
        buttons = QHBoxLayout()
        for b in (self.rename_button, self.alias_button, self.merge_button, self.qid_button):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.filter)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        self.filter.textChanged.connect(self._apply_filter)
        self.rename_button.clicked.connect(self._rename_dialog)
        self.alias_button.clicked.connect(self._alias_dialog)
        self.merge_button.clicked.connect(self._merge_selected)
        self.qid_button.clicked.connect(self._qid_dialog)
        self.refresh()

    # -- content ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the registry and counts (keeps the current entity selected).

        While the view is hidden (its dock tabbed behind another) the reload waits until
        it is shown or :meth:`rows` is read; while shown it runs on a pool thread and is
        applied when it arrives (a newer refresh makes an older result stale)."""
        if not self.isVisible():
            self._stale = True
            return
        self._pending += 1
        self.tasks.run("entities", self._load, self._arrived)

    def loaded(self) -> bool:
        """True when no reload is on its way (tests wait for it)."""
        return not self._pending and not self.tasks.busy()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown: the reload :meth:`refresh` put off, if any."""
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)

    def _load(self) -> list[EntityRow]:
        return [EntityRow.of(c) for c in self.entities.counts()]

    def _arrived(self, rows: list[EntityRow]) -> None:
        self._pending = 0
        self._apply(rows)

    def _apply(self, rows: list[EntityRow]) -> None:
        keep = self.current_id()
        self.model.set_rows(rows)
        if keep is not None and self.current_id() != keep:
            self.select_id(keep)

    def _sync(self) -> None:
        """Bring the model up to date now if a reload was put off or is on its way."""
        if self._stale or self._pending:
            self._stale = False
            self._pending = 0
            self._apply(self._load())

    def _apply_filter(self, text: str) -> None:
        keep = self.current_id()
        self.model.set_query(text)
        if keep is not None:
            self.select_id(keep)

    def rows(self) -> list[tuple[int, str, int]]:
        """``(entity_id, name, annotation count)`` of every shown row, in display order."""
        self._sync()
        return [(r.id, r.name, r.count) for r in self.model.shown()]

    def current_id(self) -> int | None:
        """The entity of the table's current row, or None."""
        ix = self.table.currentIndex()
        return int(ix.data(ID_ROLE)) if ix.isValid() else None

    def select_id(self, entity_id: int) -> bool:
        """Make ``entity_id``'s row current and selected (False if it is not shown)."""
        row = self.model.row_of(entity_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def selected_ids(self) -> list[int]:
        """Entities of the selected rows, in display order."""
        rows = sorted({ix.row() for ix in self.table.selectionModel().selectedRows()})
        shown = self.model.shown()
        return [shown[r].id for r in rows]

    # -- edits (undoable) --------------------------------------------------------------
    def rename(self, entity_id: int, name: str) -> bool:
        """Rename (old name kept as alias); pushed on the undo stack. False if refused."""
        try:
            before, after = self.entities.rename(entity_id, name)
        except PibdeskError as e:
            self._say(f"Not renamed: {e}")
            return False
        self.undo_stack.push(EntityStateCommand(
            self.entities, before, after, f"Rename “{before.name}” to “{after.name}”",
            self.refresh, self._say))
        self.refresh()
        return True

    def add_alias(self, entity_id: int, alias: str) -> bool:
        """Add an alias (and its honorific-free forms); undoable."""
        try:
            before, after = self.entities.add_alias(entity_id, alias)
        except PibdeskError as e:
            self._say(f"Alias not added: {e}")
            return False
        self.undo_stack.push(EntityStateCommand(
            self.entities, before, after, f"Add alias “{alias}”", self.refresh, self._say))
        self.refresh()
        return True

    def merge(self, keep_id: int, gone_id: int) -> bool:
        """Merge ``gone_id`` into ``keep_id``; every link follows; undoable."""
        try:
            rec = self.entities.merge(keep_id, gone_id)
        except PibdeskError as e:
            self._say(f"Not merged: {e}")
            return False
        self.undo_stack.push(MergeEntitiesCommand(self.entities, rec, self.refresh, self._say))
        self.refresh()
        return True

    def set_qid(self, entity_id: int, qid: str) -> bool:
        """Set or clear (``""``) the Wikidata id; undoable."""
        try:
            before, after = self.entities.set_wikidata_qid(entity_id, qid)
        except PibdeskError as e:
            self._say(f"Not set: {e}")
            return False
        self.undo_stack.push(EntityStateCommand(
            self.entities, before, after, "Set Wikidata id", self.refresh, self._say))
        self.refresh()
        return True

    def _qid_dialog(self) -> None:
        eid = self.current_id()
        if eid is None:
            return
        qid, ok = QInputDialog.getText(self, "Wikidata", "Item id (e.g. Q1058 for Narendra Modi):",
                                       text=self.entities.get(eid).wikidata_qid or "")
        if ok:
            self.set_qid(eid, qid)

    def _rename_dialog(self) -> None:
        eid = self.current_id()
        if eid is None:
            return
        name, ok = QInputDialog.getText(self, "Rename entity", "New name:",
                                        text=self.entities.get(eid).name)
        if ok and name.strip():
            self.rename(eid, name)

    def _alias_dialog(self) -> None:
        eid = self.current_id()
        if eid is None:
            return
        alias, ok = QInputDialog.getText(self, "Add alias", "Alias (surface form):")
        if ok and alias.strip():
            self.add_alias(eid, alias)

    def _merge_selected(self) -> None:
        ids = self.selected_ids()
        keep = self.current_id()
        if len(ids) != 2 or keep is None:
            self._say("Select exactly two entities to merge (the current one is kept).")
            return
        gone = next(i for i in ids if i != keep)
        self.merge(keep, gone)
