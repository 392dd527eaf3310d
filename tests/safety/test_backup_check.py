"""Backups, restore and ``pibdesk check`` (issue 8 §3) on real migrated databases."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pibdesk.cli import main as cli_main
from pibdesk.core.errors import SchemaVersionError
from pibdesk.core.model import NewAnnotation, ParsedRelease
from pibdesk.services import backup as bk
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.check import run_checks
from pibdesk.services.corpus import CorpusService
from pibdesk.services.maintenance import upgrade_database
from pibdesk.storage.db import Database

TEXT = "Raksha Mantri Shri Rajnath Singh said India stands with its soldiers.\n"


def _release(db: Database) -> int:
    pk = CorpusService(db).import_parsed(
        ParsedRelease(title="t", text=TEXT, release_id=77, source="t.txt")
    ).release_pk
    assert pk is not None
    return pk


def _ann(db: Database, pk: int, word: str, label: str = "Person") -> int:
    s = TEXT.index(word)
    return AnnotationService(db).create(NewAnnotation(pk, s, s + len(word), label)).id


def _ids(path: Path) -> set[int]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT id FROM annotation")}
    finally:
        conn.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_holds_wal_content_and_is_one_file(db: Database, db_path: Path) -> None:
    pk = _release(db)
    a = _ann(db, pk, "Rajnath Singh")
    # the annotation is still in the WAL (no checkpoint yet): a file copy would miss it
    path = bk.make_backup(db, "manual")
    assert path.parent == db_path.with_name("test-backups")
    assert path.name.startswith("test-") and path.name.endswith("-manual.db")
    assert _ids(path) == {a}
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    [info] = bk.list_backups(db)
    assert (info.kind, info.releases, info.annotations, info.revision) == (
        "manual", 1, 1, db.head_revision(),
    )


def test_keeps_the_newest_n(db: Database) -> None:
    _release(db)
    made = [bk.make_backup(db, "manual", keep=3) for _ in range(5)]
    left = [b.path for b in bk.list_backups(db)]
    assert left == made[:-4:-1]  # the last three, newest first
    assert not made[0].exists() and not made[1].exists()
    # a .part left by a backup killed midway goes too once it is old
    stale = made[-1].with_name("test-20200101-000000-manual.db.part")
    fresh = made[-1].with_name("test-20990101-000000-manual.db.part")
    stale.write_bytes(b"half")
    fresh.write_bytes(b"being written")
    os.utime(stale, (0, 0))
    bk.prune(db, 3)
    assert not stale.exists() and fresh.exists()


def test_daily_backup_once_per_day(db: Database) -> None:
    _release(db)
    now = datetime(2026, 11, 29, 6, 0, tzinfo=UTC)
    first = bk.maybe_daily_backup(db, now=now)
    assert first is not None and first.name.endswith("-daily.db")
    assert bk.maybe_daily_backup(db, now=now + timedelta(minutes=5)) is None
    assert bk.maybe_daily_backup(db, now=now + timedelta(days=1)) is not None
    assert len(bk.list_backups(db)) == 2


def test_restore_brings_back_and_saves_current(db: Database, db_path: Path) -> None:
    pk = _release(db)
    a = _ann(db, pk, "Rajnath Singh")
    saved = bk.make_backup(db, "manual")
    AnnotationService(db).delete(a)
    b = _ann(db, pk, "India", "Topic")
    prerestore = bk.restore_backup(db, saved)
    assert prerestore is not None and prerestore.name.endswith("-prerestore.db")
    assert _ids(prerestore) == {b}
    assert [x.id for x in AnnotationService(db).for_release(pk)] == [a]
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert run_checks(db).ok
    # and the app keeps working on the restored file
    c = _ann(db, pk, "soldiers", "Topic")
    assert {x.id for x in AnnotationService(db).for_release(pk)} == {a, c}


def test_restore_refuses_bad_backups_untouched(db: Database, db_path: Path, tmp_path: Path) -> None:
    pk = _release(db)
    _ann(db, pk, "Rajnath Singh")
    db.dispose()
    before = _ids(db_path)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(bk.BackupError, match="junk.db"):
        bk.restore_backup(db, junk)
    newer = bk.backup_to(db, tmp_path / "newer.db")
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaVersionError, match="newer pibdesk"):
        bk.restore_backup(db, newer)
    with pytest.raises(bk.BackupError, match="no such backup"):
        bk.restore_backup(db, tmp_path / "missing.db")
    assert _ids(db_path) == before
    assert bk.list_backups(db) == []  # nothing was even saved: refused before any change


def test_upgrade_backs_up_first(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    db.migrate("0001")
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO setting(key, value) VALUES ('k', 'v')")
    conn.commit()
    conn.close()
    assert upgrade_database(db)
    [info] = bk.list_backups(db)
    assert info.kind == "premigration" and info.revision == "0001"
    db.dispose()


def test_check_finds_broken_annotations(db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pk = _release(db)
    a = _ann(db, pk, "Rajnath Singh")
    b = _ann(db, pk, "India", "Topic")
    c = _ann(db, pk, "soldiers", "Topic")
    report = run_checks(db)
    assert report.ok and report.annotations == 3
    assert cli_main(["check", "--db", str(db_path)]) == 0
    db.dispose()
    conn = sqlite3.connect(db_path)
    conn.execute('UPDATE annotation SET start = 60, "end" = 500 WHERE id = ?', (a,))
    conn.execute("UPDATE annotation SET text = 'Pakistan' WHERE id = ?", (b,))
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("UPDATE annotation SET entity_id = 4242 WHERE id = ?", (c,))
    conn.commit()
    conn.close()
    report = run_checks(db)
    bad = {r.name: r for r in report.results if not r.ok}
    assert set(bad) == {"annotation offsets", "annotation quotes", "foreign keys"}
    assert f"annotation {a} " in bad["annotation offsets"].problems[0]
    assert "'Pakistan'" in bad["annotation quotes"].problems[0]
    assert "annotation row" in bad["foreign keys"].problems[0]
    capsys.readouterr()
    assert cli_main(["check", "--db", str(db_path)]) == 1
    out = capsys.readouterr().out
    assert "FAIL  annotation quotes" in out and "ok  integrity: ok" in out
    assert "PROBLEMS FOUND" in out


def test_check_never_changes_the_file(db: Database, db_path: Path) -> None:
    _ann(db, _release(db), "India", "Topic")
    db.dispose()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    h = _sha(db_path)
    assert run_checks(db).ok
    assert _sha(db_path) == h


def test_cli_backup_and_restore(db: Database, db_path: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    pk = _release(db)
    a = _ann(db, pk, "Rajnath Singh")
    out = tmp_path / "mine.db"
    assert cli_main(["backup", "--db", str(db_path), "-o", str(out)]) == 0
    assert "1 annotations" in capsys.readouterr().out
    AnnotationService(db).delete(a)
    db.dispose()
    assert cli_main(["restore", str(out), "--db", str(db_path)]) == 0
    msg = capsys.readouterr().out
    assert "restored" in msg and "prerestore" in msg
    assert _ids(db_path) == {a}
    assert cli_main(["check", "--db", str(tmp_path / "nope.db")]) == 2
    assert "no such database file" in capsys.readouterr().err


def test_restoring_the_oldest_of_a_full_set(db: Database) -> None:
    """With KEEP backups already, the pre-restore backup must not prune away the one
    being restored."""
    pk = _release(db)
    a = _ann(db, pk, "Rajnath Singh")
    oldest = bk.make_backup(db, "manual")
    AnnotationService(db).delete(a)
    for _ in range(bk.KEEP - 1):
        bk.make_backup(db, "manual")
    assert len(bk.list_backups(db)) == bk.KEEP
    bk.restore_backup(db, oldest)
    assert [x.id for x in AnnotationService(db).for_release(pk)] == [a]
    assert len(bk.list_backups(db)) == bk.KEEP  # pruned afterwards
