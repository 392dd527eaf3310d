"""The Timeline view driven by mouse and keys: picks, hover, click-through, bars, export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMenu
from timeline_data import TimelineFixture

from pibdesk.core.timeline import Bucket


def _view_point(chart: Any, scene_pos: Any) -> QPoint:
    return chart.mapFromScene(scene_pos)


def _tick(qtbot: Any, view: Any, text: str, entity_id: int | None = None) -> None:
    """Type ``text`` into the filter, click the visible pick (of ``entity_id`` if given),
    press Space to tick it."""
    view.filter_box.clear()
    qtbot.keyClicks(view.filter_box, text)
    items = [view.picks.item(i) for i in range(view.picks.count())]
    visible = [it for it in items if not it.isHidden()]
    if entity_id is not None:
        visible = [it for it in visible if it.data(Qt.ItemDataRole.UserRole).entity_id == entity_id]
    assert len(visible) == 1, [it.text() for it in visible]
    rect = view.picks.visualItemRect(visible[0])
    qtbot.mouseClick(view.picks.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(view.picks, Qt.Key.Key_Space)
    assert visible[0].checkState() == Qt.CheckState.Checked


@pytest.fixture()
def view(qtbot: Any, tl: TimelineFixture) -> Any:
    from pibdesk.services.timeline import TimelineService
    from pibdesk.ui.timeline_view import TimelineView

    opened: list[tuple[int, int | None]] = []
    v = TimelineView(TimelineService(tl.db), open_release=lambda pk, ann: opened.append((pk, ann)))
    v.opened = opened
    qtbot.addWidget(v)
    v.resize(1200, 700)
    v.show()
    qtbot.waitExposed(v)
    yield v
    QApplication.processEvents()


def test_click_a_mark_opens_its_release_at_the_annotation(
    qtbot: Any, view: Any, tl: TimelineFixture
) -> None:
    with qtbot.waitSignal(view.updated, timeout=20000):
        _tick(qtbot, view, "modi")
    chart = view.chart
    ev = chart.data.events[0]
    assert ev.spec.name == "Narendra Modi" and len(ev) == 4
    j = list(ev.release_pk).index(tl.release["r3"])
    pos = _view_point(chart, chart.mark_scene_pos(0, j))
    assert chart.viewport().rect().contains(pos)

    # hover: title, IST date and the annotated words
    def hovered() -> bool:
        nonlocal pos
        # the view may still settle its range after the first paint on a loaded
        # machine: take the mark's position afresh, then move off and back onto it
        QApplication.processEvents()
        pos = _view_point(chart, chart.mark_scene_pos(0, j))
        qtbot.mouseMove(chart.viewport(), pos + QPoint(0, 40))
        qtbot.wait(30)  # let the first move be delivered on its own
        qtbot.mouseMove(chart.viewport(), pos)
        qtbot.wait(30)
        return bool(chart.plot.getViewBox().toolTip())

    qtbot.waitUntil(hovered, timeout=20000)
    tip = chart.plot.getViewBox().toolTip()
    assert ev.titles[j] in tip and "08 Sep 2019, 23:50 IST" in tip and "statement" in tip
    with qtbot.waitSignal(chart.releaseActivated, timeout=20000) as sig:
        qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert sig.args == [tl.release["r3"], tl.ann["r3_stmt"]]
    assert view.opened == [(tl.release["r3"], tl.ann["r3_stmt"])]


def test_counts_bars_click_lists_the_bucket_releases(
    qtbot: Any, view: Any, tl: TimelineFixture
) -> None:
    with qtbot.waitSignal(view.updated, timeout=20000):
        _tick(qtbot, view, "modi")
    # Counts per week, by keyboard on the combo boxes
    with qtbot.waitSignal(view.updated, timeout=20000):
        view.mode_box.setFocus()
        qtbot.keyClick(view.mode_box, Qt.Key.Key_Down)
    with qtbot.waitSignal(view.updated, timeout=20000):
        view.bucket_box.setFocus()
        qtbot.keyClick(view.bucket_box, Qt.Key.Key_Up)
    assert view.bucket() is Bucket.WEEK and view.chart.mode == "counts"
    data = view.chart.data
    k = [d.isoformat() for d in data.coverage.starts].index("2019-09-02")
    assert data.counts[0].count[k] == 3
    view.chart.plot.setXRange(
        data.coverage.x[k] - 86400 * 20, data.coverage.x[k] + 86400 * 40, padding=0
    )
    QApplication.processEvents()
    pos = _view_point(view.chart, view.chart.bar_scene_pos(0, k))
    vb = view.chart.plot.getViewBox()

    def hovered() -> bool:
        nonlocal pos
        QApplication.processEvents()
        pos = _view_point(view.chart, view.chart.bar_scene_pos(0, k))
        qtbot.mouseMove(view.chart.viewport(), pos + QPoint(0, -3))
        qtbot.wait(30)
        qtbot.mouseMove(view.chart.viewport(), pos)
        qtbot.wait(30)
        return "week of 02 Sep 2019" in vb.toolTip()

    qtbot.waitUntil(hovered, timeout=20000)
    assert "3 releases (100% of 3 imported), 5 annotations" in vb.toolTip()
    menus: list[QMenu] = []
    orig = view.release_menu

    def spy(events: Any) -> QMenu:
        m = orig(events)
        menus.append(m)
        return m

    view.release_menu = spy
    qtbot.mouseClick(view.chart.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: bool(menus), timeout=30000)
    acts = [a for a in menus[0].actions() if a.isEnabled()]
    assert [a.text()[:11] for a in acts] == ["02 Sep 2019", "03 Sep 2019", "08 Sep 2019"]
    acts[1].trigger()
    assert view.opened[-1] == (tl.release["r2"], tl.ann["r2_p"])
    menus[0].close()


def test_view_exports_png_svg_csv(
    qtbot: Any, view: Any, tl: TimelineFixture, tmp_path: Path
) -> None:
    with qtbot.waitSignal(view.updated, timeout=20000):
        _tick(qtbot, view, "modi")
    view.export(tmp_path / "t.png")
    view.export(tmp_path / "t.svg")
    view.export(tmp_path / "t.csv")
    assert (tmp_path / "t.png").read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in (tmp_path / "t.svg").read_text(encoding="utf-8")
    lines = (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "bucket_start,series,value,count,annotations,releases_in_bucket"
    assert "2019-09-01,Narendra Modi,3,3,5,4" in lines  # month buckets by default


def test_reach_tab_history(qtbot: Any, view: Any, tl: TimelineFixture) -> None:
    with qtbot.waitSignal(view.updated, timeout=20000):
        _tick(qtbot, view, "modi")
    view.tabs.setCurrentWidget(view.reach_chart)
    rc = view.reach_chart
    assert rc.data.visitors.tolist() == [250, 40]
    pos = rc.mapFromScene(rc.mark_scene_pos(0))
    with qtbot.waitSignal(view.updated, timeout=20000):
        qtbot.mouseClick(rc.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert rc.data.history_release_pk == tl.release["r1"]
    assert rc.data.history_count.tolist() == [100, 250]


def test_charts_follow_the_dark_theme_and_export_light(
    qtbot: Any, view: Any, tl: TimelineFixture, tmp_path: Path
) -> None:
    from PySide6.QtGui import QImage

    from pibdesk.ui.theme import theme_manager

    with qtbot.waitSignal(view.updated, timeout=20000):
        _tick(qtbot, view, "modi")
    chart = view.chart
    assert not chart.colors.dark
    x_range = chart.plot.viewRange()[0]
    tm = theme_manager()
    try:
        tm.apply("dark")
        qtbot.waitUntil(lambda: chart.colors.dark and view.reach_chart.colors.dark)
        shot = chart.grab().toImage()
        assert shot.pixelColor(3, 3).lightness() < 80  # dark paper on screen
        assert chart.plot.getAxis("left").textPen().color().lightness() > 150  # light ink
        assert chart.plot.viewRange()[0] == pytest.approx(x_range)  # the zoom survived
        assert len(chart.data.events[0]) == 4  # the marks were redrawn, not lost
        view.export(tmp_path / "dark.png")
        img = QImage(str(tmp_path / "dark.png"))
        assert img.pixelColor(3, 3).name() == "#ffffff"  # exports are for documents
        assert chart.colors.dark  # and the screen is dark again after the export
    finally:
        tm.apply("light")
    qtbot.waitUntil(lambda: not chart.colors.dark)
