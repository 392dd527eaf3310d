""""I am on it" in the window: one editor claims, the other sees it and is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from pibdesk.services.claims import ClaimService
from pibdesk.services.corpus import CorpusService
from pibdesk.storage.db import Database


def _window(qtbot: Any, name: str, author: str) -> Any:
    from pibdesk.app import create_main_window

    win = create_main_window(name, author=author)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_claim_by_shortcut_shows_in_the_other_window_and_blocks_it(
    db: Database, db_path: Path, qtbot: Any, raw_dir: Path
) -> None:
    from pibdesk.ui.release_model import COL_EDITOR

    CorpusService(db).import_paths([raw_dir / "txt_1583904.txt"])
    a = _window(qtbot, str(db_path), "anita")
    b = _window(qtbot, str(db_path), "ravi")
    try:
        pk = a.current_release().id
        a.activateWindow()
        qtbot.waitUntil(a.isActiveWindow)
        qtbot.keyClick(a.release_list, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert a.claim_action.isChecked()
        assert ClaimService(db).holder(pk).editor == "anita"  # type: ignore[union-attr]
        row = b.release_model.row_of(pk)
        # SQLite: B's watcher polls the change counter (0.5 s); no manual refresh
        qtbot.waitUntil(lambda: b.release_model.index(row, COL_EDITOR).data() == "anita", timeout=5000)

        b.claim_action.trigger()  # ravi tries to take it too
        assert not b.claim_action.isChecked()
        assert "being annotated by anita" in b.statusBar().currentMessage()
        assert ClaimService(db).holder(pk).editor == "anita"  # type: ignore[union-attr]

        a.claim_action.trigger()  # anita gives it up
        assert not a.claim_action.isChecked() and ClaimService(db).holder(pk) is None
        qtbot.waitUntil(lambda: b.release_model.index(row, COL_EDITOR).data() == "", timeout=5000)
    finally:
        a.close()
        b.close()
