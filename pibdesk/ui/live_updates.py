"""Qt side of live updates (issue 9): changes other editors commit reach the GUI thread.

:class:`LiveUpdates` runs a :class:`pibdesk.services.changes.ChangeWatcher` (LISTEN/NOTIFY
on PostgreSQL, 0.5 s polling on SQLite) and re-emits its batches as the Qt signal
:attr:`LiveUpdates.changed`, in the GUI thread. :attr:`LiveUpdates.connection` reports a
lost (False) or regained (True) database for the connection banner.

The watcher is a plain Python thread, and it never calls into Qt: it only puts what it
learns on a :class:`queue.SimpleQueue`, which a GUI-thread ``QTimer`` drains every
:data:`DRAIN_MS` milliseconds. Emitting a PySide signal from a non-Qt thread while the
GUI thread destroys the receiver can deadlock (PySide holds the GIL while Qt waits on its
own locks; see https://bugreports.qt.io/browse/PYSIDE-2221 and PYSIDE-3124); with a queue
there is no cross-thread Qt call left to race.
"""

from __future__ import annotations

import queue
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from pibdesk.core.changes import Change
from pibdesk.services.changes import ChangeWatcher
from pibdesk.storage.db import Database

#: How often (ms) the GUI thread takes the watcher's news off the queue.
DRAIN_MS = 100


class LiveUpdates(QObject):
    """Emits ``changed(list[Change])`` for each batch of changes committed elsewhere.

    Both signals are emitted from the GUI thread (by a ``QTimer``), never from the
    watcher thread. Call :meth:`stop` before the database is disposed (the main window
    does it on close).
    """

    changed = Signal(object)  # list[Change]
    connection = Signal(bool, str)  # connected?, message

    def __init__(self, db: Database, parent: Any = None, *, poll_interval: float = 0.5) -> None:
        super().__init__(parent)
        self._news: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        news = self._news  # the thread's callbacks hold the queue, never ``self``
        self.watcher = ChangeWatcher(
            db,
            lambda batch: news.put(("changes", batch)),
            on_status=lambda ok, msg: news.put(("status", (ok, msg))),
            poll_interval=poll_interval,
        )
        self.mode = self.watcher.mode
        self._drain_timer = QTimer(self)
        self._drain_timer.setInterval(DRAIN_MS)
        self._drain_timer.timeout.connect(self.drain)
        watcher = self.watcher
        self.destroyed.connect(lambda *_: watcher.stop())  # a window deleted without close

    def start(self) -> None:
        """Start watching (from the newest change now)."""
        self.watcher.start()
        self._drain_timer.start()

    def stop(self) -> None:
        """Stop the watcher thread and close its connection; news not yet drained is dropped."""
        self._drain_timer.stop()
        self.watcher.stop()

    def drain(self) -> int:
        """Emit what the watcher reported since the last call, in order (GUI thread).

        Returns the number of items emitted. Runs on the timer; tests may call it directly.
        """
        n = 0
        while True:
            try:
                kind, payload = self._news.get_nowait()
            except queue.Empty:
                return n
            n += 1
            if kind == "changes":
                batch: list[Change] = payload
                self.changed.emit(batch)
            else:
                ok, msg = payload
                self.connection.emit(ok, msg)
