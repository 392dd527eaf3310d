"""The read-only release text with annotation highlights (objectName ``releaseText``).

Highlights are painted by the view itself, under the glyphs, for the visible blocks
only (the idea of Frescobaldi's ``gadgets/arbitraryhighlighter.py``, without
``QTextEdit.ExtraSelection`` objects): each annotation gets a translucent fill in its
label colour plus an underline bar stacked by label, so nested and overlapping spans
stay visible (the overlap shows both fills blended and both bars: a span nested in or
overlapping another gets its bar one level up, levels assigned like interval colouring). Painting cost grows
with the annotations on screen, not with all annotations of the release.

The selected (current) annotation is outlined and shows two drag handles, a bar with a
knob in its label colour at its start (knob on top) and at its end (knob below)
(:meth:`AnnotatedTextView.handle_rects`). Dragging a handle, or Alt+dragging from inside
a span near one of its ends, shows the new extent dashed and on release emits
:attr:`AnnotatedTextView.edgeDragged` (the window's span editor stores it).

Positions: the document holds the release text unchanged, so a Qt cursor position is
a UTF-16 offset into it; every conversion to pibdesk's code-point offsets goes through
:class:`pibdesk.core.offsets.Utf16Index`.
"""

from __future__ import annotations

import html
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextCursor,
    QTextLine,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolTip, QWidget

from pibdesk.core.fragments import parts
from pibdesk.core.model import Annotation, Label
from pibdesk.core.offsets import Utf16Index
from pibdesk.core.selection import word_at
from pibdesk.ui.fonts import text_font

#: Alpha of a highlight fill (0-255); two overlapping fills still read as both colours.
FILL_ALPHA = 72
#: Height and pitch (pixels) of the underline bars at the bottom of a line (one level per
#: overlapping span).
BAR_HEIGHT = 2.0
BAR_PITCH = 3.0
#: Half the width (pixels) of the area around a drag handle's bar that grabs the mouse.
HANDLE_GRAB = 6.0
#: Radius (pixels) of a drag handle's knob.
HANDLE_KNOB = 4.5


@dataclass(frozen=True)
class Highlight:
    """One painted annotation: its id, label and UTF-16 range in the document."""

    ann_id: int
    label: str
    start16: int
    end16: int


def span_tooltip(a: Annotation) -> str:
    """A span's tooltip: its label and quote (cut to 60 characters) and its note as
    written (several lines kept), as rich text so the lines wrap."""
    quote = " ".join(a.text.split())
    quote = quote if len(quote) <= 60 else quote[:59] + "…"
    note = html.escape(a.note or "").replace("\n", "<br>")
    return f"<b>{html.escape(a.label)}</b> “{html.escape(quote)}”<hr>{note}"


def bar_levels(highlights: list[Highlight]) -> dict[int, int]:
    """The underline level of each annotation (by id): 0 unless it overlaps an earlier one.
    The fragments of a discontinuous span share one level (the first fragment's).

    ``highlights`` ordered by ``(start16, -end16)`` (outer first); each gets the lowest
    level not used by a highlight still open at its start (greedy interval colouring),
    so a span nested in another draws its bar above the outer one's.
    """
    levels: dict[int, int] = {}
    active: list[tuple[int, int]] = []  # (end16, level)
    for h in highlights:
        active = [(e, lv) for e, lv in active if e > h.start16]
        if h.ann_id in levels:  # a later fragment of a discontinuous span
            active.append((h.end16, levels[h.ann_id]))
            continue
        used = {lv for _, lv in active}
        level = 0
        while level in used:
            level += 1
        levels[h.ann_id] = level
        active.append((h.end16, level))
    return levels


def _x(line: QTextLine, pos: int) -> float:
    """x of the caret at layout position ``pos`` (PySide returns ``(x, pos)``)."""
    res: Any = line.cursorToX(pos)
    return float(res[0] if isinstance(res, tuple) else res)


class AnnotatedTextView(QPlainTextEdit):
    """Shows one release's text; the editor selects spans by mouse or keyboard.

    Signals: ``labelRequested(str)`` when a label's key is pressed or its context-menu
    entry chosen (the window turns the current selection into an annotation);
    ``annotationClicked(int)`` when a plain click lands on a highlighted span (the
    innermost one); ``labelChangeRequested(str)`` when a label key is pressed with no text
    selected while an annotation is selected, or "Change label to" is chosen in the
    context menu (the window relabels the selected annotation);
    ``edgeDragged(int, str, int)`` (annotation id, ``"start"``/``"end"``, code-point gap)
    when a drag handle is released; ``fragmentRequested(int, int, int)`` when a
    Ctrl+drag selects text while an annotation is selected (the window adds it as a
    fragment: a discontinuous span).
    """

    labelRequested = Signal(str)
    annotationClicked = Signal(int)
    labelChangeRequested = Signal(str)
    edgeDragged = Signal(int, str, int)
    #: Ctrl+drag with an annotation selected: ``(annotation id, start, end)`` of the
    #: dragged-over text (code points, raw: the receiver snaps it), a fragment to add.
    fragmentRequested = Signal(int, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("releaseText")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setFont(text_font(max(11.0, QFont().pointSizeF() + 1)))
        self.document().setDocumentMargin(14)
        self._text = ""
        self._index = Utf16Index("")
        self._labels: dict[str, Label] = {}
        self._colors: dict[str, QColor] = {}
        self._keys: dict[str, str] = {}
        self._highlights: list[Highlight] = []
        self._starts: list[int] = []
        self._tips: dict[int, str] = {}
        self._current: int | None = None
        self._press_pos: QPoint | None = None
        #: the annotation a Ctrl+drag adds a fragment to (set at the press)
        self._fragment_for: int | None = None
        #: a handle being dragged: (annotation id, "start"/"end"), and where it is (UTF-16)
        self._drag: tuple[int, str] | None = None
        self._drag_pos16: int | None = None
        self.viewport().setMouseTracking(True)  # the resize cursor over a handle

    # -- content ------------------------------------------------------------------
    def set_labels(self, labels: Iterable[Label]) -> None:
        """Use this label schema for colours, bar order and keys (``Label.shortcut``)."""
        self._labels = {lab.name: lab for lab in labels}
        self._colors = {name: QColor(lab.color) for name, lab in self._labels.items()}
        self._keys = {
            lab.shortcut.upper(): lab.name for lab in self._labels.values() if lab.shortcut
        }
        self.viewport().update()

    def set_release_text(self, text: str) -> None:
        """Show ``text`` (a release's stored text) with no highlights."""
        self._highlights = []
        self._starts = []
        self._current = None
        self._drag, self._drag_pos16 = None, None
        self._text = text
        self._index = Utf16Index(text)
        self.setPlainText(text)
        if self.document().characterCount() - 1 != self._index.length_utf16:
            # Qt changed the text (it should not for plain text): refuse to mis-anchor.
            raise ValueError("the text view altered the release text; offsets would be wrong")

    @property
    def text(self) -> str:
        """The release text shown (code points; what annotation offsets index)."""
        return self._text

    @property
    def utf16_index(self) -> Utf16Index:
        return self._index

    def set_annotations(self, annotations: Iterable[Annotation]) -> None:
        """Highlight exactly these annotations (replacing any shown before)."""
        to16 = self._index.to_utf16
        annotations = list(annotations)
        # one highlight per piece: a discontinuous span paints its fragments, not the gap
        hl = [
            Highlight(a.id, a.label, to16(s), to16(e))
            for a in annotations
            if 0 <= a.start < a.end <= self._index.length
            for s, e in parts(a.start, a.end, a.fragments)
        ]
        hl.sort(key=lambda h: (h.start16, -h.end16, h.ann_id))  # outer first
        self._highlights = hl
        self._tips = {a.id: span_tooltip(a) for a in annotations if a.note}
        self._starts = [h.start16 for h in hl]
        if self._current is not None and all(h.ann_id != self._current for h in hl):
            self._current = None
        self.viewport().update()

    def highlights(self) -> list[Highlight]:
        """The highlights painted, ordered by position."""
        return list(self._highlights)

    def labels_at(self, cp: int) -> list[str]:
        """Labels of the annotations covering code point ``cp`` (outermost first)."""
        p = self._index.to_utf16(cp)
        return [h.label for h in self._highlights if h.start16 <= p < h.end16]

    def set_current_annotation(self, ann_id: int | None, *, scroll: bool = True) -> None:
        """Emphasise annotation ``ann_id`` (outline) and, with ``scroll``, bring it into view."""
        self._current = ann_id
        if ann_id is not None and scroll:
            for h in self._highlights:
                if h.ann_id == ann_id:
                    cur = QTextCursor(self.document())
                    cur.setPosition(h.start16)
                    self.setTextCursor(cur)
                    self.centerCursor()
                    break
        self.viewport().update()

    def current_annotation(self) -> int | None:
        return self._current

    # -- selection ------------------------------------------------------------------
    def selection_codepoints(self) -> tuple[int, int] | None:
        """The raw selection as code-point offsets ``(start, end)``, or None if nothing."""
        cur = self.textCursor()
        if not cur.hasSelection():
            return None
        to_cp = self._index.to_codepoint
        return to_cp(cur.selectionStart()), to_cp(cur.selectionEnd())

    def select_codepoints(self, start: int, end: int) -> None:
        """Select code points ``start..end`` (end-exclusive) and scroll to them."""
        cur = QTextCursor(self.document())
        cur.setPosition(self._index.to_utf16(start))
        cur.setPosition(self._index.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)
        self.ensureCursorVisible()

    def cursor_rect_at(self, cp: int) -> QRectF:
        """Viewport rectangle of the caret before code point ``cp`` (for tests, tooltips)."""
        cur = QTextCursor(self.document())
        cur.setPosition(self._index.to_utf16(cp))
        return QRectF(self.cursorRect(cur))

    # -- events ---------------------------------------------------------------------
    def keyPressEvent(self, e: QKeyEvent) -> None:
        mods = e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            name = self._keys.get(e.text().upper()) if e.text() else None
            if name is not None:
                e.accept()
                if self._current is not None and not self.textCursor().hasSelection():
                    self.labelChangeRequested.emit(name)
                else:
                    self.labelRequested.emit(name)
                return
        super().keyPressEvent(e)

    def mouseDoubleClickEvent(self, e: QMouseEvent) -> None:
        """Select the word under the mouse, by pibdesk's rule (letters + combining marks,
        so a Devanagari word keeps its vowel signs and viramas)."""
        super().mouseDoubleClickEvent(e)
        pos16 = self.cursorForPosition(e.position().toPoint()).position()
        cp = self._index.to_codepoint(min(pos16, self._index.length_utf16))
        span = word_at(self._text, cp)
        if span is not None:
            self.select_codepoints(*span)

    def mousePressEvent(self, e: QMouseEvent) -> None:
        if self._start_edge_drag(e):
            return
        self._press_pos = e.position().toPoint()
        ctrl = bool(e.modifiers() & Qt.KeyboardModifier.ControlModifier)
        self._fragment_for = self._current if ctrl and e.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(e)

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        if self._drag is not None:
            self._drag_pos16 = self._gap16_at(e.position().toPoint())
            self.viewport().update()
            e.accept()
            return
        if e.buttons() == Qt.MouseButton.NoButton:
            on_handle = self.handle_at(e.position().toPoint()) is not None
            self.viewport().setCursor(
                Qt.CursorShape.SizeHorCursor if on_handle else Qt.CursorShape.IBeamCursor
            )
        super().mouseMoveEvent(e)

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        if self._drag is not None:
            (ann_id, edge), pos16 = self._drag, self._gap16_at(e.position().toPoint())
            self._drag, self._drag_pos16 = None, None
            self.viewport().update()
            e.accept()
            self.edgeDragged.emit(ann_id, edge, self._index.to_codepoint(pos16))
            return
        super().mouseReleaseEvent(e)
        press, self._press_pos = self._press_pos, None
        target, self._fragment_for = self._fragment_for, None
        if target is not None and e.button() == Qt.MouseButton.LeftButton:
            raw = self.selection_codepoints()
            if raw is not None and raw[0] != raw[1]:
                self.fragmentRequested.emit(target, *raw)
                return
        if (
            e.button() == Qt.MouseButton.LeftButton
            and press is not None
            and (e.position().toPoint() - press).manhattanLength() < 4
            and not self.textCursor().hasSelection()
        ):
            hit = self.annotation_at_point(e.position().toPoint())
            if hit is not None:
                self.annotationClicked.emit(hit)

    def tooltip_at(self, point: QPoint) -> str | None:
        """The tooltip for a viewport point: the innermost annotation's label, quote and
        note, if that annotation has a note (spans without one show none: the list and
        the outline already say what they are)."""
        ann_id = self.annotation_at_point(point)
        return None if ann_id is None else self._tips.get(ann_id)

    def viewportEvent(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            tip = self.tooltip_at(e.pos())
            if tip:
                QToolTip.showText(e.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().viewportEvent(e)

    def annotation_at_point(self, point: QPoint) -> int | None:
        """The innermost annotation under a viewport point, or None."""
        cur = self.cursorForPosition(point)
        p = cur.position()
        # the caret position is the nearest gap; look at the character on either side
        best: Highlight | None = None
        for h in self._highlights:
            if h.start16 <= p <= h.end16:
                if best is None or (h.end16 - h.start16) < (best.end16 - best.start16):
                    best = h
        if best is None:
            return None
        # the point must be inside one of the span's rectangles, not merely near its gap
        if any(r.contains(point.toPointF()) for r in self.span_rects(best.start16, best.end16)):
            return best.ann_id
        return None

    def build_context_menu(self, pos: QPoint) -> QMenu:
        """The right-click menu at viewport point ``pos``: "Mark as <label>" (enabled when
        text is selected), then, with no text selected, "Change label to <label>" for the
        annotation under the mouse (which becomes the selected one) or else the selected
        one, above Qt's own Copy / Select All."""
        menu = self.createStandardContextMenu(pos)
        first = menu.actions()[0] if menu.actions() else None
        has_sel = self.textCursor().hasSelection()
        if not has_sel:
            hit = self.annotation_at_point(pos)
            if hit is not None and hit != self._current:
                self.annotationClicked.emit(hit)
            self._add_relabel_entries(menu, first)
        for name, lab in self._labels.items():
            act = QAction(f"Mark as {name}", menu)
            act.setObjectName(f"markAs{name}")
            if lab.shortcut:
                act.setShortcut(lab.shortcut)
            act.setEnabled(has_sel)
            act.triggered.connect(lambda _=False, n=name: self.labelRequested.emit(n))
            if first is None:
                menu.addAction(act)
            else:
                menu.insertAction(first, act)
        if first is not None:
            menu.insertSeparator(first)
        return menu

    def _add_relabel_entries(self, menu: QMenu, before: QAction | None) -> None:
        """"Change label to <label>" entries for the selected annotation (none if none)."""
        cur = next((h for h in self._highlights if h.ann_id == self._current), None)
        if cur is None:
            return
        for name, lab in self._labels.items():
            act = QAction(f"Change label to {name}", menu)
            act.setObjectName(f"changeLabelTo{name}")
            if lab.shortcut:
                act.setShortcut(lab.shortcut)
            act.setEnabled(name != cur.label)
            act.triggered.connect(lambda _=False, n=name: self.labelChangeRequested.emit(n))
            if before is None:
                menu.addAction(act)
            else:
                menu.insertAction(before, act)

    def contextMenuEvent(self, e: QContextMenuEvent) -> None:
        menu = self.build_context_menu(e.pos())
        menu.exec(e.globalPos())
        menu.deleteLater()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """Scroll; full-viewport overlay widgets (add-ons drawing over the text with
        :meth:`span_rects`) stay pinned at the viewport's origin. ``QWidget.scroll``
        would move them with the pixels, and their rectangles would then be off by the
        scroll distance."""
        super().scrollContentsBy(dx, dy)
        vp = self.viewport()
        for child in vp.children():
            if isinstance(child, QWidget) and child.size() == vp.size() and child.pos() != QPoint(0, 0):
                child.move(0, 0)
                child.update()

    # -- drag handles -----------------------------------------------------------------
    def _current_range16(self) -> tuple[Highlight, int, int] | None:
        """The current annotation's highlight and its shown range (a drag's preview)."""
        mine = [h for h in self._highlights if h.ann_id == self._current]
        if not mine:
            return None
        # the covering range: a discontinuous span's handles are at its first start and
        # its last end
        h = mine[0]
        a, b = min(x.start16 for x in mine), max(x.end16 for x in mine)
        if self._drag is not None and self._drag[0] == h.ann_id and self._drag_pos16 is not None:
            anchor = b if self._drag[1] == "start" else a
            a, b = sorted((self._drag_pos16, anchor))
        return h, a, b

    def handle_rects(self) -> dict[str, QRectF]:
        """Viewport rectangles of the selected annotation's drag handles, by edge
        (``"start"``, ``"end"``): the area that grabs the mouse, :data:`HANDLE_GRAB`
        pixels either side of the bar at the knob's third of the line (the top of the
        start's line, the bottom of the end's). Empty when no annotation is selected or
        its ends are out of view."""
        cur = self._current_range16()
        if cur is None:
            return {}
        _h, a, b = cur
        rects = self.span_rects(a, b)
        if not rects:
            return {}
        first, last = rects[0], rects[-1]
        g = HANDLE_GRAB
        # the knob's end of the bar only (top third for the start, bottom third for the
        # end), so a press at mid-line next to the span still starts a text selection
        out = {
            "start": QRectF(
                first.left() - 3 - g, first.top() - 2 * g, 2 * g, 2 * g + first.height() / 3
            ),
            "end": QRectF(
                last.right() + 3 - g, last.bottom() - last.height() / 3, 2 * g,
                2 * g + last.height() / 3,
            ),
        }
        vp = QRectF(self.viewport().rect())
        return {k: r for k, r in out.items() if vp.intersects(r)}

    def handle_at(self, point: QPoint) -> str | None:
        """The edge (``"start"``/``"end"``) whose handle is under viewport ``point``."""
        hits = [(abs(r.center().x() - point.x()), k) for k, r in self.handle_rects().items()
                if r.contains(QPointF(point))]
        return min(hits)[1] if hits else None

    def dragged_edge(self) -> tuple[int, str] | None:
        """The handle being dragged now, ``(annotation id, edge)``, or None."""
        return self._drag

    def _gap16_at(self, point: QPoint) -> int:
        """The UTF-16 caret gap nearest viewport ``point`` (never inside a surrogate pair)."""
        pos16 = min(self.cursorForPosition(point).position(), self._index.length_utf16)
        return self._index.to_utf16(self._index.to_codepoint(pos16))

    def _start_edge_drag(self, e: QMouseEvent) -> bool:
        """Begin dragging an end of the selected annotation: a left press on one of its
        handles, or an Alt+left press inside a span (selected first) near one of its
        ends (the nearer end, by code points). True if a drag began."""
        if e.button() != Qt.MouseButton.LeftButton:
            return False
        point = e.position().toPoint()
        mods = e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        edge = self.handle_at(point) if mods == Qt.KeyboardModifier.NoModifier else None
        if edge is None and mods == Qt.KeyboardModifier.AltModifier:
            hit = self.annotation_at_point(point)
            if hit is not None:
                if hit != self._current:
                    self.annotationClicked.emit(hit)
                    self._current = hit
                h = next(h for h in self._highlights if h.ann_id == hit)
                p = self._gap16_at(point)
                edge = "start" if p - h.start16 < h.end16 - p else "end"
        if edge is None or self._current is None:
            return False
        self._drag = (self._current, edge)
        self._drag_pos16 = None
        e.accept()
        return True

    def _paint_handles(self, painter: QPainter) -> None:
        cur = self._current_range16()
        if cur is None:
            return
        h, a, b = cur
        rects = self.span_rects(a, b)
        if not rects:
            return
        color = self._colors.get(h.label, QColor("#888888")).darker(140)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self._drag is not None and self._drag_pos16 is not None:
            pen = QPen(color, 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for r in rects:
                painter.drawRect(r.adjusted(-1, -1, 1, 1))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        k = HANDLE_KNOB
        # outside the outline (which takes 2 px around the span), reaching past the line
        # to the knob: above it at the start, below it at the end
        first, last = rects[0], rects[-1]
        for x, top, bottom, knob_y in (
            (first.left() - 3, first.top() - k, first.bottom(), first.top() - k),
            (last.right() + 3, last.top(), last.bottom() + k, last.bottom() + k),
        ):
            painter.drawRect(QRectF(x - 1.5, top, 3, bottom - top))
            painter.drawEllipse(QPointF(x, knob_y), k, k)

    # -- painting -------------------------------------------------------------------
    def span_rects(self, start16: int, end16: int) -> list[QRectF]:
        """Viewport rectangles covering UTF-16 range ``start16..end16``, one per line."""
        doc = self.document()
        offset = self.contentOffset()
        rects: list[QRectF] = []
        block = doc.findBlock(start16)
        while block.isValid() and block.position() < end16:
            layout = block.layout()
            bpos = block.position()
            a_local = max(start16, bpos) - bpos
            b_local = min(end16, bpos + block.length() - 1) - bpos
            if layout is not None and a_local < b_local:
                geo = self.blockBoundingGeometry(block).translated(offset)
                lp = layout.position()
                first = layout.lineForTextPosition(a_local).lineNumber()
                for i in range(max(0, first), layout.lineCount()):
                    line = layout.lineAt(i)
                    ls = line.textStart()
                    if ls >= b_local:
                        break
                    le = ls + line.textLength()
                    a, b = max(ls, a_local), min(le, b_local)
                    if a >= b:
                        continue
                    x1 = _x(line, a)
                    x2 = _x(line, b)
                    rects.append(
                        QRectF(
                            geo.left() + lp.x() + min(x1, x2),
                            geo.top() + lp.y() + line.y(),
                            abs(x2 - x1),
                            line.height(),
                        )
                    )
            block = block.next()
        return rects

    def _visible_range(self, top: float, bottom: float) -> tuple[int, int]:
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        first = block.position() if block.isValid() else 0
        last = first
        while block.isValid():
            geo = self.blockBoundingGeometry(block).translated(offset)
            if geo.top() > bottom:
                break
            last = block.position() + block.length()
            block = block.next()
        return first, last

    def paintEvent(self, e: QPaintEvent) -> None:
        if self._highlights:
            painter = QPainter(self.viewport())
            try:
                self._paint_highlights(painter, QRectF(e.rect()))
            finally:
                painter.end()
        super().paintEvent(e)
        if self._current is not None:
            painter = QPainter(self.viewport())
            try:
                self._paint_handles(painter)
            finally:
                painter.end()

    def _paint_highlights(self, painter: QPainter, area: QRectF) -> None:
        vis_start, vis_end = self._visible_range(area.top(), area.bottom())
        # spans starting before the visible end; of those, the ones ending after its start
        upto = bisect_left(self._starts, vis_end)
        visible = [h for h in self._highlights[:upto] if h.end16 > vis_start]
        if not visible:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        current_rects: list[tuple[QColor, list[QRectF]]] = []
        bars: list[tuple[QColor, int, list[QRectF]]] = []
        levels = bar_levels(visible)
        for h in visible:
            color = self._colors.get(h.label, QColor("#888888"))
            rects = self.span_rects(max(h.start16, vis_start), min(h.end16, vis_end))
            fill = QColor(color)
            fill.setAlpha(FILL_ALPHA)
            for r in rects:
                painter.fillRect(r, fill)
            bars.append((color, levels[h.ann_id], rects))
            if h.ann_id == self._current:
                current_rects.append((color, rects))
        for color, level, rects in bars:
            for r in rects:
                y = r.bottom() - BAR_HEIGHT - level * BAR_PITCH
                painter.fillRect(QRectF(r.left(), y, r.width(), BAR_HEIGHT), color)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for color, rects in current_rects:
            pen = QPen(color.darker(140), 2.0)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for r in rects:
                painter.drawRoundedRect(r.adjusted(-1, -1, 1, 1), 3, 3)
