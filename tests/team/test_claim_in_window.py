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


def test_marking_a_release_someone_else_claimed_works_and_names_them_once(
    db: Database, db_path: Path, qtbot: Any, raw_dir: Path
) -> None:
    """A claim does not lock: ravi may mark anita's release; the first mark there says
    she is on it, later marks do not repeat it."""
    from test_two_windows import _drag

    CorpusService(db).import_paths([raw_dir / "txt_1583904.txt"])
    win = _window(qtbot, str(db_path), "ravi")
    try:
        rel = win.current_release()
        ClaimService(db).claim(rel.id, "anita")  # another editor, another connection
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow)

        def mark(words: str, key: Qt.Key) -> str:
            start = rel.text.index(words)
            _drag(qtbot, win.text_view, start, start + len(words))
            assert win.text_view.selection_codepoints() == (start, start + len(words))
            qtbot.keyClick(win.text_view, key)
            message = win.statusBar().currentMessage()
            picker = win.entity_tools.picker
            if picker.isVisible():  # the entity autocomplete opened for the mark
                qtbot.keyClick(picker.query, Qt.Key.Key_Escape)
            return message

        first = mark("Rajnath Singh", Qt.Key.Key_P)
        assert first.startswith("Marked Person: “Rajnath Singh”")
        assert "anita is on this release (claimed since " in first
        second = mark("Takeshi", Qt.Key.Key_P)
        assert second.startswith("Marked Person: “Takeshi”") and "anita" not in second
        marked = [(a.text, a.author) for a in win.annotations.for_release(rel.id)]
        assert sorted(marked) == [("Rajnath Singh", "ravi"), ("Takeshi", "ravi")]
        assert ClaimService(db).holder(rel.id).editor == "anita"  # type: ignore[union-attr]
        assert not win.claim_action.isChecked()
    finally:
        win.close()
