"""Embedded tweet copies: a line ending in ``pic.twitter.com/...`` or signed
``— Name (@handle)``, or repeating a quote, is a social-media Statement (rule 5).
"""

from __future__ import annotations

import regex
from rapidfuzz import fuzz

from pibdesk.core.suggest.tokens import _WORD

_PIC = regex.compile(r"\s*pic\.twitter\.com/\S+\s*$")
_SIGNATURE = regex.compile(r"^\s*[—–-]\s*\S.*\(@\w+\)")


def _tweet_lines(text: str, quotes: list[tuple[int, int]]) -> list[tuple[int, int, int | None]]:
    """Embedded tweets: ``(start, end, signature_start)``.

    A tweet is a line ending in ``pic.twitter.com/...`` or followed by a signature line
    ("— Vice-President of India (@VPIndia) August 9, 2026", PIB pages' embedded
    ``blockquote.twitter-tweet``); when the text separates paragraphs with blank lines its
    text starts at the paragraph start, else at the line start. A line that repeats an
    earlier quote (shape A copies a tweet after quoting it) is a tweet too.
    """
    out: list[tuple[int, int, int | None]] = []
    blank_paragraphs = "\n\n" in text
    qtexts = [text[s:e] for s, e in quotes if e - s > 30]
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    for n, (s, e) in enumerate(lines):
        line = text[s:e]
        if not line.strip():
            continue
        ls = s + (len(line) - len(line.lstrip()))
        le = s + len(line.rstrip())
        nxt = lines[n + 1] if n + 1 < len(lines) else None
        sig = None
        if nxt and "(@" in text[nxt[0] : nxt[1]] and _SIGNATURE.match(text[nxt[0] : nxt[1]]):
            sig = nxt[0]
        pic = _PIC.search(text, ls, le) if "pic.twitter.com" in line else None
        if pic or sig is not None:
            if _SIGNATURE.match(line):
                continue
            te = pic.start() if pic else le
            ts = ls
            if blank_paragraphs:
                p0 = text.rfind("\n\n", 0, ls)
                ts = p0 + 2 if p0 >= 0 else 0
                while ts < te and text[ts].isspace():
                    ts += 1
            if len(_WORD.findall(text, ts, te)) >= 3:
                out.append((ts, te, sig))
            continue
        if not qtexts or any(ls <= a and b <= le for a, b in quotes):
            continue
        stripped = text[ls:le]
        if len(_WORD.findall(stripped)) >= 4 and any(
            fuzz.ratio(stripped[: len(q)], q) >= 90 for q in qtexts
        ):
            out.append((ls, le, None))
    return out
