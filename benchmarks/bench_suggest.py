"""Suggestions for the longest release (raw/txt_1598364.txt, 27 KB) against its bare parse.

Measures, in one run on this machine:
  floor:   ``pibdesk.parsing.parse_file`` of the same file (bytes -> ParsedRelease);
  core:    :func:`pibdesk.core.suggest.suggest` over the parsed text with a registry
           snapshot (starter offices + their holders; built once, as the app caches it);
  service: ``SuggestionService.for_release`` on a database holding the release: reads the
           release, its annotations and rejections, the (cached) registry, then ``suggest``
           - what opening a release in the app costs.
  big registry, after an edit: the same with 3,000 more entities (2/3 persons, 1/3
           topics; names with an initial, so each gets several aliases) and one entity
           renamed before each round, so every round reloads the registry - what the
           first suggestions after any registry edit cost on a realistic registry.
  registry load: ``EntityService.entities()`` alone (the Core-select load), against the
           same rows loaded as ORM objects (the load it replaced), for reference.
Prints medians, their ratios to the floor, and checks the issue's goal: suggestions in
under 0.2 s for this release (with the starter registry).

Run: .venv/bin/python benchmarks/bench_suggest.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pibdesk.storage.db import Database

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout without installing
FILE = REPO.parent / "shared" / "corpus" / "raw" / "txt_1598364.txt"
ROUNDS = 15
BIG_ROUNDS = 7
BIG_REGISTRY = 3000
GOAL_SECONDS = 0.2


def _median(fn: Callable[[], object], rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _fill_registry(db: Database, n: int) -> int:
    """Add ``n`` made-up entities in one transaction; returns the first one's id."""
    import random
    import string

    from pibdesk.core.model import EntityKind
    from pibdesk.storage.entities import EntityRepository

    rnd = random.Random(1)
    first = ("Anil Sunil Rekha Priya Rahul Amit Vijay Sanjay Meena Kavita Arjun Ravi Suresh "
             "Ramesh Geeta Pooja Deepak Manoj Alok Nitin").split()
    last = ("Kumar Sharma Singh Verma Gupta Patel Reddy Nair Iyer Rao Das Bose Joshi Mishra "
            "Pandey Yadav Chauhan Mehta Shah Jain").split()
    with db.session() as s:
        repo = EntityRepository(s)
        ids = [
            repo.add(
                EntityKind.PERSON if i % 3 else EntityKind.TOPIC,
                f"{rnd.choice(first)} {rnd.choice(string.ascii_uppercase)}. {rnd.choice(last)}{i}",
            ).id
            for i in range(n)
        ]
    return ids[1]  # a person


def _orm_load(db: Database) -> int:
    """The registry loaded as ORM objects (what ``EntityRepository.all`` did before)."""
    from sqlmodel import col, select

    from pibdesk.storage.tables import AliasRow, EntityRow

    with db.read_session() as s:
        rows = s.exec(select(EntityRow).order_by(col(EntityRow.name), col(EntityRow.id))).all()
        ids = [r.id for r in rows]
        aliases = s.exec(
            select(AliasRow).where(col(AliasRow.entity_id).in_(ids)).order_by(col(AliasRow.id))
        ).all()
        return len(rows) + len(aliases)


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

        first_id = _fill_registry(db, BIG_REGISTRY)
        n_ent = len(entities.entities())
        names = iter(range(10**6))

        def edit_then_suggest() -> float:
            entities.rename(first_id, f"Renamed Person {next(names)}")  # not timed
            t = time.perf_counter()
            svc.for_release(pk)
            return time.perf_counter() - t

        after_edit = statistics.median(edit_then_suggest() for _ in range(BIG_ROUNDS))
        load_core = _median(entities.entities, BIG_ROUNDS)
        load_orm = _median(lambda: _orm_load(db), BIG_ROUNDS)
        db.dispose()

    print(f"release: {FILE.name}, {len(parsed.text):,} code points, {n} suggestions")
    print(f"floor   parse_file               {floor * 1000:8.1f} ms")
    print(f"core    suggest()                {core * 1000:8.1f} ms   ratio {core / floor:5.2f}")
    print(f"service for_release()            {service * 1000:8.1f} ms   ratio {service / floor:5.2f}")
    print(f"with {n_ent:,} entities:")
    print(f"service for_release() after edit {after_edit * 1000:8.1f} ms   ratio {after_edit / floor:5.2f}")
    print(f"registry load (Core selects)     {load_core * 1000:8.1f} ms   ratio {load_core / floor:5.2f}")
    print(f"registry load as ORM objects     {load_orm * 1000:8.1f} ms   ratio {load_orm / floor:5.2f}"
          f"   ({load_orm / load_core:.1f}x the Core load)")
    ok = service < GOAL_SECONDS
    print(f"goal: suggestions in < {GOAL_SECONDS * 1000:.0f} ms -> {'OK' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
