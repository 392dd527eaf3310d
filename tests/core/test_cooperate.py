"""pibdesk.core.cooperate: worker threads nap at most every BUDGET_S of work so the GUI
thread gets the GIL; the main thread never naps."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from pibdesk.core import cooperate as co


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.naps: list[float] = []

    def perf_counter(self) -> float:
        return self.now

    def sleep(self, s: float) -> None:
        self.naps.append(s)
        self.now += s


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> _Clock:
    c = _Clock()
    monkeypatch.setattr(co.time, "perf_counter", c.perf_counter)
    monkeypatch.setattr(co.time, "sleep", c.sleep)
    return c


def _in_thread(fn: Any) -> Any:
    out: list[Any] = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    t.join()
    return out[0]


def test_a_worker_naps_once_per_budget_of_work(clock: _Clock) -> None:
    def loop() -> list[bool]:
        napped = []
        for _ in range(100):  # 100 items of 1 ms each = 10 budgets of 10 ms
            napped.append(co.cooperate())
            clock.now += 0.001
        return napped

    napped = _in_thread(loop)
    assert napped[0] is False  # the first call only starts the thread's clock
    assert sum(napped) == 9  # 99 ms of work after it: one nap per full 10 ms budget
    assert clock.naps == [co.NAP_S] * 9
    first = napped.index(True)
    assert first == round(co.BUDGET_S / 0.001)


def test_the_main_thread_never_naps(clock: _Clock) -> None:
    assert threading.current_thread() is threading.main_thread()
    for _ in range(50):
        assert co.cooperate() is False
        clock.now += 0.005
    assert clock.naps == []
