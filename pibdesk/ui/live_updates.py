"""Qt side of live updates (issue 9): changes other editors commit reach the GUI thread.

:class:`LiveUpdates` runs a :class:`pibdesk.services.changes.ChangeWatcher` (LISTEN/NOTIFY
on PostgreSQL, 0.5 s polling on SQLite) and re-emits its batches as the queued Qt signal
:attr:`LiveUpdates.changed`, so slots run in the GUI thread. :attr:`LiveUpdates.connection`
reports a lost (False) or regained (True) database for the connection banner.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from pibdesk.core.changes import Change
from pibdesk.services.changes import ChangeWatcher
from pibdesk.storage.db import Database


class LiveUpdates(QObject):
    """Emits ``changed(list[Change])`` for each batch of changes committed elsewhere.

    Call :meth:`stop` before the database is disposed (the main window does it on close).
    """

    changed = Signal(object)  # list[Change]
    connection = Signal(bool, str)  # connected?, message

    def __init__(self, db: Database, parent: Any = None, *, poll_interval: float = 0.5) -> None:
        super().__init__(parent)
        self.watcher = ChangeWatcher(
            db,
            self._emit_changes,
            on_status=lambda ok, msg: self.connection.emit(ok, msg),
            poll_interval=poll_interval,
        )
        self.mode = self.watcher.mode
        watcher = self.watcher
        self.destroyed.connect(lambda *_: watcher.stop())  # a window deleted without close

    def start(self) -> None:
        """Start watching (from the newest change now)."""
        self.watcher.start()

    def stop(self) -> None:
        """Stop the watcher thread and close its connection."""
        self.watcher.stop()

    def _emit_changes(self, batch: list[Change]) -> None:
        try:
            self.changed.emit(batch)  # from the watcher thread: Qt queues it to our thread
        except RuntimeError:  # the C++ object is gone (window closing): stop quietly
            self.watcher._stop.set()
