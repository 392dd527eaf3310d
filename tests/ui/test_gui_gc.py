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


def test_full_collections_wait_for_a_quarter_more_long_lived_objects() -> None:
    """CPython's quarter rule, kept by hand: with many long-lived objects and few new
    ones the oldest generation is not collected; with enough new ones it is."""
    seen: list[int] = []

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(on_gc)
    try:
        big = gui_gc.LongLived(total=10**9, pending=0)
        gui_gc.collect_if_due((-1, -1, -1), big)
        assert seen == [0, 1]  # generation 2 due by count, but not by the quarter rule
        assert big.pending >= 0 and big.total == 10**9
        seen.clear()
        small = gui_gc.LongLived(total=0, pending=1)
        gui_gc.collect_if_due((-1, -1, -1), small)
        assert seen == [0, 1, 2]
        # total is what generation 2 held right after that collection; an object or two
        # may be freed since (a Qt wrapper, a weakref callback in a long suite run), but
        # never a share: the count before the collection or 0 would be far off
        assert small.pending == 0 and small.total > 0
        assert abs(small.total - len(gc.get_objects(2))) <= max(50, small.total // 1000)
    finally:
        gc.callbacks.remove(on_gc)


def test_settling_after_start_freezes_once(qapp: Any) -> None:
    gui_gc.settle_after_start()  # True the first time in this process, else a no-op
    frozen = gc.get_freeze_count()
    assert frozen > 1000  # the modules, classes and widgets that live as long as the app
    assert gui_gc.settle_after_start() is False
    assert gc.get_freeze_count() == frozen  # not frozen again: later windows stay collectable
