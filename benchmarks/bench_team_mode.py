"""Team mode (issue 9): commit latency and how soon another editor hears of a change.

Measures, in one run on this machine, against a private PostgreSQL server started here
(``tests/pgcluster.py``) and a SQLite file:

  floor:   one ``SELECT 1`` round trip on the PostgreSQL connection pool;
  commit:  ``AnnotationService.create`` (one transaction: read release, insert, change
           log, NOTIFY) on PostgreSQL and on SQLite;
  notice:  from a commit by a second ``Database`` (another editor) to the
           ``ChangeWatcher`` callback in this process: LISTEN/NOTIFY on PostgreSQL,
           0.5 s polling on SQLite. The goal (issue 9) is a notice within 1-2 s.

Prints medians and p95 in ms, and each as a ratio to the floor.

Run: .venv/bin/python benchmarks/bench_team_mode.py
"""

from __future__ import annotations

import queue
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
RELEASE = REPO.parent / "shared" / "corpus" / "raw" / "txt_1583904.txt"
ROUNDS = 60
NOTICES = 15


def _p95(xs: list[float]) -> float:
    s = sorted(xs)
    return s[int(0.95 * (len(s) - 1))]


def _seed(db):  # type: ignore[no-untyped-def]
    from pibdesk.core.model import ParsedRelease
    from pibdesk.services.corpus import CorpusService

    text = RELEASE.read_text(encoding="utf-8")
    out = CorpusService(db).import_parsed(ParsedRelease(title="T", text=text, release_id=1, source="t"))
    return out.release_pk, text


def _commits(db, pk: int, n: int) -> list[float]:  # type: ignore[no-untyped-def]
    from pibdesk.core.model import NewAnnotation
    from pibdesk.services.annotations import AnnotationService

    svc = AnnotationService(db)
    out = []
    for i in range(n):
        t0 = time.perf_counter()
        svc.create(NewAnnotation(pk, i, i + 5, "Person", author="bench"))
        out.append(time.perf_counter() - t0)
    return out


def _notices(db, pk: int, n: int) -> list[float]:  # type: ignore[no-untyped-def]
    from pibdesk.core.model import NewAnnotation
    from pibdesk.services.annotations import AnnotationService
    from pibdesk.services.changes import ChangeWatcher
    from pibdesk.storage.db import Database

    box: queue.Queue[float] = queue.Queue()
    w = ChangeWatcher(db, lambda _batch: box.put(time.perf_counter()))
    w.start()
    other = Database(db.url)
    svc = AnnotationService(other)
    out = []
    try:
        for i in range(n):
            time.sleep(0.13 * (i % 4))  # land at different points of the poll cycle
            t0 = time.perf_counter()
            svc.create(NewAnnotation(pk, 100 + i, 105 + i, "Topic", author="other"))
            out.append(box.get(timeout=30) - t0)
    finally:
        w.stop()
        other.dispose()
    return out


def main() -> int:
    import sqlalchemy as sa
    from pgcluster import PgCluster, find_pg_bin

    from pibdesk.storage.db import Database

    bin_dir = find_pg_bin()
    if bin_dir is None:
        print("PostgreSQL server binaries not found")
        return 1
    cluster = PgCluster(bin_dir)
    cluster.start()
    tmp = Path(tempfile.mkdtemp(prefix="pibdesk-bench-"))
    try:
        pg = Database(cluster.create_database())
        pg.migrate()
        lite = Database(tmp / "bench.db")
        lite.migrate()
        floor = []
        with pg.engine.connect() as c:
            for _ in range(ROUNDS):
                t0 = time.perf_counter()
                c.execute(sa.text("SELECT 1"))
                floor.append(time.perf_counter() - t0)
        f = statistics.median(floor)
        rows = []
        for name, db in (("postgresql", pg), ("sqlite", lite)):
            pk, _ = _seed(db)
            rows.append((f"commit {name}", _commits(db, pk, ROUNDS)))
            rows.append((f"notice {name}", _notices(db, pk, NOTICES)))
        print(f"floor (SELECT 1 on PostgreSQL): median {f * 1000:.2f} ms")
        for label, xs in rows:
            med, p95 = statistics.median(xs), _p95(xs)
            print(
                f"{label:<18} median {med * 1000:8.1f} ms  p95 {p95 * 1000:8.1f} ms  "
                f"ratio to floor {med / f:8.0f}x"
            )
        worst = max(_p95(xs) for label, xs in rows if label.startswith("notice"))
        print(f"goal: another editor hears of a change within 2 s (p95 here {worst:.2f} s): "
              f"{'met' if worst <= 2.0 else 'NOT met'}")  # fmt: skip
        pg.dispose()
        lite.dispose()
    finally:
        cluster.destroy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
