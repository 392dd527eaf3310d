"""``pibdesk check``: is the database whole, and does every annotation still fit its text?

Checks, in order (each reported with its own line):

1. ``integrity`` — SQLite ``PRAGMA integrity_check`` (https://www.sqlite.org/pragma.html#pragma_integrity_check).
2. ``foreign keys`` — ``PRAGMA foreign_key_check``: no row points at a missing row.
3. ``schema`` — the Alembic revision is one this pibdesk knows (an older one is fine:
   it is upgraded at the next open, after a backup).
4. ``annotation offsets`` — ``0 <= start < end <= len(release.text)`` in code points.
5. ``annotation quotes`` — ``release.text[start:end] == annotation.text``.

The SQLite file is opened read-only for the checks, so checking never changes it (and
works on a database pibdesk itself would refuse to open). Checks 1-2 need SQLite; on
another database they are reported as skipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pibdesk.core.errors import PibdeskError
from pibdesk.storage.db import Database

#: At most this many problems are kept per check (the count is always exact).
MAX_LISTED = 50


@dataclass
class CheckResult:
    """One check: ``ok`` unless ``problems``; ``detail`` a one-line summary; ``count``
    how many problems there were (``problems`` keeps the first :data:`MAX_LISTED`)."""

    name: str
    detail: str = ""
    problems: list[str] = field(default_factory=list)
    count: int = 0
    skipped: bool = False

    @property
    def ok(self) -> bool:
        return self.count == 0

    def add(self, problem: str) -> None:
        self.count += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(problem)


@dataclass
class CheckReport:
    """All checks of one database; ``annotations`` is how many annotations were checked."""

    results: list[CheckResult] = field(default_factory=list)
    annotations: int = 0

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    def lines(self) -> Iterator[str]:
        """Human-readable lines, one per check followed by its listed problems."""
        for r in self.results:
            mark = "skip" if r.skipped else ("ok" if r.ok else "FAIL")
            yield f"{mark:>4}  {r.name}: {r.detail}"
            for p in r.problems:
                yield f"        {p}"
            if r.count > len(r.problems):
                yield f"        ... and {r.count - len(r.problems)} more"


def check_annotations(
    rows: Iterable[tuple[int, int, int, int, str, str | None]],
) -> tuple[CheckResult, CheckResult, int]:
    """Offsets and quotes of annotations.

    ``rows``: ``(annotation id, release pk, start, end, quote, release text)``.
    Returns the offsets result, the quotes result and how many rows were checked.
    """
    offsets = CheckResult("annotation offsets")
    quotes = CheckResult("annotation quotes")
    n = 0
    for ann_id, rel_pk, start, end, quote, text in rows:
        n += 1
        if text is None:
            offsets.add(f"annotation {ann_id}: release {rel_pk} does not exist")
            continue
        if not (0 <= start < end <= len(text)):
            offsets.add(
                f"annotation {ann_id} (release {rel_pk}): span {start}-{end} outside a text "
                f"of {len(text)} code points"
            )
            continue
        if text[start:end] != quote:
            quotes.add(
                f"annotation {ann_id} (release {rel_pk}) at {start}-{end}: quote {quote[:40]!r} "
                f"but the text there is {text[start:end][:40]!r}"
            )
    offsets.detail = f"{n} annotations, {offsets.count} outside their text"
    quotes.detail = f"{n - offsets.count} annotations, {quotes.count} with a quote that differs"
    return offsets, quotes, n


_ANN_SQL = (
    'SELECT a.id, a.release_pk, a.start, a."end", a.text, r.text '
    "FROM annotation a LEFT JOIN release r ON r.id = a.release_pk ORDER BY a.release_pk, a.id"
)


def revision_known(rev: str) -> bool:
    """True if ``rev`` is an Alembic revision of this pibdesk (False: a newer pibdesk's)."""
    from alembic.script import ScriptDirectory

    from pibdesk.storage.db import alembic_config

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(rev) is not None
    except Exception:  # alembic raises ResolutionError/CommandError for unknown ids
        return False


def _schema_check(db: Database, current: str | None) -> CheckResult:
    res = CheckResult("schema")
    head = db.head_revision()
    if current is not None and not revision_known(current):
        res.add(
            f"schema revision {current!r} was written by a newer pibdesk; upgrade pibdesk to open it"
        )
        res.detail = "written by a newer pibdesk"
        return res
    if current is None:
        res.add("no pibdesk schema (empty or foreign database)")
        res.detail = "no revision"
    elif current == head:
        res.detail = f"revision {current} (current)"
    else:
        res.detail = f"revision {current}, will be upgraded to {head} at next open"
    return res


def _sqlite_checks(db: Database, report: CheckReport) -> None:
    assert db.path is not None
    uri = f"{db.path.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=15)
    except sqlite3.Error as e:
        raise PibdeskError(f"{db.path}: cannot open database ({e})") from e
    try:
        integ = CheckResult("integrity")
        try:
            for (msg,) in conn.execute("PRAGMA integrity_check"):
                if msg != "ok":
                    integ.add(msg)
        except sqlite3.DatabaseError as e:
            integ.add(f"{db.path}: {e}")
            integ.detail = "not a readable SQLite database"
            report.results.append(integ)
            return
        integ.detail = "ok" if integ.ok else f"{integ.count} problems"
        report.results.append(integ)

        fks = CheckResult("foreign keys")
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
            fks.add(f"{table} row {rowid} points at a missing {parent} row")
        fks.detail = "ok" if fks.ok else f"{fks.count} dangling references"
        report.results.append(fks)

        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            row = None
        report.results.append(_schema_check(db, row[0] if row else None))
        try:
            rows: Iterable[Any] = conn.execute(_ANN_SQL)
            offsets, quotes, n = check_annotations(rows)
        except sqlite3.Error as e:
            bad = CheckResult("annotations", detail=f"cannot be read: {e}")
            bad.add(str(e))
            report.results.append(bad)
            return
        report.results += [offsets, quotes]
        report.annotations = n
    finally:
        conn.close()


def run_checks(db: Database) -> CheckReport:
    """Run every check on ``db``; never changes it. Raises :class:`PibdeskError` when a
    SQLite file does not exist or cannot be opened at all."""
    report = CheckReport()
    if db.is_sqlite and db.path is not None:
        if not db.path.exists():
            raise PibdeskError(f"{db.path}: no such database file")
        _sqlite_checks(db, report)
        return report
    for name in ("integrity", "foreign keys"):
        report.results.append(CheckResult(name, detail="skipped (not SQLite)", skipped=True))
    report.results.append(_schema_check(db, db.current_revision()))
    with db.engine.connect() as conn:
        offsets, quotes, n = check_annotations(conn.exec_driver_sql(_ANN_SQL))  # type: ignore[arg-type]
    report.results += [offsets, quotes]
    report.annotations = n
    return report
