"""Import behaviour fixed after an audit: whitespace-only differences are not revisions,
stray legacy bytes in a UTF-8 file are reported."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from pibdesk.core.model import NewAnnotation
from pibdesk.parsing import parse_file
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService


def _jsonl_row(corpus_dir: Path, prid: int, tmp_path: Path) -> Path:
    src = corpus_dir / "datasets" / "pib_direct_2026_articles.jsonl"
    lines = [line for line in src.read_text(encoding="utf-8").splitlines() if line.strip()]
    (row,) = [line for line in lines if json.loads(line)["prid"] == prid]
    out = tmp_path / f"row_{prid}.jsonl"
    out.write_text(row + "\n", encoding="utf-8")
    return out


def _revisions(db_path: Path, pk: int) -> int:
    con = sqlite3.connect(db_path)
    try:
        return int(
            con.execute(
                "select count(*) from release_revision where release_pk=?", (pk,)
            ).fetchone()[0]
        )
    finally:
        con.close()


def test_whitespace_only_difference_is_no_revision(
    db, db_path, corpus_dir, raw_dir, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    corpus, ann = CorpusService(db), AnnotationService(db)
    page = raw_dir / "html_2296750.html"
    pk = corpus.import_paths([page]).outcomes[0].release_pk
    assert pk is not None
    before = corpus.release(pk)
    start = before.text.index("Har Ghar")
    a = ann.create(NewAnnotation(pk, start, start + len("Har Ghar"), "Topic"))

    row = _jsonl_row(corpus_dir, 2296750, tmp_path)
    from pibdesk.parsing.datasets import read_jsonl

    (parsed,) = list(read_jsonl(row))
    # the dataset renders the release with other line breaks: not the same exact text,
    # but the same words once whitespace is collapsed
    assert parsed.text != before.text  # type: ignore[union-attr]
    assert parsed.text.split() == before.text.split()  # type: ignore[union-attr]

    (o,) = corpus.import_paths([row]).outcomes
    assert (o.status, o.release_pk, o.message) == ("present", pk, "same text apart from whitespace")
    after = corpus.release(pk)
    assert (after.revision, after.text, after.text_hash) == (1, before.text, before.text_hash)
    assert _revisions(db_path, pk) == 1
    assert ann.get(a.id) == a  # untouched, not re-anchored or flagged

    # a real change after that is still a revision
    (o2,) = corpus.import_paths([_jsonl_row(corpus_dir, 2296782, tmp_path)]).outcomes
    assert o2.status == "imported"
    (o3,) = corpus.import_paths([raw_dir / "html_2296782.html"]).outcomes
    assert (o3.status, o3.message) == ("revised", "revision 2")  # "31 st" -> "31st"


def test_stray_cp1252_line_is_reported_in_the_import(db, raw_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = (raw_dir / "txt_1583904.txt").read_bytes()
    anchor = b"    The lndo-Pacific vision"
    legacy = "Café résumé".encode("cp1252")
    f = tmp_path / "txt_1583904.txt"
    f.write_bytes(data.replace(anchor, b"    " + legacy + b"\n\n\n" + anchor, 1))
    (o,) = CorpusService(db).import_paths([f]).outcomes
    assert o.status == "imported"
    assert o.message.startswith("3 invalid UTF-8 byte sequence(s) read as windows-1252 (line ")
    rel = CorpusService(db).release(o.release_pk or 0)
    assert "Café résumé" in rel.text and "Japan\u2019s Defence Minister" in rel.text
    assert (
        rel.text.replace("Café résumé\n\n", "", 1) == parse_file(raw_dir / "txt_1583904.txt").text
    )


def test_scraper_copies_get_their_release_id_and_translation_links(db, raw_dir) -> None:  # type: ignore[no-untyped-def]
    corpus = CorpusService(db)
    report = corpus.import_paths([raw_dir])
    by_source = {o.source: o for o in report.outcomes}
    assert by_source["txt_1611211.txt"].release_id == 1611211
    assert by_source["txt_1628325.txt"].release_id == 1628325
    copies = ["hi", "kn", "ml", "mni", "ta", "te"]
    for lang in copies:
        o = by_source[f"txt_1628325_{lang}.txt"]
        assert (o.status, o.release_id) == ("imported", None)  # not merged into 1628325
    english = by_source["txt_1628325.txt"].release_pk
    assert english is not None
    # the English release lists the six copies (links made by the copies, by PRID)
    links = corpus.translations(english)
    assert sorted((t.language, t.target_pk) for t in links) == sorted(
        (lang, by_source[f"txt_1628325_{lang}.txt"].release_pk) for lang in copies
    )
    # and a copy links back to the English release
    hi = by_source["txt_1628325_hi.txt"].release_pk
    assert [(t.label, t.release_id, t.target_pk) for t in corpus.translations(hi or 0)] == [
        ("English", 1628325, english)
    ]
    # a second import changes nothing
    again = corpus.import_paths([raw_dir])
    assert again.count("present") == len(again.outcomes) - 2  # the two listing pages fail
