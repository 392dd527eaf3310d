"""pibdesk's per-annotation details carried in other tools' extension points.

doccano JSONL and Label Studio JSON have no fields for entity links, statement speakers
and kinds, topics, review flags or pibdesk origins. Both keep objects they do not
understand: Label Studio a region's ``meta`` (a free-form object its editor keeps and
writes back, next to the note in ``meta.text``), doccano any extra top-level key of a
JSONL line (stored as the example's ``meta`` and written back as top-level keys by its
export). :mod:`pibdesk.export.labelstudio` and :mod:`pibdesk.export.doccano` put the
object built here there, and read it back with :func:`span_fields`.

The object (every key optional, absent when unset)::

    {"entity": {"kind": "person", "name": "Narendra Modi", "wikidata_qid": "Q1058"},
     "speaker": {...same shape...}, "topic": {...same shape...},
     "statement_kind": "direct", "note": "...", "origin": "manual",
     "needs_review": true}

``kind`` is an :class:`~pibdesk.core.model.EntityKind` value, ``statement_kind`` a
:class:`~pibdesk.core.model.StatementKind` value, ``origin`` an
:class:`~pibdesk.core.model.Origin` value.
"""

from __future__ import annotations

from typing import Any

from pibdesk.core.model import Annotation, Entity, EntityKind, Origin, StatementKind
from pibdesk.export.base import EntityRef, ExportDocument

#: Keys of the extension object; any of them marks an object pibdesk wrote.
STATED_KEYS = ("entity", "speaker", "topic", "statement_kind", "note", "origin", "needs_review")
#: The :data:`~pibdesk.export.base.COMPARED_FIELDS` such an object states.
STATED = frozenset({"entity", "speaker", "topic", "statement_kind", "note"})


def entity_json(e: Entity) -> dict[str, Any]:
    """``{"kind", "name"[, "wikidata_qid"]}`` of an entity (no database id: entities are
    matched by kind and name on import)."""
    out: dict[str, Any] = {"kind": e.kind.value, "name": e.name}
    if e.wikidata_qid:
        out["wikidata_qid"] = e.wikidata_qid
    return out


def entity_from_json(value: Any, what: str) -> EntityRef:
    """The :class:`EntityRef` of an :func:`entity_json` object.

    Raises ``ValueError`` naming ``what`` when it is not an object with a non-empty
    ``name`` and a known ``kind``.
    """
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"]:
        raise ValueError(f"{what} is not an entity object with a name: {value!r}"[:160])
    try:
        kind = EntityKind(value.get("kind") or "person")
    except ValueError:
        raise ValueError(f"{what}: unknown entity kind {value.get('kind')!r}") from None
    qid = value.get("wikidata_qid")
    return EntityRef(
        kind=kind, name=value["name"], wikidata_qid=qid if isinstance(qid, str) else None
    )


def annotation_extras(
    a: Annotation, d: ExportDocument, *, speaker: bool = True, note: bool = True
) -> dict[str, Any]:
    """The extension object of annotation ``a`` of document ``d`` (see the module docstring).

    ``speaker=False`` leaves the speaker out (Label Studio carries it as a relation when
    the speaker's Person span is exported too); ``note=False`` leaves the note out (Label
    Studio keeps it in ``meta.text``).
    """
    out: dict[str, Any] = {}
    ent = d.entity(a.entity_id)
    if ent is not None:
        out["entity"] = entity_json(ent)
    spk = d.entity(a.speaker_id)
    if speaker and spk is not None:
        out["speaker"] = entity_json(spk)
    if a.statement_kind is not None:
        out["statement_kind"] = a.statement_kind.value
    top = d.entity(a.topic_id)
    if top is not None:
        out["topic"] = entity_json(top)
    if note and a.note:
        out["note"] = a.note
    out["origin"] = a.origin.value
    if a.needs_review:
        out["needs_review"] = True
    return out


def span_fields(obj: Any, where: str) -> dict[str, Any]:
    """Keyword arguments for :class:`~pibdesk.export.base.ImportedSpan` from an extension
    object (``entity``, ``speaker``, ``topic``, ``statement_kind``, ``note``, ``origin``,
    ``needs_review``; only the keys present).

    A non-empty object states entity, speaker, topic, statement kind and note even when
    it leaves them out (pibdesk writes it whole, absent = none): ``carries`` names them,
    so an import tells exact duplicates by them too.

    Raises ``ValueError`` naming ``where`` for a value of the wrong shape, so the importer
    refuses that span with the reason instead of importing it half.
    """
    if obj is None:
        return {}
    if not isinstance(obj, dict):
        raise ValueError(f"{where}: pibdesk details are not an object")
    out: dict[str, Any] = {}
    if any(k in obj for k in STATED_KEYS):
        out["carries"] = STATED
    for role in ("entity", "speaker", "topic"):
        if obj.get(role) is not None:
            out[role] = entity_from_json(obj[role], f"{where} {role}")
    kind = obj.get("statement_kind")
    if kind is not None:
        try:
            out["statement_kind"] = StatementKind(kind)
        except ValueError:
            raise ValueError(f"{where}: unknown statement kind {kind!r}") from None
    if obj.get("note") is not None:
        if not isinstance(obj["note"], str):
            raise ValueError(f"{where}: note is not a string")
        out["note"] = obj["note"]
    origin = obj.get("origin")
    if origin is not None:
        try:
            out["origin"] = Origin(origin)
        except ValueError:
            raise ValueError(f"{where}: unknown origin {origin!r}") from None
    if "needs_review" in obj:
        out["needs_review"] = bool(obj["needs_review"])
    return out
