"""Re-anchoring a span on a revised text by its quote, prefix and suffix.

Strategy (after the W3C TextQuoteSelector, https://www.w3.org/TR/annotation-model/#text-quote-selector,
and Hypothesis's fuzzy anchoring): 1) ``prefix+exact+suffix`` found exactly; 2) ``exact``
found, nearest to the old offset scaled to the new length; 3) fuzzy: the best window
of the new text by rapidfuzz ratio against the exact quote, accepted at score >= 85
and only if the context also matches. Offsets are code points, end-exclusive.
"""

from __future__ import annotations

from rapidfuzz import fuzz

#: Minimum rapidfuzz score (0..100) for a fuzzy placement to be trusted.
FUZZY_MIN_SCORE = 85.0


def _all(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i != -1:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def reanchor(
    old_text: str, new_text: str, start: int, end: int, exact: str, prefix: str, suffix: str
) -> tuple[int, int] | None:
    """Where span ``start..end`` of ``old_text`` (quote ``exact``) lies in ``new_text``.

    Returns ``(start, end)`` in ``new_text`` or ``None`` when no confident placement exists.
    """
    if not exact:
        return None
    hits = _all(new_text, prefix + exact + suffix)
    if len(hits) == 1:
        s = hits[0] + len(prefix)
        return s, s + len(exact)
    scale = len(new_text) / max(1, len(old_text))
    expected = start * scale
    hits = _all(new_text, exact)
    if hits:
        best = min(hits, key=lambda h: abs(h - expected))
        return best, best + len(exact)
    return _fuzzy(new_text, exact, prefix, suffix, expected)


def _fuzzy(
    new_text: str, exact: str, prefix: str, suffix: str, expected: float
) -> tuple[int, int] | None:
    n = len(exact)
    best: tuple[float, int, int] | None = None
    # candidate windows of the quote's length (+-20%) starting at word boundaries
    starts = [0] + [i + 1 for i, ch in enumerate(new_text) if ch.isspace()]
    for s in starts:
        for length in {n, int(n * 0.9), int(n * 1.1), n - 1, n + 1}:
            if length <= 0 or s + length > len(new_text):
                continue
            cand = new_text[s : s + length]
            score = fuzz.ratio(exact, cand)
            if (
                best is None
                or score > best[0]
                or (score == best[0] and abs(s - expected) < abs(best[1] - expected))
            ):
                best = (score, s, s + length)
    if best is None or best[0] < FUZZY_MIN_SCORE:
        return None
    _, s, e = best
    # trim to word edges of the candidate, then require some context agreement
    ctx_score = max(
        fuzz.partial_ratio(prefix[-12:], new_text[max(0, s - 24) : s]) if prefix else 100.0,
        fuzz.partial_ratio(suffix[:12], new_text[e : e + 24]) if suffix else 100.0,
    )
    if ctx_score < 60:
        return None
    while e > s and new_text[e - 1].isspace():
        e -= 1
    return s, e
