"""The Entities dock driven as an editor does (issue 13: its table is a model/view over
the registry, loaded off the GUI thread): type in the filter, click the Annotations
header to sort, click one row and Ctrl+click another, press "Merge selected", undo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt

from pibdesk.ui.entities_view import COUNT_COLUMN, ID_ROLE


def _settled(qtbot: Any, tools: Any) -> None:
    qtbot.waitUntil(tools.suggestions_settled, timeout=20000)


def _click_row(qtbot: Any, table: Any, row: int, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    assert rect.isValid(), f"row {row} is not on screen"
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _shown(table: Any) -> list[tuple[str, int]]:
    m = table.model()
    return [(m.index(r, 0).data(), m.index(r, COUNT_COLUMN).data()) for r in range(m.rowCount())]


def test_filter_sort_select_merge_and_undo_by_mouse(qtbot: Any, open_window: Any, founding_db: Path) -> None:
    win = open_window(founding_db)
    tools = win.entity_tools
    _settled(qtbot, tools)
    tools.accept([s for s in tools.panel.items if s.label == "Person"])
    tools.entities_dock.raise_()
    view = tools.view
    qtbot.waitUntil(lambda: view.isVisible() and view.loaded(), timeout=10000)
    table = view.table

    # every registry entity is listed once, with the counts the database holds
    stored = {c.entity.name: c.annotations for c in tools.entities.counts()}
    qtbot.waitUntil(lambda: dict(_shown(table)) == stored, timeout=10000)
    assert stored["Rajnath Singh"] == 11 and stored["Shinzo Abe"] == 5

    # the filter is accent-, case- and honorific-insensitive, over names and aliases
    qtbot.keyClicks(view.filter, "SHINZO")
    assert [n for n, _c in _shown(table)] == ["Shinzo Abe"]
    view.filter.clear()
    assert len(_shown(table)) == len(stored)

    # click the Annotations header twice: most-linked first
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(COUNT_COLUMN) + header.sectionSize(COUNT_COLUMN) // 2
    for _ in range(2):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    counts = [c for _n, c in _shown(table)]
    assert counts == sorted(counts, reverse=True) and counts[0] == 11
    assert _shown(table)[0][0] == "Rajnath Singh"

    # narrow the list, click Takeshi Iwaya, Ctrl+click Shinzo Abe (the current row is kept)
    view.filter.setFocus()
    qtbot.keyClicks(view.filter, "a")  # both names hold an "a"; so do others
    names = [n for n, _c in _shown(table)]
    abe_row, iwaya_row = names.index("Shinzo Abe"), names.index("Takeshi Iwaya")
    _click_row(qtbot, table, iwaya_row)
    assert view.current_id() == table.model().index(iwaya_row, 0).data(ID_ROLE)
    _click_row(qtbot, table, abe_row, Qt.KeyboardModifier.ControlModifier)
    abe = table.model().index(abe_row, 0).data(ID_ROLE)
    iwaya = table.model().index(iwaya_row, 0).data(ID_ROLE)
    assert set(view.selected_ids()) == {abe, iwaya} and view.current_id() == abe
    linked = [a.id for a in win.annotations.for_release(win.current_release().id) if a.entity_id == iwaya]
    assert len(linked) == 3
    qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    assert all(win.annotations.get(a).entity_id == abe for a in linked)
    qtbot.waitUntil(view.loaded, timeout=10000)
    rows = {name: n for _i, name, n in view.rows()}
    assert rows.get("Shinzo Abe") == 8 and "Takeshi Iwaya" not in rows
    assert view.current_id() == abe  # the kept entity stays selected after the reload

    # Ctrl+Z in the window: Iwaya is back with its three links, the table follows
    win.text_view.setFocus()
    qtbot.keyClick(win.text_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert all(win.annotations.get(a).entity_id == iwaya for a in linked)
    qtbot.waitUntil(lambda: dict((n, c) for n, c in _shown(table)).get("Takeshi Iwaya") == 3, timeout=10000)
    assert dict(_shown(table))["Shinzo Abe"] == 5
