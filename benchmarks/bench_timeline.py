"""Timeline speed: series queries against a bare SQL GROUP BY, and drawing 100,000 marks.

    .venv/bin/python benchmarks/bench_timeline.py [--releases 50000] [--annotations 1000000]
        [--db BIG.db]

1. Builds (once, cached in the temp dir) a SQLite database of 50,000 releases posted
   over ten years at random IST times and 1,000,000 annotations (Person / Statement /
   Topic, entities drawn from a skewed distribution, so a few entities are frequent);
   or, with ``--db BIG.db``, uses a database made by ``make_big_corpus.py`` (real texts
   and spans, Zipf-like entities).
2. Times :meth:`TimelineService.timeline` (coverage + counts, no events) against the
   floor: a bare ``SELECT date(posted_at,'+330 minutes') ..., count(*) ... GROUP BY``
   over the same annotation rows, on the same connection pool. Goal: ratio <= 2.
3. Times drawing 100,000 event marks in :class:`TimelineChart` (set_data + render to
   an image) against the floor: one bare pyqtgraph ScatterPlotItem of 100,000 points in
   a plain PlotWidget of the same size, rendered the same way.

Each time is the best of several runs; ratios are against floors measured in this run.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from benchlib import add_db_arg, big_db, machine, ratio_line

from pibdesk.core.timeline import Bucket, SeriesSpec
from pibdesk.services.timeline import TimelineService
from pibdesk.storage.db import Database

N_ENTITIES = 2000


def best(fn: Callable[[], object], runs: int = 3) -> float:
    """The best wall time of ``runs`` calls, in seconds."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def build(path: Path, n_rel: int, n_ann: int) -> None:
    """Create the benchmark database at ``path`` (migrated schema, bulk inserts)."""
    db = Database(path)
    db.migrate()
    db.dispose()
    rnd = random.Random(5)
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous = OFF")
    con.executemany(
        "INSERT INTO entity (id, kind, name) VALUES (?, ?, ?)",
        [(i, "person" if i % 4 else "topic", f"Entity {i}") for i in range(1, N_ENTITIES + 1)],
    )
    start = datetime(2014, 1, 1, tzinfo=UTC)
    span = 10 * 365 * 86400
    rels = []
    for i in range(1, n_rel + 1):
        at = start + timedelta(seconds=rnd.randrange(span))
        rels.append(
            (
                i,
                f"h{i}",
                f"Release {i}",
                "[]",
                at.strftime("%Y-%m-%d %H:%M:%S.000000"),
                "",
                "text",
                1,
                1,
                "not_started",
                rnd.randrange(100, 50000),
            )
        )
    con.executemany(
        "INSERT INTO release (id, text_hash, title, subtitles_json, posted_at, source, text,"
        " has_text, revision, status, visitor_count) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        rels,
    )
    labels = ("Person", "Statement", "Topic")
    weights = 1.0 / np.arange(1, N_ENTITIES + 1) ** 0.8  # skewed: entity 1 is frequent
    ents = np.random.default_rng(7).choice(
        np.arange(1, N_ENTITIES + 1), size=n_ann, p=weights / weights.sum()
    )
    rows = []
    for k in range(n_ann):
        lab = labels[k % 3]
        e = int(ents[k])
        rel = rnd.randrange(1, n_rel + 1)
        ent = e if lab != "Statement" else None
        spk = e if lab == "Statement" else None
        rows.append((rel, 0, 5, lab, "words", "", "", "", "manual", 0, 1, ent, spk))
    con.executemany(
        'INSERT INTO annotation (release_pk, start, "end", label, text, prefix, suffix, author,'
        " origin, needs_review, row_version, entity_id, speaker_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    con.commit()
    con.execute("ANALYZE")
    con.close()


def bench_queries(path: Path) -> None:
    db = Database(path)
    svc = TimelineService(db)
    bare_sql = {
        # the bare floor: one GROUP BY over the same annotation rows, no classification
        "label": (
            "SELECT date(r.posted_at, '+330 minutes'{mods}) AS b, count(*) FROM annotation a"
            " JOIN release r ON r.id = a.release_pk WHERE a.label = :v GROUP BY b"
        ),
        "entity": (
            "SELECT date(r.posted_at, '+330 minutes'{mods}) AS b, count(*) FROM annotation a"
            " JOIN release r ON r.id = a.release_pk"
            " WHERE a.entity_id = :v OR a.speaker_id = :v OR a.topic_id = :v GROUP BY b"
        ),
        "all": (
            "SELECT a.label, date(r.posted_at, '+330 minutes'{mods}) AS b, count(*) FROM annotation a"
            " JOIN release r ON r.id = a.release_pk GROUP BY a.label, b"
        ),
    }
    mods = {
        Bucket.DAY: "",
        Bucket.MONTH: ", 'start of month'",
        Bucket.WEEK: ", 'weekday 0', '-6 days'",
    }
    con = sqlite3.connect(path)
    top = con.execute(
        "SELECT entity_id, count(*) n FROM annotation WHERE entity_id IS NOT NULL"
        " GROUP BY entity_id ORDER BY n DESC LIMIT 1"
    ).fetchone()
    n_label = con.execute("SELECT count(*) FROM annotation WHERE label='Person'").fetchone()[0]
    n_all = con.execute("SELECT count(*) FROM annotation").fetchone()[0]
    n_top = con.execute(
        "SELECT count(*) FROM annotation WHERE entity_id=?1 OR speaker_id=?1 OR topic_id=?1",
        (top[0],),
    ).fetchone()[0]
    # (name, series, bare SQL kind, value, rows, buckets)
    cases = [
        (
            "3 labels = every annotation",
            [SeriesSpec.for_label(x) for x in ("Person", "Statement", "Topic")],
            "all",
            None,
            n_all,
            (Bucket.DAY, Bucket.MONTH),
        ),
        (
            f"entity {top[0]} (most frequent)",
            [SeriesSpec.for_entity(top[0], "E")],
            "entity",
            top[0],
            n_top,
            (Bucket.DAY,),
        ),
        (
            "label Person",
            [SeriesSpec.for_label("Person")],
            "label",
            "Person",
            n_label,
            (Bucket.WEEK,),
        ),
    ]
    print(f"{'series':34} {'bucket':6} {'rows':>9} {'ours ms':>9} {'bare ms':>9} {'ratio':>6}")
    worst = 0.0
    top_times = (0.0, 0.0)
    for name, specs, kind, value, n_rows, buckets in cases:
        for bucket in buckets:
            sql = bare_sql[kind].format(mods=mods[bucket])

            def bare(sql: str = sql, value: object = value) -> None:
                with db.engine.connect() as c:
                    c.exec_driver_sql(
                        sql.replace(":v", "?"),
                        (value,) * sql.count(":v") if value is not None else (),
                    ).fetchall()

            def ours(specs: list[SeriesSpec] = specs, bucket: Bucket = bucket) -> None:
                svc.timeline(specs, bucket, events=False)

            t_bare, t_ours = best(bare), best(ours)
            worst = max(worst, t_ours / t_bare)
            if kind == "entity":
                top_times = (t_ours, t_bare)
            print(
                f"{name:34} {bucket.value:6} {n_rows:>9,} {t_ours * 1e3:>9.1f} {t_bare * 1e3:>9.1f}"
                f" {t_ours / t_bare:>6.2f}"
            )
    t_ev = best(lambda: svc.timeline([SeriesSpec.for_label("Person")], Bucket.MONTH), runs=2)
    print(f"events + counts for label Person (one mark per release): {t_ev * 1e3:.0f} ms")
    print(f"series query vs bare GROUP BY: worst ratio {worst:.2f} (goal <= 2.00)")
    print(ratio_line(f"timeline, most frequent entity ({n_top:,} spans)", *top_times, 2.0))
    db.dispose()


def bench_draw(n: int = 100_000) -> None:
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    from pibdesk.charts.timeline_chart import TimelineChart
    from pibdesk.core.timeline import EventSeries, TimelineData, make_coverage

    app = QApplication.instance() or QApplication(["bench"])
    rng = np.random.default_rng(3)
    x = np.sort(rng.uniform(1.4e9, 1.7e9, n))
    per = n // 4
    series = []
    for i in range(4):
        xs = x[i * per : (i + 1) * per]
        series.append(
            EventSeries(
                spec=SeriesSpec.for_label(f"S{i}"),
                x=xs,
                kind=rng.integers(0, 3, len(xs)),
                release_pk=np.arange(len(xs)),
                annotation_id=np.arange(len(xs)),
                titles=("t",) * len(xs),
                words=("w",) * len(xs),
            )
        )
    cov = make_coverage(Bucket.MONTH, [])
    data = TimelineData(
        Bucket.MONTH, False, cov, events=tuple(series), specs=tuple(s.spec for s in series)
    )

    chart = TimelineChart()
    chart.resize(1280, 720)
    chart.show()
    bare = pg.PlotWidget()
    bare.resize(1280, 720)
    bare.show()
    app.processEvents()

    def ours() -> None:
        chart.set_data(data)
        chart.grab()

    def floor() -> None:
        bare.clear()
        bare.addItem(pg.ScatterPlotItem(x=x, y=rng.integers(0, 4, n).astype(float), size=11))
        bare.grab()

    t_floor, t_ours = best(floor, 3), best(ours, 3)
    print(
        f"draw {n:,} marks: ours {t_ours * 1e3:.0f} ms, bare ScatterPlotItem {t_floor * 1e3:.0f} ms,"
        f" ratio {t_ours / t_floor:.2f}"
    )
    chart.close()
    bare.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--releases", type=int, default=50_000)
    ap.add_argument("--annotations", type=int, default=1_000_000)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--no-draw", action="store_true", help="skip the 100,000-mark drawing part")
    add_db_arg(ap)
    args = ap.parse_args()
    print(machine())
    path = (
        Path(tempfile.gettempdir())
        / f"pibdesk_bench_timeline_{args.releases}_{args.annotations}.db"
    )
    if args.db is not None:
        path = big_db(args.db)
    elif args.rebuild or not path.exists():
        t = time.perf_counter()
        if path.exists():
            path.unlink()
        build(path, args.releases, args.annotations)
        print(f"built {path} in {time.perf_counter() - t:.1f} s")
    if not args.no_draw:
        bench_draw()
    bench_queries(path)
    print(machine())


if __name__ == "__main__":
    main()
