"""A new entity made for a link that is then refused leaves no orphan in the registry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import drag_select
from PySide6.QtCore import Qt

from pibdesk.services.annotations import AnnotationService
from pibdesk.storage.db import Database


def test_refused_link_leaves_no_new_entity(qtbot: Any, open_window: Any, founding_db: Path) -> None:
    win = open_window(founding_db)
    tools = win.entity_tools
    text = win.current_release().text
    start = text.index("Takeshi lwaya", text.index("Takeshi lwaya") + 1)
    end = start + len("Takeshi lwaya")
    drag_select(qtbot, win.text_view, start, end)
    win.live.stop()  # the colleague's edit must not reach this window first
    win._poll_timer.stop()
    qtbot.keyClick(win.text_view, Qt.Key.Key_P)
    qtbot.waitUntil(tools.picker.isVisible)
    ann = next(a for a in win.annotations.for_release(win.current_release().id)
               if (a.start, a.end) == (start, end))
    before = {e.name for e in tools.entities.entities()}

    other = Database(founding_db)  # a colleague edits the new annotation meanwhile
    try:
        AnnotationService(other).update(ann.id, ann.row_version, editor="colleague", note="seen")
    finally:
        other.dispose()

    picker = tools.picker
    picker.query.selectAll()
    qtbot.keyClicks(picker.query, "Takeshi Iwaya")
    while picker.list.currentRow() < picker.list.count() - 1:  # "Create new person …"
        qtbot.keyClick(picker.query, Qt.Key.Key_Down)
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)

    assert "Not linked" in win.statusBar().currentMessage()
    assert "colleague" in win.statusBar().currentMessage()
    assert {e.name for e in tools.entities.entities()} == before  # no orphan "Takeshi Iwaya"
    assert win.annotations.get(ann.id).entity_id is None
    assert win.annotations.get(ann.id).note == "seen"  # the colleague's edit stands
