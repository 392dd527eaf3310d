"""Search speed: SearchService over 50,000 releases against the bare FTS5 query.

    .venv/bin/python benchmarks/bench_search.py [--releases 50000] [--repeat 5] [--db BIG.db]

1. Builds (once, cached in the temp dir by size) a migrated SQLite database of N
   releases made by varying the corpus's releases (PIB-Direct JSON Lines rows and the
   raw text files, English and Indian-language); rows go in with plain sqlite3, the FTS5
   index fills through migration 0002's triggers. ``--db BIG.db`` uses a database made
   by ``make_big_corpus.py`` instead (50,000 releases, 1,000,000 spans).
2. For each query of :data:`QUERIES` (English words and phrases, Devanagari, Tamil,
   a prefix): the floor is the bare FTS5 query on the same table over a plain sqlite3
   connection, ``SELECT rowid, snippet(...) FROM release_fts WHERE release_fts MATCH ?
   ORDER BY rank LIMIT 50``; pibdesk is :meth:`SearchService.search` (query translation,
   join to the release row for title/date/ministry, snippet, core objects), limit 50.
3. Prints the median time of each over all queries x repeats, and the ratio (goal <= 2x).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import add_db_arg, big_db, machine, ratio_line

from pibdesk.core.search import to_fts_query
from pibdesk.services.search import SearchService
from pibdesk.storage.db import Database

QUERIES = [
    "Article 370",
    '"Prime Minister"',
    "defence cooperation",
    "farmers MSP",
    "Minist*",
    "railway",
    "vaccine",
    "renewable energy",
    "परिभाषा",
    "मंत्रालय",
    "किसानों",
    "கடன்",
    "GST revenue",
    "street vendors",
    "Jammu Kashmir",
]


def build(path: Path, n: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_import import corpus_releases

    base = [r for r in corpus_releases() if r.text]
    db = Database(path)
    db.migrate()
    db.dispose()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")
    start = datetime(2016, 1, 1, tzinfo=UTC)
    con.execute("BEGIN")
    for i in range(n):
        b = base[i % len(base)]
        posted = (
            (start + timedelta(minutes=97 * i))
            .replace(tzinfo=None)
            .strftime("%Y-%m-%d %H:%M:%S.%f")
        )
        con.execute(
            "INSERT INTO release (release_id, text_hash, title, ministry, subtitles_json, posted_at, "
            "bureau, language, source, text, has_text, revision, status) "
            "VALUES (?,?,?,?,'[]',?,?,?,?,?,1,1,'not_started')",
            (
                60_000_000 + i,
                f"h{i}",
                f"{b.title} ({i})",
                b.ministry,
                posted,
                b.bureau,
                b.language,
                f"bench_{i}",
                f"{b.text}\n\nVariant sentence number {i}.",
            ),
        )
        if i % 5000 == 4999:
            con.execute("COMMIT")
            con.execute("BEGIN")
    con.execute("COMMIT")
    con.execute("INSERT INTO release_fts(release_fts) VALUES ('optimize')")
    con.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--releases", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=5)
    add_db_arg(ap)
    args = ap.parse_args()
    print(machine())
    path = Path(tempfile.gettempdir()) / f"pibdesk-bench-search-{args.releases}.db"
    if args.db is not None:
        path = big_db(args.db)
    if not path.exists():
        t0 = time.perf_counter()
        build(path.with_suffix(".part"), args.releases)
        path.with_suffix(".part").rename(path)
        print(f"built {args.releases} releases in {time.perf_counter() - t0:.0f} s -> {path}")

    con = sqlite3.connect(path)
    bare_sql = (
        "SELECT rowid, snippet(release_fts, -1, '[', ']', '…', 18) FROM release_fts "
        "WHERE release_fts MATCH ? ORDER BY rank LIMIT 50"
    )
    db = Database(path)
    svc = SearchService(db)
    # warm both paths (page cache, statement caches)
    for q in QUERIES:
        con.execute(bare_sql, (to_fts_query(q),)).fetchall()
        svc.search(q, limit=50)

    floor: list[float] = []
    ours: list[float] = []
    counts = {}
    for _ in range(args.repeat):
        for q in QUERIES:
            fts = to_fts_query(q)
            t0 = time.perf_counter()
            rows = con.execute(bare_sql, (fts,)).fetchall()
            floor.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            hits = svc.search(q, limit=50)
            ours.append(time.perf_counter() - t0)
            assert len(hits) == len(rows), (q, len(hits), len(rows))
            counts[q] = len(hits)
    f_med, o_med = statistics.median(floor), statistics.median(ours)
    n = con.execute("SELECT count(*) FROM release").fetchone()[0]
    print(f"{n} releases; {len(QUERIES)} queries x {args.repeat}; hits per query (<=50): {counts}")
    print(f"floor  bare FTS5 MATCH + snippet : median {f_med * 1000:7.2f} ms")
    print(f"pibdesk SearchService.search     : median {o_med * 1000:7.2f} ms")
    print(ratio_line("search, median of all queries", o_med, f_med, 2.0))
    print(machine())
    con.close()
    db.dispose()


if __name__ == "__main__":
    main()
