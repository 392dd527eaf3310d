"""A date axis whose ticks and labels are in IST (+05:30), before 1970 too.

pyqtgraph's :class:`~pyqtgraph.DateAxisItem` takes POSIX seconds. Its ``utcOffset``
is in seconds *west* of UTC (label = ``utcfromtimestamp(x - utcOffset)``, the sign of
``time.timezone``), so IST is ``utcOffset = -19800``. It places whole-hour ticks with
the *machine's* local zone (``offsetToLocalHour``), which puts them at hh:30 IST on a
UTC machine; :class:`IstDateAxis` shifts every tick level by the fixed offset instead,
so day, month, year and hour ticks sit on IST boundaries on any machine.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems import DateAxisItem as _dai
from PySide6.QtGui import QFont, QFontMetrics

from pibdesk.core.timeline import IST_OFFSET_S

#: Narrowest view the timeline zooms to (seconds): one hour.
MIN_X_RANGE = 3600.0
#: Widest view (seconds): a century.
MAX_X_RANGE = 100 * 365.25 * 86400


class _FixedOffsetZoomLevel(_dai.ZoomLevel):
    """A zoom level that moves UTC tick grids by a fixed offset (no DST, any machine zone)."""

    def extendTimeRangeForSpacing(self, spacing, minVal, maxVal):  # type: ignore[no-untyped-def]
        off = abs(self.utcOffset or 0)
        return minVal - off, maxVal + off

    def moveTicksToLocalTimeCoords(self, ticks, spacing, skipFactor):  # type: ignore[no-untyped-def]
        if len(ticks) == 0:
            return ticks
        # a UTC grid of k*step shifted by the offset is the local grid of k*step
        return np.asarray(ticks, dtype=np.float64) + float(self.utcOffset or 0)


def _copy(level: _dai.ZoomLevel) -> _FixedOffsetZoomLevel:
    return _FixedOffsetZoomLevel(level.tickSpecs, level.exampleText)


class IstDateAxis(pg.DateAxisItem):
    """A bottom date axis for POSIX-second x values, labelled in IST (see module doc)."""

    def __init__(self, orientation: str = "bottom", **kwargs: object) -> None:
        super().__init__(orientation, utcOffset=-IST_OFFSET_S, **kwargs)
        levels: OrderedDict[float, _dai.ZoomLevel] = self.zoomLevels  # type: ignore[has-type]
        self.zoomLevels = OrderedDict((k, _copy(v)) for k, v in levels.items())
        # tickValues() needs font metrics before the first paint (tests, exports)
        self.fontMetrics = QFontMetrics(QFont())

    def labels_for(self, x_min: float, x_max: float, width_px: float) -> list[tuple[float, str]]:
        """``(x, label)`` of every tick drawn for the range ``[x_min, x_max]`` on
        ``width_px`` pixels, coarse levels first (used by tests and for checking)."""
        out: list[tuple[float, str]] = []
        for spacing, values in self.tickValues(x_min, x_max, width_px):
            inside = [v for v in values if x_min <= v <= x_max]
            out.extend(zip(inside, self.tickStrings(inside, 1.0, spacing), strict=True))
        return out


def range_caption(x_min: float, x_max: float) -> str:
    """``"2 Sep 2019 – 10 Sep 2019"``: the IST dates of a visible x range, so a view
    whose ticks show only days ("03", "04") still tells the month and year."""
    from pibdesk.core.timeline import ist_datetime

    try:
        a, b = ist_datetime(x_min), ist_datetime(x_max)
    except (OverflowError, ValueError):
        return ""
    fmt = "%d %b %Y, %H:%M" if x_max - x_min < 2 * 86400 else "%d %b %Y"
    return f"{a.strftime(fmt).lstrip('0')} – {b.strftime(fmt).lstrip('0')}"


def caption_bottom_axis(plot: pg.PlotItem, base: str) -> None:
    """Keep ``plot``'s bottom axis label as ``"<base>: <visible IST range>"``."""

    def update(*_args: object) -> None:
        lo, hi = plot.getViewBox().viewRange()[0]
        caption = range_caption(lo, hi)
        plot.setLabel("bottom", f"{base}: {caption}" if caption else base)

    plot.sigXRangeChanged.connect(update)
    update()
