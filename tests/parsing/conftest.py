"""Fixtures of the parsing tests: the shared corpus beside the repository (``../shared``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

#: The repository root (tests/parsing/conftest.py -> parents[2]).
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """``<repo>/../shared/corpus`` (the shared folder is a sibling of the repository)."""
    path = (REPO / ".." / "shared" / "corpus").resolve()
    if not path.is_dir():
        pytest.fail(f"corpus not found at {path}")
    return path


@pytest.fixture(scope="session")
def raw_dir(corpus_dir: Path) -> Path:
    return corpus_dir / "raw"


@pytest.fixture(scope="session")
def datasets_dir(corpus_dir: Path) -> Path:
    return corpus_dir / "datasets"


@pytest.fixture()
def say(capsys: pytest.CaptureFixture[str]) -> Callable[[str], None]:
    """Print a line to the terminal even under pytest's capture (how many fuzz inputs were
    tried belongs in the CI log), as ``tests/safety/conftest.py`` does."""

    def _say(message: str) -> None:
        with capsys.disabled():
            print("\n" + message, flush=True)

    return _say
