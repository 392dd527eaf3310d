"""The test suite's own guard: an unanswered modal dialog ends (and is reported)."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtWidgets import QMessageBox
from qt_watchdog import ModalWatchdog


def test_an_unanswered_question_is_closed_and_reported(qtbot: Any) -> None:
    dog = ModalWatchdog(limit_s=0.3, interval_ms=50)
    dog.start()
    t0 = time.monotonic()
    try:
        answer = QMessageBox.question(None, "Forgotten", "Load the sample releases?")
    finally:
        dog.stop()
    assert time.monotonic() - t0 < 10  # it returned: no hang
    assert answer != QMessageBox.StandardButton.Yes
    assert dog.forgotten == ["QMessageBox 'Forgotten': Load the sample releases?"]
