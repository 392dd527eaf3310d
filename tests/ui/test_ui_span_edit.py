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


def _gap_point(view: Any, cp: int) -> QPoint:
    """Mid-line viewport point of the caret gap before code point ``cp`` (one pixel in)."""
    r = view.cursor_rect_at(cp)
    return QPoint(int(r.left()) + 1, int(r.center().y()))


def _handle(view: Any, edge: str) -> QPoint:
    rects = view.handle_rects()
    assert edge in rects, rects
    return rects[edge].center().toPoint()


def test_drag_each_handle_moves_that_end_and_undo_restores_it(
    qtbot: Any, win_and_person: tuple[Any, Annotation]
) -> None:
    win, person = win_and_person
    view = win.text_view
    _click_span(qtbot, win, person)
    s = person.start
    # the handles sit at the span's ends: start at its first caret, end at its last
    rects = view.handle_rects()
    assert abs(rects["start"].center().x() - view.cursor_rect_at(s).left()) <= 4
    assert abs(rects["end"].center().x() - view.cursor_rect_at(person.end).left()) <= 4

    # the end handle dropped on the gap before "Singh": "Shri Rajnath" (space trimmed)
    _drag(view, _handle(view, "end"), _gap_point(view, s + len("Shri Rajnath ")))
    moved = win.annotations.get(person.id)
    assert (moved.id, moved.start, moved.end, moved.text) == (
        person.id, s, s + len("Shri Rajnath"), "Shri Rajnath")
    assert moved.suffix.startswith(" Singh co-chairs Japan") and moved.note == "title checked"
    assert view.current_annotation() == person.id

    # the start handle dropped before "Rajnath": "Rajnath"
    _drag(view, _handle(view, "start"), _gap_point(view, s + len("Shri ")))
    moved2 = win.annotations.get(person.id)
    assert (moved2.start, moved2.end, moved2.text) == (
        s + len("Shri "), s + len("Shri Rajnath"), "Rajnath")
    assert moved2.prefix.endswith("Raksha Mantri Shri ")
    assert win.panel.model_.data(win.panel.model_.index(0, 1)) == "Rajnath"

    # one Ctrl+Z per drag, each back to the exact record before it
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert _same_record(win.annotations.get(person.id), moved)
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert _same_record(win.annotations.get(person.id), person)
    assert view.labels_at(s) == ["Person"]


def test_alt_drag_from_inside_the_span_moves_the_nearer_end(
    qtbot: Any, win_and_person: tuple[Any, Annotation]
) -> None:
    win, person = win_and_person
    view = win.text_view
    win.panel.clearSelection()
    text = win.current_release().text
    s = person.start
    inside_near_end = _gap_point(view, person.end - 2)  # in "ng" of "Singh"
    after_co = text.index("co-chairs", person.end) + 2
    _drag(view, inside_near_end, _gap_point(view, after_co), ALT)
    moved = win.annotations.get(person.id)
    assert (moved.start, moved.end, moved.text) == (s, after_co, "Shri Rajnath Singh co")
    assert not view.textCursor().hasSelection()


def test_drags_to_nothing_or_spaces_only_are_refused(
    qtbot: Any, win_and_person: tuple[Any, Annotation]
) -> None:
    win, person = win_and_person
    view = win.text_view
    _click_span(qtbot, win, person)
    n = win.undo_stack.count()
    # the end dropped on the start: empty
    _drag(view, _handle(view, "end"), _gap_point(view, person.start))
    assert "would be empty" in win.statusBar().currentMessage()
    # the start dragged past the end onto the space after it: only white space
    _drag(view, _handle(view, "start"), _gap_point(view, person.end + 1))
    assert "only white space" in win.statusBar().currentMessage()
    assert win.annotations.get(person.id) == person and win.undo_stack.count() == n


def test_alt_arrow_keys_move_each_end_by_graphemes_merged_into_one_undo_step(
    qtbot: Any, win_and_person: tuple[Any, Annotation]
) -> None:
    win, person = win_and_person
    view = win.text_view
    _click_span(qtbot, win, person)
    text = win.current_release().text
    s, e = person.start, person.end
    n = win.undo_stack.count()

    def span() -> str:
        a = win.annotations.get(person.id)
        assert text[a.start:a.end] == a.text
        return a.text

    qtbot.keyClick(view, Qt.Key.Key_Right, ALT | SHIFT)  # over the space onto "c"
    assert span() == "Shri Rajnath Singh c"
    qtbot.keyClick(view, Qt.Key.Key_Right, ALT | SHIFT)
    assert span() == "Shri Rajnath Singh co"
    qtbot.keyClick(view, Qt.Key.Key_Left, ALT | SHIFT)
    assert span() == "Shri Rajnath Singh c"
    assert win.undo_stack.count() == n + 1  # presses of the end key in a row: one step
    qtbot.keyClick(view, Qt.Key.Key_Right, ALT | CTRL)
    assert span() == "hri Rajnath Singh c"
    qtbot.keyClick(view, Qt.Key.Key_Left, ALT | CTRL)
    qtbot.keyClick(view, Qt.Key.Key_Left, ALT | CTRL)  # over the space onto "i"
    assert span() == "i Shri Rajnath Singh c"
    assert win.undo_stack.count() == n + 2
    assert win.annotations.get(person.id).start == s - 2

    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert span() == "Shri Rajnath Singh c"
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    back = win.annotations.get(person.id)
    assert _same_record(back, person) and (back.start, back.end) == (s, e)


def test_keys_refuse_an_empty_span(qtbot: Any, open_window: Any, founding_db: Path) -> None:
    win = open_window(founding_db)
    text = win.current_release().text
    s = text.index("Tokyo")
    tokyo = _mark(qtbot, win, s, s + 5, Qt.Key.Key_T, "Topic")
    _click_span(qtbot, win, tokyo)
    view = win.text_view
    for _ in range(4):
        qtbot.keyClick(view, Qt.Key.Key_Left, ALT | SHIFT)
    assert win.annotations.get(tokyo.id).text == "T"
    n = win.undo_stack.count()
    qtbot.keyClick(view, Qt.Key.Key_Left, ALT | SHIFT)
    assert "would be empty" in win.statusBar().currentMessage()
    qtbot.keyClick(view, Qt.Key.Key_Right, ALT | CTRL)
    assert "would be empty" in win.statusBar().currentMessage()
    one = win.annotations.get(tokyo.id)
    assert (one.start, one.end, one.text) == (s, s + 1, "T") and win.undo_stack.count() == n


EMOJI_TEXT = "Greeting 😀 and 👍🏽 from Shri Amit Shah in New Delhi today.\n"


@pytest.fixture()
def emoji_db(db_path: Path) -> Path:
    from pibdesk.core.model import ParsedRelease
    from pibdesk.services.corpus import CorpusService
    from pibdesk.storage.db import Database

    db = Database(db_path)
    CorpusService(db).import_parsed(ParsedRelease(title="Emoji", text=EMOJI_TEXT, release_id=7))
    db.dispose()
    return db_path


def test_moves_after_an_emoji_store_code_points(
    qtbot: Any, open_window: Any, emoji_db: Path
) -> None:
    win = open_window(emoji_db)
    view = win.text_view
    s = EMOJI_TEXT.index("Amit Shah")
    assert view.utf16_index.to_utf16(s) == s + 3  # 😀, 👍 and 🏽 take two UTF-16 units each
    ann = _mark(qtbot, win, s, s + len("Amit Shah"), Qt.Key.Key_P, "Person")
    _click_span(qtbot, win, ann)
    # the start handle dropped before "Shri" (drawn at its UTF-16 place)
    shri = EMOJI_TEXT.index("Shri")
    _drag(view, _handle(view, "start"), _gap_point(view, shri))
    a = win.annotations.get(ann.id)
    assert (a.start, a.end, a.text) == (shri, s + len("Amit Shah"), "Shri Amit Shah")
    # the start moved left by keys: over "from " onto "m", then through the emoji cluster
    for _ in range(5):
        qtbot.keyClick(view, Qt.Key.Key_Left, ALT | CTRL)
    a = win.annotations.get(ann.id)
    thumb = EMOJI_TEXT.index("👍")
    assert (a.start, a.text) == (thumb, "👍🏽 from Shri Amit Shah")  # never half the emoji
    hl = next(h for h in view.highlights() if h.ann_id == ann.id)
    assert hl.start16 == len(EMOJI_TEXT[:thumb].encode("utf-16-le")) // 2
    qtbot.keyClick(view, Qt.Key.Key_Right, ALT | CTRL)
    assert win.annotations.get(ann.id).text == "from Shri Amit Shah"
