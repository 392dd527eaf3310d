"""Property: export then import into a fresh copy gives identical annotations, on generated
text full of emoji, Devanagari, CRLF-derived line breaks, tabs, and overlapping and nested
spans (hypothesis)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pibdesk.core.model import NewAnnotation, ParsedRelease
from pibdesk.core.text import normalize_newlines, replace_control_characters
from pibdesk.services.annotation_import import AnnotationImportService
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.export import AnnotationSelection, ExportService
from pibdesk.storage.db import Database
from pibdesk.storage.repositories import LabelRepository

PIECES = [
    "😀", "👨‍👩‍👧", "🇮🇳", "𝕏", "🙏🏽",  # astral, ZWJ sequence, flag, modifier
    "प्र", "धा", "न", "मं", "त्री", "।", "क्ष",  # Devanagari with virama and marks
    "a", "Modi", " ", "  ", "\t", "\r\n", "\n", "\r", "\u2028", "\x0c",
    '"', "'", "=", "\\", "#", ";", "T1", "ا", "ñ",
]  # fmt: skip
LABELS = ["Person", "Statement", "Topic", "Scheme name", "वर्ग/x"]
FORMATS = ["jsonl", "brat", "doccano", "labelstudio", "w3c"]
_ids = itertools.count(9_000_000)


NOTES = st.none() | st.text(
    st.sampled_from(["x", "\n", "\\", "n", "\t", "😀", " "]), min_size=1, max_size=6
)
#: ``(start, end, label, note, author)``
Span = tuple[int, int, str, str | None, str]


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[Span]]:
    """A generated text and spans on it: distinct ``(start, end, label)`` by "gen", plus up
    to three "twins" by "asha" on the same span and label as one of them (with its own
    note), which a format that states authors must keep apart."""
    body = normalize_newlines(
        "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60)))
    )
    text = f"#{next(_ids)}\n{body}"
    n = len(text)
    base = draw(
        st.lists(
            st.tuples(
                st.integers(0, n - 1), st.integers(1, n), st.sampled_from(LABELS), NOTES
            ).filter(lambda t: t[0] < t[1]),
            max_size=8,
            unique_by=lambda t: t[:3],
        )
    )
    spans: list[Span] = [(*t, "gen") for t in base]
    if base:
        twins = draw(
            st.lists(
                st.tuples(st.integers(0, len(base) - 1), NOTES),
                max_size=3,
                unique_by=lambda t: t[0],
            )
        )
        spans += [(*base[i][:3], note, "asha") for i, note in twins]
    return text, spans


def expected(fmt: str, spans: list[Span]) -> list[Span]:
    """The spans an import of ``fmt`` adds, in creation order (the export keeps it for one
    span and label): a span merges into an earlier one with the same span and label that
    equals it in every field the format states - author and note in jsonl and w3c, the
    note only in brat, doccano and Label Studio (they hold no authors)."""
    kept: list[Span] = []
    for sp in spans:
        same = [k for k in kept if k[:3] == sp[:3]]
        if fmt in ("jsonl", "w3c"):
            dup = any(k[3:] == sp[3:] for k in same)
        else:
            dup = any(k[3] == sp[3] for k in same)
        if not dup:
            kept.append(sp)
    return kept


@pytest.fixture()
def dbs(tmp_path: Path) -> tuple[Database, Database]:
    a, b = Database(tmp_path / "a.db"), Database(tmp_path / "b.db")
    for d in (a, b):
        d.migrate()
    with a.session() as s:
        for lab in LABELS[3:]:
            LabelRepository(s).upsert(lab, "#123456", None)
    return a, b


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=documents())
def test_round_trip_generated(
    doc: tuple[str, list], dbs: tuple[Database, Database], tmp_path: Path
) -> None:
    text, spans = doc
    a, b = dbs
    rid = int(text[1:].split("\n", 1)[0])
    pk_a = (
        CorpusService(a)
        .import_parsed(ParsedRelease(title="gen", text=text, release_id=rid))
        .release_pk
    )
    CorpusService(b).import_parsed(ParsedRelease(title="gen", text=text, release_id=rid))
    assert pk_a is not None
    # what pibdesk stores: control characters (the form feed) replaced one for one
    stored = CorpusService(a).release(pk_a).text
    assert stored == replace_control_characters(text)[0] and len(stored) == len(text)
    text = stored
    svc = AnnotationService(a)
    # what pibdesk stores of a note: CR/CRLF as LF, no trailing white space (clean_note)
    spans = [
        (s, e, label, svc.create(NewAnnotation(pk_a, s, e, label, author=author, note=note)).note,
         author)
        for s, e, label, note, author in spans
    ]
    sel = AnnotationSelection(release_ids=(rid,))
    for fmt in FORMATS:
        out = tmp_path / f"{fmt}-{rid}"
        res = ExportService(a).export(fmt, out, sel)
        assert res.annotations == len(spans)
        report = AnnotationImportService(b).import_file(out, fmt)
        assert report.refused == [], (fmt, report.to_json())
        want = expected(fmt, spans)
        assert (report.added, report.merged) == (len(want), len(spans) - len(want)), fmt
        pk_b = next(iter(ExportService(b).documents(sel))).release.id
        got = AnnotationService(b).for_release(pk_b)
        keep_author = fmt in ("jsonl", "w3c")
        got_keys = [
            (
                x.start,
                x.end,
                x.label,
                x.text,
                x.note,
                x.author if keep_author else None,
            )
            for x in got
        ]
        want_keys = [
            (s, e, label, text[s:e], note, author if keep_author else None)
            for s, e, label, note, author in want
        ]
        assert sorted(got_keys, key=repr) == sorted(want_keys, key=repr), fmt
        for x in got:  # each format must stand on its own: clear the target again
            AnnotationService(b).delete(x.id)


def test_native_round_trip_keeps_a_same_span_pair_by_two_authors(
    dbs: tuple[Database, Database], tmp_path: Path
) -> None:
    a, b = dbs
    text = "#8999999\nप्रधानमंत्री 😀 Modi\tsaid"
    for d in (a, b):
        CorpusService(d).import_parsed(ParsedRelease(title="pair", text=text, release_id=8999999))
    pk_a = next(iter(ExportService(a).documents())).release.id
    start = text.index("Modi")
    for who in ("asha", "ravi"):
        AnnotationService(a).create(NewAnnotation(pk_a, start, start + 4, "Person", author=who))
    out = tmp_path / "pair.jsonl"
    ExportService(a).export("jsonl", out)
    report = AnnotationImportService(b).import_file(out)
    assert (report.format, report.added, report.merged, report.refused) == ("jsonl", 2, 0, [])
    got = next(iter(ExportService(b).documents())).annotations
    assert sorted((x.start, x.end, x.label, x.author) for x in got) == [
        (start, start + 4, "Person", "asha"),
        (start, start + 4, "Person", "ravi"),
    ]
