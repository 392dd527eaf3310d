"""Importing annotation sets written by pibdesk or by other tools (issue 6).

A file is read by its format module (:mod:`pibdesk.export.registry`) into documents;
each document is matched onto a release already in the corpus by Release ID, then by
the SHA-256 of its text, or (``create_documents=True``) stored as a new release built
from the file's own text. The whole file goes in **one transaction**: every annotation
is added, merged (an exact duplicate exists: same release, span and label, and the same
value of every other field the file states - author, linked entity, speaker and topic,
statement kind, note; see :data:`pibdesk.export.base.COMPARED_FIELDS`) or refused with a
reason (offsets that do not match the text, unknown release, a construct pibdesk cannot
hold); things that are not annotations at all (UIMA tokens, sentences, metadata) are
reported as skipped. An unexpected error rolls everything back.

C0 control characters other than tab, LF and CR (U+0000-U+0008, U+000B, U+000C,
U+000E-U+001F) are refused wherever an import would store them: a new document's text
and metadata (the document is not created), and a span's label, author, note or entity,
speaker and topic names (the span is refused). PostgreSQL cannot store U+0000 in text
at all ("The character with code zero cannot be stored",
https://www.postgresql.org/docs/current/datatype-character.html; psycopg raises
"PostgreSQL text fields cannot contain NUL (0x00) bytes"), and the others are never
meant in a release; SQLite would take them, so both engines refuse the same.
"""

from __future__ import annotations

import hashlib
import os
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from pibdesk.core.errors import SpanError
from pibdesk.core.fragments import check_fragments
from pibdesk.core.model import EntityKind, ParsedRelease, Translation
from pibdesk.core.text import text_hash
from pibdesk.export import registry
from pibdesk.export.base import COMPARED_FIELDS, EntityRef, ImportedDocument, ImportedSpan, Refusal
from pibdesk.storage.db import Database
from pibdesk.storage.export_queries import (
    StoredSpan,
    add_label,
    find_entity,
    find_or_create_entity,
    insert_annotation,
    iter_release_texts,
    label_names,
    release_pk_by_hash,
    release_text,
    stored_spans,
)
from pibdesk.storage.repositories import ReleaseRepository

#: C0 control characters an import refuses (all but tab, LF, CR; see the module doc).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

#: Colours given to labels an import creates (Tableau 10, after the three defaults).
_PALETTE = ("#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")


@dataclass
class AnnotationImportReport:
    """What one import did. ``refused`` lists ``Refusal(where, reason)`` items: things
    meant as annotations that were not imported; ``skipped`` lists, in the same shape,
    things in the file that are not annotations (UIMA tokens, sentences, metadata)."""

    source: str
    format: str
    added: int = 0
    merged: int = 0
    refused: list[Refusal] = field(default_factory=list)
    skipped: list[Refusal] = field(default_factory=list)
    documents_matched: int = 0
    documents_created: int = 0
    labels_created: list[str] = field(default_factory=list)
    entities_created: list[str] = field(default_factory=list)
    dry_run: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "added": self.added,
            "merged": self.merged,
            "refused": [{"where": r.where, "reason": r.reason} for r in self.refused],
            "skipped": [{"where": r.where, "reason": r.reason} for r in self.skipped],
            "documents_matched": self.documents_matched,
            "documents_created": self.documents_created,
            "labels_created": self.labels_created,
            "entities_created": self.entities_created,
            "dry_run": self.dry_run,
        }

    def summary(self) -> str:
        """One line: ``added 5, merged 2, refused 1, skipped 0 (3 documents matched, 0
        created)``."""
        return (
            f"added {self.added}, merged {self.merged}, refused {len(self.refused)}, "
            f"skipped {len(self.skipped)} "
            f"({self.documents_matched} documents matched, {self.documents_created} created)"
        )

    def skipped_by_reason(self) -> list[tuple[str, int]]:
        """``(reason, count)`` of the skipped items, most frequent first."""
        counts: dict[str, int] = {}
        for r in self.skipped:
            counts[r.reason] = counts.get(r.reason, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


class _DryRun(Exception):
    pass


class AnnotationImportService:
    """Import annotation files into one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def import_file(
        self,
        path: str | os.PathLike[str],
        format_name: str | None = None,
        *,
        create_documents: bool = False,
        dry_run: bool = False,
    ) -> AnnotationImportReport:
        """Import the annotations of ``path`` (a file, or a folder for brat/XMI).

        ``format_name`` None guesses from the suffix and content
        (:func:`pibdesk.export.registry.guess`). ``dry_run`` computes the report and
        rolls back. Raises :class:`pibdesk.export.base.FormatError` (nothing imported)
        when the file cannot be read as that format.
        """
        p = Path(path)
        fmt = registry.get(format_name) if format_name else registry.guess(p)
        docs = fmt.read(p)
        report = AnnotationImportReport(source=str(p), format=fmt.name, dry_run=dry_run)
        try:
            with self.db.session() as s:
                self._import(s, docs, report, create_documents)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        return report

    # ------------------------------------------------------------------------- inner
    def _import(
        self, s: Any, docs: list[ImportedDocument], report: AnnotationImportReport, create: bool
    ) -> None:
        labels = label_names(s)
        entities = _Entities(s, report)
        spacing = _SpacingIndex()
        for doc in docs:
            report.refused.extend(doc.refused)
            report.skipped.extend(doc.skipped)
            pk = self._match(s, doc)
            if pk is None and doc.rebuilt_text and doc.text is not None:
                pk = self._match_spacing(s, doc, spacing)
            if pk is None and create and doc.text is not None and "\r" in doc.text:
                report.refused.append(
                    Refusal(
                        doc.source,
                        "document not created: its text has CR line ends "
                        "(pibdesk stores LF only, and the offsets count the CRs)",
                    )
                )
                continue
            bad = _control_in_document(doc) if pk is None and create else None
            if bad is not None:
                report.refused.append(Refusal(doc.source, f"document not created: {bad}"))
                continue
            if pk is None and create and doc.text is not None and not _worth_creating(doc):
                if doc.spans or doc.refused:
                    report.refused.append(
                        Refusal(
                            doc.source,
                            "document not created: none of its annotations can be imported",
                        )
                    )
                else:  # only tokens, sentences, metadata: nothing was meant to be imported
                    report.skipped.append(
                        Refusal(
                            doc.source,
                            "document not created: it holds no annotations, only structure "
                            "or metadata",
                        )
                    )
                continue
            if pk is None and create and doc.text is not None:
                pk = ReleaseRepository(s).add(_parsed(doc)).id
                spacing.add(pk, doc.text)
                report.documents_created += 1
            elif pk is None:
                why = "unknown release"
                if doc.release_id is not None:
                    why += f" (Release ID {doc.release_id} is not in the corpus"
                    why += ", nor its text)" if doc.text is not None else ")"
                elif doc.text is not None:
                    why += " (its text is not in the corpus; import as new documents to add it)"
                else:
                    why += " (the file names no release pibdesk holds)"
                for sp in doc.spans:
                    report.refused.append(Refusal(sp.where, why))
                if not doc.spans and not doc.refused and not doc.skipped:
                    report.refused.append(Refusal(doc.source, why))
                continue
            else:
                report.documents_matched += 1
            text, has_text = release_text(s, pk)
            stored = stored_spans(s, pk)
            for sp in doc.spans:
                problem = (
                    _check(sp, text, has_text, doc.text)
                    or _control_in_span(sp)
                    or _fragments_problem(sp, text)
                )
                if problem:
                    report.refused.append(Refusal(sp.where, problem))
                    continue
                key = (sp.start, sp.end, sp.label, sp.fragments)
                same = stored.setdefault(key, [])
                if any(_duplicate(sp, old, entities.find) for old in same):
                    report.merged += 1
                    continue
                if sp.label not in labels:
                    add_label(s, sp.label, _PALETTE[len(report.labels_created) % len(_PALETTE)])
                    labels.add(sp.label)
                    report.labels_created.append(sp.label)
                ids = {
                    role: entities.get(getattr(sp, role)) for role in ("entity", "speaker", "topic")
                }
                insert_annotation(
                    s,
                    pk,
                    text,
                    start=sp.start,
                    end=sp.end,
                    label=sp.label,
                    author=sp.author,
                    origin=sp.origin,
                    created_at=sp.created_at,
                    updated_at=sp.updated_at,
                    entity_id=ids["entity"],
                    speaker_id=ids["speaker"],
                    statement_kind=sp.statement_kind,
                    topic_id=ids["topic"],
                    note=sp.note,
                    needs_review=sp.needs_review,
                    fragments=sp.fragments,
                )
                same.append(
                    StoredSpan(
                        sp.author,
                        ids["entity"],
                        ids["speaker"],
                        ids["topic"],
                        sp.statement_kind,
                        sp.note,
                    )
                )
                report.added += 1

    @staticmethod
    def _match_spacing(s: Any, doc: ImportedDocument, index: _SpacingIndex) -> int | None:
        """Match a document whose text was rebuilt from tokens onto the release with the
        same non-space characters, and map its spans onto that release's text (in place).

        A span maps from its first to its last non-space character; the file's
        quote is then the release text there. Returns the release key or None.
        """
        assert doc.text is not None
        squeezed = "".join(doc.text.split())
        if not squeezed:
            return None
        pk = index.find(s, squeezed)
        if pk is None:
            return None
        text, _ = release_text(s, pk)
        doc_pos = [i for i, ch in enumerate(doc.text) if not ch.isspace()]
        rel_pos = [i for i, ch in enumerate(text) if not ch.isspace()]
        mapped = []
        for sp in doc.spans:
            ks, ke = bisect_left(doc_pos, sp.start), bisect_left(doc_pos, sp.end)
            if not (0 <= sp.start < sp.end <= len(doc.text)) or ke <= ks:
                mapped.append(sp)  # refused later with the usual reason
                continue
            start, end = rel_pos[ks], rel_pos[ke - 1] + 1
            mapped.append(replace(sp, start=start, end=end, quote=text[start:end]))
        doc.spans = mapped
        doc.text = text
        return pk

    @staticmethod
    def _match(s: Any, doc: ImportedDocument) -> int | None:
        repo = ReleaseRepository(s)
        if doc.release_id is not None:
            pk = repo.find_pk(doc.release_id)
            if pk is not None:
                return pk
        hashes = []
        if doc.text is not None:
            hashes.append(text_hash(doc.text))
        if doc.text_hash:
            hashes.append(doc.text_hash)
        for h in hashes:
            pk = release_pk_by_hash(s, h)
            if pk is not None:
                return pk
        return None


class _SpacingIndex:
    """Which release has a given text once its whitespace is removed, for one import.

    Built on first use by one streamed pass over the release texts
    (:func:`iter_release_texts`), keeping only a digest per text, so an import of many
    token-rebuilt documents reads the corpus once (it read every text for every such
    document, all held in memory at once) and memory holds digests, not texts.
    The lowest key wins when two releases squeeze to the same text.
    """

    def __init__(self) -> None:
        self._by_digest: dict[bytes, int] | None = None

    @staticmethod
    def _digest(squeezed: str) -> bytes:
        return hashlib.blake2b(squeezed.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def find(self, s: Any, squeezed: str) -> int | None:
        """The key of the (lowest-keyed) release whose squeezed text is ``squeezed``."""
        if self._by_digest is None:
            self._by_digest = {}
            for pk, text in iter_release_texts(s):
                self._by_digest.setdefault(self._digest("".join(text.split())), pk)
        return self._by_digest.get(self._digest(squeezed))

    def add(self, pk: int, text: str) -> None:
        """A release created during this import (found by later documents)."""
        if self._by_digest is not None:
            self._by_digest.setdefault(self._digest("".join(text.split())), pk)


class _Entities:
    """Entity ids of the refs an import names, looked up once (kind, name) each."""

    def __init__(self, s: Any, report: AnnotationImportReport) -> None:
        self.s, self.report = s, report
        self.ids: dict[tuple[EntityKind, str], int | None] = {}

    def find(self, ref: EntityRef) -> int | None:
        """The id of the entity ``ref`` names, or None if there is none yet."""
        key = (ref.kind, ref.name)
        if key not in self.ids:
            self.ids[key] = find_entity(self.s, ref.kind, ref.name)
        return self.ids[key]

    def get(self, ref: EntityRef | None) -> int | None:
        """The id of the entity ``ref`` names, created (and reported) if missing."""
        if ref is None:
            return None
        found = self.find(ref)
        if found is None:
            found, created = find_or_create_entity(self.s, ref.kind, ref.name, ref.wikidata_qid)
            self.ids[(ref.kind, ref.name)] = found
            if created:
                self.report.entities_created.append(f"{ref.kind.value}: {ref.name}")
        return found


def _carried(sp: ImportedSpan) -> frozenset[str]:
    """The fields of :data:`COMPARED_FIELDS` a span states: those its format states even
    when empty (``ImportedSpan.carries``) and those set on it."""
    return (sp.carries & COMPARED_FIELDS) | frozenset(
        f
        for f in COMPARED_FIELDS
        if (getattr(sp, f) if f == "author" else getattr(sp, f) is not None)
    )


def _duplicate(sp: ImportedSpan, old: StoredSpan, find: Callable[[EntityRef], int | None]) -> bool:
    """True when ``old`` (same release, span and label) equals ``sp`` in every field the
    file states for it: author, entity/speaker/topic (the entity the name resolves to;
    a name with no entity yet matches nothing), statement kind and note (empty = none)."""
    for f in _carried(sp):
        if f == "author":
            same = old.author == sp.author
        elif f == "note":
            same = (old.note or None) == (sp.note or None)
        elif f == "statement_kind":
            same = old.statement_kind == sp.statement_kind
        else:
            ref: EntityRef | None = getattr(sp, f)
            stored_id = getattr(old, f"{f}_id")
            same = (
                stored_id is None
                if ref is None
                else stored_id is not None and find(ref) == stored_id
            )
        if not same:
            return False
    return True


def _check(sp: ImportedSpan, text: str, has_text: bool, doc_text: str | None) -> str | None:
    """Why a span cannot go onto ``text`` (None if it can)."""
    if not has_text:
        return "the release has no text yet"
    if not (0 <= sp.start < sp.end <= len(text)):
        return f"offsets {sp.start}-{sp.end} are empty or outside the text ({len(text)} characters)"
    quote = sp.quote
    if quote is None and doc_text is not None:
        if sp.end > len(doc_text):
            return f"offsets {sp.start}-{sp.end} are outside the file's text"
        quote = doc_text[sp.start : sp.end]
    got = text[sp.start : sp.end]
    if quote is not None and quote != got:
        return f"offsets {sp.start}-{sp.end} do not match the text: file says {quote[:40]!r}, text has {got[:40]!r}"
    return None


def _fragments_problem(sp: ImportedSpan, text: str) -> str | None:
    """Why a discontinuous span's fragments cannot be stored over ``text`` (None if they
    can, or it has none): :func:`pibdesk.core.fragments.check_fragments`, and
    ``start``/``end`` must be their covering span."""
    if not sp.fragments:
        return None
    try:
        check_fragments(text, sp.fragments)
    except SpanError as e:
        return f"discontinuous span {list(sp.fragments)}: {e}"
    if (sp.fragments[0][0], sp.fragments[-1][1]) != (sp.start, sp.end):
        return f"span {sp.start}-{sp.end} is not the covering span of its fragments"
    return None


def _worth_creating(doc: ImportedDocument) -> bool:
    """A new document is created for a file document with at least one span that fits its
    own text, or with no annotations at all (an empty document, as doccano keeps it; not a
    file of only tokens, sentences or metadata)."""
    assert doc.text is not None
    if not doc.spans:
        return not doc.refused and not doc.skipped
    return any(
        _check(sp, doc.text, True, doc.text) is None and _control_in_span(sp) is None
        for sp in doc.spans
    )


def control_character(value: str) -> str | None:
    """Where ``value`` holds a refused C0 control character (see the module doc):
    ``"U+0000 at character 12"`` (code points from 0), or None when it holds none."""
    m = _CONTROL.search(value)
    return f"U+{ord(m.group()):04X} at character {m.start()}" if m else None


def _control_in_span(sp: ImportedSpan) -> str | None:
    """Why a span is refused for a control character in a field it would store, or None."""
    fields: list[tuple[str, str | None]] = [
        ("label", sp.label),
        ("author", sp.author),
        ("note", sp.note),
    ]
    fields += [
        (f"{role} name", ref.name if ref is not None else None)
        for role, ref in (("entity", sp.entity), ("speaker", sp.speaker), ("topic", sp.topic))
    ]
    for what, value in fields:
        where = control_character(value) if value else None
        if where:
            return f"its {what} holds a control character ({where}); pibdesk stores none"
    return None


def _control_in_document(doc: ImportedDocument) -> str | None:
    """Why a new document cannot be made for a control character in its text or in the
    metadata it would store (title, ministry, ...), or None."""
    if doc.text is None:
        return None
    parsed = _parsed(doc)
    fields = [
        ("text", parsed.text),
        ("title", parsed.title),
        *((k, getattr(parsed, k)) for k in ("ministry", "bureau", "language", "sign_off")),
        ("source", parsed.source),
        *(("subtitle", v) for v in parsed.subtitles),
        *(("translation label", t.label) for t in parsed.translations),
    ]
    for what, value in fields:
        where = control_character(value) if isinstance(value, str) else None
        if where:
            return f"its {what} holds a control character ({where}); pibdesk stores none"
    return None


def _parsed(doc: ImportedDocument) -> ParsedRelease:
    """A new release built from an imported document's own text and metadata."""
    m = doc.metadata
    assert doc.text is not None
    posted = m.get("posted_at")
    posted_at = None
    if isinstance(posted, str) and posted:
        try:
            dt = datetime.fromisoformat(posted)
            posted_at = dt if dt.tzinfo else None
        except ValueError:
            posted_at = None
    translations = tuple(
        Translation(t.get("language"), str(t.get("label", "")), t.get("release_id"))
        for t in (m.get("translations") or [])  # type: ignore[attr-defined]
        if isinstance(t, dict)
    )
    first_line = doc.text.strip().split("\n", 1)[0][:200] if doc.text.strip() else ""
    vc = m.get("visitor_count")

    def opt(key: str) -> str | None:
        v = m.get(key)
        return str(v) if v is not None else None

    return ParsedRelease(
        title=doc.title or first_line or Path(doc.source).name,
        text=doc.text,
        release_id=doc.release_id,
        ministry=opt("ministry"),
        subtitles=tuple(str(x) for x in (m.get("subtitles") or [])),  # type: ignore[attr-defined]
        posted_at=posted_at,
        bureau=opt("bureau"),
        language=opt("language"),
        visitor_count=vc if isinstance(vc, int) else None,
        translations=translations,
        sign_off=opt("sign_off"),
        source=str(m.get("source") or doc.source),
    )
