"""pibdesk's native JSON Lines export: one JSON object per release (lossless).

Each line: ``format`` (``"pibdesk-jsonl/2"``), ``release_id`` (PRID or null),
``title``, ``ministry``, ``posted_at`` (ISO 8601 in IST, +05:30), ..., ``text_hash``,
``status``, ``text``, ``entities`` and ``annotations``. Each annotation has every field
of :class:`pibdesk.core.model.Annotation`, in its order (``id``, ``release_pk``,
``start``, ``end``, ``label``, ``text``, ``prefix``, ``suffix``, ``author``, ``origin``,
``created_at``, ``updated_at`` (ISO 8601, UTC), ``entity_id``, ``speaker_id``,
``statement_kind``, ``topic_id``, ``note``, ``needs_review``, ``row_version``, ``layer``:
``""`` or ``"curated"``, issue 14; read back as the editor's own layer).
``entities`` maps every id those annotations use (as a string) to ``{"id", "kind",
"name", "wikidata_qid"}``, so entity links survive a move to another database (they
are matched by kind and name there). Version 1 files (entity objects inside each
annotation) are read too.

Offset unit: Unicode code points, end-exclusive, over ``text``, so
``text[start:end] == annotation["text"]`` always. This is the format pibdesk imports
back without loss (:func:`read`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from pibdesk.core.model import (
    IST,
    Annotation,
    Entity,
    EntityKind,
    Origin,
    Release,
    StatementKind,
)
from pibdesk.export.base import (
    COMPARED_FIELDS,
    EntityRef,
    ExportDocument,
    ExportResult,
    FormatError,
    ImportedDocument,
    ImportedSpan,
    Refusal,
    iter_json_lines,
)

NAME = "jsonl"
OFFSET_UNIT = "Unicode code points, end-exclusive"
#: Discontinuous spans keep their fragments (pibdesk.export.registry.AnnotationFormat).
HOLDS_FRAGMENTS = True
FORMAT_TAG = "pibdesk-jsonl/2"
#: Every native line starts its ``format`` value with this; versions read back: 1 and 2.
MARKER_PREFIX = "pibdesk-jsonl/"
READ_VERSIONS = ("1", "2")


def has_marker(obj: object) -> bool:
    """True when ``obj`` (one parsed line) is a JSON object whose ``format`` is a native
    marker ``pibdesk-jsonl/<version>`` (any version)."""
    return (
        isinstance(obj, dict)
        and isinstance(obj.get("format"), str)
        and obj["format"].startswith(MARKER_PREFIX)
    )


def _iso(dt: Any) -> str | None:
    return dt.isoformat() if dt is not None else None


def _entity_json(e: Entity | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {"id": e.id, "kind": e.kind.value, "name": e.name, "wikidata_qid": e.wikidata_qid}


def annotation_to_json(
    a: Annotation, entities: Mapping[int, Entity] | None = None
) -> dict[str, Any]:
    """The JSON object of one annotation: every field of :class:`Annotation`, in order.

    With ``entities`` (id -> :class:`Entity`, version 1 shape), also ``entity``/
    ``speaker``/``topic`` objects naming the linked entities (null when unlinked).
    """
    created, updated, kind = a.created_at, a.updated_at, a.statement_kind
    d: dict[str, Any] = {
        "id": a.id,
        "release_pk": a.release_pk,
        "start": a.start,
        "end": a.end,
        "label": a.label,
        "text": a.text,
        "prefix": a.prefix,
        "suffix": a.suffix,
        "author": a.author,
        "origin": a.origin.value,
        "created_at": created.isoformat() if created is not None else None,
        "updated_at": updated.isoformat() if updated is not None else None,
        "entity_id": a.entity_id,
        "speaker_id": a.speaker_id,
        "statement_kind": kind.value if kind is not None else None,
        "topic_id": a.topic_id,
        "note": a.note,
        "needs_review": a.needs_review,
        "row_version": a.row_version,
        "layer": a.layer,
        "fragments": [list(f) for f in a.fragments],
    }
    if entities is not None:
        d["entity"] = _entity_json(entities.get(a.entity_id)) if a.entity_id is not None else None
        d["speaker"] = (
            _entity_json(entities.get(a.speaker_id)) if a.speaker_id is not None else None
        )
        d["topic"] = _entity_json(entities.get(a.topic_id)) if a.topic_id is not None else None
    return d


def _release_head(rel: Release) -> dict[str, Any]:
    return {
        "format": FORMAT_TAG,
        "release_id": rel.release_id,
        "title": rel.title,
        "ministry": rel.ministry,
        "subtitles": list(rel.subtitles),
        "posted_at": rel.posted_at.astimezone(IST).isoformat() if rel.posted_at else None,
        "bureau": rel.bureau,
        "language": rel.language,
        "visitor_count": rel.visitor_count,
        "sign_off": rel.sign_off,
        "translations": [t.to_json() for t in rel.translations],
        "source": rel.source,
        "status": rel.status.value,
        "text_hash": rel.text_hash,
        "revision": rel.revision,
        "has_text": rel.has_text,
        "text": rel.text,
    }


def _entities_json(entities: Mapping[int, Entity]) -> dict[str, Any]:
    return {str(i): _entity_json(e) for i, e in sorted(entities.items())}


def release_to_json(
    rel: Release, annotations: Iterable[Annotation], entities: Mapping[int, Entity] | None = None
) -> dict[str, Any]:
    """The JSON object of one release with its annotations (see the module docstring):
    exactly the value :func:`write` puts on the release's line."""
    d = _release_head(rel)
    d["entities"] = _entities_json(entities or {})
    d["annotations"] = [annotation_to_json(a) for a in annotations]
    return d


def write_jsonl(out: IO[str], items: Iterable[tuple[Release, list[Annotation]]]) -> int:
    """Write one line per release (no entity objects); returns the number of annotations."""
    n = 0
    for rel, anns in items:
        out.write(json.dumps(release_to_json(rel, anns), ensure_ascii=False))
        out.write("\n")
        n += len(anns)
    return n


def write(docs: Iterable[ExportDocument], path: Path, result: ExportResult) -> None:
    """Write ``docs`` to the file ``path`` (UTF-8, ``\\n`` line ends), one line each.

    Serialised with orjson (https://github.com/ijl/orjson), which writes the
    :class:`Annotation` dataclasses itself (fields in order, enums by value, aware
    datetimes as ISO 8601): the same JSON values as ``json.dumps(release_to_json(...))``
    (``tests/export`` checks it), without spaces after separators, several times faster
    (``benchmarks/bench_export.py``).
    """
    import orjson

    dumps = orjson.dumps
    with path.open("wb") as out:
        for d in docs:
            line = _release_head(d.release)
            line["entities"] = _entities_json(d.entities)
            line["annotations"] = d.annotations
            out.write(dumps(line))
            out.write(b"\n")
            result.releases += 1
            result.annotations += len(d.annotations)
    result.files = 1


# ----------------------------------------------------------------------------- import
def _dt(value: Any, where: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        dt = datetime.fromisoformat(str(value))
    except ValueError as e:
        raise ValueError(f"{where}: bad time {value!r}") from e
    if dt.tzinfo is None:
        raise ValueError(f"{where}: time {value!r} has no UTC offset")
    return dt


def _entity_ref(value: Any) -> EntityRef | None:
    if not isinstance(value, dict) or not value.get("name"):
        return None
    return EntityRef(
        kind=EntityKind(value.get("kind") or "person"),
        name=str(value["name"]),
        wikidata_qid=value.get("wikidata_qid"),
    )


def _linked(a: dict[str, Any], role: str, entities: dict[str, Any]) -> EntityRef | None:
    """The entity of ``role`` (entity/speaker/topic): the version 1 inline object, else
    the release's ``entities`` map entry for ``<role>_id``."""
    if isinstance(a.get(role), dict):
        return _entity_ref(a[role])
    ident = a.get(f"{role}_id")
    return _entity_ref(entities.get(str(ident))) if ident is not None else None


def _span(a: dict[str, Any], where: str, entities: dict[str, Any]) -> ImportedSpan:
    start, end = a.get("start"), a.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
        raise ValueError("start/end must be integers")
    label = a.get("label")
    if not isinstance(label, str) or not label:
        raise ValueError("no label")
    kind = a.get("statement_kind")
    return ImportedSpan(
        start=start,
        end=end,
        label=label,
        where=where,
        quote=a.get("text"),
        author=str(a.get("author") or ""),
        origin=Origin(a.get("origin") or "imported"),
        created_at=_dt(a.get("created_at"), where),
        updated_at=_dt(a.get("updated_at"), where),
        entity=_linked(a, "entity", entities),
        speaker=_linked(a, "speaker", entities),
        statement_kind=StatementKind(kind) if kind else None,
        topic=_linked(a, "topic", entities),
        note=a.get("note"),
        needs_review=bool(a.get("needs_review", False)),
        carries=COMPARED_FIELDS,  # lossless: an absent author or entity means none
        fragments=_fragments(a.get("fragments")),
    )


def _fragments(value: Any) -> tuple[tuple[int, int], ...]:
    """``[[start, end], ...]`` (absent or ``[]``: a continuous span); raises ValueError."""
    if not value:
        return ()
    if not isinstance(value, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(type(x) is int for x in p) for p in value
    ):
        raise ValueError(f"fragments {value!r} are not [[start, end], ...]")
    return tuple((p[0], p[1]) for p in value)


_META_KEYS = (
    "ministry",
    "subtitles",
    "posted_at",
    "bureau",
    "language",
    "visitor_count",
    "sign_off",
    "translations",
    "source",
)


def read(path: Path) -> list[ImportedDocument]:
    """Read a native JSONL file.

    Raises :class:`FormatError` naming the file and line when a line is not JSON, or has
    no native marker (``"format": "pibdesk-jsonl/<version>"``, see :data:`FORMAT_TAG`:
    a doccano or other JSON Lines file read as native would otherwise import nothing
    without saying why), or a version this pibdesk cannot read. A marked line without
    text, and annotations with bad fields, are refused with a reason (not raised), so
    the rest of the file can still be reported.
    """
    docs: list[ImportedDocument] = []
    for src, obj in iter_json_lines(path):
        if not has_marker(obj):
            raise FormatError(
                f"{path}: line {src.rsplit(':', 1)[1]} is not a pibdesk JSON Lines release "
                f'(no "format": "{MARKER_PREFIX}..." marker); '
                "if it is a doccano file, import it as format doccano"
            )
        assert isinstance(obj, dict)
        version = str(obj["format"])[len(MARKER_PREFIX) :]
        if version not in READ_VERSIONS:
            raise FormatError(
                f"{path}: line {src.rsplit(':', 1)[1]} is {obj['format']!r}; this pibdesk "
                f"reads {', '.join(MARKER_PREFIX + v for v in READ_VERSIONS)}"
            )
        if not isinstance(obj.get("text"), str):
            doc = ImportedDocument(source=src, text=None)
            doc.refused.append(Refusal(src, "not a release object (no text)"))
            docs.append(doc)
            continue
        rid = obj.get("release_id")
        doc = ImportedDocument(
            source=src,
            text=obj["text"],
            release_id=rid if isinstance(rid, int) else None,
            text_hash=obj.get("text_hash"),
            title=obj.get("title"),
            metadata={k: obj.get(k) for k in _META_KEYS if k in obj},
        )
        raw_ents = obj.get("entities")
        ents: dict[str, Any] = raw_ents if isinstance(raw_ents, dict) else {}
        for i, a in enumerate(obj.get("annotations") or []):
            where = f"{src} annotation {i + 1}"
            try:
                if not isinstance(a, dict):
                    raise ValueError("not an object")
                doc.spans.append(_span(a, where, ents))
            except ValueError as e:
                doc.refused.append(Refusal(where, str(e)))
        docs.append(doc)
    return docs
