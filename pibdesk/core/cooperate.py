"""Letting the GUI thread run while a worker thread does long Python work.

CPython's GIL hands over badly between a thread that runs Python and releases the GIL
very often (every SQLite step, every ``sqlite3`` statement) and a thread that wants it now
and then (the GUI thread, for each Python slot and paint override): the waiting thread
only asks for a switch when no switch happened during its 5 ms wait, and each short
release by the worker counts as one, so the GUI thread can wait for hundreds of ms (the
"convoy effect", https://bugs.python.org/issue7946; measured in
``benchmarks/bench_editing.py``: 150 ms gaps while "mark every occurrence" read 1,000
releases on a pool thread, with ``perf`` showing the GUI thread in futex waits).

:func:`cooperate` is the cure: long loops on worker threads call it once per item; at
most every :data:`BUDGET_S` seconds of the calling thread's work it sleeps
:data:`NAP_S`, which hands the GIL to whoever waits for it. On the main thread it does
nothing. Qt-free, so services (which run on both) can call it.
"""

from __future__ import annotations

import threading
import time

#: Work this long (seconds, wall clock) on a worker thread between two naps.
BUDGET_S = 0.010
#: How long a nap lasts (seconds): long enough for the waiting thread to wake and run.
NAP_S = 0.001

_state = threading.local()


def cooperate() -> bool:
    """Call from a long loop: on a worker thread, sleep :data:`NAP_S` when the thread has
    run :data:`BUDGET_S` since its last nap. Returns True when it napped (tests)."""
    if threading.current_thread() is threading.main_thread():
        return False
    now = time.perf_counter()
    last = getattr(_state, "last", None)
    if last is None:
        _state.last = now
        return False
    if now - last < BUDGET_S:
        return False
    time.sleep(NAP_S)
    _state.last = time.perf_counter()
    return True
