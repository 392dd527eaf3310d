"""Independent annotation and curation (the INCEpTION model): pure rules, no Qt, no SQL.

A release in **independent** review mode is annotated by two or more editors who each see
only their own layer (their annotations, ``Annotation.layer == ""`` and ``author`` =
them). A reviewer then builds the **curated** layer (``layer ==`` :data:`CURATED`) from
them. In **shared** mode (the default) everyone sees every editor's annotations, as
before.

The curation view lists *candidates*: every distinct annotation any editor made,
compared by :class:`Candidate` (span, label and links: entity, speaker, topic and
statement kind; two Statements with the same span but different speakers are different
candidates). Candidates whose spans overlap (transitively) form one *group*, shown
together so the editors' versions line up by span. A candidate every editor made (two
editors or more) is **agreed**; any other is a **disagreement** the reviewer accepts
into the curated layer, rejects, or edits (accepts changed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pibdesk.core.fragments import parts
from pibdesk.core.model import Annotation, StatementKind

#: ``Annotation.layer`` of the curated (final) layer; an editor's own layer is ``""``.
CURATED = "curated"


class ReviewMode(StrEnum):
    """How a release is annotated: together (shared) or by editors apart (independent)."""

    SHARED = "shared"
    INDEPENDENT = "independent"


class ReviewState(StrEnum):
    """Where an independent release stands: editors annotating, a reviewer curating, or
    curated (the final layer is complete)."""

    ANNOTATING = "annotating"
    CURATING = "curating"
    CURATED = "curated"


class Status(StrEnum):
    """A curation row's agreement: every editor made it, only some did, or it exists in
    the curated layer only (the reviewer added or edited it)."""

    AGREED = "agreed"
    DISAGREED = "disagreed"
    FINAL_ONLY = "final-only"


class Decision(StrEnum):
    """What the reviewer did with a candidate: nothing yet, took it into the curated layer,
    or rejected it (``replaced``: rejected because an edited version was taken instead)."""

    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    REPLACED = "replaced"


@dataclass(frozen=True, order=True)
class Candidate:
    """What two annotations must share to be "the same" in curation: span (code points,
    end-exclusive), label and links (ids of the mention's entity, a Statement's speaker
    and topic, the statement kind) and, for a discontinuous span, its fragments."""

    start: int
    end: int
    label: str
    entity_id: int | None = None
    speaker_id: int | None = None
    topic_id: int | None = None
    statement_kind: StatementKind | None = None
    fragments: tuple[tuple[int, int], ...] = ()

    @property
    def key(self) -> str:
        """A stable text key (stored with a rejection): ``start:end:label:e:s:t:kind``,
        plus ``:s-e;s-e`` for a discontinuous span (continuous keys are as before)."""
        parts = (self.entity_id, self.speaker_id, self.topic_id, self.statement_kind)
        tail = ":".join("" if v is None else str(v) for v in parts)
        key = f"{self.start}:{self.end}:{self.label}:{tail}"
        if self.fragments:
            key += ":" + ";".join(f"{s}-{e}" for s, e in self.fragments)
        return key

    @property
    def span(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)


def candidate_of(ann: Annotation) -> Candidate:
    """The comparison key of an annotation."""
    return Candidate(
        ann.start,
        ann.end,
        ann.label,
        ann.entity_id,
        ann.speaker_id,
        ann.topic_id,
        ann.statement_kind,
        ann.fragments,
    )


@dataclass(frozen=True)
class CurationRow:
    """One candidate in the curation view.

    ``group`` numbers the overlap group (0, 1, ... in text order); ``editors`` who made it
    (``by_editor`` maps each to their annotation); ``curated`` the curated annotation with
    this candidate, if any; ``decision`` the reviewer's (accepted when ``curated``).
    """

    candidate: Candidate
    text: str
    group: int
    status: Status
    decision: Decision
    editors: tuple[str, ...]
    by_editor: Mapping[str, Annotation]
    curated: Annotation | None = None

    @property
    def is_open(self) -> bool:
        return self.decision is Decision.OPEN


def align(
    layers: Mapping[str, Sequence[Annotation]],
    curated: Sequence[Annotation] = (),
    decisions: Mapping[str, Decision] | None = None,
) -> list[CurationRow]:
    """The curation rows of one release, in text order ``(start, end, label, links)``.

    ``layers``: editor -> their annotations; ``curated``: the curated layer;
    ``decisions``: candidate key -> stored rejection (:data:`Decision.REJECTED` or
    ``REPLACED``). A candidate in the curated layer is accepted whatever is stored.
    """
    decisions = decisions or {}
    editors = sorted(layers)
    seen: dict[Candidate, dict[str, Annotation]] = {}
    texts: dict[Candidate, str] = {}
    for editor in editors:
        for a in layers[editor]:
            c = candidate_of(a)
            seen.setdefault(c, {}).setdefault(editor, a)
            texts.setdefault(c, a.text)
    final: dict[Candidate, Annotation] = {}
    for a in curated:
        c = candidate_of(a)
        final.setdefault(c, a)
        texts.setdefault(c, a.text)
    everyone = sorted(set(seen) | set(final))
    groups = _groups(everyone)
    rows = []
    for c in everyone:
        who = seen.get(c, {})
        if not who:
            status = Status.FINAL_ONLY
        elif len(editors) >= 2 and len(who) == len(editors):
            status = Status.AGREED
        else:
            status = Status.DISAGREED
        if c in final:
            decision = Decision.ACCEPTED
        else:
            decision = decisions.get(c.key, Decision.OPEN)
        rows.append(
            CurationRow(
                candidate=c,
                text=texts[c],
                group=groups[c],
                status=status,
                decision=decision,
                editors=tuple(sorted(who)),
                by_editor=dict(who),
                curated=final.get(c),
            )
        )
    return rows


def _groups(candidates: Iterable[Candidate]) -> dict[Candidate, int]:
    """Overlap groups: sorted by start, a candidate joins the current group when it
    starts before the group's furthest end."""
    out: dict[Candidate, int] = {}
    group, reach = -1, -1
    for c in sorted(candidates):
        if c.start >= reach:
            group += 1
            reach = c.end
        else:
            reach = max(reach, c.end)
        out[c] = group
    return out


def spans_of(anns: Iterable[Annotation]) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of annotations (what :mod:`pibdesk.core.agreement` takes);
    a discontinuous span gives one per fragment, so the code points between its pieces
    count as not annotated (span F1 then compares pieces)."""
    return [(s, e, a.label) for a in anns for s, e in parts(a.start, a.end, a.fragments)]
