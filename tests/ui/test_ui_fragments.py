"""Discontinuous spans in the window (issue 13), on the founding release: select an
annotation, Ctrl+drag over more text to add it as a fragment; the gap stays unmarked,
the fragment is marked; Ctrl+Z restores the exact earlier record, Ctrl+Shift+Z redoes;
the history says so; a Ctrl+drag over spaces only is refused; Annotate > Add selection as
fragment (Ctrl+Shift+A) does the same from a plain selection; keyboard moves of the end
carry the last fragment."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from conftest import caret_point, drag_select
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from pibdesk.core.model import Annotation

NAME = "Shri Rajnath Singh"
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def _same_record(a: Annotation, b: Annotation) -> bool:
    return dataclasses.replace(a, row_version=0) == dataclasses.replace(b, row_version=0)


def _ctrl_drag(qtbot: Any, view: Any, start: int, end: int) -> None:
    """A left-button drag over code points ``start..end`` with Ctrl held, as a person
    does (press, move, release, Ctrl down throughout)."""
    cur = QTextCursor(view.document())
    cur.setPosition(view.utf16_index.to_utf16(start))
    view.setTextCursor(cur)
    view.centerCursor()
    qtbot.wait(10)
    a, b = caret_point(view, start), caret_point(view, end, after=True)
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, CTRL, a)
    QTest.mouseMove(vp, QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2))
    QTest.mouseMove(vp, b)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, CTRL, b)


def _person(qtbot: Any, win: Any) -> Annotation:
    text = win.current_release().text
    s = text.index(NAME)
    drag_select(qtbot, win.text_view, s, s + len(NAME))
    qtbot.keyClick(win.text_view, Qt.Key.Key_P)
    tools = win.entity_tools
    for w in (tools.picker.query, tools.prompt):
        if w.isVisible():
            qtbot.keyClick(w, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not tools.picker.isVisible())
    (ann,) = win.annotations.for_release(win.current_release().id)
    win.panel.select_id(ann.id)
    assert win.text_view.current_annotation() == ann.id
    return ann


def test_ctrl_drag_adds_a_fragment_and_undo_redo_restore_exactly(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    win = open_window(founding_db)
    view = win.text_view
    person = _person(qtbot, win)
    text = win.current_release().text
    t = text.index("Tokyo")
    n = win.undo_stack.count()

    _ctrl_drag(qtbot, view, t, t + 5)
    got = win.annotations.get(person.id)
    assert got.fragments == ((person.start, person.end), (t, t + 5))
    assert (got.id, got.start, got.end, got.label) == (person.id, person.start, t + 5, "Person")
    assert win.undo_stack.count() == n + 1
    assert len(win.annotations.for_release(person.release_pk)) == 1  # no new annotation
    # painted as two pieces: the fragment is marked, the gap between is not
    assert view.labels_at(t + 1) == ["Person"]
    assert view.labels_at(person.end + 5) == []
    assert [(h.start16, h.end16) for h in view.highlights() if h.ann_id == person.id] == [
        (view.utf16_index.to_utf16(person.start), view.utf16_index.to_utf16(person.end)),
        (view.utf16_index.to_utf16(t), view.utf16_index.to_utf16(t + 5)),
    ]
    # the list row is the same annotation; clicking the fragment selects it
    assert win.panel.current_id() == person.id

    # Ctrl+Z: the exact record before; Ctrl+Shift+Z: the fragment back
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    back = win.annotations.get(person.id)
    assert _same_record(back, person) and back.fragments == ()
    assert view.labels_at(t + 1) == []
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)
    again = win.annotations.get(person.id)
    assert again.fragments == got.fragments and again.updated_at == got.updated_at
    assert [h.action for h in win.annotations.history(person.id)] == [
        "create", "fragment", "undo", "redo"]

    # the end key moves the last fragment's end (Alt+Shift+Left: "Toky")
    win.panel.select_id(person.id)
    qtbot.keyClick(view, Qt.Key.Key_Left, ALT | SHIFT)
    moved = win.annotations.get(person.id)
    assert moved.fragments == ((person.start, person.end), (t, t + 4))
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert win.annotations.get(person.id).fragments == got.fragments


def test_ctrl_drag_over_spaces_is_refused_and_the_menu_action_adds_a_selection(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    win = open_window(founding_db)
    view = win.text_view
    person = _person(qtbot, win)
    text = win.current_release().text
    n = win.undo_stack.count()
    gap = text.index("  ") if "  " in text else person.end  # a space run
    _ctrl_drag(qtbot, view, gap, gap + 1)
    assert win.annotations.get(person.id).fragments == ()
    assert win.undo_stack.count() == n
    assert "Fragment not added" in win.statusBar().currentMessage()

    # a plain drag, then Ctrl+Shift+A
    d = text.index("DefExpo 2020")
    drag_select(qtbot, view, d, d + len("DefExpo 2020"))
    win.panel.select_id(person.id)  # the annotation stays selected with the selection
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_A, CTRL | SHIFT)
    got = win.annotations.get(person.id)
    assert got.fragments == ((person.start, person.end), (d, d + len("DefExpo 2020")))
    assert win.undo_stack.count() == n + 1
    assert win.annotation_details.history.topLevelItem(0).text(2).startswith("fragment:")
