"""The release list: lazy fetching, filter box, sorting, Alt+Down/Alt+Up, header."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

FILES = [
    "txt_1583904.txt",
    "txt_1598376.txt",
    "txt_1604789.txt",
    "txt_1611180.txt",
    "txt_1620754.txt",
    "txt_1629096.txt",
    "txt_1629120.txt",
    "html_2296750.html",
]


@pytest.fixture()
def corpus_db(db_path: Path, raw_dir: Path) -> Path:
    from pibdesk.services.corpus import CorpusService
    from pibdesk.storage.db import Database

    db = Database(db_path)
    report = CorpusService(db).import_paths([raw_dir / f for f in FILES])
    db.dispose()
    assert report.count("imported") == len(FILES), report.to_json()
    return db_path


def _titles(model: Any) -> list[str]:
    return [model.summary(r).title for r in range(model.rowCount())]


def test_list_fetches_lazily_filters_sorts_and_steps(
    qtbot: Any, open_window: Any, corpus_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pibdesk.ui.release_model import COL_POSTED, COL_TITLE, ReleaseTableModel

    monkeypatch.setattr(ReleaseTableModel, "BATCH", 3)
    win = open_window(corpus_db)
    table = win.findChild(type(win.release_list), "releaseList")
    model = table.model()
    assert model.total() == len(FILES)
    # newest first from the database, fetched in batches as the view asks for them
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == len(FILES)
    posted = [model.summary(r).posted_at for r in range(model.rowCount())]
    assert posted == sorted(posted, reverse=True)
    founding = next(r for r in range(model.rowCount()) if model.summary(r).release_id == 1583904)
    assert model.index(founding, COL_POSTED).data() == "02 Sep 2019"
    assert model.index(founding, COL_POSTED).data(Qt.ItemDataRole.ToolTipRole) == "02 Sep 2019, 19:22 IST"
    assert win.current_release().id == model.summary(0).id  # the first one is open

    # Alt+Down opens the next release, Alt+Up goes back
    first, second = model.summary(0).id, model.summary(1).id
    qtbot.keyClick(win.text_view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert win.current_release().id == second
    qtbot.keyClick(win.text_view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert win.current_release().id == first

    # clicking the Title header sorts by title
    header = table.horizontalHeader()
    QTest.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        _section_center(header, COL_TITLE),
    )
    while model.canFetchMore():  # sorted in the database, paged like the default order
        model.fetchMore()
    titles = _titles(model)
    assert len(titles) == len(FILES)
    assert titles == sorted(titles, key=str.casefold) or titles == sorted(
        titles, key=str.casefold, reverse=True
    )

    # the filter box narrows the list (title, ministry or Release ID)
    box = win.findChild(type(win.filter_box), "releaseFilter")
    box.setFocus()
    # label keys typed in the filter box are text, not "mark as Person/Statement/Topic"
    qtbot.keyClicks(box, "pst")
    assert box.text() == "pst" and win.undo_stack.count() == 0
    box.clear()
    qtbot.keyClicks(box, "defence")
    qtbot.waitUntil(lambda: model.total() < len(FILES))
    ministries = {model.summary(r).ministry for r in range(model.rowCount())}
    assert model.total() == 2 and ministries == {"Ministry of Defence"}
    box.clear()
    qtbot.keyClicks(box, "1583904")
    qtbot.waitUntil(lambda: model.total() == 1)
    assert model.summary(0).release_id == 1583904


def _section_center(header: Any, section: int) -> Any:
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return QPoint(x, header.height() // 2)


def test_header_shows_metadata_in_ist(qtbot: Any, open_window: Any, corpus_db: Path) -> None:
    win = open_window(corpus_db)
    row = win.release_model.row_of(
        next(
            win.release_model.summary(r).id
            for r in range(win.release_model.rowCount())
            if win.release_model.summary(r).release_id == 1583904
        )
    )
    assert row is not None
    win.release_list.selectRow(row)
    html = win.findChild(type(win.header), "releaseHeader").text()
    for part in (
        "Ministry of Defence",
        "02 Sep 2019, 19:22 IST",
        "PIB Delhi",
        "1583904",
        "744 visitors",
        "English",
        "ABB/Nampi/DK/Savvy/MTJ/ADA",
    ):
        assert part in html, part
    # the translations are named once, on the line under the header (as links when stored)
    assert "Urdu" not in html
    assert "Other languages: Urdu, Malayalam" in win.corpus_tools.extras.text()
