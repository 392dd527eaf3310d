"""Plain objects about the corpus as a whole: revisions, translation links, visitor
history, filter choices (no Qt, no SQL)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class RevisionInfo:
    """One text version of a release (``number`` counts from 1; no text, to stay small).

    ``imported_at`` is aware UTC; ``source`` names the file it came from; ``length`` is
    the text's length in code points.
    """

    number: int
    text_hash: str
    title: str
    source: str
    imported_at: datetime | None
    length: int


@dataclass(frozen=True)
class TranslationLink:
    """A "Read this release in" link of a release, resolved against the corpus.

    ``label`` as printed on the page ("हिन्दी", "Urdu"), ``language`` ISO 639 code when
    known, ``release_id`` the linked PRID when the page gives it, ``target_pk`` pibdesk's
    key of the linked release when it is in the corpus, else ``None``.
    """

    label: str
    language: str | None
    release_id: int | None
    target_pk: int | None


@dataclass(frozen=True)
class VisitorObservation:
    """One reading of a release's "Visitor Counter": when pibdesk saw it (aware UTC)
    and the count shown."""

    seen_at: datetime
    count: int


@dataclass(frozen=True)
class Facets:
    """The distinct values the release-list filters offer, each sorted."""

    ministries: tuple[str, ...] = ()
    bureaus: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewItem:
    """An annotation that a revision could not place with confidence ("needs review")."""

    annotation_id: int
    release_pk: int
    label: str
    text: str
    start: int
    end: int


@dataclass
class BatchResult:
    """Counts of one import batch (internal bookkeeping for progress)."""

    done: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
