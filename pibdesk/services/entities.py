"""The entity and office registries: search, create, rename, alias, merge (undoable).

Every method is one transaction. Edits return what their undo needs: :meth:`rename`
and alias edits return the entity as it was before (undo with :meth:`restore_state`),
:meth:`merge` returns a :class:`~pibdesk.core.entities.MergeRecord` (undo with
:meth:`unmerge`). Annotations link entities by id, so every linked annotation follows a
rename, an alias edit or a merge.

The starter office table ``resources/offices.csv`` (columns office, aliases, holder,
holder_aliases, start_date, end_date, source_url; lists separated by ``|``; ISO dates on
the IST calendar, inclusive; empty end = in office) is loaded by
:func:`ensure_starter_offices` into a database once (idempotent; later edits stay).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from rapidfuzz import fuzz

from pibdesk.core.entities import EntityCount, MergeRecord, Office, OfficeTerm
from pibdesk.core.errors import PibdeskError
from pibdesk.core.model import Entity, EntityKind
from pibdesk.core.names import normalize
from pibdesk.core.suggest import OfficeInfo, Registry, RegistryEntry, Term
from pibdesk.storage.db import Database
from pibdesk.storage.entities import (
    EntityRepository,
    OfficeRepository,
    registry_changed_since,
)
from pibdesk.storage.repositories import SettingRepository, last_change_id

#: Setting recording that the starter office table was loaded (value: its file name).
OFFICES_SEEDED_KEY = "entities.offices_seeded"


def starter_offices_path() -> Path:
    """``resources/offices.csv`` (source checkout or bundle)."""
    from pibdesk.config import resources_dir

    return resources_dir() / "offices.csv"


@dataclass(frozen=True)
class Match:
    """An autocomplete hit: the entity, the alias that matched and a 0-100 score."""

    entity: Entity
    alias: str
    score: float


def read_offices_csv(path: str | os.PathLike[str]) -> list[dict[str, str]]:
    """The rows of an office table, checked. Raises :class:`PibdeskError` naming the file,
    the line and the problem (missing column, bad date, end before start, no source)."""
    p = Path(path)
    need = {"office", "aliases", "holder", "start_date", "end_date", "source_url"}
    with p.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = need - set(reader.fieldnames or [])
        if missing:
            raise PibdeskError(f"{p.name}: missing column(s) {', '.join(sorted(missing))}")
        rows = []
        for n, r in enumerate(reader, start=2):
            try:
                start = date.fromisoformat(r["start_date"])
                end = date.fromisoformat(r["end_date"]) if r["end_date"] else None
            except ValueError as e:
                raise PibdeskError(f"{p.name}:{n}: bad date ({e})") from None
            if end is not None and end < start:
                raise PibdeskError(f"{p.name}:{n}: term ends before it starts")
            if not r["office"].strip() or not r["holder"].strip():
                raise PibdeskError(f"{p.name}:{n}: office and holder are required")
            if not r["source_url"].startswith("http"):
                raise PibdeskError(f"{p.name}:{n}: every row needs a public source URL")
            rows.append({k: (v or "").strip() for k, v in r.items() if k})
        return rows


def load_offices(db: Database, path: str | os.PathLike[str]) -> int:
    """Load an office table into the database in one transaction; returns terms added.

    Holders are found by name or alias (persons), else created. A term already present
    (same office, holder and start date) is not added twice.
    """
    rows = read_offices_csv(path)
    added = 0
    with db.session() as s:
        ents, offs = EntityRepository(s), OfficeRepository(s)
        for r in rows:
            office = offs.upsert(r["office"], [a for a in r["aliases"].split("|") if a])
            found = ents.find_by_key(r["holder"], EntityKind.PERSON)
            extra = [a for a in r.get("holder_aliases", "").split("|") if a]
            if found:
                holder = found[0]
                for a in extra:
                    if a not in holder.aliases:
                        holder = ents.add_alias(holder.id, a)
            else:
                holder = ents.add(EntityKind.PERSON, r["holder"], extra)
            start = date.fromisoformat(r["start_date"])
            if any(t.holder_id == holder.id and t.start == start for t in office.terms):
                continue
            end = date.fromisoformat(r["end_date"]) if r["end_date"] else None
            offs.add_term(office.id, holder.id, start, end, r["source_url"])
            added += 1
    return added


def ensure_starter_offices(db: Database) -> bool:
    """Load ``resources/offices.csv`` once per database; True if it loaded now."""
    with db.session() as s:
        if SettingRepository(s).get(OFFICES_SEEDED_KEY):
            return False
    load_offices(db, starter_offices_path())
    with db.session() as s:
        SettingRepository(s).set(OFFICES_SEEDED_KEY, starter_offices_path().name)
    return True


class EntityService:
    """Persons, topics and offices in one database."""

    def __init__(self, db: Database, *, seed_offices: bool = True) -> None:
        self.db = db
        self._registry: tuple[int, Registry] | None = None
        self._seeded = not seed_offices

    def _ensure(self) -> None:
        """Load the starter office table on first use (once per database)."""
        if not self._seeded:
            ensure_starter_offices(self.db)
            self._seeded = True

    # -- read ---------------------------------------------------------------------
    def get(self, entity_id: int) -> Entity:
        with self.db.session() as s:
            return EntityRepository(s).get(entity_id)

    def entities(self, kind: EntityKind | None = None) -> list[Entity]:
        self._ensure()
        with self.db.session() as s:
            return EntityRepository(s).all(kind)

    def counts(self, kind: EntityKind | None = None) -> list[EntityCount]:
        """Entities with their linked-annotation counts (the entities view).

        Reads in a DEFERRED session (:meth:`Database.read_session`): the view calls it on
        a pool thread, where it must never hold the write lock."""
        self._ensure()
        with self.db.read_session() as s:
            return EntityRepository(s).counts(kind)

    def search(self, query: str, kind: EntityKind | None = None, limit: int = 10) -> list[Match]:
        """Entities matching ``query``, best first: case-, accent- and honorific-insensitive,
        fuzzy (``rapidfuzz.fuzz.ratio`` against the whole key and against the text from each
        word on, cut to the query's length), and a prefix of any word scores 100 ("rajn" finds
        Rajnath Singh, "lwaya" finds Takeshi Iwaya). An empty query lists entities by name.
        Scores below 75 are dropped."""
        q = normalize(query)
        ents = self.entities(kind)
        if not q:
            return [Match(e, e.name, 0.0) for e in ents[:limit]]
        best: dict[int, Match] = {}
        for e in ents:
            for a in (e.name, *e.aliases):
                k = normalize(a)
                if not k:
                    continue
                words = k.split()
                if k.startswith(q) or any(w.startswith(q) for w in words):
                    score = 100.0 - (0 if k.startswith(q) else 1)
                else:
                    n = len(q)
                    score = max(
                        fuzz.ratio(q, k),
                        fuzz.ratio(q, k[: n + 1]),
                        *(fuzz.ratio(q, " ".join(words[i:])[: n + 1]) for i in range(len(words))),
                    )
                if score >= 75 and (e.id not in best or score > best[e.id].score):
                    best[e.id] = Match(e, a, float(score))
        return sorted(best.values(), key=lambda m: (-m.score, m.entity.name))[:limit]

    def registry(self) -> Registry:
        """A snapshot for :func:`pibdesk.core.suggest.suggest`, cached until an entity or
        office changes (annotation edits keep it); loads the starter offices on first use."""
        self._ensure()
        with self.db.session() as s:
            stamp = last_change_id(s)
            if self._registry is not None:
                seen, cached = self._registry
                if seen == stamp or not registry_changed_since(s, seen):
                    self._registry = (stamp, cached)  # annotation edits: still valid
                    return cached
            ents = EntityRepository(s).all()
            offices = OfficeRepository(s).all()
        reg = Registry(
            tuple(RegistryEntry(e.id, e.kind, e.name, e.aliases) for e in ents),
            tuple(
                OfficeInfo(o.name, o.aliases,
                           tuple(Term(t.holder_id, t.start, t.end) for t in o.terms), o.id)
                for o in offices
            ),
        )
        self._registry = (stamp, reg)
        return reg

    # -- write (each returns what its undo needs) ---------------------------------
    def create(
        self, kind: EntityKind, name: str, aliases: tuple[str, ...] = (), wikidata_qid: str | None = None
    ) -> Entity:
        """A new entity (name without honorifics; honorific-free aliases generated).
        Undo with :meth:`delete`."""
        with self.db.session() as s:
            return EntityRepository(s).add(kind, name, aliases, wikidata_qid)

    def delete(self, entity_id: int) -> Entity:
        with self.db.session() as s:
            return EntityRepository(s).delete(entity_id)

    def recreate(self, entity: Entity) -> Entity:
        """Re-create a deleted entity under its old id (redo of create / undo of delete)."""
        with self.db.session() as s:
            repo = EntityRepository(s)
            repo.add(entity.kind, entity.name, entity.aliases, entity.wikidata_qid, entity_id=entity.id)
            return repo.set_state(entity)

    def rename(self, entity_id: int, name: str) -> tuple[Entity, Entity]:
        """``(before, after)``; the old name stays as an alias."""
        with self.db.session() as s:
            repo = EntityRepository(s)
            before = repo.get(entity_id)
            return before, repo.rename(entity_id, name)

    def add_alias(self, entity_id: int, alias: str) -> tuple[Entity, Entity]:
        """``(before, after)``."""
        with self.db.session() as s:
            repo = EntityRepository(s)
            before = repo.get(entity_id)
            return before, repo.add_alias(entity_id, alias)

    def remove_alias(self, entity_id: int, alias: str) -> tuple[Entity, Entity]:
        with self.db.session() as s:
            repo = EntityRepository(s)
            before = repo.get(entity_id)
            return before, repo.remove_alias(entity_id, alias)

    def set_wikidata_qid(self, entity_id: int, qid: str | None) -> tuple[Entity, Entity]:
        """Set (or clear, with None/"") the entity's Wikidata id; ``(before, after)``.

        Raises :class:`PibdeskError` unless ``qid`` looks like ``Q`` + digits
        (https://www.wikidata.org/wiki/Wikidata:Identifiers)."""
        qid = (qid or "").strip().upper() or None
        if qid is not None and not (qid[0] == "Q" and qid[1:].isdigit() and len(qid) > 1):
            raise PibdeskError(f"{qid!r} is not a Wikidata item id (Q followed by digits)")
        with self.db.session() as s:
            repo = EntityRepository(s)
            before = repo.get(entity_id)
            return before, repo.set_state(replace(before, wikidata_qid=qid))

    def restore_state(self, entity: Entity) -> Entity:
        """Put an entity back exactly as ``entity`` (undo of rename / alias edits)."""
        with self.db.session() as s:
            return EntityRepository(s).set_state(entity)

    def merge(self, keep_id: int, gone_id: int) -> MergeRecord:
        """Merge ``gone_id`` into ``keep_id``; every link follows. Undo: :meth:`unmerge`."""
        with self.db.session() as s:
            return EntityRepository(s).merge(keep_id, gone_id)

    def unmerge(self, record: MergeRecord) -> Entity:
        with self.db.session() as s:
            return EntityRepository(s).unmerge(record)

    # -- offices ------------------------------------------------------------------
    def offices(self) -> list[Office]:
        self._ensure()
        with self.db.session() as s:
            return OfficeRepository(s).all()

    def holder_on(self, office_name_or_title: str, day: date) -> Entity | None:
        """Who held the office named or titled so (any alias, case-insensitive) on ``day``."""
        key = office_name_or_title.strip().casefold()
        for o in self.offices():
            if key in {t.casefold() for t in (o.name, *o.aliases)}:
                term = o.holder_on(day)
                return self.get(term.holder_id) if term else None
        return None

    def upsert_office(self, name: str, aliases: tuple[str, ...] = ()) -> Office:
        with self.db.session() as s:
            return OfficeRepository(s).upsert(name, aliases)

    def add_term(
        self, office_id: int, holder_id: int, start: date, end: date | None, source_url: str = ""
    ) -> OfficeTerm:
        with self.db.session() as s:
            return OfficeRepository(s).add_term(office_id, holder_id, start, end, source_url)

    def update_term(self, term_id: int, **changes: object) -> tuple[OfficeTerm, OfficeTerm]:
        """``(before, after)`` for a change of holder_id/start/end/source_url."""
        with self.db.session() as s:
            repo = OfficeRepository(s)
            before = next((t for o in repo.all() for t in o.terms if t.id == term_id), None)
            after = repo.update_term(term_id, **changes)  # raises NotFoundError if absent
            assert before is not None
            return before, after

    def delete_term(self, term_id: int) -> OfficeTerm:
        with self.db.session() as s:
            return OfficeRepository(s).delete_term(term_id)
