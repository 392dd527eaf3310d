"""Label keys and colours come from the database's label schema, not from code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import drag_select, export_rows
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

TEXT = "The Chief Minister met officials in Bhubaneswar on Monday.\n"


def test_a_new_label_with_its_key_works(qtbot: Any, open_window: Any, db_path: Path, tmp_path: Path) -> None:
    from pibdesk.core.model import ParsedRelease
    from pibdesk.services.corpus import CorpusService
    from pibdesk.storage.db import Database
    from pibdesk.storage.repositories import LabelRepository

    db = Database(db_path)
    CorpusService(db).import_parsed(ParsedRelease(title="Places", text=TEXT, release_id=7))
    with db.session() as s:
        LabelRepository(s).upsert("Place", "#9c27b0", "L")
    db.dispose()

    win = open_window(db_path)
    assert "Place" in win.label_actions
    view = win.text_view
    start = TEXT.index("Bhubaneswar")
    end = start + len("Bhubaneswar")
    drag_select(qtbot, view, start, end)
    qtbot.keyClick(view, Qt.Key.Key_L)
    (ann,) = export_rows(db_path, tmp_path)[0]["annotations"]
    assert (ann["label"], ann["start"], ann["end"]) == ("Place", start, end)

    # drawn in the label's own colour
    win.panel.clearSelection()
    (rect,) = view.span_rects(view.utf16_index.to_utf16(start), view.utf16_index.to_utf16(end))
    img = view.viewport().grab().toImage()
    bar = img.pixelColor(int(rect.center().x()), int(rect.bottom() - 1))
    assert bar.name() == QColor("#9c27b0").name()
    # a key no label uses marks nothing
    drag_select(qtbot, view, 0, 3)
    qtbot.keyClick(view, Qt.Key.Key_Q)
    assert len(export_rows(db_path, tmp_path)[0]["annotations"]) == 1
