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

The rules live in one module per concern: :mod:`.index` (registry snapshot, alias
index), :mod:`.tokens`, :mod:`.people` (rules 1, 2, 4), :mod:`.offices` (rule 3),
:mod:`.statements` and :mod:`.tweets` (rule 5); this package re-exports the public names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import regex

from pibdesk.core.model import EntityKind
from pibdesk.core.suggest.index import FUZZY_MIN, OfficeInfo, Registry, RegistryEntry, Term
from pibdesk.core.suggest.mentions import PERSON, STATEMENT, TOPIC, Suggestion, _Ctx
from pibdesk.core.suggest.people import _alias_scan, _resolve_overlaps, person_mentions
from pibdesk.core.suggest.statements import SpeakerProposal, _statements, propose_speaker
from pibdesk.core.suggest.tokens import _tokenize

__all__ = [
    "FUZZY_MIN",
    "PERSON",
    "STATEMENT",
    "TOPIC",
    "OfficeInfo",
    "Registry",
    "RegistryEntry",
    "SpeakerProposal",
    "Suggestion",
    "Term",
    "find_occurrences",
    "person_mentions",
    "propose_speaker",
    "suggest",
]


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
