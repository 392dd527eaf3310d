"""Person names: honorifics, normalisation and the search key of an alias.

PIB releases name people with an honorific or rank in front ("Shri Rajnath Singh",
"Smt. Nirmala Sitharaman", "Lt Gen Manoj Pande", "श्री किरेन रिजिजू"). The registry keeps
names without them, and matching ignores case, accents, punctuation and honorifics.

Sources of the honorific list:

* Indian civil honorifics (Shri, Smt., Sushri, Kumari, Km., Dr., Prof.) and their
  Devanagari forms (श्री, श्रीमती, सुश्री, कुमारी, डॉ.): Wikipedia "Indian honorifics",
  https://en.wikipedia.org/wiki/Indian_honorifics, and "Shri",
  https://en.wikipedia.org/wiki/Shri; every one of them is printed in the PIB corpus
  (``../shared/corpus/raw``, e.g. txt_1583904 "Shri Rajnath Singh", html_2296750
  "Smt. Chanchal Yadav", txt_1652914_hi "श्री किरेन रिजिजू").
* Diplomatic styles (H.E., His/Her Excellency): Wikipedia "Excellency",
  https://en.wikipedia.org/wiki/Excellency (txt_1629120 "H.E. Ms Salome Zourabichvili").
* Armed-forces ranks (Gen, Lt Gen, Maj Gen, Brig, Col, Admiral, Vice Admiral, Air Chief
  Marshal, Air Marshal, ...): Wikipedia "Army ranks and insignia of India",
  https://en.wikipedia.org/wiki/Army_ranks_and_insignia_of_India, and the Navy / Air
  Force pages it links; PIB prints them before names (html_2296750 "Admiral D. K. Joshi").
* English styles Mr, Mrs, Ms, Miss, Sir, Dame and the honorific epithets Netaji, Veer,
  Sardar, Pandit/Pt., Swami, Sant (html_2296750 "Netaji Subhas Chandra Bose",
  "Veer Vinayak Damodar Savarkar").
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

#: Honorifics and ranks that precede a name and are not part of it (longest first
#: when matched). Dots are optional in matching ("Dr" = "Dr.", "Lt. Gen." = "Lt Gen").
HONORIFICS: tuple[str, ...] = (
    # civil, Indian
    "Shri", "Sri", "Shrimati", "Smt", "Sushri", "Kumari", "Km", "Dr", "Prof", "Professor",
    "Shree", "Hon'ble", "Honourable", "Justice",
    # English and diplomatic
    "Mr", "Mrs", "Ms", "Miss", "Sir", "Dame", "H.E", "His Excellency", "Her Excellency",
    # epithets printed before a name (not part of it)
    "Netaji", "Veer", "Sardar", "Pandit", "Pt", "Swami", "Sant",
    # armed forces (army, navy, air force)
    "General", "Gen", "Lieutenant General", "Lt Gen", "Lt General", "Major General", "Maj Gen",
    "Brigadier", "Brig", "Colonel", "Col", "Lieutenant Colonel", "Lt Col", "Major", "Maj",
    "Captain", "Capt", "Lieutenant", "Lt", "Field Marshal",
    "Admiral", "Vice Admiral", "Rear Admiral", "Commodore", "Cmde", "Commander", "Cdr",
    "Air Chief Marshal", "Air Marshal", "Air Vice Marshal", "Air Commodore",
    "Group Captain", "Gp Capt", "Wing Commander", "Wg Cdr", "Squadron Leader", "Sqn Ldr",
    # Devanagari (Hindi) forms
    "श्री", "श्रीमती", "सुश्री", "कुमारी", "डॉ", "डा", "प्रो", "माननीय",
)

#: Epithets that PIB prints as part of the name people use ("Mahatma Gandhi"): a
#: mention keeps them in its span.
KEPT_EPITHETS: tuple[str, ...] = ("Mahatma",)


def _honorific_pattern() -> str:
    # "Dr" matches "Dr" and "Dr."; "Lt Gen" matches "Lt. Gen."; an inner dot is required
    # ("H.E" matches "H.E." and "H. E.", never the word "HE").
    parts = []
    for h in sorted(set(HONORIFICS), key=len, reverse=True):
        words = []
        for w in h.split():
            pieces = [regex.escape(p) for p in w.split(".") if p]
            words.append(r"\.\s?".join(pieces) + r"\.?")
        parts.append(r"\s+".join(words))
    return "|".join(parts)


#: One honorific (with optional dots) at a position; followed by a space or end.
HONORIFIC_RE = regex.compile(
    r"(?:" + _honorific_pattern() + r")(?=[\s\u00a0]|$)", regex.IGNORECASE | regex.V1
)
_LEADING_HONORIFICS = regex.compile(
    r"^(?:(?:" + _honorific_pattern() + r")(?:[\s\u00a0,]+|$))+", regex.IGNORECASE | regex.V1
)
_PUNCT = regex.compile(r"[\p{P}\p{S}]+")
_POSSESSIVE = regex.compile(r"'s\b")
_SPACES = regex.compile(r"\s+")


def strip_honorifics(name: str) -> str:
    """``name`` without the honorifics and ranks in front of it, whitespace trimmed.

    ``"Shri Shri Anup Kumar Singh"`` -> ``"Anup Kumar Singh"``; ``"H.E. Ms Salome
    Zourabichvili"`` -> ``"Salome Zourabichvili"``; ``"श्री किरेन रिजिजू"`` -> ``"किरेन रिजिजू"``.
    A name that is nothing but an honorific is returned unchanged (trimmed).
    """
    s = name.strip()
    rest = _LEADING_HONORIFICS.sub("", s).strip()
    return rest or s


def _strip_latin_accents(s: str) -> str:
    # Drop combining marks only after Latin letters: Devanagari vowel signs are marks
    # too and must stay.
    out: list[str] = []
    prev_latin = False
    for ch in unicodedata.normalize("NFKD", s):
        if unicodedata.combining(ch):
            if prev_latin:
                continue
        else:
            prev_latin = ch.isascii() or "LATIN" in unicodedata.name(ch, "")
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """The search key of a name or alias: honorific-free, accent-free, casefolded.

    Punctuation becomes a space and runs of spaces one space: ``"Shri C. P.
    Radhakrishnan"`` -> ``"c p radhakrishnan"``, ``"José"`` -> ``"jose"``. Devanagari and
    other scripts keep their vowel signs. Never raises; ``""`` for an empty name.
    """
    s = strip_honorifics(name)
    s = _strip_latin_accents(s).casefold()
    s = s.replace("’", "'")
    s = _POSSESSIVE.sub("", s)
    s = _PUNCT.sub(" ", s)
    return _SPACES.sub(" ", s).strip()


@lru_cache(maxsize=65536)
def normalize_word(word: str) -> str:
    """The search key of one word (letters, marks, digits): accent-free, casefolded.

    Equals ``normalize(word)`` for such a word, only faster (no honorific or punctuation
    handling); used to tokenise whole release texts.
    """
    if word.isascii():
        return word.casefold()
    return _strip_latin_accents(word).casefold()


#: The first word of every honorific, as :func:`normalize_word` gives it (a cheap filter
#: before :data:`HONORIFIC_RE` is tried at a position).
HONORIFIC_FIRST_WORDS: frozenset[str] = frozenset(
    normalize_word(regex.match(r"[\p{L}\p{M}\p{N}]+", h).group())  # type: ignore[union-attr]
    for h in HONORIFICS
)


def alias_forms(name: str) -> list[str]:
    """Surface forms worth storing as aliases for ``name`` (the given name first).

    Generated forms are honorific-free: the name without its honorifics, and that form
    without dots in initials (``"Shri C. P. Radhakrishnan"`` -> ``"C. P. Radhakrishnan"``,
    ``"C P Radhakrishnan"``). Duplicates removed, order kept; ``[]`` for a blank name.
    """
    base = strip_honorifics(name)
    forms = [base, _SPACES.sub(" ", base.replace(".", " ")).strip()]
    out: list[str] = []
    for f in forms:
        if f and f not in out:
            out.append(f)
    return out


def surname(name: str) -> str:
    """The last word of the honorific-free normalised name (``""`` if none)."""
    parts = normalize(name).split()
    return parts[-1] if parts else ""
