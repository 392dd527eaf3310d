"""W3C Web Annotation JSON-LD (https://www.w3.org/TR/annotation-model/).

The file is one ``AnnotationCollection`` whose ``first`` page holds every annotation
(``items``). Each annotation targets its release (``source``: the PIB page
``https://pib.gov.in/PressReleasePage.aspx?PRID=<id>``, or ``urn:sha256:<text hash>``
for a release without a Release ID) through two selectors of the same span:
``TextPositionSelector`` (``start``/``end``) and ``TextQuoteSelector`` (``exact``,
``prefix``, ``suffix``). Bodies: the label (``purpose: tagging``), the note
(``commenting``) and the linked entity (``identifying``, value = entity name). pibdesk
fields with no W3C term (statement speaker, kind and topic, origin, entity kinds) use
the ``pibdesk:`` prefix declared in the ``@context``.

Offset unit: Unicode code points, end-exclusive (the model counts characters,
https://www.w3.org/TR/annotation-model/#text-position-selector).

W3C annotations point at documents and do not carry their text, so this export holds
annotations only (a release without annotations has nothing to write), and its import
matches releases already in the corpus.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pibdesk.core.fragments import normalize
from pibdesk.core.model import Annotation, Entity, EntityKind, Origin, Release, StatementKind
from pibdesk.core.text import quote_of
from pibdesk.export.base import (
    COMPARED_FIELDS,
    EntityRef,
    ExportDocument,
    ExportResult,
    FormatError,
    ImportedDocument,
    ImportedSpan,
    Refusal,
)

NAME = "w3c"
OFFSET_UNIT = "Unicode code points, end-exclusive"
#: Discontinuous spans keep their fragments (pibdesk.export.registry.AnnotationFormat).
HOLDS_FRAGMENTS = True

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
PIBDESK_NS = "urn:pibdesk:vocab#"
CONTEXT: list[Any] = [ANNO_CONTEXT, {"pibdesk": PIBDESK_NS}]
PIB_PAGE = "https://pib.gov.in/PressReleasePage.aspx?PRID={}"
_PRID = re.compile(r"[?&]PRID=(\d+)", re.I)
_HASH = re.compile(r"^urn:sha256:([0-9a-f]{64})$")


def source_uri(r: Release) -> str:
    """The target ``source`` of a release: its PIB page, or ``urn:sha256:<hash>``."""
    if r.release_id is not None:
        return PIB_PAGE.format(r.release_id)
    return f"urn:sha256:{r.text_hash}"


def _ent(e: Entity | None) -> dict[str, str] | None:
    return {"kind": e.kind.value, "name": e.name} if e is not None else None


def _target(d: ExportDocument, start: int, end: int, exact: str, prefix: str, suffix: str) -> dict[str, Any]:
    return {
        "source": source_uri(d.release),
        "pibdesk:textHash": d.release.text_hash,
        "selector": [
            {"type": "TextPositionSelector", "start": start, "end": end},
            {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix},
        ],
    }


def _targets(d: ExportDocument, a: Annotation) -> dict[str, Any] | list[dict[str, Any]]:
    """One target; for a discontinuous span one per fragment, in text order (the model's
    multiple targets, https://www.w3.org/TR/annotation-model/#sets-of-bodies-and-targets)."""
    if not a.fragments:
        return _target(d, a.start, a.end, a.text, a.prefix, a.suffix)
    text = d.release.text
    return [
        _target(d, s, e, text[s:e], *quote_of(text, s, e)[::2]) for s, e in a.fragments
    ]


def annotation_json(d: ExportDocument, a: Annotation) -> dict[str, Any]:
    """The W3C annotation of one pibdesk annotation (with its own ``@context``)."""
    r = d.release
    body: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "tagging", "value": a.label}]
    ent = d.entity(a.entity_id)
    if ent is not None:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "identifying",
                "value": ent.name,
                "pibdesk:entityKind": ent.kind.value,
            }
        )
    if a.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": a.note})
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"urn:pibdesk:annotation:{r.release_id or 'doc' + str(r.id)}:{a.id}",
        "type": "Annotation",
        "motivation": "identifying" if ent is not None else "tagging",
        "body": body,
        "target": _targets(d, a),
        "pibdesk:origin": a.origin.value,
    }
    if a.created_at:
        out["created"] = a.created_at.isoformat()
    if a.updated_at:
        out["modified"] = a.updated_at.isoformat()
    if a.author:
        out["creator"] = {"type": "Person", "name": a.author}
    if a.speaker_id is not None and d.entity(a.speaker_id):
        out["pibdesk:speaker"] = _ent(d.entity(a.speaker_id))
    if a.topic_id is not None and d.entity(a.topic_id):
        out["pibdesk:topic"] = _ent(d.entity(a.topic_id))
    if a.statement_kind:
        out["pibdesk:statementKind"] = a.statement_kind.value
    if a.needs_review:
        out["pibdesk:needsReview"] = True
    return out


def write(docs: Iterable[ExportDocument], path: Path, result: ExportResult) -> None:
    """Write an AnnotationCollection with every annotation of ``docs`` to ``path``."""
    items: list[dict[str, Any]] = []
    for d in docs:
        items.extend(annotation_json(d, a) for a in d.annotations)
        result.releases += 1
        result.annotations += len(d.annotations)
    coll = {
        "@context": CONTEXT,
        "id": "urn:pibdesk:collection:" + quote(Path(result.path).name),
        "type": "AnnotationCollection",
        "label": "pibdesk annotations",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    with path.open("w", encoding="utf-8", newline="\n") as out:
        json.dump(coll, out, ensure_ascii=False, indent=1)
        out.write("\n")
    result.files = 1


# ----------------------------------------------------------------------------- import
def _as_list(v: Any) -> list[Any]:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def _items(obj: Any) -> list[Any]:
    if isinstance(obj, list):
        return obj
    if not isinstance(obj, dict):
        return []
    types = _as_list(obj.get("type"))
    if "AnnotationCollection" in types:
        first = obj.get("first")
        out: list[Any] = []
        while isinstance(first, dict):
            out.extend(_as_list(first.get("items")))
            first = first.get("next") if isinstance(first.get("next"), dict) else None
        return out + _as_list(obj.get("items"))
    if "AnnotationPage" in types:
        return _as_list(obj.get("items"))
    return [obj]


def _dt(v: Any) -> datetime | None:
    if not isinstance(v, str):
        return None
    try:
        dt = datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else None


def _ref(v: Any, default: EntityKind) -> EntityRef | None:
    if isinstance(v, dict) and isinstance(v.get("name"), str) and v["name"]:
        try:
            kind = EntityKind(v.get("kind") or default.value)
        except ValueError:
            kind = default
        return EntityRef(kind, v["name"])
    return None


def read(path: Path) -> list[ImportedDocument]:
    """Read annotations (a collection, page, list or one annotation) grouped by target."""
    try:
        obj = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as e:
        raise FormatError(f"{path}: not JSON ({e.msg} at line {e.lineno})") from e
    docs: dict[tuple[int | None, str | None, str], ImportedDocument] = {}
    loose = ImportedDocument(source=path.name, text=None)
    for i, a in enumerate(_items(obj)):
        where = f"{path.name} item {i + 1}"
        if isinstance(a, dict) and isinstance(a.get("id"), str):
            where += f" ({a['id']})"
        if not isinstance(a, dict) or "Annotation" not in _as_list(a.get("type")):
            loose.refused.append(Refusal(where, "not an Annotation"))
            continue
        targets = [t for t in _as_list(a.get("target")) if isinstance(t, dict)]
        if not targets:
            loose.refused.append(Refusal(where, "no target with a source and selectors"))
            continue
        t = targets[0]
        src = str(t.get("source", ""))
        pieces = []  # every target on the same source: the fragments of one span
        for other in targets:
            if str(other.get("source", "")) != src:
                continue
            for sel in _as_list(other.get("selector")):
                if (
                    isinstance(sel, dict)
                    and sel.get("type") == "TextPositionSelector"
                    and type(sel.get("start")) is int
                    and type(sel.get("end")) is int
                ):
                    pieces.append((sel["start"], sel["end"]))
                    break
        m = _PRID.search(src)
        h = _HASH.match(src)
        rid = int(m[1]) if m else None
        th = h[1] if h else t.get("pibdesk:textHash")
        pos = quote = None
        for sel in _as_list(t.get("selector")):
            if not isinstance(sel, dict):
                continue
            if sel.get("type") == "TextPositionSelector":
                pos = sel
            elif sel.get("type") == "TextQuoteSelector":
                quote = sel
        label = None
        entity = None
        note = None
        for b in _as_list(a.get("body")):
            if not isinstance(b, dict):
                continue
            purpose = b.get("purpose")
            if purpose == "tagging" and label is None:
                label = b.get("value")
            elif purpose == "identifying" and isinstance(b.get("value"), str):
                entity = _ref(
                    {"name": b["value"], "kind": b.get("pibdesk:entityKind")}, EntityKind.PERSON
                )
            elif purpose == "commenting" and isinstance(b.get("value"), str):
                note = b["value"]
        if label is None and isinstance(a.get("bodyValue"), str):
            label = a["bodyValue"]
        key = (rid, th if isinstance(th, str) else None, src)
        doc = docs.get(key)
        if doc is None:
            doc = docs[key] = ImportedDocument(
                source=f"{path.name} -> {src}", text=None, release_id=rid, text_hash=key[1]
            )
        if not m and not h and not key[1]:
            doc.refused.append(Refusal(where, f"target {src!r} names no PIB release or text hash"))
            continue
        if (
            pos is None
            or not isinstance(pos.get("start"), int)
            or not isinstance(pos.get("end"), int)
        ):
            doc.refused.append(Refusal(where, "no TextPositionSelector with integer start/end"))
            continue
        if not isinstance(label, str) or not label:
            doc.refused.append(Refusal(where, "no tagging body (label)"))
            continue
        creator = a.get("creator")
        author = ""
        if isinstance(creator, dict):
            author = str(creator.get("name") or creator.get("nickname") or "")
        elif isinstance(creator, str):
            author = creator
        kind = a.get("pibdesk:statementKind")
        try:
            origin = Origin(a.get("pibdesk:origin") or "imported")
            skind = StatementKind(kind) if kind else None
        except ValueError as e:
            doc.refused.append(Refusal(where, str(e)))
            continue
        frs = normalize(pieces) if len(pieces) > 1 else ()
        start, end = pos["start"], pos["end"]
        if len(pieces) > 1:  # the covering span (touching targets join into one span)
            start, end = min(p[0] for p in pieces), max(p[1] for p in pieces)
        doc.spans.append(
            ImportedSpan(
                start=start,
                end=end,
                label=label,
                where=where,
                quote=quote.get("exact") if isinstance(quote, dict) and not frs else None,
                fragments=frs,
                author=author,
                origin=origin,
                created_at=_dt(a.get("created")),
                updated_at=_dt(a.get("modified")),
                entity=entity,
                speaker=_ref(a.get("pibdesk:speaker"), EntityKind.PERSON),
                statement_kind=skind,
                topic=_ref(a.get("pibdesk:topic"), EntityKind.TOPIC),
                note=note,
                needs_review=bool(a.get("pibdesk:needsReview", False)),
                carries=COMPARED_FIELDS,  # no creator/body/pibdesk: term means none
            )
        )
    out = list(docs.values())
    if loose.refused:
        out.append(loose)
    return out
