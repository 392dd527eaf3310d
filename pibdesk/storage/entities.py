"""Repositories of the entity registry, the office registry and suggestion rejections.

Like :mod:`pibdesk.storage.repositories`, each works inside a caller's session (one
transaction) and returns core objects; every write appends to the change log.
Aliases are stored with their search key :func:`pibdesk.core.names.normalize`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from pibdesk.core.entities import EntityCount, MergeRecord, Office, OfficeTerm
from pibdesk.core.errors import NotFoundError, PibdeskError
from pibdesk.core.model import Entity, EntityKind, utcnow
from pibdesk.core.names import alias_forms, normalize
from pibdesk.core.text import refuse_control_characters
from pibdesk.storage import history
from pibdesk.storage.repositories import log_change
from pibdesk.storage.tables import (
    AliasRow,
    AnnotationRow,
    ChangeLogRow,
    EntityRow,
    OfficeRow,
    OfficeTermRow,
    SuggestionRejectionRow,
)

_REF_FIELDS = ("entity_id", "speaker_id", "topic_id")
_EN: sa.Table = EntityRow.__table__  # type: ignore[attr-defined]
_AL: sa.Table = AliasRow.__table__  # type: ignore[attr-defined]


class EntityRepository:
    """Persons and topics with their aliases."""

    def __init__(self, session: Session) -> None:
        self.s = session

    # -- read ---------------------------------------------------------------------
    def _row(self, entity_id: int) -> EntityRow:
        row = self.s.get(EntityRow, entity_id)
        if row is None:
            raise NotFoundError(f"entity {entity_id} does not exist")
        return row

    def _aliases(self, ids: Iterable[int]) -> dict[int, list[str]]:
        ids = list(ids)
        out: dict[int, list[str]] = defaultdict(list)
        if not ids:
            return out
        self.s.flush()  # a Core select does not autoflush: see queued aliases too
        rows = self.s.execute(
            sa.select(_AL.c.entity_id, _AL.c.alias)
            .where(_AL.c.entity_id.in_(ids))
            .order_by(_AL.c.id)
        ).all()
        for entity_id, alias in rows:
            out[entity_id].append(alias)
        return out

    def get(self, entity_id: int) -> Entity:
        """The entity with its aliases. Raises :class:`NotFoundError`."""
        row = self._row(entity_id)
        return _entity(row, self._aliases([entity_id]).get(entity_id, []))

    def all(self, kind: EntityKind | None = None) -> list[Entity]:
        """All entities (of ``kind``), ordered by name then id, each with its aliases in
        the order they were added.

        Two Core selects (plain rows, no ORM objects, no ``IN`` list of ids), as
        :meth:`AnnotationRepository.for_release` does: with 3,000 entities and 6,000
        aliases building ORM objects took most of a registry reload
        (benchmarks/bench_suggest.py).
        """
        self.s.flush()  # a Core select does not autoflush: see queued rows too
        q = sa.select(_EN.c.id, _EN.c.kind, _EN.c.name, _EN.c.wikidata_qid)
        aq = sa.select(_AL.c.entity_id, _AL.c.alias).order_by(_AL.c.id)
        if kind is not None:
            q = q.where(_EN.c.kind == kind.value)
            aq = aq.join(_EN, _EN.c.id == _AL.c.entity_id).where(_EN.c.kind == kind.value)
        rows = self.s.execute(q.order_by(_EN.c.name, _EN.c.id)).all()
        aliases: dict[int, list[str]] = defaultdict(list)
        for entity_id, alias in self.s.execute(aq).all():
            aliases[entity_id].append(alias)
        kinds = {k.value: k for k in EntityKind}
        return [
            Entity(id=i, kind=kinds[kind], name=name,
                   aliases=tuple(aliases.get(i, ())), wikidata_qid=qid)
            for i, kind, name, qid in rows
        ]

    def counts(self, kind: EntityKind | None = None) -> list[EntityCount]:
        """All entities with the number of annotations linking each (any of the three links)."""
        n: dict[int, int] = defaultdict(int)
        for f in _REF_FIELDS:
            c = getattr(AnnotationRow, f)
            for eid, k in self.s.execute(
                sa.select(c, sa.func.count()).where(c.is_not(None)).group_by(c)
            ):
                n[eid] += k
        return [EntityCount(e, n.get(e.id, 0)) for e in self.all(kind)]

    def find_by_key(self, key: str, kind: EntityKind | None = None) -> list[Entity]:
        """Entities with an alias whose search key equals ``normalize(key)``."""
        q = select(AliasRow.entity_id).where(AliasRow.normalized == normalize(key))
        ids = sorted(set(self.s.exec(q).all()))
        out = [self.get(i) for i in ids]
        return [e for e in out if kind is None or e.kind == kind]

    # -- write --------------------------------------------------------------------
    def add(
        self,
        kind: EntityKind,
        name: str,
        aliases: Iterable[str] = (),
        wikidata_qid: str | None = None,
        *,
        entity_id: int | None = None,
    ) -> Entity:
        """Create an entity named ``name`` (honorifics stripped); its aliases are the
        honorific-free forms of the name and of ``aliases``. ``entity_id`` re-creates an
        entity under an old id (undo). Raises :class:`PibdeskError` for a blank name and
        :class:`~pibdesk.core.errors.ControlCharacterError` for a control character."""
        refuse_control_characters(name, "the entity name")
        aliases = list(aliases)
        for a in aliases:
            refuse_control_characters(a, f"the alias {a!r}")
        clean = " ".join(name.split())
        base = alias_forms(clean)
        if not base:
            raise PibdeskError("an entity needs a name")
        now = utcnow()
        row = EntityRow(
            id=entity_id, kind=kind.value, name=base[0], wikidata_qid=wikidata_qid or None,
            created_at=now, updated_at=now,
        )
        self.s.add(row)
        self.s.flush()
        assert row.id is not None
        for a in [*base, *aliases]:
            self._add_alias(row.id, a)
        log_change(self.s, "entity", row.id, "insert")
        return self.get(row.id)

    def _add_alias(self, entity_id: int, alias: str) -> bool:
        alias = " ".join(alias.split())
        if not alias:
            return False
        exists = self.s.exec(
            select(AliasRow.id).where(AliasRow.entity_id == entity_id, AliasRow.alias == alias)
        ).first()
        if exists is not None:
            return False
        self.s.add(AliasRow(entity_id=entity_id, alias=alias, normalized=normalize(alias)))
        self.s.flush()
        return True

    def add_alias(self, entity_id: int, alias: str) -> Entity:
        """Add ``alias`` and its honorific-free forms. Raises :class:`NotFoundError`,
        :class:`~pibdesk.core.errors.ControlCharacterError`."""
        refuse_control_characters(alias, "the alias")
        self._row(entity_id)
        for a in [alias.strip(), *alias_forms(alias)]:
            self._add_alias(entity_id, a)
        log_change(self.s, "entity", entity_id, "alias")
        return self.get(entity_id)

    def remove_alias(self, entity_id: int, alias: str) -> Entity:
        """Remove one alias (exact text). The entity's name cannot be removed."""
        row = self._row(entity_id)
        if alias == row.name:
            raise PibdeskError(f"{alias!r} is the name of entity {entity_id}; rename it instead")
        self.s.execute(
            sa.delete(AliasRow).where(
                col(AliasRow.entity_id) == entity_id, col(AliasRow.alias) == alias
            )
        )
        log_change(self.s, "entity", entity_id, "alias")
        return self.get(entity_id)

    def set_state(self, entity: Entity) -> Entity:
        """Make the stored entity exactly ``entity`` (name, kind, QID, alias list): undo of
        rename and alias edits."""
        row = self._row(entity.id)
        row.name, row.kind, row.wikidata_qid = entity.name, entity.kind.value, entity.wikidata_qid
        row.updated_at = utcnow()
        self.s.add(row)
        self.s.execute(sa.delete(AliasRow).where(col(AliasRow.entity_id) == entity.id))
        self.s.flush()
        for a in entity.aliases:
            self._add_alias(entity.id, a)
        log_change(self.s, "entity", entity.id, "update")
        return self.get(entity.id)

    def rename(self, entity_id: int, name: str) -> Entity:
        """Give the entity a new canonical name; the old name stays as an alias.
        Raises :class:`~pibdesk.core.errors.ControlCharacterError`."""
        refuse_control_characters(name, "the new name")
        row = self._row(entity_id)
        forms = alias_forms(" ".join(name.split()))
        if not forms:
            raise PibdeskError("an entity needs a name")
        row.name = forms[0]
        row.updated_at = utcnow()
        self.s.add(row)
        self.s.flush()
        for a in forms:
            self._add_alias(entity_id, a)
        log_change(self.s, "entity", entity_id, "rename")
        return self.get(entity_id)

    def merge(self, keep_id: int, gone_id: int) -> MergeRecord:
        """Fold entity ``gone_id`` into ``keep_id``: its aliases (and name) become aliases of
        the kept one, every annotation link and office term follows, and it is deleted.
        Raises :class:`PibdeskError` for the same id or different kinds."""
        if keep_id == gone_id:
            raise PibdeskError("cannot merge an entity with itself")
        keep, gone = self.get(keep_id), self.get(gone_id)
        if keep.kind != gone.kind:
            raise PibdeskError(f"cannot merge a {gone.kind.value} into a {keep.kind.value}")
        refs: list[tuple[int, str]] = []
        for f in _REF_FIELDS:
            c = getattr(AnnotationRow, f)
            for ann_id in self.s.exec(select(AnnotationRow.id).where(c == gone_id)).all():
                assert ann_id is not None
                refs.append((ann_id, f))
        terms = [
            t for t in self.s.exec(select(OfficeTermRow.id).where(OfficeTermRow.entity_id == gone_id)).all()
            if t is not None
        ]
        self._repoint(refs, terms, gone_id, keep_id, "merge")
        for a in (gone.name, *gone.aliases):
            self._add_alias(keep_id, a)
        self.s.delete(self._row(gone_id))
        self.s.flush()
        log_change(self.s, "entity", gone_id, "merge")
        log_change(self.s, "entity", keep_id, "merge")
        return MergeRecord(keep, gone, tuple(refs), tuple(terms))

    def unmerge(self, rec: MergeRecord) -> Entity:
        """Undo :meth:`merge`: re-create the merged-away entity under its old id and
        point its annotations and terms back at it. Returns the re-created entity."""
        g = rec.gone
        self.add(g.kind, g.name, g.aliases, g.wikidata_qid, entity_id=g.id)
        self.set_state(g)
        self.set_state(rec.kept_before)
        self._repoint(
            list(rec.annotation_refs), list(rec.term_ids), rec.kept_before.id, g.id, "unmerge"
        )
        return self.get(g.id)

    def _repoint(
        self, refs: list[tuple[int, str]], terms: list[int], old: int, new: int, action: str
    ) -> None:
        now = utcnow()
        changed: list[tuple[int, int, str, str, dict[str, Any], dict[str, Any]]] = []
        for ann_id, f in refs:
            row = self.s.get(AnnotationRow, ann_id)
            if row is None or getattr(row, f) != old:
                continue
            setattr(row, f, new)
            row.row_version += 1
            row.updated_at = now
            self.s.add(row)
            log_change(self.s, "annotation", ann_id, "update", row.release_pk)
            changed.append((ann_id, row.release_pk, action, "", {f: old}, {f: new}))
        history.record_many(self.s, changed)
        for tid in terms:
            t = self.s.get(OfficeTermRow, tid)
            if t is not None and t.entity_id == old:
                t.entity_id = new
                self.s.add(t)
        self.s.flush()

    def delete(self, entity_id: int) -> Entity:
        """Delete an entity (links on annotations become NULL). Returns it as it was."""
        before = self.get(entity_id)
        self.s.delete(self._row(entity_id))
        self.s.flush()
        log_change(self.s, "entity", entity_id, "delete")
        return before


def _entity(row: EntityRow, aliases: list[str]) -> Entity:
    assert row.id is not None
    return Entity(
        id=row.id,
        kind=EntityKind(row.kind),
        name=row.name,
        aliases=tuple(aliases),
        wikidata_qid=row.wikidata_qid,
    )


class OfficeRepository:
    """Offices, their titles and the dated terms of their holders."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def all(self) -> list[Office]:
        """All offices with their terms (oldest first), ordered by name."""
        offices = self.s.exec(select(OfficeRow).order_by(col(OfficeRow.name))).all()
        rows = self.s.execute(
            sa.select(OfficeTermRow, col(EntityRow.name))
            .join(EntityRow, col(EntityRow.id) == col(OfficeTermRow.entity_id))
            .order_by(col(OfficeTermRow.start_date), col(OfficeTermRow.id))
        ).all()
        terms: dict[int, list[OfficeTerm]] = defaultdict(list)
        for t, holder in rows:
            terms[t.office_id].append(_term(t, holder))
        return [
            Office(o.id or 0, o.name, tuple(json.loads(o.aliases_json or "[]")), tuple(terms[o.id or 0]))
            for o in offices
        ]

    def get(self, office_id: int) -> Office:
        for o in self.all():
            if o.id == office_id:
                return o
        raise NotFoundError(f"office {office_id} does not exist")

    def upsert(self, name: str, aliases: Iterable[str] = ()) -> Office:
        """Create the office ``name`` or add ``aliases`` (titles) to it. Raises
        :class:`~pibdesk.core.errors.ControlCharacterError` for a control character."""
        aliases = list(aliases)
        for value, what in [(name, "the office name"), *((a, f"the title {a!r}") for a in aliases)]:
            refuse_control_characters(value, what)
        name = " ".join(name.split())
        if not name:
            raise PibdeskError("an office needs a name")
        row = self.s.exec(select(OfficeRow).where(OfficeRow.name == name)).first()
        if row is None:
            row = OfficeRow(name=name, aliases_json="[]")
        have = list(json.loads(row.aliases_json or "[]"))
        for a in aliases:
            a = " ".join(a.split())
            if a and a not in have and a != name:
                have.append(a)
        row.aliases_json = json.dumps(have, ensure_ascii=False)
        self.s.add(row)
        self.s.flush()
        log_change(self.s, "office", row.id, "upsert")
        assert row.id is not None
        return self.get(row.id)

    def add_term(
        self, office_id: int, holder_id: int, start: date, end: date | None, source_url: str = ""
    ) -> OfficeTerm:
        """Add a term. Raises :class:`PibdeskError` if ``end`` is before ``start``."""
        if end is not None and end < start:
            raise PibdeskError(f"term ends ({end}) before it starts ({start})")
        if self.s.get(OfficeRow, office_id) is None:
            raise NotFoundError(f"office {office_id} does not exist")
        holder = self.s.get(EntityRow, holder_id)
        if holder is None:
            raise NotFoundError(f"entity {holder_id} does not exist")
        row = OfficeTermRow(
            office_id=office_id, entity_id=holder_id, start_date=start.isoformat(),
            end_date=end.isoformat() if end else None, source_url=source_url,
        )
        self.s.add(row)
        self.s.flush()
        log_change(self.s, "office_term", row.id, "insert")
        return _term(row, holder.name)

    def update_term(self, term_id: int, **changes: object) -> OfficeTerm:
        """Change ``holder_id``, ``start``, ``end`` or ``source_url`` of a term."""
        row = self.s.get(OfficeTermRow, term_id)
        if row is None:
            raise NotFoundError(f"office term {term_id} does not exist")
        for k, v in changes.items():
            if k == "holder_id":
                row.entity_id = int(v)  # type: ignore[call-overload]
            elif k == "start":
                assert isinstance(v, date)
                row.start_date = v.isoformat()
            elif k == "end":
                row.end_date = v.isoformat() if isinstance(v, date) else None
            elif k == "source_url":
                row.source_url = str(v)
            else:
                raise ValueError(f"cannot update {k!r} of a term")
        if row.end_date and row.end_date < row.start_date:
            raise PibdeskError(f"term ends ({row.end_date}) before it starts ({row.start_date})")
        self.s.add(row)
        self.s.flush()
        log_change(self.s, "office_term", term_id, "update")
        holder = self.s.get(EntityRow, row.entity_id)
        return _term(row, holder.name if holder else "")

    def delete_term(self, term_id: int) -> OfficeTerm:
        row = self.s.get(OfficeTermRow, term_id)
        if row is None:
            raise NotFoundError(f"office term {term_id} does not exist")
        holder = self.s.get(EntityRow, row.entity_id)
        before = _term(row, holder.name if holder else "")
        self.s.delete(row)
        self.s.flush()
        log_change(self.s, "office_term", term_id, "delete")
        return before


def _term(t: OfficeTermRow, holder: str) -> OfficeTerm:
    return OfficeTerm(
        id=t.id or 0, office_id=t.office_id, holder_id=t.entity_id, holder_name=holder,
        start=date.fromisoformat(t.start_date),
        end=date.fromisoformat(t.end_date) if t.end_date else None,
        source_url=t.source_url,
    )


class RejectionRepository:
    """Suggestions an editor rejected, per release: keys ``(start, end, label)``."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def for_release(self, release_pk: int) -> set[tuple[int, int, str]]:
        rows = self.s.exec(
            select(SuggestionRejectionRow).where(SuggestionRejectionRow.release_pk == release_pk)
        ).all()
        return {(r.start, r.end, r.label) for r in rows}

    def add(self, release_pk: int, start: int, end: int, label: str) -> None:
        """Remember a rejection (a no-op if it is already remembered)."""
        if (start, end, label) in self.for_release(release_pk):
            return
        self.s.add(SuggestionRejectionRow(release_pk=release_pk, start=start, end=end, label=label))
        self.s.flush()
        log_change(self.s, "suggestion_rejection", None, "insert", release_pk)

    def remove(self, release_pk: int, start: int, end: int, label: str) -> None:
        """Forget a rejection (undo)."""
        self.s.execute(
            sa.delete(SuggestionRejectionRow).where(
                col(SuggestionRejectionRow.release_pk) == release_pk,
                col(SuggestionRejectionRow.start) == start,
                col(SuggestionRejectionRow.end) == end,
                col(SuggestionRejectionRow.label) == label,
            )
        )
        log_change(self.s, "suggestion_rejection", None, "delete", release_pk)

    def replace(self, release_pk: int, keys: Iterable[tuple[int, int, str]]) -> None:
        """Make ``keys`` (``(start, end, label)``, code points) the release's rejections:
        the others are forgotten (a revision moved or dropped them). A no-op, and
        nothing logged, when they are already the same set."""
        new = set(keys)
        if new == self.for_release(release_pk):
            return
        self.s.execute(
            sa.delete(SuggestionRejectionRow).where(
                col(SuggestionRejectionRow.release_pk) == release_pk
            )
        )
        self.s.add_all(
            SuggestionRejectionRow(release_pk=release_pk, start=st, end=en, label=label)
            for st, en, label in sorted(new)
        )
        self.s.flush()
        log_change(self.s, "suggestion_rejection", None, "revise", release_pk)


#: Change-log tables whose rows change what the suggester knows.
REGISTRY_TABLES = ("entity", "office", "office_term")


def registry_changed_since(s: Session, after_id: int) -> bool:
    """Did the entity or office registry change after change-log row ``after_id``?

    Looks only at change-log rows newer than ``after_id`` (a primary-key range), so it
    stays cheap however long the log grows.
    """
    q = sa.select(col(ChangeLogRow.id)).where(
        col(ChangeLogRow.id) > after_id, col(ChangeLogRow.table_name).in_(REGISTRY_TABLES)
    ).limit(1)
    return s.execute(q).first() is not None
