"""Live updates: learn of changes other editors (or windows) committed (issue 9).

:class:`ChangeFeed` is the synchronous core: :meth:`ChangeFeed.poll` returns the
change-log rows committed since the previous call. :class:`ChangeWatcher` runs a feed in
a background thread and calls back with each non-empty batch:

* SQLite: it polls every ``poll_interval`` seconds (default 0.5 s; one indexed query);
* PostgreSQL: it waits on ``LISTEN pibdesk_changes`` (:mod:`pibdesk.storage.notify`)
  and reads the feed as soon as a notification arrives, and at least every
  ``safety_interval`` seconds in case one was missed (e.g. across a reconnect).

Either way a change committed elsewhere reaches ``on_changes`` within about a second.
Qt code wraps this in :mod:`pibdesk.ui.live_updates` (signals to the GUI thread).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from pibdesk.core.changes import Change
from pibdesk.core.errors import DatabaseUnavailableError
from pibdesk.storage.db import Database
from pibdesk.storage.notify import PgListener, newest_change_id, read_changes

#: on_status(connected, message): the watcher lost (False) or regained (True) the database.
StatusFn = Callable[[bool, str], None]


class ChangeFeed:
    """Changes committed after a starting point (by default: now)."""

    def __init__(self, db: Database, after_id: int | None = None) -> None:
        self.db = db
        self.last_id = newest_change_id(db) if after_id is None else after_id

    def poll(self) -> list[Change]:
        """New changes since the previous call, oldest first (may be empty).

        Raises :class:`DatabaseUnavailableError` when the server cannot be reached (the
        position is kept, so nothing is skipped once it is back).
        """
        changes = read_changes(self.db, self.last_id)
        if changes:
            self.last_id = changes[-1].id
        return changes


class ChangeWatcher:
    """A daemon thread that calls ``on_changes(batch)`` for changes committed elsewhere.

    ``on_changes`` and ``on_status`` run in the watcher's thread (Qt callers re-emit
    them as queued signals). ``use_listen=None`` picks LISTEN/NOTIFY on PostgreSQL and
    polling on SQLite; False forces polling. :meth:`stop` joins the thread.
    """

    def __init__(
        self,
        db: Database,
        on_changes: Callable[[list[Change]], None],
        *,
        on_status: StatusFn | None = None,
        poll_interval: float = 0.5,
        safety_interval: float = 5.0,
        use_listen: bool | None = None,
        after_id: int | None = None,
    ) -> None:
        self.db = db
        self.on_changes = on_changes
        self.on_status = on_status
        self.poll_interval = poll_interval
        self.safety_interval = safety_interval
        self.mode = "listen" if db.is_postgresql and use_listen is not False else "poll"
        self._after_id = after_id
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._listener: PgListener | None = None
        self.connected = True

    def start(self) -> None:
        """Start watching from the current newest change (or ``after_id``)."""
        if self._thread is not None:
            return
        feed = ChangeFeed(self.db, self._after_id)
        if self.mode == "listen":
            self._listener = PgListener(self.db)  # LISTEN before the first poll: no gap
        self._thread = threading.Thread(
            target=self._run, args=(feed,), name="pibdesk-changes", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread (within about ``poll_interval`` seconds) and close the listener."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=max(self.safety_interval, self.poll_interval) + 5)
            self._thread = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    # -- thread ---------------------------------------------------------------------
    def _set_connected(self, ok: bool, message: str) -> None:
        if ok != self.connected:
            self.connected = ok
            if self.on_status is not None:
                self.on_status(ok, message)

    def _wait_for_news(self) -> None:
        if self.mode == "poll":
            self._stop.wait(self.poll_interval)
            return
        if self._listener is None:
            self._listener = PgListener(self.db)
        # short slices so stop() is honoured promptly
        waited = 0.0
        while waited < self.safety_interval and not self._stop.is_set():
            if self._listener.wait(min(0.5, self.safety_interval - waited)):
                return
            waited += 0.5

    def _run(self, feed: ChangeFeed) -> None:
        backoff = self.poll_interval
        while not self._stop.is_set():
            try:
                self._wait_for_news()
                if self._stop.is_set():
                    break
                batch = feed.poll()
                self._set_connected(True, "connected")
                backoff = self.poll_interval
            except Exception as e:
                if not isinstance(e, DatabaseUnavailableError) and self._stop.is_set():
                    break  # the database was disposed while we were stopping
                self._set_connected(False, str(e).splitlines()[0] if str(e) else type(e).__name__)
                if self._listener is not None:
                    self._listener.close()
                    self._listener = None
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 10.0)
                continue
            if batch:
                self.on_changes(batch)
