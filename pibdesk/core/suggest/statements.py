"""Rule 5: Statements (double-quoted speech of 4+ words, embedded tweets) and their
speaker from cues ("X said, “...”", "“...”, X said", "X tweeted"), and
:func:`propose_speaker` for a Statement the editor marks.
"""

from __future__ import annotations

import bisect
from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date

import regex
from rapidfuzz import fuzz

from pibdesk.core.model import StatementKind
from pibdesk.core.names import (
    HONORIFIC_RE,
)
from pibdesk.core.suggest.index import Registry, _title_key
from pibdesk.core.suggest.mentions import STATEMENT, Suggestion, _Ctx, _Mention
from pibdesk.core.suggest.people import _resolve_overlaps, person_mentions
from pibdesk.core.suggest.tokens import (
    _HINDI_STOP,
    _PRONOUN_AFTER,
    _SOCIAL_CUE,
    _SPEECH_VERB,
    _WORD,
)
from pibdesk.core.suggest.tweets import _tweet_lines

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
