"""Plain-text releases: the two text shapes of SOURCES.md ("two text shapes").

Shape A (DhanviDesai scraper): English files are ``ministry / glued title / Posted On /
one paragraph per line / **** / initials``; other languages start with the title and
blank-line separated sub-headings and have no ministry or Posted On line.
Shape B (inscriptis rendering of the page, aswinpradeep/anuvaad): every line indented,
blank lines between blocks, hard line wraps inside paragraphs, and the page footer
``(Release ID: N) Visitor Counter : N`` / ``Read this release in: A , B``.
A browser copy-paste of a current page has the Shape B order without the indentation.
"""

from __future__ import annotations

import csv
import io
import json
import re

from pibdesk.core.errors import ParseError
from pibdesk.core.model import ParsedRelease, Translation
from pibdesk.core.text import normalize_newlines
from pibdesk.parsing.fields import (
    BANNER_RE,
    FOLLOW_RE,
    FOOTER_LINE_RE,
    POSTED_LABEL_RE,
    READ_IN_RE,
    RELEASE_ID_RE,
    SEPARATOR_RE,
    VISITOR_RE,
    Unit,
    assemble_paragraphs,
    collapse_ws,
    compose_text,
    language_hint_from_name,
    parse_int,
    parse_posted_on,
    resolve_language,
    split_glued_headings,
    split_sign_off,
    translations_from_labels,
)

#: Corpus file names (shared/corpus/SOURCES.md, "Layout"): ``txt_<PRID>.txt`` is the
#: release PRID itself; ``txt_<PRID>_<lang>.txt`` is a translation whose own PRID was not
#: kept, ``<PRID>`` being the English release's.
_OWN_PRID_NAME = re.compile(r"txt_(?P<prid>[1-9]\d{0,9})\.txt", re.IGNORECASE)
_TRANSLATION_NAME = re.compile(
    r"txt_(?P<prid>[1-9]\d{0,9})_(?P<lang>[a-z]{2,3})\.txt", re.IGNORECASE
)


def _ids_from_name(
    source: str, release_id: int | None, translations: tuple[Translation, ...]
) -> tuple[int | None, tuple[Translation, ...]]:
    """Fill what the file name tells (SOURCES.md layout) when the text does not say it.

    ``txt_<PRID>.txt`` without a ``(Release ID: N)`` line: ``release_id = PRID``.
    ``txt_<PRID>_<lang>.txt`` without one: no Release ID (the number is the English
    release's), but a translation link to English release ``PRID``. A file whose text
    has a Release ID keeps it and its links as read (txt_1652914_hi.txt).
    """
    if release_id is not None:
        return release_id, translations
    name = source.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    own = _OWN_PRID_NAME.fullmatch(name)
    if own:
        return int(own.group("prid")), translations
    tr = _TRANSLATION_NAME.fullmatch(name)
    if tr and tr.group("lang").lower() != "en":
        prid = int(tr.group("prid"))
        if all(t.release_id != prid for t in translations):
            translations = (*translations, Translation("en", "English", prid))
    return None, translations


#: The Posted On line must be among the first lines of a file to count as its header.
_HEADER_MAX_LINES = 15
#: Non-English Shape A: at most this many blank-separated sub-headings, each this short.
_MAX_SUBTITLES = 12
_MAX_SUBTITLE_LEN = 300


def _is_blank(line: str) -> bool:
    return not line.strip()


def _blocks(lines: list[str]) -> list[list[str]]:
    """Blank-line separated blocks of stripped lines."""
    out: list[list[str]] = []
    cur: list[str] = []
    for line in lines:
        if _is_blank(line):
            if cur:
                out.append(cur)
                cur = []
        else:
            cur.append(line.strip())
    if cur:
        out.append(cur)
    return out


#: A line that starts a list item, not a wrapped sentence's continuation: a bullet or
#: dash, ``1.``/``1)``/``(1)``, ``a)``/``(a)``, ``iv.``/``(iv)``.
_LIST_START_RE = re.compile(r"^(?:[-•*●▪◦–—]\s|\(?\d{1,3}[.)]\s|\(?[a-zA-Z][.)]\s|\(?[ivxIVX]{1,5}[.)]\s)")
#: Sentence-final punctuation (Latin, Devanagari danda, Urdu full stop, closing quotes).
_SENTENCE_END = (".", "?", "!", "।", "॥", "۔", "”", '"', "’", ":", ";")
#: A text is treated as hard-wrapped only when its longest line is this short or shorter
#: (crawlers wrap at 60-100 columns; a one-paragraph-per-line file has longer lines).
WRAP_MAX_WIDTH = 110
#: ...and at least this share of its lines reach 70 % of that width.
WRAP_MIN_SHARE = 0.4


def unwrap_hard_wrapped(lines: list[str]) -> list[str]:
    """Join paragraphs a crawler hard-wrapped at a fixed width back into one line each.

    Applied to the body of a non-indented text copy (the indented Shape B joins its
    blank-line separated blocks already, :func:`_units`). A text counts as hard-wrapped
    when its longest line has at most :data:`WRAP_MAX_WIDTH` code points and at least
    :data:`WRAP_MIN_SHARE` of its lines (and three) are at least 70 % of that width (W).
    Then a line of 70 % of W or more is joined (one space) with the next line, except:

    * a blank line between them (a real paragraph break) or a next line that starts a
      list item (:data:`_LIST_START_RE`, after a line ending a sentence or with ``:``,
      or after another item) keeps them apart;
    * in a text with no blank line between paragraphs at all, a line that ends a
      sentence (:data:`_SENTENCE_END`) is kept apart too, since the paragraph break
      could be there.

    Lines are returned stripped of trailing space; a text that does not look
    hard-wrapped is returned unchanged (table cells, one paragraph per line, sign-offs).
    Offsets are of the result, which becomes the release text.
    """
    body = [x.strip() for x in lines if x.strip()]
    if len(body) < 4:
        return lines
    width = max(len(x) for x in body)
    long_at = 0.7 * width
    n_long = sum(1 for x in body if len(x) >= long_at)
    if width > WRAP_MAX_WIDTH or width < 40 or n_long < max(3, WRAP_MIN_SHARE * len(body)):
        return lines
    has_blank = any(not x.strip() for x in lines[1:-1])
    out: list[str] = []
    joinable = False  # may the next line continue the last one in out?
    for raw in lines:
        line = raw.strip()
        if not line:
            out.append("")
            joinable = False
            continue
        # a list item starts after a line that ends a sentence or a lead-in (":"), not
        # in mid-sentence ("...were (iv) Cultural & Heritage Management, ...")
        item = bool(_LIST_START_RE.match(line)) and bool(out) and (
            out[-1].endswith(_SENTENCE_END) or bool(_LIST_START_RE.match(out[-1]))
        )
        if joinable and out and out[-1] and not item:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        joinable = len(line) >= long_at and (has_blank or not line.endswith(_SENTENCE_END))
    return out


def _units(lines: list[str], indented: bool) -> list[Unit]:
    """Body lines -> units: one per line, or one per block (hard wraps joined) when
    indented; a non-indented hard-wrapped text is joined first (:func:`unwrap_hard_wrapped`)."""
    if not indented:
        lines = unwrap_hard_wrapped(lines)
    if indented:
        return [Unit(collapse_ws(" ".join(b)), blank_before=True) for b in _blocks(lines)]
    units: list[Unit] = []
    blank = False
    for line in lines:
        if _is_blank(line):
            blank = True
        else:
            units.append(Unit(line.strip(), blank_before=blank))
            blank = False
    return units


def _looks_like_json(text: str) -> bool:
    s = text.lstrip()
    if s[:1] not in ("{", "["):
        return False
    for candidate in (s, s.split("\n", 1)[0]):
        try:
            json.loads(candidate)
            return True
        except ValueError:
            continue
    return False


def _looks_like_dataset_csv(text: str) -> bool:
    """The aswinpradeep metadata CSV (datasets/README.md): no header, each record
    ``PRID,URL,characters,date line,language,title`` with a PIB URL holding ``PRID=``."""
    try:
        row = next(csv.reader(io.StringIO(text.lstrip()[:20_000])))
    except (csv.Error, StopIteration):
        return False
    return len(row) >= 5 and row[0].strip().isdigit() and "PRID=" in row[1]


def _strip_footer(
    lines: list[str],
) -> tuple[list[str], int | None, int | None, tuple[Translation, ...]]:
    """Blank out footer/metadata lines; return them as fields (Shape B footer)."""
    release_id: int | None = None
    visitors: int | None = None
    translations: tuple[Translation, ...] = ()
    out: list[str] = []
    for line in lines:
        s = line.strip()
        m_read = READ_IN_RE.match(s)
        if s and FOOTER_LINE_RE.match(s) and (RELEASE_ID_RE.search(s) or VISITOR_RE.search(s)):
            rid, vis = RELEASE_ID_RE.search(s), VISITOR_RE.search(s)
            if rid and release_id is None:
                release_id = int(rid.group("id"))
            if vis and visitors is None:
                visitors = parse_int(vis.group("n"))
            out.append("")
        elif m_read:
            if not translations:
                translations = translations_from_labels(m_read.group("labels"))
            out.append("")
        elif FOLLOW_RE.match(s) or BANNER_RE.match(s):
            out.append("")
        else:
            out.append(line)
    return out, release_id, visitors, translations


def _find_posted_on(lines: list[str]) -> int | None:
    seen = 0
    for i, line in enumerate(lines):
        if _is_blank(line):
            continue
        if POSTED_LABEL_RE.match(line):
            return i
        seen += 1
        if seen >= _HEADER_MAX_LINES:
            return None
    return None


def _leading_headings(lines: list[str], indented: bool) -> tuple[list[str], int]:
    """Title and sub-headings of a file without a Posted On line; returns (headings, body start).

    Non-English Shape A: the title and sub-headings are separated by blank lines and the
    last one is followed directly by the first body line (txt_1628325_hi.txt). When that
    pattern is not there, only the first line (or first block, when indented) is the title.
    """
    idx = [i for i, line in enumerate(lines) if not _is_blank(line)]
    first = idx[0]
    if indented:
        end = first
        while end < len(lines) and not _is_blank(lines[end]):
            end += 1
        return [collapse_ws(" ".join(x.strip() for x in lines[first:end]))], end
    chain = [first]
    k = first
    while True:
        if k + 1 < len(lines) and not _is_blank(lines[k + 1]):
            break  # k is the last heading: the body follows without a blank line
        nxt = next((i for i in idx if i > k), None)
        if (
            nxt is None
            or len(chain) > _MAX_SUBTITLES
            or len(lines[nxt].strip()) > _MAX_SUBTITLE_LEN
        ):
            chain = [first]
            break
        chain.append(nxt)
        k = nxt
    return [lines[i].strip() for i in chain], chain[-1] + 1


def parse_text(text: str, source: str) -> ParsedRelease:
    """Parse a decoded text release (Shape A, Shape B or a browser copy-paste).

    Header: when a ``Posted On:`` (or ``प्रविष्टि तिथि:``) line is among the first 15
    lines, the items before it are ministry, title, sub-headings (one item per line, or
    per blank-separated block when the file is indented); a lone item is the title. A
    Shape A title line with glued sub-headings is split by
    :func:`~pibdesk.parsing.fields.split_glued_headings`. Without a Posted On line the
    file starts with the title (non-English Shape A). Footer lines become fields
    (``release_id``, ``visitor_count``, ``translations`` with ``release_id=None``); the
    separator and sign-off become ``sign_off``. Without a Release ID line, a corpus
    file name gives it (``txt_<PRID>.txt``) or a link to the English release
    (``txt_<PRID>_<lang>.txt``), see :func:`_ids_from_name`. Raises :class:`ParseError` when no title
    is left or the text is a JSON document or a dataset CSV (those hold many releases:
    :mod:`pibdesk.parsing.datasets`, ``pibdesk import``).
    """
    text = normalize_newlines(text)
    if _looks_like_json(text):
        raise ParseError(
            source, "a JSON document, not a release (import datasets with: pibdesk import FILE)"
        )
    if _looks_like_dataset_csv(text):
        raise ParseError(
            source,
            "a dataset CSV of release metadata, not one release "
            "(import it with: pibdesk import FILE)",
        )
    lines = [line.rstrip() for line in text.split("\n")]
    nonblank = [line for line in lines if not _is_blank(line)]
    if not nonblank:
        raise ParseError(source, "empty file (only whitespace)")
    indented = sum(1 for line in nonblank if line[:1].isspace()) * 2 >= len(nonblank)
    lines, release_id, visitors, translations = _strip_footer(lines)
    if all(_is_blank(line) or SEPARATOR_RE.match(line) for line in lines):
        raise ParseError(source, "no release title: the text has only footer lines and separators")

    ministry: str | None = None
    posted_at = None
    bureau: str | None = None
    subtitles: list[str] = []
    p = _find_posted_on(lines)
    if p is not None:
        m = POSTED_LABEL_RE.match(lines[p])
        date_text = m.group("rest") if m else ""
        body_start = p + 1
        posted_at, bureau = parse_posted_on(date_text)
        if posted_at is None:
            # "Posted On:" and the date on separate lines (copy of #PrDateTime)
            nxt = next(
                (i for i in range(p + 1, min(p + 3, len(lines))) if not _is_blank(lines[i])), None
            )
            candidate = lines[nxt].strip() if nxt is not None else ""
            # only a line that is a date line, not a body sentence that mentions a date
            if nxt is not None and candidate[:1].isdigit() and len(candidate) <= 80:
                at, by = parse_posted_on(candidate)
                if at is not None:
                    posted_at, bureau, body_start = at, by, nxt + 1
        header = lines[:p]
        items = (
            [collapse_ws(" ".join(b)) for b in _blocks(header)]
            if indented
            else [x for b in _blocks(header) for x in b]
        )
        body_lines = lines[body_start:]
        if not items:
            heads, start = (
                _leading_headings(body_lines, indented)
                if any(not _is_blank(x) for x in body_lines)
                else ([], 0)
            )
            if not heads:
                raise ParseError(source, "no release title before or after the Posted On line")
            items, body_lines = heads, body_lines[start:]
            title, subtitles = items[0], items[1:]
        elif len(items) == 1:
            title = items[0]
        else:
            ministry, title, subtitles = items[0], items[1], items[2:]
        if not subtitles and not indented:
            title, *subtitles = split_glued_headings(title)
    else:
        heads, start = _leading_headings(lines, indented)
        title, subtitles = heads[0], heads[1:]
        body_lines = lines[start:]

    if not title or SEPARATOR_RE.match(title):
        raise ParseError(source, "no release title found")
    body, sign_off = split_sign_off(_units(body_lines, indented))
    paragraphs = assemble_paragraphs(body)
    full = compose_text(title, subtitles, paragraphs)
    release_id, translations = _ids_from_name(source, release_id, translations)
    return ParsedRelease(
        title=title,
        text=full,
        release_id=release_id,
        ministry=ministry or None,
        subtitles=tuple(subtitles),
        posted_at=posted_at,
        bureau=bureau,
        language=resolve_language(full, language_hint_from_name(source), bureau),
        visitor_count=visitors,
        translations=translations,
        sign_off=sign_off,
        source=source,
    )
