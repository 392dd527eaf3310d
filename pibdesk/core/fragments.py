"""Discontinuous spans: one annotation made of several fragments (brat, UIMA).

An :class:`~pibdesk.core.model.Annotation` whose ``fragments`` is empty covers
``start..end`` continuously. With fragments it covers exactly those
``((start, end), ...)`` pairs (code points, end-exclusive), at least two, sorted, each
acceptable on its own (:func:`pibdesk.core.span_edit.check_bounds`) and separated by
text that is not only white space (pieces with only spaces or line breaks between them
are one piece); ``start``/``end`` are then the first fragment's start and the last
one's end (the covering span, whose text is the stored quote ``text``, used for
re-anchoring and for formats that hold one span only).

brat writes fragments as ``T1<TAB>Person 0 5;10 15<TAB>text`` (the text field joins
the fragments' texts with a space, https://brat.nlplab.org/standoff.html,
"discontinuous text-bound annotations"); the W3C Web Annotation model holds them as one
target per fragment (https://www.w3.org/TR/annotation-model/#sets-of-bodies-and-targets);
UIMA XMI as the ``fragments`` feature of pibdesk's span type.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from pibdesk.core.errors import SpanError

Fragments = tuple[tuple[int, int], ...]


def parts(start: int, end: int, fragments: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """The pieces an annotation covers: its fragments, else ``[(start, end)]``."""
    return [(int(s), int(e)) for s, e in fragments] if fragments else [(start, end)]


def normalize(pieces: Iterable[tuple[int, int]]) -> Fragments:
    """``pieces`` sorted, with overlapping or touching ones joined; ``()`` when that
    leaves one piece (a continuous span needs no fragments)."""
    out: list[list[int]] = []
    for s, e in sorted((int(s), int(e)) for s, e in pieces):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out) if len(out) > 1 else ()


def check_fragments(text: str, fragments: Sequence[tuple[int, int]]) -> None:
    """Raise :class:`SpanError` unless ``fragments`` is ``()`` or a valid set (module doc).

    Each fragment is checked like a span (:func:`pibdesk.core.span_edit.check_bounds`:
    not empty, not white space only, on grapheme boundaries, no white space at its edges);
    the set must be sorted, non-overlapping and have a gap between neighbours."""
    from pibdesk.core.span_edit import check_bounds

    if not fragments:
        return
    if len(fragments) < 2:
        raise SpanError("a discontinuous span needs at least two fragments")
    prev_end = -1
    for s, e in fragments:
        try:
            check_bounds(text, s, e)
        except SpanError as err:
            raise SpanError(f"fragment {s}-{e}: {err}") from None
        if s <= prev_end:
            raise SpanError(
                f"fragment {s}-{e} overlaps or touches the one before (ending at {prev_end})"
            )
        if prev_end >= 0 and not text[prev_end:s].strip():
            raise SpanError(
                f"fragment {s}-{e} has only white space before it: with the one before it "
                "is one piece"
            )
        prev_end = e


def add_fragment(
    text: str, start: int, end: int, fragments: Sequence[tuple[int, int]], new: tuple[int, int]
) -> Fragments:
    """The fragments after adding ``new`` to a span (``start..end`` with ``fragments``).

    ``new`` is checked like a span; one that overlaps or touches a piece joins it.
    Raises :class:`SpanError` if ``new`` is not acceptable or adds nothing (it lies
    inside the pieces already)."""
    from pibdesk.core.span_edit import check_bounds

    check_bounds(text, *new)
    old = parts(start, end, fragments)
    if any(s <= new[0] and new[1] <= e for s, e in old):
        raise SpanError(f"{new[0]}-{new[1]} is part of the annotation already")
    out = normalize([*old, new])
    joined: list[tuple[int, int]] = []
    for s, e in out:  # only white space between two pieces: they are one piece
        if joined and not text[joined[-1][1] : s].strip():
            joined[-1] = (joined[-1][0], e)
        else:
            joined.append((s, e))
    out = tuple(joined) if len(joined) > 1 else ()
    if out:
        check_fragments(text, out)
    return out


def covering(fragments: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """``(first start, last end)`` of non-empty sorted ``fragments``."""
    return fragments[0][0], fragments[-1][1]


def fragment_text(text: str, start: int, end: int, fragments: Sequence[tuple[int, int]]) -> str:
    """What the annotation covers, its pieces joined by one space (brat's text field)."""
    return " ".join(text[s:e] for s, e in parts(start, end, fragments))


def encode(fragments: Sequence[tuple[int, int]]) -> str | None:
    """The stored form (``annotation.fragments``): JSON ``[[s, e], ...]``, None if ``()``."""
    return json.dumps([[int(s), int(e)] for s, e in fragments]) if fragments else None


def decode(stored: str | None) -> Fragments:
    """The inverse of :func:`encode`; raises ``ValueError`` on a malformed value."""
    if not stored:
        return ()
    data = json.loads(stored)
    if not isinstance(data, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, int) for x in p) for p in data
    ):
        raise ValueError(f"annotation fragments {stored!r} are not [[start, end], ...]")
    return tuple((p[0], p[1]) for p in data)


def move_edge(
    text: str, fragments: Sequence[tuple[int, int]], start: int, end: int
) -> Fragments:
    """The fragments of a discontinuous span whose covering span moves to
    ``start..end``: the first fragment's start and the last one's end follow. Raises
    :class:`SpanError` if that would swallow or empty a fragment (remove a fragment by
    undoing its addition, or moving it out is not a boundary move)."""
    if not fragments:
        return ()
    frs = [list(f) for f in fragments]
    frs[0][0], frs[-1][1] = start, end
    out = tuple((s, e) for s, e in frs)
    if any(s >= e for s, e in out) or any(out[i][1] >= out[i + 1][0] for i in range(len(out) - 1)):
        raise SpanError("the move would swallow a fragment of this discontinuous span")
    check_fragments(text, out)
    return out
