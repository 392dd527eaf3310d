"""The registry snapshot the rules read: entities with aliases, offices with dated
terms, and the alias index (keys blocked on their first and last word) fuzzy matching
searches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import regex

from pibdesk.core.model import EntityKind
from pibdesk.core.names import (
    normalize,
    normalize_word,
)
from pibdesk.core.suggest.tokens import _WORD

#: Minimum ``fuzz.ratio`` (0-100) of a multi-word window against an alias key.
FUZZY_MIN = 88



# ----------------------------------------------------------------------------- inputs
@dataclass(frozen=True)
class RegistryEntry:
    """One entity of the registry as the suggester sees it."""

    entity_id: int
    kind: EntityKind
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Term:
    """A holder's term in an office: dates inclusive, ``end`` None = still in office."""

    entity_id: int
    start: date
    end: date | None = None


@dataclass(frozen=True)
class OfficeInfo:
    """An office with its titles (aliases) and dated terms."""

    name: str
    aliases: tuple[str, ...]
    terms: tuple[Term, ...] = ()
    id: int = 0

    def holder_on(self, day: date) -> int | None:
        """The entity id of the holder on ``day`` (the latest-starting term covering it)."""
        best: Term | None = None
        for t in self.terms:
            if t.start <= day and (t.end is None or day <= t.end):
                if best is None or t.start > best.start:
                    best = t
        return best.entity_id if best else None


@dataclass(frozen=True)
class _AliasKey:
    tokens: tuple[str, ...]
    key: str
    entity_id: int | None
    name: str
    kind: EntityKind


@dataclass(frozen=True)
class Registry:
    """A read-only snapshot of the entity and office registries (build once, reuse).

    ``entries``: persons and topics with aliases; ``offices``: titles and terms. Index
    structures are built lazily on first use and cached on the instance.
    """

    entries: tuple[RegistryEntry, ...] = ()
    offices: tuple[OfficeInfo, ...] = ()

    @cached_property
    def by_id(self) -> dict[int, RegistryEntry]:
        return {e.entity_id: e for e in self.entries}

    @cached_property
    def alias_keys(self) -> list[_AliasKey]:
        out: list[_AliasKey] = []
        for e in self.entries:
            seen: set[str] = set()
            for a in (e.name, *e.aliases):
                k = normalize(a)
                if k and k not in seen:
                    seen.add(k)
                    out.append(_AliasKey(tuple(k.split()), k, e.entity_id, e.name, e.kind))
        return out

    @cached_property
    def person_blocks(self) -> _Blocks:
        return _blocks(self.alias_keys, EntityKind.PERSON)

    @cached_property
    def topic_blocks(self) -> _Blocks:
        return _blocks(self.alias_keys, EntityKind.TOPIC)

    @cached_property
    def person_keys(self) -> dict[str, int]:
        """normalised alias -> entity id (persons; ambiguous keys dropped)."""
        seen: dict[str, set[int]] = defaultdict(set)
        for a in self.alias_keys:
            if a.kind == EntityKind.PERSON and a.entity_id is not None:
                seen[a.key].add(a.entity_id)
        return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}

    @cached_property
    def surnames(self) -> dict[str, set[int]]:
        out: dict[str, set[int]] = defaultdict(set)
        for a in self.alias_keys:
            if a.kind == EntityKind.PERSON and a.entity_id is not None and len(a.tokens) > 1:
                out[a.tokens[-1]].add(a.entity_id)
        return out

    @cached_property
    def office_re(self) -> regex.Pattern[str] | None:
        titles: dict[str, tuple[OfficeInfo, bool]] = {}
        for o in self.offices:
            for t in (o.name, *o.aliases):
                t = t.strip()
                if t:
                    titles.setdefault(t.casefold() if not _is_acronym(t) else t, (o, _is_acronym(t)))
        if not titles:
            return None
        parts = []
        for t in sorted(titles, key=len, reverse=True):
            body = r"[\s\-]+".join(regex.escape(w) for w in regex.split(r"[\s\-]+", t))
            parts.append(f"(?-i:{body})" if titles[t][1] else body)
        return regex.compile(
            r"(?<![\p{L}\p{M}\p{N}])(?:(?P<union>Union\s+))?(?P<title>"
            + "|".join(parts)
            + r")(?![\p{L}\p{M}\p{N}])",
            regex.IGNORECASE | regex.V1,
        )

    @cached_property
    def office_first_words(self) -> frozenset[str]:
        """First words of all office titles (and "union"), as ``normalize_word`` gives them."""
        out = {"union"}
        for o in self.offices:
            for t in (o.name, *o.aliases):
                w = _WORD.search(t)
                if w:
                    out.add(normalize_word(w.group()))
        return frozenset(out)

    @cached_property
    def office_by_title(self) -> dict[str, OfficeInfo]:
        out: dict[str, OfficeInfo] = {}
        for o in self.offices:
            for t in (o.name, *o.aliases):
                out.setdefault(_title_key(t), o)
        return out


def _is_acronym(t: str) -> bool:
    return t.isupper() and len(t) <= 4 and t.isascii()


def _title_key(t: str) -> str:
    return " ".join(t.strip().casefold().replace("-", " ").split())



# ----------------------------------------------------------------------------- rule 2
_Blocks = tuple[dict[str, list["_AliasKey"]], dict[str, list["_AliasKey"]]]


def _blocks(keys: Iterable[_AliasKey], kind: EntityKind) -> _Blocks:
    """Alias keys of ``kind`` indexed by their first and by their last word."""
    by_first: dict[str, list[_AliasKey]] = defaultdict(list)
    by_last: dict[str, list[_AliasKey]] = defaultdict(list)
    for a in keys:
        if a.kind != kind or not a.tokens:
            continue
        by_first[a.tokens[0]].append(a)
        if len(a.tokens) > 1:
            by_last[a.tokens[-1]].append(a)
    return by_first, by_last
