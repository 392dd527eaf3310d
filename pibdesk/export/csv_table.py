"""CSV export: one row per annotation with its release's metadata, safe for spreadsheets.

Columns: :data:`COLUMNS`. A release with no (selected) annotations gets one row with
empty annotation columns, so every release of the set appears. Encoding UTF-8 with a
BOM (so Excel reads Devanagari and emoji), RFC 4180 quoting, ``\\r\\n`` row ends.

Offset unit: Unicode code points, end-exclusive (``start``, ``end``; for a
discontinuous span these are its covering span and ``fragments`` lists the pieces as
``"14 32;426 431"``, empty for a continuous span).

Formula injection (OWASP "CSV Injection"): a text cell that starts with ``=``, ``+``,
``-``, ``@``, tab or carriage return is prefixed with an apostrophe, so a span like
``=HYPERLINK("http://x","y")`` opens as text. Numeric columns (ids, offsets, visitor
count) are written as plain numbers and never prefixed, so they stay numeric.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pibdesk.core.model import IST
from pibdesk.export.base import ExportDocument, ExportResult

NAME = "csv"
#: Discontinuous spans keep their fragments (the ``fragments`` column).
HOLDS_FRAGMENTS = True
OFFSET_UNIT = "Unicode code points, end-exclusive"

COLUMNS = (
    "release_id",
    "title",
    "ministry",
    "posted_at",
    "language",
    "visitor_count",
    "status",
    "annotation_id",
    "start",
    "end",
    "label",
    "text",
    "entity",
    "entity_kind",
    "speaker",
    "statement_kind",
    "topic",
    "note",
    "author",
    "origin",
    "created_at",
    "updated_at",
    "fragments",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell value a spreadsheet will not run: numbers and None pass unchanged; a string
    starting with ``= + - @``, tab or CR gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _time(dt: Any) -> str:
    return dt.astimezone(IST).isoformat() if dt is not None else ""


def write(docs: Iterable[ExportDocument], path: Path, result: ExportResult) -> None:
    """Write the rows of ``docs`` to the CSV file ``path``."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        w.writerow(COLUMNS)
        for d in docs:
            r = d.release
            head = [
                r.release_id,
                r.title,
                r.ministry,
                _time(r.posted_at),
                r.language,
                r.visitor_count,
                r.status.value,
            ]
            if not d.annotations:
                w.writerow([neutralise(v) for v in head] + [""] * (len(COLUMNS) - len(head)))
            for a in d.annotations:
                ent, spk, top = d.entity(a.entity_id), d.entity(a.speaker_id), d.entity(a.topic_id)
                row = [
                    *head,
                    a.id,
                    a.start,
                    a.end,
                    a.label,
                    a.text,
                    ent.name if ent else "",
                    ent.kind.value if ent else "",
                    spk.name if spk else "",
                    a.statement_kind.value if a.statement_kind else "",
                    top.name if top else "",
                    a.note or "",
                    a.author,
                    a.origin.value,
                    _time(a.created_at),
                    _time(a.updated_at),
                    # a discontinuous span's pieces, "14 32;426 431" (code points)
                    ";".join(f"{s} {e}" for s, e in a.fragments),
                ]
                w.writerow([neutralise(v) for v in row])
            result.releases += 1
            result.annotations += len(d.annotations)
    result.files = 1
