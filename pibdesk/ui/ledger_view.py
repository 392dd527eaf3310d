"""The Quote ledger dock: every Statement, sortable, filterable, editable in place (issue 14).

Wiring: :class:`~pibdesk.services.ledger.LedgerService` builds the rows (speaker, office
held that day, quote, kind, topic, release, translations, repeated-quote groups) in a
``QThreadPool`` task (:class:`~pibdesk.ui.timeline_view.TaskRunner`; the service opens
its own session there) and hands them to the GUI thread by a queued signal;
:class:`LedgerModel` adapts that list (no copies), filters and sorts it in Python and
shows it to the view in batches (``canFetchMore``/``fetchMore``).

Double-click (or Enter) on a row opens its release with the annotation selected, as a
click in the annotation list does. Speaker, Kind and Topic cells are edited in place
(**F2**, or a click on the selected cell): the edit goes through
:meth:`AnnotationService.update` with the version the ledger shows, and is one
:class:`~pibdesk.ui.entity_commands.LinkAnnotationCommand` on the main window's undo
stack (**Ctrl+Z** / **Ctrl+Shift+Z**).

Object names for automation: ``ledgerDock``, ``ledgerView``, ``ledgerTable``,
``ledgerFilter``, ``ledgerSpeaker``, ``ledgerTopic``, ``ledgerSince``, ``ledgerUntil``,
``ledgerGrouped``, ``ledgerStatus``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pibdesk.core.errors import ConflictError, PibdeskError
from pibdesk.core.ledger import LedgerRow, group_heads
from pibdesk.core.model import IST, Entity, EntityKind, StatementKind
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.entities import EntityService
from pibdesk.services.ledger import LedgerService, matches
from pibdesk.ui.entity_commands import LinkAnnotationCommand
from pibdesk.ui.speaker_prompt import kind_words
from pibdesk.ui.timeline_view import TaskRunner, open_in_window

if TYPE_CHECKING:
    from pibdesk.ui.main_window import MainWindow

(
    COL_SPEAKER, COL_OFFICE, COL_QUOTE, COL_KIND, COL_TOPIC, COL_PRID, COL_MINISTRY,
    COL_POSTED, COL_TRANSLATIONS, COL_REPEATED,
) = range(10)
HEADERS = ("Speaker", "Office", "Quote", "Kind", "Topic", "PRID", "Ministry", "Posted (IST)",
           "Translations", "Repeated")
EDITABLE = {COL_SPEAKER: "speaker_id", COL_KIND: "statement_kind", COL_TOPIC: "topic_id"}
#: open_release(release_pk, annotation_id)
OpenRelease = Callable[[int, int | None], None]
_FAR = datetime.max.replace(tzinfo=IST)
_KINDS = list(StatementKind)


def _posted(d: datetime | None) -> str:
    return d.astimezone(IST).strftime("%d %b %Y %H:%M") if d is not None else ""


def _day(d: datetime | None) -> str:
    return d.astimezone(IST).strftime("%d %b %Y") if d is not None else "?"


def _one_line(text: str, n: int = 160) -> str:
    one = " ".join(text.split())
    return one if len(one) <= n else one[: n - 1] + "…"


def repeated_text(r: LedgerRow) -> str:
    """The Repeated cell: ``"3× 02 Sep 2019 – 14 Sep 2019"``, empty for a one-off."""
    if r.group_count <= 1:
        return ""
    span = _day(r.group_first)
    if r.group_last is not None and _day(r.group_last) != span:
        span += f" – {_day(r.group_last)}"
    return f"{r.group_count}× {span}"


def _sort_key(col: int) -> Callable[[LedgerRow], tuple[bool, Any]]:
    def text(v: str | None) -> tuple[bool, str]:
        return (v is None or v == "", (v or "").casefold())

    keys: dict[int, Callable[[LedgerRow], tuple[bool, Any]]] = {
        COL_SPEAKER: lambda r: text(r.speaker),
        COL_OFFICE: lambda r: text(r.office),
        COL_QUOTE: lambda r: text(r.quote),
        COL_KIND: lambda r: text(r.kind.value if r.kind else None),
        COL_TOPIC: lambda r: text(r.topic),
        COL_PRID: lambda r: (r.release_id is None, r.release_id or 0),
        COL_MINISTRY: lambda r: text(r.ministry),
        COL_POSTED: lambda r: (r.posted_at is None, r.posted_at or _FAR),
        COL_TRANSLATIONS: lambda r: (not r.translations, len(r.translations)),
        COL_REPEATED: lambda r: (False, (r.group_count, r.group_first or _FAR)),
    }
    return keys[col]


class LedgerModel(QAbstractTableModel):
    """A table over a list of :class:`LedgerRow` (adapted, not copied).

    ``set_rows`` takes the service's rows; ``set_filter`` narrows them (speaker id, topic
    id, IST days inclusive, free text as :func:`pibdesk.services.ledger.matches`);
    ``set_grouped(True)`` shows one row per repeated-quote group (its first statement);
    ``sort`` orders by a column (Python keys over the rows; ties keep posted order). The
    view sees :attr:`BATCH` rows at a time. ``editRequested(row, field, value)`` is
    emitted by :meth:`setData` for Speaker (entity id), Kind (:class:`StatementKind`)
    and Topic (entity id or None): the view applies it through the services, the model
    never changes a row itself.
    """

    BATCH = 1000
    editRequested = Signal(object, str, object)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[LedgerRow] = []
        self._view: list[LedgerRow] = []
        self._shown = 0
        self._grouped = False
        self._filter: tuple[int | None, int | None, date | None, date | None, str] = (
            None, None, None, None, "")
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- data in ------------------------------------------------------------------
    def set_rows(self, rows: Sequence[LedgerRow]) -> None:
        self._all = list(rows)
        self._rebuild()

    def set_filter(self, speaker_id: int | None = None, topic_id: int | None = None,
                   since: date | None = None, until: date | None = None, text: str = "") -> None:
        self._filter = (speaker_id, topic_id, since, until, text.strip())
        self._rebuild()

    def set_grouped(self, on: bool) -> None:
        self._grouped = on
        self._rebuild()

    def replace_row(self, row: LedgerRow) -> None:
        """Show ``row`` in place of the row of the same annotation (an edit or its undo),
        keeping its group fields until the next full reload."""
        old = next((r for r in self._all if r.annotation_id == row.annotation_id), None)
        if old is not None:
            row = row.__class__(**{**row.__dict__, "group_id": old.group_id,
                                   "group_count": old.group_count,
                                   "group_first": old.group_first,
                                   "group_last": old.group_last})
        self._all = [row if r.annotation_id == row.annotation_id else r for r in self._all]
        for i, r in enumerate(self._view):
            if r.annotation_id == row.annotation_id:
                self._view[i] = row
                if i < self._shown:
                    self.dataChanged.emit(self.index(i, 0), self.index(i, len(HEADERS) - 1))

    def _rebuild(self) -> None:
        speaker, topic, since, until, text = self._filter
        rows = self._all
        if speaker is not None:
            rows = [r for r in rows if r.speaker_id == speaker]
        if topic is not None:
            rows = [r for r in rows if r.topic_id == topic]
        if since is not None or until is not None:
            def inside(r: LedgerRow) -> bool:
                if r.posted_at is None:
                    return False
                day = r.posted_at.astimezone(IST).date()
                return (since is None or day >= since) and (until is None or day <= until)
            rows = [r for r in rows if inside(r)]
        if text:
            rows = [r for r in rows if matches(r, text)]
        if self._grouped:
            rows = group_heads(rows)
        if self._sort is not None:
            col, order = self._sort
            key = _sort_key(col)  # (blank, value): blanks last in either direction
            rows = sorted(rows, key=lambda r: key(r)[1],
                          reverse=order == Qt.SortOrder.DescendingOrder)
            rows = sorted(rows, key=lambda r: key(r)[0])
        self.beginResetModel()
        self._view = list(rows)
        self._shown = min(self.BATCH, len(self._view))
        self.endResetModel()

    # -- Qt model -----------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and self._shown < len(self._view)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        if parent.isValid():
            return
        n = min(self.BATCH, len(self._view) - self._shown)
        if n > 0:
            self.beginInsertRows(QModelIndex(), self._shown, self._shown + n - 1)
            self._shown += n
            self.endInsertRows()

    def total(self) -> int:
        """Rows after the filter (shown or still to fetch)."""
        return len(self._view)

    def loaded(self) -> int:
        """Statements loaded from the database (before the filter)."""
        return len(self._all)

    def row(self, i: int) -> LedgerRow:
        return self._view[i]

    def row_of(self, annotation_id: int) -> int | None:
        """The view row showing ``annotation_id`` (fetching batches as needed), or None."""
        for i, r in enumerate(self._view):
            if r.annotation_id == annotation_id:
                while self._shown <= i:
                    self.fetchMore()
                return i
        return None

    def version_of(self, annotation_id: int) -> int | None:
        """The ``row_version`` the ledger shows for ``annotation_id``, None if not listed."""
        return next((r.row_version for r in self._all if r.annotation_id == annotation_id), None)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        f = super().flags(index)
        if index.isValid() and index.column() in EDITABLE:
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._view[index.row()]
        c = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, c)
        if role == Qt.ItemDataRole.EditRole:
            return {COL_SPEAKER: r.speaker_id, COL_KIND: r.kind, COL_TOPIC: r.topic_id}.get(c)
        if role == Qt.ItemDataRole.ToolTipRole:
            if c == COL_QUOTE:
                return r.quote
            if c == COL_OFFICE and r.office_name and r.office_name != r.office:
                return r.office_name
            if c == COL_REPEATED and r.group_count > 1:
                return (f"Said {r.group_count} times: first {_posted(r.group_first)}, "
                        f"last {_posted(r.group_last)} (IST)")
            if c in (COL_PRID, COL_MINISTRY, COL_POSTED):
                return r.title
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and c == COL_PRID:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return r
        return None

    @staticmethod
    def _display(r: LedgerRow, c: int) -> str:
        if c == COL_SPEAKER:
            return r.speaker or "—"
        if c == COL_OFFICE:
            return r.office or ""
        if c == COL_QUOTE:
            return _one_line(r.quote)
        if c == COL_KIND:
            return kind_words(r.kind) if r.kind else "—"
        if c == COL_TOPIC:
            return r.topic or ""
        if c == COL_PRID:
            return str(r.release_id) if r.release_id is not None else f"#{r.release_pk}"
        if c == COL_MINISTRY:
            return r.ministry or ""
        if c == COL_POSTED:
            return _posted(r.posted_at)
        if c == COL_TRANSLATIONS:
            return ", ".join(t.text() for t in r.translations)
        return repeated_text(r)

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() not in EDITABLE:
            return False
        r = self._view[index.row()]
        current = self.data(index, Qt.ItemDataRole.EditRole)
        if value == current:
            return False
        self.editRequested.emit(r, EDITABLE[index.column()], value)
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self._rebuild()


class _EntityCombo(QComboBox):
    """An editable choice of entities (typing completes on any part of the name)."""

    def __init__(self, entities: list[Entity], none_text: str | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if none_text is not None:
            self.addItem(none_text, None)
        for e in entities:
            self.addItem(e.name, e.id)
        comp = QCompleter(self.model(), self)
        comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        comp.setFilterMode(Qt.MatchFlag.MatchContains)
        comp.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(comp)

    def chosen(self) -> tuple[bool, int | None]:
        """``(ok, entity id)``: the typed text must name a listed entity."""
        text = self.currentText().strip().casefold()
        for i in range(self.count()):
            if self.itemText(i).casefold() == text:
                return True, self.itemData(i)
        return False, None


class LedgerDelegate(QStyledItemDelegate):
    """Editors of the Speaker (persons), Kind (three kinds) and Topic (topics, or none)
    cells. ``choices(kind)`` lists the entities; a typed name that is no listed entity
    is not written (``refused(message)``)."""

    def __init__(self, choices: Callable[[EntityKind], list[Entity]],
                 refused: Callable[[str], None], parent: Any = None) -> None:
        super().__init__(parent)
        self.choices, self.refused = choices, refused

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        c = index.column()
        if c == COL_KIND:
            box = QComboBox(parent)
            for k in _KINDS:
                box.addItem(kind_words(k), k)
            box.setObjectName("ledgerKindEditor")
            return box
        if c == COL_SPEAKER:
            ed = _EntityCombo(self.choices(EntityKind.PERSON), None, parent)
            ed.setObjectName("ledgerSpeakerEditor")
        else:
            ed = _EntityCombo(self.choices(EntityKind.TOPIC), "(no topic)", parent)
            ed.setObjectName("ledgerTopicEditor")
        # the line edit takes Enter before the delegate sees it: Enter writes and closes
        line = ed.lineEdit()
        assert line is not None  # an editable combo box has one
        line.returnPressed.connect(lambda: self._finish(ed))
        return ed

    def _finish(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        value = index.data(Qt.ItemDataRole.EditRole)
        i = editor.findData(value)
        if i < 0 and editor.isEditable():  # no speaker yet: an empty box, not the first name
            editor.setCurrentIndex(-1)
            editor.setEditText("")
        else:
            editor.setCurrentIndex(max(i, 0))

    def setModelData(self, editor: QWidget, model: Any,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, _EntityCombo):
            ok, value = editor.chosen()
            if not ok:
                self.refused(f"“{editor.currentText()}” is not in the registry: not changed "
                             "(add it in the Entities dock first)")
                return
            model.setData(index, value, Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class _Table(QTableView):
    """Enter on a row opens it (as a double-click does) when no editor is open."""

    activatedRow = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and self.state() != QAbstractItemView.State.EditingState
                and self.currentIndex().isValid()):
            self.activatedRow.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class LedgerView(QWidget):
    """Filters, the ledger table and its status line (see the module docstring)."""

    #: Emitted when rows from the database are shown (a reload finished).
    loaded = Signal()

    def __init__(
        self, ledger: LedgerService, annotations: AnnotationService, entities: EntityService,
        undo_stack: QUndoStack, open_release: OpenRelease, say: Callable[..., None],
        *, author: Callable[[], str] = lambda: "", seen: Callable[[int], int | None] | None = None,
        after_change: Callable[[int], None] | None = None, parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ledgerView")
        self.ledger, self.annotations, self.entities = ledger, annotations, entities
        self.undo_stack, self.open_release, self.say = undo_stack, open_release, say
        self.author, self._seen_outside, self._after_change = author, seen, after_change
        self.tasks = TaskRunner(self._failed, self)
        self._entity_cache: dict[EntityKind, list[Entity]] = {}

        self.filter_box = QLineEdit()
        self.filter_box.setObjectName("ledgerFilter")
        self.filter_box.setPlaceholderText("Filter: words of the quote, speaker, office, topic, "
                                           "ministry or PRID")
        self.filter_box.setClearButtonEnabled(True)
        self.speaker_box = QComboBox()
        self.speaker_box.setObjectName("ledgerSpeaker")
        self.topic_box = QComboBox()
        self.topic_box.setObjectName("ledgerTopic")
        for combo in (self.speaker_box, self.topic_box):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.since_box, self.until_box = QDateEdit(), QDateEdit()
        for box, name in ((self.since_box, "ledgerSince"), (self.until_box, "ledgerUntil")):
            box.setObjectName(name)
            box.setCalendarPopup(True)
            box.setDisplayFormat("dd MMM yyyy")
            box.setMinimumDate(QDate(1990, 1, 1))
            box.setSpecialValueText("any day")  # the minimum date means "no bound"
            box.setDate(box.minimumDate())
            box.setToolTip("Posted day on the IST calendar, inclusive")
        self.grouped_box = QCheckBox("Group repeated quotes")
        self.grouped_box.setObjectName("ledgerGrouped")
        self.grouped_box.setToolTip("One row per statement said again in other releases "
                                    "(same speaker, near-identical words)")
        export_btn = QPushButton("Export…")
        export_btn.clicked.connect(self.export_dialog)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter_box, 3)
        top.addWidget(QLabel("Speaker"))
        top.addWidget(self.speaker_box)
        top.addWidget(QLabel("Topic"))
        top.addWidget(self.topic_box)
        top.addWidget(QLabel("From"))
        top.addWidget(self.since_box)
        top.addWidget(QLabel("to"))
        top.addWidget(self.until_box)
        top.addWidget(self.grouped_box)
        top.addWidget(export_btn)

        self.model = LedgerModel(self)
        self.table = _Table()
        self.table.setObjectName("ledgerTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(LedgerDelegate(self._choices, lambda m: self.say(m, 8000), self))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        hh = self.table.horizontalHeader()
        hh.setSortIndicator(COL_POSTED, Qt.SortOrder.AscendingOrder)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(COL_QUOTE, QHeaderView.ResizeMode.Stretch)
        fm = self.table.fontMetrics()
        widths = {COL_SPEAKER: "Shivraj Singh Chouhan", COL_OFFICE: "Minister of Home Affairs",
                  COL_KIND: "social media post", COL_TOPIC: "Defence cooperation",
                  COL_PRID: "1583904", COL_MINISTRY: "Ministry of Home Affa",
                  COL_POSTED: "02 Sep 2019 19:22", COL_TRANSLATIONS: "Urdu, Malayalam",
                  COL_REPEATED: "3× 02 Sep 2019"}
        for col, sample in widths.items():
            hh.resizeSection(col, fm.horizontalAdvance(sample) + 22)
        self.status = QLabel()
        self.status.setObjectName("ledgerStatus")
        self.status.setStyleSheet("color:#666; padding:2px 4px")

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.setSpacing(4)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.status)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(200)
        self._filter_timer.timeout.connect(self.apply_filter)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(400)
        self._reload_timer.timeout.connect(self.refresh)
        self.filter_box.textChanged.connect(lambda _t: self._filter_timer.start())
        for combo in (self.speaker_box, self.topic_box):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        for d in (self.since_box, self.until_box):
            d.dateChanged.connect(lambda _d: self.apply_filter())
        self.grouped_box.toggled.connect(self._on_grouped)
        self.model.editRequested.connect(self.apply_edit)
        self.model.modelReset.connect(self._show_status)
        self.model.rowsInserted.connect(lambda *_: self._show_status())
        self.table.doubleClicked.connect(lambda ix: self.open_row(ix.row()))
        self.table.activatedRow.connect(self.open_row)
        self._show_status()

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """Reload every statement from the database (in the background)."""
        self._reload_timer.stop()
        self._entity_cache.clear()
        self.status.setText("Loading the ledger…")
        self.tasks.run("ledger", self.ledger.rows, self._loaded)

    def schedule_refresh(self) -> None:
        """Reload soon (several changes in a row make one reload)."""
        self._reload_timer.start()

    def busy(self) -> bool:
        return self.tasks.busy() or self._reload_timer.isActive()

    def _loaded(self, rows: list[LedgerRow]) -> None:
        current = self._current_annotation()
        self._fill_filter_boxes(rows)
        self.model.set_rows(rows)
        if current is not None:
            self.select_annotation(current)
        self.loaded.emit()

    def _failed(self, message: str) -> None:
        self.status.setText(f"Could not load the ledger: {message}")
        self.say(f"Ledger: {message}", 10000)

    def _fill_filter_boxes(self, rows: list[LedgerRow]) -> None:
        for box, pairs, word in (
            (self.speaker_box, {(r.speaker, r.speaker_id) for r in rows if r.speaker_id}, "speakers"),
            (self.topic_box, {(r.topic, r.topic_id) for r in rows if r.topic_id}, "topics"),
        ):
            keep = box.currentData()
            with QSignalBlocker(box):
                box.clear()
                box.addItem(f"All {word}", None)
                for name, eid in sorted(pairs, key=lambda p: ((p[0] or "").casefold(), p[1])):
                    box.addItem(name or f"#{eid}", eid)
                box.setCurrentIndex(max(box.findData(keep), 0))

    # ------------------------------------------------------------------ filters
    def _date(self, box: QDateEdit) -> date | None:
        d = box.date()
        return None if d == box.minimumDate() else date(d.year(), d.month(), d.day())

    def set_dates(self, since: date | None, until: date | None) -> None:
        """Set the posted-day range (IST, inclusive); None = open."""
        for box, d in ((self.since_box, since), (self.until_box, until)):
            box.setDate(QDate(d.year, d.month, d.day) if d else box.minimumDate())

    def apply_filter(self) -> None:
        """Apply the filter widgets now (typing applies them after a short pause)."""
        self._filter_timer.stop()
        self.model.set_filter(
            self.speaker_box.currentData(), self.topic_box.currentData(),
            self._date(self.since_box), self._date(self.until_box), self.filter_box.text(),
        )

    def _on_grouped(self, on: bool) -> None:
        self.model.set_grouped(on)

    def _show_status(self) -> None:
        n, total = self.model.total(), self.model.loaded()
        what = "groups" if self.grouped_box.isChecked() else "statements"
        if total == 0:
            self.status.setText("No statements yet: mark a quote with S (or accept a "
                                "suggested Statement), it is listed here.")
        elif n == total and what == "statements":
            self.status.setText(f"{total} statements. Double-click opens one in the text; "
                                "F2 edits Speaker, Kind or Topic.")
        else:
            self.status.setText(f"{n} {what} shown of {total} statements")

    # ------------------------------------------------------------------ rows
    def _current_annotation(self) -> int | None:
        ix = self.table.currentIndex()
        return self.model.row(ix.row()).annotation_id if ix.isValid() else None

    def select_annotation(self, annotation_id: int, column: int = COL_QUOTE) -> bool:
        """Select the row of ``annotation_id`` (False if the filter hides it)."""
        row = self.model.row_of(annotation_id)
        if row is None:
            return False
        ix = self.model.index(row, column)
        self.table.setCurrentIndex(ix)
        self.table.scrollTo(ix)
        return True

    def open_row(self, row: int) -> None:
        """Open row ``row``'s release with its annotation selected in the text."""
        if 0 <= row < self.model.rowCount():
            r = self.model.row(row)
            self.open_release(r.release_pk, r.annotation_id)

    # ------------------------------------------------------------------ editing
    def _choices(self, kind: EntityKind) -> list[Entity]:
        if kind not in self._entity_cache:
            self._entity_cache[kind] = self.ledger.choices(kind)
        return self._entity_cache[kind]

    def _seen(self, annotation_id: int) -> int | None:
        outside = self._seen_outside(annotation_id) if self._seen_outside else None
        return outside if outside is not None else self.model.version_of(annotation_id)

    def apply_edit(self, row: LedgerRow, field: str, value: object) -> bool:
        """Set ``field`` (speaker_id, statement_kind or topic_id) of ``row``'s statement:
        one undoable step on the window's stack, written with the version the ledger
        shows (another editor's change meanwhile is reported, not overwritten)."""
        changes: dict[str, object] = {field: value}
        shown = self._seen(row.annotation_id)
        try:
            before = self.annotations.get(row.annotation_id)
            after = self.annotations.update(
                row.annotation_id, shown if shown is not None else row.row_version,
                editor=self.author(), **changes)
        except PibdeskError as e:
            self.say(f"Not changed: {e}", 10000)
            if isinstance(e, ConflictError):
                self._changed(row.annotation_id)
            return False
        aid = row.annotation_id
        cmd = LinkAnnotationCommand(
            self.annotations, self.entities, before, changes, None,
            lambda: self._changed(aid), lambda m: self.say(m, 10000),
            version=after.row_version, editor=self.author(), seen=self._seen)
        what = {"speaker_id": "speaker", "statement_kind": "kind", "topic_id": "topic"}[field]
        cmd.setText(f"Ledger: set the {what}")
        self.undo_stack.push(cmd)
        self._changed(row.annotation_id)
        self.say(f"Statement {what} changed.", 4000)
        return True

    def _changed(self, annotation_id: int) -> None:
        """A statement changed (an edit, its undo or redo): show it now, regroup soon."""
        try:
            self.model.replace_row(self.ledger.row(annotation_id))
        except PibdeskError:
            pass  # deleted meanwhile: the reload drops it
        if self._after_change is not None:
            self._after_change(annotation_id)
        self.schedule_refresh()

    # ------------------------------------------------------------------ export
    def visible_rows(self) -> list[LedgerRow]:
        """The rows the filter and sort show (all of them, fetched or not)."""
        return [self.model.row(i) for i in range(self.model.total())]

    def export_dialog(self) -> None:
        """Save the rows shown as CSV, JSON Lines or Markdown."""
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export the ledger", "ledger.csv",
            "CSV (*.csv);;JSON Lines (*.jsonl);;Markdown (*.md)")
        if not path:
            return
        fmt = "jsonl" if "JSON" in chosen else "md" if "Markdown" in chosen else "csv"
        try:
            n = self.ledger.export(self.visible_rows(), fmt, path)
        except (PibdeskError, OSError) as e:
            self.say(f"Ledger not exported: {e}", 10000)
            return
        self.say(f"Wrote {n} statements to {path}", 8000)


def install_ledger(window: MainWindow) -> QDockWidget:
    """Add the Quote ledger dock (hidden, bottom, tabbed with the other docks) and
    View > Quote ledger (Ctrl+Shift+L) to ``window``; returns the dock. The rows load
    whenever the dock is shown, after every undo-stack change and when another window
    or editor changes annotations or the registry (the window's live updates)."""
    from pibdesk.ui.timeline_view import _view_menu

    tools = getattr(window, "entity_tools", None)
    entities = tools.entities if tools is not None else EntityService(window.annotations.db)

    def after_change(annotation_id: int) -> None:
        rel = window.current_release()
        if rel is not None:
            window._refresh_annotations(scroll=False)

    view = LedgerView(
        LedgerService(window.annotations.db), window.annotations, entities, window.undo_stack,
        open_release=lambda pk, ann: open_in_window(window, pk, ann),
        say=window._say, author=lambda: window.author or "",
        seen=window._shown_version, after_change=after_change,
    )
    dock = QDockWidget("Quote ledger", window)
    dock.setObjectName("ledgerDock")
    dock.setWidget(view)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    if tools is not None:
        window.tabifyDockWidget(tools.offices_dock, dock)
    dock.hide()
    action: QAction = dock.toggleViewAction()
    action.setText("&Quote ledger")
    action.setShortcut(QKeySequence("Ctrl+Shift+L"))
    action.setObjectName("ledgerAction")
    _view_menu(window).addAction(action)

    def toggled(on: bool) -> None:
        if on:  # tabbed behind another dock, showing it is not enough: bring it forward
            QTimer.singleShot(0, dock.raise_)  # once it is shown (toggled comes first)
            view.refresh()

    def tab_shown(visible: bool) -> None:  # its tab clicked
        if visible and not view.busy():
            view.refresh()

    action.toggled.connect(toggled)
    dock.visibilityChanged.connect(tab_shown)

    def stack_changed(_i: int) -> None:
        if dock.isVisible():
            view.schedule_refresh()

    window.undo_stack.indexChanged.connect(stack_changed)

    def live_changes(changes: list[Any]) -> None:  # another window or editor
        if dock.isVisible() and any(
            c.table in ("annotation", "entity", "office", "office_term", "release")
            for c in changes
        ):
            view.schedule_refresh()

    live = getattr(window, "live", None)
    if live is not None:
        live.changed.connect(live_changes)
    window.ledger_view = view  # type: ignore[attr-defined]
    window.ledger_dock = dock  # type: ignore[attr-defined]
    return dock
