"""Shapes shared by every annotation format: what an exporter gets, what an importer yields.

Exporters are pure: they receive plain core objects (:class:`ExportDocument`) and write
files; importers read files into :class:`ImportedDocument` objects. Neither touches the
database (that is :mod:`pibdesk.services.export` and
:mod:`pibdesk.services.annotation_import`).

Offsets inside these objects are always pibdesk's unit: Unicode code points,
end-exclusive. Each format module converts at its own boundary and states the unit its
files use in ``OFFSET_UNIT``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pibdesk.core.errors import PibdeskError
from pibdesk.core.model import Annotation, Entity, EntityKind, Origin, Release, StatementKind

#: progress(done, total, what) - ``total`` may be 0 when unknown.
ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]


class FormatError(PibdeskError):
    """An annotation file could not be read or written; ``str()`` names the file and problem."""


class ExportCancelled(PibdeskError):
    """The user cancelled an export; nothing was left at the target path."""


@dataclass(frozen=True)
class ExportDocument:
    """One release and the annotations of it that the selection holds.

    ``entities`` maps every entity id used by ``annotations`` (``entity_id``,
    ``speaker_id``, ``topic_id``) to its :class:`Entity`.
    """

    release: Release
    annotations: list[Annotation]
    entities: Mapping[int, Entity] = field(default_factory=dict)

    def entity(self, entity_id: int | None) -> Entity | None:
        """The entity with this id, or None (no id, or not in the registry)."""
        return self.entities.get(entity_id) if entity_id is not None else None


@dataclass
class ExportResult:
    """What an export wrote: counts and spans the format could not hold (``warnings``).

    ``companions`` are files written beside ``path`` that belong to it (the Label Studio
    labeling config): a format writes each as ``<name>.part`` and lists ``<name>`` here;
    the export service renames them together with ``path`` (or removes them on failure).
    """

    path: str
    format: str
    releases: int = 0
    annotations: int = 0
    files: int = 0
    warnings: list[str] = field(default_factory=list)
    companions: list[str] = field(default_factory=list)

    def message(self) -> str:
        """One line for the user: what was written where (and the companion files)."""
        text = f"wrote {self.releases} releases, {self.annotations} annotations to {self.path}"
        if self.companions:
            text += f" (and {', '.join(self.companions)})"
        return text


@dataclass(frozen=True)
class EntityRef:
    """An entity named in a file: ``kind`` and ``name`` (matched or created on import)."""

    kind: EntityKind
    name: str
    wikidata_qid: str | None = None


@dataclass(frozen=True)
class ImportedSpan:
    """One annotation read from a file, already in code points (end-exclusive).

    ``quote`` is the text the file says the span covers (None if the file gives none);
    the importer refuses the span if it differs from the release text at ``start:end``.
    ``where`` locates it in the file for the report (``"doc.ann: T3"``).
    """

    start: int
    end: int
    label: str
    where: str
    quote: str | None = None
    author: str = ""
    origin: Origin = Origin.IMPORTED
    created_at: datetime | None = None
    updated_at: datetime | None = None
    entity: EntityRef | None = None
    speaker: EntityRef | None = None
    statement_kind: StatementKind | None = None
    topic: EntityRef | None = None
    note: str | None = None
    needs_review: bool = False
    #: Fields of :data:`COMPARED_FIELDS` the file states for this span even when they
    #: are empty (an absent value there means "none"). An import merges the span only
    #: into an annotation with the same span and label that matches it in each of these
    #: and in every field set here (a non-empty ``author``, the others not None): an
    #: exact duplicate. Default: only the set fields count.
    carries: frozenset[str] = frozenset()
    #: fragments of a discontinuous span (code points; ``start``/``end`` their covering
    #: span), ``()`` for a continuous one; checked by the importer
    #: (:func:`pibdesk.core.fragments.check_fragments`)
    fragments: tuple[tuple[int, int], ...] = ()


#: Fields of an imported span compared with stored annotations of the same span and
#: label to tell an exact duplicate (entities by the entity they name).
COMPARED_FIELDS = frozenset({"author", "entity", "speaker", "topic", "statement_kind", "note"})


@dataclass(frozen=True)
class Refusal:
    """Something in a file that was not imported, and why."""

    where: str
    reason: str


@dataclass
class ImportedDocument:
    """One document of an annotation file.

    ``text`` is the document's own text when the file carries it (None for formats that
    only point at a release, e.g. W3C). Matching onto the corpus uses ``release_id``
    first, then ``text_hash`` (or the hash of ``text``). ``metadata`` holds release
    fields (title, ministry, posted_at, ...) used when a new document is created.
    """

    source: str
    text: str | None
    spans: list[ImportedSpan] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    #: Things in the file that are not annotations at all (UIMA tokens, sentences,
    #: document metadata): reported as skipped, apart from refusals.
    skipped: list[Refusal] = field(default_factory=list)
    release_id: int | None = None
    text_hash: str | None = None
    title: str | None = None
    metadata: dict[str, object] = field(default_factory=dict)
    #: True when ``text`` was rebuilt from tokens (CoNLL): its spacing is not the
    #: original's, so it may also match a release whose text has the same characters
    #: apart from white space (offsets are then mapped onto that release's text).
    rebuilt_text: bool = False


# ----------------------------------------------------------------------------- helpers
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_stem(release: Release) -> str:
    """A file stem for a release that can never leave its folder.

    ``<PRID>`` or ``doc<pk>`` plus at most 40 characters of the title, reduced to
    ``[A-Za-z0-9._-]`` (no separators, no leading dot, never ``..``).
    """
    ident = str(release.release_id) if release.release_id is not None else f"doc{release.id}"
    title = _UNSAFE.sub("_", release.title)[:40].strip("._-")
    stem = f"{ident}_{title}" if title else ident
    stem = stem.replace("..", "_").lstrip(".")
    return stem or f"doc{release.id}"


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, raising :class:`FormatError` if that would leave ``folder``."""
    target = (folder / name).resolve()
    if target.parent != folder.resolve():
        raise FormatError(f"{name!r}: file name would leave the export folder {folder}")
    return target


def atomic_text_path(path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """``(target, temporary)`` for writing a file that appears only when complete."""
    target = Path(path)
    return target, target.with_name(target.name + ".part")


def count_annotations(docs: Iterable[ExportDocument]) -> int:
    return sum(len(d.annotations) for d in docs)


def iter_json_lines(path: Path) -> Iterator[tuple[str, object]]:
    """``("file:line", value)`` for each non-blank line of a JSON Lines file.

    Read as UTF-8 (a BOM is allowed). Raises :class:`FormatError` naming the file and
    line when a line is not JSON (https://jsonlines.org/).
    """
    with path.open(encoding="utf-8-sig", newline="") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as e:
                raise FormatError(f"{path}: line {n} is not JSON ({e.msg})") from e
            yield f"{path.name}:{n}", value
