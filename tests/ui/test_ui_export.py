"""File > Export… and File > Import annotations…, driven with mouse and keys (pytest-qt)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTextBrowser,
)

from pibdesk.core.model import NewAnnotation


def _seed(db_path: Path) -> str:
    """Two annotations (Person, Topic) on the founding release; returns its text."""
    from pibdesk.services.annotations import AnnotationService
    from pibdesk.services.corpus import CorpusService
    from pibdesk.storage.db import Database

    db = Database(db_path)
    (summary,) = CorpusService(db).summaries()
    text = CorpusService(db).release(summary.id).text
    svc = AnnotationService(db)
    s = text.index("Rajnath Singh")
    svc.create(NewAnnotation(summary.id, s, s + 13, "Person", author="t"))
    svc.create(NewAnnotation(summary.id, 0, 20, "Topic", author="t"))
    db.dispose()
    return text


def _action(win: Any, text: str) -> Any:
    for menu_action in win.menuBar().actions():
        if menu_action.text() == "&File":
            for act in menu_action.menu().actions():
                if act.text() == text:
                    return act
    raise AssertionError(f"no File menu entry {text!r}")


def test_export_dialog(qtbot: Any, open_window: Any, founding_db: Path, tmp_path: Path) -> None:
    text = _seed(founding_db)
    win = open_window(founding_db)
    _action(win, "&Export…").trigger()
    dlg = win.findChild(QDialog, "exportDialog")
    qtbot.waitUntil(lambda: dlg is not None and dlg.isVisible())
    count = dlg.findChild(QLabel, "exportCount")
    assert count.text() == "1 releases, 2 annotations"

    # tick the Person label with mouse and space bar: the count follows before writing
    labels = dlg.findChild(QListWidget, "exportLabels")
    person = labels.findItems("Person", Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(
        labels.viewport(), Qt.MouseButton.LeftButton, pos=labels.visualItemRect(person).center()
    )
    qtbot.keyClick(labels, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: count.text() == "1 releases, 1 annotations")

    # choose doccano by typing in the format box, type the path, press Export
    fmt = dlg.findChild(QComboBox, "exportFormat")
    fmt.setFocus()
    qtbot.keyClicks(fmt, "doccano")
    assert fmt.currentData() == "doccano"
    out = tmp_path / "picked.jsonl"
    path = dlg.findChild(QLineEdit, "exportPath")
    path.clear()
    qtbot.keyClicks(path, str(out))
    qtbot.mouseClick(dlg.findChild(QPushButton, "exportButton"), Qt.MouseButton.LeftButton)
    result = dlg.findChild(QLabel, "exportResult")
    qtbot.waitUntil(lambda: result.text().startswith("Wrote"), timeout=10000)
    assert "Wrote 1 releases, 1 annotations" in result.text()
    (line,) = out.read_text(encoding="utf-8").splitlines()
    obj = json.loads(line)
    s = text.index("Rajnath Singh")
    assert obj["label"] == [[s, s + 13, "Person"]] and obj["text"] == text
    assert win.statusBar().currentMessage().startswith("Wrote 1 releases")
    # Cancel with no export running closes the dialog
    qtbot.mouseClick(dlg.findChild(QPushButton, "exportCancel"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.isVisible())


def test_import_annotations_dialog(
    qtbot: Any, open_window: Any, founding_db: Path, tmp_path: Path
) -> None:
    from pibdesk.services.export import ExportService
    from pibdesk.storage.db import Database

    _seed(founding_db)
    db = Database(founding_db)
    out = tmp_path / "set.json"
    ExportService(db).export("labelstudio", out)
    db.dispose()
    payload = json.loads(out.read_text(encoding="utf-8"))
    payload[0]["annotations"][0]["result"][0]["value"]["labels"] = ["Scheme"]  # one new span
    out.write_text(json.dumps(payload), encoding="utf-8")

    win = open_window(founding_db)
    _action(win, "Import &annotations…").trigger()
    dlg = win.findChild(QDialog, "importAnnotationsDialog")
    qtbot.waitUntil(lambda: dlg is not None and dlg.isVisible())
    qtbot.keyClicks(dlg.findChild(QLineEdit, "importAnnotationsPath"), str(out))
    report = dlg.findChild(QTextBrowser, "importAnnotationsReport")
    qtbot.mouseClick(
        dlg.findChild(QPushButton, "importAnnotationsPreview"), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: "Preview" in report.toPlainText(), timeout=10000)
    assert "added 1, merged 1, refused 0" in report.toPlainText()
    assert len(win.annotations.for_release(win.current_release().id)) == 2  # preview stored nothing
    qtbot.mouseClick(dlg.findChild(QPushButton, "importAnnotationsRun"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Imported:" in report.toPlainText(), timeout=10000)
    assert "New labels: Scheme" in report.toPlainText()
    anns = win.annotations.for_release(win.current_release().id)
    assert sorted(a.label for a in anns) == ["Person", "Scheme", "Topic"]


def test_export_dialog_cancel_runs_off_the_gui_thread(qtbot: Any, tmp_path: Path) -> None:
    """Cancel stops a running export; the export runs on a pool thread, not the GUI's."""
    import threading
    import time

    from pibdesk.export.base import ExportCancelled
    from pibdesk.services.export import AnnotationSelection
    from pibdesk.ui.export_dialog import ExportDialog

    seen: dict[str, Any] = {}

    class SlowService:
        def count(self, selection: AnnotationSelection) -> tuple[int, int]:
            return 3, 7

        def editor_names(self) -> list[str]:
            return []

        def export(self, fmt: str, path: str, selection: Any, progress: Any, cancel: Any) -> Any:
            seen["thread"] = threading.current_thread()
            for i in range(3000):  # at most 30 s, unless cancelled
                progress(i, 3000, f"release {i}")
                if cancel():
                    seen["cancelled_at"] = i
                    raise ExportCancelled("export cancelled")
                time.sleep(0.01)
            raise AssertionError("never cancelled")

    dlg = ExportDialog(SlowService(), ["Person"], [])  # type: ignore[arg-type]
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.findChild(QLabel, "exportCount").text() == "3 releases, 7 annotations"
    qtbot.keyClicks(dlg.findChild(QLineEdit, "exportPath"), str(tmp_path / "x.jsonl"))
    qtbot.mouseClick(dlg.findChild(QPushButton, "exportButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dlg.findChild(type(dlg.progress), "exportProgress").value() > 5, timeout=10000
    )
    assert dlg.busy()
    qtbot.mouseClick(dlg.findChild(QPushButton, "exportCancel"), Qt.MouseButton.LeftButton)
    result = dlg.findChild(QLabel, "exportResult")
    qtbot.waitUntil(lambda: "cancelled" in result.text(), timeout=10000)
    assert dlg.isVisible() and not dlg.busy()  # cancel stopped the export, not the dialog
    assert seen["thread"] is not threading.main_thread() and seen["cancelled_at"] > 5
