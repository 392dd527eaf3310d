"""Fixtures of the timeline tests (data and expectations in ``timeline_data.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from timeline_data import TimelineFixture, build_timeline_db

from pibdesk.storage.db import Database


@pytest.fixture()
def tl(db: Database, db_path: Path, raw_dir: Path) -> TimelineFixture:
    """The database of ``timeline_data.RELEASES`` (a fresh copy per test)."""
    return build_timeline_db(db, db_path, raw_dir)
