"""Release-list sorting over 50,000 releases: the Qt model's sort against bare SQL.

    .venv/bin/python benchmarks/bench_sort.py [--releases 50000] [--repeat 5]

1. Builds (once, cached in the temp dir by size and schema revision) a migrated SQLite
   database of N releases with :func:`bench_search.build` (corpus releases varied).
2. For each sortable column and direction, times :meth:`ReleaseTableModel.sort` (what a
   click on the header does: count of the filter's releases + the first page of 200
   summaries in that order, sorted and paged by the database) against the floor: the
   same two statements written by hand on a plain sqlite3 connection
   (``SELECT count(*) FROM release`` and ``SELECT id, title, ministry, ... ORDER BY
   title COLLATE NOCASE, id LIMIT 200``).
   The floor is one wide statement; the repository pages by a narrow one (id and key)
   and then reads the page's rows, so sorts without an index (editor, annotation count)
   can come out *below* the floor.
3. For comparison, the way it was before (every summary loaded, sorted in Python).

Prints medians (ms) and ratios against the floor measured in the same run.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QCoreApplication, Qt

from pibdesk.services.corpus import CorpusService
from pibdesk.storage.db import Database
from pibdesk.ui.release_model import (
    COL_COUNT,
    COL_EDITOR,
    COL_MINISTRY,
    COL_POSTED,
    COL_TITLE,
    ReleaseTableModel,
)

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder

#: (label, column, order, the bare ORDER BY of the floor)
CASES = [
    ("title asc", COL_TITLE, ASC, "title COLLATE NOCASE, id"),
    ("title desc", COL_TITLE, DESC, "title COLLATE NOCASE DESC, id DESC"),
    ("ministry asc", COL_MINISTRY, ASC, "ministry COLLATE NOCASE, id"),
    ("ministry desc", COL_MINISTRY, DESC, "ministry COLLATE NOCASE DESC, id DESC"),
    ("posted asc", COL_POSTED, ASC, "posted_at, id"),
    ("posted desc (default)", COL_POSTED, DESC, "posted_at DESC, id DESC"),
    ("editor asc", COL_EDITOR, ASC, "claimed_by COLLATE NOCASE, id"),
    ("annotations desc", COL_COUNT, DESC, "n DESC, id DESC"),
]
PAGE = ReleaseTableModel.BATCH


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    from bench_search import build

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--releases", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    app = QCoreApplication.instance() or QCoreApplication([])
    path = Path(tempfile.gettempdir()) / f"pibdesk-bench-sort-{args.releases}.db"
    if path.exists() and Database(path).current_revision() != Database(path).head_revision():
        path.unlink()
    if not path.exists():
        t0 = time.perf_counter()
        build(path.with_suffix(".part"), args.releases)
        path.with_suffix(".part").rename(path)
        print(f"built {args.releases} releases in {time.perf_counter() - t0:.0f} s -> {path}")

    con = sqlite3.connect(path)
    corpus = CorpusService(Database(path))
    model = ReleaseTableModel(corpus)
    n = con.execute("SELECT count(*) FROM release").fetchone()[0]
    print(f"{n} releases; first page {PAGE} rows; median of {args.repeat} (after one warm-up)")
    print(f"{'sort':24s} {'floor ms':>9s} {'model ms':>9s} {'ratio':>6s}")
    ratios = []
    for label, column, order, order_by in CASES:
        bare = (
            "SELECT id, release_id, title, ministry, posted_at, bureau, language, status, "
            "has_text, claimed_by, (SELECT count(*) FROM annotation a WHERE a.release_pk = r.id) "
            f"AS n FROM release r ORDER BY {order_by} LIMIT {PAGE}"
        )

        def floor(bare: str = bare) -> None:
            con.execute("SELECT count(*) FROM release").fetchone()
            con.execute(bare).fetchall()

        def ours(column: int = column, order: Qt.SortOrder = order) -> None:
            model.sort(column, order)
            assert model.rowCount() == min(PAGE, n)

        floor()
        ours()
        f, o = _median(floor, args.repeat), _median(ours, args.repeat)
        ratios.append(o / f)
        print(f"{label:24s} {f * 1000:9.2f} {o * 1000:9.2f} {o / f:6.1f}x")

    def before() -> None:  # every summary loaded and sorted in Python (the old way)
        rows = corpus.summaries()
        rows.sort(key=lambda s: s.title.casefold())

    b = _median(before, max(1, args.repeat // 2))
    title_ms = _median(lambda: model.sort(COL_TITLE, ASC), args.repeat)
    print(f"before: all summaries + Python sort by title: {b * 1000:.0f} ms "
          f"({b / title_ms:.0f}x the model's sort now, {title_ms * 1000:.1f} ms)")  # fmt: skip
    print(f"worst ratio against the floor: {max(ratios):.1f}x")
    del app


if __name__ == "__main__":
    main()
