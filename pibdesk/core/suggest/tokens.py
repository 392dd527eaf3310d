"""Words, capitalised name runs and the patterns the suggestion rules share.

Offsets are Unicode code points, end-exclusive, over the release text.
"""

from __future__ import annotations

import re

import regex

from pibdesk.core.names import (
    HONORIFIC_RE,
    normalize_word,
)

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
