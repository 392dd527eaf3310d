"""SQL for engagement timelines (issue 5): series grouped by IST date buckets.

Every function works inside a caller's session and returns plain tuples or core
objects. The series definitions (which annotation is a mention, a statement or other
engagement) are stated in :mod:`pibdesk.core.timeline`.

The only engine-specific SQL is :func:`ist_bucket_start`, which turns a stored
``release.posted_at`` (naive UTC, see :class:`~pibdesk.storage.tables.UTCDateTime`) into
the IST date its bucket starts on. Add a branch there for another engine (PostgreSQL:
``date_trunc(unit, posted_at + interval '330 minutes')::date``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session

from pibdesk.core.errors import PibdeskError
from pibdesk.core.model import Entity, EntityKind
from pibdesk.core.names import normalize
from pibdesk.core.timeline import Bucket, EngagementKind, SeriesSpec
from pibdesk.storage.tables import (
    AliasRow,
    AnnotationRow,
    EntityRow,
    ReleaseRow,
    VisitorCountRow,
)

#: IST is UTC+05:30 all year (no DST), i.e. +330 minutes.
IST_MINUTES = 330

_MENTION_LABELS = ("Person", "Topic")
_STATEMENT_LABEL = "Statement"

_AT: sa.Table = AnnotationRow.__table__  # type: ignore[attr-defined]
_RT: sa.Table = ReleaseRow.__table__  # type: ignore[attr-defined]
_VT: sa.Table = VisitorCountRow.__table__  # type: ignore[attr-defined]
_ET: sa.Table = EntityRow.__table__  # type: ignore[attr-defined]
_LT: sa.Table = AliasRow.__table__  # type: ignore[attr-defined]
_A, _R = _AT.c, _RT.c


def ist_bucket_start(
    posted_at: sa.ColumnElement[datetime], bucket: Bucket, dialect: str
) -> sa.ColumnElement[str]:
    """SQL giving the IST start date (``'YYYY-MM-DD'``) of ``posted_at``'s bucket.

    ``posted_at`` is a naive-UTC DATETIME column; ``dialect`` the engine's dialect name.
    SQLite: ``date(posted_at, '+330 minutes', modifiers)`` (https://www.sqlite.org/lang_datefunc.html);
    a week starts on Monday: ``'weekday 0'`` moves to the coming Sunday (or stays on
    one), ``'-6 days'`` back to its Monday. Works for dates before 1970.
    PostgreSQL: ``to_char(date_trunc(unit, posted_at + interval '330 minutes'), 'YYYY-MM-DD')``
    (https://www.postgresql.org/docs/15/functions-datetime.html#FUNCTIONS-DATETIME-TRUNC;
    its weeks start on Monday too); constants are literal so GROUP BY matches the SELECT.
    Raises :class:`PibdeskError` for an engine without a branch here.
    """
    if dialect == "postgresql":
        unit = {Bucket.DAY: "day", Bucket.WEEK: "week", Bucket.MONTH: "month", Bucket.YEAR: "year"}
        ist = posted_at + sa.literal_column(f"interval '{IST_MINUTES} minutes'")
        truncated = sa.func.date_trunc(sa.literal_column(f"'{unit[bucket]}'"), ist)
        return sa.func.to_char(truncated, sa.literal_column("'YYYY-MM-DD'"), type_=sa.String)
    if dialect != "sqlite":
        raise PibdeskError(f"timelines: no IST bucket SQL for the {dialect!r} engine yet")
    shift = f"+{IST_MINUTES} minutes"
    mods: tuple[str, ...] = {
        Bucket.DAY: (),
        Bucket.WEEK: ("weekday 0", "-6 days"),
        Bucket.MONTH: ("start of month",),
        Bucket.YEAR: ("start of year",),
    }[bucket]
    return sa.func.date(posted_at, shift, *mods, type_=sa.String)


# ----------------------------------------------------------------------------- matching
def _match(spec: SeriesSpec) -> sa.ColumnElement[bool]:
    """Annotations belonging to the series (definitions in :mod:`pibdesk.core.timeline`)."""
    if spec.entity_id is not None:
        e = spec.entity_id
        return sa.or_(_A.entity_id == e, _A.speaker_id == e, _A.topic_id == e)
    return _A.label == spec.label


def _kind(spec: SeriesSpec) -> sa.ColumnElement[int]:
    """The :class:`EngagementKind` value of a matching annotation, as SQL."""
    if spec.entity_id is not None:
        e = spec.entity_id
        return sa.case(
            (
                sa.and_(_A.label == _STATEMENT_LABEL, sa.or_(_A.speaker_id == e, _A.topic_id == e)),
                int(EngagementKind.STATEMENT),
            ),
            (
                sa.and_(_A.entity_id == e, _A.label.in_(_MENTION_LABELS)),
                int(EngagementKind.MENTION),
            ),
            else_=int(EngagementKind.OTHER),
        )
    if spec.label == _STATEMENT_LABEL:
        k = EngagementKind.STATEMENT
    elif spec.label in _MENTION_LABELS:
        k = EngagementKind.MENTION
    else:
        k = EngagementKind.OTHER
    return sa.literal(int(k), sa.Integer)


def _dialect(s: Session) -> str:
    return s.get_bind().dialect.name


def _date(value: str) -> date:
    return date.fromisoformat(value)


def _period(q: sa.Select, since: datetime | None, until: datetime | None) -> sa.Select:
    """Limit ``q`` to releases posted in ``[since, until)`` (aware datetimes, None = open)."""
    if since is not None:
        q = q.where(_R.posted_at >= since)
    if until is not None:
        q = q.where(_R.posted_at < until)
    return q


# ----------------------------------------------------------------------------- series
def coverage_rows(
    s: Session, bucket: Bucket, since: datetime | None = None, until: datetime | None = None
) -> list[tuple[date, int, int]]:
    """``(bucket start, releases, annotated releases)`` for every bucket holding a release.

    Releases without a posted date are left out (they have no place on a time axis);
    ``since``/``until`` (aware, inclusive/exclusive) limit the posted period.
    """
    b = ist_bucket_start(_R.posted_at, bucket, _dialect(s)).label("b")
    annotated = sa.exists(sa.select(sa.literal(1)).where(_A.release_pk == _R.id))
    q = (
        sa.select(b, sa.func.count(), sa.func.sum(sa.case((annotated, 1), else_=0)))
        .where(_R.posted_at.is_not(None))
        .group_by(b)
    )
    q = _period(q, since, until)
    return [(_date(r[0]), int(r[1]), int(r[2] or 0)) for r in s.execute(q)]


def count_rows(
    s: Session,
    spec: SeriesSpec,
    bucket: Bucket,
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict[date, tuple[int, int]]:
    """``{bucket start: (engaging releases, matching annotations)}`` for one series
    (releases posted in ``[since, until)`` when given). See :func:`count_rows_many`."""
    return count_rows_many(s, (spec,), bucket, since, until)[0]


def count_rows_many(
    s: Session,
    specs: tuple[SeriesSpec, ...] | list[SeriesSpec],
    bucket: Bucket,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[dict[date, tuple[int, int]]]:
    """Per series (in order): ``{bucket start: (engaging releases, matching annotations)}``.

    One pass for all series: a GROUP BY per release over the annotations matching any
    series (through the annotation indexes) flags and counts each series' annotations,
    then a GROUP BY per IST bucket over those releases sums them, so the date conversion
    runs once per release, not per annotation. Buckets where a series has no release
    may be absent or hold ``(0, 0)``.
    """
    if not specs:
        return []
    flags = [sa.case((_match(sp), 1), else_=0) for sp in specs]
    cols: list[sa.ColumnElement[int]] = []
    for i, f in enumerate(flags):
        cols.append(sa.func.max(f).label(f"e{i}"))
        cols.append(sa.func.sum(f).label(f"n{i}"))
    per_rel = (
        sa.select(_A.release_pk.label("pk"), *cols)
        .where(sa.or_(*(_match(sp) for sp in specs)))
        .group_by(_A.release_pk)
        .subquery()
    )
    b = ist_bucket_start(_R.posted_at, bucket, _dialect(s)).label("b")
    sums: list[sa.ColumnElement[int]] = []
    for i in range(len(specs)):
        sums.append(sa.func.sum(per_rel.c[f"e{i}"]))
        sums.append(sa.func.sum(per_rel.c[f"n{i}"]))
    q = (
        sa.select(b, *sums)
        .select_from(per_rel.join(_RT, _R.id == per_rel.c.pk))
        .where(_R.posted_at.is_not(None))
        .group_by(b)
    )
    q = _period(q, since, until)
    out: list[dict[date, tuple[int, int]]] = [{} for _ in specs]
    for r in s.execute(q):
        d = _date(r[0])
        for i in range(len(specs)):
            c, n = int(r[1 + 2 * i] or 0), int(r[2 + 2 * i] or 0)
            if c:
                out[i][d] = (c, n)
    return out


@dataclass(frozen=True)
class EventRow:
    """One release's event for a series: see :class:`pibdesk.core.timeline.EventSeries`."""

    release_pk: int
    posted_at: datetime
    title: str
    kind: EngagementKind
    annotation_id: int
    words: tuple[str, ...]
    n_annotations: int


#: At most this many distinct annotated words are kept per event (for the tooltip).
MAX_WORDS = 8


def event_rows(
    s: Session,
    spec: SeriesSpec,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Iterator[EventRow]:
    """The series' releases in posted order, one :class:`EventRow` each.

    ``since``/``until``: aware datetimes, inclusive/exclusive bounds on ``posted_at``.
    The annotation to open is the first (in text order) of the release's strongest kind.
    """
    kind = _kind(spec).label("k")
    posted = _R.posted_at
    q = (
        sa.select(_R.id, posted, _R.title, kind, _A.id, _A.text)
        .select_from(_AT.join(_RT, _R.id == _A.release_pk))
        .where(_match(spec), posted.is_not(None))
        .order_by(posted, _R.id, kind, _A.start, _A.id)
    )
    q = _period(q, since, until)
    cur: list[object] | None = None
    words: list[str] = []
    n = 0
    for pk, at, title, k, ann_id, text in s.execute(q):
        if cur is None or cur[0] != pk:
            if cur is not None:
                yield _event(cur, words, n)
            cur, words, n = [pk, at, title, k, ann_id], [], 0
        n += 1
        w = " ".join(text.split())
        if w not in words and len(words) < MAX_WORDS:
            words.append(w)
    if cur is not None:
        yield _event(cur, words, n)


def _event(cur: list[object], words: list[str], n: int) -> EventRow:
    pk, at, title, k, ann_id = cur
    return EventRow(
        release_pk=int(pk),  # type: ignore[call-overload]
        posted_at=at,  # type: ignore[arg-type]
        title=str(title),
        kind=EngagementKind(int(k)),  # type: ignore[call-overload]
        annotation_id=int(ann_id),  # type: ignore[call-overload]
        words=tuple(words),
        n_annotations=n,
    )


# ----------------------------------------------------------------------------- reach
def reach_rows(
    s: Session, specs: tuple[SeriesSpec, ...] = ()
) -> list[tuple[int, datetime, str, int]]:
    """``(release pk, posted_at, title, visitor count)`` of releases with a known count.

    With ``specs``, only releases engaging at least one of the series; else all.
    Ordered by posted time.
    """
    posted = _R.posted_at
    q = sa.select(_R.id, posted, _R.title, _R.visitor_count).where(
        posted.is_not(None), _R.visitor_count.is_not(None)
    )
    if specs:
        pks = sa.select(_A.release_pk).where(sa.or_(*(_match(sp) for sp in specs)))
        q = q.where(_R.id.in_(pks))
    q = q.order_by(posted, _R.id)
    return [(int(r[0]), r[1], str(r[2]), int(r[3])) for r in s.execute(q)]


def visitor_history(s: Session, release_pk: int) -> tuple[str, list[tuple[datetime, int]]]:
    """The release's title and its recorded ``(seen_at, count)`` observations, oldest first.

    Raises :class:`~pibdesk.core.errors.NotFoundError` for an unknown release.
    """
    from pibdesk.core.errors import NotFoundError

    title = s.execute(sa.select(_R.title).where(_R.id == release_pk)).scalar_one_or_none()
    if title is None:
        raise NotFoundError(f"release {release_pk} does not exist")
    t = _VT.c
    q = sa.select(t.seen_at, t.count).where(t.release_pk == release_pk).order_by(t.seen_at, t.id)
    return str(title), [(r[0], int(r[1])) for r in s.execute(q)]


# ----------------------------------------------------------------------------- entities
def entities(s: Session) -> list[Entity]:
    """All entities (people and topics) by kind and name, without aliases."""
    e = _ET.c
    q = sa.select(e.id, e.kind, e.name).order_by(e.kind, e.name, e.id)
    return [Entity(id=int(r[0]), kind=EntityKind(r[1]), name=str(r[2])) for r in s.execute(q)]


def entities_named(s: Session, name: str) -> list[Entity]:
    """The entities an editor means by ``name``, in this order of tries:

    ``#ID`` (``"#12"``): the entity with that id (how one of several same-named entities
    is picked); else entities whose name equals ``name`` case-insensitively; else whose
    name or one of whose aliases has the same search key as ``name`` under
    :func:`pibdesk.core.names.normalize` (honorific-, accent- and case-insensitive, the
    key aliases are stored with: "Shri Rajnath Singh" finds "Rajnath Singh"). ``[]`` if
    none; several when the name is shared.
    """
    text = name.strip()
    if text.startswith("#") and text[1:].isdigit():
        e = _ET.c
        row = s.execute(sa.select(e.id, e.kind, e.name).where(e.id == int(text[1:]))).first()
        return [Entity(id=int(row[0]), kind=EntityKind(row[1]), name=str(row[2]))] if row else []
    key = text.casefold()
    everyone = entities(s)
    by_name = [e for e in everyone if e.name.casefold() == key]
    if by_name:
        return by_name
    norm = normalize(text)
    if not norm:
        return []
    by_key = [e for e in everyone if normalize(e.name) == norm]
    if by_key:
        return by_key
    e, al = _ET.c, _LT.c
    q = (
        sa.select(e.id, e.kind, e.name)
        .select_from(_ET.join(_LT, al.entity_id == e.id))
        .where(sa.or_(sa.func.lower(al.alias) == key, al.normalized == norm))
        .distinct()
        .order_by(e.id)
    )
    return [Entity(id=int(r[0]), kind=EntityKind(r[1]), name=str(r[2])) for r in s.execute(q)]
