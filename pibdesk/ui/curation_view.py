"""The curation view (Review > Curate this release…): editors' layers side by side, a
final (curated) layer built from them, and the release's agreement table.

One row per candidate (:mod:`pibdesk.core.review`): the text, label and span, then one
column per editor (✓ and the linked entity when that editor made this annotation, blank
when not), the curated layer's column and the status. Rows are in text order; a line
above a row starts a new group of overlapping spans, so the editors' versions of one
passage sit together. Agreements (every editor made it) are tinted green; disagreements
amber until decided.

Agreements go to the final layer with **one click** (*Accept agreements*, one undoable
step; nothing is written just by opening the view). Each disagreement is **accepted**
(A), **rejected** (R) or **edited** (E: label and span changed, then accepted; the
original counts as replaced). Every decision is a ``QUndoCommand`` on this window's own
stack (Ctrl+Z / Ctrl+Shift+Z) calling :class:`~pibdesk.services.review.ReviewService`,
which commits before the view refreshes. After a decision the next open disagreement is
selected.

Object names: ``curationWindow``, ``curationSummary``, ``curationTable``,
``curationContext``, ``mergeAgreements``, ``acceptButton``, ``rejectButton``,
``editButton``, ``undoButton``, ``redoButton``, ``curatedButton``, ``agreementTable``;
the edit dialog: ``curationEditDialog``, ``editLabel``, ``editStart``, ``editEnd``,
``editPreview``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeySequence, QPainter, QPen, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pibdesk.core.agreement import ALL_LABELS, AgreementReport
from pibdesk.core.errors import PibdeskError
from pibdesk.core.model import Annotation, Label
from pibdesk.core.review import Candidate, CurationRow, Decision, ReviewState, Status
from pibdesk.services.review import Curation, ReviewService
from pibdesk.ui.undo_guard import RefusableCommand, guard_stack

AGREED_BG = QColor(89, 161, 79, 60)
OPEN_BG = QColor(242, 142, 43, 70)
DECIDED_FG = QColor(120, 120, 120)


def _short(text: str, n: int = 60) -> str:
    one = " ".join(text.split())
    return one if len(one) <= n else one[: n - 1] + "…"


def _blend(color: str, share: float) -> str:
    """``color`` mixed with white (``share`` of the colour), as ``#rrggbb``."""
    c = QColor(color)
    mix = [round(255 - (255 - v) * share) for v in (c.red(), c.green(), c.blue())]
    return "#" + "".join(f"{v:02x}" for v in mix)


def _num(v: float | None) -> str:
    return "–" if v is None else f"{v:.3f}"


# ----------------------------------------------------------------------------- model
class CurationModel(QAbstractTableModel):
    """Rows of a :class:`Curation`; columns Text, Label, Span, one per editor, Final,
    Status. ``row_at(i)`` gives the :class:`CurationRow`."""

    FIXED = ("Text", "Label", "Span")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.curation: Curation | None = None
        self.rows: list[CurationRow] = []
        self.editors: tuple[str, ...] = ()
        self.colors: dict[str, str] = {}

    def set_curation(self, cur: Curation) -> None:
        self.beginResetModel()
        self.curation = cur
        self.rows = list(cur.rows)
        self.editors = cur.editors
        self.endResetModel()

    def row_at(self, i: int) -> CurationRow:
        return self.rows[i]

    def row_of(self, key: str) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.candidate.key == key), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.FIXED) + len(self.editors) + 2

    def final_column(self) -> int:
        return len(self.FIXED) + len(self.editors)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = [*self.FIXED, *self.editors, "Final (curated)", "Status"]
        return names[section] if 0 <= section < len(names) else None

    def _link(self, c: Candidate) -> str:
        names = self.curation.names if self.curation is not None else {}
        bits = []
        for i in (c.entity_id, c.speaker_id):
            if i is not None:
                bits.append(names.get(i, f"#{i}"))
        if c.topic_id is not None:
            bits.append("topic " + names.get(c.topic_id, f"#{c.topic_id}"))
        if c.statement_kind is not None:
            bits.append(c.statement_kind.value)
        return ", ".join(bits)

    def cell_text(self, row: CurationRow, col: int) -> str:
        c = row.candidate
        if col == 0:
            return _short(row.text)
        if col == 1:
            return c.label
        if col == 2:
            return f"{c.start}–{c.end}"
        fc = self.final_column()
        if col < fc:
            editor = self.editors[col - len(self.FIXED)]
            if editor not in row.by_editor:
                return ""
            link = self._link(c)
            return f"✓ {link}" if link else "✓"
        if col == fc:
            return {
                Decision.ACCEPTED: "✓ in final",
                Decision.REJECTED: "✗ rejected",
                Decision.REPLACED: "✎ replaced by edit",
                Decision.OPEN: "",
            }[row.decision]
        if row.status is Status.AGREED:
            return "agreed"
        if row.status is Status.FINAL_ONLY:
            return "reviewer's edit"
        return "disagreement" + (" (open)" if row.is_open else ", decided")

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return row.text
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.status is Status.AGREED:
                return AGREED_BG
            if row.status is Status.DISAGREED and row.is_open:
                return OPEN_BG
            return None
        if role == Qt.ItemDataRole.ForegroundRole and row.decision in (
            Decision.REJECTED, Decision.REPLACED,
        ):
            return DECIDED_FG
        if role == Qt.ItemDataRole.FontRole:
            f = QFont()
            if row.decision in (Decision.REJECTED, Decision.REPLACED) and index.column() < 3:
                f.setStrikeOut(True)
            if index.column() == 1 and row.candidate.label in self.colors:
                f.setBold(True)
            return f
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 1:
            color = self.colors.get(row.candidate.label)
            return QColor(color) if color else None
        return None


class _GroupLineDelegate(QStyledItemDelegate):
    """Draws a line above the first row of each overlap group."""

    def __init__(self, model: CurationModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = model

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        r = index.row()
        if r > 0 and self.model_.row_at(r).group != self.model_.row_at(r - 1).group:
            painter.save()
            painter.setPen(QPen(option.palette.color(option.palette.ColorRole.Text), 1))  # type: ignore[attr-defined]
            rect: QRect = option.rect  # type: ignore[attr-defined]
            painter.drawLine(rect.topLeft(), rect.topRight())
            painter.restore()


# ----------------------------------------------------------------------------- commands
class _ReviewCommand(RefusableCommand):
    """A decision already made (the first ``redo`` from ``push`` does nothing); later
    redo/undo call the service; errors go to ``on_error`` and the view refreshes."""

    def __init__(self, text: str, refresh: Callable[[str | None], None], on_error: Callable[[str], None]) -> None:
        super().__init__(text)
        self._first = True
        self._refresh = refresh
        self._on_error = on_error
        self.focus: str | None = None

    def _run(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except PibdeskError as e:
            self.refuse()  # the stack stays where it was (undo_guard)
            self._on_error(f"{self.text()}: {e}")
        self._refresh(self.focus)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self.do)

    def undo(self) -> None:
        self._run(self.undo_it)

    def do(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def undo_it(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class AcceptCommand(_ReviewCommand):
    def __init__(self, svc: ReviewService, ann: Annotation, c: Candidate, *a: Any) -> None:
        super().__init__(f"Accept {c.label} {c.start}–{c.end}", *a)
        self.svc, self.ann, self.focus = svc, ann, c.key

    def do(self) -> None:
        self.ann = self.svc.restore(self.ann)

    def undo_it(self) -> None:
        self.svc.unaccept(self.ann.id, self.ann.author)


class RejectCommand(_ReviewCommand):
    def __init__(self, svc: ReviewService, pk: int, c: Candidate, removed: Annotation | None, reviewer: str, *a: Any) -> None:
        super().__init__(f"Reject {c.label} {c.start}–{c.end}", *a)
        self.svc, self.pk, self.c, self.removed, self.reviewer = svc, pk, c, removed, reviewer
        self.focus = c.key

    def do(self) -> None:
        self.removed = self.svc.reject(self.pk, self.c, self.reviewer)

    def undo_it(self) -> None:
        self.svc.unreject(self.pk, self.c, self.removed, self.reviewer)


class EditCommand(_ReviewCommand):
    def __init__(
        self, svc: ReviewService, pk: int, original: Candidate, edited: Candidate,
        added: Annotation, removed: Annotation | None, reviewer: str, *a: Any,
    ) -> None:
        super().__init__(f"Edit {original.label} {original.start}–{original.end}", *a)
        self.svc, self.pk, self.original, self.edited = svc, pk, original, edited
        self.added, self.removed, self.reviewer = added, removed, reviewer
        self.focus = edited.key

    def do(self) -> None:
        self.added, self.removed = self.svc.edit(self.pk, self.original, self.edited, self.reviewer)

    def undo_it(self) -> None:
        self.svc.unedit(self.pk, self.original, self.added, self.removed, self.reviewer)


class MergeCommand(_ReviewCommand):
    def __init__(self, svc: ReviewService, anns: list[Annotation], reviewer: str, *a: Any) -> None:
        super().__init__(f"Accept {len(anns)} agreements", *a)
        self.svc, self.anns, self.reviewer = svc, anns, reviewer

    def do(self) -> None:
        self.anns = self.svc.restore_all(self.anns)

    def undo_it(self) -> None:
        self.svc.unmerge(self.anns, self.reviewer)


# ----------------------------------------------------------------------------- edit dialog
class EditDialog(QDialog):
    """Change a candidate's label and span (code points, end-exclusive) before it is
    accepted; the preview shows the text the span covers."""

    def __init__(self, text: str, c: Candidate, labels: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("curationEditDialog")
        self.setWindowTitle("Edit before accepting")
        self.text, self.original = text, c
        self.label_box = QComboBox()
        self.label_box.setObjectName("editLabel")
        self.label_box.addItems(list(labels))
        self.label_box.setCurrentText(c.label)
        self.start_box, self.end_box = QSpinBox(), QSpinBox()
        self.start_box.setObjectName("editStart")
        self.end_box.setObjectName("editEnd")
        for box in (self.start_box, self.end_box):
            box.setRange(0, len(text))
        self.start_box.setValue(c.start)
        self.end_box.setValue(c.end)
        self.preview = QLabel()
        self.preview.setObjectName("editPreview")
        self.preview.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Label:", self.label_box)
        form.addRow("Start (code point):", self.start_box)
        form.addRow("End (exclusive):", self.end_box)
        form.addRow("Text:", self.preview)
        form.addRow(self.buttons)
        for box in (self.start_box, self.end_box):
            box.valueChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        s, e = self.start_box.value(), self.end_box.value()
        ok = s < e and self.text[s:e].strip() != ""
        self.preview.setText(f"“{_short(self.text[s:e], 120)}”" if ok else "(empty span)")
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok_button.setEnabled(ok)

    def candidate(self) -> Candidate:
        """The edited candidate (links kept from the original when the label stays)."""
        c = self.original
        label = self.label_box.currentText()
        keep = label == c.label
        return Candidate(
            self.start_box.value(), self.end_box.value(), label,
            c.entity_id if keep else None, c.speaker_id if keep else None,
            c.topic_id if keep else None, c.statement_kind if keep else None,
        )


# ----------------------------------------------------------------------------- agreement
class AgreementTable(QTableWidget):
    """Agreement per label and editor pair: α (all editors), κ, span F1 exact / overlap,
    code points counted (definitions: :mod:`pibdesk.core.agreement`)."""

    HEADERS = ("Label", "Editors", "α (Krippendorff)", "κ (Cohen)", "F1 exact", "F1 overlap", "Units (code points)")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setObjectName("agreementTable")
        self.setHorizontalHeaderLabels(list(self.HEADERS))
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.setToolTip(
            "α and κ: per code point over the positions any editor annotated (1 = inside a span "
            "of this label); F1 exact: same start, end and label; F1 overlap: same label, "
            "sharing a code point"
        )

    def show_report(self, report: AgreementReport) -> None:
        lines: list[tuple[str, ...]] = []
        for row in report.labels:
            for i, p in enumerate(sorted(row.exact) or [("", "")]):
                ex, ov = row.exact.get(p), row.overlap.get(p)
                lines.append((
                    row.label if i == 0 else "",
                    " / ".join(p) if p[0] else "–",
                    ("" if row.label == ALL_LABELS else _num(row.alpha)) if i == 0 else "",
                    "" if row.label == ALL_LABELS else _num(row.kappa.get(p)),
                    _num(ex.f1 if ex else None),
                    _num(ov.f1 if ov else None),
                    str(row.units) if i == 0 else "",
                ))
        self.setRowCount(len(lines))
        for r, line in enumerate(lines):
            for c, value in enumerate(line):
                item = QTableWidgetItem(value)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(r, c, item)
        self.resizeRowsToContents()


# ----------------------------------------------------------------------------- window
class CurationWindow(QMainWindow):
    """The curation view of one release for ``reviewer`` (see the module docstring)."""

    changed = Signal()  # the curated layer or a decision changed

    def __init__(
        self, review: ReviewService, release_pk: int, reviewer: str,
        labels: Sequence[Label] = (), parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("curationWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.review, self.release_pk, self.reviewer = review, release_pk, reviewer
        self.labels = list(labels)
        self.undo_stack = guard_stack(QUndoStack(self))
        self.curation: Curation | None = None
        self.edit_dialog: EditDialog | None = None

        self.summary = QLabel()
        self.summary.setObjectName("curationSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)

        self.model_ = CurationModel(self)
        self.model_.colors = {lab.name: lab.color for lab in self.labels}
        self.table = QTableView()
        self.table.setObjectName("curationTable")
        self.table.setModel(self.model_)
        self.table.setItemDelegate(_GroupLineDelegate(self.model_, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(False)

        def button(text: str, name: str, tip: str, slot: Callable[[], object], key: str | None = None) -> QPushButton:
            b = QPushButton(text)
            b.setObjectName(name)
            b.setToolTip(tip + (f" ({key})" if key else ""))
            b.clicked.connect(lambda _=False: slot())
            if key:
                b.setShortcut(QKeySequence(key))
            return b

        self.merge_button = button(
            "Accept agreements", "mergeAgreements",
            "Copy every agreed annotation into the final layer (one undoable step)",
            self.merge_agreements,
        )
        self.accept_button = button("Accept", "acceptButton", "Take the selected annotation into the final layer", self.accept_selected, "A")
        self.reject_button = button("Reject", "rejectButton", "Keep the selected annotation out of the final layer", self.reject_selected, "R")
        self.edit_button = button("Edit…", "editButton", "Change label or span, then accept", self.edit_selected, "E")
        self.undo_button = button("Undo", "undoButton", "Undo the last decision", self.undo_stack.undo, "Ctrl+Z")
        self.redo_button = button("Redo", "redoButton", "Redo", self.undo_stack.redo, "Ctrl+Shift+Z")
        self.curated_button = button(
            "Mark curated", "curatedButton", "The final layer of this release is complete",
            self.mark_curated,
        )
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)

        bar = QHBoxLayout()
        for b in (self.merge_button, self.accept_button, self.reject_button, self.edit_button):
            bar.addWidget(b)
        bar.addStretch(1)
        for b in (self.undo_button, self.redo_button, self.curated_button):
            bar.addWidget(b)
        self.hint = QLabel(
            "<span style='background:#d5ecd1'>&nbsp;green&nbsp;</span> every editor made it "
            "(agreed) · <span style='background:#fbdcbc'>&nbsp;amber&nbsp;</span> open "
            "disagreement · a line starts a new passage (overlapping spans) · "
            "<b>A</b> accept · <b>R</b> reject · <b>E</b> edit, then accept · "
            "<b>Ctrl+Z</b> undo"
        )
        self.hint.setObjectName("curationHint")
        self.hint.setStyleSheet("color:#555")

        self.context = QTextBrowser()
        self.context.setObjectName("curationContext")
        self.context.setOpenLinks(False)
        self.agreement_table = AgreementTable()
        agreement_box = QWidget()
        av = QVBoxLayout(agreement_box)
        av.setContentsMargins(0, 0, 0, 0)
        title = QLabel("<b>Agreement of this release</b> (editors' own layers)")
        av.addWidget(title)
        av.addWidget(self.agreement_table)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.context)
        lower.addWidget(agreement_box)
        lower.setSizes([520, 640])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([460, 240])

        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.summary)
        lay.addLayout(bar)
        lay.addWidget(self.hint)
        lay.addWidget(split, 1)
        self.setCentralWidget(central)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_context())
        self.resize(1200, 780)
        self.refresh()
        self._select_next_open(-1)

    # ------------------------------------------------------------------ reading
    def refresh(self, focus: str | None = None) -> None:
        """Re-read the curation from the database; keep ``focus`` (a candidate key) or the
        current row selected."""
        if focus is None:
            current = self.current_row()
            focus = current.candidate.key if current is not None else None
        try:
            cur = self.review.curation(self.release_pk)
        except PibdeskError as e:
            self.statusBar().showMessage(f"Could not read the curation: {e}", 10000)
            return
        self.curation = cur
        self.model_.set_curation(cur)
        self.agreement_table.show_report(cur.agreement)
        rel = cur.release
        n_agreed = cur.count(Status.AGREED)
        n_agreed_open = sum(1 for r in cur.rows if r.status is Status.AGREED and r.is_open)
        n_dis = cur.count(Status.DISAGREED)
        n_open = sum(1 for r in cur.rows if r.status is Status.DISAGREED and r.is_open)
        n_final = cur.count(decision=Decision.ACCEPTED)
        editors = ", ".join(cur.editors) or "no editor yet"
        self.setWindowTitle(f"Curate release {rel.release_id or rel.id} — pibdesk")
        mode = cur.info.mode.value
        self.summary.setText(
            f"<b>{html.escape(_short(rel.title, 90))}</b> (Release ID {rel.release_id or '–'}; "
            f"{mode} annotation, {cur.info.state.value})<br>"
            f"Editors: <b>{html.escape(editors)}</b> · {len(cur.rows)} candidates: "
            f"<span style='color:#3a7d2c'><b>{n_agreed}</b> agreed</span>"
            f"{f' ({n_agreed_open} not yet in final)' if n_agreed_open else ''}, "
            f"<span style='color:#b35c00'><b>{n_dis}</b> disagreements, {n_open} open</span> · "
            f"final layer: <b>{n_final}</b> · reviewer: {html.escape(self.reviewer or '?')}"
        )
        self.merge_button.setText(f"Accept agreements ({n_agreed_open})")
        self.merge_button.setEnabled(n_agreed_open > 0)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, self.model_.columnCount()):
            hh.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        if focus is not None and (row := self.model_.row_of(focus)) is not None:
            self.table.selectRow(row)
        self._show_context()

    def current_row(self) -> CurationRow | None:
        idx = self.table.currentIndex()
        if not idx.isValid() or idx.row() >= self.model_.rowCount():
            return None
        return self.model_.row_at(idx.row())

    def select_key(self, key: str) -> bool:
        row = self.model_.row_of(key)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def _select_next_open(self, after: int) -> None:
        rows = self.model_.rows
        for i in [*range(after + 1, len(rows)), *range(0, after + 1)]:
            if rows[i].status is Status.DISAGREED and rows[i].is_open:
                self.table.selectRow(i)
                self.table.scrollTo(self.model_.index(i, 0))
                return

    def _show_context(self) -> None:
        row, cur = self.current_row(), self.curation
        if row is None or cur is None:
            self.context.setHtml("<i>Select a row to see it in its text.</i>")
            return
        text, c = cur.release.text, row.candidate
        a, b = max(0, c.start - 110), min(len(text), c.end + 110)
        color = self.model_.colors.get(c.label, "#f28e2b")
        tint = _blend(color, 0.3)
        parts = [
            "<p style='line-height:140%'>",
            ("…" if a > 0 else "") + html.escape(text[a : c.start]),
            f"<span style='background:{tint}; color:#000'><b>"
            f"{html.escape(text[c.start : c.end])}</b></span>",
            html.escape(text[c.end : b]) + ("…" if b < len(text) else ""),
            "</p><hr>",
        ]
        for editor in cur.editors:
            same = [r for r in cur.rows if r.group == row.group and editor in r.by_editor]
            if not same:
                desc = "<i>nothing here</i>"
            else:
                desc = "; ".join(
                    f"{html.escape(r.candidate.label)} {r.candidate.start}–{r.candidate.end} "
                    f"“{html.escape(_short(r.text, 40))}”"
                    + (f" [{html.escape(self.model_._link(r.candidate))}]" if self.model_._link(r.candidate) else "")
                    for r in same
                )
            parts.append(f"<b>{html.escape(editor)}</b>: {desc}<br>")
        self.context.setHtml("".join(parts).replace("\n", "<br>"))

    # ------------------------------------------------------------------ decisions
    def _say(self, message: str, ms: int = 6000) -> None:
        self.statusBar().showMessage(message, ms)

    def _cmd_args(self) -> tuple[Callable[[str | None], None], Callable[[str], None]]:
        def refresh(focus: str | None) -> None:
            self.refresh(focus)
            self.changed.emit()

        return refresh, self._say

    def _after(self, focus_row: int) -> None:
        self.refresh()
        self._select_next_open(focus_row)
        self.changed.emit()

    def accept_selected(self) -> Annotation | None:
        """Take the selected candidate into the final layer (undoable)."""
        row = self.current_row()
        if row is None:
            self._say("Select a row first.")
            return None
        if row.decision is Decision.ACCEPTED:
            self._say("It is in the final layer already.")
            return None
        at = self.table.currentIndex().row()
        try:
            ann = self.review.accept(self.release_pk, row.candidate, self.reviewer)
        except PibdeskError as e:
            self._say(f"Not accepted: {e}")
            return None
        self.undo_stack.push(AcceptCommand(self.review, ann, row.candidate, *self._cmd_args()))
        self._after(at)
        self._say(f"Accepted {row.candidate.label} “{_short(row.text, 40)}”", 4000)
        return ann

    def reject_selected(self) -> bool:
        """Keep the selected candidate out of the final layer (undoable)."""
        row = self.current_row()
        if row is None:
            self._say("Select a row first.")
            return False
        if row.decision in (Decision.REJECTED, Decision.REPLACED):
            self._say("It is rejected already.")
            return False
        at = self.table.currentIndex().row()
        try:
            removed = self.review.reject(self.release_pk, row.candidate, self.reviewer)
        except PibdeskError as e:
            self._say(f"Not rejected: {e}")
            return False
        self.undo_stack.push(
            RejectCommand(self.review, self.release_pk, row.candidate, removed, self.reviewer, *self._cmd_args())
        )
        self._after(at)
        self._say(f"Rejected {row.candidate.label} “{_short(row.text, 40)}”", 4000)
        return True

    def edit_selected(self) -> EditDialog | None:
        """Open the edit dialog for the selected candidate (its OK accepts the edit)."""
        row, cur = self.current_row(), self.curation
        if row is None or cur is None:
            self._say("Select a row first.")
            return None
        names = [lab.name for lab in self.labels] or sorted({r.candidate.label for r in cur.rows})
        dlg = EditDialog(cur.release.text, row.candidate, names, self)
        at = self.table.currentIndex().row()
        dlg.accepted.connect(lambda: self._apply_edit(row.candidate, dlg.candidate(), at))
        self.edit_dialog = dlg
        dlg.open()
        return dlg

    def _apply_edit(self, original: Candidate, edited: Candidate, at: int) -> None:
        self.edit_dialog = None
        try:
            added, removed = self.review.edit(self.release_pk, original, edited, self.reviewer)
        except PibdeskError as e:
            self._say(f"Not edited: {e}")
            return
        self.undo_stack.push(
            EditCommand(self.review, self.release_pk, original, edited, added, removed, self.reviewer, *self._cmd_args())
        )
        self._after(at)
        self._say(f"Accepted the edited {edited.label} {edited.start}–{edited.end}", 4000)

    def merge_agreements(self) -> list[Annotation]:
        """Copy every open agreement into the final layer (one undoable step)."""
        try:
            anns = self.review.merge_agreements(self.release_pk, self.reviewer)
        except PibdeskError as e:
            self._say(f"Agreements not accepted: {e}")
            return []
        if anns:
            self.undo_stack.push(MergeCommand(self.review, anns, self.reviewer, *self._cmd_args()))
        self._after(-1)
        self._say(f"Accepted {len(anns)} agreements into the final layer.", 4000)
        return anns

    def mark_curated(self) -> None:
        try:
            self.review.set_state(self.release_pk, ReviewState.CURATED, self.reviewer)
        except PibdeskError as e:
            self._say(f"Not marked: {e}")
            return
        self.refresh()
        self._say("Marked curated: the final layer of this release is complete.", 5000)
