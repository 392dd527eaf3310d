"""The curation view driven by mouse and keys: two editors' layers of the founding
release (:mod:`layers`), a reviewer merges the agreements, accepts, rejects and edits the
three disagreements, undoes and redoes, then exports the curated layer from File > Export…."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
)

from pibdesk.core.review import Decision

from .layers import FOUNDING, build_layers


def _click_row(qtbot: Any, table: QTableView, text: str, label: str) -> None:
    model = table.model()
    for r in range(model.rowCount()):
        if model.index(r, 0).data() == text and model.index(r, 1).data() == label:
            table.scrollTo(model.index(r, 0))
            rect = table.visualRect(model.index(r, 0))
            qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            assert table.currentIndex().row() == r
            return
    raise AssertionError(f"no row {text!r} {label}")


def _decisions(win: Any) -> dict[tuple[str, str], Decision]:
    return {(r.text, r.candidate.label): r.decision for r in win.curation.rows}


def _final_column(table: QTableView, text: str, label: str) -> str:
    model = table.model()
    col = model.final_column()
    for r in range(model.rowCount()):
        if model.index(r, 0).data() == text and model.index(r, 1).data() == label:
            return str(model.index(r, col).data())
    raise AssertionError(text)


def test_curate_three_disagreements_by_mouse_then_export(
    qtbot: Any, open_window: Any, db_path: Path, raw_dir: Path, tmp_path: Path
) -> None:
    from pibdesk.storage.db import Database

    db = Database(db_path)
    built = build_layers(db, raw_dir)
    db.dispose()
    pk, text = built.pks[FOUNDING], built.texts[FOUNDING]

    # an editor in the main window sees only their own layer of the independent release
    win = open_window(db_path, author="asha")
    assert win.select_release(pk)
    assert sorted(a.text for a in win._anns) == ["Article 370", "Rajnath Singh", "Takeshi lwaya"]
    assert win.panel_title.text() == "3 annotations: yours only (annotated independently)"
    assert win.review_tools.independent_action.isChecked()
    # the reviewer opens the curation view from the Review menu's key
    win.author = "rita"
    win._refresh_annotations()
    assert win._anns == []  # rita made no annotation of her own here
    qtbot.keyClick(win.text_view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    cur = win.review_tools.windows.get(pk)
    assert cur is not None
    qtbot.waitExposed(cur)
    table = cur.findChild(QTableView, "curationTable")
    model = table.model()
    # one column per editor, aligned by span
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Text", "Label", "Span", "asha", "bala", "Final (curated)", "Status"]
    summary = cur.findChild(QLabel, "curationSummary").text()
    assert "5 candidates" in summary and "<b>2</b> agreed" in summary
    assert "<b>3</b> disagreements, 3 open" in summary
    agreement = cur.findChild(QTableWidget, "agreementTable")
    person_row = next(r for r in range(agreement.rowCount()) if agreement.item(r, 0).text() == "Person")
    # alpha 2372/2907 = 0.816, kappa 1196/1466 = 0.816, F1 exact 0.5, overlap 1.0
    assert [agreement.item(person_row, c).text() for c in range(2, 6)] == [
        "0.816", "0.816", "0.500", "1.000",
    ]

    # agreements: one click
    merge = cur.findChild(QPushButton, "mergeAgreements")
    assert merge.text() == "Accept agreements (2)"
    qtbot.mouseClick(merge, Qt.MouseButton.LeftButton)
    assert _final_column(table, "Takeshi lwaya", "Person") == "✓ in final"
    assert _final_column(table, "Article 370", "Topic") == "✓ in final"
    assert not merge.isEnabled()

    # disagreement 1: accept asha's "Rajnath Singh"
    _click_row(qtbot, table, "Rajnath Singh", "Person")
    qtbot.mouseClick(cur.findChild(QPushButton, "acceptButton"), Qt.MouseButton.LeftButton)
    assert _final_column(table, "Rajnath Singh", "Person") == "✓ in final"
    # disagreement 2: reject bala's "Shri Rajnath Singh"
    _click_row(qtbot, table, "Shri Rajnath Singh", "Person")
    qtbot.mouseClick(cur.findChild(QPushButton, "rejectButton"), Qt.MouseButton.LeftButton)
    assert _final_column(table, "Shri Rajnath Singh", "Person") == "✗ rejected"
    # disagreement 3: edit bala's "DefExpo 2020" down to "DefExpo", then accept
    _click_row(qtbot, table, "DefExpo 2020", "Topic")
    qtbot.mouseClick(cur.findChild(QPushButton, "editButton"), Qt.MouseButton.LeftButton)
    dlg = cur.findChild(QDialog, "curationEditDialog")
    qtbot.waitUntil(lambda: dlg.isVisible())
    end = dlg.findChild(QSpinBox, "editEnd")
    s, e = built.span(FOUNDING, "DefExpo")
    end.setFocus()
    end.selectAll()
    qtbot.keyClicks(end, str(e))
    assert end.value() == e
    assert dlg.findChild(QLabel, "editPreview").text() == "“DefExpo”"
    assert dlg.findChild(QComboBox, "editLabel").currentText() == "Topic"
    ok = dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert _final_column(table, "DefExpo 2020", "Topic") == "✎ replaced by edit"
    assert _final_column(table, "DefExpo", "Topic") == "✓ in final"
    assert "0 open" in cur.findChild(QLabel, "curationSummary").text()

    # undo the edit with the button, redo it with the key
    undo = cur.findChild(QPushButton, "undoButton")
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    d = _decisions(cur)
    assert d[("DefExpo 2020", "Topic")] is Decision.OPEN and ("DefExpo", "Topic") not in d
    qtbot.mouseClick(cur.findChild(QPushButton, "redoButton"), Qt.MouseButton.LeftButton)
    assert _decisions(cur)[("DefExpo", "Topic")] is Decision.ACCEPTED
    # undo the reject too and do it again with the R key on the table
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)  # the redone edit
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)  # the reject
    assert _decisions(cur)[("Shri Rajnath Singh", "Person")] is Decision.OPEN
    qtbot.mouseClick(cur.findChild(QPushButton, "redoButton"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(cur.findChild(QPushButton, "redoButton"), Qt.MouseButton.LeftButton)
    assert _decisions(cur) == {
        ("Shri Rajnath Singh", "Person"): Decision.REJECTED,
        ("Rajnath Singh", "Person"): Decision.ACCEPTED,
        ("Takeshi lwaya", "Person"): Decision.ACCEPTED,
        ("Article 370", "Topic"): Decision.ACCEPTED,
        ("DefExpo", "Topic"): Decision.ACCEPTED,
        ("DefExpo 2020", "Topic"): Decision.REPLACED,
    }
    qtbot.mouseClick(cur.findChild(QPushButton, "curatedButton"), Qt.MouseButton.LeftButton)
    assert "curated)" in cur.findChild(QLabel, "curationSummary").text()

    # File > Export…: the curated layer only, native JSONL
    export = next(
        act for top in win.menuBar().actions() if top.text() == "&File"
        for act in top.menu().actions() if act.text() == "&Export…"
    )
    export.trigger()
    dlg = win.findChild(QDialog, "exportDialog")
    qtbot.waitUntil(lambda: dlg is not None and dlg.isVisible())
    layer = dlg.findChild(QComboBox, "exportLayer")
    assert [layer.itemData(i) for i in range(layer.count())] == [
        None, "curated", "asha", "bala", "chitra",
    ]
    layer.setFocus()
    qtbot.keyClick(layer, Qt.Key.Key_Down)  # every layer -> curated
    assert layer.currentData() == "curated"
    count = dlg.findChild(QLabel, "exportCount")
    qtbot.waitUntil(lambda: count.text() == "1 releases, 4 annotations")
    out = tmp_path / "curated.jsonl"
    path = dlg.findChild(QLineEdit, "exportPath")
    path.clear()
    qtbot.keyClicks(path, str(out))
    qtbot.mouseClick(dlg.findChild(QPushButton, "exportButton"), Qt.MouseButton.LeftButton)
    result = dlg.findChild(QLabel, "exportResult")
    qtbot.waitUntil(lambda: result.text().startswith("Wrote"), timeout=10000)
    (line,) = out.read_text(encoding="utf-8").splitlines()
    doc = json.loads(line)
    got = sorted((a["start"], a["end"], a["label"], a["author"]) for a in doc["annotations"])
    want = sorted(
        (*built.span(FOUNDING, w), lab, "rita")
        for w, lab in (("Rajnath Singh", "Person"), ("Takeshi lwaya", "Person"),
                       ("Article 370", "Topic"), ("DefExpo", "Topic"))
    )
    assert got == want
    assert [text[a:b] for a, b, _, _ in got] == [text[a:b] for a, b, _, _ in want]
    dlg.close()
    cur.close()
