"""Run one blocking service call off the GUI thread while the window keeps painting.

For steps that must finish before the caller goes on (a ``QUndoCommand``'s ``undo`` or
``redo`` has to return with the database changed) but can take seconds (undoing "mark
every occurrence across the corpus": thousands of rows in one transaction).
:func:`run_off_gui_thread` runs the call on a Python thread and spins a nested event loop
that **excludes user input** (``QEventLoop.ExcludeUserInputEvents``: paints and timers run,
no key press or click can start another command meanwhile), with a small modal "busy"
dialog when it lasts longer than ``delay_ms``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer, SignalInstance
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")


def run_off_gui_thread(
    fn: Callable[[], T], label: str, parent: QWidget | None = None, delay_ms: int = 300
) -> T:
    """``fn()`` run on another thread; returns its result or raises its exception.

    The GUI thread waits in a nested event loop (no user input delivered) and shows a
    busy dialog saying ``label`` after ``delay_ms``. ``fn`` must not touch widgets.
    """
    out: dict[str, object] = {}
    done = threading.Event()

    def target() -> None:
        try:
            out["value"] = fn()
        except BaseException as e:  # handed to the caller on the GUI thread
            out["error"] = e
        finally:
            done.set()

    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(5)
    poll.timeout.connect(lambda: loop.quit() if done.is_set() else None)
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setCancelButton(None)  # type: ignore[arg-type]  # nothing to cancel: one transaction
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.reset()  # not shown until the delay has passed
    show = QTimer()
    show.setSingleShot(True)
    show.timeout.connect(dialog.show)
    thread = threading.Thread(target=target, name="pibdesk-busy", daemon=True)
    thread.start()
    poll.start()
    show.start(delay_ms)
    if not done.is_set():
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    poll.stop()
    show.stop()
    dialog.reset()
    dialog.deleteLater()
    thread.join()
    if "error" in out:
        raise out["error"]  # type: ignore[misc]
    return out["value"]  # type: ignore[return-value]


def emit_if_alive(signal: SignalInstance, *args: object) -> bool:
    """Emit ``signal(*args)`` from a worker thread; False if its QObject is already gone.

    A pool task outlives the window that started it when the window closes meanwhile
    (PySide6 then raises ``RuntimeError: Signal source has been deleted`` from ``emit``
    on the worker thread and prints it as "Error calling Python override of
    QRunnable::run()"). Nobody is left to take the result, so it is dropped; whatever
    the task wrote to the database was committed by the task itself. Any other
    ``RuntimeError`` is raised.
    """
    try:
        signal.emit(*args)
    except RuntimeError as e:
        if "deleted" not in str(e):
            raise
        return False
    return True
