"""A lost PostgreSQL connection shows a banner and retries; nothing reported done is lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.storage.db import Database


def _select(view: Any, start: int, end: int) -> None:
    cur = QTextCursor(view.document())
    cur.setPosition(view.utf16_index.to_utf16(start))
    cur.setPosition(view.utf16_index.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cur)


def test_banner_while_server_is_down_then_work_goes_on(
    pg_cluster: Any, pg_db: Database, qtbot: Any, raw_dir: Path
) -> None:
    from pibdesk.app import create_main_window

    report = CorpusService(pg_db).import_paths(
        [raw_dir / "txt_1583904.txt", raw_dir / "txt_1598364.txt"]
    )
    founding = report.outcomes[0].release_pk
    win = create_main_window(pg_db.url, author="anita")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    banner = win.connection_banner
    try:
        assert win.select_release(founding)
        rel = win.current_release()
        first = rel.text.index("Rajnath Singh")
        _select(win.text_view, first, first + 13)
        qtbot.keyClick(win.text_view, Qt.Key.Key_P)
        assert win.panel.model_.rowCount() == 1  # reported done: committed
        assert not banner.isVisible()

        pg_cluster.stop()
        try:
            second = rel.text.index("Defence")
            _select(win.text_view, second, second + 7)
            qtbot.keyClick(win.text_view, Qt.Key.Key_T)  # fails: the window must not crash
            qtbot.waitUntil(banner.isVisible, timeout=5000)
            assert "Connection to the database lost" in banner.label.text()
            assert win.statusBar().currentMessage().startswith("Not marked")
            assert win.panel.model_.rowCount() == 1
            # picking another release in the list meanwhile: reported, nothing lost
            win.release_list.setFocus()
            row = win.release_list.currentIndex().row()
            qtbot.keyClick(win.release_list, Qt.Key.Key_Up if row else Qt.Key.Key_Down)
            assert win.release_list.currentIndex().row() == row  # back on the open release
            assert win.current_release().id == rel.id
            assert win.statusBar().currentMessage().startswith("Could not open the release")
            assert win.panel.model_.rowCount() == 1
        finally:
            pg_cluster.restart()
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=30000)

        _select(win.text_view, second, second + 7)
        qtbot.keyClick(win.text_view, Qt.Key.Key_T)
        assert win.panel.model_.rowCount() == 2
    finally:
        win.close()
    stored = [(a.label, a.text) for a in AnnotationService(pg_db).for_release(rel.id)]
    assert sorted(stored) == [("Person", "Rajnath Singh"), ("Topic", "Defence")]
