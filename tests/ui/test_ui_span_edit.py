"""Correcting a span as an editor does, on the founding release: change its label (key in
the text or the list, context menu) and move its ends (drag handles, Alt+drag, the
Alt+Shift / Alt+Ctrl arrow keys); refusals store nothing; Ctrl+Z restores the exact
earlier record (same id, note, links, created_at and updated_at; row_version goes up, as
every write does)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from conftest import drag_select
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest

from pibdesk.core.model import Annotation, EntityKind

NAME = "Shri Rajnath Singh"
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _same_record(a: Annotation, b: Annotation) -> bool:
    """Equal in every field but ``row_version`` (which undo raises, as every write)."""
    return dataclasses.replace(a, row_version=0) == dataclasses.replace(b, row_version=0)


def _dismiss_popups(qtbot: Any, win: Any) -> None:
    tools = win.entity_tools
    if tools.picker.isVisible():
        qtbot.keyClick(tools.picker.query, Qt.Key.Key_Escape)
    if tools.prompt.isVisible():
        qtbot.keyClick(tools.prompt, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not tools.picker.isVisible() and not tools.prompt.isVisible())


def _mark(qtbot: Any, win: Any, start: int, end: int, key: Qt.Key, label: str) -> Annotation:
    drag_select(qtbot, win.text_view, start, end)
    qtbot.keyClick(win.text_view, key)
    _dismiss_popups(qtbot, win)
    found = [a for a in win.annotations.for_release(win.current_release().id)
             if (a.start, a.end, a.label) == (start, end, label)]
    assert len(found) == 1, found
    return found[0]


def _click_span(qtbot: Any, win: Any, ann: Annotation) -> None:
    view = win.text_view
    win.text_view.select_codepoints(ann.start, ann.start)  # scroll it into view
    idx = view.utf16_index
    rect = view.span_rects(idx.to_utf16(ann.start), idx.to_utf16(ann.end))[0]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert win.panel.current_id() == ann.id
    assert view.current_annotation() == ann.id


def _click_row(qtbot: Any, win: Any, ann: Annotation) -> None:
    panel = win.panel
    row = panel.model_.row_of(ann.id)
    rect = panel.visualRect(panel.model_.index(row, 1))
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.current_id() == ann.id


@pytest.fixture()
def win_and_person(qtbot: Any, open_window: Any, founding_db: Path) -> tuple[Any, Annotation]:
    """The window on the founding release with "Shri Rajnath Singh" marked Person and
    linked to the registry's Rajnath Singh (through the picker), with a note."""
    win = open_window(founding_db)
    text = win.current_release().text
    s = text.index(NAME)
    drag_select(qtbot, win.text_view, s, s + len(NAME))
    qtbot.keyClick(win.text_view, Qt.Key.Key_P)
    picker = win.entity_tools.picker
    qtbot.waitUntil(picker.isVisible)
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)  # the proposed Rajnath Singh
    ann = win.annotations.for_release(win.current_release().id)[0]
    assert ann.entity_id is not None
    ann = win.annotations.update(ann.id, ann.row_version, note="title checked", editor="tester")
    win._refresh_annotations()
    return win, ann


def test_relabel_by_key_after_clicking_the_span_and_undo_restores_it(
    qtbot: Any, win_and_person: tuple[Any, Annotation]
) -> None:
    win, person = win_and_person
    rajnath = win.entity_tools.entities.get(person.entity_id)
    assert (rajnath.kind, rajnath.name) == (EntityKind.PERSON, "Rajnath Singh")
    _click_span(qtbot, win, person)
    assert not win.text_view.textCursor().hasSelection()
    n = win.undo_stack.count()

    qtbot.keyClick(win.text_view, Qt.Key.Key_T)
    after = win.annotations.get(person.id)
    assert (after.id, after.label, after.entity_id) == (person.id, "Topic", None)
    assert (after.start, after.end, after.note, after.created_at) == (
        person.start, person.end, "title checked", person.created_at)
    assert len(win.annotations.for_release(person.release_pk)) == 1  # relabelled, not added
    assert win.undo_stack.count() == n + 1
    assert "dropped its entity" in win.statusBar().currentMessage()
    assert win.entity_tools.picker.isVisible()  # the topic picker is offered; leave it empty
    _dismiss_popups(qtbot, win)
    assert win.annotations.get(person.id).entity_id is None
    assert win.text_view.labels_at(person.start) == ["Topic"]

    win.text_view.setFocus()
    qtbot.keyClick(win.text_view, Qt.Key.Key_Z, CTRL)
    back = win.annotations.get(person.id)
    assert _same_record(back, person) and back.row_version > after.row_version
    assert win.text_view.labels_at(person.start) == ["Person"]
    qtbot.keyClick(win.text_view, Qt.Key.Key_Z, CTRL | SHIFT)
    redone = win.annotations.get(person.id)
    assert _same_record(redone, after)


def test_relabel_from_the_list_and_by_the_context_menu(
    qtbot: Any, win_and_person: tuple[Any, Annotation]
) -> None:
    win, person = win_and_person
    # selected in the list, the key pressed there
    _click_row(qtbot, win, person)
    qtbot.keyClick(win.panel, Qt.Key.Key_S)
    stmt = win.annotations.get(person.id)
    assert (stmt.label, stmt.entity_id, stmt.speaker_id) == ("Statement", None, None)
    prompt = win.entity_tools.prompt
    qtbot.waitUntil(prompt.isVisible)  # the speaker is offered, as after marking
    qtbot.keyClick(prompt, Qt.Key.Key_Tab)  # choose the speaker in the picker
    picker = win.entity_tools.picker
    qtbot.waitUntil(picker.isVisible)
    qtbot.keyClicks(picker.query, "Rajnath")
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)
    linked = win.annotations.get(person.id)
    assert linked.speaker_id is not None and linked.statement_kind is not None

    # right-click on the span (no text selected): "Change label to Person"
    view = win.text_view
    win.panel.clearSelection()
    assert view.current_annotation() is None
    idx = view.utf16_index
    point = view.span_rects(idx.to_utf16(person.start), idx.to_utf16(person.end))[0].center()
    menu = view.build_context_menu(point.toPoint())
    assert view.current_annotation() == person.id  # the span under the mouse is selected
    assert not menu.findChild(QAction, "changeLabelToStatement").isEnabled()  # its own label
    menu.findChild(QAction, "changeLabelToPerson").trigger()
    menu.deleteLater()
    _dismiss_popups(qtbot, win)
    again = win.annotations.get(person.id)
    assert (again.label, again.speaker_id, again.statement_kind) == ("Person", None, None)

    # Ctrl+Z: back to the Statement with its speaker and kind, then to the first Statement,
    # then to the Person with its entity, note and times
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert _same_record(win.annotations.get(person.id), linked)
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert _same_record(win.annotations.get(person.id), stmt)
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert _same_record(win.annotations.get(person.id), person)


def test_label_key_with_text_selected_still_marks_a_new_span(
    qtbot: Any, win_and_person: tuple[Any, Annotation]
) -> None:
    win, person = win_and_person
    _click_span(qtbot, win, person)
    text = win.current_release().text
    s = text.index("Japan – India Defence Ministerial Meeting")
    drag_select(qtbot, win.text_view, s, s + len("Japan"))
    qtbot.keyClick(win.text_view, Qt.Key.Key_T)
    _dismiss_popups(qtbot, win)
    anns = win.annotations.for_release(person.release_pk)
    assert sorted((a.label, a.text) for a in anns) == [("Person", NAME), ("Topic", "Japan")]
    assert win.annotations.get(person.id) == person


def test_relabel_refuses_a_duplicate_span(
    qtbot: Any, win_and_person: tuple[Any, Annotation]
) -> None:
    win, person = win_and_person
    topic = _mark(qtbot, win, person.start, person.end, Qt.Key.Key_T, "Topic")
    _click_row(qtbot, win, topic)
    n = win.undo_stack.count()
    qtbot.keyClick(win.panel, Qt.Key.Key_P)
    assert "already marked as Person" in win.statusBar().currentMessage()
    assert win.annotations.get(topic.id) == topic and win.undo_stack.count() == n


def _drag(view: Any, a: QPoint, b: QPoint, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, mods, a)
    QTest.mouseMove(vp, QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2))
    QTest.mouseMove(vp, b)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, mods, b)
