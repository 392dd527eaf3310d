"""Re-anchoring spans on a revised text by diff, quote, prefix and suffix (pure).

Strategy, in order (after the W3C TextQuoteSelector,
https://www.w3.org/TR/annotation-model/#text-quote-selector, and Hypothesis's fuzzy
anchoring):

1. **Diff mapping.** The old and new texts are aligned once with rapidfuzz's
   Levenshtein opcodes (equal / replace / insert / delete blocks). A span whose first and
   last characters both lie in unchanged blocks maps exactly, whatever was inserted or
   deleted elsewhere (so of two equal quotes the same occurrence is kept); it is accepted
   when the new span's text still resembles the quote (rapidfuzz ratio >=
   :data:`MAPPED_MIN_SCORE`, which lets "Takeshi lwaya" become "Takeshi Iwaya").
2. **Quote with context.** ``prefix + exact + suffix`` occurring exactly once.
3. **Quote alone.** Occurrences of ``exact`` whose surroundings still resemble the old
   prefix *and* the old suffix (each side scores >= :data:`CONTEXT_MIN_SCORE`), nearest
   to where the diff says the span should be. One agreeing side is not enough: the same
   words recur in a release ("Shri Rajnath Singh"), and a deleted occurrence must not
   silently move onto another one whose left (or right) context happens to look alike.
4. **Fuzzy.** Windows of the new text scoring >= :data:`FUZZY_MIN_SCORE` (rapidfuzz
   ratio against the quote) whose context agrees on both sides as in step 3; the best
   score wins, then the one nearest the expected place.

Otherwise there is no confident placement (``None``): the caller keeps the annotation
and flags it "needs review". Offsets are code points, end-exclusive.
"""

from __future__ import annotations

from bisect import bisect_right

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

#: Minimum rapidfuzz score (0..100) for a fuzzy placement to be trusted.
FUZZY_MIN_SCORE = 85.0
#: Minimum score of the diff-mapped span's text against the old quote.
MAPPED_MIN_SCORE = 75.0
#: Minimum score of the new surroundings against the old prefix or suffix.
CONTEXT_MIN_SCORE = 60.0


def _all(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i != -1:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


class Reanchorer:
    """Places spans of ``old_text`` on ``new_text``; aligns the two texts once.

    Build one per revision and call :meth:`place` for each annotation.
    """

    def __init__(self, old_text: str, new_text: str) -> None:
        self.old = old_text
        self.new = new_text
        self._ops = [
            (op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
            for op in Levenshtein.opcodes(old_text, new_text)
        ]
        self._starts = [op[1] for op in self._ops]

    def _block(self, pos: int) -> tuple[str, int, int, int, int] | None:
        i = bisect_right(self._starts, pos) - 1
        while i >= 0:
            op = self._ops[i]
            if op[1] <= pos < op[2]:
                return op
            if op[1] < op[2] <= pos:
                break
            i -= 1
        return None

    def map_equal(self, pos: int) -> int | None:
        """The new position of old character ``pos`` if it is unchanged, else ``None``."""
        op = self._block(pos)
        if op is None or op[0] != "equal":
            return None
        return op[3] + (pos - op[1])

    def expected(self, pos: int) -> int:
        """Where old position ``pos`` roughly lies in the new text (never fails)."""
        op = self._block(pos)
        if op is None:
            return len(self.new) if pos >= len(self.old) else 0
        tag, i1, i2, j1, j2 = op
        if tag == "equal":
            return j1 + (pos - i1)
        return j1 + (pos - i1) * (j2 - j1) // max(1, i2 - i1)

    def _context_ok(self, s: int, e: int, prefix: str, suffix: str) -> bool:
        """Whether new span ``s..e`` has surroundings resembling BOTH the old ``prefix``
        and the old ``suffix`` (each rapidfuzz ratio >= :data:`CONTEXT_MIN_SCORE`).

        An empty side (the span touched the start or end of the old text) is not
        judged; a span with neither side is accepted.
        """
        scores = []
        if prefix:
            scores.append(fuzz.ratio(prefix, self.new[max(0, s - len(prefix)) : s]))
        if suffix:
            scores.append(fuzz.ratio(suffix, self.new[e : e + len(suffix)]))
        return min(scores, default=100.0) >= CONTEXT_MIN_SCORE

    def place(
        self, start: int, end: int, exact: str, prefix: str = "", suffix: str = ""
    ) -> tuple[int, int] | None:
        """New ``(start, end)`` of old span ``start..end`` (quote ``exact``), or ``None``."""
        if not exact or end <= start:
            return None
        # 1. diff mapping of both ends
        s, last = self.map_equal(start), self.map_equal(end - 1)
        if s is not None and last is not None and last >= s:
            cand = self.new[s : last + 1]
            if cand == exact or fuzz.ratio(exact, cand) >= MAPPED_MIN_SCORE:
                return s, last + 1
        # 2. quote with full context, unique
        hits = _all(self.new, prefix + exact + suffix)
        if len(hits) == 1:
            s = hits[0] + len(prefix)
            return s, s + len(exact)
        # 3. the quote where its context still agrees, nearest the expected place
        expected = self.expected(start)
        hits = [
            h for h in _all(self.new, exact) if self._context_ok(h, h + len(exact), prefix, suffix)
        ]
        if hits:
            best = min(hits, key=lambda h: abs(h - expected))
            return best, best + len(exact)
        # 4. fuzzy
        return self._fuzzy(exact, prefix, suffix, expected)

    def _fuzzy(self, exact: str, prefix: str, suffix: str, expected: int) -> tuple[int, int] | None:
        new_text, n = self.new, len(exact)
        cands: list[tuple[float, int, int]] = []
        starts = [0] + [i + 1 for i, ch in enumerate(new_text) if ch.isspace()]
        lengths = sorted({n, int(n * 0.9), int(n * 1.1), n - 1, n + 1})
        for s in starts:
            for length in lengths:
                if length <= 0 or s + length > len(new_text):
                    continue
                score = fuzz.ratio(exact, new_text[s : s + length])
                if score >= FUZZY_MIN_SCORE:
                    cands.append((score, s, s + length))
        # best score first, then nearest the expected place; the first whose context
        # agrees on both sides wins
        cands.sort(key=lambda c: (-c[0], abs(c[1] - expected), c[2]))
        for _, s, e in cands:
            while e > s and new_text[e - 1].isspace():
                e -= 1
            if e > s and self._context_ok(s, e, prefix, suffix):
                return s, e
        return None


def reanchor(
    old_text: str, new_text: str, start: int, end: int, exact: str, prefix: str, suffix: str
) -> tuple[int, int] | None:
    """Where span ``start..end`` of ``old_text`` (quote ``exact``) lies in ``new_text``.

    Returns ``(start, end)`` in ``new_text`` (code points, end-exclusive) or ``None``
    when no confident placement exists. For many spans of one text pair, build a
    :class:`Reanchorer` once instead.
    """
    return Reanchorer(old_text, new_text).place(start, end, exact, prefix, suffix)
