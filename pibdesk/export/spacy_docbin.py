"""spaCy ``DocBin`` (https://spacy.io/api/docbin), for training spaCy pipelines.

Needs the optional extra ``spacy`` (``pip install pibdesk[spacy]``); without it the
format is listed as unavailable. Each release becomes one ``Doc`` tokenized by
``spacy.blank(<release language or "xx">)``; every annotation goes into the span group
``doc.spans["pibdesk"]`` (span groups may overlap), and the non-overlapping ones also
into ``doc.ents`` (longest first). ``doc.user_data`` keeps ``release_id`` and ``title``.

Offset unit: spaCy tokens; pibdesk's code-point offsets are mapped with
``Doc.char_span(alignment_mode="expand")`` (spaCy counts Python ``str`` characters).
Spans that fall entirely in whitespace are skipped and reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pibdesk.export.base import ExportDocument, ExportResult

NAME = "spacy"
OFFSET_UNIT = "spaCy tokens (from code-point character offsets)"
SPAN_KEY = "pibdesk"


def unavailable() -> str | None:
    """None when spaCy can be imported, else why not."""
    import importlib.util

    if importlib.util.find_spec("spacy") is None:
        return "spaCy is not installed (pip install 'pibdesk[spacy]')"
    return None


def _nlp(lang: str | None, cache: dict[str, Any]) -> Any:
    import spacy

    key = lang or "xx"
    if key not in cache:
        try:
            cache[key] = spacy.blank(key)
        except Exception:  # spaCy raises ImportError/ValueError for languages it lacks
            cache[key] = cache.get("xx") or spacy.blank("xx")
    return cache[key]


def to_doc(d: ExportDocument, warnings: list[str], cache: dict[str, Any]) -> Any:
    """A spaCy ``Doc`` of one release with its spans."""
    from spacy.tokens import SpanGroup
    from spacy.util import filter_spans

    doc = _nlp(d.release.language, cache).make_doc(d.release.text)
    spans = []
    for a in d.annotations:
        sp = doc.char_span(a.start, a.end, label=a.label, alignment_mode="expand")
        if sp is None or len(sp) == 0:
            warnings.append(
                f"release {d.release.release_id or d.release.id}: {a.label} {a.start}-{a.end} "
                "covers no spaCy token; not written"
            )
            continue
        spans.append(sp)
    doc.spans[SPAN_KEY] = SpanGroup(doc, name=SPAN_KEY, spans=spans)
    doc.ents = filter_spans(spans)
    doc.user_data["release_id"] = d.release.release_id
    doc.user_data["title"] = d.release.title
    return doc


def write(docs: Iterable[ExportDocument], path: Path, result: ExportResult) -> None:
    """Write a ``DocBin`` (with user data) of every release to ``path``."""
    from spacy.tokens import DocBin

    db = DocBin(store_user_data=True)
    cache: dict[str, Any] = {}
    for d in docs:
        db.add(to_doc(d, result.warnings, cache))
        result.releases += 1
        result.annotations += len(d.annotations)
    db.to_disk(path)
    result.files = 1
