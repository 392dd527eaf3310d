"""Queries for exporting and importing annotation sets (used by the export/import services).

Selection of a set (:class:`AnnotationSelection`), entity look-ups by id and by
``(kind, name)``, matching releases by text hash, and inserting imported annotations
with their own times. Works inside a caller's session; returns core objects only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from pibdesk.core.fragments import decode as decode_fragments
from pibdesk.core.fragments import encode as encode_fragments
from pibdesk.core.model import (
    Annotation,
    Entity,
    EntityKind,
    Origin,
    Release,
    ReleaseStatus,
    StatementKind,
    utcnow,
)
from pibdesk.core.names import normalize
from pibdesk.core.review import CURATED
from pibdesk.core.text import quote_of
from pibdesk.storage import history
from pibdesk.storage.repositories import (
    annotation_from_row,
    log_change,
    read_annotations,
    release_from_row,
)
from pibdesk.storage.tables import (
    AliasRow,
    AnnotationRow,
    EntityRow,
    LabelRow,
    ReleaseRow,
    TranslationRow,
)


@dataclass(frozen=True)
class AnnotationSelection:
    """Which releases and annotations an export holds (all fields optional; AND-ed).

    Release filters: ``release_pks`` (pibdesk keys), ``release_ids`` (PRIDs),
    ``since``/``until`` (aware datetimes on ``posted_at``, ``since`` inclusive, ``until``
    exclusive), ``ministry`` (case-insensitive, exact), ``status``.
    Annotation filters: ``labels``, ``entity`` (an entity id, or a name matched
    case-insensitively against entity names and aliases; it matches an annotation whose
    entity, speaker or topic is that entity), ``author``, ``layer``: ``"curated"`` for
    the reviewed final layer, an editor's name for that editor's own layer (their
    annotations outside the curated layer), None for every annotation of every layer
    (:mod:`pibdesk.core.review`).

    With no annotation filter every selected release is exported, annotated or not;
    with one, only releases holding at least one matching annotation are.
    """

    release_pks: tuple[int, ...] = ()
    release_ids: tuple[int, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    ministry: str | None = None
    status: ReleaseStatus | None = None
    labels: tuple[str, ...] = ()
    entity: int | str | None = None
    author: str | None = None
    layer: str | None = None

    @property
    def filters_annotations(self) -> bool:
        return (
            bool(self.labels)
            or self.entity is not None
            or self.author is not None
            or self.layer is not None
        )


def _entity_ids(s: Session, entity: int | str) -> list[int]:
    if isinstance(entity, int):
        return [entity]
    key = entity.strip().casefold()
    by_name = s.exec(select(EntityRow.id).where(sa.func.lower(EntityRow.name) == key)).all()
    by_alias = s.exec(
        select(AliasRow.entity_id).where(
            sa.or_(
                sa.func.lower(AliasRow.alias) == key, col(AliasRow.normalized) == normalize(entity)
            )
        )
    ).all()
    return sorted({i for i in (*by_name, *by_alias) if i is not None})


def _annotation_conditions(s: Session, sel: AnnotationSelection) -> list[sa.ColumnElement[bool]]:
    conds: list[sa.ColumnElement[bool]] = []
    if sel.labels:
        conds.append(col(AnnotationRow.label).in_(sel.labels))
    if sel.author is not None:
        conds.append(col(AnnotationRow.author) == sel.author)
    if sel.layer == CURATED:
        conds.append(col(AnnotationRow.layer) == CURATED)
    elif sel.layer is not None:
        conds.append(col(AnnotationRow.layer) != CURATED)
        conds.append(col(AnnotationRow.author) == sel.layer)
    if sel.entity is not None:
        ids = _entity_ids(s, sel.entity)
        conds.append(
            sa.or_(
                col(AnnotationRow.entity_id).in_(ids),
                col(AnnotationRow.speaker_id).in_(ids),
                col(AnnotationRow.topic_id).in_(ids),
            )
        )
    return conds


def selected_release_pks(s: Session, sel: AnnotationSelection) -> list[int]:
    """Keys of the selected releases, oldest posted first (then by key)."""
    q = select(ReleaseRow.id)
    if sel.release_pks:
        q = q.where(col(ReleaseRow.id).in_(sel.release_pks))
    if sel.release_ids:
        q = q.where(col(ReleaseRow.release_id).in_(sel.release_ids))
    if sel.since is not None:
        q = q.where(col(ReleaseRow.posted_at) >= sel.since)
    if sel.until is not None:
        q = q.where(col(ReleaseRow.posted_at) < sel.until)
    if sel.ministry:
        q = q.where(sa.func.lower(ReleaseRow.ministry) == sel.ministry.strip().lower())
    if sel.status is not None:
        q = q.where(col(ReleaseRow.status) == sel.status.value)
    conds = _annotation_conditions(s, sel)
    if conds:
        q = q.where(
            sa.exists(
                sa.select(AnnotationRow.id).where(  # type: ignore[call-overload]
                    col(AnnotationRow.release_pk) == ReleaseRow.id, *conds
                )
            )
        )
    q = q.order_by(col(ReleaseRow.posted_at).asc().nulls_last(), col(ReleaseRow.id))
    return [pk for pk in s.exec(q).all() if pk is not None]


def selected_annotations(s: Session, pk: int, sel: AnnotationSelection) -> list[Annotation]:
    """The selected annotations of release ``pk``, ordered by ``(start, end, id)``."""
    q = select(AnnotationRow).where(AnnotationRow.release_pk == pk, *_annotation_conditions(s, sel))
    q = q.order_by(col(AnnotationRow.start), col(AnnotationRow.end), col(AnnotationRow.id))
    return [annotation_from_row(r) for r in s.exec(q).all()]


def load_documents(
    s: Session, pks: list[int], sel: AnnotationSelection
) -> list[tuple[Release, list[Annotation]]]:
    """The releases ``pks`` (in that order) with their selected annotations, read in three
    Core queries (no ORM objects: an export reads ~10^5 rows, see benchmarks/bench_export.py).

    Annotations are ordered by ``(start, end, id)``. Unknown keys are skipped.
    """
    if not pks:
        return []
    rel_t, tr_t, ann_t = ReleaseRow.__table__, TranslationRow.__table__, AnnotationRow.__table__  # type: ignore[attr-defined]
    rels = {r.id: r for r in s.execute(sa.select(rel_t).where(rel_t.c.id.in_(pks)))}
    trs: dict[int, list[Any]] = {}
    for t in s.execute(sa.select(tr_t).where(tr_t.c.release_pk.in_(pks)).order_by(tr_t.c.id)).all():
        trs.setdefault(t.release_pk, []).append(t)
    anns: dict[int, list[Annotation]] = {pk: [] for pk in pks}
    for ann in read_annotations(s, ann_t.c.release_pk.in_(pks), *_annotation_conditions(s, sel)):
        anns[ann.release_pk].append(ann)
    return [
        (release_from_row(rels[pk], trs.get(pk, ())), anns[pk])  # type: ignore[arg-type]
        for pk in pks
        if pk in rels
    ]


def editor_names(s: Session) -> list[str]:
    """Distinct non-empty authors of annotations outside the curated layer, sorted."""
    q = (
        sa.select(AnnotationRow.author)  # type: ignore[call-overload]
        .where(col(AnnotationRow.layer) != CURATED, col(AnnotationRow.author) != "")
        .distinct()
    )
    return sorted(a for (a,) in s.execute(q).all())


def count_selection(s: Session, sel: AnnotationSelection) -> tuple[int, int]:
    """``(releases, annotations)`` the selection holds."""
    pks = selected_release_pks(s, sel)
    if not pks:
        return 0, 0
    n = 0
    conds = _annotation_conditions(s, sel)
    for i in range(0, len(pks), 500):
        chunk = pks[i : i + 500]
        q = sa.select(sa.func.count(AnnotationRow.id)).where(  # type: ignore[arg-type]
            col(AnnotationRow.release_pk).in_(chunk), *conds
        )
        n += int(s.execute(q).scalar_one())
    return len(pks), n


# ----------------------------------------------------------------------------- entities
def _entity_from_row(row: EntityRow, aliases: Iterable[str] = ()) -> Entity:
    assert row.id is not None
    return Entity(
        id=row.id,
        kind=EntityKind(row.kind),
        name=row.name,
        aliases=tuple(aliases),
        wikidata_qid=row.wikidata_qid,
    )


def entities_by_id(s: Session, ids: Iterable[int]) -> dict[int, Entity]:
    """The entities with these ids (without aliases), keyed by id; unknown ids are left out."""
    wanted = sorted(set(ids))
    out: dict[int, Entity] = {}
    for i in range(0, len(wanted), 500):
        rows = s.exec(select(EntityRow).where(col(EntityRow.id).in_(wanted[i : i + 500]))).all()
        for r in rows:
            out[r.id or 0] = _entity_from_row(r)
    return out


def find_or_create_entity(
    s: Session, kind: EntityKind, name: str, wikidata_qid: str | None = None
) -> tuple[int, bool]:
    """``(id, created)`` of the entity of this kind named ``name``: exact name first, then
    an alias with the same search key (:func:`pibdesk.core.names.normalize`); else it is
    created through :class:`pibdesk.storage.entities.EntityRepository` (name and aliases
    as the registry makes them)."""
    from pibdesk.storage.entities import EntityRepository

    found = find_entity(s, kind, name)
    if found is not None:
        return found, False
    return EntityRepository(s).add(kind, name, wikidata_qid=wikidata_qid).id, True


def find_entity(s: Session, kind: EntityKind, name: str) -> int | None:
    """The id of the entity of this kind named ``name`` (exact name first, then an alias
    with the same search key), or None: the look-up half of :func:`find_or_create_entity`."""
    from pibdesk.storage.entities import EntityRepository

    row_id = s.exec(
        select(EntityRow.id)
        .where(EntityRow.kind == kind.value, EntityRow.name == name)
        .order_by(col(EntityRow.id))
    ).first()
    if row_id is not None:
        return row_id
    found = EntityRepository(s).find_by_key(name, kind)
    return found[0].id if found else None


# ----------------------------------------------------------------------------- import
def release_pk_by_hash(s: Session, hash_: str) -> int | None:
    """The key of a release whose current text has this SHA-256 (lowest key if several)."""
    return s.exec(
        select(ReleaseRow.id).where(ReleaseRow.text_hash == hash_).order_by(col(ReleaseRow.id))
    ).first()


def iter_release_texts(s: Session, batch: int = 200) -> Iterator[tuple[int, str]]:
    """``(key, text)`` of every release with text, by key, read ``batch`` rows at a time
    (keyset pages, so memory holds one page of texts, never the corpus: 50,000 releases
    are about a gigabyte of text)."""
    t = ReleaseRow.__table__  # type: ignore[attr-defined]
    last = 0
    while True:
        rows = s.execute(
            sa.select(t.c.id, t.c.text)
            .where(t.c.has_text.is_(True), t.c.id > last)
            .order_by(t.c.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        yield from ((pk, text) for pk, text in rows)
        last = rows[-1][0]


def release_text(s: Session, pk: int) -> tuple[str, bool]:
    """``(text, has_text)`` of release ``pk`` (raises ``LookupError`` if absent)."""
    row = s.get(ReleaseRow, pk)
    if row is None:
        raise LookupError(f"release {pk} does not exist")
    return row.text, row.has_text


def label_names(s: Session) -> set[str]:
    return set(s.exec(select(LabelRow.name)).all())


def add_label(s: Session, name: str, color: str) -> None:
    """Add a label at the end of the schema (caller checked it is new)."""
    n = int(s.execute(sa.select(sa.func.count()).select_from(LabelRow)).scalar_one())
    s.add(LabelRow(name=name, color=color, shortcut=None, sort_order=n))
    s.flush()
    log_change(s, "label", None, "insert")


@dataclass(frozen=True)
class StoredSpan:
    """The fields of a stored annotation an import compares to tell an exact duplicate
    (:mod:`pibdesk.services.annotation_import`): author, linked entity ids, statement
    kind and note."""

    author: str
    entity_id: int | None
    speaker_id: int | None
    topic_id: int | None
    statement_kind: StatementKind | None
    note: str | None


def stored_spans(
    s: Session, pk: int
) -> dict[tuple[int, int, str, tuple[tuple[int, int], ...]], list[StoredSpan]]:
    """The annotations of release ``pk`` by ``(start, end, label, fragments)`` (several
    may share a span and label: different authors, entities or notes)."""
    t = AnnotationRow.__table__  # type: ignore[attr-defined]
    cols = (t.c.start, t.c.end, t.c.label, t.c.author, t.c.entity_id, t.c.speaker_id)
    q = sa.select(*cols, t.c.topic_id, t.c.statement_kind, t.c.note, t.c.fragments).where(
        t.c.release_pk == pk
    )
    out: dict[tuple[int, int, str, tuple[tuple[int, int], ...]], list[StoredSpan]] = {}
    for start, end, label, author, ent, spk, top, kind, note, frs in s.execute(q):
        out.setdefault((start, end, label, decode_fragments(frs)), []).append(
            StoredSpan(author or "", ent, spk, top, StatementKind(kind) if kind else None, note)
        )
    return out


def insert_annotation(
    s: Session,
    release_pk: int,
    text: str,
    *,
    start: int,
    end: int,
    label: str,
    author: str = "",
    origin: Origin = Origin.IMPORTED,
    created_at: datetime | None = None,
    updated_at: datetime | None = None,
    entity_id: int | None = None,
    speaker_id: int | None = None,
    statement_kind: StatementKind | None = None,
    topic_id: int | None = None,
    note: str | None = None,
    needs_review: bool = False,
    fragments: tuple[tuple[int, int], ...] = (),
) -> int:
    """Insert one imported annotation over ``text`` keeping its own times; returns its id.

    Raises :class:`pibdesk.core.errors.SpanError` for an invalid span.
    """
    prefix, exact, suffix = quote_of(text, start, end)
    now = utcnow()
    row = AnnotationRow(
        release_pk=release_pk,
        start=start,
        end=end,
        label=label,
        text=exact,
        prefix=prefix,
        suffix=suffix,
        author=author,
        origin=origin.value,
        created_at=created_at or now,
        updated_at=updated_at or created_at or now,
        entity_id=entity_id,
        speaker_id=speaker_id,
        statement_kind=statement_kind.value if statement_kind else None,
        topic_id=topic_id,
        note=note,
        needs_review=needs_review,
        fragments=encode_fragments(fragments),
    )
    s.add(row)
    s.flush()
    assert row.id is not None
    log_change(s, "annotation", row.id, "import", release_pk, author)
    history.record(s, "import", author, None, annotation_from_row(row))
    return row.id
