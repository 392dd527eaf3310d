"""Claims, change feeds and watchers on SQLite and PostgreSQL (issue 9, "Working together")."""

from __future__ import annotations

import queue
from datetime import datetime

import pytest

from pibdesk.core.changes import Change
from pibdesk.core.errors import ClaimedError, NotFoundError
from pibdesk.core.model import IST, NewAnnotation, ParsedRelease
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.changes import ChangeFeed, ChangeWatcher
from pibdesk.services.claims import ClaimService
from pibdesk.services.corpus import CorpusService
from pibdesk.storage.db import Database

TEXT = "Shri Rajnath Singh said in New Delhi that Article 370 was discussed."


def _release(db: Database, prid: int = 7) -> int:
    out = CorpusService(db).import_parsed(
        ParsedRelease(title=f"T{prid}", text=TEXT, release_id=prid, source=f"{prid}.txt",
                      posted_at=datetime(2019, 9, 2, 0, 15, tzinfo=IST))  # fmt: skip
    )
    assert out.release_pk is not None
    return out.release_pk


def test_claims_one_holder_and_the_list_shows_it(any_db: Database) -> None:
    a, b = _release(any_db, 1), _release(any_db, 2)
    svc = ClaimService(any_db)
    got = svc.claim(a, "anita")
    assert got.editor == "anita" and got.since is not None and got.since.tzinfo is not None
    svc.claim(a, "anita")  # renewing one's own claim is fine
    with pytest.raises(ClaimedError, match="being annotated by anita") as err:
        svc.claim(a, "ravi")
    assert err.value.holder == "anita"
    with pytest.raises(ClaimedError):
        svc.unclaim(a, "ravi")
    svc.claim(b, "ravi")
    rows = {s.id: s.claimed_by for s in CorpusService(any_db).summaries()}
    assert rows == {a: "anita", b: "ravi"}
    assert svc.unclaim(a, "anita") is True and svc.unclaim(a, "anita") is False
    assert svc.claim(a, "ravi").editor == "ravi"
    assert svc.claim(b, "anita", force=True).editor == "anita"  # taking over
    assert {k: c.editor for k, c in svc.all().items()} == {a: "ravi", b: "anita"}
    with pytest.raises(NotFoundError):
        svc.claim(9999, "anita")


def test_change_feed_reports_each_committed_write(any_db: Database) -> None:
    pk = _release(any_db)
    feed = ChangeFeed(any_db)
    assert feed.poll() == []
    ann = AnnotationService(any_db)
    a = ann.create(NewAnnotation(pk, 0, 18, "Person", author="anita"))
    ann.update(a.id, a.row_version, note="x")
    ClaimService(any_db).claim(pk, "anita")
    got = feed.poll()
    assert [(c.table, c.row_id, c.action, c.release_pk) for c in got] == [
        ("annotation", a.id, "insert", pk),
        ("release", pk, "status", pk),  # the first annotation starts the release
        ("annotation", a.id, "update", pk),
        ("release", pk, "claim", pk),
    ]
    assert got[0].author == got[1].author == got[3].author == "anita"
    assert feed.poll() == []


def test_watcher_delivers_another_editors_annotation(any_db: Database) -> None:
    """A second Database object (another editor's process) writes; the watcher hears it."""
    pk = _release(any_db)
    box: queue.Queue[list[Change]] = queue.Queue()
    w = ChangeWatcher(any_db, box.put, poll_interval=0.2, safety_interval=60)
    expected_mode = "listen" if any_db.is_postgresql else "poll"
    assert w.mode == expected_mode
    w.start()
    try:
        other = Database(any_db.url)
        a = AnnotationService(other).create(NewAnnotation(pk, 0, 4, "Person", author="ravi"))
        other.dispose()
        # LISTEN mode: safety_interval=60 s, so only the NOTIFY can deliver this in time
        batch = box.get(timeout=20)
    finally:
        w.stop()
    assert [(c.table, c.row_id, c.action, c.author) for c in batch] == [
        ("annotation", a.id, "insert", "ravi"),
        ("release", pk, "status", "ravi"),  # one commit: both rows arrive in one batch
    ]


def test_stale_edit_is_refused_with_the_other_editors_version(any_db: Database) -> None:
    from pibdesk.core.errors import ConflictError

    pk = _release(any_db)
    svc = AnnotationService(any_db)
    a = svc.create(NewAnnotation(pk, 0, 18, "Person", author="anita"))
    theirs = svc.update(a.id, a.row_version, note="ravi's note", editor="ravi")
    with pytest.raises(ConflictError, match="changed by ravi meanwhile") as err:
        svc.update(a.id, a.row_version, note="anita's late note", editor="anita")
    assert err.value.current == theirs and svc.get(a.id).note == "ravi's note"
