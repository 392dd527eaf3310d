"""The Review menu in the main window: independent mode with undo, and the corpus
agreement dialog (computed off the GUI thread)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTableWidget

from pibdesk.core.review import ReviewMode

from .layers import CULTURE, SHARED, build_layers


def test_independent_mode_hides_other_editors_and_undoes(
    qtbot: Any, open_window: Any, db_path: Path, raw_dir: Path
) -> None:
    from pibdesk.services.review import ReviewService
    from pibdesk.storage.db import Database

    db = Database(db_path)
    built = build_layers(db, raw_dir)
    db.dispose()
    win = open_window(db_path, author="asha")
    assert win.select_release(built.pks[SHARED])  # shared: asha sees chitra's mark too
    assert sorted(a.author for a in win._anns) == ["asha", "chitra"]
    action = win.review_tools.independent_action
    assert not action.isChecked()
    action.trigger()  # Review > Annotate this release independently
    assert action.isChecked()
    assert [a.author for a in win._anns] == ["asha"]
    assert win.panel_title.text() == "1 annotation: yours only (annotated independently)"
    review = ReviewService(win.annotations.db)
    assert review.info(built.pks[SHARED]).mode is ReviewMode.INDEPENDENT
    qtbot.keyClick(win.text_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert review.info(built.pks[SHARED]).mode is ReviewMode.SHARED
    assert not action.isChecked()
    assert sorted(a.author for a in win._anns) == ["asha", "chitra"]
    # another independent release: only asha's own
    assert win.select_release(built.pks[CULTURE])
    assert action.isChecked()
    assert [a.text for a in win._anns] == ["Mahatma Gandhi"]


def test_agreement_dialog_shows_the_corpus_table(
    qtbot: Any, open_window: Any, db_path: Path, raw_dir: Path
) -> None:
    from pibdesk.storage.db import Database

    db = Database(db_path)
    build_layers(db, raw_dir)
    db.dispose()
    win = open_window(db_path, author="rita")
    qtbot.keyClick(
        win.text_view, Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dlg = win.findChild(QDialog, "agreementDialog")
    assert dlg is not None
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=20000)
    table = dlg.findChild(QTableWidget, "agreementTable")
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    person, topic = rows["Person"], rows["Topic"]
    # pooled over the two independent releases (hand computation in test_review_service):
    # Person alpha 1 - 825/6885 = 0.880, kappa 3040/3455 = 0.880, F1 exact 2/3
    assert [table.item(person, c).text() for c in (1, 2, 3, 4, 6)] == [
        "asha / bala", "0.880", "0.880", "0.667", "83",
    ]
    # Topic alpha 1 - 4455/5733 = 0.223, kappa 990/3231 = 0.306, F1 exact 1/2
    assert [table.item(topic, c).text() for c in (2, 3, 4)] == ["0.223", "0.306", "0.500"]
    assert dlg.note.text().startswith("2 release(s) annotated independently")
    dlg.close()
