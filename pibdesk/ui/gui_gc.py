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
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

#: How often (ms) the GUI thread checks whether a collection is due.
CHECK_MS = 500

_collector: GuiThreadCollector | None = None


@dataclass
class LongLived:
    """CPython's own guard against quadratic full collections, kept by hand (an explicit
    ``gc.collect(2)`` skips it): the oldest generation is collected only when the objects
    moved into it since the last full collection exceed a quarter of those it held then
    (``long_lived_pending > long_lived_total / 4`` in CPython's ``Modules/gcmodule.c``).

    ``total``: objects in generation 2 after the last full collection; ``pending``: an
    upper bound of those moved there since (generation 1's size before each collection
    of it). Measured in ``benchmarks/bench_editing.py``: without it a full collection of
    the real window's heap (73 ms on the GUI thread) ran after every large undo."""

    total: int = 0
    pending: int = 0


_long_lived = LongLived()


def collect_if_due(threshold: tuple[int, int, int], long_lived: LongLived | None = None) -> int:
    """Collect the generations whose allocation counts passed ``threshold``.

    ``threshold`` is ``gc.get_threshold()`` as it was before :func:`install`; the oldest
    generation also waits for :class:`LongLived`'s quarter rule (``long_lived``, the
    module's own record by default). Returns the number of unreachable objects found
    (0 when nothing was due).
    """
    ll = _long_lived if long_lived is None else long_lived
    c0, c1, c2 = gc.get_count()
    found = 0
    if c0 > threshold[0]:
        found += gc.collect(0)
        if c1 > threshold[1]:
            ll.pending += len(gc.get_objects(1))
            found += gc.collect(1)
            if c2 > threshold[2] and ll.pending > ll.total // 4:
                found += gc.collect(2)
                ll.total, ll.pending = len(gc.get_objects(2)), 0
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


_settled = False


def settle_after_start() -> bool:
    """Once per process, when the first window is up: a full collection, then
    ``gc.freeze()`` (https://docs.python.org/3/library/gc.html#gc.freeze) so the objects
    that live as long as the application (modules, classes, the window's widgets and
    their wrappers) are never scanned by a later full collection. Measured in
    ``benchmarks/bench_editing.py``: the first full collection after an undo of 3,709
    annotations took 73 ms on the GUI thread without it. Returns False when already done.

    Objects frozen are never collected: a second window's start does not freeze again, so
    closing it frees its cycles as before."""
    global _settled
    if _settled:
        return False
    _settled = True
    gc.collect()
    gc.freeze()
    _long_lived.total, _long_lived.pending = 0, 0
    return True


def installed() -> GuiThreadCollector | None:
    """The collector :func:`install` made, if any."""
    return _collector
