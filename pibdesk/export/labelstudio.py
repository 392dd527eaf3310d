"""Label Studio task JSON (https://labelstud.io/guide/export#Label-Studio-JSON-format-of-annotated-tasks).

A JSON list of tasks ``{"id", "data": {"text", "release_id", "title", ...},
"annotations": [{"result": [...]}]}``; each annotation becomes a ``labels`` region
``{"id": "pibdesk-<id>", "from_name": "label", "to_name": "text", "type": "labels",
"value": {"start", "end", "text", "labels": [LABEL]}, "meta": {...}}``.

pibdesk's details go where Label Studio keeps them:

- the note in the region's ``meta.text`` (``["note"]``: Label Studio's own region note);
- entity, statement kind, topic, origin and review flag in the same ``meta`` object, in
  the shape of :mod:`pibdesk.export.extras` (Label Studio's editor keeps ``meta`` as a
  free-form object and writes it back: ``NormalizationMixin.meta`` is
  ``types.frozen({})`` in ``web/libs/editor/src/mixins/Normalization``);
- a statement's speaker as a ``relation`` result ``{"from_id": <statement region>,
  "to_id": <Person region>, "type": "relation", "direction": "right", "labels":
  ["speaker"]}`` when a span linked to the speaker's entity is exported from the same
  release, else as ``meta.speaker``.

:func:`label_config` gives the matching labeling config; :func:`write` saves it as
``<stem>.label_config.xml`` beside the JSON (listed in ``ExportResult.companions``).

Offset unit: **Unicode code points**, end-exclusive; ``value.text`` is the covered text.
Current Label Studio counts code points: its editor's ``DomManager`` splits each text
node with ``[...text]`` (one array item per code point) and global offsets count those
items (``web/libs/editor/src/tags/object/RichText/domManager.ts`` and ``domManager.md``:
in ``"🐱 means cat"`` the word ``cat`` is at ``[8, 11]``); HumanSignal/label-studio
PR #1559 ("store code points instead of js length") was folded into label-studio-frontend
PR #308 ("text with emoji breaks region offsets"); label-studio-converter slices
``value.start``/``end`` as Python ``str`` indices (``create_tokens_and_tags``). Label
Studio of 2021 counted UTF-16 code units (JavaScript string length: issues #1008,
#1347), so :func:`read` takes whichever of the two readings makes ``value.text`` match
the task text.

Reading accepts one task object or a list of tasks, ``annotations`` and
``predictions`` (imported with origin ``suggested`` unless ``meta.origin`` says
otherwise); ``relation`` results labelled ``speaker`` set the speaker; other region
types (choices, text areas, other relations) are refused with a reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from pibdesk.core.model import IST, EntityKind, Origin
from pibdesk.core.offsets import Utf16Index
from pibdesk.export.base import (
    EntityRef,
    ExportDocument,
    ExportResult,
    FormatError,
    ImportedDocument,
    ImportedSpan,
    Refusal,
)
from pibdesk.export.extras import annotation_extras, span_fields

NAME = "labelstudio"
OFFSET_UNIT = "Unicode code points, end-exclusive (UTF-16 code units also read)"
FROM_NAME = "label"
TO_NAME = "text"
#: The relation label that ties a Statement region to its speaker's region.
SPEAKER = "speaker"
#: Suffix of the labeling config written beside the JSON.
CONFIG_SUFFIX = ".label_config.xml"


def label_config(labels: Iterable[str], relations: Iterable[str] = (SPEAKER,)) -> str:
    """The Label Studio labeling config (XML) for these label and relation names.

    ``<Labels name="label" toName="text">`` over ``<Text name="text" value="$text"/>``
    (the ``from_name``/``to_name`` the task JSON uses), plus ``<Relations>`` naming the
    relation labels (https://labelstud.io/tags/relations).
    """
    items = "\n".join(f"    <Label value={quoteattr(lab)}/>" for lab in labels)
    rels = "\n".join(f"    <Relation value={quoteattr(r)}/>" for r in relations)
    return (
        "<View>\n"
        + (f"  <Relations>\n{rels}\n  </Relations>\n" if rels else "")
        + f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">\n{items}\n  </Labels>\n'
        f'  <Text name="{TO_NAME}" value="${TO_NAME}"/>\n'
        "</View>\n"
    )


def config_path(target: str | Path) -> Path:
    """Where the labeling config of an export to ``target`` goes: ``<stem>.label_config.xml``."""
    t = Path(target)
    return t.with_name(t.stem + CONFIG_SUFFIX)


def _region_id(a_id: int | None) -> str:
    return f"pibdesk-{a_id}"


def task_json(d: ExportDocument, task_id: int) -> dict[str, Any]:
    """The Label Studio task of one release (offsets in code points, see the module doc)."""
    r = d.release
    # the region a speaker relation points to: the first exported span linked to the entity
    by_entity: dict[int, int | None] = {}
    for a in sorted(d.annotations, key=lambda a: (a.start, a.end, a.id or 0)):
        if a.entity_id is not None:
            by_entity.setdefault(a.entity_id, a.id)
    results: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    for a in d.annotations:
        target = by_entity.get(a.speaker_id) if a.speaker_id is not None else None
        relate = target is not None and target != a.id
        meta = annotation_extras(a, d, speaker=not relate, note=False)
        if a.note:
            meta["text"] = [a.note]
        results.append(
            {
                "id": _region_id(a.id),
                "from_name": FROM_NAME,
                "to_name": TO_NAME,
                "type": "labels",
                "origin": "manual" if a.origin.value == "manual" else "prediction",
                "value": {"start": a.start, "end": a.end, "text": a.text, "labels": [a.label]},
                "meta": meta,
            }
        )
        if relate:
            relations.append(
                {
                    "from_id": _region_id(a.id),
                    "to_id": _region_id(target),
                    "type": "relation",
                    "direction": "right",
                    "labels": [SPEAKER],
                }
            )
    results += relations
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
    """Write a JSON list of tasks to ``path``, one task per release, and the labeling
    config listing every exported label to ``<stem>.label_config.xml`` beside
    ``result.path`` (written as ``.part``; the export service renames it with the JSON)."""
    labels: set[str] = set()
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write("[\n")
        for i, d in enumerate(docs, 1):
            if i > 1:
                out.write(",\n")
            out.write(json.dumps(task_json(d, i), ensure_ascii=False))
            labels.update(a.label for a in d.annotations)
            result.releases += 1
            result.annotations += len(d.annotations)
        out.write("\n]\n")
    result.files = 1
    config = config_path(result.path)
    part = config.with_name(config.name + ".part")
    part.write_text(label_config(sorted(labels)), encoding="utf-8", newline="\n")
    result.companions.append(str(config))
    result.files += 1


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


def _offsets(
    text: str, idx: Utf16Index, s: int, e: int, quote: str | None
) -> tuple[int, int] | str:
    """Code-point ``(start, end)`` of region offsets ``s``-``e``, or a refusal reason.

    Tries code points (current Label Studio), then UTF-16 code units (2021 versions), and
    takes the first reading whose covered text equals ``quote``; without a quote, or when
    neither matches (the importer then refuses it naming both texts), code points.
    """
    readings: list[tuple[int, int]] = []
    if 0 <= s <= e <= len(text):
        readings.append((s, e))
    try:
        cs, ce = idx.to_codepoint(s), idx.to_codepoint(e)
        if idx.to_utf16(cs) == s and idx.to_utf16(ce) == e and (cs, ce) not in readings:
            readings.append((cs, ce))
    except ValueError:
        pass
    if not readings:
        return f"offsets {s}-{e} lie outside the text ({len(text)} code points)"
    if quote is not None:
        for cs, ce in readings:
            if text[cs:ce] == quote:
                return cs, ce
    return readings[0]


def _speaker_of(region: ImportedSpan) -> EntityRef:
    """The speaker a relation to ``region`` names: its linked entity, else a Person
    named by its text (a relation drawn in Label Studio to an unlinked span)."""
    if region.entity is not None:
        return region.entity
    return EntityRef(kind=EntityKind.PERSON, name=region.quote or "")


def _group(
    doc: ImportedDocument,
    idx: Utf16Index,
    where0: str,
    origin: Origin,
    author: str,
    results: list[Any],
) -> None:
    assert doc.text is not None
    spans: list[tuple[str | None, ImportedSpan]] = []  # (region id, span)
    relations: list[tuple[str, dict[str, Any]]] = []
    for k, res in enumerate(results):
        where = f"{where0} result[{k}]"
        if not isinstance(res, dict):
            doc.refused.append(Refusal(where, "not an object"))
            continue
        rtype = str(res.get("type", "")).lower()
        if rtype == "relation":
            relations.append((where, res))
            continue
        if rtype != "labels":
            doc.refused.append(
                Refusal(where, f"region type {rtype!r}: pibdesk imports text labels only")
            )
            continue
        v = res.get("value") or {}
        s, e, labels = v.get("start"), v.get("end"), v.get("labels")
        if not isinstance(s, int) or not isinstance(e, int) or isinstance(s, bool):
            doc.refused.append(
                Refusal(
                    where,
                    f"offsets {s!r}-{e!r} are not integers (rich-text regions are not supported)",
                )
            )
            continue
        if not isinstance(labels, list) or not labels:
            doc.refused.append(Refusal(where, "region has no labels"))
            continue
        quote = v.get("text") if isinstance(v.get("text"), str) else None
        got = _offsets(doc.text, idx, s, e, quote)
        if isinstance(got, str):
            doc.refused.append(Refusal(where, got))
            continue
        meta = res.get("meta")
        meta = meta if isinstance(meta, dict) else {}
        try:
            fields = span_fields({k: v for k, v in meta.items() if k != "text"}, where + " meta")
        except ValueError as err:
            doc.refused.append(Refusal(where, str(err)))
            continue
        if isinstance(meta.get("text"), list) and meta["text"]:
            fields["note"] = "\n".join(str(x) for x in meta["text"])
        fields.setdefault("origin", origin)
        rid = res.get("id") if isinstance(res.get("id"), str) else None
        for lab in labels:
            sp = ImportedSpan(
                start=got[0],
                end=got[1],
                label=str(lab),
                where=where,
                quote=quote,
                author=author,
                **fields,
            )
            spans.append((rid, sp))
    by_id = {rid: sp for rid, sp in spans if rid is not None}
    speakers: dict[str, EntityRef] = {}
    for where, rel in relations:
        labs = rel.get("labels") or []
        if not isinstance(labs, list) or SPEAKER not in [str(x).lower() for x in labs]:
            doc.refused.append(
                Refusal(where, f"relation labelled {labs!r}: pibdesk imports 'speaker' only")
            )
            continue
        f, t = rel.get("from_id"), rel.get("to_id")
        if f not in by_id or t not in by_id:
            doc.refused.append(
                Refusal(where, f"speaker relation {f!r} -> {t!r} names a region not imported")
            )
            continue
        speakers[str(f)] = _speaker_of(by_id[str(t)])
    for rid, sp in spans:
        if rid is not None and rid in speakers:
            sp = replace(sp, speaker=speakers[rid])
        doc.spans.append(sp)


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
        _group(doc, idx, where0, origin, author, results)
    return doc


def read(path: Path) -> list[ImportedDocument]:
    """Read a Label Studio JSON export (a task or a list of tasks).

    Raises :class:`FormatError` naming the file when it is not JSON.
    """
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
