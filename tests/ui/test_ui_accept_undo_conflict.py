"""Undo of an accepted suggestion deletes only the version the editor saw (issue 9): a
change another editor made meanwhile is kept, named in the status bar, and shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from pibdesk.core.model import Origin


def test_undo_of_an_accepted_suggestion_never_deletes_another_editors_change(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    from pibdesk.services.annotations import AnnotationService
    from pibdesk.storage.db import Database

    win = open_window(founding_db, author="anita")
    qtbot.waitUntil(win.entity_tools.suggestions_settled)  # computed off the GUI thread
    panel = win.entity_tools.panel
    rel = win.current_release()
    ctrl = Qt.KeyboardModifier.ControlModifier

    def anns() -> list[Any]:
        return win.annotations.for_release(rel.id)

    panel.list.setFocus()
    panel.list.setCurrentRow(0)
    first = panel.current()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)  # accept
    [acc] = anns()
    assert (acc.start, acc.end, acc.origin) == (first.start, first.end, Origin.SUGGESTED)

    # one's own undo and redo work as before
    qtbot.keyClick(win.text_view, Qt.Key.Key_Z, ctrl)
    assert anns() == []
    qtbot.keyClick(win.text_view, Qt.Key.Key_Y, ctrl)
    assert [a.id for a in anns()] == [acc.id]

    # another editor (another process; here another connection) annotates it meanwhile
    other_db = Database(founding_db)
    try:
        other = AnnotationService(other_db)
        seen = other.get(acc.id)
        other.update(acc.id, seen.row_version, editor="ravi", note="checked against the PIB page")
    finally:
        other_db.dispose()

    qtbot.keyClick(win.text_view, Qt.Key.Key_Z, ctrl)  # undo is refused, not a silent delete
    [kept] = anns()
    assert kept.id == acc.id and kept.note == "checked against the PIB page"
    message = win.statusBar().currentMessage()
    assert "ravi" in message and "not deleted" in message
    assert [a.note for a in win._anns] == ["checked against the PIB page"]  # shown now
    qtbot.keyClick(win.text_view, Qt.Key.Key_Y, ctrl)  # redo of the refused undo: no change
    assert [(a.id, a.note) for a in anns()] == [(acc.id, "checked against the PIB page")]

    # having seen ravi's version, the editor may undo the acceptance now
    win.undo_stack.undo()
    assert anns() == []
