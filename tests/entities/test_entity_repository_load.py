"""``EntityRepository.all`` loads with plain Core selects (issue 4 audit): the same
entities, aliases in the order they were added, the kind filter applied to aliases too,
and rows queued in the same session seen."""

from __future__ import annotations

from pibdesk.core.model import EntityKind
from pibdesk.storage.db import Database
from pibdesk.storage.entities import EntityRepository


def test_all_equals_get_of_each_in_name_order_and_filters_by_kind(db: Database) -> None:
    with db.session() as s:
        repo = EntityRepository(s)
        zed = repo.add(EntityKind.PERSON, "Shri Zed Kumar", ["ZK"], "Q42")
        abe = repo.add(EntityKind.PERSON, "Shinzo Abe")
        topic = repo.add(EntityKind.TOPIC, "Defence cooperation", ["defence ties"])
        repo.add_alias(abe.id, "Abe-san")
        everyone = repo.all()
        persons = repo.all(EntityKind.PERSON)
        topics = repo.all(EntityKind.TOPIC)
        expected = [repo.get(i) for i in (topic.id, abe.id, zed.id)]

    assert everyone == expected  # ordered by name: Defence..., Shinzo..., Zed...
    assert [e.id for e in persons] == [abe.id, zed.id]
    assert topics == [expected[0]]
    z = persons[1]
    assert z.name == "Zed Kumar" and z.wikidata_qid == "Q42" and z.kind is EntityKind.PERSON
    assert "ZK" in z.aliases
    assert persons[0].aliases[-1] == "Abe-san"  # added last, listed last
    assert "defence ties" in topics[0].aliases
    assert not any("defence ties" in e.aliases for e in persons)


def test_all_sees_rows_queued_in_the_same_session(db: Database) -> None:
    with db.session() as s:
        repo = EntityRepository(s)
        e = repo.add(EntityKind.PERSON, "Takeshi Iwaya")
        repo.add_alias(e.id, "Iwaya")
        (got,) = repo.all(EntityKind.PERSON)
    assert "Iwaya" in got.aliases
