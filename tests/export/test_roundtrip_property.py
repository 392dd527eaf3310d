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
from pibdesk.core.text import normalize_newlines
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


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str, str | None]]]:
    body = normalize_newlines(
        "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60)))
    )
    text = f"#{next(_ids)}\n{body}"
    n = len(text)
    spans = draw(
        st.lists(
            st.tuples(
                st.integers(0, n - 1),
                st.integers(1, n),
                st.sampled_from(LABELS),
                st.none()
                | st.text(
                    st.sampled_from(["x", "\n", "\\", "n", "\t", "😀", " "]), min_size=1, max_size=6
                ),
            ).filter(lambda t: t[0] < t[1]),
            max_size=8,
            unique_by=lambda t: t[:3],
        )
    )
    return text, spans


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
    svc = AnnotationService(a)
    for s, e, label, note in spans:
        svc.create(NewAnnotation(pk_a, s, e, label, author="gen", note=note))
    want = sorted((x.start, x.end, x.label, x.text, x.note) for x in svc.for_release(pk_a))
    sel = AnnotationSelection(release_ids=(rid,))
    for fmt in FORMATS:
        out = tmp_path / f"{fmt}-{rid}"
        res = ExportService(a).export(fmt, out, sel)
        assert res.annotations == len(spans)
        report = AnnotationImportService(b).import_file(out, fmt)
        assert report.refused == [], (fmt, report.to_json())
        assert report.added == len(spans)
        pk_b = next(iter(ExportService(b).documents(sel))).release.id
        got = AnnotationService(b).for_release(pk_b)
        keep_note = fmt != "doccano"
        assert sorted(
            (x.start, x.end, x.label, x.text, x.note if keep_note else None) for x in got
        ) == (want if keep_note else [w[:4] + (None,) for w in want]), fmt
        for x in got:  # each format must stand on its own: clear the target again
            AnnotationService(b).delete(x.id)
