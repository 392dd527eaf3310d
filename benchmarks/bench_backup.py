"""Backups and checks of a database of 2,000 releases and 40,000 annotations.

Measures, in one run on this machine (medians of ROUNDS):
  floor:   ``shutil.copyfile`` of the checkpointed database file (what a naive, unsafe
           backup would cost; it would also miss anything still in the WAL), and the
           same copy made durable with one fsync;
  backup:  ``backup_to`` (SQLite online backup API, journal switch, quick_check, fsync);
  check:   ``run_checks`` (integrity_check, foreign keys, every annotation's offsets and
           quote against its release text);
  daily:   ``maybe_daily_backup`` when today's backup exists (what every app start pays);
  write:   one annotation created through ``AnnotationService`` (BEGIN IMMEDIATE,
           synchronous=FULL commit), against one bare ``INSERT`` + commit with sqlite3
           on the same file and settings.
Prints the ratios to the floors; goals (issue 8): backup within 5x a file copy, the
daily check under 1% of a backup.

Run: .venv/bin/python benchmarks/bench_backup.py
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
RAW = REPO.parent / "shared" / "corpus" / "raw"
N_RELEASES = 2_000
PER_RELEASE = 20
ROUNDS = 5


def _seed(path: Path) -> None:
    from pibdesk.core.text import quote_of, text_hash
    from pibdesk.parsing import parse_file
    from pibdesk.storage.db import Database

    db = Database(path)
    db.migrate()
    db.dispose()
    texts = [parse_file(p).text for p in sorted(RAW.glob("txt_*.txt"))]
    conn = sqlite3.connect(path)
    with conn:
        for i in range(N_RELEASES):
            text = f"Release {i}\n" + texts[i % len(texts)]
            cur = conn.execute(
                "INSERT INTO release (release_id, text_hash, title, subtitles_json, source, text,"
                " has_text, revision, status) VALUES (?,?,?,?,?,?,1,1,'not_started')",
                (10_000_000 + i, text_hash(text), f"Release {i}", "[]", "bench", text),
            )
            pk = cur.lastrowid
            step = max(1, (len(text) - 30) // PER_RELEASE)
            for k in range(PER_RELEASE):
                s = min(k * step, len(text) - 21)
                prefix, exact, suffix = quote_of(text, s, s + 20)
                conn.execute(
                    'INSERT INTO annotation (release_pk, start, "end", label, text, prefix, suffix,'
                    " author, origin, needs_review, row_version) VALUES (?,?,?,?,?,?,?,?,?,0,1)",
                    (pk, s, s + 20, "Topic", exact, prefix, suffix, "bench", "manual"),
                )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _median(fn, rounds: int = ROUNDS) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    from pibdesk.core.model import NewAnnotation
    from pibdesk.services.annotations import AnnotationService
    from pibdesk.services.backup import backup_to, make_backup, maybe_daily_backup
    from pibdesk.services.check import run_checks
    from pibdesk.storage.db import Database

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        path = work / "bench.db"
        _seed(path)
        size_mb = path.stat().st_size / 1_048_576
        db = Database(path)
        copy_s = _median(lambda: shutil.copyfile(path, work / "copy.db"))

        def copy_fsync() -> None:
            shutil.copyfile(path, work / "copy2.db")
            with (work / "copy2.db").open("rb") as f:
                os.fsync(f.fileno())

        copy_sync_s = _median(copy_fsync)
        backup_s = _median(lambda: backup_to(db, work / "backup.db"))
        report = run_checks(db)
        assert report.ok, "\n".join(report.lines())
        check_s = _median(lambda: run_checks(db), rounds=3)
        make_backup(db, "daily")
        daily_s = _median(lambda: maybe_daily_backup(db), rounds=20)

        svc = AnnotationService(db)
        n = 50
        t = time.perf_counter()
        for k in range(n):
            svc.create(NewAnnotation(1, k, k + 5, "Person"))
        service_s = (time.perf_counter() - t) / n
        raw = sqlite3.connect(path, isolation_level=None)
        raw.execute("PRAGMA synchronous=FULL")
        t = time.perf_counter()
        for k in range(n):
            raw.execute("BEGIN IMMEDIATE")
            raw.execute(
                'INSERT INTO annotation (release_pk, start, "end", label, text, prefix, suffix,'
                " author, origin, needs_review, row_version) VALUES (1,?,?,'Person','x','','',"
                "'b','manual',0,1)",
                (k, k + 5),
            )
            raw.execute("COMMIT")
        insert_s = (time.perf_counter() - t) / n
        raw.close()
        db.dispose()

    print(f"database: {N_RELEASES} releases, {N_RELEASES * PER_RELEASE} annotations, {size_mb:.1f} MB")
    print(f"file copy (floor)      {copy_s * 1000:9.1f} ms")
    print(f"file copy + fsync      {copy_sync_s * 1000:9.1f} ms")
    print(
        f"backup_to              {backup_s * 1000:9.1f} ms   ratio {backup_s / copy_s:5.2f} "
        f"to the copy, {backup_s / copy_sync_s:5.2f} to copy + fsync  (goal <= 5)"
    )
    print(f"run_checks             {check_s * 1000:9.1f} ms   ratio {check_s / copy_s:5.2f}")
    print(f"maybe_daily_backup     {daily_s * 1000:9.3f} ms   {daily_s / backup_s:.4%} of a backup (goal < 1%)")
    print(f"bare INSERT+COMMIT     {insert_s * 1000:9.2f} ms")
    print(f"AnnotationService.create {service_s * 1000:7.2f} ms   ratio {service_s / insert_s:5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
