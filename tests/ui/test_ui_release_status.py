"""The annotation-status filter in the real window: marking a span by mouse and key
starts the release ("in progress"), Annotate > Mark release done (Ctrl+Shift+D or the
menu) finishes it, undo takes it back; the list's status filter follows each step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import drag_select
from PySide6.QtCore import Qt

from pibdesk.core.model import ReleaseStatus


def _annotate_action(win: Any, name: str) -> Any:
    for act in win.menuBar().actions():
        if act.text() == "&Annotate":
            for a in act.menu().actions():
                if a.objectName() == name:
                    return a
    raise AssertionError(f"no Annotate action {name}")


def _listed(win: Any) -> list[int]:
    return [win.release_model.summary(i).id for i in range(win.release_model.rowCount())]


def test_status_filter_follows_marking_and_mark_done(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    from pibdesk.services.corpus import CorpusService
    from pibdesk.storage.db import Database

    win = open_window(founding_db)
    rel = win.current_release()
    assert rel is not None and rel.release_id == 1583904
    pk = rel.id
    bar = win.corpus_tools.filter_bar
    view = win.text_view

    def show(status: ReleaseStatus) -> None:
        bar.status.setCurrentIndex(bar.status.findData(status.value))
        win.apply_filter()

    show(ReleaseStatus.IN_PROGRESS)
    assert win.release_model.total() == 0  # nothing marked yet
    show(ReleaseStatus.NOT_STARTED)
    assert _listed(win) == [pk]

    # mark "Takeshi lwaya" by drag and key P: the release is now in progress
    start = rel.text.index("Takeshi lwaya")
    drag_select(qtbot, view, start, start + 13)
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert [a.text for a in win.annotations.for_release(pk)] == ["Takeshi lwaya"]
    show(ReleaseStatus.IN_PROGRESS)
    assert _listed(win) == [pk]
    show(ReleaseStatus.NOT_STARTED)
    assert win.release_model.total() == 0

    # Annotate > Mark release done, by its shortcut
    show(ReleaseStatus.IN_PROGRESS)
    action = _annotate_action(win, "markDoneAction")
    assert action.shortcut().toString() == "Ctrl+Shift+D" and not action.isChecked()
    qtbot.keyClick(
        view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert action.isChecked()
    assert win.release_model.total() == 0  # the list refreshed: no longer in progress
    show(ReleaseStatus.DONE)
    assert _listed(win) == [pk]
    assert win.current_release().id == pk  # still open

    # undo (Ctrl+Z) takes it back to in progress; the menu entry marks it done again
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not action.isChecked() and win.release_model.total() == 0
    show(ReleaseStatus.IN_PROGRESS)
    assert _listed(win) == [pk]
    assert [a.text for a in win.annotations.for_release(pk)] == ["Takeshi lwaya"]  # kept
    action.trigger()
    show(ReleaseStatus.DONE)
    assert _listed(win) == [pk] and action.isChecked()
    # triggering it on a done release takes it back to in progress
    action.trigger()
    assert not action.isChecked()
    show(ReleaseStatus.IN_PROGRESS)
    assert _listed(win) == [pk]

    db = Database(founding_db)
    try:
        assert CorpusService(db).release(pk).status == ReleaseStatus.IN_PROGRESS
    finally:
        db.dispose()
