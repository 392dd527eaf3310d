"""Suggestions for the longest release (raw/txt_1598364.txt, 27 KB) against its bare parse.

Measures, in one run on this machine:
  floor:   ``pibdesk.parsing.parse_file`` of the same file (bytes -> ParsedRelease);
  core:    :func:`pibdesk.core.suggest.suggest` over the parsed text with a registry
           snapshot (starter offices + their holders; built once, as the app caches it);
  service: ``SuggestionService.for_release`` on a database holding the release: reads the
           release, its annotations and rejections, the (cached) registry, then ``suggest``
           - what opening a release in the app costs.
Prints medians, their ratios to the floor, and checks the issue's goal: suggestions in
under 0.2 s for this release.

Run: .venv/bin/python benchmarks/bench_suggest.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout without installing
FILE = REPO.parent / "shared" / "corpus" / "raw" / "txt_1598364.txt"
ROUNDS = 15
GOAL_SECONDS = 0.2


def _median(fn: Callable[[], object], rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    from pibdesk.core.model import IST
    from pibdesk.core.suggest import suggest
    from pibdesk.parsing import parse_file
    from pibdesk.services.corpus import CorpusService
    from pibdesk.services.entities import EntityService
    from pibdesk.services.suggestions import SuggestionService
    from pibdesk.storage.db import Database

    parsed = parse_file(FILE)
    day = parsed.posted_at.astimezone(IST).date() if parsed.posted_at else None
    with tempfile.TemporaryDirectory() as d:
        db = Database(Path(d) / "bench.db")
        db.migrate()
        pk = CorpusService(db).import_parsed(parsed).release_pk
        assert pk is not None
        entities = EntityService(db)
        registry = entities.registry()
        svc = SuggestionService(db, entities)
        n = len(svc.for_release(pk))  # warm the registry cache and the regexes

        floor = _median(lambda: parse_file(FILE))
        core = _median(lambda: suggest(parsed.text, registry, day))
        service = _median(lambda: svc.for_release(pk))
        db.dispose()

    print(f"release: {FILE.name}, {len(parsed.text):,} code points, {n} suggestions")
    print(f"floor   parse_file               {floor * 1000:8.1f} ms")
    print(f"core    suggest()                {core * 1000:8.1f} ms   ratio {core / floor:5.2f}")
    print(f"service for_release()            {service * 1000:8.1f} ms   ratio {service / floor:5.2f}")
    ok = service < GOAL_SECONDS
    print(f"goal: suggestions in < {GOAL_SECONDS * 1000:.0f} ms -> {'OK' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
