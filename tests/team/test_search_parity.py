"""Search gives the same results on SQLite (FTS5) and PostgreSQL (search_pg) (issue 9)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pibdesk.core.search import HIT_CLOSE, HIT_OPEN
from pibdesk.services.corpus import CorpusService
from pibdesk.services.search import SearchService, make_filter
from pibdesk.storage.copy import copy_database
from pibdesk.storage.db import Database
from pibdesk.storage.search_base import fold, parse

QUERIES = [
    "Article 370", '"Article 370"', "Minister", "Minist*", "Prime Minister", "defence OR army",
    "मंत्रालय", "परिभाषा", "परि", "रे\u0939\u0921\u093c\u0940", "கடன்", "India 2019",
    '"Prime Minister" Modi', "govern* scheme", "Raksha Mantri", "nonexistentword", "café",
    "COVID-19", "Jammu Kashmir OR Ladakh", "Shri",
]  # fmt: skip


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory, pg_cluster, pg_template, raw_dir: Path):  # type: ignore[no-untyped-def]
    lite = Database(tmp_path_factory.mktemp("parity") / "p.db")
    lite.migrate()
    assert CorpusService(lite).import_paths([raw_dir]).count("imported") == 35
    url = pg_cluster.create_database(template=pg_template)
    pg = Database(url)
    copy_database(lite, pg)  # same keys on both sides
    yield lite, pg
    lite.dispose()
    pg.dispose()
    pg_cluster.drop_database(url)


def _marked(snippet: str) -> list[str]:
    return sorted(fold(w) for w in re.findall(f"{HIT_OPEN}(.*?){HIT_CLOSE}", snippet))


@pytest.mark.parametrize("query", QUERIES)
def test_same_hits_order_counts_and_positions(both, query: str) -> None:  # type: ignore[no-untyped-def]
    lite, pg = (SearchService(d) for d in both)
    a = lite.search(query, locate=True, limit=100)
    b = pg.search(query, locate=True, limit=100)
    assert [h.pk for h in b] == [h.pk for h in a]
    assert [(h.hit_start, h.hit_end) for h in b] == [(h.hit_start, h.hit_end) for h in a]
    assert pg.count(query) == lite.count(query) == len(a)
    # snippet windows are chosen by a simpler rule on PostgreSQL, so they may show other
    # words; but both mark hits, and only words the query asks for
    asked = [t for part in parse(query) for term in part for p in term for t in p.tokens]
    for x, y in zip(a, b, strict=True):
        assert bool(_marked(y.snippet)) == bool(_marked(x.snippet))
        for w in _marked(y.snippet):
            assert any(tok.startswith(q) for tok in w.split() for q in asked), (w, y.snippet)


def test_same_hits_with_filters(both) -> None:  # type: ignore[no-untyped-def]
    lite, pg = (SearchService(d) for d in both)
    f = make_filter(ministry="Ministry of Defence")
    assert [h.pk for h in pg.search("Minister", f)] == [h.pk for h in lite.search("Minister", f)]
