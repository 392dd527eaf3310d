"""A banner for a lost database connection that retries on its own (issue 9).

When an action fails with :class:`~pibdesk.core.errors.DatabaseUnavailableError`, the
window calls :meth:`ConnectionBanner.report` with a callable that redoes the action. The
banner shows "Connection to the database lost — retrying in N s", retries with backoff
(1, 2, 4, ... up to 30 s; "Retry now" at once) and, once the callable succeeds, hides
and emits :attr:`ConnectionBanner.restored` with its result. Nothing is reported done
before the database has committed it: services commit before they return.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from pibdesk.core.errors import DatabaseUnavailableError

MAX_DELAY_S = 30


class ConnectionBanner(QFrame):
    """A yellow strip above the window's content; hidden while the database is reachable."""

    restored = Signal(object)  # the retried action's result
    lost = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionBanner")
        self.setStyleSheet(
            "#connectionBanner { background: #fff3cd; border-bottom: 1px solid #e0c36a; }"
        )
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.retry_button = QPushButton("Retry now")
        self.retry_button.clicked.connect(self.retry_now)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 4, 10, 4)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.retry_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.retry_now)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_text)
        self._pending: list[Callable[[], Any]] = []
        self._delay = 1
        self._message = ""
        self._watcher_lost = False
        self.hide()

    @property
    def pending(self) -> int:
        """How many actions wait for the connection to come back."""
        return len(self._pending)

    def report(self, error: BaseException, retry: Callable[[], Any] | None = None) -> None:
        """Show the banner for ``error``; ``retry`` redoes the failed action later."""
        if retry is not None:
            self._pending.append(retry)
        self._message = str(error).splitlines()[0] if str(error) else "connection lost"
        if not self.isVisible():
            self._delay = 1
        self.show()
        self.lost.emit(self._message)
        self._schedule()

    def connection_changed(self, ok: bool, message: str) -> None:
        """Slot for :attr:`pibdesk.ui.live_updates.LiveUpdates.connection`."""
        self._watcher_lost = not ok
        if ok and self._pending:
            self.retry_now()
        elif ok:
            self._timer.stop()
            self._tick.stop()
            self.hide()
        else:
            self.report(DatabaseUnavailableError(message))

    def _schedule(self) -> None:
        self._timer.start(self._delay * 1000)
        self._remaining = self._delay
        self._tick.start()
        self._update_text()

    def _update_text(self) -> None:
        self._remaining = max(0, getattr(self, "_remaining", 0) - 1)
        waiting = f" {len(self._pending)} unsaved action(s) waiting." if self._pending else ""
        self.label.setText(
            f"<b>Connection to the database lost</b> — retrying in {self._remaining + 1} s."
            f"{waiting}<br><small>{self._message}</small>"
        )

    def retry_now(self) -> None:
        """Retry the waiting actions in order; hide when all went through."""
        self._timer.stop()
        while self._pending:
            action = self._pending[0]
            try:
                result = action()
            except DatabaseUnavailableError as e:
                self._message = str(e).splitlines()[0]
                self._delay = min(self._delay * 2, MAX_DELAY_S)
                self._schedule()
                return
            self._pending.pop(0)
            self.restored.emit(result)
        if self._watcher_lost:  # the change watcher has not reconnected yet
            self._delay = min(self._delay * 2, MAX_DELAY_S)
            self._schedule()
            return
        self._tick.stop()
        self.hide()
