"""Two processes, one database (issue 8 §2), and a backup taken while another writes (§3).

Two driver processes annotate the same file at once for a bounded number of actions:
each creates annotations and increments a counter kept in the note of one shared
annotation, editing with ``expected_version`` as the UI does. Then both hold a version
they read and edit once more, one after the other, so the second edit is stale.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from pibdesk.core.model import NewAnnotation
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.backup import backup_to, read_info
from pibdesk.services.corpus import CorpusService
from pibdesk.storage.db import Database

from ._harness import Lines, integrity, spawn

OPS = 60


def _setup(db_path: Path, founding_text: str) -> tuple[int, int]:
    from pibdesk.core.model import ParsedRelease

    db = Database(db_path)
    db.migrate()
    pk = CorpusService(db).import_parsed(
        ParsedRelease(title="founding", text=founding_text, release_id=1583904)
    ).release_pk
    assert pk is not None
    shared = AnnotationService(db).create(NewAnnotation(pk, 0, 10, "Topic", note="0"))
    db.dispose()
    return pk, shared.id


@pytest.mark.slow
def test_two_processes_annotate_one_database(tmp_path: Path, raw_dir: Path, say: Any) -> None:
    db_path = tmp_path / "two.db"
    _, shared = _setup(db_path, (raw_dir / "txt_1583904.txt").read_text(encoding="utf-8"))
    procs = [
        spawn("concurrent", "--db", str(db_path), "--ops", str(OPS), "--shared", str(shared),
              "--seed", str(i), "--seconds", "40")
        for i in range(2)
    ]
    readers = [Lines(p) for p in procs]
    out: list[list[str]] = [[], []]

    def read_until(i: int, prefix: str) -> str:
        while True:
            line = readers[i].get(timeout=120)
            assert line is not None, f"driver {i} ended early: {out[i][-3:]}"
            out[i].append(line)
            assert not line.startswith("error"), line
            if line.startswith(prefix):
                return line

    read_until(0, "ready")
    read_until(1, "ready")
    finals = []
    for i in (0, 1):  # the second edit is made with a version the first one changed
        procs[i].stdin.write("go\n")  # type: ignore[union-attr]
        procs[i].stdin.flush()  # type: ignore[union-attr]
        finals.append(read_until(i, ("done final", "conflict final")))  # type: ignore[arg-type]
    for p in procs:
        p.wait(timeout=60)
        assert p.returncode == 0
        err = p.stderr.read() if p.stderr else ""
        assert "database is locked" not in err and "Traceback" not in err, err

    lines = out[0] + out[1]
    created = [int(x.split()[2]) for x in lines if x.startswith("done create")]
    shared_ok = sum(1 for x in lines if x.startswith(("done shared", "done final")))
    conflicts = sum(1 for x in lines if x.startswith(("conflict shared", "conflict final")))

    assert len(created) == 2 * OPS and len(set(created)) == 2 * OPS
    conn = sqlite3.connect(db_path)
    ids = {r[0] for r in conn.execute("SELECT id FROM annotation")}
    version, note = conn.execute(
        "SELECT row_version, note FROM annotation WHERE id = ?", (shared,)
    ).fetchone()
    conn.close()
    assert set(created) | {shared} == ids  # no write lost
    # every successful edit incremented the value it read: no lost update
    assert int(note) == shared_ok and version == 1 + shared_ok
    # the stale final edit was refused, not silently applied
    assert any(f.startswith("conflict final") for f in finals), finals
    assert "changed by" in next(f for f in finals if f.startswith("conflict final"))
    assert integrity(db_path) == ("ok", [])
    say(
        f"two processes: {len(created)} annotations created, {shared_ok} edits of the shared "
        f"annotation applied, {conflicts} conflicting edits reported, 0 'database is locked'"
    )


@pytest.mark.slow
def test_backup_while_another_process_writes(tmp_path: Path, raw_dir: Path, say: Any) -> None:
    db_path = tmp_path / "live.db"
    _, shared = _setup(db_path, (raw_dir / "txt_1583904.txt").read_text(encoding="utf-8"))
    proc = spawn("concurrent", "--db", str(db_path), "--ops", "400", "--shared", str(shared),
                 "--seconds", "60")
    lines = Lines(proc)
    done: list[int] = []
    lock = threading.Lock()
    stop = threading.Event()

    def pump() -> None:
        while not stop.is_set():
            line = lines.get(timeout=120)
            if line is None or line.startswith("ready"):
                return
            assert not line.startswith("error"), line
            if line.startswith("done create"):
                with lock:
                    done.append(int(line.split()[2]))

    t = threading.Thread(target=pump, daemon=True)
    t.start()
    while True:
        with lock:
            if len(done) >= 20:
                break
        time.sleep(0.02)
    with lock:
        before = set(done)
    db = Database(db_path)
    try:
        out = backup_to(db, tmp_path / "backups" / "during.db")
    finally:
        db.dispose()
    with lock:
        during = len(done) - len(before)
    stop.set()
    proc.kill()
    proc.wait(timeout=30)
    t.join(timeout=30)

    # the backup opens alone (no -wal beside it) and holds every annotation committed before
    alone = tmp_path / "alone" / "copy.db"
    alone.parent.mkdir()
    alone.write_bytes(out.read_bytes())
    assert not Path(str(alone) + "-wal").exists()
    assert integrity(alone) == ("ok", [])
    conn = sqlite3.connect(alone)
    ids = {r[0] for r in conn.execute("SELECT id FROM annotation")}
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    conn.close()
    assert before <= ids, sorted(before - ids)
    assert mode == "delete"
    info = read_info(alone)
    assert info.annotations == len(ids) and info.releases == 1
    say(
        f"backup while writing: {len(before)} annotations committed before the backup, "
        f"all of them in it ({len(ids) - 1} in all, + the shared one); "
        f"{during} more committed while it ran"
    )
