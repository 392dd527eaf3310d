"""Rule-based annotation suggestions over one release text (no Qt, no database).

:func:`suggest` reads a text and a :class:`Registry` snapshot (entities with aliases,
offices with dated terms) and proposes Person, Statement and Topic annotations:

1. **Honorifics** (:mod:`pibdesk.core.names`): "Shri Rajnath Singh" -> Person
   "Rajnath Singh" (the honorific stays outside the span; "Mahatma" stays inside).
2. **Registry aliases, fuzzy**: every alias of a registry entity (and every full name
   found by rule 1 in this text) is searched over word windows blocked on the first or last
   word, scored with ``rapidfuzz.fuzz.ratio`` on :func:`~pibdesk.core.names.normalize`
   keys, so the text's OCR-like "Takeshi lwaya" still matches "Takeshi Iwaya".
3. **Office titles**: "Raksha Mantri", "the Prime Minister", "PM" resolve to the holder on
   the release's posted date (IST calendar). A title that names someone else's office is
   skipped: a foreign one ("Prime Minister of Japan", "Japanese Prime Minister",
   "Japan's Defence Minister"), a modified one ("former", "Deputy", "Secretary to the").
   A title directly followed by a name is that name's modifier: only the name is marked.
   A role noun before a capitalised name ("the Tamil poet Subramania Bharati") marks it too.
4. **Surnames**: a bare surname ("Modi government", "Shri Shah") of exactly one person
   named in this text is a mention of that person.
5. **Statements**: text in double quotes (4+ words) within a paragraph, and embedded
   tweet copies (a line ending in ``pic.twitter.com/...`` or repeating a quote). The
   speaker comes from cues: "X said, “...”", "“...”, X said", "In a tweet X said",
   "X tweeted ... “", "“...”: X"; for "he said" the latest person who spoke, else the
   nearest preceding Person mention. The kind is ``social`` when the cue names a tweet.
6. **Topics**: registry topic aliases (exact on the normalised key, fuzzy for 2+ words).

Offsets are Unicode code points, end-exclusive, over ``text``. Everything is
deterministic; a 27 KB release takes a few milliseconds (``benchmarks/bench_suggest.py``).
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import regex
from rapidfuzz import fuzz

from pibdesk.core.model import EntityKind, StatementKind
from pibdesk.core.names import (
    HONORIFIC_FIRST_WORDS,
    HONORIFIC_RE,
    KEPT_EPITHETS,
    normalize,
    normalize_word,
)

PERSON, STATEMENT, TOPIC = "Person", "Statement", "Topic"

#: Minimum ``fuzz.ratio`` (0-100) of a multi-word window against an alias key.
FUZZY_MIN = 88


# ----------------------------------------------------------------------------- inputs
@dataclass(frozen=True)
class RegistryEntry:
    """One entity of the registry as the suggester sees it."""

    entity_id: int
    kind: EntityKind
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Term:
    """A holder's term in an office: dates inclusive, ``end`` None = still in office."""

    entity_id: int
    start: date
    end: date | None = None


@dataclass(frozen=True)
class OfficeInfo:
    """An office with its titles (aliases) and dated terms."""

    name: str
    aliases: tuple[str, ...]
    terms: tuple[Term, ...] = ()
    id: int = 0

    def holder_on(self, day: date) -> int | None:
        """The entity id of the holder on ``day`` (the latest-starting term covering it)."""
        best: Term | None = None
        for t in self.terms:
            if t.start <= day and (t.end is None or day <= t.end):
                if best is None or t.start > best.start:
                    best = t
        return best.entity_id if best else None


@dataclass(frozen=True)
class _AliasKey:
    tokens: tuple[str, ...]
    key: str
    entity_id: int | None
    name: str
    kind: EntityKind


@dataclass(frozen=True)
class Registry:
    """A read-only snapshot of the entity and office registries (build once, reuse).

    ``entries``: persons and topics with aliases; ``offices``: titles and terms. Index
    structures are built lazily on first use and cached on the instance.
    """

    entries: tuple[RegistryEntry, ...] = ()
    offices: tuple[OfficeInfo, ...] = ()

    @cached_property
    def by_id(self) -> dict[int, RegistryEntry]:
        return {e.entity_id: e for e in self.entries}

    @cached_property
    def alias_keys(self) -> list[_AliasKey]:
        out: list[_AliasKey] = []
        for e in self.entries:
            seen: set[str] = set()
            for a in (e.name, *e.aliases):
                k = normalize(a)
                if k and k not in seen:
                    seen.add(k)
                    out.append(_AliasKey(tuple(k.split()), k, e.entity_id, e.name, e.kind))
        return out

    @cached_property
    def person_blocks(self) -> _Blocks:
        return _blocks(self.alias_keys, EntityKind.PERSON)

    @cached_property
    def topic_blocks(self) -> _Blocks:
        return _blocks(self.alias_keys, EntityKind.TOPIC)

    @cached_property
    def person_keys(self) -> dict[str, int]:
        """normalised alias -> entity id (persons; ambiguous keys dropped)."""
        seen: dict[str, set[int]] = defaultdict(set)
        for a in self.alias_keys:
            if a.kind == EntityKind.PERSON and a.entity_id is not None:
                seen[a.key].add(a.entity_id)
        return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}

    @cached_property
    def surnames(self) -> dict[str, set[int]]:
        out: dict[str, set[int]] = defaultdict(set)
        for a in self.alias_keys:
            if a.kind == EntityKind.PERSON and a.entity_id is not None and len(a.tokens) > 1:
                out[a.tokens[-1]].add(a.entity_id)
        return out

    @cached_property
    def office_re(self) -> regex.Pattern[str] | None:
        titles: dict[str, tuple[OfficeInfo, bool]] = {}
        for o in self.offices:
            for t in (o.name, *o.aliases):
                t = t.strip()
                if t:
                    titles.setdefault(t.casefold() if not _is_acronym(t) else t, (o, _is_acronym(t)))
        if not titles:
            return None
        parts = []
        for t in sorted(titles, key=len, reverse=True):
            body = r"[\s\-]+".join(regex.escape(w) for w in regex.split(r"[\s\-]+", t))
            parts.append(f"(?-i:{body})" if titles[t][1] else body)
        return regex.compile(
            r"(?<![\p{L}\p{M}\p{N}])(?:(?P<union>Union\s+))?(?P<title>"
            + "|".join(parts)
            + r")(?![\p{L}\p{M}\p{N}])",
            regex.IGNORECASE | regex.V1,
        )

    @cached_property
    def office_first_words(self) -> frozenset[str]:
        """First words of all office titles (and "union"), as ``normalize_word`` gives them."""
        out = {"union"}
        for o in self.offices:
            for t in (o.name, *o.aliases):
                w = _WORD.search(t)
                if w:
                    out.add(normalize_word(w.group()))
        return frozenset(out)

    @cached_property
    def office_by_title(self) -> dict[str, OfficeInfo]:
        out: dict[str, OfficeInfo] = {}
        for o in self.offices:
            for t in (o.name, *o.aliases):
                out.setdefault(_title_key(t), o)
        return out


def _is_acronym(t: str) -> bool:
    return t.isupper() and len(t) <= 4 and t.isascii()


def _title_key(t: str) -> str:
    return " ".join(t.strip().casefold().replace("-", " ").split())


# ----------------------------------------------------------------------------- output
@dataclass(frozen=True)
class Suggestion:
    """A proposed annotation.

    ``start``/``end`` code points, end-exclusive; ``text == release_text[start:end]``.
    ``entity_id`` links a registry entity; when None, ``entity_name`` is the name of the
    entity to create on accept (None: no entity). Statements carry ``speaker_id`` /
    ``speaker_name`` the same way and ``statement_kind``. ``rule`` names the rule that
    proposed it (honorific, registry, office, surname, quote, tweet, topic, occurrence).
    """

    start: int
    end: int
    label: str
    text: str
    entity_id: int | None = None
    entity_name: str | None = None
    speaker_id: int | None = None
    speaker_name: str | None = None
    statement_kind: StatementKind | None = None
    rule: str = ""
    speaker_cue: tuple[int, int] | None = None  # span naming a speaker found by a cue only

    @property
    def key(self) -> tuple[int, int, str]:
        """``(start, end, label)``: what a rejection remembers."""
        return (self.start, self.end, self.label)

    def to_json(self) -> dict[str, object]:
        """The object ``pibdesk suggest --json`` prints for it."""
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "text": self.text,
            "entity": self.entity_name,
            "entity_id": self.entity_id,
            "speaker": self.speaker_name,
            "speaker_id": self.speaker_id,
            "statement_kind": self.statement_kind.value if self.statement_kind else None,
            "rule": self.rule,
        }


# ----------------------------------------------------------------------------- tokens
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_LATIN_NAME_TOKEN = regex.compile(
    r"(?:[A-Z][\p{Ll}\p{M}'’\-]*[\p{Ll}\p{M}]|[A-Z]\.|[A-Z]{2,}|[A-Z])(?![\p{L}\p{M}])"
)
_DEVANAGARI = regex.compile(r"[\p{Devanagari}]")

#: Capitalised words that end a name run after an honorific ("Dr. Karni Singh Shooting
#: Range" names a place, not a person: the whole run is dropped).
_PLACE_WORDS = frozenset(
    """range stadium marg road hospital university college institute award awards puraskar
    memorial shooting school centre center academy bhawan bhavan hall museum library trust
    foundation auditorium airport station nagar chowk park setu bridge yojana scheme puram
    lanka council municipal corporation committee commission board department ministry
    port ports trust trusts mission abhiyan abhiyaan""".split()
    + "शूटिंग रेंज स्टेडियम मार्ग अस्पताल विश्वविद्यालय संस्थान पुरस्कार केंद्र केन्द्र भवन योजना".split()
)
_STOP_CAPS = frozenset(
    """the a an in on at of for to and or but with from by as this that these those he she
    it we they his her its their our my said says ji today yesterday tomorrow monday
    tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december minister president secretary
    chairman chairperson governor chief union government india prime additional director
    general joint deputy commissioner officer adviser advisor member collector group
    superintendent inspector ceo managing vice""".split()
)
#: Honorifics that are also ordinary capitalised words: need a two-word name after them.
_WEAK_HONORIFICS = frozenset(
    "general major captain commander colonel lieutenant admiral justice sir miss sant veer "
    "swami pandit sardar professor brigadier commodore".split()
)
_HINDI_STOP = frozenset(
    "ने को का की के से में पर और एवं तथा है हैं था थे द्वारा जी भी तो ही यह वह इस उस "
    "हुए हुई हुआ करते करने कर गए गई लिए बाद साथ दौरान उन्होंने".split()
)
_SPEECH_VERB = regex.compile(
    r"(?<![\p{L}])(said|says|tweeted|stated|states|added|remarked|affirmed|noted|posted|wrote|"
    r"observed|asserted|told|mentioned|underlined|stressed|declared|announced|urged|"
    r"emphasised|emphasized|appealed|explained|recalled|highlighted|कहा|बताया|ट्वीट)(?![\p{L}\p{M}])"
)
_SOCIAL_CUE = regex.compile(
    r"tweet|twitter|social media|\bX post|posted on X|on X\b|ट्वीट|facebook|instagram",
    regex.IGNORECASE,
)
_PRONOUN_AFTER = regex.compile(r"^[\s,.”\"]*\b(he|she|they)\s+(?:" + _SPEECH_VERB.pattern + r")")
_INDIAN_WORDS = frozenset({"india", "indian", "bharat", "union", "the"})
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ese|ian|an|ish|ch|ic|i)")
#: Words right before a title that make it someone else's office ("former PM").
_MODIFIER_WORDS = frozenset(
    "former ex late deputy vice chief assistant additional joint junior principal acting "
    "outgoing designate then".split()
)
#: "<word> to/of the <title>": another post ("Principal Secretary to the Prime Minister").
_POST_WORDS = frozenset(
    "secretary adviser advisor officer office spokesperson secretariat staff".split()
)
#: "Prime Minister's Office / National Relief Fund / Awards": the name of a thing.
_POSSESSIVE_NAME = re.compile(
    r"['’]s\s+(?:Office|Fund|National|Awards?|Scheme|Yojana|Package|Research|Citizen|"
    r"Employment|Street|Medal|Trophy|Cup|Council|Secretariat|Special|Rozgar|Gati|Shram)\b"
)
_OF_FOREIGN = re.compile(r"\s+(?:of|OF|Of)\s+(?:(?:the|THE|The)\s+)?([A-Z][\w\-]*)")


@dataclass
class _Mention:
    start: int
    end: int
    rule: str
    entity_id: int | None = None
    name: str | None = None  # canonical name proposed when entity_id is None
    rank: int = 0  # higher wins overlaps

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class _Ctx:
    text: str
    reg: Registry
    day: date | None
    words: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, norm
    starts: list[int] = field(default_factory=list)


def _tokenize(text: str) -> list[tuple[int, int, str]]:
    """Words ``(start, end, key)`` of ``text``, key as :func:`normalize_word` gives it."""
    nw = normalize_word
    return [(m.start(), m.end(), nw(m.group())) for m in _WORD.finditer(text)]




# ----------------------------------------------------------------------------- rule 1
def _name_run_latin(text: str, pos: int) -> tuple[int, int, int]:
    """Capitalised name words from ``pos``: (start, end, number of words)."""
    i = pos
    n = 0
    end = pos
    start = -1
    while n < 6:
        m = _LATIN_NAME_TOKEN.match(text, i)
        if m is None:
            break
        word = m.group().rstrip(".")
        if word.casefold() in _STOP_CAPS or (word.isupper() and len(word) > 1 and n >= 3):
            break
        if HONORIFIC_RE.match(text, m.start()) and n > 0:
            break
        g = m.group()
        if len(g) > 2 and g[-1] == "s" and g[-2] in "'’":  # possessive: "Modi’s"
            if start < 0:
                start = m.start()
            end = m.end() - 2
            n += 1
            break
        if start < 0:
            start = m.start()
        end = m.end() if not m.group().endswith(".") or len(word) == 1 else m.end() - 1
        n += 1
        j = m.end()
        # one space (or none after an initial's dot) to the next word
        if j < len(text) and text[j] in " \u00a0":
            j += 1
        elif not m.group().endswith("."):
            break
        i = j
    if start < 0:
        return pos, pos, 0
    # keep a trailing initial's dot only if the run is initials only (rare): trim
    return start, end, n


def _name_run_devanagari(text: str, pos: int) -> tuple[int, int, int]:
    n = 0
    start, end = pos, pos
    i = pos
    while n < 3:
        m = _WORD.match(text, i)
        if m is None or not _DEVANAGARI.search(m.group()) or m.group() in _HINDI_STOP:
            break
        if m.group() in _PLACE_WORDS:
            return start, end, 0
        end = m.end()
        n += 1
        if end < len(text) and text[end] == " ":
            i = end + 1
        else:
            break
    return start, end, n


def _honorific_mentions(ctx: _Ctx) -> list[_Mention]:
    text = ctx.text
    out: list[_Mention] = []
    last_end = -1
    for ws, _we, norm in ctx.words:
        if norm not in HONORIFIC_FIRST_WORDS or ws < last_end:
            continue
        m = HONORIFIC_RE.match(text, ws)
        if m is None:
            continue
        last_end = m.end()
        s = m.start()
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "-'’"):
            continue
        hon = m.group()
        first = hon[0]
        devanagari = bool(_DEVANAGARI.match(first))
        if not devanagari and not first.isupper():
            continue
        if not devanagari and hon.isupper() and len(hon) > 3:
            continue  # ALL-CAPS headline: left to the registry scan
        j = m.end()
        # more honorifics / spaces / a comma after the honorific ("Shri Shri", "H.E. Ms")
        while True:
            k = j
            while k < len(text) and text[k] in " \u00a0":
                k += 1
            m2 = HONORIFIC_RE.match(text, k)
            if m2 and k > j and (m2.group()[0].isupper() or _DEVANAGARI.match(m2.group()[0])):
                j = m2.end()
                continue
            j = k
            break
        if j == m.end():
            continue  # no space after the honorific
        if devanagari:
            st, en, n = _name_run_devanagari(text, j)
            if n < 2:
                continue
        else:
            st, en, n = _name_run_latin(text, j)
            if n == 0:
                continue
            words = text[st:en].replace(".", " ").split()
            low = [w.casefold() for w in words]
            if any(w in _PLACE_WORDS for w in low):
                continue
            if normalize(hon) in _WEAK_HONORIFICS and (
                n < 2 or any(w.isupper() and len(w) > 1 for w in words)
            ):
                continue  # "Major Port Trusts", "Commander Nagpur NCC Group"
            if all(len(w) == 1 for w in words):
                continue  # initials only
        toks = list(_WORD.finditer(text, st, en))
        for k in range(len(toks) - 1, 1, -1):  # "नरेन्द्र मोदी राष्ट्र..." -> the registry name
            if normalize(text[st : toks[k - 1].end()]) in ctx.reg.person_keys:
                en = toks[k - 1].end()
                break
        name = text[st:en]
        if any(hon.rstrip(".").casefold() == e.casefold() for e in KEPT_EPITHETS):
            st = s
        out.append(_Mention(st, en, "honorific", None, name, rank=3))
    # "Mahatma Gandhi" style epithets kept in the span
    for ep in KEPT_EPITHETS:
        for m in regex.finditer(rf"(?<![\p{{L}}]){regex.escape(ep)}\s+", text):
            st, en, n = _name_run_latin(text, m.end())
            if n:
                out.append(_Mention(m.start(), en, "honorific", None, text[m.start():en], rank=3))
    # a role noun before a name: "the Tamil poet Subramania Bharati", "shooter Anish Bhanwala"
    for _ws, we, norm in ctx.words:
        if norm not in _ROLE_NOUNS or we >= len(text) or text[we] != " ":
            continue
        st, en, n = _name_run_latin(text, we + 1)
        if n < 2 or st != we + 1:
            continue
        words = text[st:en].replace(".", " ").split()
        if any(w.casefold() in _PLACE_WORDS or (w.isupper() and len(w) > 1) for w in words):
            continue
        out.append(_Mention(st, en, "role", None, text[st:en], rank=2))
    return out


#: Nouns of a person's role that PIB prints right before a bare name.
_ROLE_NOUNS = frozenset(
    """poet poetess writer author novelist artist painter singer musician actor actress
    scientist shooter athlete wrestler boxer player cricketer sportsperson philosopher
    saint reformer economist journalist historian freedom fighter""".split()
)


# ----------------------------------------------------------------------------- rule 2
_Blocks = tuple[dict[str, list["_AliasKey"]], dict[str, list["_AliasKey"]]]


def _blocks(keys: Iterable[_AliasKey], kind: EntityKind) -> _Blocks:
    """Alias keys of ``kind`` indexed by their first and by their last word."""
    by_first: dict[str, list[_AliasKey]] = defaultdict(list)
    by_last: dict[str, list[_AliasKey]] = defaultdict(list)
    for a in keys:
        if a.kind != kind or not a.tokens:
            continue
        by_first[a.tokens[0]].append(a)
        if len(a.tokens) > 1:
            by_last[a.tokens[-1]].append(a)
    return by_first, by_last


def _alias_scan(ctx: _Ctx, blocks: Sequence[_Blocks]) -> list[_Mention]:
    """Word windows matching an alias of ``blocks`` (registry blocks are cached on the
    :class:`Registry`; a text's own names come as a second, small block)."""
    words, text = ctx.words, ctx.text
    found: dict[tuple[int, int], tuple[float, _AliasKey]] = {}
    nw = len(words)

    def consider(i: int, a: _AliasKey) -> None:
        n = len(a.tokens)
        if i < 0 or i + n > nw or (n > 1 and "\n" in text[words[i][0] : words[i + n - 1][0]]):
            return
        window = words[i : i + n]
        key = " ".join(w[2] for w in window)
        if n == 1 or len(a.key) < 6:
            if key != a.key:
                return
            score = 100.0
        else:
            score = fuzz.ratio(key, a.key)
            if score < FUZZY_MIN:
                return
            # each word must be close too (no "Rajnath" matching "Rajesh Singh")
            if any(fuzz.ratio(w[2], t) < 60 for w, t in zip(window, a.tokens, strict=True)):
                return
        span = (window[0][0], window[-1][1])
        prev = found.get(span)
        if prev is None or score > prev[0]:
            found[span] = (score, a)

    for by_first, by_last in blocks:
        for i, (_s, _e, norm) in enumerate(words):
            for a in by_first.get(norm, ()):
                consider(i, a)
            for a in by_last.get(norm, ()):
                consider(i - len(a.tokens) + 1, a)
    out = []
    for (s, e), (score, a) in found.items():
        if a.kind == EntityKind.PERSON and not _looks_like_name(ctx.text[s:e]):
            continue
        out.append(
            _Mention(s, e, "registry" if a.entity_id is not None else "fuzzy", a.entity_id,
                     a.name, rank=4 if score == 100 else 2)
        )
    return out


def _looks_like_name(s: str) -> bool:
    """Latin text: first letter upper case (lowercase "modi" is no mention)."""
    c = s[0]
    return not c.isalpha() or not c.isascii() or c.isupper()


# ----------------------------------------------------------------------------- rule 3
def _office_mentions(ctx: _Ctx, persons: list[_Mention]) -> tuple[list[_Mention], list[_Mention]]:
    """(standalone title mentions, names newly found right after a title)."""
    rx = ctx.reg.office_re
    if rx is None:
        return [], []
    text = ctx.text
    person_starts = {p.start: p for p in persons}
    titles: list[_Mention] = []
    names: list[_Mention] = []
    first = ctx.reg.office_first_words
    last_end = -1
    for ws, _we, norm in ctx.words:
        if norm not in first or ws < last_end:
            continue
        m = rx.match(text, ws)
        if m is None:
            continue
        last_end = m.end()
        t0, t1 = m.span("title")
        title = m.group("title")
        if not (title[0].isupper() or _DEVANAGARI.match(title[0])):
            continue
        office = ctx.reg.office_by_title.get(_title_key(title))
        if office is None:
            continue
        s = m.start()
        before = text[max(0, s - 40) : s]
        after = text[m.end() : m.end() + 60]
        if _is_modified(before) or (not title.isupper() and _org_before(before)):
            continue
        if _is_foreign(before, after):
            continue
        if title.isupper() and "/" in text[max(0, t0 - 1) : t1 + 1]:
            continue  # "RM/KMN": a sign-off of staff initials, not the Raksha Mantri
        if _POSSESSIVE_NAME.match(text, m.end()):
            continue  # "Prime Minister's Office", "PM's National Relief Fund": a thing's name
        holder = office.holder_on(ctx.day) if ctx.day else None
        # a name right after the title (", Shri X" / " Mr X" / " X")
        j = m.end()
        k = j
        while k < len(text) and text[k] in " ,\u00a0":
            k += 1
        hm = HONORIFIC_RE.match(text, k)
        while hm and (hm.group()[0].isupper() or _DEVANAGARI.match(hm.group()[0])):
            k = hm.end()
            while k < len(text) and text[k] in " \u00a0":
                k += 1
            hm = HONORIFIC_RE.match(text, k)
        nxt = person_starts.get(k)
        if nxt is not None:
            if holder is not None and nxt.entity_id is None and nxt.name:
                hname = ctx.reg.by_id.get(holder)
                if hname and normalize(nxt.name).split()[-1:] == normalize(hname.name).split()[-1:]:
                    nxt.entity_id, nxt.name = holder, hname.name
            continue
        nw = _WORD.match(text, k) if k < len(text) else None
        if nw is not None and k - j <= 3 and not (title.isupper() and len(title) > 4):
            w = nw.group()
            if _DEVANAGARI.match(w):
                if w not in _HINDI_STOP:
                    continue  # "PM स्वनिधि": a scheme's name
            elif w[0].isupper() and not (w == "The" or w.isupper() and w in ("I",)):
                # "Prime Minister Narendra Modi" (no honorific) or "PM Kisan" (a scheme)
                if holder is not None:
                    st, en, n = _name_run_latin(text, k)
                    hent = ctx.reg.by_id.get(holder)
                    cand = normalize(text[st:en])
                    if n and hent is not None and any(
                        cand == normalize(a) or cand == normalize(a).split()[-1]
                        for a in (hent.name, *hent.aliases)
                    ):
                        names.append(_Mention(st, en, "office", holder, hent.name, rank=3))
                continue
        if holder is None:
            continue
        hent = ctx.reg.by_id.get(holder)
        start = m.start() if m.group("union") else t0
        titles.append(
            _Mention(start, t1, "office", holder, hent.name if hent else None, rank=1)
        )
    return titles, names


def _is_foreign(before: str, after: str) -> bool:
    """Does the text around an office title make it another country's office?

    "... of Japan" after it; "Japan's" / "Japanese" (a capitalised demonym) before it.
    """
    of = _OF_FOREIGN.match(after)
    if of and of.group(1).casefold() not in _INDIAN_WORDS:
        return True
    words = before.split()[-3:]
    while words and words[-1] in ("the", "The", "THE"):
        words.pop()
    if not words:
        return False
    last = words[-1]
    if len(last) > 3 and last[-2] in "'’" and last[-1] == "s" and last[0].isupper():
        return last[:-2].casefold() not in _INDIAN_WORDS
    return bool(_DEMONYM.fullmatch(last)) and last.casefold() not in _INDIAN_WORDS


def _org_before(before: str) -> bool:
    """An organisation's acronym right before the title: "BJP President", "FICCI President"."""
    words = before.split()[-1:]
    return bool(words) and len(words[0]) >= 2 and words[0].isalpha() and words[0].isupper()


def _is_modified(before: str) -> bool:
    """Is the title someone else's post: "former PM", "Deputy ...", "Secretary to the PM"?"""
    words = before.split()[-4:]
    if not words:
        return False
    last = words[-1].casefold()
    if last.rstrip("-") in _MODIFIER_WORDS or last.endswith("-") and last[:-1] in _MODIFIER_WORDS:
        return True
    if last == "the" and len(words) >= 3:
        words = words[:-1]
        last = words[-1].casefold()
    return last in ("to", "of") and len(words) >= 2 and words[-2].casefold() in _POST_WORDS


# ----------------------------------------------------------------------------- rule 4
def _surname_mentions(ctx: _Ctx, persons: list[_Mention]) -> list[_Mention]:
    by_surname: dict[str, set[tuple[int | None, str]]] = defaultdict(set)
    for p in persons:
        if not p.name:
            continue
        toks = normalize(p.name).split()
        if len(toks) >= 2 and len(toks[-1]) >= 3:
            by_surname[toks[-1]].add((p.entity_id, _entity_key(p)))
    out = []
    for s, e, norm in ctx.words:
        cands = by_surname.get(norm)
        if not cands or len({c[1] for c in cands}) != 1:
            continue
        word = ctx.text[s:e]
        if not _looks_like_name(word) or (word.isupper() and len(word) > 1):
            continue
        owner = next(p for p in persons if p.name and _entity_key(p) == next(iter(cands))[1])
        out.append(_Mention(s, e, "surname", owner.entity_id, owner.name, rank=0))
    return out


def _entity_key(p: _Mention) -> str:
    return f"id:{p.entity_id}" if p.entity_id is not None else "name:" + normalize(p.name or "")


# ----------------------------------------------------------------------------- overlaps
def _resolve_overlaps(ms: Iterable[_Mention]) -> list[_Mention]:
    kept: list[_Mention] = []
    occupied: list[tuple[int, int]] = []
    for m in sorted(ms, key=lambda m: (m.rank < 2, -m.length, -m.rank, m.start)):
        i = bisect.bisect_left(occupied, (m.start, -1))
        clash = False
        for j in (i - 1, i):
            if 0 <= j < len(occupied):
                a, b = occupied[j]
                if a < m.end and m.start < b:
                    clash = True
        if not clash:
            bisect.insort(occupied, (m.start, m.end))
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))


def _link_local_names(ctx: _Ctx, ms: list[_Mention]) -> None:
    """Give each unlinked mention a registry entity, or the longest local name it abbreviates."""
    reg = ctx.reg
    full: dict[str, _Mention] = {}
    for m in ms:
        if m.name and len(normalize(m.name).split()) >= 2:
            key = normalize(m.name)
            if key not in full and m.entity_id is None:
                # "Prahalad Singh Patel" is the "Prahlad Singh Patel" named earlier
                near = [f for k, f in full.items() if fuzz.ratio(k, key) >= FUZZY_MIN]
                if near:
                    m.entity_id, m.name = near[0].entity_id, near[0].name
                    full[key] = near[0]
                    continue
            full.setdefault(key, m)
    for m in ms:
        if m.entity_id is not None or not m.name:
            continue
        key = normalize(m.name)
        eid = reg.person_keys.get(key)
        if eid is not None:
            m.entity_id, m.name = eid, reg.by_id[eid].name
            continue
        toks = key.split()
        if len(toks) == 1:
            owners = {
                _entity_key(f): f for k, f in full.items() if k.split()[-1] == toks[0]
            }
            if len(owners) == 1:
                f = next(iter(owners.values()))
                m.entity_id, m.name = f.entity_id, f.name
                continue
            ids = reg.surnames.get(toks[0], set())
            if len(ids) == 1:
                eid = next(iter(ids))
                m.entity_id, m.name = eid, reg.by_id[eid].name
        elif key not in full or full[key] is not m:
            same = full.get(key)
            if same is not None:
                m.entity_id, m.name = same.entity_id, same.name


# ----------------------------------------------------------------------------- rule 5
_OPEN = "“\""
_CLOSE = "”\""


def _quotes(text: str) -> list[tuple[int, int]]:
    """Content spans of double-quoted passages (4+ words, speech) within one paragraph."""
    out: list[tuple[int, int]] = []
    open_at = -1
    for m in _QUOTE_CHARS.finditer(text):
        i, ch = m.start(), m.group()
        if ch == "\n":
            open_at = -1
        elif open_at < 0 and ch in _OPEN:
            open_at = i
        elif open_at >= 0 and ch in _CLOSE:
            s, e = open_at + 1, i
            while s < e and text[s].isspace():
                s += 1
            while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
                e -= 1
            if len(_WORD.findall(text, s, e)) >= 4 and _is_speech(text, s, e):
                out.append((s, e))
            open_at = -1
    return out


_QUOTE_CHARS = regex.compile('[“”"\n]')
_PIC = regex.compile(r"\s*pic\.twitter\.com/\S+\s*$")
_SIGNATURE = regex.compile(r"^\s*[—–-]\s*\S.*\(@\w+\)")


def _is_speech(text: str, s: int, e: int) -> bool:
    """Is the quoted ``text[s:e]`` speech, not a name ("“Digital Bharat Digital Sanskriti”")?

    Speech: a speech verb or tweet cue right before or after the quote, or else a
    sentence (8+ words, or ending in . ! ? । …) that is not mostly Title Case words.
    """
    before = _sentence_tail(text[max(0, s - 80) : s])[-60:]
    after = text[e : e + 50]
    if _SPEECH_VERB.search(before) or _SOCIAL_CUE.search(before):
        return True
    if regex.match(r"^[\s,:;]*[”\"]?[\s,:;]*(?:[\p{L}\p{M}][\p{L}\p{M}.\-]*\s+){0,4}?" + _SPEECH_VERB.pattern, after):
        return True
    if regex.match(r"^[”\"]?\s*:\s*\S", after):
        return True
    words = _WORD.findall(text, s, e)
    latin = [w for w in words if w[0].isascii() and w[0].isalpha()]
    if latin and sum(w[0].isupper() for w in latin) >= 0.6 * len(latin):
        return False
    return len(words) >= 8 or text[e - 1] in ".!?।…"


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


def _statements(ctx: _Ctx, persons: list[_Mention]) -> list[Suggestion]:
    text = ctx.text
    quotes = _quotes(text)
    starts = [p.start for p in persons]
    out: list[Suggestion] = []
    speaker_of: dict[tuple[int, int], _Mention | None] = {}
    for qs, qe in quotes:
        speaker, social = _quote_speaker(text, qs, qe, persons, starts, ctx.reg.office_by_title)
        speaker_of[(qs, qe)] = speaker
        out.append(_statement(text, qs, qe, speaker, social, "quote"))
    for ts, te, sig in _tweet_lines(text, quotes):
        # the signature's account, else the speaker of the quote it copies, else of the
        # nearest earlier statement
        src = None
        if sig is not None:
            i = bisect.bisect_left(starts, sig)
            if i < len(persons) and persons[i].start < text.find("\n", sig) % (len(text) + 1):
                src = persons[i]
        for (qs, qe), sp in speaker_of.items():
            if src is None and qe <= ts and fuzz.ratio(text[ts:te][:80], text[qs:qe][:80]) >= 90:
                src = sp
        if src is None:
            prev = [k for k in speaker_of if k[1] <= ts]
            src = speaker_of[max(prev)] if prev else _nearest_before(persons, starts, ts)
        out.append(_statement(text, ts, te, src, True, "tweet"))
        speaker_of[(ts, te)] = src
    return out


def _statement(
    text: str, s: int, e: int, sp: _Mention | None, social: bool, rule: str
) -> Suggestion:
    return Suggestion(
        s, e, STATEMENT, text[s:e],
        speaker_id=sp.entity_id if sp else None,
        speaker_name=sp.name if sp else None,
        statement_kind=StatementKind.SOCIAL if social else StatementKind.DIRECT,
        rule=rule,
        speaker_cue=(sp.start, sp.end) if sp is not None and sp.rule == "cue" else None,
    )


def _nearest_before(persons: list[_Mention], starts: list[int], pos: int) -> _Mention | None:
    i = bisect.bisect_left(starts, pos) - 1
    while i >= 0:
        if persons[i].end <= pos:
            return persons[i]
        i -= 1
    return None


def _quote_speaker(
    text: str,
    qs: int,
    qe: int,
    persons: list[_Mention],
    starts: list[int],
    titles: Container[str] = (),
) -> tuple[_Mention | None, bool]:
    para_start = text.rfind("\n", 0, qs) + 1
    para_end = text.find("\n", qe)
    para_end = len(text) if para_end < 0 else para_end
    after = text[qe : min(para_end, qe + 80)]
    # 1. after the quote: "”, X said" / "”: X" / ",” Smt. X said" / ",” said Shri X" /
    #    ",” said the Raksha Mantri"
    a0 = qe + (len(after) - len(after.lstrip(" ,.:;\u00a0”\"")))
    verb_first = _SPEECH_VERB.match(text, a0, a0 + 20) if text[qe:a0].strip() else None
    if verb_first is not None:
        a0 = verb_first.end()
        while a0 < len(text) and text[a0] in " \u00a0":
            a0 += 1
    lead = regex.match(r"(?:the\s+|The\s+)?", text[a0 : a0 + 8])
    a1 = a0 + (lead.end() if lead else 0)
    hm = HONORIFIC_RE.match(text, a1)  # "”, Smt. Nirmala Sitharaman said"
    while hm is not None and hm.group()[:1].isupper():
        a1 = hm.end()
        while a1 < len(text) and text[a1] in " \u00a0":
            a1 += 1
        hm = HONORIFIC_RE.match(text, a1)
    i = bisect.bisect_left(starts, a1)
    if i < len(persons) and persons[i].start == a1:
        tail = text[persons[i].end : persons[i].end + 40]
        if (
            verb_first is not None
            or _SPEECH_VERB.match(tail.lstrip())
            or ":" in text[qe:a0]
            or not tail.strip()
        ):
            return persons[i], bool(_SOCIAL_CUE.search(text[para_start:qs] + tail))
    before = text[para_start:qs]
    social = bool(_SOCIAL_CUE.search(_sentence_tail(before)))
    if _PRONOUN_AFTER.match(after):
        return _last_speaker(text, persons, starts, qs), social
    # 2. before the quote: the person right before the last speech verb of the sentence
    sent = _sentence_tail(before)
    s0 = qs - len(sent)
    verbs = list(_SPEECH_VERB.finditer(text, s0, qs))
    if verbs:
        v = verbs[-1]
        hindi = regex.search(r"((?:[\p{Devanagari}]+ ){1,2})ने\s*$", text[s0 : v.start()])
        if hindi:
            hs = s0 + hindi.start(1)
            name = hindi.group(1).strip()
            he = hs + len(name)
            while " " in name and name.split(" ", 1)[0] in _HINDI_STOP:
                first = name.split(" ", 1)[0]
                name = name[len(first) + 1 :]
                hs += len(first) + 1
            for p in persons:
                if p.end == he or (p.start <= hs < p.end):
                    return p, social
            if _title_key(name) in titles or _title_key(name.split()[-1]) in titles:
                return None, social  # an office we could not resolve (no posted date)
            return _Mention(hs, he, "cue", None, name), social
        cand = _nearest_before(persons, starts, v.start())
        if cand is not None and cand.start >= s0:
            return cand, social or bool(_SOCIAL_CUE.search(text[s0:qs]))
        return _last_speaker(text, persons, starts, qs), social
    return _last_speaker(text, persons, starts, qs), social


def _sentence_tail(before: str) -> str:
    """The part of ``before`` after its last sentence end (". " / "। ")."""
    cut = max(before.rfind(". "), before.rfind("। "), before.rfind("? "), before.rfind("! "))
    return before[cut + 2 :] if cut >= 0 else before


def _last_speaker(
    text: str, persons: list[_Mention], starts: list[int], pos: int
) -> _Mention | None:
    """The latest person before ``pos`` directly followed by a speech verb, else the nearest."""
    i = bisect.bisect_left(starts, pos) - 1
    lo = pos - 2000
    while i >= 0 and persons[i].start >= lo:
        p = persons[i]
        if p.end <= pos and _SPEECH_VERB.match(text[p.end : p.end + 30].lstrip()):
            return p
        i -= 1
    return _nearest_before(persons, starts, pos)


# ----------------------------------------------------------------------------- main
def person_mentions(text: str, registry: Registry, day: date | None) -> list[_Mention]:
    """All Person mentions after overlap resolution (internal objects; see :func:`suggest`)."""
    ctx = _Ctx(text, registry, day)
    ctx.words = _tokenize(text)
    ctx.starts = [w[0] for w in ctx.words]
    hon = _honorific_mentions(ctx)
    local_keys = [
        _AliasKey(tuple(normalize(m.name).split()), normalize(m.name), None, m.name, EntityKind.PERSON)
        for m in hon
        if m.name and len(normalize(m.name).split()) >= 2
    ]
    reg_hits = _alias_scan(ctx, [registry.person_blocks, _blocks(local_keys, EntityKind.PERSON)])
    stage1 = _resolve_overlaps([*hon, *reg_hits])
    _link_local_names(ctx, stage1)
    titles, named = _office_mentions(ctx, stage1)
    stage2 = _resolve_overlaps([*stage1, *named, *titles])
    _link_local_names(ctx, stage2)
    sur = _surname_mentions(ctx, stage2)
    return _resolve_overlaps([*stage2, *sur])


def suggest(
    text: str,
    registry: Registry,
    day: date | None = None,
    *,
    rejected: Iterable[tuple[int, int, str]] = (),
    existing: Iterable[tuple[int, int, str]] = (),
    labels: Iterable[str] = (PERSON, STATEMENT, TOPIC),
) -> list[Suggestion]:
    """Proposed annotations for ``text``, ordered by ``(start, end, label)``.

    ``day`` is the release's posted date in IST (offices resolve to its holders; None:
    titles are not resolved). ``rejected`` holds ``(start, end, label)`` keys the editor
    turned down; ``existing`` the keys of annotations already made: a suggestion that
    overlaps an existing annotation of the same label is left out. ``labels`` limits the
    labels proposed. Never raises for any text.
    """
    want = set(labels)
    persons = person_mentions(text, registry, day)
    out: list[Suggestion] = []
    if PERSON in want:
        for m in persons:
            out.append(Suggestion(m.start, m.end, PERSON, text[m.start:m.end], m.entity_id,
                                  m.name, rule=m.rule))
    if STATEMENT in want or PERSON in want:
        stmts = _statements(_Ctx(text, registry, day), persons)
        if STATEMENT in want:
            out.extend(stmts)
        if PERSON in want:
            taken = [(m.start, m.end) for m in persons]
            for st in stmts:
                c = st.speaker_cue
                if c is not None and not any(a < c[1] and c[0] < b for a, b in taken):
                    out.append(Suggestion(c[0], c[1], PERSON, text[c[0]:c[1]], None,
                                          st.speaker_name, rule="cue"))
                    taken.append(c)
    if TOPIC in want and any(e.kind == EntityKind.TOPIC for e in registry.entries):
        ctx = _Ctx(text, registry, day)
        ctx.words = _tokenize(text)
        for m in _resolve_overlaps(_alias_scan(ctx, [registry.topic_blocks])):
            out.append(Suggestion(m.start, m.end, TOPIC, text[m.start:m.end], m.entity_id,
                                  m.name, rule="topic"))
    rej = set(rejected)
    ex_by_label: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s, e, lab in existing:
        ex_by_label[lab].append((s, e))
    kept = []
    for sg in out:
        if sg.key in rej:
            continue
        if any(s < sg.end and sg.start < e for s, e in ex_by_label.get(sg.label, ())):
            continue
        kept.append(sg)
    return sorted(kept, key=lambda g: (g.start, g.end, g.label))


def find_occurrences(text: str, phrase: str, exclude: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """Every whole-word occurrence of ``phrase`` in ``text`` (whitespace runs match any
    whitespace; case-sensitive), as ``(start, end)`` code-point spans, minus ``exclude``."""
    words = phrase.split()
    if not words:
        return []
    pat = regex.compile(
        r"(?<![\p{L}\p{M}\p{N}])" + r"\s+".join(regex.escape(w) for w in words)
        + r"(?![\p{L}\p{M}\p{N}])"
    )
    return [m.span() for m in pat.finditer(text) if m.span() != exclude]


@dataclass(frozen=True)
class SpeakerProposal:
    """Who said a marked Statement, by the cues of :func:`suggest` (see rule 5)."""

    entity_id: int | None
    name: str | None
    statement_kind: StatementKind
    cue_span: tuple[int, int] | None = None  # where the speaker is named, if found


def propose_speaker(
    text: str,
    start: int,
    end: int,
    registry: Registry,
    day: date | None = None,
    known: Iterable[tuple[int, int, int | None, str | None]] = (),
) -> SpeakerProposal:
    """The proposed speaker of a Statement marked over ``text[start:end]``.

    Cues as for suggested quotes: "X said, “...”", "“...”, X said", "X tweeted ... “",
    "“...”: X", else the latest person who spoke before it, else the nearest preceding
    Person mention. ``known`` adds the editor's Person annotations as ``(start, end,
    entity_id, name)`` (they win over suggested mentions where they overlap). The span
    may include its quotation marks. ``name`` None when no person is found.
    """
    s, e = start, end
    while s < e and text[s] in "“\"' ":
        s += 1
    while e > s and text[e - 1] in "”\"' ,":
        e -= 1
    persons = person_mentions(text, registry, day)
    extra = [_Mention(a, b, "manual", eid, name, rank=9) for a, b, eid, name in known if b > a]
    if extra:
        persons = _resolve_overlaps([*extra, *persons])
    persons = [p for p in persons if not (s <= p.start < e)]  # not mentions inside the quote
    starts = [p.start for p in persons]
    sp, social = _quote_speaker(text, s, e, persons, starts, registry.office_by_title)
    quoted = text[max(0, s - 1) : s] in ("“", '"') or text[start:s].strip(" ") in ("“", '"')
    if social:
        kind = StatementKind.SOCIAL
    else:
        kind = StatementKind.DIRECT if quoted else StatementKind.REPORTED
    if sp is None:
        return SpeakerProposal(None, None, kind)
    return SpeakerProposal(sp.entity_id, sp.name, kind, (sp.start, sp.end))
