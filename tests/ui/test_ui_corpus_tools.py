"""Corpus tools in the real window: File > Import folder (background, progress, report,
export), Cancel mid-import, the search field, list filters, revision diff, languages."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

FOUNDING = "txt_1583904.txt"


def _file_menu_action(win: Any, text: str) -> Any:
    menu = win.menuBar().actions()[0].menu()
    assert menu.title() == "&File"
    for act in menu.actions():
        if act.text().replace("&", "") == text:
            return act
    raise AssertionError(f"no File > {text}: {[a.text() for a in menu.actions()]}")


def _wait_report(qtbot: Any, tools: Any, before: Any = None) -> Any:
    qtbot.waitUntil(
        lambda: (
            tools.importer.report_dialog is not None
            and tools.importer.report_dialog is not before
            and tools.importer.report_dialog.isVisible()
        ),
        timeout=120_000,
    )
    return tools.importer.report_dialog


def test_file_import_folder_runs_in_background_and_reports(
    qtbot: Any, open_window: Any, db_path: Path, raw_dir: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    from pibdesk.ui import corpus_tools

    win = open_window(db_path)
    tools = win.corpus_tools
    monkeypatch.setattr(
        corpus_tools.QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(raw_dir))
    )
    _file_menu_action(win, "Import folder…").trigger()
    assert tools.importer.busy() or tools.importer.report_dialog is not None
    report_dlg = _wait_report(qtbot, tools)
    t = report_dlg.report.totals()
    assert (t["imported"], t["failed"], t["present"]) == (35, 2, 0)
    assert "<b>35</b> imported" in report_dlg.summary.text()
    table = report_dlg.table
    assert table.item(0, 0).text() == "failed"  # failures first, with their reasons
    assert "not a PIB release page" in table.item(0, 3).text()
    assert win.release_model.total() == 35
    assert "Ministry of Defence" in [
        tools.filter_bar.ministry.itemText(i) for i in range(tools.filter_bar.ministry.count())
    ]

    out = tmp_path / "report.json"
    monkeypatch.setattr(
        corpus_tools.QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), ""))
    )
    qtbot.mouseClick(report_dlg.export_button, Qt.MouseButton.LeftButton)
    assert json.loads(out.read_text(encoding="utf-8"))["totals"]["imported"] == 35
    report_dlg.close()

    _file_menu_action(win, "Import folder…").trigger()
    again = _wait_report(qtbot, tools, before=report_dlg)
    assert again.report.totals() == {
        "imported": 0,
        "present": 35,
        "revised": 0,
        "updated": 0,
        "failed": 2,
    }


def test_cancel_mid_import_leaves_whole_releases(
    qtbot: Any, open_window: Any, db_path: Path, corpus_dir: Path, tmp_path: Path
) -> None:
    rows = (
        (corpus_dir / "datasets" / "pib_direct_2026_articles.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as fh:
        for i in range(2000):
            row = json.loads(rows[i % len(rows)])
            row["prid"] = 7_000_000 + i
            row["body_text"] = f"{row['body_text']}\nVariant {i}."
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    win = open_window(db_path)
    tools = win.corpus_tools
    assert tools.start_import([str(big)])
    qtbot.waitUntil(lambda: tools.importer.progress_dialog.value() >= 300, timeout=120_000)
    dlg = tools.importer.progress_dialog
    cancel = next(b for b in dlg.findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    report = _wait_report(qtbot, tools).report
    assert report.cancelled and 0 < report.count("imported") < 2000
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = con.execute("select count(*) from release").fetchone()[0]
        assert n == report.count("imported") and n % 250 == 0  # whole batches only
        assert con.execute("select count(*) from release_revision").fetchone()[0] == n
    finally:
        con.close()


def test_search_field_opens_the_release_at_the_hit(
    qtbot: Any, open_window: Any, db_path: Path, raw_dir: Path
) -> None:
    from pibdesk.services.corpus import CorpusService
    from pibdesk.storage.db import Database

    db = Database(db_path)
    CorpusService(db).import_paths([raw_dir])
    db.dispose()
    win = open_window(db_path)
    box = win.findChild(object, "searchBox")
    assert box is win.corpus_tools.search_panel.box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(box, '"Article 370"')
    qtbot.keyClick(box, Qt.Key.Key_Return)
    rel = win.current_release()
    assert rel is not None and rel.release_id == 1583904
    assert win.text_view.selection_codepoints() is not None
    s, e = win.text_view.selection_codepoints()
    assert rel.text[s:e] == "Article 370" and rel.text[:s].endswith("abrogation of ")
    model = win.corpus_tools.search_panel.model
    assert "<b>Article 370</b>" in model.data(model.index(0, 0), model.HTML_ROLE)

    box.clear()
    box.insert("परिभाषा")  # as an input method commits it (QTest types ASCII only)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert win.current_release().language == "hi"


def test_filters_feed_the_release_list(
    qtbot: Any, open_window: Any, db_path: Path, raw_dir: Path
) -> None:
    from pibdesk.services.corpus import CorpusService
    from pibdesk.storage.db import Database

    db = Database(db_path)
    CorpusService(db).import_paths([raw_dir])
    db.dispose()
    win = open_window(db_path)
    bar = win.corpus_tools.filter_bar
    bar.language.setCurrentIndex(bar.language.findData("hi"))
    qtbot.waitUntil(lambda: win.release_model.total() < 35)
    assert {win.release_model.summary(i).language for i in range(win.release_model.rowCount())} == {
        "hi"
    }
    bar.language.setCurrentIndex(0)
    bar.bureau.setCurrentIndex(bar.bureau.findData("PIB Mumbai"))
    qtbot.waitUntil(
        lambda: all(
            win.release_model.summary(i).bureau == "PIB Mumbai"
            for i in range(win.release_model.rowCount())
        )
    )
    assert 0 < win.release_model.total() < 35


def test_revision_diff_and_other_languages_in_the_header(
    qtbot: Any, open_window: Any, db_path: Path, raw_dir: Path, tmp_path: Path
) -> None:
    from pibdesk.core.model import ParsedRelease
    from pibdesk.parsing import parse_file
    from pibdesk.services.corpus import CorpusService
    from pibdesk.storage.db import Database

    db = Database(db_path)
    svc = CorpusService(db)
    pk = svc.import_paths([raw_dir / FOUNDING]).outcomes[0].release_pk
    page = parse_file(raw_dir / "html_2296750.html")
    page_pk = svc.import_parsed(page).release_pk
    target = next(t for t in page.translations if t.release_id)
    other = svc.import_parsed(
        ParsedRelease(
            title="अनुवाद",
            text="अनुवाद\n\nपाठ",
            release_id=target.release_id,
            language=target.language,
        )
    ).release_pk
    db.dispose()
    fixed = tmp_path / FOUNDING
    fixed.write_text(
        (raw_dir / FOUNDING).read_text(encoding="utf-8").replace("lwaya", "Iwaya"), encoding="utf-8"
    )

    win = open_window(db_path)
    tools = win.corpus_tools
    assert tools.start_import([str(fixed)])
    _wait_report(qtbot, tools)
    win.corpus_tools.open_release(pk)
    assert "Revision 2" in tools.extras.text() and tools.extras.isVisible()
    tools.extras.linkActivated.emit("diff")
    dlg = tools.diff_dialog
    assert dlg is not None and dlg.isVisible()
    assert "lwaya" in dlg.view.toPlainText() and "Iwaya" in dlg.view.toPlainText()

    # an annotation whose words the new revision lost: flagged, and the link selects it
    from pibdesk.core.model import NewAnnotation

    rel = win.current_release()
    s = rel.text.index("Ichigaya")
    ann = win.annotations.create(NewAnnotation(pk, s, s + 8, "Topic"))
    gone = tmp_path / "gone" / FOUNDING
    gone.parent.mkdir()
    gone.write_text(
        fixed.read_text(encoding="utf-8").replace("at Ichigaya in Tokyo", "in Japan"),
        encoding="utf-8",
    )
    before = tools.importer.report_dialog
    assert tools.start_import([str(gone)])
    report = _wait_report(qtbot, tools, before=before).report
    assert report.outcomes[0].needs_review == 1
    win.corpus_tools.open_release(pk)
    assert "1 annotation(s) need review" in tools.extras.text()
    tools.extras.linkActivated.emit("review")
    assert win.panel.current_id() == ann.id

    win.corpus_tools.open_release(page_pk)
    assert "Other languages:" in tools.extras.text() and f"open:{other}" in tools.extras.text()
    # said once: the header above leaves languages (and the revision) to this line
    assert "also in" not in win.header.text() and "text revision" not in win.header.text()
    assert "Release ID" in win.header.text()
    tools.extras.linkActivated.emit(f"open:{other}")
    assert win.current_release().id == other
    assert f"open:{page_pk}" in tools.extras.text()


def test_dropping_files_on_the_window_imports_them(
    qtbot: Any, open_window: Any, db_path: Path, raw_dir: Path
) -> None:
    from PySide6.QtCore import QMimeData, QPoint, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    win = open_window(db_path)
    mime = QMimeData()
    mime.setUrls(
        [
            QUrl.fromLocalFile(str(raw_dir / FOUNDING)),
            QUrl.fromLocalFile(str(raw_dir / "txt_1628325_hi.txt")),
        ]
    )
    enter = QDragEnterEvent(
        QPoint(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(win, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(win, drop)
    report = _wait_report(qtbot, win.corpus_tools).report
    assert [o.status for o in report.outcomes] == ["imported", "imported"]
    assert win.release_model.total() == 2
