"""Turning a raw mouse/keyboard selection into a clean annotation span.

Rules (all offsets in code points, end-exclusive):

1. The span is widened to extended grapheme cluster boundaries (Unicode UAX #29,
   https://unicode.org/reports/tr29/, via the ``regex`` module's ``\\X``), so it never
   splits a surrogate pair, an emoji sequence, or a Devanagari consonant from its vowel
   sign or virama.
2. Whitespace at either end is trimmed.
3. What is left must be non-empty, else :class:`~pibdesk.core.errors.SpanError`.
"""

from __future__ import annotations

import regex

from pibdesk.core.errors import SpanError

_CLUSTER = regex.compile(r"\X", regex.UNICODE)


def cluster_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``start``/``end`` to the grapheme-cluster boundaries around them."""
    lo = max(0, start - 16)
    hi = min(len(text), end + 16)
    new_start, new_end = start, end
    for m in _CLUSTER.finditer(text, lo, hi):
        s, e = m.span()
        if s < start < e:
            new_start = s
        if s < end < e:
            new_end = e
    return new_start, new_end


def snap_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The clean span for a raw selection ``start..end`` of ``text``.

    Accepts a reversed selection. Raises :class:`SpanError` if nothing but whitespace
    (or nothing at all) is selected.
    """
    if start > end:
        start, end = end, start
    start = max(0, min(start, len(text)))
    end = max(0, min(end, len(text)))
    start, end = cluster_bounds(text, start, end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        raise SpanError("empty selection: select some words first")
    return start, end


def word_at(text: str, pos: int) -> tuple[int, int] | None:
    """The word (``regex`` ``\\w`` run incl. combining marks) around ``pos``, or None."""
    for m in regex.finditer(r"[\w\p{M}]+", text[max(0, pos - 200) : pos + 200]):
        s = m.start() + max(0, pos - 200)
        e = m.end() + max(0, pos - 200)
        if s <= pos < e or (pos == e and pos > s):
            return s, e
    return None
