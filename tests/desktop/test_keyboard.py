"""Keyboard habits on the real window (pytest-qt, keys only): a span selected with
Shift+arrows and marked with P; Tab/Shift+Tab between annotations; F1; the editor's
name asked once and stamped; the layout remembered; recent databases; the theme."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QTableWidget

from .helpers import annotations_of

K = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
PERSON = "Rajnath Singh"


def _key_select(qtbot: Any, view: Any, start: int, length: int) -> None:
    """Caret to the text's start, Right ``start`` times, then Shift+Right ``length`` times."""
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, K.Key_Home, CTRL)
    for _ in range(start):
        qtbot.keyClick(view, K.Key_Right)
    for _ in range(length):
        qtbot.keyClick(view, K.Key_Right, SHIFT)


def test_keyboard_only_span_is_stored(qtbot: Any, window: Any, founding_db: Path) -> None:
    win = window(founding_db)
    view = win.text_view
    text = win.current_release().text
    start = text.index(PERSON)
    assert start == 19  # "Raksha Mantri Shri " precedes the name in the title line
    _key_select(qtbot, view, start, len(PERSON))
    assert view.selection_codepoints() == (start, start + len(PERSON))
    qtbot.keyClick(view, K.Key_P)

    stored = annotations_of(founding_db)
    assert [(a.label, a.start, a.end, a.text, a.author) for a in stored] == [
        ("Person", start, start + len(PERSON), PERSON, "tester")
    ]
    assert view.labels_at(start) == ["Person"]
    # the same keys over the next word, then S: a second annotation, not a replacement
    _key_select(qtbot, view, start + len(PERSON) + 1, len("co-chairs"))
    qtbot.keyClick(view, K.Key_S)
    assert [(a.label, a.text) for a in annotations_of(founding_db)] == [
        ("Person", PERSON),
        ("Statement", "co-chairs"),
    ]


def test_tab_steps_through_annotations(qtbot: Any, window: Any, founding_db: Path) -> None:
    win = window(founding_db)
    view = win.text_view
    text = win.current_release().text
    spans = [
        ("Topic", text.index("Article 370")),
        ("Person", text.index(PERSON)),
        ("Person", text.index("Shinzo Abe")),
    ]
    for label, start in spans:
        n = {"Topic": 11, "Person": 13 if start == text.index(PERSON) else 10}[label]
        view.select_codepoints(start, start + n)
        win.annotate_selection(label)
    order = sorted(annotations_of(founding_db), key=lambda a: a.start)
    ids = [a.id for a in order]
    assert [a.text for a in order] == [PERSON, "Article 370", "Shinzo Abe"]

    view.setFocus()
    qtbot.keyClick(view, K.Key_Home, CTRL)
    seen = []
    for _ in range(4):
        qtbot.keyClick(view, K.Key_Tab)
        seen.append(view.current_annotation())
        assert win.panel.current_id() == seen[-1]
        assert view.hasFocus()  # Tab did not move the focus away
    assert seen == [ids[0], ids[1], ids[2], ids[0]]  # wraps around
    qtbot.keyClick(view, K.Key_Backtab, SHIFT)
    assert view.current_annotation() == ids[2]
    qtbot.keyClick(view, K.Key_Backtab, SHIFT)
    assert view.current_annotation() == ids[1]
    # scrolled to it: the caret sits at the annotation's start
    assert view.textCursor().position() == view.utf16_index.to_utf16(order[1].start)
    # Delete removes the annotation Tab selected
    qtbot.keyClick(view, K.Key_Delete)
    assert [a.text for a in annotations_of(founding_db)] == [PERSON, "Shinzo Abe"]


def test_f1_lists_every_menu_action_with_its_keys(
    qtbot: Any, window: Any, founding_db: Path
) -> None:
    from pibdesk.ui.shortcuts import menu_actions

    win = window(founding_db)
    qtbot.keyClick(win.text_view, K.Key_F1)
    qtbot.waitUntil(lambda: win.findChild(QTableWidget, "shortcutTable") is not None)
    table = win.findChild(QTableWidget, "shortcutTable")
    rows = {
        table.item(r, 1).text(): table.item(r, 2).text() for r in range(table.rowCount())
    }
    assert rows["Next release"] == "Alt+Down"
    assert rows["Previous release"] == "Alt+Up"
    assert rows["Next annotation"] == "Tab"
    assert rows["Previous annotation"] == "Shift+Tab"
    assert rows["Keyboard shortcuts"] == "F1"
    assert rows["Mark the selection as Person"] == "P"
    assert "Ctrl+Z" in rows["Undo"]
    # every action of every menu is listed
    assert table.rowCount() >= len(menu_actions(win))
    table.window().close()


def test_editor_name_is_asked_once_and_stamped(
    qtbot: Any, window: Any, founding_db: Path, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QInputDialog

    from pibdesk.ui import prefs

    asked: list[str] = []

    def fake_get_text(*args: Any, **kw: Any) -> tuple[str, bool]:
        asked.append(args[1])
        return "  Meera Iyer ", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(fake_get_text))
    assert prefs.editor_name() == ""
    win = window(founding_db, author=None)
    view = win.text_view
    text = win.current_release().text
    for words, key in ((PERSON, K.Key_P), ("Article 370", K.Key_T)):
        start = text.index(words)
        view.select_codepoints(start, start + len(words))
        view.setFocus()
        qtbot.keyClick(view, key)
    assert asked == ["Your name"]  # once
    assert {a.author for a in annotations_of(founding_db)} == {"Meera Iyer"}
    assert prefs.editor_name() == "Meera Iyer"
    # a new window on this machine knows the name and does not ask again
    win2 = window(founding_db, author=None)
    assert win2.author == "Meera Iyer"
    assert asked == ["Your name"]


def test_layout_recent_databases_and_theme_are_remembered(
    qtbot: Any, window: Any, founding_db: Path, tmp_path: Path
) -> None:
    from pibdesk.app import create_main_window
    from pibdesk.ui import prefs

    # sizes within the offscreen screen (800x600), which restoreGeometry clamps to
    win = create_main_window(founding_db, author="tester")
    qtbot.addWidget(win)
    win.show()
    win.resize(731, 517)
    qtbot.wait(10)
    size = (win.width(), win.height())  # the height may be held up by the docks' minimum
    assert size[0] == 731
    win.splitter.setSizes([200, 330, 190])
    sizes = win.splitter.sizes()
    before = win.side_splitter.sizes()
    # the editor drags the divider up to read a long history: the note/history section
    # takes what it can, and the list keeps its minimum (neither part collapses)
    win.side_splitter.setSizes([0, sum(before)])
    side = win.side_splitter.sizes()
    assert side[1] > before[1] and side[0] > 0
    win.desktop.apply_theme("dark")
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
    win.close()

    win2 = create_main_window(founding_db, author="tester")
    qtbot.addWidget(win2)
    win2.show()
    assert (win2.width(), win2.height()) == size
    assert win2.splitter.sizes() == sizes
    assert win2.side_splitter.sizes() == side
    assert prefs.theme() == "dark"
    assert win2.desktop.theme_actions["dark"].isChecked()
    win2.desktop.apply_theme("light")
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 200
    assert prefs.theme() == "light"

    # File > Recent lists the databases opened, newest first; opening one replaces the window
    other = tmp_path / "other.db"
    win3 = window(other)
    assert prefs.recent_databases()[:2] == [str(other.resolve()), str(founding_db.resolve())]
    win2.desktop.fill_recent_menu()
    entries = [a.data() for a in win2.desktop.recent_menu.actions() if a.data()]
    assert entries == [str(other.resolve()), str(founding_db.resolve())]
    # a database that was moved away is listed but cannot be chosen
    gone = tmp_path / "gone.db"
    prefs.add_recent_database(gone)
    win2.desktop.fill_recent_menu()
    enabled = {a.data(): a.isEnabled() for a in win2.desktop.recent_menu.actions() if a.data()}
    assert enabled == {str(gone): False, str(other.resolve()): True, str(founding_db.resolve()): True}
    win3.close()
    new = win2.desktop.open_database(str(other))
    assert new is not None and new.windowTitle() == "pibdesk — other.db"
    qtbot.addWidget(new)
    assert not win2.isVisible()
    assert new.desktop.showing_welcome()  # other.db holds no releases
    new.close()
