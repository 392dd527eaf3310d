"""Repeated quotes grouped per speaker, on real corpus quotes (see pibdesk.core.ledger for
the scorer and threshold): one tweet quoted in txt_1620591.txt and again, with small
changes, in its Hindi copy; the same quotes in two PIB-Direct releases posted eight
minutes apart; and quotes that must stay apart (condolence tweets written on one
template about different accidents, a book title and the tweet announcing the book)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from ledger_helpers import accept_suggested, import_files, pk_of
from rapidfuzz import fuzz

from pibdesk.core.ledger import GROUP_THRESHOLD, LedgerRow, group_quotes, quote_key
from pibdesk.core.model import IST
from pibdesk.services.ledger import LedgerService
from pibdesk.storage.db import Database

HINDI_TWEET = "भारत अपने वीर कोरोना योद्धाओं को सलाम करता है।"


def test_one_tweet_in_a_release_and_its_hindi_copy(db: Database, raw_dir: Path) -> None:
    en, hi = import_files(db, raw_dir / "txt_1620591.txt", raw_dir / "txt_1620591_hi.txt")
    assert accept_suggested(db, en) >= 6 and accept_suggested(db, hi) >= 1
    rows = LedgerService(db).rows()
    a = next(r for r in rows if r.release_pk == en and r.quote.startswith(HINDI_TWEET))
    b = next(r for r in rows if r.release_pk == hi and r.quote.startswith(HINDI_TWEET))
    assert a.quote != b.quote  # "@narendramodi सरकार" / "मोदी सरकार", spaces after "।"
    assert "@narendramodi सरकार" in a.quote and "मोदी सरकार" in b.quote
    assert a.speaker == b.speaker == "Amit Shah"
    score = fuzz.ratio(quote_key(a.quote), quote_key(b.quote))
    assert GROUP_THRESHOLD <= score < 100
    assert a.group_id == b.group_id == a.annotation_id
    assert a.group_count == b.group_count == 2
    # the Hindi copy carries no Posted On line: first = last = the English release's time
    assert b.posted_at is None
    assert a.group_first == a.group_last == datetime(2020, 5, 3, 15, 8, tzinfo=IST)
    # every other statement of the English release stands alone (different tweets)
    others = [r for r in rows if r.release_pk == en and r is not a]
    assert others and all(r.group_count == 1 for r in others)
    assert len({r.group_id for r in rows}) == len(rows) - 1


@pytest.fixture(scope="module")
def pib_direct(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """PIB-Direct (Aug 2026) imported once; Statements accepted in six releases."""
    path = tmp_path_factory.mktemp("ledger") / "direct.db"
    db = Database(path)
    db.migrate()
    import_files(db, corpus_dir / "datasets" / "pib_direct_2026_articles.jsonl")
    for prid in (2298072, 2298152, 2300333, 2301110, 2298322, 2298327):
        try:
            accept_suggested(db, pk_of(db, prid))
        except Exception as e:  # pragma: no cover - names the release that broke
            raise AssertionError(f"{prid}: {e}") from e
    db.dispose()
    return path


def _by_release(rows: list[LedgerRow], db: Database, prid: int) -> list[LedgerRow]:
    pk = pk_of(db, prid)
    return [r for r in rows if r.release_pk == pk]


def test_same_quotes_in_two_releases(pib_direct: Path) -> None:
    db = Database(pib_direct)
    try:
        rows = LedgerService(db).rows()
        one, two = _by_release(rows, db, 2298322), _by_release(rows, db, 2298327)
    finally:
        db.dispose()
    tree = "Planting a tree is not just about adding greenery"
    a = next(r for r in one if r.quote.startswith(tree))
    b = next(r for r in two if r.quote.startswith(tree))
    assert a.speaker == b.speaker == "Shivraj Singh Chouhan"
    assert a.group_id == b.group_id == a.annotation_id and a.group_count == 2
    assert a.posted_at is not None and b.posted_at is not None and a.posted_at < b.posted_at
    assert (a.group_first, a.group_last) == (a.posted_at, b.posted_at)
    assert a.group_first.astimezone(IST).isoformat() == "2026-08-12T16:34:00+05:30"
    assert a.group_last.astimezone(IST).isoformat() == "2026-08-12T16:42:00+05:30"


def test_different_statements_stay_apart(pib_direct: Path) -> None:
    db = Database(pib_direct)
    try:
        rows = LedgerService(db).rows()
        stampede = _by_release(rows, db, 2300333)
        fire = _by_release(rows, db, 2301110)
        book, tweet = _by_release(rows, db, 2298072), _by_release(rows, db, 2298152)
    finally:
        db.dispose()
    a = next(r for r in stampede if r.quote.startswith("Pained by the loss of lives"))
    b = next(r for r in fire if r.quote.startswith("Extremely pained to learn"))
    assert a.speaker == b.speaker == "Narendra Modi"
    assert 70 <= fuzz.ratio(quote_key(a.quote), quote_key(b.quote)) < GROUP_THRESHOLD - 10
    assert a.group_id != b.group_id
    # each group holds its tweet twice, as quoted and as embedded ("— PMO India (@PMOIndia)
    # August 17, 2026"), both in its own release only
    assert {r.release_pk for r in rows if r.group_id == a.group_id} == {a.release_pk}
    assert {r.release_pk for r in rows if r.group_id == b.group_id} == {b.release_pk}
    assert a.group_count == b.group_count == 2
    title = next(r for r in book if r.quote == "Triumph of the Indian Republic: My Life, My Struggles")
    post = next(r for r in tweet if r.quote.startswith("Delighted to be a part of the release"))
    assert title.speaker == post.speaker == "Narendra Modi"
    assert fuzz.partial_ratio(quote_key(title.quote), quote_key(post.quote)) == 100  # why not
    assert title.group_id != post.group_id


def test_grouping_is_per_speaker_and_scales_with_shared_words() -> None:
    t0 = datetime(2020, 1, 1, tzinfo=IST)

    def row(i: int, speaker: int | None, quote: str) -> LedgerRow:
        return LedgerRow(i, i, 0, len(quote), quote, None, speaker, f"p{speaker}", None, None,
                         i, None, "", t0.replace(day=i))

    q = "India attaches the highest priority to our bilateral relationship with Japan"
    rows = group_quotes([
        row(3, 1, q + "."),
        row(1, 1, "“" + q.upper() + "”"),  # posted first: the group's id
        row(2, 2, q),  # another speaker
        row(4, None, q),  # no speaker: never grouped
        row(5, 1, q.replace("highest", "greatest")),  # 93 with ratio
        row(6, 1, "Jai Hind"),
    ])
    assert [(r.annotation_id, r.group_id, r.group_count) for r in rows] == [
        (3, 1, 3), (1, 1, 3), (2, 2, 1), (4, 4, 1), (5, 1, 3), (6, 6, 1)]
    assert rows[0].group_first == t0.replace(day=1) and rows[0].group_last == t0.replace(day=5)
