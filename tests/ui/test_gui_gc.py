"""Garbage holding Qt objects is collected in the GUI thread, never in a worker thread."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

from PySide6.QtCore import QObject

from pibdesk.ui import gui_gc


class _Holder:
    """A reference cycle (holder -> QObject's Python attribute -> holder) around a QObject."""

    def __init__(self) -> None:
        self.obj = QObject()
        self.obj.setObjectName("in-a-cycle")
        self.me = self


def test_cycles_with_qt_objects_die_in_the_gui_thread(qtbot: Any) -> None:
    collector = gui_gc.install()
    assert gui_gc.install() is collector  # idempotent
    assert not gc.isenabled()
    gc.collect()

    died_in: list[str] = []
    holder = _Holder()
    holder.obj.destroyed.connect(lambda *_: died_in.append(threading.current_thread().name))
    ref = weakref.ref(holder)
    del holder

    def churn() -> None:  # allocates far past every threshold, as a busy worker does
        junk = []
        for i in range(200_000):
            d: dict[str, Any] = {"i": i}
            d["self"] = d
            junk.append(d)
            if len(junk) > 1000:
                junk.clear()

    worker = threading.Thread(target=churn, name="worker")
    worker.start()
    worker.join()
    assert ref() is not None and died_in == []  # the worker collected nothing

    collector.timer.stop()  # the next look is ours, in this (the GUI) thread
    try:
        gui_gc.collect_if_due((-1, -1, -1))  # every generation due
    finally:
        collector.timer.start()
    assert ref() is None
    assert died_in == [threading.current_thread().name] == ["MainThread"]


def test_collect_if_due_follows_the_generation_counts() -> None:
    assert gui_gc.collect_if_due((10**9, 10**9, 10**9)) == 0  # nothing due: no collection
    d: dict[str, Any] = {}
    d["self"] = d
    del d
    assert gui_gc.collect_if_due((-1, 10**9, 10**9)) >= 1  # generation 0 due: the cycle found
