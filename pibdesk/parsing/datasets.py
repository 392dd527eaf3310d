"""Multi-release dataset files (``shared/corpus/datasets/README.md``), for bulk import.

Each reader yields, in file order, one :class:`~pibdesk.core.model.ParsedRelease` per
good row and one :class:`~pibdesk.core.errors.ParseError` per bad row (its ``source`` is
``"<file name>:<line>"``, the line where the row starts, 1-based), and goes on after a
bad row. A file that cannot be opened raises ``ParseError`` at the first ``next()``.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from pibdesk.core.errors import ParseError
from pibdesk.core.model import IST, ParsedRelease
from pibdesk.parsing.fields import (
    Unit,
    assemble_paragraphs,
    collapse_ws,
    compose_text,
    parse_posted_on,
    resolve_language,
    split_glued_headings,
    split_sign_off,
)

#: Columns of the headerless aswinpradeep CSV (datasets/README.md).
CSV_COLUMNS = ("prid", "url", "char_count", "date_line", "language", "title")


_SURROGATE_RE = re.compile("[\udc80-\udcff]")


def _has_surrogates(s: str) -> bool:
    """Lines read with ``errors="surrogateescape"`` carry undecodable bytes as surrogates."""
    return _SURROGATE_RE.search(s) is not None


def _open(path: Path) -> Any:
    try:
        return path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as e:
        raise ParseError(
            path.name, f"cannot read file ({e.strerror or type(e).__name__})"
        ) from None


def _ist(value: str) -> datetime:
    """ISO 8601 date-time; a naive value is an IST wall-clock time (PIB-Direct's format)."""
    dt = datetime.fromisoformat(value.strip())
    return dt.replace(tzinfo=IST) if dt.tzinfo is None else dt.astimezone(IST)


def _prid(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("prid is a boolean")
    if isinstance(value, int):
        if value <= 0:
            raise ValueError(f"prid {value} is not positive")
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise ValueError(f"prid {value!r} is not a number")


def _str_field(row: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    value = row.get(key)
    if value is None:
        if required:
            raise ValueError(f"no {key!r}")
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key!r} is a {type(value).__name__}, not text")
    if required and not value.strip():
        raise ValueError(f"empty {key!r}")
    return value


def _jsonl_release(row: object, source: str) -> ParsedRelease:
    if not isinstance(row, dict):
        raise ValueError(f"a JSON {type(row).__name__}, not an object")
    title = collapse_ws(_str_field(row, "title", required=True) or "")
    subtitle = _str_field(row, "subtitle") or ""
    subtitles = [collapse_ws(s) for s in subtitle.split("\n") if s.strip()]
    ministry_field = row.get("ministry")
    if isinstance(ministry_field, dict):
        ministry_name = ministry_field.get("name")
    else:
        ministry_name = ministry_field
    if ministry_name is not None and not isinstance(ministry_name, str):
        raise ValueError("'ministry.name' is not text")
    bureau = _str_field(row, "pib_office")
    when = _str_field(row, "release_datetime")
    posted_at = _ist(when) if when and when.strip() else None
    body = _str_field(row, "body_text") or ""
    units = [Unit(line.strip()) for line in body.split("\n") if line.strip()]
    kept, sign_off = split_sign_off(units)
    text = compose_text(title, subtitles, assemble_paragraphs(kept))
    return ParsedRelease(
        title=title,
        text=text,
        release_id=_prid(row.get("prid")),
        ministry=(collapse_ws(ministry_name) or None) if ministry_name else None,
        subtitles=tuple(subtitles),
        posted_at=posted_at,
        bureau=(collapse_ws(bureau) or None) if bureau else None,
        language=resolve_language(text, _str_field(row, "language"), bureau),
        sign_off=sign_off,
        source=source,
        has_text=True,
    )


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[ParsedRelease | ParseError]:
    """Releases of a PIB-Direct JSON Lines file (``pib_direct_2026_articles.jsonl``).

    Row fields (datasets/README.md): ``prid`` (int) -> release_id; ``title``;
    ``subtitle`` (sub-headings joined by ``"\\n"``, or null) -> subtitles;
    ``ministry.name`` -> ministry; ``pib_office`` -> bureau; ``release_datetime``
    (ISO 8601 without offset, e.g. ``"2026-08-09T12:45:00"``, which is the IST time the
    page prints as "09 AUG 2026 12:45PM") -> posted_at, aware in IST; ``body_text``
    (paragraphs joined by ``"\\n"``, ending ``*****`` + initials) -> text and sign_off.
    ``text`` is built as for a page: title, sub-headings, blank line, paragraphs
    separated by blank lines. language: detected from the script (the rows are English).
    Blank lines are skipped; a row that is not JSON, not an object, or lacks a title
    yields a ``ParseError`` naming file and line.
    """
    p = Path(path)
    with _open(p) as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            source = f"{p.name}:{lineno}"
            if _has_surrogates(line):
                yield ParseError(source, "row is not valid UTF-8")
                continue
            try:
                row = json.loads(line)
            except ValueError as e:
                yield ParseError(source, f"not a JSON object ({getattr(e, 'msg', str(e))})")
                continue
            try:
                yield _jsonl_release(row, source)
            except (ValueError, TypeError, OverflowError) as e:
                yield ParseError(source, f"bad row: {e}")


def _csv_release(row: list[str], source: str) -> ParsedRelease:
    if len(row) != len(CSV_COLUMNS):
        raise ValueError(f"expected {len(CSV_COLUMNS)} columns, found {len(row)}")
    prid_s, _url, _chars, date_line, lang, title_col = row
    prid = _prid(prid_s.strip())
    if prid is None:
        raise ValueError("no PRID in column 1")
    posted_at, bureau = parse_posted_on(date_line)
    if posted_at is None:
        raise ValueError(f"unreadable date line {date_line.strip()[:60]!r}")
    lines = [collapse_ws(x) for x in title_col.split("\n") if x.strip()]
    if not lines:
        raise ValueError("empty title")
    title = lines[0]
    subtitles = [piece for x in lines[1:] for piece in split_glued_headings(x)]
    hint = lang.strip() if lang.strip().upper() != "NA" else None
    return ParsedRelease(
        title=title,
        text="",
        release_id=prid,
        subtitles=tuple(subtitles),
        posted_at=posted_at,
        bureau=bureau,
        language=resolve_language(" ".join(lines), hint, bureau),
        source=source,
        has_text=False,
    )


def read_metadata_csv(path: str | os.PathLike[str]) -> Iterator[ParsedRelease | ParseError]:
    """Release metadata from the headerless aswinpradeep CSV (no body text).

    Columns (datasets/README.md): PRID, URL, character count, date line
    (``"11 SEP 2020 11:50AM by PIB Imphal"`` -> posted_at in IST, bureau ``"PIB Imphal"``),
    language code (googletrans; ``NA`` = undetected), title (all ``<h2>`` texts, may hold
    newlines: the first line is the title, further lines are sub-headings, split where
    glued). Each release has ``has_text=False`` and ``text=""``. The language column is
    used when it fits the title's script, else the script decides (``NA`` in Bengali
    script from PIB Imphal -> ``mni``, with ৰ or from PIB Guwahati -> ``as``; see
    :func:`~pibdesk.parsing.fields.resolve_language`). A row with the wrong number of
    columns, no PRID, an unreadable date or no title yields a ``ParseError``.
    """
    p = Path(path)
    with _open(p) as fh:
        reader = csv.reader(fh)
        start = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                yield ParseError(f"{p.name}:{start}", f"bad CSV row: {e}")
                start = reader.line_num + 1
                continue
            source = f"{p.name}:{start}"
            start = reader.line_num + 1
            if not row or not any(x.strip() for x in row):
                continue
            if any(_has_surrogates(x) for x in row):
                yield ParseError(source, "row is not valid UTF-8")
                continue
            try:
                yield _csv_release(row, source)
            except ValueError as e:
                yield ParseError(source, f"bad row: {e}")
