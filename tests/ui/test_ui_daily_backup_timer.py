"""The day's backup while the app stays open (issue 8 §3, "once a day of use"): an
hourly timer looks for a backup of the current local day and writes one if missing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer

from pibdesk.core.model import NewAnnotation
from pibdesk.services.backup import BackupError, list_backups, read_info
from pibdesk.ui.restore_dialog import DailyBackup


def test_the_hourly_check_writes_the_next_days_backup(open_window: Any, founding_db: Path) -> None:
    win = open_window(founding_db)
    daily = win.findChild(DailyBackup, "dailyBackup")
    assert daily is not None
    assert daily.timer.isActive() and daily.timer.interval() == 60 * 60 * 1000
    assert win.findChild(QTimer, "dailyBackupTimer") is daily.timer
    first = list_backups(win.db)
    assert [b.kind for b in first] == ["daily"]  # written at start

    # later the same day: nothing new
    assert daily.run(datetime.now(UTC) + timedelta(minutes=1)) is None
    assert len(list_backups(win.db)) == 1

    pk = win.current_release().id
    text = win.current_release().text
    s = text.index("Rajnath Singh")
    win.annotations.create(NewAnnotation(pk, s, s + 13, "Person", author="tester"))

    # the app is still open the next day: the hourly check makes that day's backup
    made = daily.run(datetime.now(UTC) + timedelta(days=1))
    assert made is not None and made.exists()
    backups = list_backups(win.db)
    assert [b.kind for b in backups] == ["daily", "daily"]
    assert backups[0].path == made and backups[1].path == first[0].path
    assert read_info(made).annotations == 1 and first[0].annotations == 0
    assert f"Backed up the database to {made}" in win.statusBar().currentMessage()


def test_a_failing_hourly_backup_is_shown_and_not_fatal(
    open_window: Any, founding_db: Path, monkeypatch: Any, qtbot: Any
) -> None:
    import pibdesk.ui.restore_dialog as rd

    win = open_window(founding_db)
    daily = win.findChild(DailyBackup, "dailyBackup")
    assert daily is not None

    def broken(db: Any, now: datetime | None = None) -> None:
        raise BackupError(f"{db.path}: disk full")

    monkeypatch.setattr(rd, "maybe_daily_backup", broken)
    assert daily.run(datetime.now(UTC) + timedelta(days=1)) is None
    assert "Daily backup failed" in win.statusBar().currentMessage()
    assert "disk full" in win.statusBar().currentMessage()
    assert daily.timer.isActive()  # it will try again in an hour
    # and the timer's tick runs the same check, on a pool thread, reported back
    win.statusBar().clearMessage()
    with qtbot.waitSignal(daily.finished, timeout=10000) as got:
        daily.timer.timeout.emit()
        assert daily.busy
    assert got.args == [None]
    assert "disk full" in win.statusBar().currentMessage()
    assert win.current_release() is not None


def test_the_start_backup_runs_off_the_gui_thread(
    open_window: Any, founding_db: Path, monkeypatch: Any, qtbot: Any
) -> None:
    """The day's first backup is written while the window is already up: the check
    runs on a pool thread (not the GUI thread) and is shown when it reports back."""
    import threading

    import pibdesk.ui.restore_dialog as rd

    win = open_window(founding_db)
    daily = win.findChild(DailyBackup, "dailyBackup")
    assert daily is not None and not daily.busy
    threads: list[threading.Thread] = []
    real = rd.maybe_daily_backup

    def recording(db: Any, now: datetime | None = None) -> Path | None:
        threads.append(threading.current_thread())
        return real(db, now)

    monkeypatch.setattr(rd, "maybe_daily_backup", recording)
    with qtbot.waitSignal(daily.finished, timeout=10000) as got:
        assert daily.start(datetime.now(UTC) + timedelta(days=1))
        assert not daily.start()  # one at a time
    made = got.args[0]
    assert made is not None and made.exists()
    assert threads and threads[0] is not threading.main_thread()
    assert f"Backed up the database to {made}" in win.statusBar().currentMessage()
    assert [b.path for b in list_backups(win.db)][0] == made


def test_no_timer_without_daily_backups(qtbot: Any, founding_db: Path) -> None:
    from pibdesk.app import create_main_window

    win = create_main_window(founding_db, author="tester", daily_backup=False)
    qtbot.addWidget(win)
    try:
        assert win.findChild(DailyBackup) is None
        assert win.findChild(QTimer, "dailyBackupTimer") is None
        assert list_backups(win.db) == []  # type: ignore[attr-defined]
    finally:
        win.close()
