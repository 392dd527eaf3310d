"""Bulk import: folders and datasets, identity, no-op re-import, metadata-only rows,
visitor-counter history, bad rows, cancel, translations."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from pibdesk.core.errors import ParseError
from pibdesk.core.model import ParsedRelease
from pibdesk.parsing import parse_file
from pibdesk.services.corpus import CorpusService, write_report

from .helpers import integrity, table_counts


def _row_counts(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Rows per table on either engine (SQLite: every table, FTS shadow tables included)."""
    if db.is_sqlite:
        return table_counts(db.path)
    import sqlalchemy as sa

    with db.engine.connect() as conn:
        names = sa.inspect(conn).get_table_names()
        return {
            n: conn.execute(sa.text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names
        }


def test_raw_folder_and_both_datasets_then_again_all_present(any_db, corpus_dir) -> None:  # type: ignore[no-untyped-def]
    db = any_db  # both engines (issue 16)
    svc = CorpusService(db)
    inputs = [corpus_dir / "raw", corpus_dir / "datasets"]
    calls: list[tuple[int, int]] = []
    first = svc.import_paths(inputs, progress=lambda d, t, s: calls.append((d, t)))
    t = first.totals()
    # 33 text files + 2 pages + 563 JSONL rows + 3800 CSV rows; the two listing pages fail
    assert len(first.outcomes) == 33 + 2 + 2 + 563 + 3800
    assert t["failed"] == 2
    assert {o.source for o in first.outcomes if o.status == "failed"} == {
        "listing_allrel_onclick.html",
        "listing_allrel_page.html",
    }
    # the two saved pages are also JSONL rows (same PRID, other rendering). 2296750's row
    # differs from the page only in whitespace: the same text, no revision (this test
    # expected a revision before); 2296782's row reads "31 st July" for the page's
    # "31<sup>st</sup> July" ("31st"): a real difference, a revision
    assert t["revised"] == 1
    by_source = {(o.source, o.release_id): o for o in first.outcomes}
    ws = [o for (src, prid), o in by_source.items() if prid == 2296750 and "jsonl" in src]
    assert [(o.status, o.message) for o in ws] == [("present", "same text apart from whitespace")]
    (rev,) = [o for o in first.outcomes if o.status == "revised"]
    assert (rev.release_id, rev.message) == (2296782, "revision 2")
    assert t["imported"] == len(first.outcomes) - 4
    assert calls[-1][0] == calls[-1][1] == len(first.outcomes)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert svc.count() == t["imported"]
    before = _row_counts(db)
    if db.is_sqlite:
        assert before["release_fts_docsize"] == before["release"]

    second = svc.import_paths(inputs)
    assert second.totals() == {
        "imported": 0,
        "present": len(first.outcomes) - 2,
        "revised": 0,
        "updated": 0,
        "failed": 2,
    }
    assert _row_counts(db) == before  # not even a change-log row
    if db.is_sqlite:
        assert integrity(db.path) == ("ok", "ok")


def test_metadata_only_rows_are_marked_then_filled_by_text(any_db, tmp_path, raw_dir) -> None:  # type: ignore[no-untyped-def]
    db = any_db  # both engines (issue 16)
    svc = CorpusService(db)
    csv = tmp_path / "meta.csv"
    # the aswinpradeep shape: PRID, URL, chars, date line, language, title
    csv.write_text(
        "1583904,https://pib.gov.in/PressReleasePage.aspx?PRID=1583904,9000,"
        '02 SEP 2019 7:22PM by PIB Delhi,en,"Raksha Mantri co-chairs Japan – India meeting"\n',
        encoding="utf-8",
    )
    rep = svc.import_paths([csv])
    assert [o.status for o in rep.outcomes] == ["imported"]
    assert "text not yet imported" in rep.outcomes[0].message
    pk = rep.outcomes[0].release_pk
    assert pk is not None
    rel = svc.release(pk)
    assert rel.has_text is False and rel.text == "" and rel.bureau == "PIB Delhi"
    assert svc.summaries()[0].has_text is False

    rep = svc.import_paths([raw_dir / "txt_1583904.txt"])
    assert [o.status for o in rep.outcomes] == ["updated"]
    rel = svc.release(pk)
    assert rel.has_text and "Takeshi lwaya" in rel.text and rel.revision == 1
    assert rel.title.startswith(
        "Raksha Mantri Shri Rajnath Singh co-chairs"
    )  # the text's title wins
    assert rel.visitor_count == 744
    # the metadata row again: nothing to change
    assert [o.status for o in svc.import_paths([csv]).outcomes] == ["present"]
    assert [o.status for o in svc.import_paths([raw_dir / "txt_1583904.txt"]).outcomes] == [
        "present"
    ]


def test_text_import_keeps_metadata_the_file_lacks(any_db) -> None:  # type: ignore[no-untyped-def]
    db = any_db  # both engines (issue 16)
    svc = CorpusService(db)
    meta = ParsedRelease(
        title="T", text="", release_id=7, bureau="PIB Imphal", language="mni", has_text=False
    )
    svc.import_parsed(meta)
    out = svc.import_parsed(ParsedRelease(title="Title", text="Title\n\nBody.", release_id=7))
    assert out.status == "updated"
    rel = svc.release(out.release_pk)  # type: ignore[arg-type]
    assert (rel.bureau, rel.language, rel.text) == ("PIB Imphal", "mni", "Title\n\nBody.")


def test_visitor_counter_history_only_records_changes(any_db, tmp_path, raw_dir) -> None:  # type: ignore[no-untyped-def]
    db = any_db  # both engines (issue 16)
    svc = CorpusService(db)
    src = (raw_dir / "txt_1583904.txt").read_bytes()
    pk = svc.import_paths([raw_dir / "txt_1583904.txt"]).outcomes[0].release_pk
    assert pk is not None
    svc.import_paths([raw_dir / "txt_1583904.txt"])
    assert [o.count for o in svc.visitor_history(pk)] == [744]
    later = tmp_path / "txt_1583904.txt"
    later.write_bytes(src.replace(b"Visitor Counter : 744", b"Visitor Counter : 1021"))
    out = svc.import_paths([later]).outcomes[0]
    assert out.status == "present" and "1021" in out.message
    hist = svc.visitor_history(pk)
    assert [o.count for o in hist] == [744, 1021]
    assert hist[0].seen_at <= hist[1].seen_at and hist[0].seen_at.tzinfo is not None
    assert svc.release(pk).visitor_count == 1021


def test_release_without_id_is_identified_by_text_hash(any_db, raw_dir) -> None:  # type: ignore[no-untyped-def]
    db = any_db  # both engines (issue 16)
    svc = CorpusService(db)
    f = raw_dir / "txt_1628325_hi.txt"
    assert parse_file(f).release_id is None
    a = svc.import_paths([f]).outcomes[0]
    b = svc.import_paths([f]).outcomes[0]
    assert (a.status, b.status) == ("imported", "present") and a.release_pk == b.release_pk
    assert svc.count() == 1


def test_a_bad_row_fails_alone_with_its_reason(any_db, tmp_path, corpus_dir) -> None:  # type: ignore[no-untyped-def]
    db = any_db  # both engines (issue 16)
    lines = (
        (corpus_dir / "datasets" / "pib_direct_2026_articles.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()[:5]
    )
    lines.insert(2, "{not json")
    lines.insert(4, json.dumps({"prid": 1}))  # no title
    f = tmp_path / "mixed.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rep = CorpusService(db).import_paths([f], batch_size=3)
    statuses = [o.status for o in rep.outcomes]
    assert statuses == [
        "imported",
        "imported",
        "failed",
        "imported",
        "failed",
        "imported",
        "imported",
    ]
    assert rep.outcomes[2].source == "mixed.jsonl:3" and "JSON" in rep.outcomes[2].message
    assert CorpusService(db).count() == 5


def test_batch_with_a_database_error_retries_row_by_row(db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A row the database refuses fails alone; the others of its batch are stored."""
    from sqlalchemy.exc import IntegrityError

    from pibdesk.storage import corpus_store

    real = corpus_store.CorpusStore.apply

    def apply(self, parsed, seen_at=None):  # type: ignore[no-untyped-def]
        if parsed.release_id == 3:
            raise IntegrityError("insert", {}, Exception("refused"))
        return real(self, parsed, seen_at)

    monkeypatch.setattr(corpus_store.CorpusStore, "apply", apply)
    items = [
        ParsedRelease(title=f"R{i}", text=f"R{i}\n\nbody {i}", release_id=i) for i in range(1, 6)
    ]
    rep = CorpusService(db).import_many(items, batch_size=10)
    assert [o.status for o in rep.outcomes] == [
        "imported",
        "imported",
        "failed",
        "imported",
        "imported",
    ]
    assert CorpusService(db).count() == 4


def _variants(corpus_dir: Path, n: int) -> list[ParsedRelease]:
    from pibdesk.parsing.datasets import read_jsonl

    base = [
        r
        for r in read_jsonl(corpus_dir / "datasets" / "pib_direct_2026_articles.jsonl")
        if not isinstance(r, ParseError)
    ]
    out = []
    for i in range(n):
        b = base[i % len(base)]
        out.append(
            ParsedRelease(
                title=f"{b.title} ({i})",
                text=f"{b.text}\n\nVariant {i}.",
                release_id=9_000_000 + i,
                ministry=b.ministry,
                posted_at=b.posted_at,
                bureau=b.bureau,
                language=b.language,
                visitor_count=i,
                source=f"variant_{i}",
            )
        )
    return out


def test_cancel_in_the_middle_of_2000_releases_leaves_only_whole_releases(
    db, db_path, corpus_dir
) -> None:  # type: ignore[no-untyped-def]
    items = _variants(corpus_dir, 2000)
    seen = 0

    def progress(done: int, total: int, source: str) -> None:
        nonlocal seen
        seen = done

    rep = CorpusService(db).import_many(
        items, total=len(items), progress=progress, cancel=lambda: seen >= 1111, batch_size=250
    )
    assert rep.cancelled
    stored = rep.count("imported")
    assert stored == 1000  # four whole batches; the fifth was rolled back mid-way
    assert integrity(db_path) == ("ok", "ok")
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("select count(*) from release").fetchone()[0] == stored
        # every stored release is whole: its revision, its counter, its FTS entry
        orphans = con.execute(
            "select count(*) from release r where not exists "
            "(select 1 from release_revision v where v.release_pk = r.id and v.number = 1 and v.text = r.text) "
            "or not exists (select 1 from visitor_count c where c.release_pk = r.id)"
        ).fetchone()[0]
        assert orphans == 0
        assert con.execute("select count(*) from release_fts_docsize").fetchone()[0] == stored
        assert con.execute("select count(*) from release_revision").fetchone()[0] == stored
    finally:
        con.close()
    # importing all again completes the work
    rep2 = CorpusService(db).import_many(items)
    assert rep2.count("present") == 1000 and rep2.count("imported") == 1000


def test_translations_are_stored_and_resolved_in_both_directions(any_db, raw_dir) -> None:  # type: ignore[no-untyped-def]
    db = any_db  # both engines (issue 16)
    svc = CorpusService(db)
    page = parse_file(raw_dir / "html_2296750.html")
    linked = [t for t in page.translations if t.release_id is not None]
    assert len(page.translations) == 8 and linked
    pk = svc.import_parsed(page).release_pk
    target = linked[0]
    other = svc.import_parsed(
        ParsedRelease(
            title="अनुवाद",
            text="अनुवाद\n\nपाठ",
            release_id=target.release_id,
            language=target.language,
        )
    ).release_pk
    links = svc.translations(pk)  # type: ignore[arg-type]
    assert [(lk.label, lk.release_id) for lk in links] == [
        (t.label, t.release_id) for t in page.translations
    ]
    assert [lk.target_pk for lk in links if lk.target_pk] == [other]
    back = svc.translations(other)  # type: ignore[arg-type]
    assert [(lk.target_pk, lk.release_id) for lk in back] == [(pk, page.release_id)]


def test_report_export_json_and_csv(any_db, tmp_path, raw_dir) -> None:  # type: ignore[no-untyped-def]
    db = any_db  # both engines (issue 16)
    rep = CorpusService(db).import_paths(
        [raw_dir / "txt_1583904.txt", raw_dir / "listing_allrel_page.html"]
    )
    write_report(rep, tmp_path / "r.json")
    write_report(rep, tmp_path / "r.csv")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["totals"]["imported"] == 1 and data["totals"]["failed"] == 1
    rows = (tmp_path / "r.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "status,source,release_id,title,message,needs_review"
    assert rows[1].startswith("imported,txt_1583904.txt,1583904,")
    assert rows[2].startswith("failed,listing_allrel_page.html,,")


def test_facets_list_filter_choices(any_db, raw_dir) -> None:  # type: ignore[no-untyped-def]
    db = any_db  # both engines (issue 16)
    svc = CorpusService(db)
    svc.import_paths([raw_dir])
    f = svc.facets()
    assert "Ministry of Defence" in f.ministries and "PIB Mumbai" in f.bureaus
    assert {"en", "hi", "ta"} <= set(f.languages)


@pytest.mark.parametrize("n", [0])
def test_empty_input_gives_empty_report(any_db, n) -> None:  # type: ignore[no-untyped-def]
    db = any_db  # both engines (issue 16)
    rep = CorpusService(db).import_many([])
    assert rep.outcomes == [] and not rep.cancelled
