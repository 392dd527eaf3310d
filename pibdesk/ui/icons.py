"""Icons from ``resources/icons/*.svg``, drawn sharp at any size and in the palette's colour.

Action icons are drawn in ``#202124`` (:data:`INK`); :func:`icon` swaps that for the
current palette's text colour, so the same SVG reads on the light and the dark look.
The SVG is rendered by :class:`SvgIconEngine` at the exact device-pixel size Qt asks
for, so icons stay crisp on high-DPI screens (no scaled bitmaps).
Label icons (:func:`label_icon`) are a white glyph on a rounded chip of the label's
colour: Person, Statement and Topic have their own glyph, any other label a tag.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer

from pibdesk.config import resources_dir

#: The colour action icons are drawn in; replaced by the palette's text colour.
INK = "#202124"
#: Glyph file per label name (lower-case); others use ``label-other.svg``.
LABEL_GLYPHS = {"person": "label-person", "statement": "label-statement", "topic": "label-topic"}


def icons_dir() -> str:
    """``resources/icons`` in a checkout or a frozen bundle."""
    return str(resources_dir() / "icons")


@cache
def _svg_text(name: str) -> str:
    with open(f"{icons_dir()}/{name}.svg", encoding="utf-8") as f:
        return f.read()


class SvgIconEngine(QIconEngine):
    """Renders an SVG at whatever size is asked; ``chip`` draws a coloured rounded square
    behind it. A disabled icon is drawn at 40% opacity."""

    def __init__(self, svg: str, chip: QColor | None = None) -> None:
        super().__init__()
        self._svg = svg
        self._chip = chip
        self._renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if mode == QIcon.Mode.Disabled:
            painter.setOpacity(0.4)
        r = QRectF(rect)
        if self._chip is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._chip)
            radius = r.width() * 0.22
            painter.drawRoundedRect(r, radius, radius)
            m = r.width() * 0.18
            r = r.adjusted(m, m, -m, -m)
        self._renderer.render(painter, r)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pm = QPixmap(size)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        self.paint(p, QRect(QPoint(0, 0), size), mode, state)
        p.end()
        return pm

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pm = self.pixmap(QSize(round(size.width() * scale), round(size.height() * scale)), mode, state)
        pm.setDevicePixelRatio(scale)
        return pm

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self._svg, self._chip)


def ink_color() -> QColor:
    """The palette's text colour (what action icons are drawn in)."""
    app = QGuiApplication.instance()
    if app is None:
        return QColor(INK)
    return QGuiApplication.palette().color(QPalette.ColorRole.WindowText)


def icon(name: str, color: QColor | str | None = None) -> QIcon:
    """The action icon ``resources/icons/<name>.svg`` in ``color`` (default: palette text).

    Raises ``FileNotFoundError`` for an unknown name.
    """
    c = QColor(color) if color is not None else ink_color()
    svg = _svg_text(name).replace(INK, c.name())
    return QIcon(SvgIconEngine(svg))


def label_icon(name: str, color: str) -> QIcon:
    """A label's chip: its glyph in white on a rounded square of ``color`` (``#rrggbb``)."""
    glyph = LABEL_GLYPHS.get(name.casefold(), "label-other")
    svg = _svg_text(glyph).replace(INK, "#ffffff")
    return QIcon(SvgIconEngine(svg, chip=QColor(color)))


def app_icon() -> QIcon:
    """The application icon: the SVG (any size) plus the rendered PNGs as fallbacks."""
    ic = QIcon(f"{icons_dir()}/pibdesk.svg")
    for n in (16, 24, 32, 48, 64, 128, 256):
        ic.addFile(f"{icons_dir()}/pibdesk-{n}.png", QSize(n, n))
    return ic
