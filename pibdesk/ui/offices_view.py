"""The office registry in the app: who held which office when, editable and undoable.

Object names: ``officesView``, ``officeChooser`` (combo of offices), ``officeTerms``
(table: holder, from, to, source). Buttons ``termAdd``, ``termEdit``, ``termDelete``
open :class:`TermDialog`; every change is a command on the window's undo stack calling
:class:`EntityService`. Dates are IST calendar days, both ends inclusive.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pibdesk.core.entities import OfficeTerm
from pibdesk.core.errors import PibdeskError
from pibdesk.core.model import EntityKind
from pibdesk.services.entities import EntityService
from pibdesk.ui.entity_commands import _Once

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class TermCommand(_Once):
    """Add, change or delete a term: ``before``/``after`` are the term's states (None =
    absent). Undo and redo put the stored term into that state (a re-added term gets a
    new id, which the command follows)."""

    def __init__(
        self, es: EntityService, before: OfficeTerm | None, after: OfficeTerm | None,
        text: str, on_change: Callable[[], None], on_error: Callable[[str], None],
    ) -> None:
        super().__init__(text, on_change, on_error)
        self.es, self.before, self.after = es, before, after
        self.current = after

    def _apply(self, want: OfficeTerm | None) -> None:
        cur = self.current
        if want is None:
            if cur is not None:
                self.es.delete_term(cur.id)
            self.current = None
        elif cur is None:
            self.current = self.es.add_term(
                want.office_id, want.holder_id, want.start, want.end, want.source_url
            )
        else:
            self.current = self.es.update_term(
                cur.id, holder_id=want.holder_id, start=want.start, end=want.end,
                source_url=want.source_url,
            )[1]

    def do(self) -> None:
        self._apply(self.after)

    def revert(self) -> None:
        self._apply(self.before)


class TermDialog(QDialog):
    """Holder, dates and source of one term."""

    def __init__(self, es: EntityService, term: OfficeTerm | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Office term")
        self.holder = QComboBox()
        self.holder.setEditable(True)
        self.holder.setObjectName("termHolder")
        for e in es.entities(EntityKind.PERSON):
            self.holder.addItem(e.name, e.id)
        self.start = QDateEdit()
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.end = QDateEdit()
        self.end.setCalendarPopup(True)
        self.end.setDisplayFormat("yyyy-MM-dd")
        self.open_ended = QCheckBox("still in office")
        self.source = QLineEdit()
        self.source.setPlaceholderText("https://… (a public source)")
        if term is not None:
            i = self.holder.findData(term.holder_id)
            self.holder.setCurrentIndex(max(0, i))
            self.start.setDate(QDate(term.start.year, term.start.month, term.start.day))
            if term.end is not None:
                self.end.setDate(QDate(term.end.year, term.end.month, term.end.day))
            self.open_ended.setChecked(term.end is None)
            self.source.setText(term.source_url)
        else:
            today = date.today()
            self.start.setDate(QDate(today.year, today.month, today.day))
            self.open_ended.setChecked(True)
        self.end.setEnabled(not self.open_ended.isChecked())
        self.open_ended.toggled.connect(lambda on: self.end.setEnabled(not on))
        ends = QHBoxLayout()
        ends.addWidget(self.end)
        ends.addWidget(self.open_ended)
        form = QFormLayout(self)
        form.addRow("Holder", self.holder)
        form.addRow("From", self.start)
        form.addRow("To", ends)
        form.addRow("Source", self.source)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        form.addRow(box)

    def values(self) -> tuple[int | None, str, date, date | None, str]:
        """``(holder id or None for a new name, holder text, start, end, source)``."""
        d = self.start.date()
        e = self.end.date()
        hid = self.holder.currentData() if self.holder.currentText() == self.holder.itemText(
            self.holder.currentIndex()) else None
        return (
            hid,
            self.holder.currentText().strip(),
            date(d.year(), d.month(), d.day()),
            None if self.open_ended.isChecked() else date(e.year(), e.month(), e.day()),
            self.source.text().strip(),
        )


class OfficesView(QWidget):
    """Offices and their terms; add / edit / delete terms (undoable)."""

    def __init__(
        self, entities: EntityService, undo_stack: QUndoStack,
        say: Callable[[str], None] = lambda _m: None, parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("officesView")
        self.entities, self.undo_stack, self._say = entities, undo_stack, say
        self.chooser = QComboBox()
        self.chooser.setObjectName("officeChooser")
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("officeTerms")
        self.table.setHorizontalHeaderLabels(["Holder", "From", "To", "Source"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton("Add term…")
        self.add_button.setObjectName("termAdd")
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setObjectName("termEdit")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("termDelete")
        row = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            row.addWidget(b)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.chooser)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        self.chooser.currentIndexChanged.connect(lambda _i: self._fill_terms())
        self.add_button.clicked.connect(lambda: self._dialog(None))
        self.edit_button.clicked.connect(lambda: self._dialog(self.current_term()))
        self.delete_button.clicked.connect(self._delete_current)
        self.refresh()

    def refresh(self) -> None:
        keep = self.chooser.currentData()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for o in self.entities.offices():
            self.chooser.addItem(o.name, o.id)
        i = self.chooser.findData(keep)
        self.chooser.setCurrentIndex(i if i >= 0 else 0)
        self.chooser.blockSignals(False)
        self._fill_terms()

    def terms(self) -> list[OfficeTerm]:
        oid = self.chooser.currentData()
        for o in self.entities.offices():
            if o.id == oid:
                return list(o.terms)
        return []

    def _fill_terms(self) -> None:
        terms = self.terms()
        self.table.setRowCount(len(terms))
        for i, t in enumerate(terms):
            cells = [t.holder_name, t.start.isoformat(), t.end.isoformat() if t.end else "in office", t.source_url]
            for j, c in enumerate(cells):
                it = QTableWidgetItem(c)
                it.setData(ID_ROLE, t.id)
                self.table.setItem(i, j, it)

    def current_term(self) -> OfficeTerm | None:
        r = self.table.currentRow()
        terms = self.terms()
        return terms[r] if 0 <= r < len(terms) else None

    # -- edits (undoable) -------------------------------------------------------------
    def save_term(
        self, term: OfficeTerm | None, holder_id: int, start: date, end: date | None, source: str
    ) -> bool:
        """Add (``term`` None) or change a term of the current office; undoable."""
        try:
            if term is None:
                after = self.entities.add_term(int(self.chooser.currentData()), holder_id, start, end, source)
                before = None
            else:
                before, after = self.entities.update_term(
                    term.id, holder_id=holder_id, start=start, end=end, source_url=source)
        except PibdeskError as e:
            self._say(f"Term not saved: {e}")
            return False
        self.undo_stack.push(TermCommand(self.entities, before, after, "Edit office term",
                                         self.refresh, self._say))
        self.refresh()
        return True

    def delete_term(self, term: OfficeTerm) -> bool:
        try:
            before = self.entities.delete_term(term.id)
        except PibdeskError as e:
            self._say(f"Term not deleted: {e}")
            return False
        self.undo_stack.push(TermCommand(self.entities, before, None, "Delete office term",
                                         self.refresh, self._say))
        self.refresh()
        return True

    def _delete_current(self) -> None:
        t = self.current_term()
        if t is not None:
            self.delete_term(t)

    def _dialog(self, term: OfficeTerm | None) -> None:
        dlg = TermDialog(self.entities, term, self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        hid, name, start, end, source = dlg.values()
        if hid is None:
            if not name:
                return
            hid = self.entities.create(EntityKind.PERSON, name).id
        self.save_term(term, int(hid), start, end, source)
