"""View > Timeline in the main window: clicking a mark opens the release, annotation selected."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from test_timeline_view import _tick, _view_point
from timeline_data import TimelineFixture


@pytest.fixture()
def window(qtbot: Any, tl: TimelineFixture) -> Any:
    if not tl.db.is_sqlite:
        pytest.skip("the desktop window test runs on the SQLite file")
    from pibdesk.app import create_main_window

    win = create_main_window(tl.path, author="tester")
    qtbot.addWidget(win)
    win.resize(1400, 1000)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def test_view_timeline_click_opens_release_at_annotation(
    qtbot: Any, window: Any, tl: TimelineFixture
) -> None:
    dock = window.findChild(object, "timelineDock") or window.timeline_dock
    assert not dock.isVisible()
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions() if a.menu()}
    assert "Timeline" in [a.text().replace("&", "") for a in menus["View"].actions()]
    view = window.timeline_view
    # Ctrl+Shift+T opens the dock, which loads its picks and series
    with qtbot.waitSignal(view.updated, timeout=30000):
        qtbot.keyClick(
            window,
            Qt.Key.Key_T,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert dock.isVisible()
    with qtbot.waitSignal(view.updated, timeout=30000):
        _tick(qtbot, view, "modi", tl.entity["modi"])
    chart = view.chart
    ev = chart.data.events[0]
    j = list(ev.release_pk).index(tl.release["r3"])
    pos = _view_point(chart, chart.mark_scene_pos(0, j))
    assert chart.viewport().rect().contains(pos)
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(
        lambda: (
            (window.current_release() or None) is not None
            and window.current_release().id == tl.release["r3"]
        ),
        timeout=30000,
    )
    assert window.panel.current_id() == tl.ann["r3_stmt"]
    assert window.text_view.current_annotation() == tl.ann["r3_stmt"]
    # the text view's caret sits on the annotation (scrolled to it)
    start16 = window.text_view.utf16_index.to_utf16(
        next(
            a.start
            for a in window.annotations.for_release(tl.release["r3"])
            if a.id == tl.ann["r3_stmt"]
        )
    )
    assert window.text_view.textCursor().position() == start16
