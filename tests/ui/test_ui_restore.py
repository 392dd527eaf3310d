"""File > Restore from backup… (issue 8 §3): the dialog by mouse, and the whole flow on
the real main window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pibdesk.core.model import NewAnnotation
from pibdesk.services.backup import list_backups, make_backup
from pibdesk.storage.db import Database
from pibdesk.ui.restore_dialog import RestoreDialog, install, restore_from_backup


def _click_row(qtbot: Any, dlg: RestoreDialog, row: int) -> None:
    table = dlg.table
    rect = table.visualRect(table.model().index(row, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_dialog_lists_backups_and_returns_the_clicked_one(qtbot: Any, founding_db: Path) -> None:
    from pibdesk.services.annotations import AnnotationService

    db = Database(founding_db)
    first = make_backup(db, "daily")
    AnnotationService(db).create(NewAnnotation(1, 0, 6, "Topic"))
    make_backup(db, "manual")
    backups = list_backups(db)
    dlg = RestoreDialog(backups)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    assert dlg.table.rowCount() == 2
    # newest first: the manual one holds the annotation, the daily one none
    assert [dlg.table.item(r, 1).text() for r in range(2)] == ["manual", "daily"]
    assert [dlg.table.item(r, 3).text() for r in range(2)] == ["1", "0"]
    assert [dlg.table.item(r, 2).text() for r in range(2)] == ["1", "1"]
    assert not dlg.restore_button.isEnabled()
    _click_row(qtbot, dlg, 1)
    assert dlg.restore_button.isEnabled()
    with qtbot.waitSignal(dlg.accepted):
        QTest.mouseClick(dlg.restore_button, Qt.MouseButton.LeftButton)
    chosen = dlg.selected()
    assert chosen is not None and chosen.path == first
    db.dispose()


def test_restore_flow_on_the_main_window(open_window: Any, founding_db: Path) -> None:
    win = open_window(founding_db)
    db = win.db
    # opening the window made the day's backup and put the action in the File menu
    assert [b.kind for b in list_backups(db)] == ["daily"]
    file_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&File")
    names = [a.objectName() for a in file_menu.actions()]
    assert names.count("restoreBackupAction") == 1

    pk = win.current_release().id
    text = win.current_release().text
    s = text.index("Rajnath Singh")
    kept = win.annotations.create(NewAnnotation(pk, s, s + 13, "Person", author="tester"))
    make_backup(db, "manual")
    win.annotations.delete(kept.id)
    later = win.annotations.create(NewAnnotation(pk, 0, 6, "Topic", author="tester"))
    win.open_release(pk)
    assert [a.id for a in win.annotations.for_release(pk)] == [later.id]

    seen: list[int] = []

    def choose(backups: list[Any]) -> Any:
        seen.append(len(backups))
        return next(b for b in backups if b.kind == "manual")

    restored = restore_from_backup(win, db, choose=choose, confirm=lambda b: True)
    assert restored is not None and seen == [2]
    # the window shows the restored content; undo history is gone
    assert [a.id for a in win._anns] == [kept.id]
    assert win.undo_stack.count() == 0
    assert "Restored the backup" in win.statusBar().currentMessage()
    # the state before the restore is itself a backup now
    kinds = sorted(b.kind for b in list_backups(db))
    assert kinds == ["daily", "manual", "prerestore"]
    # and annotating goes on in the restored database
    again = win.annotations.create(NewAnnotation(pk, 0, 6, "Topic", author="tester"))
    assert {a.id for a in win.annotations.for_release(pk)} == {kept.id, again.id}


def test_failed_daily_backup_is_shown_and_not_fatal(
    open_window: Any, founding_db: Path, monkeypatch: Any
) -> None:
    import pibdesk.ui.restore_dialog as rd
    from pibdesk.services.backup import BackupError

    def broken(db: Database, now: object = None) -> None:
        raise BackupError(f"{db.path}: disk full")

    monkeypatch.setattr(rd, "maybe_daily_backup", broken)
    win = open_window(founding_db)
    assert "Daily backup failed" in win.statusBar().currentMessage()
    assert "disk full" in win.statusBar().currentMessage()
    assert win.current_release() is not None  # the app works on
    # installing again without the daily step adds one more action, nothing else
    assert install(win, win.db, daily=False) is not None


def test_the_demo_window_writes_no_daily_backup(qtbot: Any, founding_db: Path) -> None:
    from pibdesk.app import create_main_window

    win = create_main_window(founding_db, author="tester", daily_backup=False)
    qtbot.addWidget(win)
    try:
        assert list_backups(win.db) == []  # a throwaway database needs none
        file_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&File")
        assert "restoreBackupAction" in [a.objectName() for a in file_menu.actions()]
    finally:
        win.close()
