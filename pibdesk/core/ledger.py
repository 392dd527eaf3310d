"""The quote ledger: every Statement as one row, and repeated quotes grouped (issue 14).

Pure: no Qt, no SQL. :mod:`pibdesk.storage.ledger_queries` builds the raw rows in one
query, :mod:`pibdesk.services.ledger` passes them through :func:`pick_office` and
:func:`group_quotes` and writes them with :func:`write_ledger`.

Units: ``start``/``end`` are code points over the release text (end-exclusive);
``posted_at`` is aware UTC as stored, shown and written in IST (+05:30); date filters are
IST calendar days, both ends inclusive (:func:`utc_bounds`).

Grouping (:func:`group_quotes`): for one speaker, the same statement repeated across
releases is one group. Quotes are compared by their :func:`quote_key` (tweet footers,
links and punctuation dropped, casefolded, spaces collapsed) with
``rapidfuzz.fuzz.ratio`` (normalised Indel similarity, 0-100), and join a group at
:data:`GROUP_THRESHOLD` (90) or more. Why that scorer and threshold, measured on the
corpus (``tests/ledger/test_grouping.py``): ``ratio`` counts every character inserted or
deleted over *both* whole quotes, so a retyped space or a swapped word keeps a long quote
together (Amit Shah's tweet quoted in txt_1620591.txt and in its Hindi copy,
"@narendramodi सरकार" vs "मोदी सरकार" and three spaces: 97), while a quote that only
*contains* another does not join it: ``partial_ratio`` and ``token_set_ratio`` score 100
for a book title against the tweet announcing the book (PIB-Direct 2298072/2298152), and
the Prime Minister's condolence tweets on different accidents, written on one template,
score 72-78 with ``ratio`` (PIB-Direct 2300333/2301110/...), so 90 leaves a margin on
both sides.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import IO, Any

import regex
from rapidfuzz import fuzz, process

from pibdesk.core.model import IST, StatementKind

#: Minimum ``rapidfuzz.fuzz.ratio`` of two quote keys to group them (see module doc).
GROUP_THRESHOLD = 90.0
#: Output formats of :func:`write_ledger`.
FORMATS = ("csv", "jsonl", "md")


@dataclass(frozen=True)
class TranslationLink:
    """A release's "Read this release in" link: ISO language code (or None), the label as
    printed ("Urdu"), and the linked PRID when known."""

    language: str | None
    label: str
    release_id: int | None = None

    def text(self) -> str:
        """``"Urdu"`` or ``"Hindi (1620591)"``."""
        name = self.label or self.language or "?"
        return f"{name} ({self.release_id})" if self.release_id is not None else name


@dataclass(frozen=True)
class OfficeHeld:
    """An office term of the speaker covering the release's IST posted day:
    ``office_id``, the registry ``name`` ("Minister of Defence"), its ``titles``
    (aliases: "Raksha Mantri", ...) and the term's ``start`` (ISO date)."""

    office_id: int
    name: str
    titles: tuple[str, ...]
    start: str


@dataclass(frozen=True)
class LedgerRow:
    """One Statement annotation with what the ledger shows about it.

    ``speaker``/``topic`` are the linked entities' names (None when not linked);
    ``office`` the office the speaker held on the posted day (IST) as the release titles
    it (see :func:`pick_office`), ``office_name`` the registry's name of that office;
    ``kind`` the statement kind; ``posted_at`` aware UTC or None; ``translations`` the
    release's language links. ``group_id``/``group_count``/``group_first``/
    ``group_last`` are filled by :func:`group_quotes` (the group's id is its first
    statement's annotation id; first/last are the earliest and latest posted times).
    """

    annotation_id: int
    release_pk: int
    start: int
    end: int
    quote: str
    kind: StatementKind | None
    speaker_id: int | None
    speaker: str | None
    topic_id: int | None
    topic: str | None
    release_id: int | None
    ministry: str | None
    title: str
    posted_at: datetime | None
    language: str | None = None
    office: str | None = None
    office_name: str | None = None
    translations: tuple[TranslationLink, ...] = ()
    row_version: int = 1
    group_id: int | None = None
    group_count: int = 1
    group_first: datetime | None = None
    group_last: datetime | None = None

    @property
    def posted_ist(self) -> datetime | None:
        """``posted_at`` in IST."""
        return self.posted_at.astimezone(IST) if self.posted_at is not None else None


@dataclass(frozen=True)
class LedgerQuery:
    """Which statements to list. ``speaker_ids``/``topic_ids``: entity ids (empty = any);
    ``since``/``until``: IST calendar days, inclusive (None = open); ``text``: a
    case-insensitive substring of the quote (empty = any)."""

    speaker_ids: tuple[int, ...] = ()
    topic_ids: tuple[int, ...] = ()
    since: date | None = None
    until: date | None = None
    text: str = ""


def utc_bounds(since: date | None, until: date | None) -> tuple[datetime | None, datetime | None]:
    """``[lo, hi)`` in aware UTC for IST days ``since``..``until`` inclusive: 00:00 IST of
    ``since`` and 00:00 IST of the day after ``until`` (IST is +05:30, no DST)."""
    lo = datetime.combine(since, time(0), IST).astimezone(UTC) if since else None
    hi = (
        datetime.combine(until + timedelta(days=1), time(0), IST).astimezone(UTC)
        if until else None
    )
    return lo, hi


# ----------------------------------------------------------------------------- office
_WORD = r"(?<![\p{L}\p{M}\p{N}])"
_END = r"(?![\p{L}\p{M}\p{N}])"


@lru_cache(maxsize=4096)
def _titles_re(titles: tuple[str, ...]) -> regex.Pattern[str]:
    alts = "|".join(regex.escape(t) for t in sorted(set(titles), key=lambda t: (-len(t), t)) if t)
    return regex.compile(_WORD + "(?:" + alts + ")" + _END, regex.IGNORECASE)


def _title_hit(h: OfficeHeld, title: str, at: int) -> tuple[int, str] | None:
    hits = [(m.start(), m.group()) for m in _titles_re((h.name, *h.titles)).finditer(title)]
    if not hits:
        return None
    before = [x for x in hits if at >= 0 and x[0] < at]
    if before:  # the nearest before the speaker's name
        return max(before, key=lambda x: x[0])
    return hits[0]


@lru_cache(maxsize=65536)
def pick_office(
    held: tuple[OfficeHeld, ...], title: str, speaker: str | None = None
) -> tuple[str | None, str | None]:
    """``(office as titled, office name)`` for a speaker holding the offices ``held`` on
    the posted day, given the release ``title`` and the speaker's name.

    The office is shown as the release titles it: of its name and titles found as whole
    words in the release title (case-insensitive, the longest where two start together),
    the one nearest before the speaker's name (PIB heads a Defence release "Raksha Mantri
    Shri Rajnath Singh co-chairs ... with Japanese Defence Minister ...": "Raksha
    Mantri"), else the first; else its registry name. The title is given as the office
    registry spells it ("Raksha Mantri" for "raksha mantri"). When several terms cover
    the day, the office whose title the release title uses wins, else the
    latest-starting term. ``(None, None)`` when no term covers the day. Cached (the
    five statements of one release ask the same).
    """
    if not held:
        return None, None
    low = title.casefold()
    at = -1
    if speaker:
        at = low.find(speaker.casefold())
        if at < 0 and speaker.split():  # "Shri Chouhan": the surname
            at = low.find(speaker.split()[-1].casefold())
    hits = {h: _title_hit(h, title, at) for h in held}
    best = max(held, key=lambda h: (hits[h] is not None, h.start))
    hit = hits[best]
    if hit is None:
        return best.name, best.name
    spelled = {t.casefold(): t for t in (best.name, *best.titles)}
    return spelled.get(hit[1].casefold(), hit[1]), best.name


# ----------------------------------------------------------------------------- grouping
_TWEET_PIC = regex.compile(r"pic\.twitter\.com/\S+|https?://\S+", regex.IGNORECASE)
#: an embedded tweet's attribution: "— Narendra Modi (@narendramodi) August 12, 2026"
_TWEET_TAIL = regex.compile(r"[—–-]\s*[^—–\n]{0,80}\(@\w+\)\s*[\p{L}.]+\s+\d{1,2},\s*\d{4}\s*$")
_NOT_WORD = regex.compile(r"[^\p{L}\p{M}\p{N}]+")


def quote_key(quote: str) -> str:
    """The text two quotes are compared by: NFKC, tweet links and attribution dropped,
    casefolded, every run of non-letters/marks/digits one space (vowel signs of Indic
    scripts are marks and are kept)."""
    t = quote if unicodedata.is_normalized("NFKC", quote) else unicodedata.normalize("NFKC", quote)
    if "http" in t or "twitter" in t or "(@" in t:
        t = _TWEET_TAIL.sub(" ", _TWEET_PIC.sub(" ", t))
    return _NOT_WORD.sub(" ", t.casefold()).strip()


#: How many words of a quote index it: its longest distinct words (ties in code-point
#: order), so two quotes that differ by a few words still share most of them.
_SKETCH = 6


def _shingles(key: str) -> list[str]:
    words = sorted(set(key.split()))
    if len(words) > _SKETCH:
        words.sort(key=len, reverse=True)  # stable: ties stay in code-point order
        del words[_SKETCH:]
    return words


#: A word shared by more groups than this says nothing about sameness (skipped).
_COMMON = 64


#: A group's quotes compared with a new one: its first few and its latest (a group of
#: thousands of variants would otherwise make one statement cost thousands of scores).
_FIRST_KEYS, _LAST_KEYS = 2, 6


def _some(keys: list[str]) -> list[str]:
    if len(keys) <= _FIRST_KEYS + _LAST_KEYS:
        return keys
    return keys[:_FIRST_KEYS] + keys[-_LAST_KEYS:]


def _with_group(r: LedgerRow, gid: int, count: int, first: datetime | None,
                last: datetime | None) -> LedgerRow:
    # dataclasses.replace re-runs __init__ and took a quarter of grouping 50,000 rows
    # (benchmarks/bench_ledger.py); a copy of the instance dict makes the same frozen row
    new = object.__new__(LedgerRow)
    d = new.__dict__
    d.update(r.__dict__)
    d["group_id"], d["group_count"], d["group_first"], d["group_last"] = gid, count, first, last
    return new


def assign_groups(
    items: Sequence[tuple[int | None, str, datetime | None, int]],
    threshold: float = GROUP_THRESHOLD,
) -> list[tuple[int, int, datetime | None, datetime | None]]:
    """Repeated-quote groups of ``items`` = ``(speaker_id, quote, posted_at,
    annotation_id)``: one ``(group_id, count, first, last)`` per item, in order.

    Per speaker, statements are taken oldest first (undated last, then by annotation
    id); a statement joins the earlier group holding a quote whose :func:`quote_key`
    equals its own, else the group with the best ``rapidfuzz.fuzz.ratio`` of at least
    ``threshold`` among the (at most 4) groups sharing the most index words with it (at
    least two; compared with each group's first 2 and latest 6 distinct quotes), else it
    starts a group whose id is its annotation id. Index words are a quote's 6 longest
    distinct words (an inverted index per speaker), so the work grows with the number of
    statements, not its square. Statements without a speaker are not grouped (each
    alone). ``first``/``last``: the group's earliest and latest posted times (None when
    none is dated).
    """
    far = datetime.max.replace(tzinfo=UTC)
    order = sorted(range(len(items)), key=lambda i: (items[i][2] or far, items[i][3]))
    group_of = [0] * len(items)
    members: dict[int, list[int]] = defaultdict(list)  # group id -> item indexes
    # per speaker: key -> group id, and index word -> groups holding it
    exact: dict[int, dict[str, int]] = defaultdict(dict)
    index: dict[int, dict[str, list[int]]] = defaultdict(dict)
    keys_of: dict[int, list[str]] = defaultdict(list)  # group id -> its distinct keys
    key_memo: dict[str, str] = {}
    for i in order:
        spk, quote, _posted, aid = items[i]
        if spk is None:
            group_of[i] = aid
            members[aid].append(i)
            continue
        key = key_memo.get(quote)
        if key is None:
            key = key_memo[quote] = quote_key(quote)
        said = exact[spk]
        gid = said.get(key)
        if gid is None:
            words = index[spk]
            sh = _shingles(key) if key else []
            hits: list[int] = []
            for word in sh:
                post = words.get(word)
                if post is not None and len(post) <= _COMMON:
                    hits.extend(post)
            if len(hits) > 1:
                votes = Counter(hits)  # one count, in C
                need = min(2, len(sh))
                cands = [g for g, n in votes.items() if n >= need]
                if len(cands) > 4:
                    cands = sorted(cands, key=votes.__getitem__, reverse=True)[:4]
                if cands:
                    keys = [k for g in cands for k in _some(keys_of[g])]
                    owners = [g for g in cands for _k in _some(keys_of[g])]
                    best = process.extractOne(key, keys, scorer=fuzz.ratio,
                                              score_cutoff=threshold)
                    if best is not None:
                        gid = owners[best[2]]
            elif hits and len(sh) == 1:  # a one-word key: its word is the whole key
                cand = hits[0]
                if fuzz.ratio(key, keys_of[cand][-1], score_cutoff=threshold):
                    gid = cand
            if gid is None:
                gid = aid
            said[key] = gid
            keys_of[gid].append(key)
            for word in sh:
                post = words.get(word)
                if post is None:
                    words[word] = [gid]
                elif post[-1] != gid:
                    post.append(gid)
        group_of[i] = gid
        members[gid].append(i)
    info: dict[int, tuple[int, int, datetime | None, datetime | None]] = {}
    for gid, idx in members.items():
        dates = [d for i in idx if (d := items[i][2]) is not None]
        info[gid] = (gid, len(idx), min(dates) if dates else None, max(dates) if dates else None)
    return [info[g] for g in group_of]


def group_quotes(rows: Iterable[LedgerRow], threshold: float = GROUP_THRESHOLD) -> list[LedgerRow]:
    """``rows`` with their group fields set (:func:`assign_groups`), in the same order."""
    rows = list(rows)
    groups = assign_groups(
        [(r.speaker_id, r.quote, r.posted_at, r.annotation_id) for r in rows], threshold)
    return [_with_group(r, *g) for r, g in zip(rows, groups, strict=True)]


def group_heads(rows: Sequence[LedgerRow]) -> list[LedgerRow]:
    """One row per group (its first statement: earliest posted, then lowest id), in the
    order the groups first appear in ``rows``."""
    far = datetime.max.replace(tzinfo=UTC)
    best: dict[int | None, LedgerRow] = {}
    seen: list[int | None] = []
    for r in rows:
        g = r.group_id if r.group_id is not None else r.annotation_id
        cur = best.get(g)
        if cur is None:
            seen.append(g)
            best[g] = r
        elif (r.posted_at or far, r.annotation_id) < (cur.posted_at or far, cur.annotation_id):
            best[g] = r
    return [best[g] for g in seen]


# ----------------------------------------------------------------------------- output
#: Columns of the CSV / keys of the JSON Lines output, in order.
COLUMNS = (
    "group", "group_count", "group_first", "group_last", "speaker", "office", "office_name",
    "quote", "kind", "topics", "release_id", "ministry", "posted", "title", "translations",
    "language", "annotation_id", "release_pk", "start", "end",
)


def _iso(d: datetime | None) -> str | None:
    return d.astimezone(IST).isoformat() if d is not None else None


def record(r: LedgerRow) -> dict[str, Any]:
    """One row as a plain dict with :data:`COLUMNS` as keys: times IST ISO-8601
    (``2019-09-02T19:22:00+05:30``), ``kind`` its value ("social"), ``topics`` a list of
    names, ``translations`` a list of ``{"language", "label", "release_id"}``."""
    return {
        "group": r.group_id,
        "group_count": r.group_count,
        "group_first": _iso(r.group_first),
        "group_last": _iso(r.group_last),
        "speaker": r.speaker,
        "office": r.office,
        "office_name": r.office_name,
        "quote": r.quote,
        "kind": r.kind.value if r.kind is not None else None,
        "topics": [r.topic] if r.topic else [],
        "release_id": r.release_id,
        "ministry": r.ministry,
        "posted": _iso(r.posted_at),
        "title": r.title,
        "translations": [
            {"language": t.language, "label": t.label, "release_id": t.release_id}
            for t in r.translations
        ],
        "language": r.language,
        "annotation_id": r.annotation_id,
        "release_pk": r.release_pk,
        "start": r.start,
        "end": r.end,
    }


def _flat(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return "; ".join(
            TranslationLink(x["language"], x["label"], x["release_id"]).text()
            if isinstance(x, dict) else str(x)
            for x in v
        )
    return str(v)


def write_ledger(rows: Iterable[LedgerRow], fmt: str, out: IO[str]) -> int:
    """Write ``rows`` to the text stream ``out`` as ``csv`` (RFC 4180, a header row of
    :data:`COLUMNS`; lists joined with "; "), ``jsonl`` (one JSON object per line, see
    :func:`record`) or ``md`` (a GitHub-flavoured Markdown table of the main columns).
    Returns the number of rows. Raises ``ValueError`` for another format."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown ledger format {fmt!r} (use {', '.join(FORMATS)})")
    n = 0
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\r\n")
        w.writerow(COLUMNS)
        for r in rows:
            rec = record(r)
            w.writerow([_flat(rec[c]) for c in COLUMNS])
            n += 1
    elif fmt == "jsonl":
        for r in rows:
            out.write(json.dumps(record(r), ensure_ascii=False) + "\n")
            n += 1
    else:
        cols = ("group", "speaker", "office", "quote", "kind", "topics", "release_id",
                "ministry", "posted", "translations")
        out.write("| " + " | ".join(cols) + " |\n")
        out.write("|" + "---|" * len(cols) + "\n")
        for r in rows:
            rec = record(r)
            cells = [_flat(rec[c]).replace("|", "\\|").replace("\n", " ") for c in cols]
            out.write("| " + " | ".join(cells) + " |\n")
            n += 1
    return n


def ledger_text(rows: Iterable[LedgerRow], fmt: str) -> str:
    """:func:`write_ledger` into a string."""
    buf = io.StringIO()
    write_ledger(rows, fmt, buf)
    return buf.getvalue()
