"""SQLite transaction modes (pibdesk/storage/transactions.py) on a real database file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import pibdesk.storage.db as dbmod
from pibdesk.core.errors import PibdeskError
from pibdesk.core.model import NewAnnotation, ParsedRelease
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.storage.db import Database
from pibdesk.storage.transactions import DatabaseBusyError, is_busy_error

TEXT = "Shri Amit Shah said the relief camps will stay open.\n"


def _ann(db: Database) -> int:
    pk = CorpusService(db).import_parsed(ParsedRelease(title="t", text=TEXT, release_id=3)).release_pk
    return AnnotationService(db).create(NewAnnotation(pk, 5, 14, "Person")).id  # type: ignore[arg-type]


def _try_write_lock(path: Path) -> bool:
    conn = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as e:
        assert is_busy_error(e)
        return False
    finally:
        conn.close()


def test_session_holds_the_write_lock_from_its_first_read(db: Database, db_path: Path) -> None:
    ann_id = _ann(db)
    assert _try_write_lock(db_path)
    with db.session() as s:
        from pibdesk.storage.repositories import AnnotationRepository

        AnnotationRepository(s).get(ann_id)  # a read only: the lock is taken all the same
        assert not _try_write_lock(db_path)
    assert _try_write_lock(db_path)


def test_read_session_lets_others_write(db: Database, db_path: Path) -> None:
    ann_id = _ann(db)
    other = Database(db_path)
    try:
        with db.read_session() as s:
            from pibdesk.storage.repositories import AnnotationRepository

            before = AnnotationRepository(s).get(ann_id)
            assert _try_write_lock(db_path)
            AnnotationService(other).update(ann_id, before.row_version, note="meanwhile")
            # the read session keeps its snapshot
            assert AnnotationRepository(s).get(ann_id).note is None
        assert AnnotationService(db).get(ann_id).note == "meanwhile"
    finally:
        other.dispose()


def test_nested_session_reads_without_waiting_for_itself(db: Database) -> None:
    ann_id = _ann(db)
    svc = AnnotationService(db)
    with db.session():
        # a service call inside an open session (same thread): reads, no deadlock
        assert svc.get(ann_id).text == "Amit Shah"
        assert svc.last_change() > 0


def test_busy_database_gives_a_clear_error_not_a_lock_message(
    db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ann_id = _ann(db)
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 50)
    impatient = Database(db_path)
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process keeps the write lock
        with pytest.raises(DatabaseBusyError) as err:
            AnnotationService(impatient).update(ann_id, None, note="x")
        assert isinstance(err.value, PibdeskError)
        assert "busy" in str(err.value) and "nothing was changed" in str(err.value)
        assert str(db_path) in str(err.value)
        holder.execute("ROLLBACK")
        # once the lock is free, the same action goes through
        assert AnnotationService(impatient).update(ann_id, None, note="x").note == "x"
    finally:
        holder.close()
        impatient.dispose()
