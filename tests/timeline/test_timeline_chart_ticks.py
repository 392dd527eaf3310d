"""Counts-mode y axis: whole-number ticks for release counts, pyqtgraph's own for shares."""

from __future__ import annotations

from typing import Any

from timeline_data import TimelineFixture

from pibdesk.charts.timeline_chart import TimelineChart, integer_tick_step
from pibdesk.core.timeline import Bucket
from pibdesk.services.timeline import TimelineService


def _ticks(qtbot: Any, tl: TimelineFixture, normalised: bool) -> list[float]:
    svc = TimelineService(tl.db)
    data = svc.timeline(svc.resolve(["Narendra Modi"]), Bucket.WEEK, normalised=normalised)
    chart = TimelineChart()
    qtbot.addWidget(chart)
    chart.resize(1200, 700)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_data(data, mode="counts", style="bars")
    qtbot.wait(20)
    ax = chart.plot.getAxis("left")
    lo, hi = chart.plot.viewRange()[1]
    assert ax.height() > 300  # room enough that pyqtgraph alone would draw 0.5 steps
    return [v for _spacing, values in ax.tickValues(lo, hi, ax.height()) for v in values]


def test_release_counts_get_whole_number_ticks(qtbot: Any, tl: TimelineFixture) -> None:
    ticks = _ticks(qtbot, tl, normalised=False)  # weekly counts 0..3
    assert ticks and all(float(v).is_integer() for v in ticks), ticks
    assert {0.0, 1.0, 2.0, 3.0} <= set(ticks)


def test_shares_keep_fractional_ticks(qtbot: Any, tl: TimelineFixture) -> None:
    ticks = _ticks(qtbot, tl, normalised=True)  # shares 0..1
    assert any(not float(v).is_integer() for v in ticks), ticks


def test_integer_tick_step() -> None:
    assert [integer_tick_step(t) for t in (0, 1, 6, 7, 12, 13, 30, 31, 60, 61, 1000)] == [
        1, 1, 1, 2, 2, 5, 5, 10, 10, 20, 200,
    ]
