"""Discontinuous spans (issue 13) through storage, every format that holds them (native
JSONL, brat ``s e;s e``, W3C one target per fragment, XMI ``fragments`` feature) and back,
a brat file written by hand as a brat user would, the formats that cannot hold them
(a warning naming each), and a revised text copy.

On the founding release: "Shri Rajnath Singh" (first mention) with "Tokyo" as a second
fragment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pibdesk.core.errors import SpanError
from pibdesk.core.model import Annotation, NewAnnotation
from pibdesk.services.annotation_import import AnnotationImportService
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.export import ExportService
from pibdesk.storage.db import Database

NAME = "Shri Rajnath Singh"


def _corpus(path: Path, raw_dir: Path) -> tuple[Database, int, str]:
    db = Database(path)
    db.migrate()
    pk = CorpusService(db).import_paths([raw_dir / "txt_1583904.txt"]).outcomes[0].release_pk
    assert pk is not None
    return db, pk, CorpusService(db).release(pk).text


def _two_pieces(db: Database, pk: int, text: str) -> Annotation:
    svc = AnnotationService(db)
    s = text.index(NAME)
    t = text.index("Tokyo")
    a = svc.create(NewAnnotation(pk, s, s + len(NAME), "Person", author="ed", note="two parts"))
    return svc.add_fragment(a.id, t, t + 5, editor="ed")


def test_add_fragment_joins_refuses_and_records(tmp_path: Path, raw_dir: Path) -> None:
    db, pk, text = _corpus(tmp_path / "a.db", raw_dir)
    svc = AnnotationService(db)
    s, t = text.index(NAME), text.index("Tokyo")
    d = _two_pieces(db, pk, text)
    assert d.fragments == ((s, s + len(NAME)), (t, t + 5))
    assert (d.start, d.end, d.text) == (s, t + 5, text[s : t + 5])
    assert d.note == "two parts" and d.row_version == 2
    with pytest.raises(SpanError, match="part of the annotation already"):
        svc.add_fragment(d.id, t, t + 5)
    with pytest.raises(SpanError, match="white space"):
        svc.add_fragment(d.id, t + 5, t + 6)  # the space after Tokyo
    # a piece with only a space between it and the first fragment joins it
    # ("Shri Rajnath Singh co-chairs")
    grown = svc.add_fragment(d.id, s + len(NAME) + 1, s + len(NAME) + 10)
    assert grown.fragments == ((s, s + len(NAME) + 10), (t, t + 5))
    # filling the gap makes it continuous again
    whole = svc.add_fragment(d.id, s + len(NAME) + 11, t - 1)
    assert whole.fragments == () and (whole.start, whole.end) == (s, t + 5)
    hist = svc.history(d.id)
    assert [h.action for h in hist] == ["create", "fragment", "fragment", "fragment"]
    assert hist[1].changes()[0] == ("end", s + len(NAME), t + 5)
    assert ("fragments", [], [[s, s + len(NAME)], [t, t + 5]]) in hist[1].changes()
    # moving the covering end moves the last fragment's end; swallowing one is refused
    svc.put_back(d, ("start", "end", "text", "prefix", "suffix", "fragments"))
    moved = svc.move_span(d.id, s, t + 4)
    assert moved.fragments == ((s, s + len(NAME)), (t, t + 4))
    with pytest.raises(SpanError, match="swallow"):
        svc.move_span(d.id, s, s + 3)


@pytest.mark.parametrize("fmt", ["jsonl", "brat", "w3c", "xmi"])
def test_fragments_survive_export_and_import(
    fmt: str, tmp_path: Path, raw_dir: Path
) -> None:
    db, pk, text = _corpus(tmp_path / "a.db", raw_dir)
    d = _two_pieces(db, pk, text)
    out = tmp_path / ("out" if fmt in ("brat", "xmi") else f"out.{fmt}.json")
    if fmt == "jsonl":
        out = tmp_path / "out.jsonl"
    res = ExportService(db).export(fmt, out)
    assert res.warnings == []
    if fmt == "brat":
        ann = next(out.glob("*.ann")).read_text(encoding="utf-8").splitlines()
        (s, e), (s2, e2) = d.fragments
        assert ann[0] == f"T1\tPerson {s} {e};{s2} {e2}\t{NAME} Tokyo"
    if fmt == "w3c":
        items = json.loads(out.read_text(encoding="utf-8"))
        items = items.get("first", {}).get("items", items.get("items", items))
        tgt = items[0]["target"]
        assert [t["selector"][0]["start"] for t in tgt] == [d.fragments[0][0], d.fragments[1][0]]
        assert [t["selector"][1]["exact"] for t in tgt] == [NAME, "Tokyo"]
    fresh, pk2, _ = _corpus(tmp_path / "b.db", raw_dir)
    rep = AnnotationImportService(fresh).import_file(out, fmt)
    assert (rep.added, rep.refused) == (1, [])
    (got,) = AnnotationService(fresh).for_release(pk2)
    assert (got.start, got.end, got.label, got.fragments) == (d.start, d.end, "Person", d.fragments)
    assert got.note == "two parts"
    # importing the same file again merges it (same span, label and fragments)
    again = AnnotationImportService(fresh).import_file(out, fmt)
    assert (again.added, again.merged) == (0, 1)


def test_formats_without_fragments_warn_and_write_the_covering_span(
    tmp_path: Path, raw_dir: Path
) -> None:
    db, pk, text = _corpus(tmp_path / "a.db", raw_dir)
    d = _two_pieces(db, pk, text)
    out = tmp_path / "out.doccano.jsonl"
    res = ExportService(db).export("doccano", out)
    assert len(res.warnings) == 1
    assert f"annotation {d.id}" in res.warnings[0]
    assert f"covering span {d.start}-{d.end}" in res.warnings[0]
    line = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert line["label"][0][:2] == [d.start, d.end]


def test_hand_written_brat_discontinuous_span_is_imported_not_flattened(
    tmp_path: Path, raw_dir: Path
) -> None:
    db, pk, text = _corpus(tmp_path / "a.db", raw_dir)
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "doc.txt").write_text(text, encoding="utf-8", newline="")
    s, t = text.index("Raksha Mantri"), text.index("Rajnath Singh")
    # "Raksha Mantri ... Rajnath Singh" as one Person in two pieces, written out of order
    (folder / "doc.ann").write_text(
        f"T1\tPerson {t} {t + 13};{s} {s + 13}\tRajnath Singh Raksha Mantri\n"
        f"#1\tAnnotatorNotes T1\ttitle and name\n",
        encoding="utf-8",
    )
    rep = AnnotationImportService(db).import_file(folder, "brat")
    assert (rep.added, rep.refused) == (1, []), rep
    (got,) = AnnotationService(db).for_release(pk)
    assert got.fragments == ((s, s + 13), (t, t + 13))
    assert (got.start, got.end, got.note) == (s, t + 13, "title and name")


def test_revision_moves_a_discontinuous_span_whole_or_flags_it(
    tmp_path: Path, raw_dir: Path
) -> None:
    db, pk, text = _corpus(tmp_path / "a.db", raw_dir)
    d = _two_pieces(db, pk, text)
    src = (raw_dir / "txt_1583904.txt").read_text(encoding="utf-8")
    title = "Raksha Mantri Shri Rajnath Singh co-chairs"
    rev = tmp_path / "rev" / "txt_1583904.txt"
    rev.parent.mkdir()
    # a word added before both pieces (in the title): the span moves whole
    src2 = src.replace(title, "Today " + title, 1)
    rev.write_text(src2, encoding="utf-8")
    assert CorpusService(db).import_paths([rev]).outcomes[0].status == "revised"
    new = CorpusService(db).release(pk).text
    moved = AnnotationService(db).get(d.id)
    shift = moved.start - d.start
    assert shift == len("Today ") and not moved.needs_review
    assert moved.fragments == tuple((a + shift, b + shift) for a, b in d.fragments)
    assert [new[a:b] for a, b in moved.fragments] == [NAME, "Tokyo"]
    assert AnnotationService(db).history(d.id)[-1].action == "reanchor"

    # words changed between the pieces: the covering text differs, so the fragments
    # cannot be trusted; it keeps its covering span, flagged, and the history has them
    rev.write_text(src2.replace("Japanese Defence Minister", "Japan's Defence Minister", 1),
                   encoding="utf-8")
    assert CorpusService(db).import_paths([rev]).outcomes[0].status == "revised"
    flagged = AnnotationService(db).get(d.id)
    assert flagged.needs_review and flagged.fragments == ()
    last = AnnotationService(db).history(d.id)[-1]
    assert last.action == "reanchor"
    assert last.before is not None and last.before["fragments"] == [list(f) for f in moved.fragments]
    assert last.after is not None and last.after["fragments"] == []


def test_xmi_fragments_are_in_utf16_like_begin_and_end(tmp_path: Path, raw_dir: Path) -> None:
    """After a character outside the BMP the XMI ``fragments`` feature is in UTF-16 code
    units, the unit of ``begin``/``end`` in the same file (an INCEpTION/UIMA reader would
    misplace code-point pieces); a file pibdesk wrote before, in code points, still reads."""
    import re

    src = (raw_dir / "txt_1583904.txt").read_text(encoding="utf-8")
    assert "Raksha Mantri" in src
    emoji = tmp_path / "txt_1583904.txt"
    emoji.write_text(src.replace("Raksha Mantri", "Raksha Mantri \U0001f600\U0001f1ee\U0001f1f3", 1),
                     encoding="utf-8")

    def corpus(path: Path) -> tuple[Database, int, str]:
        db = Database(path)
        db.migrate()
        pk = CorpusService(db).import_paths([emoji]).outcomes[0].release_pk
        assert pk is not None
        return db, pk, CorpusService(db).release(pk).text

    db, pk, text = corpus(tmp_path / "a.db")
    d = _two_pieces(db, pk, text)
    assert text.index("\U0001f600") < d.start  # three astral characters before the span
    out = tmp_path / "xmi"
    ExportService(db).export("xmi", out)
    xmi = next(out.glob("*.xmi"))
    raw = xmi.read_text(encoding="utf-8")
    frag = re.search(r'fragments="([^"]+)"', raw)
    assert frag is not None
    element = raw[raw.rfind("<", 0, frag.start()) : raw.find(">", frag.end()) + 1]
    begin = re.search(r'begin="(\d+)"', element)
    assert begin is not None
    pieces = [tuple(int(x) for x in p.split()) for p in frag.group(1).split(";")]
    (s, e), (s2, e2) = d.fragments
    assert pieces == [(s + 3, e + 3), (s2 + 3, e2 + 3)]  # each astral character is 2 units
    assert int(begin.group(1)) == pieces[0][0]  # the covering span's begin, same unit

    fresh, pk2, _ = corpus(tmp_path / "b.db")
    rep = AnnotationImportService(fresh).import_file(out, "xmi")
    assert (rep.added, rep.refused) == (1, [])
    (got,) = AnnotationService(fresh).for_release(pk2)
    assert got.fragments == d.fragments

    # an earlier pibdesk's file: the same pieces in code points
    old = raw.replace(frag.group(0), f'fragments="{s} {e};{s2} {e2}"')
    xmi.write_text(old, encoding="utf-8")
    older, pk3, _ = corpus(tmp_path / "c.db")
    rep = AnnotationImportService(older).import_file(out, "xmi")
    assert (rep.added, rep.refused) == (1, [])
    (got,) = AnnotationService(older).for_release(pk3)
    assert got.fragments == d.fragments
