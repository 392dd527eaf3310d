"""Person mentions: rule 1 (honorifics), rule 2 (registry aliases, fuzzy), rule 4
(surnames), overlap resolution, and :func:`person_mentions`, which runs them with
rule 3 (:mod:`pibdesk.core.suggest.offices`) in order.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

import regex
from rapidfuzz import fuzz

from pibdesk.core.model import EntityKind
from pibdesk.core.names import (
    HONORIFIC_FIRST_WORDS,
    HONORIFIC_RE,
    KEPT_EPITHETS,
    normalize,
)
from pibdesk.core.suggest.index import FUZZY_MIN, Registry, _AliasKey, _Blocks, _blocks
from pibdesk.core.suggest.mentions import _Ctx, _Mention
from pibdesk.core.suggest.offices import _office_mentions
from pibdesk.core.suggest.tokens import (
    _DEVANAGARI,
    _PLACE_WORDS,
    _WEAK_HONORIFICS,
    _WORD,
    _name_run_devanagari,
    _name_run_latin,
    _tokenize,
)


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



# ----------------------------------------------------------------------------- all rules
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
