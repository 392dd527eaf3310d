"""Settings: label colours and keys in the database (validated, all or nothing), shown at
once by the text view; the editor's name in QSettings; the default timeline bucket."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from .helpers import annotations_of


def test_label_styles_validated_and_stored_together(db: Any) -> None:
    from pibdesk.services.settings import LabelStyle, SettingsError, SettingsService

    svc = SettingsService(db)
    before = svc.labels()
    assert [(lab.name, lab.shortcut) for lab in before] == [
        ("Person", "P"),
        ("Statement", "S"),
        ("Topic", "T"),
    ]
    with pytest.raises(SettingsError, match="labels Person and Topic both use the key T"):
        svc.save_label_styles(
            [LabelStyle("Person", "#112233", "t"), LabelStyle("Topic", "#59a14f", "T")]
        )
    with pytest.raises(SettingsError, match="labels Person and Statement both use the key P"):
        # Person keeps its P (not in the list): still a clash
        svc.save_label_styles([LabelStyle("Statement", "#f28e2b", "P")])
    with pytest.raises(SettingsError, match=r"label Topic: colour 'green' is not #rrggbb"):
        svc.save_label_styles([LabelStyle("Person", "#000000", "N"), LabelStyle("Topic", "green", "T")])
    with pytest.raises(SettingsError, match="must be one letter or digit"):
        svc.save_label_styles([LabelStyle("Person", "#000000", "+")])
    assert svc.labels() == before  # nothing half-stored

    after = svc.save_label_styles([LabelStyle("Person", "#AA3366", "n")])
    person = next(lab for lab in after if lab.name == "Person")
    assert (person.color, person.shortcut) == ("#aa3366", "N")
    assert [lab.shortcut for lab in after] == ["N", "S", "T"]


def test_timeline_bucket_setting(db: Any) -> None:
    from pibdesk.core.timeline import Bucket
    from pibdesk.services.settings import SettingsError, SettingsService

    svc = SettingsService(db)
    assert svc.timeline_bucket() is Bucket.MONTH
    svc.set_timeline_bucket("week")
    assert SettingsService(db).timeline_bucket() is Bucket.WEEK
    with pytest.raises(SettingsError, match="unknown timeline bucket 'fortnight'"):
        svc.set_timeline_bucket("fortnight")
    assert svc.timeline_bucket() is Bucket.WEEK


def _bar_pixel(view: Any, start: int, end: int) -> QColor:
    """Colour of the label bar (rank 0: the bottom 2 px of the span's first line)."""
    to16 = view.utf16_index.to_utf16
    rect = view.span_rects(to16(start), to16(end))[0]
    img = view.viewport().grab().toImage()
    dpr = img.devicePixelRatio()
    return QColor(img.pixel(int(rect.center().x() * dpr), int((rect.bottom() - 1) * dpr)))


def test_settings_dialog_recolours_and_rekeys(
    qtbot: Any, window: Any, founding_db: Path
) -> None:
    from pibdesk.ui import prefs
    from pibdesk.ui.settings_dialog import SettingsDialog

    win = window(founding_db)
    view = win.text_view
    text = win.current_release().text
    start = text.index("Rajnath Singh")
    end = start + len("Rajnath Singh")
    view.select_codepoints(start, end)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_P)
    view.verticalScrollBar().setValue(0)
    qtbot.wait(20)
    assert _bar_pixel(view, start, end).name() == "#4e79a7"

    dlg = SettingsDialog(win.desktop.settings_service, win)
    qtbot.addWidget(dlg)
    dlg.set_color("Person", "#c0392b")
    dlg.key_edits["Person"].setText("")
    qtbot.keyClicks(dlg.key_edits["Person"], "n")
    dlg.editor.setText("Ravi Kumar")
    dlg.bucket.setCurrentIndex(dlg.bucket.findData("year"))
    win.desktop.apply_labels(dlg.save())

    # the text view repaints in the new colour at once
    qtbot.wait(20)
    assert _bar_pixel(view, start, end).name() == "#c0392b"
    assert win.label_actions["Person"].shortcut().toString() == "N"
    # the new key marks a Person; the old one no longer does
    w = "Shinzo Abe"
    s2 = text.index(w)
    view.select_codepoints(s2, s2 + len(w))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert len(annotations_of(founding_db)) == 1
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert [(a.label, a.text) for a in annotations_of(founding_db)] == [
        ("Person", "Rajnath Singh"),
        ("Person", w),
    ]
    assert prefs.editor_name() == "Ravi Kumar"
    assert win.desktop.settings_service.timeline_bucket().value == "year"
    win.desktop.apply_timeline_bucket()
    assert win.timeline_view.bucket().value == "year"  # the Timeline dock follows
    assert "<b>N</b> Person" in win.label_hint.text()


def test_a_name_changed_in_settings_stamps_the_next_annotations(
    qtbot: Any, window: Any, founding_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pibdesk.ui import prefs
    from pibdesk.ui.settings_dialog import SettingsDialog

    def edit_and_save(dlg: SettingsDialog) -> int:  # what the editor does in the dialog
        dlg.editor.setText("Asha Menon")
        dlg._on_save()
        return int(dlg.result())

    monkeypatch.setattr(SettingsDialog, "exec", edit_and_save)
    prefs.set_editor_name("Asha")
    win = window(founding_db, author=None)  # the author is this machine's editor
    assert win.author == "Asha"
    assert win.desktop.open_settings() is True  # Edit > Settings…
    assert win.author == "Asha Menon"
    text = win.current_release().text
    start = text.index("Shinzo Abe")
    win.text_view.select_codepoints(start, start + 10)
    win.text_view.setFocus()
    qtbot.keyClick(win.text_view, Qt.Key.Key_P)
    assert [a.author for a in annotations_of(founding_db)] == ["Asha Menon"]

    # a window given an explicit author (tests, scripts) keeps it
    win2 = window(founding_db, author="script")
    assert win2.desktop.open_settings() is True
    assert win2.author == "script"


def test_a_colour_changed_elsewhere_repaints_this_window(
    qtbot: Any, window: Any, founding_db: Path
) -> None:
    """Another process changes the schema; this window's live updates repaint and rekey."""
    from pibdesk.services.settings import LabelStyle, SettingsService
    from pibdesk.storage.db import Database

    win = window(founding_db)
    other = Database(founding_db)
    try:
        SettingsService(other).save_label_styles([LabelStyle("Topic", "#8e44ad", "K")])
    finally:
        other.dispose()
    qtbot.waitUntil(lambda: win.label_actions["Topic"].shortcut().toString() == "K", timeout=10000)
    assert [lab.color for lab in win.labels if lab.name == "Topic"] == ["#8e44ad"]
    assert "<b>K</b> Topic" in win.label_hint.text()

