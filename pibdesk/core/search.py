"""Full-text search: the query language editors type and the hits they get back (pure).

Query syntax (a small, safe subset of SQLite FTS5's, https://www.sqlite.org/fts5.html#full_text_query_syntax):

* words are ANDed: ``Article 370`` finds releases containing both words;
* ``"Article 370"`` (double quotes) is a phrase: the words next to each other;
* a trailing ``*`` makes a prefix: ``defen*``;
* ``OR`` (upper case) between two terms means either.

Everything else (``:``, ``-``, ``^``, parentheses, ``NEAR``) is taken literally, so no
input can make the search fail with a syntax error.

Invisible format characters (:data:`IGNORED`: zero-width non-joiner and joiner, soft
hyphen) are ignored by indexing and querying alike: "న\u200cరేంద్ర" and "నరేంద్ర" are
one word (see migration 0005).
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass
from datetime import datetime

#: Markers put around highlighted words inside snippets (Unicode private-use characters,
#: which never occur in PIB text).
HIT_OPEN = "\ue000"
HIT_CLOSE = "\ue001"


#: Characters search ignores inside words: U+200C ZERO WIDTH NON-JOINER, U+200D ZERO WIDTH
#: JOINER (they only steer how Indic letters join, e.g. Telugu "న\u200cరేంద్ర"), U+00AD
#: SOFT HYPHEN (a possible line break). Unicode category Cf; https://www.unicode.org/charts/PDF/U2000.pdf
IGNORED = "\u200c\u200d\u00ad"
_IGNORED_TABLE = str.maketrans("", "", IGNORED)


def strip_ignored(text: str) -> str:
    """``text`` without the characters of :data:`IGNORED` (shorter: offsets move)."""
    return text.translate(_IGNORED_TABLE)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


# Indic letters with nukta that Unicode excludes from composition: NFC writes them as
# base + U+093C (etc.), while PIB pages often hold the precomposed letter (ड़ U+095C).
# https://www.unicode.org/Public/UCD/latest/ucd/CompositionExclusions.txt
_EXCLUDED_NUKTA = [
    *range(0x0958, 0x0960),
    0x09DC,
    0x09DD,
    0x09DF,
    0x0A33,
    0x0A36,
    0x0A59,
    0x0A5A,
    0x0A5B,
    0x0A5E,
    0x0B5C,
    0x0B5D,
]
_PRECOMPOSE = {unicodedata.normalize("NFD", chr(c)): chr(c) for c in _EXCLUDED_NUKTA}


def spelling_variants(term: str) -> list[str]:
    """The ways ``term`` may be written in stored text: its NFC form, and (for Indic
    nukta letters) the form with precomposed letters. Duplicates removed, order kept."""
    nfc = unicodedata.normalize("NFC", term)
    pre = nfc
    for dec, comp in _PRECOMPOSE.items():
        pre = pre.replace(dec, comp)
    out: list[str] = []
    for v in (term, nfc, pre):
        if v not in out:
            out.append(v)
    return out


def _parse(query: str) -> list[tuple[str, bool]]:
    """``[(term, is_prefix), ...]`` with ``("OR", False)`` between alternatives
    (characters of :data:`IGNORED` removed first)."""
    query = strip_ignored(query)
    parts: list[tuple[str, bool]] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
            continue
        if ch == '"':
            j = query.find('"', i + 1)
            j = n if j == -1 else j
            phrase = " ".join(query[i + 1 : j].split())
            if any(c.isalnum() for c in phrase):
                parts.append((phrase, False))
            i = j + 1
            continue
        j = i
        while j < n and not query[j].isspace() and query[j] != '"':
            j += 1
        word = query[i:j]
        i = j
        if word == "OR":
            if parts and parts[-1] != ("OR", False):
                parts.append(("OR", False))
            continue
        prefix = word.endswith("*")
        word = word.rstrip("*")
        if any(c.isalnum() for c in word):
            parts.append((word, prefix))
    while parts and parts[-1] == ("OR", False):
        parts.pop()
    return parts


def to_fts_query(query: str) -> str:
    """Turn an editor's query into an FTS5 MATCH expression (see the module doc).

    ``Article 370`` -> ``"Article" "370"``; returns ``""`` for a query with no
    searchable term. Never raises.
    """
    out: list[str] = []
    for term, prefix in _parse(query):
        if (term, prefix) == ("OR", False) and out:
            out.append("OR")
        else:
            star = "*" if prefix else ""
            variants = [_quote(v) + star for v in spelling_variants(term)]
            out.append(variants[0] if len(variants) == 1 else "(" + " OR ".join(variants) + ")")
    return " ".join(out)


def query_terms(query: str) -> list[str]:
    """The words and phrases of a query, unquoted, without ``OR`` (for highlighting
    without an index)."""
    return [t for t, _ in _parse(query) if t != "OR"]


@dataclass(frozen=True)
class SearchHit:
    """One release that matches a search, best first.

    ``pk`` is pibdesk's key, ``release_id`` the PRID. ``snippet`` is a short excerpt of the
    text with each matched word between :data:`HIT_OPEN` and :data:`HIT_CLOSE`;
    ``hit_start``/``hit_end`` are the code-point offsets (end-exclusive) of the first
    matched word in the release's stored text, when known.
    """

    pk: int
    release_id: int | None
    title: str
    posted_at: datetime | None
    snippet: str
    ministry: str | None = None
    language: str | None = None
    hit_start: int | None = None
    hit_end: int | None = None

    def snippet_marked(self, open_: str = "[", close: str = "]") -> str:
        """The snippet with hits between ``open_`` and ``close`` (``[Article] [370]``)."""
        return self.snippet.replace(HIT_OPEN, open_).replace(HIT_CLOSE, close)

    def snippet_html(self) -> str:
        """The snippet as HTML, hits in ``<b>`` (text escaped), for Qt rich text."""
        esc = html.escape(self.snippet, quote=False)
        return esc.replace(HIT_OPEN, "<b>").replace(HIT_CLOSE, "</b>")

    def snippet_plain(self) -> str:
        """The snippet without markers."""
        return self.snippet.replace(HIT_OPEN, "").replace(HIT_CLOSE, "")


def first_marked(highlighted: str) -> tuple[int, int] | None:
    """Code-point ``(start, end)`` of the first marked run in a text highlighted with
    :data:`HIT_OPEN`/:data:`HIT_CLOSE`, as offsets into the text without markers."""
    s = highlighted.find(HIT_OPEN)
    if s == -1:
        return None
    e = highlighted.find(HIT_CLOSE, s)
    if e == -1:
        return None
    return s, e - 1
