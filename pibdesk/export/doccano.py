"""doccano sequence-labelling JSONL (https://doccano.github.io/doccano/tutorial/#import-dataset).

One JSON object per line: ``{"text": ..., "label": [[start, end, "LABEL"], ...],
"meta": {...}}``. pibdesk writes ``id`` (the PRID, or ``doc<pk>``) and puts release
metadata in ``meta`` (``release_id``, ``title``, ``ministry``, ``posted_at``,
``text_hash``), which doccano keeps as document metadata.

Offset unit: Unicode code points, end-exclusive (doccano counts Python ``str``
characters; its backend is Python).

Reading also accepts the shapes older doccano versions wrote: ``labels`` instead of
``label``, ``entities: [{"start_offset", "end_offset", "label"}]`` (doccano >= 1.6
export), and ``annotations: [{"label", "start_offset", "end_offset", "user"}]``
(doccano 1.x multi-user; integer label ids have no names in the file and are refused).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pibdesk.core.model import IST
from pibdesk.export.base import (
    ExportDocument,
    ExportResult,
    ImportedDocument,
    ImportedSpan,
    Refusal,
    iter_json_lines,
)

NAME = "doccano"
OFFSET_UNIT = "Unicode code points, end-exclusive"


def document_json(d: ExportDocument) -> dict[str, Any]:
    """The doccano JSON object of one release."""
    r = d.release
    return {
        "id": r.release_id if r.release_id is not None else f"doc{r.id}",
        "text": r.text,
        "label": [[a.start, a.end, a.label] for a in d.annotations],
        "meta": {
            "release_id": r.release_id,
            "title": r.title,
            "ministry": r.ministry,
            "posted_at": r.posted_at.astimezone(IST).isoformat() if r.posted_at else None,
            "text_hash": r.text_hash,
        },
    }


def write(docs: Iterable[ExportDocument], path: Path, result: ExportResult) -> None:
    """Write one doccano JSON line per release to ``path``."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for d in docs:
            out.write(json.dumps(document_json(d), ensure_ascii=False))
            out.write("\n")
            result.releases += 1
            result.annotations += len(d.annotations)
    result.files = 1


def _triples(obj: dict[str, Any], where: str, doc: ImportedDocument) -> None:
    items: list[tuple[Any, Any, Any, str]] = []
    for key in ("label", "labels"):
        val = obj.get(key)
        if isinstance(val, list):
            for i, t in enumerate(val):
                w = f"{where} {key}[{i}]"
                if isinstance(t, list) and len(t) == 3:
                    items.append((t[0], t[1], t[2], w))
                else:
                    doc.refused.append(Refusal(w, f"not a [start, end, label] triple: {t!r}"[:120]))
    for key in ("entities", "annotations"):
        val = obj.get(key)
        if isinstance(val, list):
            for i, e in enumerate(val):
                w = f"{where} {key}[{i}]"
                if not isinstance(e, dict):
                    doc.refused.append(Refusal(w, "not an object"))
                    continue
                if "user" in e:
                    w += f" (user {e['user']})"
                items.append((e.get("start_offset"), e.get("end_offset"), e.get("label"), w))
    for start, end, label, w in items:
        if not isinstance(label, str) or not label:
            if isinstance(label, int):
                reason = f"label id {label} has no name in the file (doccano 1.x export)"
            else:
                reason = f"no label name ({label!r})"
            doc.refused.append(Refusal(w, reason))
            continue
        if not isinstance(start, int) or not isinstance(end, int):
            doc.refused.append(Refusal(w, f"offsets {start!r}-{end!r} are not integers"))
            continue
        doc.spans.append(ImportedSpan(start=start, end=end, label=label, where=w))


def read(path: Path) -> list[ImportedDocument]:
    """Read a doccano JSONL file. Raises :class:`FormatError` if a line is not JSON."""
    docs: list[ImportedDocument] = []
    for src, obj in iter_json_lines(path):
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            doc = ImportedDocument(source=src, text=None)
            doc.refused.append(Refusal(src, "line has no text (doccano skips it too)"))
            docs.append(doc)
            continue
        raw_meta = obj.get("meta")
        meta: dict[str, Any] = raw_meta if isinstance(raw_meta, dict) else {}
        rid = meta.get("release_id")
        doc = ImportedDocument(
            source=src,
            text=obj["text"],
            release_id=rid if isinstance(rid, int) else None,
            text_hash=meta.get("text_hash") if isinstance(meta.get("text_hash"), str) else None,
            title=meta.get("title") if isinstance(meta.get("title"), str) else None,
            metadata={k: meta[k] for k in ("ministry", "posted_at") if k in meta},
        )
        _triples(obj, src, doc)
        docs.append(doc)
    return docs
