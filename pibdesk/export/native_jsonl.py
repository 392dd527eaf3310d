"""pibdesk's native JSON Lines export: one JSON object per release.

Each line: ``release_id``, ``title``, ``posted_at`` (ISO 8601 in IST, +05:30),
``text`` and ``annotations`` (``id``, ``start``, ``end``, ``label``, ``text``, ``author``,
``created_at``, ...). Offsets are Unicode code points, end-exclusive, over ``text``, so
``text[start:end] == annotation["text"]`` always.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from pibdesk.core.model import IST, Annotation, Release


def _iso(dt: Any) -> str | None:
    return dt.isoformat() if dt is not None else None


def annotation_to_json(a: Annotation) -> dict[str, Any]:
    """The JSON object of one annotation (lossless: every field of :class:`Annotation`)."""
    return {
        "id": a.id,
        "start": a.start,
        "end": a.end,
        "label": a.label,
        "text": a.text,
        "prefix": a.prefix,
        "suffix": a.suffix,
        "author": a.author,
        "origin": a.origin.value,
        "created_at": _iso(a.created_at),
        "updated_at": _iso(a.updated_at),
        "entity_id": a.entity_id,
        "speaker_id": a.speaker_id,
        "statement_kind": a.statement_kind.value if a.statement_kind else None,
        "topic_id": a.topic_id,
        "note": a.note,
        "needs_review": a.needs_review,
    }


def release_to_json(rel: Release, annotations: Iterable[Annotation]) -> dict[str, Any]:
    """The JSON object of one release with its annotations."""
    return {
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
        "text_hash": rel.text_hash,
        "revision": rel.revision,
        "text": rel.text,
        "annotations": [annotation_to_json(a) for a in annotations],
    }


def write_jsonl(out: IO[str], items: Iterable[tuple[Release, list[Annotation]]]) -> int:
    """Write one line per release; returns the number of annotations written."""
    n = 0
    for rel, anns in items:
        out.write(json.dumps(release_to_json(rel, anns), ensure_ascii=False))
        out.write("\n")
        n += len(anns)
    return n
