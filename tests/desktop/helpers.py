"""Helpers for the desktop tests (read back what the window stored, via services)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def annotations_of(db_path: Path) -> list[Any]:
    """Every annotation in the database at ``db_path``, by id (read with a new connection)."""
    from pibdesk.services.annotations import AnnotationService
    from pibdesk.services.corpus import CorpusService
    from pibdesk.storage.db import Database

    db = Database(db_path)
    try:
        out = []
        for s in CorpusService(db).summaries():
            out.extend(AnnotationService(db).for_release(s.id))
        return sorted(out, key=lambda a: a.id)
    finally:
        db.dispose()
