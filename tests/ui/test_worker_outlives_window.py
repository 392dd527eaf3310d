"""A pool task that finishes after its window closed drops its result quietly.

Seen while grabbing README screenshots: the timeline's task ended after the window was
deleted, and PySide6 printed ``RuntimeError: Signal source has been deleted`` from
``QRunnable::run()`` on the worker thread. Every worker now emits through
:func:`pibdesk.ui.busy_worker.emit_if_alive`.
"""

from __future__ import annotations

import threading
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal

from pibdesk.ui.busy_worker import emit_if_alive
from pibdesk.ui.timeline_view import TaskRunner


def _run_one(runner: TaskRunner, gate: threading.Event, got: list[object]) -> None:
    def slow() -> int:
        gate.wait(5)
        return 42

    runner.run("timeline", slow, got.append)


def test_result_arrives_while_the_runner_lives(qtbot: Any) -> None:
    errors: list[str] = []
    runner = TaskRunner(on_error=errors.append)
    gate, got = threading.Event(), []  # type: ignore[var-annotated]
    _run_one(runner, gate, got)
    gate.set()
    qtbot.waitUntil(lambda: got == [42], timeout=5000)
    assert errors == [] and not runner.busy()


def test_result_is_dropped_without_error_when_the_runner_is_gone(qtbot: Any, capfd: Any) -> None:
    errors: list[str] = []
    runner = TaskRunner(on_error=errors.append)
    gate, got = threading.Event(), []  # type: ignore[var-annotated]
    _run_one(runner, gate, got)
    shiboken6.delete(runner.signals)  # the window closed while the task ran
    gate.set()
    assert QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(50)
    err = capfd.readouterr().err
    assert "Signal source has been deleted" not in err
    assert "Error calling Python override" not in err
    assert got == [] and errors == []


class _Signals(QObject):
    ping = Signal(int)


def test_emit_if_alive_says_whether_the_signal_went_out(qtbot: Any) -> None:
    s = _Signals()
    seen: list[int] = []
    s.ping.connect(seen.append)
    assert emit_if_alive(s.ping, 7) is True and seen == [7]
    ping = s.ping
    shiboken6.delete(s)
    assert emit_if_alive(ping, 8) is False and seen == [7]
