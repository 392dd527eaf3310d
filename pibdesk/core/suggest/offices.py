"""Rule 3: office titles ("Raksha Mantri", "the Prime Minister", "PM") resolved to
the holder on the release's posted date; foreign and modified titles are skipped.
"""

from __future__ import annotations

from pibdesk.core.names import (
    HONORIFIC_RE,
    normalize,
)
from pibdesk.core.suggest.index import _title_key
from pibdesk.core.suggest.mentions import _Ctx, _Mention
from pibdesk.core.suggest.tokens import (
    _DEMONYM,
    _DEVANAGARI,
    _HINDI_STOP,
    _INDIAN_WORDS,
    _MODIFIER_WORDS,
    _OF_FOREIGN,
    _POSSESSIVE_NAME,
    _POST_WORDS,
    _WORD,
    _name_run_latin,
)


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
