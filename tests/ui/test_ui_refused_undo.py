"""A refused undo or redo leaves the undo stack where it was (pibdesk.ui.undo_guard).

Another editor (a second connection to the same SQLite file, as a second pibdesk process
would be) writes a note on an annotation this window has just relabelled. Ctrl+Z of the
relabel is refused (it would overwrite a version the editor never saw). Before the guard,
``QUndoStack`` counted it as undone anyway, so the editor's next Ctrl+Z undid the step
*before* it, "Mark Person", and deleted the annotation with the other editor's note.
Now the stack stays put and the next Ctrl+Z retries the relabel, which (the window now
showing the other editor's version) succeeds and keeps their note.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import drag_select
from PySide6.QtCore import Qt

from pibdesk.services.annotations import AnnotationService
from pibdesk.storage.db import Database

CTRL = Qt.KeyboardModifier.ControlModifier
NAME = "Shri Rajnath Singh"


def _dismiss(qtbot: Any, win: Any) -> None:
    tools = win.entity_tools
    for w in (tools.picker.query, tools.prompt):
        if w.isVisible():
            qtbot.keyClick(w, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not tools.picker.isVisible() and not tools.prompt.isVisible())


def _mark_and_relabel(qtbot: Any, win: Any) -> Any:
    text = win.current_release().text
    start = text.index(NAME)
    drag_select(qtbot, win.text_view, start, start + len(NAME))
    qtbot.keyClick(win.text_view, Qt.Key.Key_P)
    _dismiss(qtbot, win)
    [ann] = win.annotations.for_release(win.current_release().id)
    win.panel.select_id(ann.id)
    win.text_view.setFocus()
    qtbot.keyClick(win.text_view, Qt.Key.Key_T)  # relabel in place, no text selected
    _dismiss(qtbot, win)
    assert win.annotations.get(ann.id).label == "Topic"
    assert (win.undo_stack.index(), win.undo_stack.count()) == (2, 2)
    return ann


def _other_editor_notes(db_path: Path, ann_id: int, note: str) -> None:
    other = Database(db_path)
    try:
        AnnotationService(other).set_note(ann_id, note, editor="bob")
    finally:
        other.dispose()


def test_refused_undo_keeps_the_stack_and_the_next_undo_retries_it(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    win = open_window(founding_db, author="alice")
    ann = _mark_and_relabel(qtbot, win)
    _other_editor_notes(founding_db, ann.id, "bob's careful note")

    qtbot.keyClick(win.text_view, Qt.Key.Key_Z, CTRL)  # refused: bob changed it meanwhile
    assert "bob" in win.statusBar().currentMessage()
    stored = win.annotations.get(ann.id)
    assert (stored.label, stored.note) == ("Topic", "bob's careful note")
    assert win.undo_stack.index() == 2  # not counted as undone
    assert win.undo_stack.undoText() == win.undo_stack.command(1).text()
    assert not win.undo_stack.canRedo()

    qtbot.keyClick(win.text_view, Qt.Key.Key_Z, CTRL)  # retried, having seen bob's version
    stored = win.annotations.get(ann.id)
    assert stored is not None and stored.id == ann.id
    assert (stored.label, stored.note) == ("Person", "bob's careful note")  # his note kept
    assert win.undo_stack.index() == 1
    assert [a.id for a in win.annotations.for_release(ann.release_pk)] == [ann.id]

    qtbot.keyClick(win.text_view, Qt.Key.Key_Y, CTRL)  # and redo works from there
    assert win.annotations.get(ann.id).label == "Topic"
    assert win.undo_stack.index() == 2


def test_refused_redo_keeps_the_stack_and_the_next_redo_retries_it(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    win = open_window(founding_db, author="alice")
    ann = _mark_and_relabel(qtbot, win)
    qtbot.keyClick(win.text_view, Qt.Key.Key_Z, CTRL)  # back to Person
    assert win.annotations.get(ann.id).label == "Person" and win.undo_stack.index() == 1
    _other_editor_notes(founding_db, ann.id, "bob: keep as a person")

    qtbot.keyClick(win.text_view, Qt.Key.Key_Y, CTRL)  # refused
    assert "bob" in win.statusBar().currentMessage()
    assert win.annotations.get(ann.id).label == "Person"
    assert win.undo_stack.index() == 1 and win.undo_stack.canRedo()

    qtbot.keyClick(win.text_view, Qt.Key.Key_Y, CTRL)  # retried
    stored = win.annotations.get(ann.id)
    assert (stored.label, stored.note) == ("Topic", "bob: keep as a person")
    assert win.undo_stack.index() == 2
    # the history has one relabel, one undo, one redo by alice and bob's note, nothing twice
    actions = [(h.action, h.actor) for h in win.annotations.history(ann.id)]
    assert actions.count(("redo", "alice")) == 1 and actions.count(("undo", "alice")) == 1
