"""The export round-trip tests again, on PostgreSQL copies of the same corpus (issue 9).

Every test of ``test_roundtrip.py`` is collected here a second time with ``corpus_db``
and ``fresh_db`` overridden: a PostgreSQL database filled by ``pibdesk db copy``'s
:func:`~pibdesk.storage.copy.copy_database` from the SQLite corpus template.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_roundtrip import *  # noqa: F403  (the same tests, collected with the fixtures below)

from pibdesk.storage.copy import copy_database
from pibdesk.storage.db import Database


def _pg_copy(template: Path, cluster, pg_template: str) -> Database:  # type: ignore[no-untyped-def]
    src = Database(template)
    dst = Database(cluster.create_database(template=pg_template))
    copy_database(src, dst)
    src.dispose()
    return dst


@pytest.fixture()
def corpus_db(corpus_template: Path, pg_cluster, pg_template: str) -> Iterator[Database]:  # type: ignore[no-untyped-def]
    d = _pg_copy(corpus_template, pg_cluster, pg_template)
    yield d
    d.dispose()


@pytest.fixture()
def fresh_db(corpus_template: Path, pg_cluster, pg_template: str) -> Iterator[Database]:  # type: ignore[no-untyped-def]
    d = _pg_copy(corpus_template, pg_cluster, pg_template)
    yield d
    d.dispose()
