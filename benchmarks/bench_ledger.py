"""Quote-ledger build time for 50,000 statements against a bare SQL select of the same rows.

    .venv/bin/python benchmarks/bench_ledger.py [--statements 50000] [--repeat 5]

1. Builds (once, cached in the temp dir by size and schema revision) a migrated SQLite
   database: ``statements / 5`` releases made from the corpus by
   :func:`bench_search.build`, the starter office table, 20 topics, a translation link
   on every third release, and five Statements per release over real sentences of its
   text (quotes repeat across the releases made from one corpus release, and each
   release's "Variant sentence number N." is a near-duplicate of its neighbours', so
   grouping has real work), spoken by the offices' holders in turn, plain sqlite3.
2. Floor: the same statements joined to release, speaker and topic, on a plain sqlite3
   connection, ``fetchall()`` (``SELECT a.id, ..., sp.name, tp.name, r.release_id,
   r.ministry, r.title, r.posted_at FROM annotation a JOIN release r ... LEFT JOIN entity
   ... WHERE a.label = 'Statement' ORDER BY r.posted_at, ...``): rows read, nothing
   resolved.
3. pibdesk: :meth:`LedgerService.rows` (the one ledger query with office terms and
   translation aggregate, IST day in SQL, core rows, office titles, grouping of repeated
   quotes), ungrouped and grouped, and the window's Qt model filled with the rows.

Prints medians (ms) and ratios against the floor measured in the same run (goal <= 3x).
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pibdesk.services.entities import ensure_starter_offices
from pibdesk.services.ledger import LedgerService
from pibdesk.storage.db import Database

PER_RELEASE = 5
FLOOR_SQL = (
    "SELECT a.id, a.release_pk, a.start, a.\"end\", a.text, a.statement_kind, a.speaker_id, "
    "sp.name, a.topic_id, tp.name, a.row_version, r.release_id, r.ministry, r.title, "
    "r.posted_at, r.language FROM annotation a JOIN release r ON r.id = a.release_pk "
    "LEFT JOIN entity sp ON sp.id = a.speaker_id LEFT JOIN entity tp ON tp.id = a.topic_id "
    "WHERE a.label = 'Statement' ORDER BY r.posted_at, a.release_pk, a.start, a.id"
)
_SENTENCE = re.compile(r"[A-Z\u0900-\u097F][^.!?।\n]{30,240}[.!?।]")


def build(path: Path, statements: int) -> None:
    from bench_search import build as build_releases

    releases = max(1, statements // PER_RELEASE)
    build_releases(path, releases)
    db = Database(path)
    ensure_starter_offices(db)
    db.dispose()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA synchronous = OFF")
    con.execute("BEGIN")
    persons = [r[0] for r in con.execute(
        "SELECT DISTINCT entity_id FROM office_term ORDER BY entity_id")]
    topics = []
    for i in range(20):
        cur = con.execute(
            "INSERT INTO entity (kind, name) VALUES ('topic', ?)", (f"Bench topic {i}",))
        topics.append(cur.lastrowid)
    kinds = ("direct", "reported", "social")
    n = 0
    for pk, text in con.execute("SELECT id, text FROM release ORDER BY id").fetchall():
        spans = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)][: PER_RELEASE - 1]
        v = text.rindex("Variant sentence number")
        spans.append((v, len(text)))
        while len(spans) < PER_RELEASE:
            spans.append(spans[-1])
        for j, (s, e) in enumerate(spans):
            if n >= statements:
                break
            con.execute(
                "INSERT INTO annotation (release_pk, start, \"end\", label, text, prefix, suffix, "
                "author, origin, speaker_id, statement_kind, topic_id, needs_review, row_version) "
                "VALUES (?,?,?,'Statement',?,'','','bench','manual',?,?,?,0,1)",
                (pk, s, e, text[s:e], persons[(pk + j) % len(persons)], kinds[(pk + j) % 3],
                 topics[pk % 20] if j == 0 else None),
            )
            n += 1
        if pk % 3 == 0:
            con.execute(
                "INSERT INTO translation (release_pk, language, label, target_release_id) "
                "VALUES (?, 'hi', 'Hindi', ?)", (pk, 70_000_000 + pk))
    con.execute("COMMIT")
    con.close()


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statements", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    path = Path(tempfile.gettempdir()) / f"pibdesk-bench-ledger-{args.statements}.db"
    if path.exists() and Database(path).current_revision() != Database(path).head_revision():
        path.unlink()
    if not path.exists():
        t0 = time.perf_counter()
        build(path.with_suffix(".part"), args.statements)
        path.with_suffix(".part").rename(path)
        print(f"built {args.statements} statements in {time.perf_counter() - t0:.0f} s -> {path}")

    con = sqlite3.connect(path)
    db = Database(path)
    svc = LedgerService(db)
    n = len(con.execute(FLOOR_SQL).fetchall())
    rows = svc.rows()
    assert len(rows) == n, (len(rows), n)
    groups = len({r.group_id for r in rows})
    print(f"{n} statements, {groups} groups; median of {args.repeat} (after one warm-up)")

    def floor() -> None:
        con.execute(FLOOR_SQL).fetchall()

    cases: list[tuple[str, Callable[[], object]]] = [
        ("ledger rows (no grouping)", lambda: svc.rows(grouped=False)),
        ("ledger rows, grouped", lambda: svc.rows()),
    ]
    try:
        from PySide6.QtCore import QCoreApplication

        from pibdesk.ui.ledger_view import LedgerModel

        app = QCoreApplication.instance() or QCoreApplication([])  # noqa: F841
        model = LedgerModel()
        cases.append(("grouped + Qt model filled", lambda: model.set_rows(svc.rows())))
    except ImportError:  # pragma: no cover - the window's model is not there yet
        pass
    f = _median(floor, args.repeat)
    print(f"{'case':28s} {'floor ms':>9s} {'ours ms':>9s} {'ratio':>6s}")
    for label, fn in cases:
        fn()
        o = _median(fn, args.repeat)
        print(f"{label:28s} {f * 1000:9.1f} {o * 1000:9.1f} {o / f:6.2f}x")
    db.dispose()


if __name__ == "__main__":
    main()
