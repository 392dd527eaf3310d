"""A Statement's kind is the editor's to set: keys 1/2/3 in the speaker prompt, and the
undoable Annotate > Statement kind submenu (Ctrl+K steps to the next kind)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import drag_select
from PySide6.QtCore import Qt

from pibdesk.core.model import StatementKind


def _stmt(win: Any, start: int, end: int) -> Any:
    found = [a for a in win.annotations.for_release(win.current_release().id)
             if (a.start, a.end, a.label) == (start, end, "Statement")]
    assert len(found) == 1, found
    return found[0]


def _mark_tweet(qtbot: Any, win: Any) -> tuple[int, int]:
    text = win.current_release().text
    s0 = text.index("Had an extremely fruitful")
    s1 = text.index("both the nations.") + len("both the nations.")
    drag_select(qtbot, win.text_view, s0, s1)
    qtbot.keyClick(win.text_view, Qt.Key.Key_S)
    qtbot.waitUntil(win.entity_tools.prompt.isVisible)
    return s0, s1


def test_prompt_keys_choose_the_kind_and_the_menu_changes_it_undoably(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    win = open_window(founding_db)
    tools = win.entity_tools
    prompt = tools.prompt
    s0, s1 = _mark_tweet(qtbot, win)
    # the tweet is guessed a social media post; the prompt lists the three keys
    assert "social media post" in prompt.label.text()
    assert "2 reported speech" in prompt.kinds.text()
    qtbot.keyClick(prompt, Qt.Key.Key_2)
    assert prompt.isVisible()
    assert "reported speech" in prompt.label.text() and "social" not in prompt.label.text()
    qtbot.keyClick(prompt, Qt.Key.Key_Return)
    stmt = _stmt(win, s0, s1)
    assert stmt.statement_kind == StatementKind.REPORTED
    assert tools.entities.get(stmt.speaker_id).name == "Rajnath Singh"

    # the submenu shows the kind of the selected Statement and sets another one
    win.panel.select_id(stmt.id)
    tools.kind_menu.aboutToShow.emit()
    assert tools.kind_actions[StatementKind.REPORTED].isChecked()
    tools.kind_actions[StatementKind.DIRECT].trigger()
    assert _stmt(win, s0, s1).statement_kind == StatementKind.DIRECT
    assert win.undo_stack.undoText() == "Statement kind: direct quote"
    # Ctrl+K steps to the next kind
    win.panel.select_id(stmt.id)
    win.text_view.setFocus()
    qtbot.keyClick(win.text_view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert _stmt(win, s0, s1).statement_kind == StatementKind.REPORTED
    win.panel.select_id(stmt.id)
    tools.next_kind_action.trigger()
    assert _stmt(win, s0, s1).statement_kind == StatementKind.SOCIAL

    # undo walks back through every kind, then the speaker link; redo comes back
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(win.text_view, Qt.Key.Key_Z, ctrl)
    assert _stmt(win, s0, s1).statement_kind == StatementKind.REPORTED
    qtbot.keyClick(win.text_view, Qt.Key.Key_Z, ctrl)
    assert _stmt(win, s0, s1).statement_kind == StatementKind.DIRECT
    qtbot.keyClick(win.text_view, Qt.Key.Key_Z, ctrl)
    after = _stmt(win, s0, s1)
    assert after.statement_kind == StatementKind.REPORTED and after.speaker_id == stmt.speaker_id
    qtbot.keyClick(win.text_view, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert _stmt(win, s0, s1).statement_kind == StatementKind.DIRECT


def test_kind_chosen_before_tab_survives_picking_another_speaker(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    win = open_window(founding_db)
    tools = win.entity_tools
    s0, s1 = _mark_tweet(qtbot, win)
    qtbot.keyClick(tools.prompt, Qt.Key.Key_1)
    qtbot.keyClick(tools.prompt, Qt.Key.Key_Tab)
    picker = tools.picker
    qtbot.waitUntil(picker.isVisible)
    qtbot.keyClicks(picker.query, "Modi")
    assert picker.choices()[0][1] == "Narendra Modi"
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)
    stmt = _stmt(win, s0, s1)
    assert tools.entities.get(stmt.speaker_id).name == "Narendra Modi"
    assert stmt.statement_kind == StatementKind.DIRECT


def test_kind_menu_without_a_statement_selected_changes_nothing(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    win = open_window(founding_db)
    tools = win.entity_tools
    n = win.undo_stack.count()
    assert tools.cycle_statement_kind() is False
    assert win.undo_stack.count() == n
