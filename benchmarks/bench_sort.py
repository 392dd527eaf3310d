"""Release-list filter and sort over 50,000 releases: the Qt model against bare SQL.

    .venv/bin/python benchmarks/bench_sort.py [--releases 50000] [--repeat 5] [--db BIG.db]

1. Builds (once, cached in the temp dir by size and schema revision) a migrated SQLite
   database of N releases with :func:`bench_search.build` (corpus releases varied), or
   uses ``--db BIG.db`` from ``make_big_corpus.py`` (50,000 releases, 1,000,000 spans:
   the annotation counts of the list then count real rows).
2. For each sortable column and direction, times :meth:`ReleaseTableModel.sort` (what a
   click on the header does: count of the filter's releases + the first page of 200
   summaries in that order, sorted and paged by the database) against the floor: the
   same two statements written by hand on a plain sqlite3 connection
   (``SELECT count(*) FROM release`` and ``SELECT id, title, ministry, ... ORDER BY
   title COLLATE NOCASE, id LIMIT 200``).
   The floor is one wide statement; the repository pages by a narrow one (id and key)
   and then reads the page's rows, so sorts without an index (editor, annotation count)
   can come out *below* the floor.
   Then the filters (the filter box's text, a ministry, a language, a status) the same
   way: :meth:`ReleaseTableModel.set_filter` (count + first page, newest first) against
   the bare ``count(*)`` and page statements with the same ``WHERE``.
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

from benchlib import add_db_arg, big_db, machine
from PySide6.QtCore import QCoreApplication, Qt

from pibdesk.core.model import ReleaseStatus
from pibdesk.services.corpus import CorpusService, ReleaseFilter
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
    add_db_arg(ap)
    args = ap.parse_args()
    print(machine())
    app = QCoreApplication.instance() or QCoreApplication([])
    path = Path(tempfile.gettempdir()) / f"pibdesk-bench-sort-{args.releases}.db"
    if args.db is not None:
        path = big_db(args.db)
    elif path.exists() and Database(path).current_revision() != Database(path).head_revision():
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

    print(f"worst sort ratio against the floor: {max(ratios):.1f}x")
    cols = (
        "id, release_id, title, ministry, posted_at, bureau, language, status, has_text, "
        "claimed_by, (SELECT count(*) FROM annotation a WHERE a.release_pk = r.id) AS n"
    )
    ministry = con.execute(
        "SELECT ministry FROM release GROUP BY ministry ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    text_where = (
        "(lower(title) LIKE :t OR lower(ministry) LIKE :t OR CAST(release_id AS VARCHAR) LIKE :t)"
    )
    filters = [
        ("text 'defence'", ReleaseFilter(text="defence"), text_where, {"t": "%defence%"}),
        ("text '2296'", ReleaseFilter(text="2296"), text_where, {"t": "%2296%"}),
        (f"ministry {ministry[:20]!r}", ReleaseFilter(ministry=ministry), "ministry = :m", {"m": ministry}),
        ("language hi", ReleaseFilter(language="hi"), "language = :l", {"l": "hi"}),
        ("status not started", ReleaseFilter(status=ReleaseStatus.NOT_STARTED), "status = :s",
         {"s": "not_started"}),
    ]  # fmt: skip
    model.sort(COL_POSTED, DESC)
    print(f"{'filter (newest first)':24s} {'floor ms':>9s} {'model ms':>9s} {'ratio':>6s} {'rows':>7s}")
    f_ratios = []
    for label, flt, where, params in filters:

        def f_floor(where: str = where, params: dict[str, str] = params) -> None:
            con.execute(f"SELECT count(*) FROM release r WHERE {where}", params).fetchone()
            con.execute(
                f"SELECT {cols} FROM release r WHERE {where} ORDER BY posted_at DESC, id DESC"
                f" LIMIT {PAGE}",
                params,
            ).fetchall()

        def f_ours(flt: ReleaseFilter = flt) -> None:
            model.set_filter(flt)

        f_floor()
        f_ours()
        f, o = _median(f_floor, args.repeat), _median(f_ours, args.repeat)
        f_ratios.append(o / f)
        print(f"{label:24s} {f * 1000:9.2f} {o * 1000:9.2f} {o / f:6.1f}x {model.total():>7,}")
    model.set_filter(ReleaseFilter())
    print(f"worst filter ratio against the floor: {max(f_ratios):.1f}x")

    def before() -> None:  # every summary loaded and sorted in Python (the old way)
        rows = corpus.summaries()
        rows.sort(key=lambda s: s.title.casefold())

    b = _median(before, max(1, args.repeat // 2))
    title_ms = _median(lambda: model.sort(COL_TITLE, ASC), args.repeat)
    print(f"before: all summaries + Python sort by title: {b * 1000:.0f} ms "
          f"({b / title_ms:.0f}x the model's sort now, {title_ms * 1000:.1f} ms)")  # fmt: skip
    print(machine())
    del app


if __name__ == "__main__":
    main()
