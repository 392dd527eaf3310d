"""Label Studio task JSON (https://labelstud.io/guide/export#Label-Studio-JSON-format-of-annotated-tasks).

A JSON list of tasks ``{"id", "data": {"text", "release_id", "title", ...},
"annotations": [{"result": [...]}]}``; each result is a ``labels`` region
``{"id", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start",
"end", "text", "labels": [LABEL]}}`` (notes in the region's ``meta.text``, as Label
Studio keeps region notes). :func:`label_config` gives the matching labeling config
(``<Labels name="label" toName="text">`` over ``<Text name="text" value="$text"/>``).

Offset unit: **UTF-16 code units** (Label Studio's front end counts JavaScript string
indices), end-exclusive; ``value.text`` is the covered text. Converted with
:class:`pibdesk.core.offsets.Utf16Index`.

Reading accepts one task object or a list of tasks, ``annotations`` and
``predictions`` (imported with origin ``suggested``); regions other than ``labels``
(relations, choices, text areas) are refused with a reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from pibdesk.core.model import IST, Origin
from pibdesk.core.offsets import Utf16Index
from pibdesk.export.base import (
    ExportDocument,
    ExportResult,
    FormatError,
    ImportedDocument,
    ImportedSpan,
    Refusal,
)

NAME = "labelstudio"
OFFSET_UNIT = "UTF-16 code units, end-exclusive"
FROM_NAME = "label"
TO_NAME = "text"


def label_config(labels: Iterable[str]) -> str:
    """The Label Studio labeling config (XML) for these label names."""
    items = "\n".join(f"    <Label value={quoteattr(lab)}/>" for lab in labels)
    return (
        "<View>\n"
        f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">\n{items}\n  </Labels>\n'
        f'  <Text name="{TO_NAME}" value="${TO_NAME}"/>\n'
        "</View>\n"
    )


def task_json(d: ExportDocument, task_id: int) -> dict[str, Any]:
    """The Label Studio task of one release (offsets converted to UTF-16)."""
    r = d.release
    idx = Utf16Index(r.text)
    results = []
    for a in d.annotations:
        region: dict[str, Any] = {
            "id": f"pibdesk-{a.id}",
            "from_name": FROM_NAME,
            "to_name": TO_NAME,
            "type": "labels",
            "origin": "manual" if a.origin.value == "manual" else "prediction",
            "value": {
                "start": idx.to_utf16(a.start),
                "end": idx.to_utf16(a.end),
                "text": a.text,
                "labels": [a.label],
            },
        }
        if a.note:
            region["meta"] = {"text": [a.note]}
        results.append(region)
    return {
        "id": task_id,
        "data": {
            TO_NAME: r.text,
            "release_id": r.release_id,
            "title": r.title,
            "ministry": r.ministry,
            "posted_at": r.posted_at.astimezone(IST).isoformat() if r.posted_at else None,
            "text_hash": r.text_hash,
        },
        "annotations": [{"result": results, "ground_truth": False}] if results else [],
        "predictions": [],
    }


def write(docs: Iterable[ExportDocument], path: Path, result: ExportResult) -> None:
    """Write a JSON list of tasks to ``path``, one task per release."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write("[\n")
        for i, d in enumerate(docs, 1):
            if i > 1:
                out.write(",\n")
            out.write(json.dumps(task_json(d, i), ensure_ascii=False))
            result.releases += 1
            result.annotations += len(d.annotations)
        out.write("\n]\n")
    result.files = 1


# ----------------------------------------------------------------------------- import
def _text_key(data: dict[str, Any], results: list[dict[str, Any]]) -> str | None:
    for r in results:
        key = r.get("to_name")
        if isinstance(key, str) and isinstance(data.get(key), str):
            return key
    if isinstance(data.get("text"), str):
        return "text"
    strings = [k for k, v in data.items() if isinstance(v, str)]
    return strings[0] if len(strings) == 1 else None


def _task(task: dict[str, Any], src: str) -> ImportedDocument:
    data = task.get("data")
    if not isinstance(data, dict):
        doc = ImportedDocument(source=src, text=None)
        doc.refused.append(Refusal(src, "task has no data object"))
        return doc
    groups: list[tuple[str, Origin, str, list[Any]]] = []
    for kind, origin in (("annotations", Origin.IMPORTED), ("predictions", Origin.SUGGESTED)):
        for j, ann in enumerate(task.get(kind) or []):
            if not isinstance(ann, dict):
                continue
            who = ann.get("completed_by")
            author = str(who.get("email", "")) if isinstance(who, dict) else ""
            if ann.get("was_cancelled"):
                groups.append((f"{src} {kind}[{j}]", origin, author, []))
                continue
            groups.append((f"{src} {kind}[{j}]", origin, author, list(ann.get("result") or [])))
    all_results = [r for g in groups for r in g[3] if isinstance(r, dict)]
    key = _text_key(data, all_results)
    rid = data.get("release_id")
    doc = ImportedDocument(
        source=src,
        text=data.get(key) if key else None,
        release_id=rid if isinstance(rid, int) else None,
        text_hash=data.get("text_hash") if isinstance(data.get("text_hash"), str) else None,
        title=data.get("title") if isinstance(data.get("title"), str) else None,
        metadata={k: data[k] for k in ("ministry", "posted_at") if k in data},
    )
    if doc.text is None:
        doc.refused.append(Refusal(src, "no text field found in the task data"))
        return doc
    idx = Utf16Index(doc.text)
    for where0, origin, author, results in groups:
        for k, res in enumerate(results):
            where = f"{where0} result[{k}]"
            if not isinstance(res, dict):
                doc.refused.append(Refusal(where, "not an object"))
                continue
            rtype = str(res.get("type", "")).lower()
            if rtype != "labels":
                doc.refused.append(
                    Refusal(where, f"region type {rtype!r}: pibdesk imports text labels only")
                )
                continue
            v = res.get("value") or {}
            s16, e16, labels = v.get("start"), v.get("end"), v.get("labels")
            if not isinstance(s16, int) or not isinstance(e16, int):
                doc.refused.append(
                    Refusal(
                        where,
                        f"offsets {s16!r}-{e16!r} are not integers (rich-text regions are not supported)",
                    )
                )
                continue
            if not isinstance(labels, list) or not labels:
                doc.refused.append(Refusal(where, "region has no labels"))
                continue
            try:
                start, end = idx.to_codepoint(s16), idx.to_codepoint(e16)
            except ValueError as e:
                doc.refused.append(Refusal(where, f"UTF-16 offsets {s16}-{e16}: {e}"))
                continue
            if idx.to_utf16(start) != s16 or idx.to_utf16(end) != e16:
                doc.refused.append(
                    Refusal(where, f"UTF-16 offsets {s16}-{e16} split a surrogate pair")
                )
                continue
            meta = res.get("meta")
            note = None
            if isinstance(meta, dict) and isinstance(meta.get("text"), list) and meta["text"]:
                note = "\n".join(str(x) for x in meta["text"])
            quote = v.get("text") if isinstance(v.get("text"), str) else None
            for lab in labels:
                doc.spans.append(
                    ImportedSpan(
                        start=start,
                        end=end,
                        label=str(lab),
                        where=where,
                        quote=quote,
                        author=author,
                        origin=origin,
                        note=note,
                    )
                )
    return doc


def read(path: Path) -> list[ImportedDocument]:
    """Read a Label Studio JSON export (a task or a list of tasks)."""
    try:
        obj = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as e:
        raise FormatError(f"{path}: not JSON ({e.msg} at line {e.lineno})") from e
    tasks = obj if isinstance(obj, list) else [obj]
    docs = []
    for i, t in enumerate(tasks):
        src = f"{path.name} task {t.get('id', i + 1) if isinstance(t, dict) else i + 1}"
        if not isinstance(t, dict):
            doc = ImportedDocument(source=src, text=None)
            doc.refused.append(Refusal(src, "not a task object"))
            docs.append(doc)
            continue
        docs.append(_task(t, src))
    return docs
