"""Test infrastructure: a modal dialog nobody answers must fail a GUI test, not hang CI."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

#: A modal dialog left open longer than this (seconds) is closed and reported.
MODAL_LIMIT_S = 20.0


class ModalWatchdog:
    """Closes a modal dialog that has been open for ``limit_s`` seconds and records it.

    ``QMessageBox.question`` and friends run a nested event loop, so Qt timers still fire:
    every ``interval_ms`` the watchdog looks at ``QApplication.activeModalWidget()``. A
    dialog open for ``limit_s`` is rejected; ``forgotten`` then holds
    ``"<class> '<title>': <text>"`` for each one.
    """

    def __init__(self, limit_s: float = MODAL_LIMIT_S, interval_ms: int = 1000) -> None:
        self.limit_s = limit_s
        self.forgotten: list[str] = []
        self._seen: dict[int, float] = {}
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def check(self) -> None:
        """One look (the timer's slot)."""
        w = QApplication.activeModalWidget()
        if w is None:
            self._seen.clear()
            return
        first = self._seen.setdefault(id(w), time.monotonic())
        if time.monotonic() - first < self.limit_s:
            return
        text = w.text() if isinstance(w, QMessageBox) else ""
        self.forgotten.append(f"{type(w).__name__} {w.windowTitle()!r}: {text}")
        self._seen.pop(id(w), None)
        if isinstance(w, QDialog):
            w.reject()
        else:
            w.close()
