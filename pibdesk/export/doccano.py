"""doccano sequence-labelling JSONL (https://doccano.github.io/doccano/tutorial/#import-dataset).

One JSON object per line: ``{"id", "text", "label": [[start, end, "LABEL"], ...],
"meta": {...}, "pibdesk": {...}}``. ``id`` is the PRID (or ``doc<pk>``); ``meta`` holds
release metadata (``release_id``, ``title``, ``ministry``, ``posted_at``,
``text_hash``).

``label`` triples are what a doccano *Sequence Labeling* project imports by default
(``DEFAULT_LABEL_COLUMN = "label"``, ``SpanLabel.parse`` takes ``[start, end,
label]``; backend/data_import). doccano's relation shape (``entities`` with ids plus
``relations``) is imported only by *Relation Extraction* projects, so pibdesk does not
write it (it still reads it). Every other top-level key of a line is stored as the
example's ``meta`` and written back as top-level keys by doccano's export
(``ExportedExample.to_dict``: ``{"id", "text", **meta}``), so pibdesk's details travel
in ``pibdesk``: ``{"format": "pibdesk-doccano/1", "annotations": [{"start", "end",
"label", ...}]}`` with one entry per annotation holding the
:mod:`pibdesk.export.extras` object (entity, speaker, statement kind, topic, note,
origin, review flag). Entries are matched back to ``label`` triples by ``(start, end,
label)``, so triples reordered or deleted in doccano keep the right details.

Offset unit: Unicode code points, end-exclusive (doccano counts Python ``str``
characters; its backend is Python).

Reading also accepts the shapes older doccano versions wrote: ``labels`` instead of
``label``, ``entities: [{"start_offset", "end_offset", "label"}]`` (doccano >= 1.6
export), and ``annotations: [{"label", "start_offset", "end_offset", "user"}]``
(doccano 1.x multi-user; integer label ids have no names in the file and are refused);
``relations`` labelled ``speaker`` between ``entities`` set the speaker.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from pibdesk.core.model import IST, EntityKind
from pibdesk.export.base import (
    EntityRef,
    ExportDocument,
    ExportResult,
    ImportedDocument,
    ImportedSpan,
    Refusal,
    iter_json_lines,
)
from pibdesk.export.extras import annotation_extras, span_fields

NAME = "doccano"
OFFSET_UNIT = "Unicode code points, end-exclusive"
#: The top-level key holding pibdesk's per-annotation details, and its format tag.
EXTRA_KEY = "pibdesk"
EXTRA_FORMAT = "pibdesk-doccano/1"


def document_json(d: ExportDocument) -> dict[str, Any]:
    """The doccano JSON object of one release (see the module docstring)."""
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
        EXTRA_KEY: {
            "format": EXTRA_FORMAT,
            "annotations": [
                {"start": a.start, "end": a.end, "label": a.label, **annotation_extras(a, d)}
                for a in d.annotations
            ],
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


def _details(obj: dict[str, Any], where: str, doc: ImportedDocument) -> dict[Any, list[Any]]:
    """pibdesk's details of this line by ``(start, end, label)``, in file order."""
    extra = obj.get(EXTRA_KEY)
    out: dict[Any, list[Any]] = {}
    if extra is None:
        return out
    anns = extra.get("annotations") if isinstance(extra, dict) else None
    if not isinstance(anns, list):
        doc.refused.append(Refusal(f"{where} {EXTRA_KEY}", "no annotations list; details ignored"))
        return out
    for e in anns:
        if isinstance(e, dict):
            out.setdefault((e.get("start"), e.get("end"), e.get("label")), []).append(e)
    return out


def _triples(obj: dict[str, Any], where: str, doc: ImportedDocument) -> None:
    # (start, end, label, where, doccano entity id)
    items: list[tuple[Any, Any, Any, str, Any]] = []
    for key in ("label", "labels"):
        val = obj.get(key)
        if isinstance(val, list):
            for i, t in enumerate(val):
                w = f"{where} {key}[{i}]"
                if isinstance(t, list) and len(t) == 3:
                    items.append((t[0], t[1], t[2], w, None))
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
                ident = e.get("id") if key == "entities" else None
                items.append((e.get("start_offset"), e.get("end_offset"), e.get("label"), w, ident))
    details = _details(obj, where, doc)
    by_id: dict[Any, ImportedSpan] = {}
    spans: list[tuple[Any, ImportedSpan]] = []
    for start, end, label, w, ident in items:
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
        queue = details.get((start, end, label))
        try:
            fields = span_fields(queue.pop(0), f"{w} ({EXTRA_KEY})") if queue else {}
        except ValueError as err:
            doc.refused.append(Refusal(w, str(err)))
            continue
        sp = ImportedSpan(start=start, end=end, label=label, where=w, **fields)
        spans.append((ident, sp))
        if ident is not None:
            by_id[ident] = sp
    speakers = _speaker_relations(obj, where, doc, by_id)
    for ident, sp in spans:
        if ident is not None and ident in speakers and sp.speaker is None:
            sp = replace(sp, speaker=speakers[ident])
        doc.spans.append(sp)


def _speaker_relations(
    obj: dict[str, Any], where: str, doc: ImportedDocument, by_id: dict[Any, ImportedSpan]
) -> dict[Any, EntityRef]:
    """Speakers set by doccano ``relations`` of type ``speaker`` (from statement to the
    speaker's span); other relation types are refused with a reason."""
    out: dict[Any, EntityRef] = {}
    rels = obj.get("relations")
    if not isinstance(rels, list):
        return out
    for i, r in enumerate(rels):
        w = f"{where} relations[{i}]"
        if not isinstance(r, dict) or str(r.get("type", "")).lower() != "speaker":
            kind = r.get("type") if isinstance(r, dict) else r
            doc.refused.append(Refusal(w, f"relation {kind!r}: pibdesk imports 'speaker' only"))
            continue
        f, t = r.get("from_id"), r.get("to_id")
        if f not in by_id or t not in by_id:
            doc.refused.append(Refusal(w, f"speaker relation {f!r} -> {t!r} names no entity"))
            continue
        target = by_id[t]
        text = doc.text or ""
        out[f] = target.entity or EntityRef(EntityKind.PERSON, text[target.start : target.end])
    return out


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
