"""Entry points: one file's bytes -> :class:`~pibdesk.core.model.ParsedRelease`."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

from pibdesk.core.errors import ParseError
from pibdesk.core.model import ParsedRelease
from pibdesk.parsing.decode import decode_text
from pibdesk.parsing.html import parse_html
from pibdesk.parsing.text import parse_text

#: File name endings of release files (compared case-insensitively).
RELEASE_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".aspx")
#: Larger inputs are refused: the longest PIB release in the corpus is 90 KB of HTML.
MAX_BYTES = 20 * 1024 * 1024


def _is_html(text: str, source: str) -> bool:
    if source.lower().endswith(_HTML_SUFFIXES):
        return True
    return text.lstrip()[:1] == "<"


def parse_bytes(data: bytes, source: str) -> ParsedRelease:
    """Parse the bytes of one release file.

    ``source`` names the input (a file name) in the result and in errors. The shape is
    found from the content: a document starting with ``<`` (or a ``.html``/``.htm``
    source) is a pib.gov.in page (:func:`pibdesk.parsing.html.parse_html`), anything
    else a text release (:func:`pibdesk.parsing.text.parse_text`, SOURCES.md Shapes A and
    B). Encodings: see :mod:`pibdesk.parsing.decode`; bytes read leniently (a few
    invalid UTF-8 sequences) are named in ``ParsedRelease.warnings``.

    Returns a :class:`ParsedRelease` whose ``text`` starts with the title, uses ``\\n``
    line endings, and has no BOM; ``posted_at`` is aware (IST). Raises only
    :class:`ParseError` (``str(err)`` is ``"<source>: <problem>"``, one line): empty or
    binary input, undecodable bytes, input over 20 MB, HTML that is not a release page
    ("not a PIB release page ..."), truncated HTML ("truncated HTML page ..."), text
    without a title.
    """
    if len(data) > MAX_BYTES:
        raise ParseError(source, f"file too large for a release ({len(data) // (1024 * 1024)} MB)")
    text, _encoding, warnings = decode_text(data, source)
    try:
        parsed = parse_html(text, source) if _is_html(text, source) else parse_text(text, source)
    except RecursionError:
        raise ParseError(source, "HTML nested too deeply to read") from None
    return dataclasses.replace(parsed, warnings=warnings) if warnings else parsed


def parse_file(path: str | os.PathLike[str]) -> ParsedRelease:
    """Read and parse one release file; ``source`` is the file name (not the folder).

    Raises :class:`ParseError` as :func:`parse_bytes` does, and also when the file cannot
    be read (missing, a folder, no permission): ``"<name>: cannot read file (...)"``.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ParseError(p.name, f"file too large for a release ({size // (1024 * 1024)} MB)")
        data = p.read_bytes()
    except OSError as e:
        raise ParseError(p.name, f"cannot read file ({e.strerror or type(e).__name__})") from None
    return parse_bytes(data, p.name)


def iter_release_files(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Release files (:data:`RELEASE_SUFFIXES`) under a folder, recursively, sorted by path.

    Hidden files and folders (name starting with ``.``) are skipped. A file ``path`` is
    yielded itself when its suffix matches. Listing pages (``listing_*.html``) are
    yielded too: parsing them raises :class:`ParseError` ("not a PIB release page").
    """
    root = Path(path)
    if root.is_file():
        if root.suffix.lower() in RELEASE_SUFFIXES:
            yield root
        return
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith(".") and Path(name).suffix.lower() in RELEASE_SUFFIXES:
                found.append(Path(dirpath) / name)
    yield from sorted(found)
