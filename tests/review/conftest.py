"""A shown, active main window for the review GUI tests (as tests/ui/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture()
def open_window(qtbot: Any) -> Iterator[Any]:
    """A factory ``open_window(db_path, author)`` giving a shown, active main window."""
    from pibdesk.app import create_main_window

    made: list[Any] = []

    def factory(db_path: Path, author: str = "tester") -> Any:
        win = create_main_window(db_path, author=author)
        qtbot.addWidget(win)
        win.resize(1300, 900)
        win.show()
        qtbot.waitExposed(win)
        win.activateWindow()
        qtbot.waitUntil(lambda: win.isActiveWindow())
        made.append(win)
        return win

    yield factory
    for w in made:
        w.close()
