"""Import speed: 10,000 releases through CorpusService against raw sqlite3 inserts.

    .venv/bin/python benchmarks/bench_import.py [--releases 10000]

1. Makes N releases by varying the corpus's releases (the 563 PIB-Direct JSON Lines rows
   and the raw text/HTML files, parsed once): each gets its own PRID, a numbered title
   and an extra sentence, so every one is new and distinct.
2. Floor: plain ``sqlite3`` ``executemany`` of exactly the rows pibdesk writes for them
   (release with its FTS5 trigger, release_revision, visitor_count, translation,
   change_log), committed every 250 releases like the service, on a freshly migrated
   database with the same pragmas (WAL, synchronous=FULL).
3. pibdesk: :meth:`CorpusService.import_many` of the same parsed releases on another
   fresh database (identity lookups, outcome report, batching, same transactions).
4. For information: re-importing them all (every one "already present").

Prints the times and the ratio to the floor (goal: at most 8x).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import corpus_releases, machine, ratio_line, variants

from pibdesk.core.model import ParsedRelease
from pibdesk.core.text import text_hash
from pibdesk.services.corpus import CorpusService
from pibdesk.storage.db import Database

BATCH = 250


def fresh_db(path: Path) -> Database:
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    db = Database(path)
    db.migrate()
    return db


def _ts(d: datetime | None) -> str | None:
    """How SQLAlchemy's SQLite DateTime stores an aware datetime (naive UTC)."""
    if d is None:
        return None
    return d.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def floor_insert(path: Path, items: list[ParsedRelease]) -> float:
    """Raw sqlite3: the same rows, executemany, one commit per batch."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA synchronous = FULL")
    t0 = time.perf_counter()
    now = _ts(datetime.now(UTC))
    for k in range(0, len(items), BATCH):
        chunk = items[k : k + BATCH]
        con.execute("BEGIN")
        rows = []
        for p in chunk:
            rows.append(
                (
                    p.release_id, text_hash(p.text), p.title, p.ministry,
                    json.dumps(list(p.subtitles), ensure_ascii=False), _ts(p.posted_at),
                    p.bureau, p.language, p.visitor_count, p.sign_off, p.source, p.text,
                    1, 1, "not_started", now, now,
                )
            )  # fmt: skip
        con.executemany(
            "INSERT INTO release (release_id, text_hash, title, ministry, subtitles_json, "
            "posted_at, bureau, language, visitor_count, sign_off, source, text, has_text, "
            "revision, status, imported_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        ids = dict(
            con.execute(
                f"SELECT release_id, id FROM release WHERE release_id IN ({','.join('?' * len(chunk))})",
                [p.release_id for p in chunk],
            ).fetchall()
        )
        con.executemany(
            "INSERT INTO release_revision (release_pk, number, text, text_hash, title, source, imported_at) "
            "VALUES (?,?,?,?,?,?,?)",
            [
                (ids[p.release_id], 1, p.text, r[1], p.title, p.source, now)
                for p, r in zip(chunk, rows, strict=True)
            ],
        )
        con.executemany(
            "INSERT INTO visitor_count (release_pk, seen_at, count) VALUES (?,?,?)",
            [
                (ids[p.release_id], now, p.visitor_count)
                for p in chunk
                if p.visitor_count is not None
            ],
        )
        con.executemany(
            "INSERT INTO translation (release_pk, language, label, target_release_id) VALUES (?,?,?,?)",
            [
                (ids[p.release_id], t.language, t.label, t.release_id)
                for p in chunk
                for t in p.translations
            ],
        )
        con.executemany(
            "INSERT INTO change_log (at, table_name, row_id, release_pk, action, author) VALUES (?,?,?,?,?,?)",
            [(now, "release", ids[p.release_id], ids[p.release_id], "insert", "") for p in chunk],
        )
        con.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    con.close()
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--releases", type=int, default=10_000)
    args = ap.parse_args()
    print(machine())
    tmp = Path(tempfile.mkdtemp(prefix="pibdesk-bench-import-"))

    t0 = time.perf_counter()
    base = corpus_releases()
    parse_s = time.perf_counter() - t0
    items = variants(base, args.releases)
    print(f"parsed {len(base)} corpus releases in {parse_s:.1f} s; made {len(items)} variants")

    fresh_db(tmp / "floor.db").dispose()
    floor_s = floor_insert(tmp / "floor.db", items)

    db = fresh_db(tmp / "pibdesk.db")
    svc = CorpusService(db)
    t0 = time.perf_counter()
    report = svc.import_many(items, total=len(items))
    ours_s = time.perf_counter() - t0
    assert report.count("imported") == len(items), report.totals()
    assert svc.count() == len(items)

    t0 = time.perf_counter()
    again = svc.import_many(items, total=len(items))
    again_s = time.perf_counter() - t0
    assert again.count("present") == len(items), again.totals()

    n = len(items)
    print(f"floor  raw sqlite3 executemany : {floor_s:7.2f} s  ({n / floor_s:8.0f} releases/s)")
    print(f"pibdesk CorpusService.import_many: {ours_s:7.2f} s  ({n / ours_s:8.0f} releases/s)")
    print(ratio_line(f"bulk import of {n:,} releases", ours_s, floor_s, 8.0))
    print(f"re-import, all already present : {again_s:7.2f} s  ({n / again_s:8.0f} releases/s)")
    db.dispose()
    print(machine())


if __name__ == "__main__":
    main()
