"""The entities view: every person and topic with its annotation count; rename, add an
alias, merge two (all undoable on the window's undo stack).

Object names: ``entitiesView``, ``entitiesFilter``, ``entitiesTable``; buttons
``entityRename``, ``entityAddAlias``, ``entityMerge``, ``entityQid``. Every edit goes through
:class:`EntityService` inside a command of :mod:`pibdesk.ui.entity_commands`; linked
annotations follow because they point at the entity's id.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pibdesk.core.errors import PibdeskError
from pibdesk.core.names import normalize
from pibdesk.services.entities import EntityService
from pibdesk.ui.entity_commands import EntityStateCommand, MergeEntitiesCommand

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class EntitiesView(QWidget):
    """Lists the registry with counts; edits are undoable commands on ``undo_stack``."""

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
        self.filter = QLineEdit()
        self.filter.setObjectName("entitiesFilter")
        self.filter.setPlaceholderText("Filter entities")
        self.filter.setClearButtonEnabled(True)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("entitiesTable")
        self.table.setHorizontalHeaderLabels(["Name", "Kind", "Aliases", "Annotations", "Wikidata"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(True)
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
        self.filter.textChanged.connect(lambda _t: self._apply_filter())
        self.rename_button.clicked.connect(self._rename_dialog)
        self.alias_button.clicked.connect(self._alias_dialog)
        self.merge_button.clicked.connect(self._merge_selected)
        self.qid_button.clicked.connect(self._qid_dialog)
        self.refresh()

    # -- content ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the registry and counts (keeps the current entity selected).

        While the view is hidden (its dock tabbed behind another) the reload waits until
        it is shown or :meth:`rows` is read: counting 3,000 entities' annotations takes
        ~90 ms, which every edit would otherwise cost the GUI thread (issue 13)."""
        if not self.isVisible():
            self._stale = True
            return
        self._reload()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown: the reload :meth:`refresh` put off, if any."""
        if getattr(self, "_stale", False):
            self._reload()
        super().showEvent(event)

    def _reload(self) -> None:
        self._stale = False
        rows = self.entities.counts()
        shown = [
            (c.entity.id, c.entity.name, c.entity.kind, tuple(c.entity.aliases), c.entity.wikidata_qid)
            for c in rows
        ]
        if shown == getattr(self, "_shown", None) and self.table.rowCount() == len(rows):
            self._update_counts({c.entity.id: c.annotations for c in rows})
            return
        self._shown = shown
        keep = self.current_id()
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        for i, c in enumerate(rows):
            e = c.entity
            cells = [
                QTableWidgetItem(e.name),
                QTableWidgetItem(e.kind.value),
                QTableWidgetItem(", ".join(a for a in e.aliases if a != e.name)),
                QTableWidgetItem(),
                QTableWidgetItem(e.wikidata_qid or ""),
            ]
            cells[3].setData(Qt.ItemDataRole.DisplayRole, c.annotations)
            for j, it in enumerate(cells):
                it.setData(ID_ROLE, e.id)
                self.table.setItem(i, j, it)
        self.table.setSortingEnabled(True)
        self._apply_filter()
        if keep is not None:
            self.select_id(keep)

    def _update_counts(self, counts: dict[int, int]) -> None:
        """Same entities as shown: change only the count cells that differ (rebuilding
        3,000 rows of items costs the GUI thread ~60 ms; this a few)."""
        self.table.setSortingEnabled(False)
        for i in range(self.table.rowCount()):
            it = self._item(i, 3)
            n = counts.get(int(it.data(ID_ROLE)), 0)
            if it.data(Qt.ItemDataRole.DisplayRole) != n:
                it.setData(Qt.ItemDataRole.DisplayRole, n)
        self.table.setSortingEnabled(True)

    def _item(self, row: int, col: int) -> QTableWidgetItem:
        it = self.table.item(row, col)
        assert it is not None
        return it

    def _apply_filter(self) -> None:
        q = normalize(self.filter.text())
        for i in range(self.table.rowCount()):
            text = " ".join(self._item(i, j).text() for j in (0, 2))
            self.table.setRowHidden(i, bool(q) and q not in normalize(text))

    def rows(self) -> list[tuple[int, str, int]]:
        """``(entity_id, name, annotation count)`` of every row, in display order."""
        if getattr(self, "_stale", False):
            self._reload()
        out = []
        for i in range(self.table.rowCount()):
            it = self._item(i, 0)
            count = int(self._item(i, 3).data(Qt.ItemDataRole.DisplayRole))
            out.append((int(it.data(ID_ROLE)), it.text(), count))
        return out

    def current_id(self) -> int | None:
        it = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        return int(it.data(ID_ROLE)) if it is not None else None

    def select_id(self, entity_id: int) -> bool:
        for i in range(self.table.rowCount()):
            if int(self._item(i, 0).data(ID_ROLE)) == entity_id:
                self.table.selectRow(i)
                return True
        return False

    def selected_ids(self) -> list[int]:
        rows = sorted({ix.row() for ix in self.table.selectionModel().selectedRows()})
        return [int(self._item(r, 0).data(ID_ROLE)) for r in rows]

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
