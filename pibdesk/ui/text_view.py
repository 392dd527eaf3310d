"""The read-only release text with annotation highlights (objectName ``releaseText``).

Highlights are painted by the view itself, under the glyphs, for the visible blocks
only (the idea of Frescobaldi's ``gadgets/arbitraryhighlighter.py``, without
``QTextEdit.ExtraSelection`` objects): each annotation gets a translucent fill in its
label colour plus an underline bar stacked by label, so nested and overlapping spans
stay visible (the overlap shows both fills blended and both bars: a span nested in or
overlapping another gets its bar one level up, levels assigned like interval colouring). Painting cost grows
with the annotations on screen, not with all annotations of the release.

Positions: the document holds the release text unchanged, so a Qt cursor position is
a UTF-16 offset into it; every conversion to pibdesk's code-point offsets goes through
:class:`pibdesk.core.offsets.Utf16Index`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextCursor,
    QTextLine,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QWidget

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


@dataclass(frozen=True)
class Highlight:
    """One painted annotation: its id, label and UTF-16 range in the document."""

    ann_id: int
    label: str
    start16: int
    end16: int


def bar_levels(highlights: list[Highlight]) -> dict[int, int]:
    """The underline level of each highlight (by id): 0 unless it overlaps an earlier one.

    ``highlights`` ordered by ``(start16, -end16)`` (outer first); each gets the lowest
    level not used by a highlight still open at its start (greedy interval colouring),
    so a span nested in another draws its bar above the outer one's.
    """
    levels: dict[int, int] = {}
    active: list[tuple[int, int]] = []  # (end16, level)
    for h in highlights:
        active = [(e, lv) for e, lv in active if e > h.start16]
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
    innermost one).
    """

    labelRequested = Signal(str)
    annotationClicked = Signal(int)

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
        self._current: int | None = None
        self._press_pos: QPoint | None = None

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
        hl = [
            Highlight(a.id, a.label, to16(a.start), to16(a.end))
            for a in annotations
            if 0 <= a.start < a.end <= self._index.length
        ]
        hl.sort(key=lambda h: (h.start16, -h.end16, h.ann_id))  # outer first
        self._highlights = hl
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
        self._press_pos = e.position().toPoint()
        super().mousePressEvent(e)

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        super().mouseReleaseEvent(e)
        press, self._press_pos = self._press_pos, None
        if (
            e.button() == Qt.MouseButton.LeftButton
            and press is not None
            and (e.position().toPoint() - press).manhattanLength() < 4
            and not self.textCursor().hasSelection()
        ):
            hit = self.annotation_at_point(e.position().toPoint())
            if hit is not None:
                self.annotationClicked.emit(hit)

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
        text is selected) above Qt's own Copy / Select All."""
        menu = self.createStandardContextMenu(pos)
        first = menu.actions()[0] if menu.actions() else None
        has_sel = self.textCursor().hasSelection()
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
