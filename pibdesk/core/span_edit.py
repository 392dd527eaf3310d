"""Correcting an existing annotation: its label, and where its span starts and ends.

Pure rules (no Qt, no SQL), used by :class:`pibdesk.services.annotations.AnnotationService`
and the window.

**Label change** (:func:`relabel_changes`): the annotation keeps its id, span, quote,
note, author, origin and times; the links follow these rules:

* ``entity_id`` (the registry entity a Person or Topic span names) is kept only when the
  new label takes an entity of the same kind (a Person a person, a Topic a topic), so a
  Person -> Topic change drops the person; any other label drops it.
* ``speaker_id``, ``statement_kind`` and ``topic_id`` belong to a Statement: leaving the
  Statement label drops all three (Statement -> Person drops speaker and kind).
* Nothing is invented: a span that becomes a Statement has no speaker or kind until the
  editor gives them (the window offers the speaker prompt, as after marking).

**Boundaries** (offsets in code points, end-exclusive): a span always starts and ends on
an extended grapheme cluster boundary (UAX #29, as :mod:`pibdesk.core.selection`
creates them) and neither starts nor ends with white space.
:func:`step_edge` moves one end by one grapheme (the keyboard); :func:`drag_edge` puts
one end where the mouse is (a handle dragged past the other end pivots around it, like a
text selection around its anchor); :func:`check_bounds` says why a span is not
acceptable. Each raises :class:`~pibdesk.core.errors.SpanError` with a message an
editor can read; nothing is clipped silently.
"""

from __future__ import annotations

from typing import Literal

import regex

from pibdesk.core.errors import SpanError
from pibdesk.core.model import Annotation, EntityKind
from pibdesk.core.selection import cluster_bounds

PERSON, STATEMENT, TOPIC = "Person", "Statement", "Topic"

#: The entity kind a label's ``entity_id`` points at (labels not listed take none).
ENTITY_KIND_OF_LABEL: dict[str, EntityKind] = {
    PERSON: EntityKind.PERSON,
    TOPIC: EntityKind.TOPIC,
}
#: Fields only a Statement has.
STATEMENT_FIELDS = ("speaker_id", "statement_kind", "topic_id")

Edge = Literal["start", "end"]

_CLUSTER = regex.compile(r"\X", regex.UNICODE)


def relabel_changes(
    ann: Annotation, label: str, entity_kind: EntityKind | None
) -> dict[str, object]:
    """The field changes that turn ``ann`` into a ``label`` annotation (module rules).

    ``entity_kind`` is the kind of ``ann.entity_id``'s entity (None if it has none or it
    is unknown). Returns ``{"label": label, ...}`` plus every link that must be cleared
    (only fields whose value changes). Raises :class:`SpanError` if ``ann`` already has
    ``label``.
    """
    if label == ann.label:
        raise SpanError(f"annotation {ann.id} is already a {label}")
    changes: dict[str, object] = {"label": label}
    if ann.entity_id is not None and (
        entity_kind is None or ENTITY_KIND_OF_LABEL.get(label) != entity_kind
    ):
        changes["entity_id"] = None
    if label != STATEMENT:
        for f in STATEMENT_FIELDS:
            if getattr(ann, f) is not None:
                changes[f] = None
    return changes


def next_boundary(text: str, pos: int) -> int:
    """The grapheme boundary after ``pos`` (``len(text)`` at the end)."""
    if pos >= len(text):
        return len(text)
    m = _CLUSTER.match(text, pos)
    return m.end() if m else pos + 1


def prev_boundary(text: str, pos: int) -> int:
    """The grapheme boundary before ``pos`` (0 at the start)."""
    if pos <= 0:
        return 0
    lo = max(0, pos - 32)
    lo, _ = cluster_bounds(text, lo, lo)
    last = lo
    for m in _CLUSTER.finditer(text, lo, pos):
        if m.end() >= pos:
            return m.start()
        last = m.end()
    return last


def check_bounds(text: str, start: int, end: int) -> None:
    """Raise :class:`SpanError` unless ``start..end`` is an acceptable span of ``text``.

    Refused: a reversed or out-of-range span; an empty one ("would be empty"); one of
    white space only; one that starts or ends inside a grapheme cluster (half an emoji,
    a consonant without its vowel sign) or with white space.
    """
    if not (0 <= start <= len(text) and 0 <= end <= len(text)):
        raise SpanError(f"span {start}-{end} is outside the text (0-{len(text)} code points)")
    if start > end:
        raise SpanError(f"span {start}-{end} is reversed")
    if start == end:
        raise SpanError("the span would be empty")
    if not text[start:end].strip():
        raise SpanError("the span would hold only white space")
    if cluster_bounds(text, start, end) != (start, end):
        raise SpanError(f"span {start}-{end} would cut a character in half")
    if text[start].isspace() or text[end - 1].isspace():
        raise SpanError(f"span {start}-{end} would start or end with white space")


def step_edge(text: str, start: int, end: int, edge: Edge, direction: int) -> tuple[int, int]:
    """Move ``edge`` of span ``start..end`` one grapheme left (``direction=-1``) or right
    (``+1``), skipping over white space so the span never starts or ends with it (the
    end moving right past "Shah" onto " met" takes "Shah m").

    Returns the new ``(start, end)``. Raises :class:`SpanError` if the span would become
    empty (an end moved onto the other) or the edge is already at the text's edge.
    """
    if direction not in (-1, 1):
        raise ValueError(f"direction must be -1 or +1, not {direction!r}")
    step = next_boundary if direction > 0 else prev_boundary
    pos = start if edge == "start" else end
    limit = len(text) if direction > 0 else 0
    if pos == limit:
        raise SpanError(f"the {edge} is already at the {'end' if direction > 0 else 'start'} of the text")
    pos = step(text, pos)
    if edge == "end":
        # the character before the end must not be white space
        while direction > 0 and pos < len(text) and text[pos - 1].isspace():
            pos = step(text, pos)
        while direction < 0 and pos > start and text[pos - 1].isspace():
            pos = step(text, pos)
        new = (start, pos)
    else:
        # the character at the start must not be white space
        while direction > 0 and pos < end and text[pos].isspace():
            pos = step(text, pos)
        while direction < 0 and pos > 0 and text[pos].isspace():
            pos = step(text, pos)
        new = (pos, end)
    check_bounds(text, *new)
    return new


def drag_edge(text: str, start: int, end: int, edge: Edge, pos: int) -> tuple[int, int]:
    """The span after ``edge`` of ``start..end`` was dragged to code-point gap ``pos``.

    The other end stays (dragged past it, the span pivots around it, as a text selection
    does around its anchor); ``pos`` is widened to the grapheme boundary around it and
    white space at the moved end is trimmed. Raises :class:`SpanError` if nothing but
    white space (or nothing) would be left: "would be empty" / "only white space".
    """
    pos = max(0, min(len(text), pos))
    anchor = end if edge == "start" else start
    a, b = sorted((pos, anchor))
    a, b = cluster_bounds(text, a, b)
    if a == b:
        raise SpanError("the span would be empty")
    if not text[a:b].strip():
        raise SpanError("the span would hold only white space")
    while text[a].isspace():
        a += 1
    while text[b - 1].isspace():
        b -= 1
    check_bounds(text, a, b)
    return a, b
