"""Full-text search: FTS5 with Indic-aware tokens, snippets, hit offsets, filters, CLI."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from pibdesk.cli import main
from pibdesk.core.model import IST, ReleaseStatus
from pibdesk.core.search import HIT_CLOSE, HIT_OPEN, spelling_variants, to_fts_query
from pibdesk.services.corpus import CorpusService
from pibdesk.services.search import SearchService, make_filter


@pytest.fixture()
def raw_db(any_db, raw_dir):  # type: ignore[no-untyped-def]
    """The raw corpus imported, on SQLite (FTS5) and PostgreSQL (search_pg)."""
    rep = CorpusService(any_db).import_paths([raw_dir])
    assert rep.count("imported") == 35
    return any_db


def test_article_370_finds_the_founding_example_with_highlight(raw_db) -> None:  # type: ignore[no-untyped-def]
    hits = SearchService(raw_db).search("Article 370", locate=True)
    assert [h.release_id for h in hits] == [1583904]
    h = hits[0]
    assert f"{HIT_OPEN}Article{HIT_CLOSE} {HIT_OPEN}370{HIT_CLOSE}" in h.snippet
    assert "<b>Article</b> <b>370</b>" in h.snippet_html()
    text = CorpusService(raw_db).release(h.pk).text
    assert (h.hit_start, h.hit_end) == (text.index("Article 370"), text.index("Article 370") + 7)
    phrase = SearchService(raw_db).locate(h.pk, '"Article 370"')
    assert phrase is not None and text[phrase[0] : phrase[1]] == "Article 370"


def test_devanagari_words_find_the_hindi_releases(raw_db) -> None:  # type: ignore[no-untyped-def]
    svc = SearchService(raw_db)
    hits = svc.search("मंत्रालय")
    langs = {h.language for h in hits}
    assert langs == {"hi"} and len(hits) >= 2
    # a whole word, not the consonants left when vowel signs split it
    assert svc.count("परिभाषा") == 1
    assert svc.count("परि") == 0
    # precomposed ड़ (U+095C) in the text, base + nukta (NFC) in the query, and back
    assert svc.count("रे\u0939\u0921\u093c\u0940") == svc.count("रे\u0939\u095c\u0940") >= 1
    hit = svc.search("परिभाषा", locate=True)[0]
    text = CorpusService(raw_db).release(hit.pk).text
    assert text[hit.hit_start : hit.hit_end] == "परिभाषा"  # type: ignore[index]


def test_other_scripts_and_prefixes(raw_db) -> None:  # type: ignore[no-untyped-def]
    svc = SearchService(raw_db)
    ta = CorpusService(raw_db).release(svc.search("கடன்")[0].pk) if svc.search("கடன்") else None
    assert ta is not None and ta.language == "ta"
    assert svc.count("Minist*") > svc.count("Ministry") > 0
    assert svc.search("") == [] and svc.search('"" : - ()') == []


def test_filters_narrow_the_hits(raw_db) -> None:  # type: ignore[no-untyped-def]
    svc = SearchService(raw_db)
    all_hits = svc.count("Minister")
    mumbai = svc.search("Minister", make_filter(bureau="PIB Mumbai"))
    assert 0 < len(mumbai) < all_hits
    defence = svc.search("Minister", make_filter(ministry="Ministry of Defence"))
    assert 0 < len(defence) < all_hits and {h.ministry for h in defence} == {"Ministry of Defence"}
    sep2019 = make_filter(
        since=datetime(2019, 9, 1, tzinfo=IST), until=datetime(2019, 9, 3, tzinfo=IST)
    )
    assert [h.release_id for h in svc.search("Minister", sep2019)] == [1583904]
    assert svc.count("Minister", make_filter(status=ReleaseStatus.DONE)) == 0
    CorpusService(raw_db).set_status(svc.search("Article 370")[0].pk, ReleaseStatus.DONE)
    assert svc.count("Minister", make_filter(status="done")) == 1
    with pytest.raises(ValueError):
        make_filter(since=datetime(2019, 9, 1))


def test_query_translation() -> None:
    assert to_fts_query("Article 370") == '"Article" "370"'
    assert to_fts_query('"Article 370" OR army*') == '"Article 370" OR "army"*'
    assert to_fts_query('a"b OR') == '"a" "b OR"'
    assert to_fts_query("x OR OR y OR") == '"x" OR "y"'
    assert spelling_variants("\u095c") == ["\u095c", "\u0921\u093c"]


def test_cli_search_and_import_json(db_path, raw_dir, capsys) -> None:  # type: ignore[no-untyped-def]
    assert (
        main(
            [
                "import",
                str(raw_dir / "txt_1583904.txt"),
                str(raw_dir / "txt_1628325_hi.txt"),
                "--db",
                str(db_path),
                "--json",
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["totals"]["imported"] == 2 and report["cancelled"] is False
    assert main(["import", str(raw_dir / "txt_1583904.txt"), "--db", str(db_path), "-q"]) == 0
    out = capsys.readouterr().out
    assert "already present  txt_1583904.txt [1583904]" in out and "1 already present" in out
    assert main(["search", "Article 370", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "1583904" in out and "[Article] [370]" in out
    assert main(["search", "परिभाषा", "--db", str(db_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 1 and "[परिभाषा]" in data["hits"][0]["snippet"]
    assert (
        main(["import", str(raw_dir / "listing_allrel_page.html"), "--db", str(db_path), "-q"]) == 1
    )
    assert "FAILED  listing_allrel_page.html: not a PIB release page" in capsys.readouterr().out
