"""Annotation history entries (Qt- and SQL-free): what changed, who, when.

An entry is one row of the append-only ``annotation_history`` table (migration 0009),
written in the same transaction as the change it describes. ``before``/``after`` are
snapshots of the annotation's fields as JSON-safe dicts (:func:`snapshot`), ``None`` for
the side that does not exist: a create has no ``before``, a delete no ``after``.
Snapshots written by bulk paths (re-anchoring after a text revision, an entity merge)
hold only the fields they change.

Actions (``HistoryEntry.action``): ``create``, ``accept`` (a suggestion accepted),
``import``, ``edit``, ``relabel``, ``move``, ``note``, ``delete``, ``restore``, ``undo``,
``redo``, ``fragment`` (a piece added to a discontinuous span), ``merge`` / ``unmerge`` (an entity merge re-pointed the link), ``reanchor``
(a text revision moved the span), ``curate``. The vocabulary follows INCEpTION's
annotation history ("created", "updated", "deleted"), split finer where an editor
reading it needs to know why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pibdesk.core.model import IST, Annotation

#: The fields a full snapshot holds, in display order (``id`` and ``release_pk`` are on
#: the entry itself).
SNAPSHOT_FIELDS = (
    "label",
    "start",
    "end",
    "text",
    "prefix",
    "suffix",
    "author",
    "origin",
    "created_at",
    "updated_at",
    "entity_id",
    "speaker_id",
    "statement_kind",
    "topic_id",
    "note",
    "needs_review",
    "row_version",
    "layer",
    "fragments",
)
#: Fields that change on every write and so say nothing of *what* changed.
BOOKKEEPING = frozenset({"updated_at", "row_version", "prefix", "suffix"})


def snapshot(ann: Annotation) -> dict[str, Any]:
    """The fields of ``ann`` as a JSON-safe dict: enums as their values, datetimes as
    ISO-8601 UTC strings (``2026-12-06T03:41:00+00:00``), offsets as code points."""
    out: dict[str, Any] = {}
    for f in SNAPSHOT_FIELDS:
        v = getattr(ann, f)
        if isinstance(v, datetime):
            v = v.isoformat()
        elif isinstance(v, tuple):
            v = [list(p) for p in v]
        elif hasattr(v, "value"):
            v = v.value
        out[f] = v
    return out


@dataclass(frozen=True)
class HistoryEntry:
    """One change of one annotation. ``at`` is timezone-aware UTC."""

    id: int
    annotation_id: int
    release_pk: int
    action: str
    actor: str
    at: datetime
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def changes(self, *, bookkeeping: bool = False) -> list[tuple[str, Any, Any]]:
        """``(field, before, after)`` for every field whose value differs, in
        :data:`SNAPSHOT_FIELDS` order. For a create every field of ``after`` is listed
        against ``None``, for a delete every field of ``before`` against ``None``.
        ``bookkeeping=False`` leaves out :data:`BOOKKEEPING` fields."""
        b, a = self.before or {}, self.after or {}
        keys = [k for k in SNAPSHOT_FIELDS if k in b or k in a]
        keys += sorted((set(b) | set(a)) - set(SNAPSHOT_FIELDS))
        out = []
        for k in keys:
            if not bookkeeping and k in BOOKKEEPING:
                continue
            if self.before is not None and self.after is not None and (k not in b or k not in a):
                continue  # a partial snapshot: nothing known of the other side
            if b.get(k) != a.get(k):
                out.append((k, b.get(k), a.get(k)))
        return out

    def summary(self, width: int = 40) -> str:
        """One line for a person: ``relabel: label Person → Topic`` or
        ``create: Person 'Shri Rajnath Singh' 120–138``. Long values are cut to
        ``width`` characters."""

        def short(v: Any) -> str:
            s = "∅" if v is None or v == "" else str(v)
            s = " ".join(s.split())
            return s if len(s) <= width else s[: width - 1] + "…"

        if self.before is None or self.after is None:
            side = self.after if self.after is not None else self.before or {}
            what = f"{side.get('label', '?')} '{short(side.get('text'))}'"
            if "start" in side:
                what += f" {side['start']}–{side['end']}"
            return f"{self.action}: {what}"
        parts = []
        for k, b, a in self.changes():
            if k in ("start", "end"):
                continue
            parts.append(f"{k} {short(b)} → {short(a)}")
        if self.before.get("start") != self.after.get("start") or self.before.get(
            "end"
        ) != self.after.get("end"):
            parts.insert(
                0,
                f"span {self.before.get('start')}–{self.before.get('end')} → "
                f"{self.after.get('start')}–{self.after.get('end')}",
            )
        return f"{self.action}: " + ("; ".join(parts) if parts else "no visible change")

    def as_json(self) -> dict[str, Any]:
        """The entry for ``pibdesk history --json``: ``at`` in UTC and in IST
        (ISO-8601), the snapshots as stored."""
        return {
            "id": self.id,
            "annotation_id": self.annotation_id,
            "release_pk": self.release_pk,
            "action": self.action,
            "actor": self.actor,
            "at": self.at.isoformat(),
            "at_ist": self.at.astimezone(IST).isoformat(),
            "before": self.before,
            "after": self.after,
        }
