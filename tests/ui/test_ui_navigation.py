"""Context menu marking, panel click scrolling to a far annotation, undo across releases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import drag_select, export_rows
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest

LONG = "txt_1598364.txt"  # 27 KB, many screens long
FOUNDING = "txt_1583904.txt"


@pytest.fixture()
def two_db(db_path: Path, raw_dir: Path) -> Path:
    from pibdesk.services.corpus import CorpusService
    from pibdesk.storage.db import Database

    db = Database(db_path)
    report = CorpusService(db).import_paths([raw_dir / FOUNDING, raw_dir / LONG])
    db.dispose()
    assert report.count("imported") == 2, report.to_json()
    return db_path


LONG_TITLE = "Year End Review"  # txt_1598364 (a scraper copy) has no Release ID


def _open(win: Any, key: int | str) -> None:
    """Select a release in the list by Release ID or by a piece of its title."""
    model = win.release_model

    def hit(r: int) -> bool:
        s = model.summary(r)
        return s.release_id == key if isinstance(key, int) else key in s.title

    row = next(r for r in range(model.rowCount()) if hit(r))
    win.release_list.selectRow(row)
    assert win.current_release().id == model.summary(row).id


def test_context_menu_marks_the_selection(
    qtbot: Any, open_window: Any, two_db: Path, tmp_path: Path
) -> None:
    win = open_window(two_db)
    _open(win, 1583904)
    view = win.text_view
    text = win.current_release().text
    start = text.index("Article 370")
    menu = view.build_context_menu(QPoint(5, 5))
    assert not menu.findChild(QAction, "markAsTopic").isEnabled()  # nothing selected yet
    drag_select(qtbot, view, start, start + len("Article 370"))
    menu = view.build_context_menu(view.cursor_rect_at(start).center().toPoint())
    names = [a.text() for a in menu.actions() if a.text()]
    assert names[:3] == ["Mark as Person", "Mark as Statement", "Mark as Topic"]
    assert "Select All" in " ".join(names).replace("&", "")
    menu.findChild(QAction, "markAsTopic").trigger()
    rows = {r["release_id"]: r for r in export_rows(two_db, tmp_path)}
    (ann,) = rows[1583904]["annotations"]
    assert (ann["label"], ann["text"], ann["start"]) == ("Topic", "Article 370", start)


def test_panel_click_scrolls_to_a_far_annotation(
    qtbot: Any, open_window: Any, two_db: Path
) -> None:
    from pibdesk.core.model import NewAnnotation

    win = open_window(two_db)
    _open(win, LONG_TITLE)
    text = win.current_release().text
    view = win.text_view
    # one annotation near the top, one near the end (made through the service: another
    # window's work), then picked up by the window
    near = text.index("Sanskriti")
    far = text.rindex("Ministry")
    for s, n in ((near, len("Sanskriti")), (far, len("Ministry"))):
        win.annotations.create(NewAnnotation(win.current_release().id, s, s + n, "Topic", author="x"))
    win.poll_changes()
    assert win.panel.model().rowCount() == 2
    view.verticalScrollBar().setValue(0)
    qtbot.wait(10)
    assert not view.viewport().rect().contains(view.cursor_rect_at(far).center().toPoint())

    panel = win.panel
    row_rect = panel.visualRect(panel.model().index(1, 1))
    QTest.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, row_rect.center())
    qtbot.wait(10)
    assert view.current_annotation() == panel.current_id()
    assert view.viewport().rect().contains(view.cursor_rect_at(far).center().toPoint())
    (hl,) = [h for h in view.highlights() if h.ann_id == panel.current_id()]
    assert text[view.utf16_index.to_codepoint(hl.start16):view.utf16_index.to_codepoint(hl.end16)] == "Ministry"


def test_undo_after_switching_release_goes_back_to_it(
    qtbot: Any, open_window: Any, two_db: Path, tmp_path: Path
) -> None:
    win = open_window(two_db)
    _open(win, 1583904)
    text = win.current_release().text
    start = text.index("Shri Rajnath Singh")
    drag_select(qtbot, win.text_view, start, start + len("Shri Rajnath Singh"))
    qtbot.keyClick(win.text_view, Qt.Key.Key_P)
    _open(win, LONG_TITLE)
    win.text_view.setFocus()
    qtbot.keyClick(win.text_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert win.current_release().release_id == 1583904  # shown where the change happened
    rows = {r["release_id"]: r for r in export_rows(two_db, tmp_path)}
    assert rows[1583904]["annotations"] == []
    assert win.panel.model().rowCount() == 0
