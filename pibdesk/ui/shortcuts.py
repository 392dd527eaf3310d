"""The shortcut reference (Help > Keyboard shortcuts, F1), built from the window's real
``QAction``s so it can never disagree with the menus, plus the keys the text view handles
itself (label keys, Tab/Shift+Tab, Shift+arrows). Issue 7."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

#: Keys the text view handles itself: (what, keys).
TEXT_VIEW_KEYS: tuple[tuple[str, str], ...] = (
    ("Select text from the caret", "Shift+Arrows, Shift+Ctrl+Arrows, Shift+Home/End"),
    ("Next annotation", "Tab"),
    ("Previous annotation", "Shift+Tab"),
    ("Select a word", "Double-click"),
)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".")


def menu_actions(window: QMainWindow) -> list[tuple[str, QAction]]:
    """``(menu title, action)`` for every visible action in the window's menus, in menu
    order (submenus are entered; separators skipped)."""
    out: list[tuple[str, QAction]] = []

    def walk(menu: QMenu, path: str) -> None:
        for act in menu.actions():
            if act.isSeparator() or not act.isVisible():
                continue
            sub = act.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{path} › {_plain(act.text())}")
            else:
                out.append((path, act))

    for top in window.menuBar().actions():
        m = top.menu()
        if isinstance(m, QMenu):
            walk(m, _plain(top.text()))
    return out


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """``(menu, action, keys)`` rows: every menu action (keys joined by ", ", "" if none),
    then the text view's own keys under "Text"."""
    rows: list[tuple[str, str, str]] = []
    for path, act in menu_actions(window):
        keys = ", ".join(
            s.toString(QKeySequence.SequenceFormat.NativeText) for s in act.shortcuts()
        )
        rows.append((path, _plain(act.text()), keys))
    labels = getattr(window, "labels", [])
    for lab in labels:
        if lab.shortcut:
            rows.append(("Text", f"Mark the selection as {lab.name}", lab.shortcut))
    rows.extend(("Text", what, keys) for what, keys in TEXT_VIEW_KEYS)
    return rows


class ShortcutDialog(QDialog):
    """A table of :func:`shortcut_rows` (objectName ``shortcutTable``)."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(620, 560)
        rows = shortcut_rows(window)
        table = QTableWidget(len(rows), 3)
        table.setObjectName("shortcutTable")
        table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for r, (menu, action, keys) in enumerate(rows):
            for c, value in enumerate((menu, action, keys)):
                item = QTableWidgetItem(value)
                if c == 2:
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                table.setItem(r, c, item)
        hh = table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(table)
        lay.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
