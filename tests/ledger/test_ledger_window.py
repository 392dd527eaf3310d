"""View > Quote ledger in the real main window, driven with mouse and keys: open it with
Ctrl+Shift+L, sort by clicking a header, filter by typing, double-click a row to open the
statement in the text, edit Kind and Speaker in place (F2, keys, Enter) and undo each with
Ctrl+Z; group repeated quotes with the check box."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ledger_helpers import accept_suggested, import_files
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox

from pibdesk.core.model import EntityKind, StatementKind
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.entities import EntityService
from pibdesk.storage.db import Database
from pibdesk.ui.ledger_view import COL_KIND, COL_QUOTE, COL_REPEATED, COL_SPEAKER, COL_TOPIC

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture()
def ledger_db(db_path: Path, raw_dir: Path) -> dict[str, Any]:
    db = Database(db_path)
    founding, en, hi = import_files(
        db, raw_dir / "txt_1583904.txt", raw_dir / "txt_1620591.txt",
        raw_dir / "txt_1620591_hi.txt")
    n = sum(accept_suggested(db, pk) for pk in (founding, en, hi))
    es = EntityService(db)
    ids = {name: es.search(name, EntityKind.PERSON)[0].entity.id
           for name in ("Narendra Modi", "Amit Shah", "Rajnath Singh")}
    topic = es.create(EntityKind.TOPIC, "India-Japan defence ties").id
    db.dispose()
    return {"path": db_path, "founding": founding, "en": en, "hi": hi, "n": n, "ids": ids,
            "topic": topic}


@pytest.fixture()
def window(qtbot: Any, ledger_db: dict[str, Any]) -> Any:
    from pibdesk.app import create_main_window

    win = create_main_window(ledger_db["path"], author="tester")
    qtbot.addWidget(win)
    win.resize(1500, 1000)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: win.isActiveWindow())
    yield win
    win.close()


def _header_click(qtbot: Any, table: Any, col: int) -> None:
    hh = table.horizontalHeader()
    x = hh.sectionViewportPosition(col) + hh.sectionSize(col) // 2
    qtbot.mouseClick(hh.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, hh.height() // 2))


def _cell_click(qtbot: Any, table: Any, row: int, col: int, double: bool = False) -> None:
    ix = table.model().index(row, col)
    table.scrollTo(ix)
    pos = table.visualRect(ix).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    if double:  # a person's double-click: press, release, then the double-click press
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _row_of(model: Any, start: str, release_pk: int | None = None) -> int:
    for i in range(model.rowCount()):
        r = model.row(i)
        if r.quote.startswith(start) and (release_pk is None or r.release_pk == release_pk):
            return i
    raise AssertionError(f"no ledger row starting {start!r}")


def _editor(table: Any, name: str) -> QComboBox:
    open_ = [e for e in table.findChildren(QComboBox, name) if e.isVisible()]
    assert len(open_) == 1, name  # closed editors may linger until deleted
    return open_[0]


def test_ledger_window_sort_filter_open_edit_undo(
    qtbot: Any, window: Any, ledger_db: dict[str, Any]
) -> None:
    view = window.ledger_view
    with qtbot.waitSignal(view.loaded, timeout=30000):
        qtbot.keyClick(window, Qt.Key.Key_L, CTRL | SHIFT)
    assert window.ledger_dock.isVisible()
    table, model = view.table, view.model
    assert model.rowCount() == ledger_db["n"] >= 10
    # sorted by posted time at first (undated Hindi copy last)
    assert model.row(0).speaker == "Rajnath Singh" and model.row(0).release_id == 1583904
    assert model.row(model.rowCount() - 1).posted_at is None

    # -- sort: a click on the Speaker header, then another for descending
    _header_click(qtbot, table, COL_SPEAKER)
    speakers = [model.row(i).speaker for i in range(model.rowCount())]
    named = [s for s in speakers if s]
    assert named == sorted(named, key=str.casefold) and speakers[0] == "Amit Shah"
    assert speakers[-1] is None  # no speaker found: last
    _header_click(qtbot, table, COL_SPEAKER)
    assert model.row(0).speaker == "Rajnath Singh" and model.row(model.rowCount() - 1).speaker is None

    # -- filter by typing
    qtbot.mouseClick(view.filter_box, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(view.filter_box, "shinzo excellent")
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=5000)
    target = model.row(0)
    assert target.quote.startswith("The meeting with the Prime Minister of Japan")
    assert (target.speaker, target.office) == ("Rajnath Singh", "Raksha Mantri")
    assert table.model().data(table.model().index(0, 7)) == "02 Sep 2019 19:22"

    # -- double-click opens the release with the statement selected in the text
    _cell_click(qtbot, table, 0, COL_QUOTE, double=True)
    qtbot.waitUntil(lambda: window.current_release() is not None
                    and window.current_release().id == ledger_db["founding"], timeout=10000)
    qtbot.waitUntil(lambda: window.panel.current_id() == target.annotation_id, timeout=5000)
    assert window.text_view.current_annotation() == target.annotation_id

    # clear the filter with the keyboard
    qtbot.mouseClick(view.filter_box, Qt.MouseButton.LeftButton)
    qtbot.keyClick(view.filter_box, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(view.filter_box, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: model.rowCount() == ledger_db["n"], timeout=5000)

    # -- in-place edit of Kind: F2, Up Up (social -> reported -> direct), Enter
    svc = AnnotationService(Database(ledger_db["path"]))
    row = _row_of(model, "Had an extremely fruitful")
    aid = model.row(row).annotation_id
    assert model.row(row).kind == StatementKind.SOCIAL
    _cell_click(qtbot, table, row, COL_KIND)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    ed = _editor(table, "ledgerKindEditor")
    assert ed.currentText() == "social media post"
    qtbot.keyClick(ed, Qt.Key.Key_Up)
    qtbot.keyClick(ed, Qt.Key.Key_Up)
    qtbot.keyClick(ed, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: svc.get(aid).statement_kind == StatementKind.DIRECT, timeout=5000)
    row = model.row_of(aid)
    assert model.data(model.index(row, COL_KIND)) == "direct quote"

    # -- in-place edit of Speaker: F2, type a registry name, Enter
    _cell_click(qtbot, table, row, COL_SPEAKER)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    ed = _editor(table, "ledgerSpeakerEditor")
    assert ed.currentText() == "Rajnath Singh"
    qtbot.keyClick(ed.lineEdit(), Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(ed.lineEdit(), "Narendra Modi")
    qtbot.keyClick(ed.lineEdit(), Qt.Key.Key_Return)
    if ed.isVisible():  # the completer popup took the first Enter
        qtbot.keyClick(ed.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: svc.get(aid).speaker_id == ledger_db["ids"]["Narendra Modi"],
                    timeout=5000)
    row = model.row_of(aid)
    assert model.data(model.index(row, COL_SPEAKER)) == "Narendra Modi"
    assert model.row(row).office == "Prime Minister"  # held on 02 Sep 2019
    assert svc.get(aid).statement_kind == StatementKind.DIRECT

    # -- Ctrl+Z twice: the speaker comes back, then the kind (the window's undo stack)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: svc.get(aid).speaker_id == ledger_db["ids"]["Rajnath Singh"],
                    timeout=5000)
    row = model.row_of(aid)
    assert model.data(model.index(row, COL_SPEAKER)) == "Rajnath Singh"
    assert model.row(row).office == "Raksha Mantri"
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: svc.get(aid).statement_kind == StatementKind.SOCIAL, timeout=5000)
    row = model.row_of(aid)
    assert model.data(model.index(row, COL_KIND)) == "social media post"
    # and redo
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL | SHIFT)
    qtbot.waitUntil(lambda: svc.get(aid).statement_kind == StatementKind.DIRECT, timeout=5000)

    # -- Topic: a name that is not in the registry is refused, a listed one is linked
    row = model.row_of(aid)
    _cell_click(qtbot, table, row, COL_TOPIC)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    ed = _editor(table, "ledgerTopicEditor")
    assert ed.currentText() == "(no topic)"
    qtbot.keyClick(ed.lineEdit(), Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(ed.lineEdit(), "No such topic")
    qtbot.keyClick(ed.lineEdit(), Qt.Key.Key_Return)
    assert not ed.isVisible()
    assert svc.get(aid).topic_id is None
    assert "not in the registry" in window.statusBar().currentMessage()
    _cell_click(qtbot, table, row, COL_TOPIC)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    ed = _editor(table, "ledgerTopicEditor")
    qtbot.keyClick(ed.lineEdit(), Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(ed.lineEdit(), "India-Japan defence ties")
    qtbot.keyClick(ed.lineEdit(), Qt.Key.Key_Return)
    if ed.isVisible():  # the completer popup took the first Enter
        qtbot.keyClick(ed.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: svc.get(aid).topic_id == ledger_db["topic"], timeout=5000)
    assert model.data(model.index(model.row_of(aid), COL_TOPIC)) == "India-Japan defence ties"
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: svc.get(aid).topic_id is None, timeout=5000)
    assert model.data(model.index(model.row_of(aid), COL_TOPIC)) == ""
    svc.db.dispose()


def test_ledger_groups_repeated_quotes(qtbot: Any, window: Any, ledger_db: dict[str, Any]) -> None:
    view = window.ledger_view
    with qtbot.waitSignal(view.loaded, timeout=30000):
        qtbot.keyClick(window, Qt.Key.Key_L, CTRL | SHIFT)
    model = view.model
    n = model.rowCount()
    qtbot.mouseClick(view.grouped_box, Qt.MouseButton.LeftButton)
    assert view.grouped_box.isChecked()
    assert model.rowCount() == n - 1  # Amit Shah's Hindi tweet, quoted in both releases
    row = _row_of(model, "भारत अपने वीर कोरोना योद्धाओं को सलाम")
    assert model.row(row).release_pk == ledger_db["en"]  # the dated one comes first
    assert model.data(model.index(row, COL_REPEATED)) == "2× 03 May 2020"
    assert "Said 2 times" in model.data(model.index(row, COL_REPEATED),
                                        Qt.ItemDataRole.ToolTipRole)
    assert view.status.text() == f"{n - 1} groups shown of {n} statements"
    qtbot.mouseClick(view.grouped_box, Qt.MouseButton.LeftButton)
    assert model.rowCount() == n


def test_ledger_follows_another_editors_change(
    qtbot: Any, window: Any, ledger_db: dict[str, Any]
) -> None:
    view = window.ledger_view
    with qtbot.waitSignal(view.loaded, timeout=30000):
        qtbot.keyClick(window, Qt.Key.Key_L, CTRL | SHIFT)
    model = view.model
    row = _row_of(model, "The meeting with the Prime Minister of Japan")
    aid = model.row(row).annotation_id
    other = AnnotationService(Database(ledger_db["path"]))  # a second editor's process
    ann = other.get(aid)
    other.update(aid, ann.row_version, statement_kind=StatementKind.REPORTED, editor="colleague")
    other.db.dispose()
    qtbot.waitUntil(
        lambda: model.data(model.index(model.row_of(aid), COL_KIND)) == "reported speech",
        timeout=15000)


def test_give_a_statement_without_speaker_its_speaker(
    qtbot: Any, window: Any, ledger_db: dict[str, Any]
) -> None:
    view = window.ledger_view
    with qtbot.waitSignal(view.loaded, timeout=30000):
        qtbot.keyClick(window, Qt.Key.Key_L, CTRL | SHIFT)
    table, model = view.table, view.model
    row = next(i for i in range(model.rowCount()) if model.row(i).speaker_id is None)
    aid = model.row(row).annotation_id
    assert model.data(model.index(row, COL_SPEAKER)) == "—"
    _cell_click(qtbot, table, row, COL_SPEAKER)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    ed = _editor(table, "ledgerSpeakerEditor")
    assert ed.currentText() == ""  # not the registry's first name
    qtbot.keyClick(ed.lineEdit(), Qt.Key.Key_Return)  # nothing typed: nothing written
    svc = AnnotationService(Database(ledger_db["path"]))
    assert svc.get(aid).speaker_id is None
    _cell_click(qtbot, table, model.row_of(aid), COL_SPEAKER)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    ed = _editor(table, "ledgerSpeakerEditor")
    qtbot.keyClicks(ed.lineEdit(), "Amit Shah")
    qtbot.keyClick(ed.lineEdit(), Qt.Key.Key_Return)
    if ed.isVisible():  # the completer popup took the first Enter
        qtbot.keyClick(ed.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: svc.get(aid).speaker_id == ledger_db["ids"]["Amit Shah"],
                    timeout=5000)
    assert model.data(model.index(model.row_of(aid), COL_SPEAKER)) == "Amit Shah"
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: svc.get(aid).speaker_id is None, timeout=5000)
    svc.db.dispose()
