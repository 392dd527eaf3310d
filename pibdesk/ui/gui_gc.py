"""Python's cyclic garbage collector, run in the GUI thread only.

CPython runs the cyclic collector in whichever thread happens to allocate past the
threshold. pibdesk has Python threads (the live-updates watcher, ``QThreadPool`` tasks
for import, export and timelines), and Qt objects caught in reference cycles (a lambda
slot that names its widget) would then be destroyed in one of them. Qt objects must be
destroyed in the thread that owns them: done elsewhere, it crashes (seen: a segfault
in the watcher thread, "Garbage-collecting", while the GUI thread restyled the window)
or deadlocks.

:func:`install` turns the automatic collector off and collects from a ``QTimer`` in the
GUI thread instead, with CPython's own generation thresholds (the recipe calibre and
other PyQt applications use; https://docs.python.org/3/library/gc.html#gc.get_count).
"""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

#: How often (ms) the GUI thread checks whether a collection is due.
CHECK_MS = 500

_collector: GuiThreadCollector | None = None


def collect_if_due(threshold: tuple[int, int, int]) -> int:
    """Collect the generations whose allocation counts passed ``threshold``.

    ``threshold`` is ``gc.get_threshold()`` as it was before :func:`install`.
    Returns the number of unreachable objects found (0 when nothing was due).
    """
    c0, c1, c2 = gc.get_count()
    found = 0
    if c0 > threshold[0]:
        found += gc.collect(0)
        if c1 > threshold[1]:
            found += gc.collect(1)
            if c2 > threshold[2]:
                found += gc.collect(2)
    return found


class GuiThreadCollector(QObject):
    """Disables automatic collection and collects from a GUI-thread timer instead."""

    def __init__(self, parent: QObject, interval_ms: int = CHECK_MS) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> int:
        """The timer's slot: collect whatever is due (see :func:`collect_if_due`)."""
        return collect_if_due(self.threshold)


def install() -> GuiThreadCollector:
    """Collect garbage in the GUI thread from now on (idempotent; needs a ``QApplication``).

    The collector lives as long as the application. Raises ``RuntimeError`` without one.
    """
    global _collector
    app = QApplication.instance()
    if app is None:
        raise RuntimeError("gui_gc.install needs a QApplication")
    if _collector is None or not shiboken6.isValid(_collector):
        _collector = GuiThreadCollector(app)
    return _collector


def installed() -> GuiThreadCollector | None:
    """The collector :func:`install` made, if any."""
    return _collector
