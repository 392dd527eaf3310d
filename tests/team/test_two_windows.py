"""Two windows on one PostgreSQL database: a span marked in one appears in the other
without a manual refresh (issue 9, "Done when"), and a claim shows in the other's list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from pibdesk.services.claims import ClaimService
from pibdesk.services.corpus import CorpusService
from pibdesk.storage.db import Database

FOUNDING = "txt_1583904.txt"


def _point(view: Any, cp: int, *, after: bool = False) -> QPoint:
    cur = QTextCursor(view.document())
    cur.setPosition(view.utf16_index.to_utf16(cp))
    r = view.cursorRect(cur)
    return QPoint(r.left() - 1 if after else r.left() + 2, r.center().y())


def _drag(qtbot: Any, view: Any, start: int, end: int) -> None:
    cur = QTextCursor(view.document())
    cur.setPosition(view.utf16_index.to_utf16(start))
    view.setTextCursor(cur)
    view.centerCursor()
    qtbot.wait(10)
    a, b = _point(view, start), _point(view, end, after=True)
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    QTest.mouseMove(vp, b)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def _window(qtbot: Any, url: str, author: str) -> Any:
    from pibdesk.app import create_main_window

    win = create_main_window(url, author=author)
    qtbot.addWidget(win)
    win.resize(1300, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_span_marked_in_one_window_appears_in_the_other(
    pg_db: Database, qtbot: Any, raw_dir: Path
) -> None:
    report = CorpusService(pg_db).import_paths([raw_dir / FOUNDING])
    assert [o.status for o in report.outcomes] == ["imported"]
    a = _window(qtbot, pg_db.url, "anita")
    b = _window(qtbot, pg_db.url, "ravi")
    try:
        assert a.live.mode == b.live.mode == "listen"
        b._poll_timer.stop()  # only LISTEN/NOTIFY may bring the news to B
        rel = a.current_release()
        assert rel is not None and b.current_release().id == rel.id
        assert b.panel.model_.rowCount() == 0
        start = rel.text.index("Rajnath Singh")
        a.activateWindow()
        qtbot.waitUntil(lambda: a.isActiveWindow())
        _drag(qtbot, a.text_view, start, start + len("Rajnath Singh"))
        assert a.text_view.selection_codepoints() == (start, start + 13)
        qtbot.keyClick(a.text_view, Qt.Key.Key_P)
        assert a.panel.model_.rowCount() == 1

        qtbot.waitUntil(lambda: b.panel.model_.rowCount() == 1, timeout=5000)
        seen = b._anns[0]
        assert (seen.start, seen.end, seen.label, seen.author) == (start, start + 13, "Person", "anita")
        assert b.text_view.toPlainText()[start : start + 13] == "Rajnath Singh"

        # a claim by anita shows in ravi's release list, again without a refresh
        from pibdesk.ui.release_model import COL_EDITOR

        ClaimService(pg_db).claim(rel.id, "anita")
        row = b.release_model.row_of(rel.id)
        qtbot.waitUntil(
            lambda: b.release_model.index(row, COL_EDITOR).data() == "anita", timeout=5000
        )
    finally:
        a.close()
        b.close()
