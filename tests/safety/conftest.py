"""Fixtures of the data-safety tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest


@pytest.fixture()
def say(capsys: pytest.CaptureFixture[str]) -> Callable[[str], None]:
    """Print a line to the terminal even under pytest's capture (counts of kills, fuzz
    inputs, rows checked belong in the CI log)."""

    def _say(message: str) -> None:
        with capsys.disabled():
            print("\n" + message, flush=True)

    return _say
