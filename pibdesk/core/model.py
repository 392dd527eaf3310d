"""Plain, immutable domain objects that travel between pibdesk's layers.

Units used everywhere in pibdesk:

* Offsets (``start``, ``end``) are **Unicode code points**, end-exclusive, over the
  release's stored ``text`` (``text[start:end] == annotation.text``). The Qt layer
  converts to UTF-16 in :mod:`pibdesk.core.offsets` only.
* Times are timezone-aware ``datetime`` objects. Storage keeps UTC; PIB posting times
  are shown in IST (Asia/Kolkata, +05:30), see :data:`IST`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

#: India Standard Time. PIB prints "Posted On: 02 SEP 2019 7:22PM" in IST; it has no DST.
IST = timezone(timedelta(hours=5, minutes=30), "IST")

#: How many code points of context each annotation keeps on each side of its quote
#: (the W3C TextQuoteSelector idea, https://www.w3.org/TR/annotation-model/#text-quote-selector).
QUOTE_CONTEXT = 32


def utcnow() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


class Origin(StrEnum):
    """Where an annotation came from."""

    MANUAL = "manual"
    SUGGESTED = "suggested"
    IMPORTED = "imported"


class StatementKind(StrEnum):
    """What kind of speech a Statement annotation records."""

    DIRECT = "direct"  # a direct quote, "..."
    REPORTED = "reported"  # reported speech: said that ...
    SOCIAL = "social"  # a social-media post (tweet)


class EntityKind(StrEnum):
    """Kinds of entity in the registry."""

    PERSON = "person"
    TOPIC = "topic"


class ReleaseStatus(StrEnum):
    """An editor's progress on a release."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


@dataclass(frozen=True)
class Translation:
    """A link from a release to its version in another language.

    Source: the "Read this release in: Urdu , Malayalam" line of a PIB page
    (``div.ReleaseLang`` on pib.gov.in). ``language`` is an ISO 639 code when known
    (``"ur"``), ``label`` is the link text as printed (``"Urdu"``, ``"हिन्दी"``),
    ``release_id`` the linked PRID when the page gives it, else ``None``.
    """

    language: str | None
    label: str
    release_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"language": self.language, "label": self.label, "release_id": self.release_id}


@dataclass(frozen=True)
class ParsedRelease:
    """One release as read from a file, before it is stored.

    ``text`` is the annotatable text: title, sub-headings and body as an editor reads
    them, with ``\\n`` line endings and no BOM. Metadata lines (Posted On, Release ID,
    Visitor Counter, Read this release in, the sign-off) are fields, not text.
    ``posted_at`` is aware, in IST; ``language`` an ISO 639-1 code (``"mni"`` for
    Manipuri, which has none). ``source`` names the file it came from. ``warnings``: one
    line per thing read leniently (e.g. invalid UTF-8 bytes read as windows-1252); they go
    to the import report, not to :meth:`to_json`.
    """

    title: str
    text: str
    release_id: int | None = None
    ministry: str | None = None
    subtitles: tuple[str, ...] = ()
    posted_at: datetime | None = None
    bureau: str | None = None
    language: str | None = None
    visitor_count: int | None = None
    translations: tuple[Translation, ...] = ()
    sign_off: str | None = None
    source: str = ""
    has_text: bool = True
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The JSON object printed by ``pibdesk parse --json`` (exactly these keys)."""
        return {
            "release_id": self.release_id,
            "ministry": self.ministry,
            "title": self.title,
            "subtitles": list(self.subtitles),
            "posted_at": self.posted_at.astimezone(IST).isoformat() if self.posted_at else None,
            "bureau": self.bureau,
            "language": self.language,
            "visitor_count": self.visitor_count,
            "translations": [t.to_json() for t in self.translations],
            "sign_off": self.sign_off,
            "text": self.text,
        }


@dataclass(frozen=True)
class ReleaseSummary:
    """A row of the release list: no text. ``id`` is pibdesk's key, ``release_id`` the PRID."""

    id: int
    release_id: int | None
    title: str
    ministry: str | None
    posted_at: datetime | None
    bureau: str | None
    language: str | None
    status: ReleaseStatus = ReleaseStatus.NOT_STARTED
    annotation_count: int = 0
    has_text: bool = True
    #: The editor who claimed the release ("I am on it", team mode), or None.
    claimed_by: str | None = None


@dataclass(frozen=True)
class Release:
    """A stored release with its current text (see :class:`ParsedRelease` for the fields).

    ``revision`` counts text versions from 1; ``text_hash`` is the SHA-256 of ``text``.
    """

    id: int
    title: str
    text: str
    text_hash: str
    release_id: int | None = None
    ministry: str | None = None
    subtitles: tuple[str, ...] = ()
    posted_at: datetime | None = None
    bureau: str | None = None
    language: str | None = None
    visitor_count: int | None = None
    translations: tuple[Translation, ...] = ()
    sign_off: str | None = None
    source: str = ""
    revision: int = 1
    has_text: bool = True
    status: ReleaseStatus = ReleaseStatus.NOT_STARTED
    imported_at: datetime | None = None


@dataclass(frozen=True)
class Label:
    """An annotation label of the schema: ``name`` ("Person"), ``color`` ("#rrggbb"),
    ``shortcut`` (one key, "P"), ``sort_order``."""

    id: int
    name: str
    color: str
    shortcut: str | None = None
    sort_order: int = 0


#: The label schema a new database starts with (name, colour, key).
DEFAULT_LABELS: tuple[tuple[str, str, str], ...] = (
    ("Person", "#4e79a7", "P"),
    ("Statement", "#f28e2b", "S"),
    ("Topic", "#59a14f", "T"),
)


@dataclass(frozen=True)
class Annotation:
    """A labelled span of a release's text.

    ``start``/``end``: code points, end-exclusive, over :attr:`Release.text`.
    ``text`` is the quoted span, ``prefix``/``suffix`` up to :data:`QUOTE_CONTEXT`
    code points around it (for re-anchoring, W3C TextQuoteSelector).
    ``entity_id`` links a Person/Topic mention to the registry; for a Statement,
    ``speaker_id`` is the speaking Person entity and ``topic_id`` an optional Topic.
    ``row_version`` increases on every update (optimistic concurrency).
    ``layer`` is ``""`` for an editor's own annotation, ``"curated"`` for one of the
    reviewed final layer (:mod:`pibdesk.core.review`; ``author`` is then the curator).
    """

    id: int
    release_pk: int
    start: int
    end: int
    label: str
    text: str
    prefix: str = ""
    suffix: str = ""
    author: str = ""
    origin: Origin = Origin.MANUAL
    created_at: datetime | None = None
    updated_at: datetime | None = None
    entity_id: int | None = None
    speaker_id: int | None = None
    statement_kind: StatementKind | None = None
    topic_id: int | None = None
    note: str | None = None
    needs_review: bool = False
    row_version: int = 1
    layer: str = ""
    #: ``()`` for a continuous span; else its fragments (:mod:`pibdesk.core.fragments`)
    fragments: tuple[tuple[int, int], ...] = ()

    def with_changes(self, **changes: Any) -> Annotation:
        """A copy with some fields replaced."""
        return replace(self, **changes)


@dataclass(frozen=True)
class NewAnnotation:
    """What a caller gives to create an annotation (no id, quote taken from the text)."""

    release_pk: int
    start: int
    end: int
    label: str
    author: str = ""
    origin: Origin = Origin.MANUAL
    entity_id: int | None = None
    speaker_id: int | None = None
    statement_kind: StatementKind | None = None
    topic_id: int | None = None
    note: str | None = None
    #: ``""`` (the author's own layer) or ``"curated"`` (see :class:`Annotation`).
    layer: str = ""
    #: fragments of a discontinuous span (``start``/``end`` must be their covering span)
    fragments: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Entity:
    """A person or topic in the registry, with its aliases (surface forms)."""

    id: int
    kind: EntityKind
    name: str
    aliases: tuple[str, ...] = ()
    wikidata_qid: str | None = None


@dataclass(frozen=True)
class ImportOutcome:
    """The result of importing one file or dataset row.

    ``status`` is one of ``imported``, ``present`` (already present, unchanged),
    ``revised`` (new text revision stored), ``updated`` (metadata or text filled in)
    or ``failed``; ``message`` says why on failure.
    """

    source: str
    status: str
    release_pk: int | None = None
    release_id: int | None = None
    title: str = ""
    message: str = ""
    needs_review: int = 0


@dataclass
class ImportReport:
    """All outcomes of one import run, in input order."""

    outcomes: list[ImportOutcome] = field(default_factory=list)
    cancelled: bool = False

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def totals(self) -> dict[str, int]:
        """Counts per status, e.g. ``{"imported": 3, "present": 1, "failed": 0, ...}``."""
        keys = ("imported", "present", "revised", "updated", "failed")
        return {k: self.count(k) for k in keys}

    def to_json(self) -> dict[str, Any]:
        return {
            "totals": self.totals(),
            "cancelled": self.cancelled,
            "outcomes": [
                {
                    "source": o.source,
                    "status": o.status,
                    "release_id": o.release_id,
                    "title": o.title,
                    "message": o.message,
                    "needs_review": o.needs_review,
                }
                for o in self.outcomes
            ],
        }
