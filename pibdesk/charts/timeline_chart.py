"""The engagement timeline chart: events or counts per series, a legend, a coverage band.

Fed with a :class:`pibdesk.core.timeline.TimelineData` (plain arrays); never queries
anything. x is posted time in POSIX seconds, labelled in IST by :class:`IstDateAxis`.

* **events** mode: one lane per series (y = series index), one mark per release,
  shaped by kind (statement ▲, mention ●, other engagement ✕) and coloured by series.
  Hovering a mark shows the release title, its IST posting time and the annotated words;
  clicking it emits :attr:`TimelineChart.releaseActivated` ``(release_pk, annotation_id)``.
* **counts** mode: per bucket, bars (side by side per series) or lines; hovering shows
  the bucket's numbers, clicking a bar (or near a line point) emits
  :attr:`TimelineChart.bucketActivated` ``(series index, bucket index)``.
* Under the date axis a coverage band shows, per bucket, the releases imported (light)
  and the annotated ones (dark), so a gap in coverage is not read as a gap in engagement.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QSizePolicy

from pibdesk.charts.colors import LIGHT, ChartColors, colors_for, ink_axes, palette_changed
from pibdesk.charts.date_axis import (
    MAX_X_RANGE,
    MIN_X_RANGE,
    IstDateAxis,
    caption_bottom_axis,
)
from pibdesk.core.timeline import (
    Bucket,
    EngagementKind,
    TimelineData,
    ist_datetime,
)

#: Series colours (Tableau 10, colour-blind friendly enough for up to ~6 series).
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)

#: Mark shape per kind (pyqtgraph symbol names).
SYMBOLS = {
    EngagementKind.STATEMENT: "t1",  # triangle up
    EngagementKind.MENTION: "o",
    EngagementKind.OTHER: "x",
}

EVENTS, COUNTS = "events", "counts"
BARS, LINES = "bars", "lines"

_BUCKET_WORDS = {
    Bucket.DAY: "day",
    Bucket.WEEK: "week (Mon–Sun)",
    Bucket.MONTH: "month",
    Bucket.YEAR: "year",
}


def series_color(i: int) -> str:
    """The colour of series ``i`` (cycles through :data:`PALETTE`)."""
    return PALETTE[i % len(PALETTE)]


def integer_tick_step(top: float, most: int = 6) -> int:
    """A whole-number tick spacing (1, 2, 5, 10, 20, 50, ...) giving at most ``most``
    intervals from 0 to ``top``: release counts have no halves (``0.5``, ``1.5``)."""
    step = 1
    while top / step > most:
        step = step * 2 if str(step)[0] in "15" else step * 5 // 2  # 1 -> 2 -> 5 -> 10
    return step


def _fmt_time(x: float) -> str:
    return ist_datetime(x).strftime("%d %b %Y, %H:%M IST")


def _fmt_bucket(x: float, bucket: Bucket) -> str:
    d = ist_datetime(x)
    if bucket is Bucket.YEAR:
        return d.strftime("%Y")
    if bucket is Bucket.MONTH:
        return d.strftime("%b %Y")
    if bucket is Bucket.WEEK:
        return "week of " + d.strftime("%d %b %Y")
    return d.strftime("%d %b %Y")


class TimelineChart(pg.GraphicsLayoutWidget):
    """Timeline of picked series over posted date (IST), with a coverage band.

    Call :meth:`set_data`; export with :func:`pibdesk.charts.export.export_chart`.
    """

    #: A mark was clicked: ``(release_pk, annotation_id)``.
    releaseActivated = Signal(int, int)
    #: A bar (or line point) was clicked: ``(series index, bucket index)``.
    bucketActivated = Signal(int, int)

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.colors = LIGHT
        self.data: TimelineData | None = None
        self.mode = EVENTS
        self.style = BARS
        self._scatters: list[pg.ScatterPlotItem] = []
        self._bar_geometry: list[tuple[np.ndarray, np.ndarray]] = []  # per series: x0, x1

        self.plot: pg.PlotItem = self.addPlot(row=0, col=0, axisItems={"bottom": IstDateAxis()})
        self.band: pg.PlotItem = self.addPlot(row=1, col=0)
        self.ci.layout.setRowStretchFactor(0, 6)
        self.ci.layout.setRowStretchFactor(1, 1)
        self.band.setMaximumHeight(90)
        self.band.setXLink(self.plot)
        self.band.hideAxis("bottom")
        self.band.setMouseEnabled(x=True, y=False)
        self.band.setLabel("left", "coverage")
        for p in (self.plot, self.band):
            p.getViewBox().setLimits(minXRange=MIN_X_RANGE, maxXRange=MAX_X_RANGE)
        caption_bottom_axis(self.plot, "posted date (IST)")
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        # the legend sits in its own column, right of the plot, never over the marks
        self.legend = pg.LegendItem(labelTextColor=LIGHT.ink, labelTextSize="10pt")
        side = self.addLayout(row=0, col=1)
        side.addItem(self.legend, row=0, col=0)
        side.addLabel("", row=1, col=0)  # takes the rest of the height
        side.layout.setRowStretchFactor(1, 100)
        self.legend.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        side.setMaximumWidth(190)
        self.ci.layout.setColumnStretchFactor(0, 20)
        self.band_note = pg.TextItem(
            "releases imported (grey) · annotated (blue)", color=LIGHT.muted, anchor=(0, 0)
        )
        self.band.addItem(self.band_note, ignoreBounds=True)
        self.apply_colors()
        self.scene().sigMouseClicked.connect(self._scene_clicked)
        self.scene().sigMouseMoved.connect(self._scene_moved)

    # -- colours -------------------------------------------------------------------
    def apply_colors(self, colors: ChartColors | None = None) -> None:
        """Paint with ``colors`` (default: the widget's palette, see
        :func:`pibdesk.charts.colors.colors_for`) and redraw the data with them."""
        self.colors = colors or colors_for(self)
        c = self.colors
        self.setBackground(c.paper)
        ink_axes(c, self.plot, self.band)
        self.legend.setLabelTextColor(c.ink)
        self.band_note.setColor(c.muted)
        if self.data is not None:  # redrawn in the new colours, at the same zoom
            x0, x1 = self.plot.viewRange()[0]
            self.set_data(self.data, self.mode, self.style)
            self.plot.setXRange(x0, x1, padding=0)

    def changeEvent(self, ev: QEvent) -> None:
        """Follow a theme change (light/dark) of the window."""
        super().changeEvent(ev)
        if palette_changed(self, ev):
            self.apply_colors()

    # -- data ----------------------------------------------------------------------
    def set_data(self, data: TimelineData, mode: str = EVENTS, style: str = BARS) -> None:
        """Draw ``data`` in ``mode`` (``"events"``/``"counts"``) and ``style``
        (``"bars"``/``"lines"``, counts only). Raises ``ValueError`` for an unknown mode."""
        if mode not in (EVENTS, COUNTS) or style not in (BARS, LINES):
            raise ValueError(f"unknown timeline mode/style {mode!r}/{style!r}")
        self.data, self.mode, self.style = data, mode, style
        self.plot.clear()
        self.legend.clear()
        self._scatters = []
        self._bar_geometry = []
        self.plot.setToolTip("")
        if mode == EVENTS:
            self._draw_events(data)
        else:
            self._draw_counts(data, style)
        self._draw_band(data)
        self.plot.setTitle(self.title_text(), color=self.colors.ink, size="11pt")
        self.fit()

    def title_text(self) -> str:
        """The chart title: series, mode, bucket and the time zone."""
        d = self.data
        if d is None:
            return ""
        names = ", ".join(s.name for s in d.specs) or "no series picked"
        if self.mode == EVENTS:
            what = "one mark per release"
        else:
            unit = "share of releases imported" if d.normalised else "releases"
            what = f"{unit} per {_BUCKET_WORDS[d.bucket]}"
        return f"{names} — {what}"

    def fit(self) -> None:
        """Zoom to all data (series and coverage)."""
        d = self.data
        if d is None:
            return
        # events: the marks (coverage elsewhere stays reachable by zooming out); counts: all buckets
        marks = [e.x for e in d.events if len(e)] if self.mode == EVENTS else []
        xs = marks or [d.coverage.x, d.coverage.x_end]
        allx = np.concatenate([a for a in xs if len(a)]) if any(len(a) for a in xs) else None
        if allx is None:
            return
        lo, hi = float(allx.min()), float(allx.max())
        pad = max((hi - lo) * 0.03, 43200.0)
        self.plot.setXRange(lo - pad, hi + pad, padding=0)
        self.plot.enableAutoRange(axis="y")

    def _draw_events(self, data: TimelineData) -> None:
        n = len(data.events)
        for i, ev in enumerate(data.events):
            color = series_color(i)
            # the legend: one entry per series (its colour)
            self.legend.addItem(
                pg.ScatterPlotItem(symbol="s", brush=color, pen=None, size=10), ev.spec.name
            )
            for kind in EngagementKind:
                sel = np.flatnonzero(ev.kind == int(kind))
                if not len(sel):
                    continue
                item = pg.ScatterPlotItem(
                    x=ev.x[sel],
                    y=np.full(len(sel), float(i)),
                    data=sel,  # index into the series; the lane (y) names the series
                    symbol=SYMBOLS[kind],
                    size=11,
                    brush=pg.mkBrush(color),
                    pen=pg.mkPen(QColor(color).darker(150), width=1),
                    hoverable=True,
                    hoverSize=15,
                    # no per-item tip: each kind is its own item, and pyqtgraph lets an
                    # item with no point under the cursor clear the tip another item set;
                    # _scene_moved builds one tip from every item instead
                    tip=None,
                )
                item.sigClicked.connect(self._mark_clicked)
                self.plot.addItem(item)
                self._scatters.append(item)
        for kind in EngagementKind:
            self.legend.addItem(
                pg.ScatterPlotItem(symbol=SYMBOLS[kind], brush="#777", pen="#333", size=10),
                kind.word,
            )
        left = self.plot.getAxis("left")
        names = [(float(i), e.spec.name) for i, e in enumerate(data.events)]
        left.setTicks([names, []])
        # room for the lane names (the axis only widens after a paint otherwise)
        fm = QFontMetrics(left.style["tickFont"] or QFont())
        left.setWidth(max((fm.horizontalAdvance(n) for _, n in names), default=20) + 20)
        self.plot.setLabel("left", "")
        self.plot.setYRange(-0.7, max(n, 1) - 0.3, padding=0)
        self.plot.setMouseEnabled(x=True, y=False)

    def _event_tip(self, x: float, y: float, data: int) -> str:
        assert self.data is not None
        i, j = int(round(y)), int(data)
        ev = self.data.events[i]
        kind = EngagementKind(int(ev.kind[j])).word
        words = ev.words[j] or "—"
        return f"{ev.titles[j]}\n{_fmt_time(float(ev.x[j]))} · {ev.spec.name}: {kind}\n“{words}”"

    def _draw_counts(self, data: TimelineData, style: str) -> None:
        cov = data.coverage
        n = max(len(data.counts), 1)
        width = cov.x_end - cov.x
        left = self.plot.getAxis("left")
        left.setTicks(None)
        left.setWidth(None)
        if data.normalised:
            left.setTickSpacing()  # shares: pyqtgraph's own (fractional) steps
        else:
            top = max((float(c.value.max()) for c in data.counts if len(c.value)), default=0.0)
            left.setTickSpacing(levels=[(float(integer_tick_step(top)), 0.0)])
        self.plot.setLabel("left", "share of releases" if data.normalised else "releases engaging")
        for i, s in enumerate(data.counts):
            color = series_color(i)
            if style == BARS:
                x0 = cov.x + width * (0.05 + 0.9 * i / n)
                x1 = x0 + width * 0.9 / n
                item = pg.BarGraphItem(
                    x0=x0, x1=x1, height=s.value, brush=color, pen=pg.mkPen(color)
                )
                self._bar_geometry.append((x0, x1))
            else:
                mid = (cov.x + cov.x_end) / 2
                # break the line where buckets have no releases (a gap in coverage)
                connect = np.append(cov.x[1:] <= cov.x_end[:-1] + 1.0, False)
                item = pg.PlotDataItem(
                    mid,
                    s.value,
                    connect=connect,
                    pen=pg.mkPen(color, width=2),
                    symbol="o",
                    symbolSize=5,
                    symbolBrush=color,
                    symbolPen=None,
                )
                self._bar_geometry.append((cov.x, cov.x_end))
            self.plot.addItem(item)
            self.legend.addItem(item, s.spec.name)
        self.plot.setMouseEnabled(x=True, y=False)

    def _draw_band(self, data: TimelineData) -> None:
        self.band.clear()
        cov = data.coverage
        if len(cov):
            self.band.addItem(
                pg.BarGraphItem(
                    x0=cov.x, x1=cov.x_end, height=cov.releases,
                    brush=self.colors.band_all, pen=self.colors.band_all
                )
            )
            self.band.addItem(
                pg.BarGraphItem(
                    x0=cov.x, x1=cov.x_end, height=cov.annotated,
                    brush=self.colors.band_annotated, pen=self.colors.band_annotated
                )
            )
            top = float(cov.releases.max())
            self.band.getAxis("left").setTicks([[(0.0, "0"), (top, str(int(top)))], []])
            self.band.setYRange(0, top * 1.45, padding=0)
            self.band_note.setPos(float(cov.x[0]), top * 1.45)
        self.band.addItem(self.band_note, ignoreBounds=True)

    # -- mouse ---------------------------------------------------------------------
    def _mark_clicked(self, item: pg.ScatterPlotItem, points: Sequence[object], ev: object) -> None:
        if self.data is None or not len(points):
            return
        pt = points[0]
        i, j = int(round(pt.pos().y())), int(pt.data())  # type: ignore[attr-defined]
        es = self.data.events[i]
        self.releaseActivated.emit(int(es.release_pk[j]), int(es.annotation_id[j]))

    def bucket_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        """``(series index, bucket index)`` under a scene position in counts mode, else None."""
        if self.data is None or self.mode != COUNTS:
            return None
        vb = self.plot.getViewBox()
        if not vb.sceneBoundingRect().contains(scene_pos):
            return None
        p = vb.mapSceneToView(scene_pos)
        x, y = p.x(), p.y()
        best: tuple[float, int, int] | None = None
        for i, (x0, x1) in enumerate(self._bar_geometry):
            hits = np.flatnonzero((x0 <= x) & (x < x1))
            if not len(hits):
                continue
            k = int(hits[0])
            value = float(self.data.counts[i].value[k])
            if self.style == BARS:
                if 0 <= y <= max(value, 0.0) or value == 0:
                    return i, k
            else:
                dist = abs(value - y)
                if best is None or dist < best[0]:
                    best = (dist, i, k)
        return None if best is None else (best[1], best[2])

    def _events_tip(self, scene_pos: QPointF) -> None:
        """Tooltip of the event marks under ``scene_pos`` (all kinds), or none."""
        vb = self.plot.getViewBox()
        view_pos = vb.mapSceneToView(scene_pos)
        tips = []
        for item in self._scatters:
            for pt in item.pointsAt(view_pos):
                tips.append(self._event_tip(pt.pos().x(), pt.pos().y(), pt.data()))
        vb.setToolTip("\n\n".join(tips[:5]) + (f"\n\n({len(tips) - 5} others…)" if len(tips) > 5 else ""))

    def _scene_clicked(self, ev: object) -> None:
        if self.mode != COUNTS or ev.button() != Qt.MouseButton.LeftButton:  # type: ignore[attr-defined]
            return
        hit = self.bucket_at(ev.scenePos())  # type: ignore[attr-defined]
        if hit is not None and self.data is not None and self.data.counts[hit[0]].count[hit[1]]:
            self.bucketActivated.emit(*hit)

    def _scene_moved(self, pos: QPointF) -> None:
        if self.mode == EVENTS:
            self._events_tip(pos)
            return
        hit = self.bucket_at(pos)
        if hit is None:
            if self.mode == COUNTS:
                self.plot.getViewBox().setToolTip("")
            return
        assert self.data is not None
        i, k = hit
        s, cov = self.data.counts[i], self.data.coverage
        share = (
            f" ({s.count[k] / cov.releases[k]:.0%} of {cov.releases[k]} imported)"
            if cov.releases[k]
            else ""
        )
        self.plot.getViewBox().setToolTip(
            f"{s.spec.name} · {_fmt_bucket(float(cov.x[k]), self.data.bucket)}\n"
            f"{s.count[k]} releases{share}, {s.annotations[k]} annotations\n"
            "click to list the releases"
        )

    # -- positions (tests, keyboard) -----------------------------------------------
    def mark_scene_pos(self, series: int, index: int) -> QPointF:
        """Scene position of event mark ``index`` of series ``series`` (events mode)."""
        assert self.data is not None
        x = float(self.data.events[series].x[index])
        return self.plot.getViewBox().mapViewToScene(QPointF(x, float(series)))

    def bar_scene_pos(self, series: int, bucket: int) -> QPointF:
        """Scene position of the middle of a bar (counts mode, bars)."""
        assert self.data is not None
        x0, x1 = self._bar_geometry[series]
        y = float(self.data.counts[series].value[bucket]) / 2
        return self.plot.getViewBox().mapViewToScene(QPointF(float(x0[bucket] + x1[bucket]) / 2, y))

    def export(self, path: str | os.PathLike[str], width: int = 1600) -> None:
        """Write the chart (plot, legend, coverage band) as PNG or SVG, by suffix."""
        from pibdesk.charts.export import export_chart

        export_chart(self, path, width)
