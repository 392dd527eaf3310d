"""Fixtures of the timeline tests (data and expectations in ``timeline_data.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from timeline_data import TimelineFixture, build_timeline_db

from pibdesk.storage.db import Database


@pytest.fixture()
def tl(any_db: Database, tmp_path: Path, raw_dir: Path) -> TimelineFixture:
    """The database of ``timeline_data.RELEASES`` (a fresh copy per test), on SQLite and PostgreSQL."""
    return build_timeline_db(any_db, any_db.path or tmp_path, raw_dir)
