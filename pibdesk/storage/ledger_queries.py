"""The quote ledger's one query: every Statement with its speaker, topic, office held on
the posted day, release and translation links (issue 14).

One ``SELECT`` (Core, plain rows, no ORM objects, no query per row) joins
``annotation`` (label Statement) to ``release``, the speaker and topic ``entity`` rows,
the speaker's ``office_term`` covering the release's posted day on the IST calendar and
its ``office``, and a per-release aggregate of ``translation`` links. The IST day of the
UTC ``posted_at`` is computed by the database: SQLite ``date(posted_at, '+330
minutes')``, PostgreSQL ``to_char(posted_at + interval '330 minutes', 'YYYY-MM-DD')``
(IST is UTC+05:30 and has no DST); term dates are ISO strings, so they compare as text.

A speaker holding two offices that day gives two rows for one statement (adjacent: the
result is ordered by posted time, release, offset, annotation id); :func:`ledger_rows`
folds them into one :class:`~pibdesk.core.ledger.LedgerRow` and lets
:func:`~pibdesk.core.ledger.pick_office` choose.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pibdesk.core.ledger import (
    LedgerQuery,
    LedgerRow,
    OfficeHeld,
    TranslationLink,
    assign_groups,
    pick_office,
    utc_bounds,
)
from pibdesk.core.model import StatementKind
from pibdesk.core.review import CURATED
from pibdesk.storage.tables import (
    AnnotationRow,
    EntityRow,
    OfficeRow,
    OfficeTermRow,
    ReleaseRow,
    TranslationRow,
)

_A: sa.Table = AnnotationRow.__table__  # type: ignore[attr-defined]
_R: sa.Table = ReleaseRow.__table__  # type: ignore[attr-defined]
_E: sa.Table = EntityRow.__table__  # type: ignore[attr-defined]
_O: sa.Table = OfficeRow.__table__  # type: ignore[attr-defined]
_T: sa.Table = OfficeTermRow.__table__  # type: ignore[attr-defined]
_TR: sa.Table = TranslationRow.__table__  # type: ignore[attr-defined]

STATEMENT = "Statement"
_US, _RS = "\x1f", "\x1e"  # unit / record separators inside the translation aggregate


def _ist_day(dialect: str, col: sa.ColumnElement[Any]) -> sa.ColumnElement[str]:
    if dialect == "postgresql":
        return sa.func.to_char(col + sa.literal_column("interval '330 minutes'"), "YYYY-MM-DD")
    return sa.func.date(col, "+330 minutes")


def _translations(dialect: str) -> sa.Subquery:
    t = _TR.c
    one = (
        sa.cast(t.id, sa.String)
        .concat(_US).concat(sa.func.coalesce(t.language, ""))
        .concat(_US).concat(sa.func.coalesce(t.label, ""))
        .concat(_US).concat(sa.func.coalesce(sa.cast(t.target_release_id, sa.String), ""))
    )
    agg = (
        sa.func.string_agg(one, _RS) if dialect == "postgresql" else sa.func.group_concat(one, _RS)
    )
    return sa.select(t.release_pk, agg.label("links")).group_by(t.release_pk).subquery("tr")


def ledger_select(dialect: str, query: LedgerQuery = LedgerQuery(), *,
                  annotation_ids: Sequence[int] = ()) -> sa.Select[Any]:
    """The ledger's ``SELECT`` for ``dialect`` ("sqlite" or "postgresql"): columns in the
    order :func:`ledger_rows` reads them. A release that has a curated layer (review
    workflow: any annotation with ``layer == "curated"``) contributes its curated
    Statements only; any other release all its Statements. Filters: ``query``'s
    speakers, topics and IST
    day range (its ``text`` is applied by the caller, casefolded in Python, because
    SQLite's ``lower()`` folds ASCII only), and ``annotation_ids`` when given."""
    a, r = _A.c, _R.c
    sp, tp = _E.alias("sp"), _E.alias("tp")
    day = _ist_day(dialect, r.posted_at)
    tr = _translations(dialect)
    # SQLite: the stored text, parsed by datetime.fromisoformat (a tenth of the cost of
    # the column type's processor over 50,000 rows); PostgreSQL returns datetimes
    posted = (sa.type_coerce(r.posted_at, sa.String) if dialect == "sqlite"
              else r.posted_at).label("posted_at")
    term = sa.and_(
        _T.c.entity_id == a.speaker_id,
        _T.c.start_date <= day,
        sa.or_(_T.c.end_date.is_(None), _T.c.end_date >= day),
    )
    q = (
        sa.select(
            a.id, a.release_pk, a.start, a.end, a.text, a.statement_kind, a.speaker_id,
            sp.c.name, a.topic_id, tp.c.name, a.row_version,
            r.release_id, r.ministry, r.title, posted, r.language,
            _O.c.id, _O.c.name, _O.c.aliases_json, _T.c.start_date, tr.c.links,
        )
        .select_from(
            _A.join(_R, r.id == a.release_pk)
            .outerjoin(sp, sp.c.id == a.speaker_id)
            .outerjoin(tp, tp.c.id == a.topic_id)
            .outerjoin(_T, term)
            .outerjoin(_O, _O.c.id == _T.c.office_id)
            .outerjoin(tr, tr.c.release_pk == a.release_pk)
        )
        .where(a.label == STATEMENT)
        .order_by(r.posted_at.asc().nulls_last(), a.release_pk, a.start, a.id, _T.c.start_date)
    )
    # a release with a curated (final) layer lists that layer only, else every editor's
    # statements (the review workflow, pibdesk.core.review)
    cur = _A.alias("cur")
    curated = sa.select(cur.c.release_pk).where(cur.c.layer == CURATED).distinct()
    q = q.where(sa.or_(a.layer == CURATED, a.release_pk.not_in(curated)))
    if query.speaker_ids:
        q = q.where(a.speaker_id.in_(query.speaker_ids))
    if query.topic_ids:
        q = q.where(a.topic_id.in_(query.topic_ids))
    lo, hi = utc_bounds(query.since, query.until)
    if lo is not None:
        q = q.where(r.posted_at >= lo)
    if hi is not None:
        q = q.where(r.posted_at < hi)
    if annotation_ids:
        q = q.where(a.id.in_(list(annotation_ids)))
    return q


def _links(raw: str | None) -> tuple[TranslationLink, ...]:
    if not raw:
        return ()
    items = []
    for rec in raw.split(_RS):
        tid, lang, label, prid = (rec.split(_US) + ["", "", "", ""])[:4]
        items.append((int(tid or 0), TranslationLink(lang or None, label, int(prid) if prid else None)))
    return tuple(link for _i, link in sorted(items, key=lambda x: x[0]))


_KINDS = {k.value: k for k in StatementKind}
_TITLES: dict[str, tuple[str, ...]] = {}


def _titles(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    got = _TITLES.get(raw)
    if got is None:
        got = _TITLES[raw] = tuple(json.loads(raw))
    return got


def ledger_rows(s: Session, query: LedgerQuery = LedgerQuery(), *,
                annotation_ids: Sequence[int] = (), threshold: float | None = None,
                ) -> list[LedgerRow]:
    """The ledger rows for ``query``, oldest posted first (undated releases last, on
    both engines), then by release and offset. One query; see the module docstring.

    With ``threshold``, repeated quotes are grouped over these rows
    (:func:`pibdesk.core.ledger.assign_groups`) before the rows are made, so each row is
    built once; without, every row is its own group.
    """
    s.flush()  # a Core select does not autoflush
    with _gc_paused():
        return _ledger_rows(s, query, annotation_ids, threshold)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while 50,000 rows of tuples are built: none of them
    is a cycle, and the collector's passes over them took a third of the build
    (benchmarks/bench_ledger.py). Restored (and the previous state kept) on exit."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _ledger_rows(s: Session, query: LedgerQuery, annotation_ids: Sequence[int],
                 threshold: float | None) -> list[LedgerRow]:
    dialect = s.get_bind().dialect.name
    raw: list[tuple[Any, ...]] = []  # one per statement, offices folded in
    offices: list[tuple[OfficeHeld, ...]] = []
    held: list[OfficeHeld] = []
    prev: tuple[Any, ...] | None = None
    for row in s.execute(ledger_select(dialect, query, annotation_ids=annotation_ids)).all():
        if prev is not None and row[0] != prev[0]:
            raw.append(prev)
            offices.append(tuple(held))
            held = []
        if row[16] is not None:
            held.append(OfficeHeld(row[16], row[17], _titles(row[18]), row[19]))
        prev = row
    if prev is not None:
        raw.append(prev)
        offices.append(tuple(held))
    posted = []
    for t in raw:
        p = t[14]
        if isinstance(p, str):
            p = datetime.fromisoformat(p)
        posted.append(p.replace(tzinfo=UTC) if p is not None and p.tzinfo is None else p)
    if threshold is not None:
        groups = assign_groups([(t[6], t[4], p, t[0]) for t, p in zip(raw, posted, strict=True)],
                               threshold)
    else:
        groups = [(t[0], 1, p, p) for t, p in zip(raw, posted, strict=True)]
    links_memo: dict[str | None, tuple[TranslationLink, ...]] = {}
    out: list[LedgerRow] = []
    for t, p, held_t, g in zip(raw, posted, offices, groups, strict=True):
        (aid, pk, st, en, text, kind, spk, spn, tid, tpn, ver, prid, ministry, title,
         _p, lang, _oid, _on, _oa, _os, links) = t
        office, office_name = pick_office(held_t, title or "", spn)
        tr = links_memo.get(links)
        if tr is None:
            tr = links_memo[links] = _links(links)
        out.append(LedgerRow(
            aid, pk, st, en, text, _KINDS.get(kind) if kind else None, spk, spn, tid, tpn,
            prid, ministry, title or "", p, lang, office, office_name, tr, ver, *g))
    return out
