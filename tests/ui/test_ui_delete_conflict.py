"""Delete in the window removes only the version the editor saw (issue 8/9 audit).

Another editor (a second connection to the same SQLite file, as a second pibdesk process
would be) changes an annotation while this window still shows the old version; pressing
Delete must keep their change, say who made it in the status bar and show it. The
window's change poll only runs from the event loop, and nothing between the other
editor's write and the key press runs it, so the window really holds the stale version.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import drag_select
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pibdesk.core.model import NewAnnotation
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.storage.db import Database


def test_delete_keeps_another_editors_change_and_names_them(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    db = Database(founding_db)
    other = Database(founding_db)  # ravi's pibdesk
    try:
        rel = CorpusService(db).summaries()[0]
        text = CorpusService(db).release(rel.id).text
        start = text.index("Rajnath Singh")
        anita_svc = AnnotationService(db)
        ann = anita_svc.create(
            NewAnnotation(rel.id, start, start + len("Rajnath Singh"), "Person", author="anita")
        )
        win = open_window(founding_db, author="anita")
        assert [(a.id, a.row_version) for a in win._anns] == [(ann.id, 1)]

        # anita clicks the annotation's row in the list
        panel = win.panel
        rect = panel.visualRect(panel.model().index(0, 1))
        QTest.mouseClick(
            panel.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
            rect.center(),
        )
        assert panel.current_id() == ann.id

        # meanwhile ravi, in his own process, adds a note (version 2)
        theirs = AnnotationService(other).update(
            ann.id, 1, editor="ravi", note="ravi: checked against the PIB page"
        )
        assert theirs.row_version == 2

        # anita, still shown version 1, presses Delete
        qtbot.keyClick(panel, Qt.Key.Key_Delete)
        status = win.statusBar().currentMessage()
        assert status.startswith("Not deleted:") and "changed by ravi" in status, status
        kept = anita_svc.get(ann.id)  # still there, with ravi's note
        assert kept.note == "ravi: checked against the PIB page" and kept.row_version == 2
        # the window now shows ravi's version, still selected, and nothing went on the undo stack
        assert [(a.id, a.row_version, a.note) for a in win._anns] == [
            (ann.id, 2, "ravi: checked against the PIB page")
        ]
        assert panel.current_id() == ann.id
        assert win.undo_stack.count() == 0

        # having seen it, anita deletes again: now it goes, and undo brings it back as it was
        qtbot.keyClick(panel, Qt.Key.Key_Delete)
        assert win._anns == [] and anita_svc.for_release(rel.id) == []
        assert win.statusBar().currentMessage().startswith("Deleted Person")
        qtbot.keyClick(win.text_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert anita_svc.get(ann.id) == kept
    finally:
        other.dispose()
        db.dispose()


def test_undo_of_a_create_refuses_another_editors_change_but_not_our_own(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    """Undo of "Mark" deletes with the version the window shows: after this window's own
    link and its undo (two more versions) it still works; after another editor's change
    it is refused and their annotation stays."""
    win = open_window(founding_db, author="anita")
    view, tools = win.text_view, win.entity_tools
    text = win.current_release().text
    start = text.index("Rajnath Singh", text.index("Rajnath Singh") + 1)
    end = start + len("Rajnath Singh")

    # mark + link by keyboard (versions 1 then 2), undo the link (3), undo the mark
    drag_select(qtbot, view, start, end)
    qtbot.keyClick(view, Qt.Key.Key_P)
    qtbot.waitUntil(tools.picker.isVisible)
    qtbot.keyClick(tools.picker.query, Qt.Key.Key_Return)
    assert not tools.picker.isVisible()
    [mine] = win._anns
    assert mine.entity_id is not None and mine.row_version == 2
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert win._anns[0].entity_id is None and win._anns[0].row_version == 3
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert win._anns == [], win.statusBar().currentMessage()

    # redo the mark; ravi then edits it before the window hears of it; undo is refused
    qtbot.keyClick(
        view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    [back] = win._anns
    assert back.id == mine.id and back.row_version == 3
    other = Database(founding_db)
    try:
        AnnotationService(other).update(back.id, 3, editor="ravi", label="Topic")
        qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        status = win.statusBar().currentMessage()
        assert "could not remove" in status and "changed by ravi" in status, status
        [shown] = win._anns
        assert (shown.id, shown.label, shown.row_version) == (back.id, "Topic", 4)
        assert AnnotationService(other).get(back.id).label == "Topic"
    finally:
        other.dispose()
