"""Offsets across the Qt boundary, highlight geometry, overlap, refusal, delete, words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import caret_point, drag_select, export_rows
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtTest import QTest

from pibdesk.ui.text_view import BAR_HEIGHT, BAR_PITCH

# An emoji with a skin-tone modifier (2 astral code points = 4 UTF-16 units) and a
# Devanagari word with a virama and vowel signs come before the span.
TEXT = (
    "Greeting 👋🏽 नमस्ते दुनिया — then the meeting.\n\n"
    "Later Shri Amit Shah met the press in New Delhi and said, "
    "“We will finish the work on time.”\n"
)
PERSON = "Shri Amit Shah"
STATEMENT = "We will finish the work on time."


@pytest.fixture()
def mixed_db(db_path: Path) -> Path:
    from pibdesk.core.model import ParsedRelease
    from pibdesk.services.corpus import CorpusService
    from pibdesk.storage.db import Database

    db = Database(db_path)
    CorpusService(db).import_parsed(ParsedRelease(title="Mixed scripts", text=TEXT, release_id=42))
    db.dispose()
    return db_path


def _rgb(c: QColor) -> tuple[int, int, int]:
    return c.red(), c.green(), c.blue()


def _tinted_towards(pixel: QColor, color: QColor, base: QColor) -> bool:
    """True if ``pixel`` lies between ``base`` and ``color`` (a translucent fill of it)."""
    if _rgb(pixel) == _rgb(base):
        return False
    return all(
        min(b, c) - 2 <= p <= max(b, c) + 2
        for p, b, c in zip(_rgb(pixel), _rgb(base), _rgb(color), strict=True)
    )


def test_offsets_are_code_points_and_highlight_covers_exactly_the_span(
    qtbot: Any, open_window: Any, mixed_db: Path, tmp_path: Path
) -> None:
    win = open_window(mixed_db)
    view = win.text_view
    start = TEXT.index(PERSON)
    end = start + len(PERSON)
    utf16_start = len(TEXT[:start].encode("utf-16-le")) // 2
    assert utf16_start == start + 2  # the two astral code points

    drag_select(qtbot, view, start, end)
    assert view.textCursor().selectionStart() == utf16_start
    qtbot.keyClick(view, Qt.Key.Key_P)

    ann = export_rows(mixed_db, tmp_path)[0]["annotations"][0]
    assert (ann["start"], ann["end"], ann["text"]) == (start, end, PERSON)

    # geometry: the painted rectangle runs from the caret before "S" to the caret after "h"
    win.panel.clearSelection()
    (hl,) = view.highlights()
    assert (hl.start16, hl.end16) == (utf16_start, utf16_start + len(PERSON))
    (rect,) = view.span_rects(hl.start16, hl.end16)
    assert abs(rect.left() - view.cursor_rect_at(start).left()) <= 1
    assert abs(rect.right() - view.cursor_rect_at(end).left()) <= 1

    # pixels: tinted inside the span, untouched just outside it (above the glyphs)
    img = view.viewport().grab().toImage()
    base = view.palette().color(view.viewport().backgroundRole())
    blue = QColor("#4e79a7")
    y = int(rect.top()) + 1
    assert _tinted_towards(img.pixelColor(int(rect.left()) + 2, y), blue, base)
    assert _tinted_towards(img.pixelColor(int(rect.right()) - 2, y), blue, base)
    assert _rgb(img.pixelColor(int(rect.left()) - 2, y)) == _rgb(base)
    assert _rgb(img.pixelColor(int(rect.right()) + 3, y)) == _rgb(base)
    assert view.labels_at(start - 1) == [] and view.labels_at(end) == []
    assert view.labels_at(start) == ["Person"] and view.labels_at(end - 1) == ["Person"]


def test_overlapping_spans_both_stay_visible(
    qtbot: Any, open_window: Any, mixed_db: Path, tmp_path: Path
) -> None:
    win = open_window(mixed_db)
    view = win.text_view
    # a Statement over the whole sentence, and a Person inside it
    s0 = TEXT.index("Shri Amit Shah met")
    s1 = TEXT.index("New Delhi") + len("New Delhi")
    p0, p1 = s0, s0 + len(PERSON)
    drag_select(qtbot, view, s0, s1)
    qtbot.keyClick(view, Qt.Key.Key_S)
    drag_select(qtbot, view, p0, p1)
    qtbot.keyClick(view, Qt.Key.Key_P)
    labels = {
        a["label"]: (a["start"], a["end"])
        for a in export_rows(mixed_db, tmp_path)[0]["annotations"]
    }
    assert labels == {"Statement": (s0, s1), "Person": (p0, p1)}
    assert view.labels_at(p0) == ["Statement", "Person"]
    assert view.labels_at(p1 + 1) == ["Statement"]

    win.panel.clearSelection()
    img = view.viewport().grab().toImage()
    base = view.palette().color(view.viewport().backgroundRole())
    blue, orange = QColor("#4e79a7"), QColor("#f28e2b")
    (person_rect,) = view.span_rects(*_u16(view, p0, p1))
    only_statement_x = int(view.cursor_rect_at(p1 + 5).left())
    y_top = int(person_rect.top()) + 1
    both = img.pixelColor(int(person_rect.center().x()), y_top)
    only = img.pixelColor(only_statement_x, y_top)
    assert _tinted_towards(only, orange, base)
    assert _rgb(both) != _rgb(only) and not _tinted_towards(both, orange, base)
    # stacked underline bars: the outer Statement at the bottom, the nested Person above it
    x = int(person_rect.center().x())
    bottom = person_rect.bottom()
    statement_bar = img.pixelColor(x, int(bottom - BAR_HEIGHT / 2))
    person_bar = img.pixelColor(x, int(bottom - BAR_HEIGHT / 2 - BAR_PITCH))
    assert _rgb(statement_bar) == _rgb(orange)
    assert _rgb(person_bar) == _rgb(blue)


def _u16(view: Any, a: int, b: int) -> tuple[int, int]:
    idx = view.utf16_index
    return idx.to_utf16(a), idx.to_utf16(b)


def test_whitespace_selection_is_refused(
    qtbot: Any, open_window: Any, mixed_db: Path, tmp_path: Path
) -> None:
    win = open_window(mixed_db)
    view = win.text_view
    gap = TEXT.index("  ") if "  " in TEXT else TEXT.index("\n\n")
    view.select_codepoints(gap, gap + 2)
    qtbot.keyClick(view, Qt.Key.Key_T)
    assert export_rows(mixed_db, tmp_path)[0]["annotations"] == []
    assert "empty selection" in win.statusBar().currentMessage()
    assert win.undo_stack.count() == 0
    # no selection at all
    view.setTextCursor(QTextCursor(view.document()))
    qtbot.keyClick(view, Qt.Key.Key_T)
    assert export_rows(mixed_db, tmp_path)[0]["annotations"] == []
    assert "Select some text" in win.statusBar().currentMessage()


def test_selection_is_trimmed_and_widened_to_grapheme_clusters(
    qtbot: Any, open_window: Any, mixed_db: Path, tmp_path: Path
) -> None:
    win = open_window(mixed_db)
    view = win.text_view
    word = "नमस्ते"
    w0 = TEXT.index(word)
    # from inside the emoji sequence (between 👋 and its skin tone) to before the final
    # vowel sign of नमस्ते, with the spaces: stored as the whole emoji ... whole word
    e0 = TEXT.index("👋") + 1
    cur = QTextCursor(view.document())
    idx = view.utf16_index
    cur.setPosition(idx.to_utf16(e0))
    cur.setPosition(idx.to_utf16(w0 + len(word) - 1), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cur)
    qtbot.keyClick(view, Qt.Key.Key_T)
    (ann,) = export_rows(mixed_db, tmp_path)[0]["annotations"]
    assert ann["text"] == "👋🏽 " + word
    assert (ann["start"], ann["end"]) == (TEXT.index("👋"), w0 + len(word))


def test_double_click_selects_a_whole_devanagari_word(
    qtbot: Any, open_window: Any, mixed_db: Path
) -> None:
    win = open_window(mixed_db)
    view = win.text_view
    word = "दुनिया"
    w0 = TEXT.index(word)
    rect = view.cursor_rect_at(w0 + 2)  # inside the word, after the first cluster
    QTest.mouseDClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        rect.center().toPoint(),
    )
    assert view.selection_codepoints() == (w0, w0 + len(word))


def test_delete_key_removes_selected_annotation_and_undo_restores_it(
    qtbot: Any, open_window: Any, mixed_db: Path, tmp_path: Path
) -> None:
    win = open_window(mixed_db)
    view = win.text_view
    s0 = TEXT.index(STATEMENT)
    drag_select(qtbot, view, s0, s0 + len(STATEMENT))
    qtbot.keyClick(view, Qt.Key.Key_S)
    (before,) = export_rows(mixed_db, tmp_path)[0]["annotations"]
    assert before["text"] == STATEMENT

    # click the row in the panel, then press Delete there
    panel = win.findChild(type(win.panel), "annotationList")
    row_rect = panel.visualRect(panel.model().index(0, 1))
    QTest.mouseClick(
        panel.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        row_rect.center(),
    )
    assert panel.current_id() == before["id"]
    assert view.current_annotation() == before["id"]
    qtbot.keyClick(panel, Qt.Key.Key_Delete)
    assert export_rows(mixed_db, tmp_path)[0]["annotations"] == []
    assert panel.model().rowCount() == 0 and view.highlights() == []

    qtbot.keyClick(panel, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    (after,) = export_rows(mixed_db, tmp_path)[0]["annotations"]
    assert after == before
    qtbot.keyClick(panel, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert export_rows(mixed_db, tmp_path)[0]["annotations"] == []


def test_clicking_a_highlight_selects_its_annotation(
    qtbot: Any, open_window: Any, mixed_db: Path
) -> None:
    win = open_window(mixed_db)
    view = win.text_view
    p0 = TEXT.index(PERSON)
    drag_select(qtbot, view, p0, p0 + len(PERSON))
    qtbot.keyClick(view, Qt.Key.Key_P)
    win.panel.clearSelection()
    assert win.panel.current_id() is None
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        caret_point(view, p0 + 3),
    )
    assert win.panel.current_id() == view.highlights()[0].ann_id


def test_keyboard_selection_then_label_key(
    qtbot: Any, open_window: Any, mixed_db: Path, tmp_path: Path
) -> None:
    win = open_window(mixed_db)
    view = win.text_view
    p0 = TEXT.index(PERSON)
    cur = QTextCursor(view.document())
    cur.setPosition(view.utf16_index.to_utf16(p0))
    view.setTextCursor(cur)
    view.setFocus()
    for _ in range(len("Shri Amit")):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.selection_codepoints() == (p0, p0 + len("Shri Amit"))
    qtbot.keyClick(view, Qt.Key.Key_P)
    (ann,) = export_rows(mixed_db, tmp_path)[0]["annotations"]
    assert (ann["label"], ann["text"]) == ("Person", "Shri Amit")


def test_overlay_widgets_stay_pinned_when_the_text_scrolls(qtbot: Any, open_window: Any, raw_dir: Path, db_path: Path) -> None:
    """An add-on overlay (a viewport-sized child drawing with span_rects) must not be
    dragged along by scrolling, or its marks land one scroll distance off."""
    from PySide6.QtWidgets import QWidget

    from pibdesk.services.corpus import CorpusService
    from pibdesk.storage.db import Database

    db = Database(db_path)
    CorpusService(db).import_paths([raw_dir / "txt_1598364.txt"])
    db.dispose()
    win = open_window(db_path)
    view = win.text_view
    overlay = QWidget(view.viewport())
    overlay.setGeometry(view.viewport().rect())
    overlay.show()
    view.verticalScrollBar().setValue(12)
    qtbot.wait(10)
    assert view.verticalScrollBar().value() == 12
    assert overlay.pos().x() == 0 and overlay.pos().y() == 0


def test_a_selection_edge_inside_a_surrogate_pair_never_splits_it(
    qtbot: Any, open_window: Any, mixed_db: Path, tmp_path: Path
) -> None:
    win = open_window(mixed_db)
    view = win.text_view
    wave = TEXT.index("👋")
    u16 = view.utf16_index.to_utf16(wave)
    cur = QTextCursor(view.document())
    cur.setPosition(u16 + 1)  # between the high and the low surrogate of 👋
    cur.setPosition(view.utf16_index.to_utf16(TEXT.index("नमस्ते")), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cur)
    qtbot.keyClick(view, Qt.Key.Key_T)
    (ann,) = export_rows(mixed_db, tmp_path)[0]["annotations"]
    assert ann["start"] == wave and ann["text"] == "👋🏽"
    assert ann["text"].encode("utf-16-le").decode("utf-16-le") == ann["text"]  # no lone surrogate
