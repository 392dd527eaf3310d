"""Registry objects beyond :class:`~pibdesk.core.model.Entity`: counts, offices, merges.

Dates of office terms are ``datetime.date`` on the IST calendar (a term covers whole
days, both ends inclusive; ``end`` None = still in office).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pibdesk.core.model import Entity


@dataclass(frozen=True)
class EntityCount:
    """A registry row for the entities view: the entity and how many annotations link it
    (as mention ``entity_id``, statement ``speaker_id`` or ``topic_id``)."""

    entity: Entity
    annotations: int = 0


@dataclass(frozen=True)
class OfficeTerm:
    """One holder's term: ``holder_id`` an entity id, dates inclusive, IST calendar."""

    id: int
    office_id: int
    holder_id: int
    holder_name: str
    start: date
    end: date | None = None
    source_url: str = ""


@dataclass(frozen=True)
class Office:
    """An office ("Minister of Defence") with its titles and its terms (oldest first)."""

    id: int
    name: str
    aliases: tuple[str, ...] = ()
    terms: tuple[OfficeTerm, ...] = ()

    def holder_on(self, day: date) -> OfficeTerm | None:
        """The term covering ``day`` (the latest-starting one if terms overlap), else None."""
        best: OfficeTerm | None = None
        for t in self.terms:
            if t.start <= day and (t.end is None or day <= t.end):
                if best is None or t.start > best.start:
                    best = t
        return best


@dataclass(frozen=True)
class MergeRecord:
    """What :meth:`EntityService.merge` changed, so that it can be undone exactly.

    ``kept_before`` is the surviving entity as it was, ``gone`` the merged-away entity
    (with its aliases); ``annotation_refs`` lists ``(annotation_id, field)`` pairs that
    pointed at ``gone`` (field: ``entity_id``, ``speaker_id`` or ``topic_id``) and
    ``term_ids`` the office terms that did.
    """

    kept_before: Entity
    gone: Entity
    annotation_refs: tuple[tuple[int, str], ...] = ()
    term_ids: tuple[int, ...] = ()
