"""Importing the real corpus folder against reading the same files plus raw inserts.

    .venv/bin/python benchmarks/bench_import_corpus.py [--rounds 5]

Issue 2's import benchmark, measured in one run:

* pibdesk: ``CorpusService.import_paths([raw])`` on a fresh migrated database: reading,
  decoding and parsing every file in ``../shared/corpus/raw``, identity look-ups, and the
  rows with their transactions.
* floor: reading the same files' bytes, plus the raw ``sqlite3`` inserts of the rows those
  files become (``bench_import.floor_insert``: release, revision, visitor count,
  translations, change log; the same pragmas and batch commits). Parsing is *not* in
  the floor, so the ratio shows what parsing and the service layer cost.

Prints the median of each over ``--rounds`` rounds and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import floor_insert, fresh_db

from pibdesk.core.errors import ParseError
from pibdesk.parsing import iter_release_files, parse_file
from pibdesk.services.corpus import CorpusService

RAW = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "raw"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    files = list(iter_release_files(RAW))
    parsed = []
    for f in files:
        try:
            parsed.append(parse_file(f))
        except ParseError:
            pass  # the listing pages: refused by both sides
    # the floor looks rows up by PRID: give the text-only copies a stand-in one
    rows = [replace(p, release_id=p.release_id or 10**9 + i) for i, p in enumerate(parsed)]
    ours, floor = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            db = fresh_db(Path(tmp) / f"pibdesk{r}.db")
            t0 = time.perf_counter()
            report = CorpusService(db).import_paths([RAW])
            ours.append(time.perf_counter() - t0)
            db.dispose()
            assert report.count("imported") == len(parsed), report.totals()
            fresh_db(Path(tmp) / f"floor{r}.db").dispose()
            t0 = time.perf_counter()
            for f in files:
                f.read_bytes()
            read_s = time.perf_counter() - t0
            floor.append(read_s + floor_insert(Path(tmp) / f"floor{r}.db", rows))
    o, fl = statistics.median(ours), statistics.median(floor)
    print(f"corpus: {len(files)} files, {len(parsed)} releases")
    print(f"floor   read bytes + raw sqlite3 inserts: median {fl * 1000:8.1f} ms")
    print(f"pibdesk import_paths (parse + store):     median {o * 1000:8.1f} ms")
    print(f"ratio: {o / fl:.2f}x")


if __name__ == "__main__":
    main()
