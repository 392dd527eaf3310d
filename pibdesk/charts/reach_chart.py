"""The reach chart: visitor counts per release over posted date, and one release's history.

Fed with a :class:`pibdesk.core.timeline.ReachData`; never queries anything. Top plot:
each release of the selection at its posted time (IST axis), height = its latest
Visitor Counter reading (PIB page element "Visitor Counter"). Clicking a release
emits :attr:`ReachChart.releasePicked`; the view then loads that release's recorded
counter history, drawn in the bottom plot over the time each reading was taken.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Signal

from pibdesk.charts.colors import LIGHT, ChartColors, colors_for, ink_axes, palette_changed
from pibdesk.charts.date_axis import (
    MAX_X_RANGE,
    MIN_X_RANGE,
    IstDateAxis,
    caption_bottom_axis,
)
from pibdesk.core.timeline import ReachData, ist_datetime

_COLOR = "#4e79a7"


class ReachChart(pg.GraphicsLayoutWidget):
    """Visitor counts per release (top) and the counter history of one release (bottom)."""

    #: A release mark was clicked: its ``release_pk``.
    releasePicked = Signal(int)

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.colors = LIGHT
        self.data: ReachData | None = None
        self.per_release: pg.PlotItem = self.addPlot(
            row=0, col=0, axisItems={"bottom": IstDateAxis()}
        )
        self.history: pg.PlotItem = self.addPlot(row=1, col=0, axisItems={"bottom": IstDateAxis()})
        for p in (self.per_release, self.history):
            p.showGrid(x=True, y=True, alpha=0.15)
            p.getViewBox().setLimits(minXRange=MIN_X_RANGE, maxXRange=MAX_X_RANGE)
            p.setMouseEnabled(x=True, y=False)
        self.per_release.setLabel("left", "visitors")
        caption_bottom_axis(self.per_release, "posted date (IST)")
        self.history.setLabel("left", "visitor counter")
        caption_bottom_axis(self.history, "reading taken (IST)")
        self._scatter: pg.ScatterPlotItem | None = None
        self.apply_colors()

    def apply_colors(self, colors: ChartColors | None = None) -> None:
        """Paint with ``colors`` (default: the widget's palette, see
        :func:`pibdesk.charts.colors.colors_for`) and redraw the data with them."""
        self.colors = colors or colors_for(self)
        self.setBackground(self.colors.paper)
        ink_axes(self.colors, self.per_release, self.history)
        if self.data is not None:  # titles in the new ink, at the same zoom
            ranges = [p.viewRange()[0] for p in (self.per_release, self.history)]
            self.set_data(self.data)
            for p, (x0, x1) in zip((self.per_release, self.history), ranges, strict=True):
                p.setXRange(x0, x1, padding=0)

    def changeEvent(self, ev: QEvent) -> None:
        """Follow a theme change (light/dark) of the window."""
        super().changeEvent(ev)
        if palette_changed(self, ev):
            self.apply_colors()

    def set_data(self, data: ReachData) -> None:
        """Draw ``data`` (both plots)."""
        self.data = data
        p = self.per_release
        p.clear()
        n = len(data.x)
        p.setTitle(
            f"Visitors per release ({n} release{'s' if n != 1 else ''} with a counter reading)"
            " — click one for its history",
            color=self.colors.ink,
        )
        self._scatter = None
        if n:
            self._scatter = pg.ScatterPlotItem(
                x=data.x,
                y=data.visitors.astype(np.float64),
                data=np.arange(n),
                symbol="o",
                size=8,
                brush=_COLOR,
                pen=None,
                hoverable=True,
                hoverSize=12,
                tip=self._tip,
            )
            self._scatter.sigClicked.connect(self._clicked)
            p.addItem(self._scatter)
            self._fit(p, data.x)
        h = self.history
        h.clear()
        if data.history_release_pk is None:
            h.setTitle("Visitor counter history: click a release above", color=self.colors.ink)
            return
        m = len(data.history_x)
        h.setTitle(
            f"Visitor counter history: {data.history_title} ({m} reading{'s' if m != 1 else ''})",
            color=self.colors.ink,
        )
        if m:
            h.addItem(
                pg.PlotDataItem(
                    data.history_x,
                    data.history_count.astype(np.float64),
                    pen=pg.mkPen(_COLOR, width=2),
                    symbol="o",
                    symbolSize=7,
                    symbolBrush=_COLOR,
                    symbolPen=None,
                )
            )
            self._fit(h, data.history_x)

    @staticmethod
    def _fit(plot: pg.PlotItem, x: np.ndarray) -> None:
        lo, hi = float(x.min()), float(x.max())
        pad = max((hi - lo) * 0.05, 43200.0)
        plot.setXRange(lo - pad, hi + pad, padding=0)
        plot.enableAutoRange(axis="y")

    def _tip(self, x: float, y: float, data: int) -> str:
        assert self.data is not None
        i = int(data)
        when = ist_datetime(float(self.data.x[i])).strftime("%d %b %Y, %H:%M IST")
        return f"{self.data.titles[i]}\n{when} · {int(self.data.visitors[i]):,} visitors"

    def _clicked(self, item: pg.ScatterPlotItem, points: Sequence[object], ev: object) -> None:
        if self.data is not None and len(points):
            self.releasePicked.emit(int(self.data.release_pk[int(points[0].data())]))  # type: ignore[attr-defined]

    def mark_scene_pos(self, index: int) -> QPointF:
        """Scene position of release mark ``index`` (tests)."""
        assert self.data is not None
        return self.per_release.getViewBox().mapViewToScene(
            QPointF(float(self.data.x[index]), float(self.data.visitors[index]))
        )

    def export(self, path: str | os.PathLike[str], width: int = 1600) -> None:
        """Write both plots as PNG or SVG, by suffix."""
        from pibdesk.charts.export import export_chart

        export_chart(self, path, width)
