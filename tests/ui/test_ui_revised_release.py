"""Another editor (or an import) revises the open release's text: the window never
stores a span chosen on the old text against the new one (issues 8 and 9)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from conftest import FOUNDING_NAME, drag_select
from PySide6.QtCore import Qt

from pibdesk.parsing import parse_file
from pibdesk.services.corpus import CorpusService
from pibdesk.storage.db import Database


def _revise_elsewhere(db_path: Path, raw_dir: Path) -> str:
    """Import a corrected text of the founding example through another connection."""
    parsed = parse_file(raw_dir / FOUNDING_NAME)
    new_text = "UPDATED: " + parsed.text.replace("Rajnath Singh", "Shri Rajnath Singh", 1)
    other = Database(db_path)
    try:
        outcome = CorpusService(other).import_parsed(dataclasses.replace(parsed, text=new_text))
    finally:
        other.dispose()
    assert outcome.status == "revised"
    return new_text


def test_marking_on_a_text_revised_meanwhile_stores_nothing_and_shows_the_new_text(
    qtbot: Any, open_window: Any, founding_db: Path, raw_dir: Path
) -> None:
    win = open_window(founding_db)
    win.live.stop()  # the news must not arrive first: this is the race it loses
    win._poll_timer.stop()
    old_text = win.current_release().text
    start = old_text.index("Rajnath Singh")
    new_text = _revise_elsewhere(founding_db, raw_dir)

    drag_select(qtbot, win.text_view, start, start + len("Rajnath Singh"))
    qtbot.keyClick(win.text_view, Qt.Key.Key_P)
    assert win.annotations.for_release(win.current_release().id) == []  # nothing stored
    assert "revised meanwhile" in win.statusBar().currentMessage()
    assert win.current_release().revision == 2
    assert win.text_view.toPlainText().startswith("UPDATED: ")
    assert win.current_release().text == new_text

    # on the new text the same gesture marks the right words
    start = new_text.index("Rajnath Singh")
    drag_select(qtbot, win.text_view, start, start + len("Rajnath Singh"))
    qtbot.keyClick(win.text_view, Qt.Key.Key_P)
    [ann] = win.annotations.for_release(win.current_release().id)
    assert ann.text == "Rajnath Singh" and ann.start == start


def test_a_revision_by_another_editor_replaces_the_open_text(
    qtbot: Any, open_window: Any, founding_db: Path, raw_dir: Path
) -> None:
    win = open_window(founding_db)
    assert win.current_release().revision == 1
    _revise_elsewhere(founding_db, raw_dir)
    qtbot.waitUntil(lambda: win.current_release().revision == 2, timeout=10000)
    assert win.text_view.toPlainText().startswith("UPDATED: ")
    assert "revised" in win.statusBar().currentMessage()
