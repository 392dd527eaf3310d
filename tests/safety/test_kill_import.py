"""SIGKILL during bulk imports (issue 16): a killed import never leaves a half-imported
release or a database without its tables, and every batch it reported committed is there.

The driver (tests/safety/driver.py ``import``) creates the database if missing, prints
``ready`` once it is there, then imports the shared corpus's ``raw/`` files in batches
and prints ``done <release key> <file>`` per committed file. Each run is killed at a random
moment, from interpreter start-up to mid-import. After each kill: no database file at all
unless ``ready`` was printed (creation is atomic: :meth:`Database._create_atomically`;
before, a kill inside the first migration left a file with no tables, which ``pibdesk
check`` failed one run in three), ``PRAGMA integrity_check`` and ``pibdesk check`` pass,
every reported release is stored with its text and a first revision, no release lacks
one, and the search index passes its integrity check.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from pibdesk.services.check import run_checks
from pibdesk.storage.db import Database

from ._harness import Lines, integrity, spawn

RUNS = 20
BUDGET_S = 90.0


def _verify(db_path: Path, ready: bool, done: list[tuple[int, str]]) -> int:
    if not db_path.exists():
        assert not ready and not done, "the driver reported a database that is not there"
        return 0
    ok, fks = integrity(db_path)
    assert ok == "ok", ok
    assert fks == []
    db = Database(db_path)
    try:
        report = run_checks(db)
    finally:
        db.dispose()
    assert report.ok, "\n".join(report.lines())
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(
            "SELECT r.id, r.has_text, length(r.text), "
            "(SELECT count(*) FROM release_revision v WHERE v.release_pk = r.id) "
            "FROM release r"
        ).fetchall()
        stored = {pk: (has, n, revs) for pk, has, n, revs in rows}
        for pk, has, n, revs in rows:
            assert revs >= 1, f"release {pk} has no revision row: half-imported"
            assert not has or n > 0, f"release {pk} says it has text but has none"
        for pk, name in done:
            assert pk in stored, f"{name} (release {pk}) was reported committed but is gone"
        # the search index is consistent (FTS5 'integrity-check', https://sqlite.org/fts5.html;
        # not the rank-1 form, which compares with the content table: the index holds the
        # text without ZWNJ/ZWJ/soft hyphens, migration 0005, so that form always differs)
        conn.execute("INSERT INTO release_fts(release_fts) VALUES('integrity-check')")
    finally:
        conn.close()
    return len(stored)


@pytest.mark.slow
def test_sigkill_during_imports_leaves_whole_releases(tmp_path: Path, say: Any) -> None:
    rng = random.Random(16)
    started = time.monotonic()
    runs = kept = none = 0
    for i in range(RUNS):
        if time.monotonic() - started > BUDGET_S and runs >= 8:
            break
        fresh = i % 2 == 0  # every other run starts a new database, the rest continue one
        db_path = tmp_path / f"kill{i % 4}.db"
        if fresh:
            for p in tmp_path.glob(f"kill{i % 4}.db*"):
                p.unlink()
        proc = spawn("import", "--db", str(db_path), "--seed", str(i))
        lines = Lines(proc)
        early: list[str] = []
        while (first := lines.get(timeout=60)) is not None:
            early.append(first)
            if first == "creating":
                break
        # a new database: kill while it is being created (the migrations take ~0.3 s);
        # an existing one: anywhere in the import
        time.sleep(rng.uniform(0.0, 0.35) if fresh else rng.uniform(0.0, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        got: list[str] = list(early)
        while (line := lines.get(timeout=10)) is not None:
            got.append(line)
        assert not any(g.startswith("error") for g in got), got
        ready = "ready" in got
        done = [(int(g.split()[1]), g.split()[2]) for g in got if g.startswith("done ")]
        n = _verify(db_path, ready, done)
        kept += n
        none += not db_path.exists()
        runs += 1
    assert runs >= 8
    say(
        f"import kills: {runs} SIGKILLed imports, {kept} releases checked whole after them, "
        f"{none} kills before the database was created (no file left)"
    )
