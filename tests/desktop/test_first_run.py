"""First run on a fresh profile: the welcome page says where the database lives, names
the label keys, and loads the samples when its button is clicked (pytest-qt)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton


def test_welcome_page_loads_the_samples(
    qtbot: Any, window: Any, fresh_profile: Path, db_path: Path
) -> None:
    from pibdesk.ui import prefs
    from pibdesk.ui.main_window import sample_files

    samples = sample_files()
    assert len(samples) == 6
    win = window(db_path, author=None)
    welcome = win.findChild(QLabel, "welcomeDatabase").parentWidget().parentWidget()
    assert welcome.objectName() == "welcomePage"
    assert win.desktop.showing_welcome() and welcome.isVisible()
    assert not win.release_list.isVisible()
    from PySide6.QtWidgets import QDockWidget

    docks = win.findChildren(QDockWidget)
    shown_before = [d for d in win.desktop._hidden_docks]
    assert all(not d.isVisible() for d in docks)  # nothing to show beside an empty database
    # where the database lives
    assert str(db_path.resolve()) in win.findChild(QLabel, "welcomeDatabase").text()
    # the three label keys, from the database's schema
    keys = {
        name: win.findChild(QLabel, f"welcomeKey{name}").text()
        for name in ("Person", "Statement", "Topic")
    }
    assert "<b style='font-size:12pt'>P</b>" in keys["Person"]
    assert "<b style='font-size:12pt'>S</b>" in keys["Statement"]
    assert "<b style='font-size:12pt'>T</b>" in keys["Topic"]

    button = win.findChild(QPushButton, "loadSamplesButton")
    assert button.text() == "Load sample releases" and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: win.release_model.rowCount() == len(samples))
    assert not win.desktop.showing_welcome()
    assert win.release_list.isVisible() and not welcome.isVisible()
    rows = [win.release_model.summary(i) for i in range(len(samples))]
    assert 1583904 in {r.release_id for r in rows}
    assert len({r.id for r in rows}) == len(samples)
    assert win.current_release() is not None  # the first one is opened
    assert all(d.isVisible() for d in shown_before)  # the docks come back
    # the profile now remembers this database, and nothing else
    assert prefs.recent_databases() == [str(db_path.resolve())]
    assert fresh_profile.exists()


def test_a_database_with_releases_opens_on_the_work(
    window: Any, fresh_profile: Path, founding_db: Path
) -> None:
    win = window(founding_db)
    assert not win.desktop.showing_welcome()
    assert win.current_release() is not None and win.current_release().release_id == 1583904


def test_import_a_folder_from_the_welcome_page(
    qtbot: Any, window: Any, db_path: Path, tmp_path: Path, raw_dir: Path
) -> None:
    folder = tmp_path / "releases"
    folder.mkdir()
    for name in ("txt_1583904.txt",):
        (folder / name).write_bytes((raw_dir / name).read_bytes())
    win = window(db_path)
    assert win.desktop.showing_welcome()
    win.desktop.import_folder(str(folder))
    qtbot.waitUntil(lambda: win.release_model.rowCount() == 1, timeout=20000)
    qtbot.waitUntil(lambda: not win.desktop.showing_welcome())
    assert win.release_model.summary(0).release_id == 1583904
