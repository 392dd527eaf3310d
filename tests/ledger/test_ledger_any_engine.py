"""The ledger query on SQLite and PostgreSQL: the office held on the posted day counted on
the IST calendar (the database converts the stored UTC time), translation links
aggregated, speaker / topic / IST date filters, one row per statement."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from ledger_helpers import accept_suggested, import_files

from pibdesk.core.ledger import LedgerQuery
from pibdesk.core.model import IST, EntityKind, NewAnnotation, ParsedRelease, StatementKind
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.entities import EntityService
from pibdesk.services.ledger import LedgerService
from pibdesk.storage.db import Database

QUOTE = "We will keep our borders safe."


def _statement(db: Database, posted: datetime, title: str, speaker: int) -> int:
    text = f"{title}. Shri Rajnath Singh said, “{QUOTE}”"
    pk = CorpusService(db).import_parsed(
        ParsedRelease(title=title, text=text, posted_at=posted, ministry="Ministry of Defence")
    ).release_pk
    assert pk is not None
    start = text.index(QUOTE)
    ann = AnnotationService(db).create(NewAnnotation(
        pk, start, start + len(QUOTE), "Statement", author="ed", speaker_id=speaker,
        statement_kind=StatementKind.DIRECT))
    return ann.id


def test_office_on_the_ist_day_and_filters(any_db: Database, raw_dir: Path) -> None:
    es = EntityService(any_db)
    rajnath = es.search("Rajnath Singh", EntityKind.PERSON)[0].entity.id
    # Home Minister until 2019-05-30, Minister of Defence from 2019-05-31 (offices.csv).
    # 00:30 IST on 31 May is still 30 May in UTC: the IST day decides.
    defence = _statement(any_db, datetime(2019, 5, 31, 0, 30, tzinfo=IST),
                         "Raksha Mantri Shri Rajnath Singh visits Siachen", rajnath)
    home = _statement(any_db, datetime(2019, 5, 30, 23, 50, tzinfo=IST),
                      "Shri Rajnath Singh reviews security", rajnath)
    (founding,) = import_files(any_db, raw_dir / "txt_1583904.txt")
    assert accept_suggested(any_db, founding) == 2
    svc = LedgerService(any_db)
    rows = svc.rows()
    assert [r.annotation_id for r in rows][:2] == [home, defence]  # posted order
    by_id = {r.annotation_id: r for r in rows}
    assert (by_id[defence].office, by_id[defence].office_name) == (
        "Raksha Mantri", "Minister of Defence")
    # the release title does not name the office: its registry name
    assert (by_id[home].office, by_id[home].office_name) == (
        "Minister of Home Affairs", "Minister of Home Affairs")
    assert by_id[home].posted_ist == datetime(2019, 5, 30, 23, 50, tzinfo=IST)
    # the same quote twice by one speaker: one group, first and last posted times
    assert by_id[home].group_id == by_id[defence].group_id == home
    assert by_id[defence].group_count == 2
    assert by_id[defence].group_first == datetime(2019, 5, 30, 23, 50, tzinfo=IST)
    assert by_id[defence].group_last == datetime(2019, 5, 31, 0, 30, tzinfo=IST)
    tweets = [r for r in rows if r.release_pk == founding]
    assert len(rows) == 4 and len(tweets) == 2
    assert all(r.office == "Raksha Mantri" and r.speaker == "Rajnath Singh" for r in tweets)
    assert [t.text() for t in tweets[0].translations] == ["Urdu", "Malayalam"]
    assert tweets[0].posted_ist == datetime(2019, 9, 2, 19, 22, tzinfo=IST)

    # IST days, inclusive
    def ids(**kw: object) -> list[int]:
        return [r.annotation_id for r in svc.rows(LedgerQuery(**kw))]  # type: ignore[arg-type]

    assert ids(since=date(2019, 5, 31), until=date(2019, 5, 31)) == [defence]
    assert ids(until=date(2019, 5, 30)) == [home]
    assert ids(since=date(2019, 9, 2)) == [r.annotation_id for r in tweets]
    assert ids(since=date(2019, 9, 3)) == []
    # speakers and topics
    assert ids(speaker_ids=svc.entity_ids(["Shri Rajnath Singh"], EntityKind.PERSON)) == [
        r.annotation_id for r in rows]
    abe = es.search("Shinzo Abe", EntityKind.PERSON)
    assert abe == [] or ids(speaker_ids=(abe[0].entity.id,)) == []
    topic = es.create(EntityKind.TOPIC, "India-Japan relations")
    tw = tweets[1]
    AnnotationService(any_db).update(tw.annotation_id, tw.row_version, topic_id=topic.id)
    assert ids(topic_ids=svc.entity_ids(["india-japan relations"], EntityKind.TOPIC)) == [
        tw.annotation_id]
    assert svc.row(tw.annotation_id).topic == "India-Japan relations"
    assert [r.annotation_id for r in svc.rows(LedgerQuery(text="relations abe"))] == [
        tw.annotation_id]


def test_a_curated_layer_replaces_the_editors_layers(any_db: Database, raw_dir: Path) -> None:
    """Two editors mark the founding example's tweets on their own; once a reviewer has
    taken one into the curated layer, the ledger lists that one only for this release,
    while a release without review keeps every statement."""
    from pibdesk.core.review import CURATED

    es = EntityService(any_db)
    rajnath = es.search("Rajnath Singh", EntityKind.PERSON)[0].entity.id
    (pk,) = import_files(any_db, raw_dir / "txt_1583904.txt")
    other = _statement(any_db, datetime(2019, 9, 3, 10, 0, tzinfo=IST),
                       "Raksha Mantri Shri Rajnath Singh in Tokyo", rajnath)
    text = CorpusService(any_db).release(pk).text
    svc = AnnotationService(any_db)
    spans = []
    for words in ("Had an extremely fruitful", "The meeting with the Prime Minister"):
        s = text.index(words)
        spans.append((s, text.index("”", s)))

    def mark(span: tuple[int, int], author: str, layer: str = "") -> int:
        return svc.create(NewAnnotation(
            pk, *span, "Statement", author=author, speaker_id=rajnath,
            statement_kind=StatementKind.SOCIAL, layer=layer)).id

    editors = [mark(sp, who) for who in ("asha", "bala") for sp in spans]
    ledger = LedgerService(any_db)
    assert sorted(r.annotation_id for r in ledger.rows() if r.release_pk == pk) == editors
    # each tweet twice (two editors): grouped, two statements each
    assert {r.group_count for r in ledger.rows() if r.release_pk == pk} == {2}
    final = mark(spans[1], "reviewer", CURATED)
    rows = ledger.rows()
    assert [r.annotation_id for r in rows if r.release_pk == pk] == [final]
    assert rows[0].quote.startswith("The meeting with the Prime Minister of Japan")
    assert rows[0].office == "Raksha Mantri" and rows[0].group_count == 1
    assert [r.annotation_id for r in rows if r.release_pk != pk] == [other]
