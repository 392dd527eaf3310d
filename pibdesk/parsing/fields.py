"""Field rules shared by the text, HTML and dataset readers.

Each helper names the PIB page element or SOURCES.md section its rule comes from
(SOURCES.md = ``shared/corpus/SOURCES.md``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs, urlparse

from pibdesk.core.model import IST, Translation

# ----------------------------------------------------------------------------- dates
_MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8,
    "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
    "nov": 11, "november": 11, "dec": 12, "december": 12,
    # Hindi pages (SOURCES.md "Current pages": the `प्रविष्टि तिथि:` label)
    "जनवरी": 1, "फरवरी": 2, "फ़रवरी": 2, "मार्च": 3, "अप्रैल": 4, "मई": 5, "जून": 6,
    "जुलाई": 7, "अगस्त": 8, "सितंबर": 9, "सितम्बर": 9, "अक्टूबर": 10, "अक्तूबर": 10,
    "नवंबर": 11, "नवम्बर": 11, "दिसंबर": 12, "दिसम्बर": 12,
}  # fmt: skip

#: "02 SEP 2019 7:22PM by PIB Delhi" (SOURCES.md: `#PrDateTime` regex, widened to full
#: month names, Hindi month names, "09-Sep-2019", "7.22 PM" and a 24-hour clock).
_DATE_RE = re.compile(
    r"(?P<day>\d{1,2})[\s\-/.,]*(?P<mon>[^\s\d,./\-:]+)[\s\-/.,]*(?P<year>\d{4})"
    r"[\s,]+(?P<hour>\d{1,2})[:.](?P<minute>\d{2})\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?)?"
    r"(?:\s*IST)?"
)
_BY_RE = re.compile(r"\bby\s+(?P<bureau>\S.*?)\s*$", re.IGNORECASE)
_WS_RE = re.compile(r"\s+")

#: The label before the date on the page: English, or Hindi on Hindi pages.
POSTED_LABEL_RE = re.compile(
    r"^\s*(?:Posted\s+On|प्रविष्टि\s+तिथि)\s*:\s*(?P<rest>.*)$", re.IGNORECASE
)


def collapse_ws(s: str) -> str:
    """Runs of whitespace (any, including newlines) to one space, ends stripped."""
    return _WS_RE.sub(" ", s).strip()


def parse_posted_on(line: str) -> tuple[datetime | None, str | None]:
    """``(posted_at, bureau)`` from a date line, e.g. the ``#PrDateTime`` text.

    ``"Posted On: 02 SEP 2019 7:22PM by PIB Delhi"`` gives
    ``(2019-09-02 19:22+05:30, "PIB Delhi")``; the label is optional (the aswinpradeep
    CSV has ``"11 SEP 2020 11:50AM by PIB Imphal"``). Times are IST wall-clock times,
    returned aware in :data:`~pibdesk.core.model.IST`. Parts that cannot be read are
    ``None``; this never raises.
    """
    s = collapse_ws(line)
    m = POSTED_LABEL_RE.match(s)
    if m:
        s = m.group("rest")
    posted_at: datetime | None = None
    bureau: str | None = None
    d = _DATE_RE.search(s)
    if d:
        posted_at = _to_datetime(d)
        tail = s[d.end() :]
    else:
        tail = s
    b = _BY_RE.search(tail)
    if b:
        bureau = b.group("bureau")
    return posted_at, bureau


def _to_datetime(m: re.Match[str]) -> datetime | None:
    month = _MONTHS.get(m.group("mon").casefold())
    if month is None:
        return None
    hour, minute = int(m.group("hour")), int(m.group("minute"))
    ampm = m.group("ampm")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        pm = ampm[0] in "Pp"
        hour = hour % 12 + (12 if pm else 0)
    try:
        return datetime(int(m.group("year")), month, int(m.group("day")), hour, minute, tzinfo=IST)
    except ValueError:
        return None


# ----------------------------------------------------------------------------- footer
#: "(Release ID: 1583904)" — `span#ReleaseId`, and the text footer of Shape B.
RELEASE_ID_RE = re.compile(r"\(\s*Release\s+ID\s*:\s*(?P<id>\d+)\s*\)", re.IGNORECASE)
#: "Visitor Counter : 744" — `span#lblViews`.
VISITOR_RE = re.compile(r"Visitor\s+Counter\s*:\s*(?P<n>\d[\d,]*)", re.IGNORECASE)
#: A whole footer line of Shape B: release id and/or visitor counter, nothing else.
FOOTER_LINE_RE = re.compile(
    r"^\s*(?:\(\s*Release\s+ID\s*:\s*\d+\s*\))?\s*(?:Visitor\s+Counter\s*:\s*\d[\d,]*)?\s*$",
    re.IGNORECASE,
)
#: "Read this release in: Urdu , Malayalam" — `div.ReleaseLang`.
READ_IN_RE = re.compile(r"^\s*Read\s+this\s+release\s+in\s*:\s*(?P<labels>.*)$", re.IGNORECASE)
#: Mumbai regional footer, SOURCES.md (txt_1629096): "Follow us on social media: @PIBMumbai ...".
FOLLOW_RE = re.compile(r"^\s*Follow\s+us\s+on\s+social\s+media\b", re.IGNORECASE)
#: The 2021+ banner whose image alt text lands in copy-pasted text (SOURCES.md, `#lg_g`).
BANNER_RE = re.compile(r"^\s*azadi\s+ka\s+amrit\s+mahotsav\s*$", re.IGNORECASE)

#: Contact lines printed under the sign-off ("E-Mail - hipessi[at]gmail[dot]com").
CONTACT_RE = re.compile(r"^\s*(?:E-?mail|Email ID|Tel|Phone|Ph|Mob|Mobile)\b", re.IGNORECASE)

#: The `****` / `* * *` separator before the sign-off (any run of three or more stars).
SEPARATOR_RE = re.compile(r"^[\s*]*\*[\s*]*\*[\s*]*\*[\s*]*$")


def parse_int(s: str) -> int | None:
    """``"1,121"`` -> 1121; None when there is no number."""
    digits = s.replace(",", "").strip()
    return int(digits) if digits.isdigit() else None


def prid_from_url(href: str) -> int | None:
    """The ``PRID=`` query value of a PIB link (``PressReleasePage.aspx?PRID=2296816``)."""
    try:
        query = urlparse(href.strip()).query
    except ValueError:
        return None
    for key, values in parse_qs(query).items():
        if key.casefold() in ("prid", "relid") and values:
            n = parse_int(values[0])
            if n is not None:
                return n
    return None


# ----------------------------------------------------------------------------- languages
#: Link labels of `div.ReleaseLang` (English names, or the language's own name) -> code.
#: ISO 639-1 where one exists, else ISO 639-2/3 (``mni`` Manipuri, ``kok`` Konkani ...).
LANGUAGE_LABELS: dict[str, str] = {
    "english": "en", "hindi": "hi", "हिन्दी": "hi", "हिंदी": "hi", "urdu": "ur", "اردو": "ur",
    "punjabi": "pa", "ਪੰਜਾਬੀ": "pa", "gujarati": "gu", "ગુજરાતી": "gu", "marathi": "mr",
    "मराठी": "mr", "bengali": "bn", "bangla": "bn", "বাংলা": "bn", "assamese": "as",
    "অসমীয়া": "as", "manipuri": "mni", "মণিপুরী": "mni", "মণিপুরি": "mni", "ꯃꯤꯇꯩꯂꯣꯟ": "mni",
    "meitei": "mni", "odia": "or", "oriya": "or", "ଓଡ଼ିଆ": "or", "ଓଡିଆ": "or", "tamil": "ta",
    "தமிழ்": "ta", "telugu": "te", "తెలుగు": "te", "kannada": "kn", "ಕನ್ನಡ": "kn",
    "malayalam": "ml", "മലയാളം": "ml", "konkani": "kok", "कोंकणी": "kok", "nepali": "ne",
    "नेपाली": "ne", "sanskrit": "sa", "संस्कृतम्": "sa", "kashmiri": "ks", "sindhi": "sd",
    "dogri": "doi", "maithili": "mai", "bodo": "brx", "santali": "sat", "mizo": "lus",
    "khasi": "kha", "garo": "grt",
}  # fmt: skip

#: Script -> (default language, languages that script may carry).
_SCRIPT_LANGUAGES: dict[str, tuple[str, frozenset[str]]] = {
    "Latin": ("en", frozenset({"en", "lus", "kha", "grt"})),
    "Devanagari": ("hi", frozenset({"hi", "mr", "kok", "ne", "sa", "mai", "doi", "brx"})),
    "Bengali": ("bn", frozenset({"bn", "as", "mni"})),
    "Gurmukhi": ("pa", frozenset({"pa"})),
    "Gujarati": ("gu", frozenset({"gu"})),
    "Oriya": ("or", frozenset({"or"})),
    "Tamil": ("ta", frozenset({"ta"})),
    "Telugu": ("te", frozenset({"te"})),
    "Kannada": ("kn", frozenset({"kn", "kok"})),
    "Malayalam": ("ml", frozenset({"ml"})),
    "Arabic": ("ur", frozenset({"ur", "ks", "sd"})),
    "Meetei": ("mni", frozenset({"mni"})),
    "OlChiki": ("sat", frozenset({"sat"})),
}
KNOWN_LANGUAGES = frozenset(code for _, codes in _SCRIPT_LANGUAGES.values() for code in codes)

_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "Latin"), (0x0061, 0x007A, "Latin"), (0x00C0, 0x024F, "Latin"),
    (0x0600, 0x06FF, "Arabic"), (0x0750, 0x077F, "Arabic"), (0x0900, 0x097F, "Devanagari"),
    (0x0980, 0x09FF, "Bengali"), (0x0A00, 0x0A7F, "Gurmukhi"), (0x0A80, 0x0AFF, "Gujarati"),
    (0x0B00, 0x0B7F, "Oriya"), (0x0B80, 0x0BFF, "Tamil"), (0x0C00, 0x0C7F, "Telugu"),
    (0x0C80, 0x0CFF, "Kannada"), (0x0D00, 0x0D7F, "Malayalam"), (0x1C50, 0x1C7F, "OlChiki"),
    (0xA8E0, 0xA8FF, "Devanagari"), (0xABC0, 0xABFF, "Meetei"), (0xFB50, 0xFDFF, "Arabic"),
    (0xFE70, 0xFEFF, "Arabic"),
)  # fmt: skip
_ASSAMESE_RA = "\u09f0"  # ৰ: used by Assamese, not by Bengali or Manipuri


@lru_cache(maxsize=8192)
def _script_of(ch: str) -> str | None:
    cp = ord(ch)
    if cp < 0x41:
        return None
    for lo, hi, name in _SCRIPT_RANGES:
        if lo <= cp <= hi:
            return name
    return None


def dominant_script(text: str) -> str | None:
    """The script with most letters in ``text`` (digits, punctuation ignored), or None."""
    counts: Counter[str] = Counter()
    for ch, n in Counter(text).items():  # count characters first: one pass in C
        name = _script_of(ch)
        if name is not None:
            counts[name] += n
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def normalize_language_code(code: str | None) -> str | None:
    """``"en-US"`` -> ``"en"``; unknown or empty codes -> None."""
    if not code:
        return None
    c = code.strip().replace("_", "-").split("-")[0].casefold()
    return c if c in KNOWN_LANGUAGES else None


def resolve_language(text: str, hint: str | None = None, bureau: str | None = None) -> str | None:
    """The release language (ISO 639-1, ``mni`` for Manipuri).

    ``hint`` is what the page or file says (``<html lang>``, the ``lang=`` of the form
    URL, a dataset's language column, a ``_<code>`` file-name suffix); it is used when it
    fits the dominant script of ``text``. Otherwise the script decides: Devanagari hi or
    mr (the two PIB languages in that script, told apart by :func:`devanagari_language`),
    Bengali bn (as when it uses the Assamese letter ৰ or the bureau is PIB Guwahati, mni
    when the bureau is PIB Imphal), Gurmukhi pa, Tamil ta, Telugu te, Kannada kn,
    Malayalam ml, Oriya or, Gujarati gu, Arabic ur, Latin en. No letters: the hint or None.
    """
    code = normalize_language_code(hint)
    script = dominant_script(text)
    if script is None:
        return code
    default, allowed = _SCRIPT_LANGUAGES[script]
    if code in allowed:
        return code
    if script == "Devanagari":
        return devanagari_language(text)
    if script == "Bengali":
        b = (bureau or "").casefold()
        if _ASSAMESE_RA in text or "guwahati" in b:
            return "as"
        if "imphal" in b:
            return "mni"
    return default


#: Below this many Devanagari letters the text is too short to tell Marathi from Hindi.
MIN_DEVANAGARI_LETTERS = 12

_devanagari_identifier: Any = None


def devanagari_language(text: str) -> str:
    """``"mr"`` or ``"hi"`` for Devanagari ``text`` with no trustworthy language hint.

    PIB publishes Hindi and Marathi in Devanagari (Konkani releases are rare and go out
    from PIB Panaji with a ``lang=`` hint). The choice is made by py3langid (Lui &
    Baldwin's langid.py model, https://github.com/adbar/py3langid) restricted to those
    two languages; text with fewer than :data:`MIN_DEVANAGARI_LETTERS` Devanagari letters
    is taken as Hindi, the more common. The model loads on first use (about a second).
    """
    letters = sum(1 for ch in text if _script_of(ch) == "Devanagari" and ch.isalpha())
    if letters < MIN_DEVANAGARI_LETTERS:
        return "hi"
    global _devanagari_identifier
    if _devanagari_identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        ident = LanguageIdentifier.from_model_file(MODEL_FILE)
        ident.set_languages(["hi", "mr"])
        _devanagari_identifier = ident
    lang, _score = _devanagari_identifier.classify(text)
    return "mr" if lang == "mr" else "hi"


def language_of_label(label: str) -> str | None:
    """Code of a "Read this release in" label: ``"Urdu"`` -> ``"ur"``, ``"हिन्दी"`` -> ``"hi"``."""
    return LANGUAGE_LABELS.get(collapse_ws(label).casefold())


def translations_from_labels(labels: str) -> tuple[Translation, ...]:
    """Translations of a text footer ``"Urdu , Malayalam"`` (no PRIDs in text form)."""
    out = []
    for part in labels.split(","):
        label = collapse_ws(part)
        if label:
            out.append(Translation(language_of_label(label), label, None))
    return tuple(out)


# ----------------------------------------------------------------------------- sign-off
_NOT_SIGNOFF = ("http", "www.", "@")
_SENTENCE_END = (".", "?", "!", "।", ":", ";", ",")
_CODE_RE = re.compile(r"^[^\sa-z/]{1,24}$")


def is_sign_off(line: str, *, after_separator: bool, last: bool = False) -> bool:
    """Whether ``line`` is the initials line that ends a release.

    SOURCES.md: after the ``****`` separator, e.g. ``ABB/Nampi/DK/Savvy/MTJ/ADA``,
    ``PIB Mum/MD/DR``, ``एमजी / एएम / एसएस / एसएस``, ``Nihi Sharma/ Laxya Lohan``, a single
    token ``MC``, a desk code ``U-2977`` or ``SS-23-TAR-KV-GA``. When the line is also the
    ``last`` of the release, a short name counts too (PIB-Direct rows end ``***`` +
    ``M Annadurai``, ``PIB Research``, ``JP.``, ``RN/``). Without a separator (some
    Shape A files end ``MD/DR``, ``BBP/PJL/23/2020``) only slash-separated codes count.
    """
    s = line.strip()
    if not s or len(s) > 80 or "\n" in s or any(x in s.casefold() for x in _NOT_SIGNOFF):
        return False
    if after_separator and last and _is_name_line(s):
        return True
    if s.endswith(_SENTENCE_END):
        return False
    if "/" in s:
        parts = [p.strip() for p in s.rstrip("/").split("/")]
        if any(not p for p in parts):
            return False
        if after_separator:
            return all(len(p) <= 25 and len(p.split()) <= 3 for p in parts)
        if len(parts) == 1:  # "RN/"
            return s.endswith("/") and bool(_CODE_RE.match(parts[0])) and len(parts[0]) <= 6
        with_letters = [p for p in parts if any(c.isalpha() for c in p)]
        return len(with_letters) >= 2 and all(
            len(p) <= 15 and len(p.split()) <= 2 and "." not in p for p in parts
        )
    return after_separator and bool(_CODE_RE.match(s))


def _is_name_line(s: str) -> bool:
    """A short line of capitalised words: ``M. Annadurai``, ``PIB Research``, ``JP.``."""
    words = s.rstrip("/").split()
    if not 1 <= len(words) <= 4 or len(s) > 40 or any(c in s for c in "?!:;,"):
        return False
    if s.endswith(".") and len(words[-1]) > 3:
        return False  # a sentence, not "JP." or "M."
    return all(not w[0].islower() for w in words)


@dataclass(frozen=True)
class Unit:
    """One line (or block) of body text; ``blank_before``: a blank line preceded it."""

    text: str
    blank_before: bool = False
    kind: str = "p"


def split_sign_off(units: Sequence[Unit]) -> tuple[list[Unit], str | None]:
    """Cut the ``****`` separator, the sign-off and what follows off the body.

    Returns ``(body units, sign_off)``. The first separator followed by a sign-off line
    ends the body; a separator followed by ordinary text is kept (a section divider).
    Without any separator a final slash-code line (``MD/DR``) is the sign-off. Units
    after the sign-off are dropped when they are separators, the sign-off again, or a
    repeat of body paragraphs (txt_1629043 repeats its whole body); other trailing text
    is kept in the body rather than lost; contact lines (``E-Mail - ...``) after the
    sign-off are dropped.
    """
    items = list(units)
    while items and SEPARATOR_RE.match(items[-1].text):
        items.pop()
    for i, u in enumerate(items):
        if not SEPARATOR_RE.match(u.text):
            continue
        j = i + 1
        while j < len(items) and SEPARATOR_RE.match(items[j].text):
            j += 1
        if j == len(items):
            return items[:i], None
        after = [r for r in items[j + 1 :] if not CONTACT_RE.match(r.text)]
        if is_sign_off(items[j].text, after_separator=True, last=not after):
            sign_off = items[j].text.strip()
            body = items[:i]
            seen = {b.text for b in body}
            rest = [
                r
                for r in after
                if not SEPARATOR_RE.match(r.text)
                and r.text.strip() != sign_off
                and r.text not in seen
            ]
            return body + rest, sign_off
    if len(items) > 1 and is_sign_off(items[-1].text, after_separator=False):
        return items[:-1], items[-1].text.strip()
    return items, None


# ----------------------------------------------------------------------------- paragraphs
#: Lines at most this long, three or more in a row, are kept as one block of lines
#: (flattened table cells, signature blocks; SOURCES.md Shape A "one cell per line").
SHORT_LINE = 50
SHORT_RUN = 3


def assemble_paragraphs(units: Iterable[Unit]) -> list[str]:
    """Body units -> paragraphs (to be joined by ``"\\n\\n"``).

    Each unit is a paragraph, except that runs of :data:`SHORT_RUN` or more consecutive
    short lines with no blank line between them stay one paragraph with ``"\\n"`` between
    lines, and consecutive list items / table rows (``kind`` ``li``/``row``) form one
    paragraph with one line each.
    """
    items = [u for u in units if u.text.strip()]
    out: list[str] = []
    i = 0
    while i < len(items):
        u = items[i]
        if u.kind in ("li", "row"):
            j = i + 1
            while j < len(items) and items[j].kind == u.kind and not items[j].blank_before:
                j += 1
            out.append("\n".join(x.text for x in items[i:j]))
            i = j
            continue
        j = i
        while (
            j < len(items)
            and items[j].kind == "p"
            and len(items[j].text) <= SHORT_LINE
            and "\n" not in items[j].text
            and (j == i or not items[j].blank_before)
        ):
            j += 1
        if j - i >= SHORT_RUN:
            out.append("\n".join(x.text for x in items[i:j]))
            i = j
        else:
            out.append(u.text)
            i += 1
    return out


def compose_text(title: str, subtitles: Sequence[str], paragraphs: Sequence[str]) -> str:
    """``title``, each sub-heading on its own line, a blank line, then the paragraphs."""
    head = "\n".join([title, *subtitles])
    body = "\n\n".join(p for p in paragraphs if p)
    return f"{head}\n\n{body}" if body else head


# ----------------------------------------------------------------------------- glued titles
#: Capitalised words that start a sub-heading glued to a capitalised word or a number
#: ("ShahUnder", "COVID-19Vice"): determiners, prepositions, PIB subjects, and the
#: reporting verbs sub-headings start with ("Says ...", "Calls upon ...").
_STARTERS = frozenset(
    """A An The This These That Those Its It In On At For From With Under Over To By As
    After Before During Since Government Govt Union Centre Central India Indian PM Prime
    President Vice Minister Ministry Shri Smt Dr Cabinet New More All Our We He She They
    There Special Rs Record Total Nation National Says Said Calls Urges Advises Appeals
    Expresses Emphasises Emphasizes Stresses Highlights Lauds Praises Launches Inaugurates
    Announces Approves Reviews Releases Unveils Asks Directs Assures Interacts Visits
    Addresses Pays Greets Congratulates Reiterates Underlines Notes Terms""".split()
)
#: Words before a full stop that are abbreviations, not sentence ends ("Dr.Harsh").
_ABBREVIATIONS = frozenset(
    "dr mr mrs ms st sh smt no nos rs lt col gen capt prof hon jr sr vs viz etc govt dept "
    "maj brig cdr adm sqn ldr wg".split()
)
_SEAM_RE = re.compile(
    r"(?<=[a-z])(?=[A-Z])|(?<=[a-z0-9][.;])(?=[A-Z][a-z])|(?<=[’”])(?=[A-Z][a-z])|(?<=[0-9])(?=[A-Z][a-z])"
)
_LEFT_WORD_RE = re.compile(r"[A-Za-z]+$")
_RIGHT_WORD_RE = re.compile(r"^[A-Z][A-Za-z]*")
_MIN_PIECE = 12


def _is_seam(s: str, k: int) -> bool:
    glue = s[k - 1]
    right_m = _RIGHT_WORD_RE.match(s[k:])
    if not right_m:
        return False
    right = right_m.group()
    if glue.isdigit():
        return right in _STARTERS
    left_m = _LEFT_WORD_RE.search(s[:k].rstrip(".;’”"))
    if not left_m:
        return False
    left = left_m.group()
    if glue == ".":
        return left.casefold() not in _ABBREVIATIONS and len(left) >= 2
    if glue in ";’”":
        return True
    if left.islower() and len(left) >= 3:
        if len(right) >= 2 and (right[1:].islower() or right.isupper()):
            return True  # "takenMSME", "yearsDefinition"
        return right == "A" and s[k + 1 : k + 2] == " "  # "ageA nation's destiny"
    return left[0].isupper() and left[1:].islower() and len(left) >= 3 and right in _STARTERS


def split_glued_headings(line: str) -> list[str]:
    """Split a Shape A title line whose sub-headings were glued on without a separator.

    SOURCES.md Shape A: ``"...street vendors and farmers takenMSME definition revised..."``.
    A seam is a lowercase word of three or more letters running straight into a
    capitalised word, an acronym or the word "A" (``takenMSME``, ``yearsDefinition``,
    ``ageA nation``), a capitalised word or a number running into a common sub-heading
    starter (``ShahUnder``, ``ShahThe``, ``PresidentAdvises``, ``COVID-19Vice``), or
    ``.``/``;``/closing quote directly followed by a capitalised word (not after ``Dr.``,
    ``Rs.`` ...). Words such as ``eKYC``, ``iPhone``, ``YouTube``, ``AtmaNirbhar`` and
    ``3rdJune`` are not seams. Pieces shorter
    than 12 characters are not split off (a wrong split is worse than none). Returns
    ``[title, *subtitles]``; seams joined by spaces ("office Historic") cannot be seen.
    """
    pieces: list[str] = []
    start = 0
    for m in _SEAM_RE.finditer(line):
        k = m.start()
        if k - start < _MIN_PIECE or len(line) - k < _MIN_PIECE:
            continue
        if _is_seam(line, k):
            pieces.append(line[start:k].strip())
            start = k
    pieces.append(line[start:].strip())
    return [p for p in pieces if p]


def language_hint_from_name(source: str) -> str | None:
    """The ``_<code>`` suffix of a corpus file name (``txt_1628325_mni.txt`` -> ``mni``)."""
    stem = source.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].split(".", 1)[0]
    if "_" not in stem:
        return None
    return normalize_language_code(stem.rsplit("_", 1)[1])
