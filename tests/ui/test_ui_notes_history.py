"""Notes and history as an editor uses them, on the founding release: type a note into
the side panel and leave the field (saved, undoable to the exact earlier record), see it
as the span's tooltip, in the Note column and through the list filter; Esc throws away
typing; a pasted control character is refused under the field with the text kept; the
History list shows each change newest first, for the annotation or the whole release."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from conftest import drag_select
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from pibdesk.core.model import Annotation
from pibdesk.ui.annotation_panel import NOTE_COLUMN

NAME = "Shri Rajnath Singh"
TOPIC = "cross-border terrorism"


def _same_record(a: Annotation, b: Annotation) -> bool:
    return dataclasses.replace(a, row_version=0) == dataclasses.replace(b, row_version=0)


def _mark(qtbot: Any, win: Any, words: str, key: Qt.Key) -> Annotation:
    text = win.current_release().text
    s = text.index(words)
    drag_select(qtbot, win.text_view, s, s + len(words))
    qtbot.keyClick(win.text_view, key)
    tools = win.entity_tools
    for w in (tools.picker.query, tools.prompt):
        if w.isVisible():
            qtbot.keyClick(w, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not tools.picker.isVisible() and not tools.prompt.isVisible())
    ann = next(a for a in win.annotations.for_release(win.current_release().id)
               if (a.start, a.end) == (s, s + len(words)))
    return ann


def _click_row(qtbot: Any, win: Any, ann: Annotation) -> None:
    panel = win.panel
    row = panel.model_.row_of(ann.id)
    assert row is not None
    rect = panel.visualRect(panel.model_.index(row, 1))
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.current_id() == ann.id


def _history_rows(win: Any) -> list[tuple[str, str]]:
    h = win.annotation_details.history
    return [(h.topLevelItem(i).text(1), h.topLevelItem(i).text(2))
            for i in range(h.topLevelItemCount())]


def test_note_typed_then_focus_leaves_is_saved_shown_and_undone(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    win = open_window(founding_db)
    person = _mark(qtbot, win, NAME, Qt.Key.Key_P)
    topic = _mark(qtbot, win, TOPIC, Qt.Key.Key_T)
    details = win.annotation_details
    _click_row(qtbot, win, person)
    assert details.heading.text().startswith(f"Person {person.start}–{person.end}")
    assert details.note.isEnabled() and details.note.toPlainText() == ""
    before = win.annotations.get(person.id)

    qtbot.mouseClick(details.note.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(details.note, "title: Raksha Mantri")
    qtbot.keyClick(details.note, Qt.Key.Key_Return)
    qtbot.keyClicks(details.note, "check the Hindi copy")
    assert details.save.isEnabled()
    assert win.annotations.get(person.id).note is None  # not saved while typing
    n = win.undo_stack.count()
    qtbot.mouseClick(win.text_view.viewport(), Qt.MouseButton.LeftButton)  # focus leaves
    saved = win.annotations.get(person.id)
    assert saved.note == "title: Raksha Mantri\ncheck the Hindi copy"
    assert (saved.id, saved.label, saved.start, saved.created_at) == (
        person.id, "Person", person.start, person.created_at)
    assert win.undo_stack.count() == n + 1
    assert not details.save.isEnabled()

    # the list's Note column (first line flattened), its tooltip, and the span's tooltip
    row = win.panel.model_.row_of(person.id)
    cell = win.panel.model_.index(row, NOTE_COLUMN)
    assert cell.data() == "title: Raksha Mantri check the Hindi copy"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == saved.note
    view = win.text_view
    idx = view.utf16_index
    rect = view.span_rects(idx.to_utf16(person.start), idx.to_utf16(person.end))[0]
    tip = view.tooltip_at(rect.center().toPoint())
    assert tip is not None and "Raksha Mantri<br>check the Hindi copy" in tip and "Person" in tip
    trect = view.span_rects(idx.to_utf16(topic.start), idx.to_utf16(topic.end))[0]
    assert view.tooltip_at(trect.center().toPoint()) is None  # no note, no tooltip

    # the filter finds it by a word of the note only
    qtbot.keyClicks(win.panel_filter, "hindi")
    assert win.panel.model_.rowCount() == 1 and win.panel.current_id() == person.id
    assert win.panel_title.text() == "1 of 2 annotations"
    win.panel_filter.clear()
    assert win.panel.model_.rowCount() == 2

    # history, newest first: the note, then the create
    assert [who for who, _ in _history_rows(win)] == ["tester", "tester"]
    assert _history_rows(win)[0][1].startswith("note: note ∅ → title: Raksha Mantri")
    assert _history_rows(win)[1][1].startswith(f"create: Person '{NAME}'")

    # Ctrl+Z: the exact record before the note; the history says undo
    win.text_view.setFocus()
    qtbot.keyClick(win.text_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    back = win.annotations.get(person.id)
    assert _same_record(back, before) and back.row_version > saved.row_version
    assert details.note.toPlainText() == ""
    assert _history_rows(win)[0][1].startswith("undo: note title: Raksha Mantri")
    qtbot.keyClick(win.text_view, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert win.annotations.get(person.id).note == saved.note
    assert _history_rows(win)[0][1].startswith("redo: note ∅ →")

    # whole release: the topic's create is listed too, with its id
    qtbot.mouseClick(details.scope, Qt.MouseButton.LeftButton)
    assert details.scope.isChecked()
    whole = [what for _, what in _history_rows(win)]
    assert len(whole) == 5  # person: create, note, undo, redo; topic: create
    assert whole[-2:] == [f"#{topic.id} create: Topic '{TOPIC}' {topic.start}–{topic.end}",
                          f"#{person.id} create: Person '{NAME}' {person.start}–{person.end}"]


def test_escape_discards_and_a_pasted_control_character_is_refused(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    win = open_window(founding_db)
    person = _mark(qtbot, win, NAME, Qt.Key.Key_P)
    details = win.annotation_details
    _click_row(qtbot, win, person)
    qtbot.mouseClick(details.note.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(details.note, "draft")
    qtbot.keyClick(details.note, Qt.Key.Key_Escape)
    assert details.note.toPlainText() == "" and not details.dirty()

    QGuiApplication.clipboard().setText("page\x0cbreak")
    qtbot.keyClick(details.note, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert details.note.toPlainText() == "page\x0cbreak"
    n = win.undo_stack.count()
    qtbot.keyClick(details.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not details.problem.isHidden()
    assert "U+000C" in details.problem.text()
    assert details.note.toPlainText() == "page\x0cbreak"  # kept, to be fixed
    assert win.annotations.get(person.id).note is None
    assert win.undo_stack.count() == n
    assert [h.action for h in win.annotations.history(person.id)] == ["create"]

    # fix it (select all, type) and save with Ctrl+Return
    qtbot.keyClick(details.note, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(details.note, "page break")
    qtbot.keyClick(details.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert win.annotations.get(person.id).note == "page break"
    assert details.problem.isHidden()


def test_a_note_being_typed_is_saved_when_the_window_closes(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    from pibdesk.services.annotations import AnnotationService
    from pibdesk.storage.db import Database

    win = open_window(founding_db)
    person = _mark(qtbot, win, NAME, Qt.Key.Key_P)
    _click_row(qtbot, win, person)
    details = win.annotation_details
    qtbot.mouseClick(details.note.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(details.note, "typed, never left the field")
    assert details.note.hasFocus() and details.dirty()
    win.close()
    db = Database(founding_db)
    try:
        assert AnnotationService(db).get(person.id).note == "typed, never left the field"
    finally:
        db.dispose()
