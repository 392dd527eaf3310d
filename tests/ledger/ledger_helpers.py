"""Shared set-up of the ledger tests: real corpus releases, Statements accepted from the
app's own suggestions (as an editor pressing Enter in the Suggestions dock would)."""

from __future__ import annotations

from pathlib import Path

from pibdesk.services.corpus import CorpusService
from pibdesk.services.suggestions import SuggestionService, resolve_release
from pibdesk.storage.db import Database


def import_files(db: Database, *paths: Path) -> list[int]:
    rep = CorpusService(db).import_paths(list(paths))
    assert rep.count("failed") == 0, [o.message for o in rep.outcomes if o.status == "failed"]
    return [o.release_pk for o in rep.outcomes if o.release_pk is not None]


def accept_suggested(db: Database, pk: int, labels: tuple[str, ...] = ("Statement",)) -> int:
    """Accept every suggestion of ``labels`` for release ``pk``; returns how many."""
    svc = SuggestionService(db)
    items = [g for g in svc.for_release(pk) if g.label in labels]
    for g in items:
        svc.accept(pk, g, author="ed")
    return len(items)


def pk_of(db: Database, prid: int) -> int:
    return resolve_release(db, str(prid))
