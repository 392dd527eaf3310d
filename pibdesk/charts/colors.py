"""Chart colours that follow the window's light or dark palette.

A chart draws on ``paper`` (the palette's ``Base``, like the release text beside it) with
``ink`` (``Text``) for axes, ticks, titles and the legend, and ``muted``
(``PlaceholderText``) for notes. Series colours (Tableau 10) read on both. Exported
images always use :data:`LIGHT` (white paper, black ink), whatever the screen shows:
they go into documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class ChartColors:
    """Colours (``#rrggbb``) a chart paints with; ``band_*`` are the coverage band's bars."""

    paper: str
    ink: str
    muted: str
    band_all: str
    band_annotated: str

    @property
    def dark(self) -> bool:
        """True when the paper is darker than the ink."""
        return QColor(self.paper).lightness() < QColor(self.ink).lightness()


#: White paper, black ink: the light theme, and every exported image.
LIGHT = ChartColors("#ffffff", "#000000", "#444444", "#cccccc", "#3b5b7a")


def colors_for(widget: QWidget) -> ChartColors:
    """The chart colours for ``widget``'s current palette (light or dark)."""
    pal = widget.palette()
    paper = pal.color(QPalette.ColorRole.Base)
    ink = pal.color(QPalette.ColorRole.Text)
    if paper.lightness() >= ink.lightness():
        return LIGHT
    return ChartColors(
        paper.name(),
        ink.name(),
        pal.color(QPalette.ColorRole.PlaceholderText).name(),
        "#5a5a5a",
        "#8fb3d9",
    )


def ink_axes(colors: ChartColors, *plots: Any) -> None:
    """Draw the left and bottom axes (lines, ticks, labels) of pyqtgraph ``plots`` in ink."""
    for p in plots:
        for name in ("left", "bottom"):
            ax = p.getAxis(name)
            ax.setPen(colors.ink)
            ax.setTextPen(colors.ink)


def palette_changed(chart: QWidget, ev: QEvent) -> bool:
    """True when ``ev`` is a palette change that gives ``chart`` other colours than its
    ``colors`` (False while ``chart`` is still being built and has none)."""
    current = getattr(chart, "colors", None)
    return (
        ev.type() == QEvent.Type.PaletteChange
        and current is not None
        and colors_for(chart) != current
    )
