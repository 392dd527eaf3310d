"""Helpers for driving the real main window with mouse and keys (pytest-qt)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

FOUNDING_NAME = "txt_1583904.txt"


@pytest.fixture()
def founding_db(db_path: Path, raw_dir: Path) -> Path:
    """A migrated database holding the founding example, imported by the real parser."""
    from pibdesk.services.corpus import CorpusService
    from pibdesk.storage.db import Database

    db = Database(db_path)
    report = CorpusService(db).import_paths([raw_dir / FOUNDING_NAME])
    db.dispose()
    assert [o.status for o in report.outcomes] == ["imported"], report.to_json()
    return db_path


@pytest.fixture()
def open_window(qtbot: Any) -> Iterator[Any]:
    """A factory ``open_window(db_path)`` giving a shown, active main window."""
    from pibdesk.app import create_main_window

    made: list[Any] = []

    def factory(db_path: Path, author: str = "tester") -> Any:
        win = create_main_window(db_path, author=author)
        qtbot.addWidget(win)
        win.resize(1300, 900)
        win.show()
        qtbot.waitExposed(win)
        win.activateWindow()
        qtbot.waitUntil(lambda: win.isActiveWindow())
        # the day's backup is written on a pool thread at start: let it finish, so a
        # test sees the backups (and the status bar) of a started window
        from pibdesk.ui.restore_dialog import DailyBackup

        daily = win.findChild(DailyBackup, "dailyBackup")
        if daily is not None:
            qtbot.waitUntil(lambda: not daily.busy, timeout=20000)
        made.append(win)
        return win

    yield factory
    for w in made:
        w.close()


def export_rows(db_path: Path, tmp_path: Path) -> list[dict[str, Any]]:
    """The native JSONL export of ``db_path``, parsed."""
    from pibdesk.services.export import export_jsonl
    from pibdesk.storage.db import Database

    db = Database(db_path)
    out = tmp_path / "export.jsonl"
    try:
        export_jsonl(db, out)
    finally:
        db.dispose()
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def caret_point(view: Any, cp: int, *, after: bool = False) -> QPoint:
    """Viewport pixel at the gap before code point ``cp`` (nudged inside the neighbour char)."""
    cur = QTextCursor(view.document())
    cur.setPosition(view.utf16_index.to_utf16(cp))
    r = view.cursorRect(cur)
    x = r.left() - 1 if after else r.left() + 2
    return QPoint(x, r.center().y())


def drag_select(qtbot: Any, view: Any, start: int, end: int) -> None:
    """Drag the mouse over code points ``start..end`` of the view's text, like an editor."""
    cur = QTextCursor(view.document())
    cur.setPosition(view.utf16_index.to_utf16(start))
    view.setTextCursor(cur)
    view.centerCursor()
    qtbot.wait(10)
    a = caret_point(view, start)
    b = caret_point(view, end, after=True)
    vp = view.viewport()
    assert vp.rect().contains(a) and vp.rect().contains(b), (a, b, vp.rect())
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    mid = QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2)
    QTest.mouseMove(vp, mid)
    QTest.mouseMove(vp, b)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
