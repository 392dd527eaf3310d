"""Search ignores zero-width (non-)joiners and soft hyphens (migration 0005), on SQLite
(FTS5) and PostgreSQL (search_pg): typed with or without them, a word finds releases
that write it either way; snippets show and offsets point into the real stored text."""

from __future__ import annotations

from pathlib import Path

import pytest

from pibdesk.cli import main
from pibdesk.core.search import HIT_CLOSE, HIT_OPEN, strip_ignored
from pibdesk.services.corpus import CorpusService
from pibdesk.services.search import SearchService, make_filter
from pibdesk.storage.db import Database

ZWNJ, ZWJ, SHY = "\u200c", "\u200d", "\u00ad"
TE = "txt_1628325_te.txt"
#: "Narendra Modi" as the Telugu release writes it: with two ZWNJs
MODI_JOINED = f"న{ZWNJ}రేంద్ర{ZWNJ}మోదీ"
MODI_PLAIN = "నరేంద్రమోదీ"


@pytest.fixture()
def te_db(any_db, raw_dir):  # type: ignore[no-untyped-def]
    """The Telugu release and the founding example, on SQLite and PostgreSQL."""
    rep = CorpusService(any_db).import_paths([raw_dir / TE, raw_dir / "txt_1583904.txt"])
    assert rep.count("imported") == 2
    return any_db


def _te_pk(db: Database) -> int:
    (s,) = [s for s in CorpusService(db).summaries() if s.language == "te"]
    return s.id


def test_the_corpus_writes_the_word_with_joiners(raw_dir: Path) -> None:
    text = (raw_dir / TE).read_text(encoding="utf-8")
    assert MODI_JOINED in text and MODI_PLAIN not in text


@pytest.mark.parametrize("typed", [MODI_PLAIN, MODI_JOINED, f"న{ZWJ}రేంద్ర{SHY}మోదీ"])
def test_the_telugu_word_is_found_however_typed(te_db, typed: str) -> None:  # type: ignore[no-untyped-def]
    svc = SearchService(te_db)
    te = make_filter(language="te")
    hits = svc.search(typed, te, locate=True)
    assert [h.pk for h in hits] == [_te_pk(te_db)]
    assert svc.count(typed, te) == 1 and svc.count(typed) == 1
    h = hits[0]
    text = CorpusService(te_db).release(h.pk).text
    # the offsets point at the real word in the stored text, joiners included
    assert h.hit_start is not None and h.hit_end is not None
    assert text[h.hit_start : h.hit_end] == MODI_JOINED
    assert h.hit_start == text.index(MODI_JOINED)
    # the snippet shows the stored text (with its joiners), the whole word highlighted
    assert f"{HIT_OPEN}{MODI_JOINED}{HIT_CLOSE}" in h.snippet


def test_a_phrase_across_joined_words_and_a_prefix(te_db) -> None:  # type: ignore[no-untyped-def]
    svc = SearchService(te_db)
    pk = _te_pk(te_db)
    text = CorpusService(te_db).release(pk).text
    # "శ్రీ న‌రేంద్ర‌మోదీ" (Shri Narendra Modi) typed without joiners, as a phrase
    assert f"శ్రీ {MODI_JOINED}" in text
    span = svc.locate(pk, f'"శ్రీ {MODI_PLAIN}"')
    assert span is not None and text[span[0] : span[1]] == f"శ్రీ {MODI_JOINED}"
    # a prefix typed without the joiner finds the word written with it
    assert svc.count("నరేంద్ర*", make_filter(language="te")) == 1
    # and the plain half alone is no word of its own any more
    assert svc.count("రేంద్ర") == 0


def test_rebuild_indexes_the_same_way(te_db) -> None:  # type: ignore[no-untyped-def]
    svc = SearchService(te_db)
    before = [h.pk for h in svc.search(MODI_PLAIN)]
    svc.rebuild()
    assert [h.pk for h in svc.search(MODI_PLAIN)] == before == [_te_pk(te_db)]
    assert [h.release_id for h in svc.search("Article 370")] == [1583904]


def test_soft_hyphen_and_a_lone_joiner_in_english_text(any_db, raw_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A soft hyphen inside "cooperation" and a lone ZWNJ (between spaces) before the hit:
    the hit's offsets and snippet still point at the right words."""
    text = (raw_dir / "txt_1583904.txt").read_text(encoding="utf-8")
    assert "Article 370" in text
    first = text.index("Article 370")
    changed = text[:first] + f"co{SHY}operation {ZWNJ} " + text[first:]
    src = tmp_path / "txt_1583904.txt"
    src.write_text(changed, encoding="utf-8")
    assert CorpusService(any_db).import_paths([src]).count("imported") == 1
    svc = SearchService(any_db)
    stored = CorpusService(any_db).release(svc.search("Article")[0].pk).text
    assert f"co{SHY}operation {ZWNJ} Article 370" in stored
    (h,) = svc.search('"Article 370"', locate=True)
    assert (h.hit_start, h.hit_end) == (
        stored.index("Article 370"),
        stored.index("Article 370") + 11,
    )
    hits = svc.search(f"cooperation {ZWNJ}", locate=True)
    assert len(hits) == 1
    assert hits[0].hit_start is not None and hits[0].hit_end is not None
    assert strip_ignored(stored[hits[0].hit_start : hits[0].hit_end]).lower() == "cooperation"


def test_migration_0005_reindexes_existing_releases(tmp_path, raw_dir) -> None:  # type: ignore[no-untyped-def]
    """A database indexed by 0002's rules does not find the word; upgrading fixes it."""
    db = Database(tmp_path / "old.db")
    db.migrate("0004")
    CorpusService(db).import_paths([raw_dir / TE])
    svc = SearchService(db)
    assert svc.count(MODI_PLAIN) == 0  # the bug: indexed as two pieces
    db.migrate()
    assert svc.count(MODI_PLAIN) == 1 and svc.count(MODI_JOINED) == 1
    db.dispose()


def test_cli_search_telugu(db_path, raw_dir, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["import", str(raw_dir / TE), "--db", str(db_path), "-q"]) == 0
    capsys.readouterr()
    assert main(["search", MODI_PLAIN, "--language", "te", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert f"[{MODI_JOINED}]" in out  # the hit, highlighted in the real text
    assert main(["search", MODI_PLAIN, "--language", "hi", "--db", str(db_path)]) == 0
    assert f"[{MODI_JOINED}]" not in capsys.readouterr().out
