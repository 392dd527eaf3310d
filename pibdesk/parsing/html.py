"""Saved pib.gov.in release pages (``PressReleasePage.aspx``), read with Beautiful Soup + lxml.

Element rules are those of SOURCES.md "HTML structure of PIB release pages / 1. Current
pages", verified on raw/html_2296750.html and raw/html_2296782.html:

* ``#MinistryName`` (or ``div.MinistryNameSubhead``) -> ministry
* ``#Titleh2`` -> title (2019-2020 class-only pages: the ``<h2>`` before
  ``div.ReleaseDateSubHeaddateTime``); ``#Subtitleh3 #ltrSubtitle`` split on ``<br/>``
  -> sub-headings
* ``#PrDateTime`` or ``div.ReleaseDateSubHeaddateTime`` ("Posted On: 09 AUG 2026
  12:45PM by PIB Delhi"; Hindi pages ``प्रविष्टि तिथि:``) -> posted_at, bureau
* body = the siblings after ``#PrDateTime`` up to ``#reel_pic`` / ``#ReleaseId``
  (``<input>``, scripts, styles and images skipped; ``<br/>`` is a line break, an empty
  line between ``<br/>``\\s a paragraph break; one line per ``<li>``; one line per table
  row, cells separated by a tab; an embedded tweet ``blockquote.twitter-tweet`` is one
  paragraph with its lines)
* ``span#ReleaseId`` -> release_id, ``span#lblViews`` -> visitor_count,
  ``div.ReleaseLang a`` -> translations (label as printed, PRID from the href)

Nothing is fetched and no script is run.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from urllib.parse import parse_qs, urlparse

from bs4 import (
    BeautifulSoup,
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    ProcessingInstruction,
    Tag,
)

from pibdesk.core.errors import ParseError
from pibdesk.core.model import ParsedRelease, Translation
from pibdesk.parsing.fields import (
    RELEASE_ID_RE,
    VISITOR_RE,
    Unit,
    assemble_paragraphs,
    collapse_ws,
    compose_text,
    language_of_label,
    parse_int,
    parse_posted_on,
    prid_from_url,
    resolve_language,
    split_sign_off,
)

_SKIP = frozenset(
    "script style input noscript template button select textarea iframe object embed svg "
    "img head title meta link map area audio video canvas".split()
)
_BLOCK = frozenset(
    "p div center blockquote h1 h2 h3 h4 h5 h6 section article header footer aside nav "
    "pre address figure figcaption dl dt dd hr form fieldset main details summary "
    "caption".split()
)
_HTML_WS = re.compile(r"[ \t\n\r\f]+")
_PARA_BREAK = re.compile(r"\n[^\S\n]*\n")
_END_IDS = ("reel_pic", "ReleaseId")
#: The ``lang=`` of the page URL (SOURCES.md: ``lang`` = 1 English, 2 Hindi).
_URL_LANG = {"1": "en", "2": "hi"}


class _Renderer:
    """Turns a run of HTML nodes into body units (paragraphs, list items, table rows)."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self._buf: list[str] = []

    def flush(self) -> None:
        s = "".join(self._buf)
        self._buf = []
        for piece in _PARA_BREAK.split(s):
            lines = [ln.strip() for ln in piece.split("\n")]
            text = "\n".join(ln for ln in lines if ln)
            if text:
                self.units.append(Unit(text))

    def lines(self) -> list[str]:
        """All text rendered so far as non-empty lines."""
        self.flush()
        return [ln for u in self.units for ln in u.text.split("\n") if ln.strip()]

    def render(self, node: object) -> None:
        if isinstance(node, (Comment, Declaration, Doctype, ProcessingInstruction)):
            return
        if isinstance(node, NavigableString):
            self._buf.append(_HTML_WS.sub(" ", str(node)))
            return
        if not isinstance(node, Tag):
            return
        name = (node.name or "").lower()
        if name in _SKIP:
            return
        if name == "br":
            self._buf.append("\n")
            return
        classes = node.get_attribute_list("class")
        if name == "blockquote" and "twitter-tweet" in classes:
            self.flush()
            self.units.append(Unit("\n".join(_sub_lines(node.children))))
            return
        if name in ("ul", "ol"):
            self.flush()
            first = True  # each list is its own paragraph
            for child in node.children:
                if isinstance(child, Tag) and child.name == "li":
                    sub = _Renderer()
                    sub.render_children(child.children)
                    sub.flush()
                    for u in sub.units:
                        text = u.text if u.kind == "li" else collapse_ws(u.text)
                        self.units.append(Unit(text, blank_before=first, kind="li"))
                        first = False
                else:
                    self.render(child)
                    self.flush()
            return
        if name == "table":
            self.flush()
            first = True
            for row in node.find_all("tr"):
                cells = [
                    collapse_ws(" ".join(_sub_lines(c.children)))
                    for c in row.find_all(["td", "th"], recursive=False)
                ]
                cells = [c for c in cells if c]
                if cells:
                    self.units.append(Unit("\t".join(cells), blank_before=first, kind="row"))
                    first = False
            return
        block = name in _BLOCK or name == "li" or name == "tr"
        if block:
            self.flush()
        self.render_children(node.children)
        if block:
            self.flush()

    def render_children(self, nodes: Iterable[object]) -> None:
        for child in nodes:
            self.render(child)


def _sub_lines(nodes: Iterable[object]) -> list[str]:
    r = _Renderer()
    r.render_children(nodes)
    return r.lines()


def _text(tag: Tag | None) -> str:
    return collapse_ws(tag.get_text(" ")) if tag is not None else ""


def _subtitles(tag: Tag | None) -> list[str]:
    """``#ltrSubtitle`` split on ``<br/>``; leading breaks and empty pieces dropped."""
    if tag is None:
        return []
    r = _Renderer()
    r.render_children(tag.children)
    return [collapse_ws(x) for x in r.lines() if collapse_ws(x)]


def _contains_end(tag: Tag) -> bool:
    if tag.get("id") in _END_IDS:
        return True
    return any(tag.find(id=i) is not None for i in _END_IDS)


def _body_units(start: Tag) -> tuple[list[Unit], bool]:
    """Render the siblings after ``start`` up to the end marker; returns (units, end found)."""
    r = _Renderer()
    ended = False
    for sib in start.next_siblings:
        if isinstance(sib, Tag) and _contains_end(sib):
            ended = True
            break
        r.render(sib)
    r.flush()
    return r.units, ended


def _translations(soup: BeautifulSoup) -> tuple[Translation, ...]:
    box = soup.select_one("div.ReleaseLang")
    if box is None:
        return ()
    out = []
    for a in box.find_all("a"):
        label = _text(a)
        if not label:
            continue
        href = a.get("href")
        prid = prid_from_url(href) if isinstance(href, str) else None
        out.append(Translation(language_of_label(label), label, prid))
    return tuple(out)


def _release_id(soup: BeautifulSoup) -> int | None:
    m = RELEASE_ID_RE.search(_text(soup.find(id="ReleaseId")))
    if m:
        return int(m.group("id"))
    hyd = soup.find("input", id="hydpermid")
    if isinstance(hyd, Tag):
        value = hyd.get("value")
        if isinstance(value, str) and parse_int(value) is not None:
            return parse_int(value)
    form = soup.find("form")
    if isinstance(form, Tag) and isinstance(form.get("action"), str):
        return prid_from_url(str(form.get("action")))
    return None


def _language_hint(soup: BeautifulSoup) -> str | None:
    html = soup.find("html")
    if isinstance(html, Tag):
        for attr in ("lang", "xml:lang"):
            value = html.get(attr)
            if isinstance(value, str) and value.strip():
                return value
    meta = soup.find("meta", attrs={"http-equiv": re.compile("^content-language$", re.I)})
    if isinstance(meta, Tag) and isinstance(meta.get("content"), str):
        return str(meta.get("content"))
    form = soup.find("form")
    if isinstance(form, Tag) and isinstance(form.get("action"), str):
        try:
            query = parse_qs(urlparse(str(form.get("action"))).query)
        except ValueError:
            return None
        for key, values in query.items():
            if key.casefold() == "lang" and values:
                return _URL_LANG.get(values[0].strip())
    return None


def _listing_links(soup: BeautifulSoup) -> int:
    links = sum(1 for a in soup.find_all("a", href=True) if "prid=" in str(a.get("href")).lower())
    clicks = sum(
        1
        for t in soup.find_all(onclick=True)
        if "bind_pressreleasedetails" in str(t.get("onclick")).lower()
    )
    return links + clicks


def _looks_like_pib_page(soup: BeautifulSoup) -> bool:
    if soup.find(id="hydpermid") is not None:
        return True
    title = _text(soup.find("title"))
    return "press information bureau" in title.casefold() or "press release" in title.casefold()


def parse_html(text: str, source: str) -> ParsedRelease:
    """Parse a decoded pib.gov.in release page (see the module doc for the element rules).

    Raises :class:`ParseError`:

    * ``"not a PIB release page (...)"`` when there is no ``#Titleh2`` title (listing pages
      such as raw/listing_allrel_page.html, other HTML);
    * ``"truncated HTML page: ..."`` when the file ends before the title, or after the
      title but before the end of the body (no ``#reel_pic``/``#ReleaseId`` and no
      ``</html>``): a cut page would store a partial release as if it were whole. A
      complete page without the end markers is read to the end of the body's container.
    """
    complete = "</html" in text[-65536:].lower()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(text, "lxml")
    title_tag = soup.find(id="Titleh2")
    if not isinstance(title_tag, Tag):
        # 2019-2020 class-only form (SOURCES.md): the <h2> before the date line
        dated = soup.select_one("div.ReleaseDateSubHeaddateTime")
        title_tag = dated.find_previous("h2") if dated is not None else None
    if not isinstance(title_tag, Tag):
        n = _listing_links(soup)
        if n >= 2:
            raise ParseError(
                source,
                f"not a PIB release page (a release listing with {n} release links, no #Titleh2 title)",
            )
        if not complete and _looks_like_pib_page(soup):
            raise ParseError(
                source, "truncated HTML page: the file ends before the release title (#Titleh2)"
            )
        raise ParseError(source, "not a PIB release page (no #Titleh2 title)")
    title = _text(title_tag)
    if not title:
        raise ParseError(source, "not a PIB release page (empty #Titleh2 title)")
    ministry_tag = soup.find(id="MinistryName") or soup.select_one("div.MinistryNameSubhead")
    ministry = _text(ministry_tag if isinstance(ministry_tag, Tag) else None) or None
    sub_tag = soup.find(id="ltrSubtitle") or soup.find(id="Subtitleh3")
    subtitles = _subtitles(sub_tag if isinstance(sub_tag, Tag) else None)

    date_tag = soup.find(id="PrDateTime") or soup.select_one("div.ReleaseDateSubHeaddateTime")
    posted_at, bureau = (None, None)
    if isinstance(date_tag, Tag):
        posted_at, bureau = parse_posted_on(_text(date_tag))
        start: Tag = date_tag
    else:
        parent = title_tag.parent
        start = (
            parent
            if isinstance(parent, Tag)
            and parent.find(id="Titleh2") is title_tag
            and parent.name == "div"
            else title_tag
        )
    units, ended = _body_units(start)
    if not ended and not complete:
        raise ParseError(
            source,
            "truncated HTML page: the file ends inside the release body (no #reel_pic/#ReleaseId, no </html>)",
        )
    body, sign_off = split_sign_off(units)
    full = compose_text(title, subtitles, assemble_paragraphs(body))
    visitors_m = VISITOR_RE.search(_text(soup.find(id="lblViews")))
    return ParsedRelease(
        title=title,
        text=full,
        release_id=_release_id(soup),
        ministry=ministry,
        subtitles=tuple(subtitles),
        posted_at=posted_at,
        bureau=bureau,
        language=resolve_language(full, _language_hint(soup), bureau),
        visitor_count=parse_int(visitors_m.group("n")) if visitors_m else None,
        translations=_translations(soup),
        sign_off=sign_off,
        source=source,
    )
