"""``pibdesk backup -o FILE`` never writes over the live database (or the ``-wal``/``-shm``
files SQLite keeps beside it) and never silently over an existing file (audit of
issue 8 §3)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from pibdesk.cli import main
from pibdesk.core.model import NewAnnotation, ParsedRelease
from pibdesk.services import backup as bk
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.storage.db import Database

TEXT = "Raksha Mantri Shri Rajnath Singh said India stands with its soldiers.\n"


@pytest.fixture()
def live(db_path: Path) -> Path:
    """A migrated database file holding one release and one annotation."""
    db = Database(db_path)
    db.migrate()
    pk = (
        CorpusService(db)
        .import_parsed(ParsedRelease(title="t", text=TEXT, release_id=77, source="t.txt"))
        .release_pk
    )
    assert pk is not None
    AnnotationService(db).create(NewAnnotation(pk, 14, 32, "Person"))
    db.dispose()
    return db_path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _annotations(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(conn.execute("SELECT count(*) FROM annotation").fetchone()[0])
    finally:
        conn.close()


def _refused(capsys: pytest.CaptureFixture[str], argv: list[str], *words: str) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    for w in words:
        assert w in err, err
    return err


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_backup_onto_the_live_database_or_its_files_is_refused(
    live: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    # another window holds the database open, so -wal and -shm exist as they would
    holder = sqlite3.connect(live)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("SELECT count(*) FROM annotation").fetchone()
    try:
        before = _digest(live)
        target = live.with_name(live.name + suffix)
        existed = target.exists()
        err = _refused(
            capsys, ["backup", "--db", str(live), "-o", str(target), "--force"], str(target)
        )
        assert ("live database" if not suffix else f"{target.name}, a file of the database") in err
        assert _digest(live) == before
        assert target.exists() == existed
        assert not target.with_name(target.name + ".part").exists()
    finally:
        holder.close()
    assert _annotations(live) == 1


def test_backup_onto_the_database_by_another_name_is_refused(
    live: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = _digest(live)
    link = tmp_path / "elsewhere" / "link.db"
    link.parent.mkdir()
    link.symlink_to(live)
    hard = tmp_path / "hard.db"
    os.link(live, hard)
    dotted = live.parent / "." / live.name
    for target in (link, hard, dotted):
        _refused(
            capsys, ["backup", "--db", str(live), "-o", str(target), "--force"], "live database"
        )
    # the library refuses too, whatever ``overwrite`` says
    db = Database(live)
    try:
        with pytest.raises(bk.BackupError, match="live database"):
            bk.backup_to(db, live, overwrite=True)
    finally:
        db.dispose()
    assert _digest(live) == before and _annotations(live) == 1


def test_an_existing_file_is_replaced_only_with_force(
    live: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "keep" / "monday.db"
    target.parent.mkdir()
    target.write_bytes(b"an editor's other file")
    _refused(capsys, ["backup", "--db", str(live), "-o", str(target)], "already exists", "--force")
    assert target.read_bytes() == b"an editor's other file"
    assert not target.with_name(target.name + ".part").exists()

    _refused(capsys, ["backup", "--db", str(live), "-o", str(target.parent)], "is a folder")

    assert main(["backup", "--db", str(live), "-o", str(target), "--force"]) == 0
    assert f"wrote {target} (1 releases, 1 annotations)" in capsys.readouterr().out
    assert _annotations(target) == 1

    fresh = tmp_path / "keep" / "tuesday.db"
    assert main(["backup", "--db", str(live), "-o", str(fresh)]) == 0
    assert _annotations(fresh) == 1
