"""Entity registry edits (undoable, links follow), search, offices table, occurrences."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pibdesk.core.errors import PibdeskError
from pibdesk.core.model import EntityKind, NewAnnotation, StatementKind
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.entities import (
    EntityService,
    ensure_starter_offices,
    load_offices,
    read_offices_csv,
    starter_offices_path,
)
from pibdesk.services.suggestions import SuggestionService


@pytest.fixture()
def release(db, raw_dir: Path) -> int:  # type: ignore[no-untyped-def]
    pk = CorpusService(db).import_paths([raw_dir / "txt_1583904.txt"]).outcomes[0].release_pk
    assert pk is not None
    return pk


def _mark(db, pk: int, words: str, label: str = "Person", nth: int = 0, **kw) -> int:  # type: ignore[no-untyped-def]
    text = CorpusService(db).release(pk).text
    at = -1
    for _ in range(nth + 1):
        at = text.index(words, at + 1)
    return AnnotationService(db).create(
        NewAnnotation(pk, at, at + len(words), label, author="ed", **kw)
    ).id


def test_create_generates_honorific_free_name_and_aliases(db) -> None:  # type: ignore[no-untyped-def]
    e = EntityService(db).create(EntityKind.PERSON, "Shri C. P. Radhakrishnan", wikidata_qid="Q5077539")
    assert e.name == "C. P. Radhakrishnan"
    assert set(e.aliases) == {"C. P. Radhakrishnan", "C P Radhakrishnan"}
    assert e.wikidata_qid == "Q5077539"
    with pytest.raises(PibdeskError):
        EntityService(db).create(EntityKind.PERSON, "   ")


def test_rename_and_alias_edits_are_undoable_and_keep_links(db, release: int) -> None:  # type: ignore[no-untyped-def]
    es, an = EntityService(db), AnnotationService(db)
    iwaya = es.create(EntityKind.PERSON, "Takeshi lwaya")
    a1 = _mark(db, release, "Takeshi lwaya", entity_id=iwaya.id)
    a2 = _mark(db, release, "Takeshi lwaya", nth=1, entity_id=iwaya.id)
    before, after = es.rename(iwaya.id, "Mr Takeshi Iwaya")
    assert after.name == "Takeshi Iwaya" and "Takeshi lwaya" in after.aliases
    assert [an.get(a).entity_id for a in (a1, a2)] == [iwaya.id, iwaya.id]
    assert es.restore_state(before) == before  # undo
    assert es.get(iwaya.id).name == "Takeshi lwaya"
    b2, a2_ = es.add_alias(iwaya.id, "Dr. T. Iwaya")
    assert {"Dr. T. Iwaya", "T. Iwaya", "T Iwaya"} <= set(a2_.aliases)
    es.restore_state(b2)
    assert es.get(iwaya.id) == b2
    with pytest.raises(PibdeskError):
        es.remove_alias(iwaya.id, "Takeshi lwaya")  # the name itself
    assert [an.get(a).entity_id for a in (a1, a2)] == [iwaya.id, iwaya.id]


def test_merge_moves_every_link_and_undo_restores_them(db, release: int) -> None:  # type: ignore[no-untyped-def]
    es, an = EntityService(db), AnnotationService(db)
    keep = es.create(EntityKind.PERSON, "Takeshi Iwaya")
    gone = es.create(EntityKind.PERSON, "Takeshi lwaya", aliases=("T. lwaya",))
    other = es.create(EntityKind.PERSON, "Shinzo Abe")
    m1 = _mark(db, release, "Takeshi lwaya", entity_id=gone.id)
    m2 = _mark(db, release, "Takeshi Iwaya", entity_id=keep.id)
    m3 = _mark(db, release, "Shinzo Abe", entity_id=other.id)
    st = _mark(db, release, "Had an extremely fruitful", label="Statement",
               speaker_id=gone.id, statement_kind=StatementKind.SOCIAL)
    counts = {c.entity.id: c.annotations for c in es.counts()}
    assert counts[gone.id] == 2 and counts[keep.id] == 1
    rec = es.merge(keep.id, gone.id)
    assert an.get(m1).entity_id == keep.id and an.get(st).speaker_id == keep.id
    assert an.get(m2).entity_id == keep.id and an.get(m3).entity_id == other.id
    assert {"Takeshi lwaya", "T. lwaya"} <= set(es.get(keep.id).aliases)
    assert gone.id not in {e.id for e in es.entities()}
    assert {c.entity.id: c.annotations for c in es.counts()}[keep.id] == 3
    es.unmerge(rec)  # undo
    assert es.get(gone.id) == gone and es.get(keep.id) == keep
    assert an.get(m1).entity_id == gone.id and an.get(st).speaker_id == gone.id
    assert an.get(m2).entity_id == keep.id
    assert {c.entity.id: c.annotations for c in es.counts()}[gone.id] == 2
    # redo after undo gives the same result again
    es.merge(keep.id, gone.id)
    assert an.get(m1).entity_id == keep.id
    with pytest.raises(PibdeskError):
        es.merge(keep.id, keep.id)
    topic = es.create(EntityKind.TOPIC, "Article 370")
    with pytest.raises(PibdeskError):
        es.merge(keep.id, topic.id)


def test_merge_moves_office_terms(db) -> None:  # type: ignore[no-untyped-def]
    es = EntityService(db)
    dup = es.create(EntityKind.PERSON, "Rajnath Singh Ji")
    raj = es.search("Rajnath Singh")[0].entity
    rec = es.merge(dup.id, raj.id)
    assert es.holder_on("Raksha Mantri", date(2019, 9, 2)).id == dup.id  # type: ignore[union-attr]
    es.unmerge(rec)
    assert es.holder_on("Raksha Mantri", date(2019, 9, 2)).id == raj.id  # type: ignore[union-attr]


def test_search_is_fuzzy_accent_and_honorific_insensitive(db) -> None:  # type: ignore[no-untyped-def]
    es = EntityService(db)
    es.create(EntityKind.PERSON, "José Ramos-Horta")
    es.create(EntityKind.TOPIC, "Article 370")
    assert es.search("rajn")[0].entity.name == "Rajnath Singh"
    assert es.search("Shri Rajnath")[0].entity.name == "Rajnath Singh"
    assert es.search("jose ramos")[0].entity.name == "José Ramos-Horta"
    assert es.search("Jaishanker")[0].entity.name == "S. Jaishankar"  # typo
    assert es.search("किरेन")[0].entity.name == "Kiren Rijiju"  # Devanagari alias
    assert [m.entity.name for m in es.search("article", EntityKind.TOPIC)] == ["Article 370"]
    assert es.search("article", EntityKind.PERSON) == []
    assert es.search("zzzzqq") == []


def test_starter_offices_load_once_and_stay_edited(db) -> None:  # type: ignore[no-untyped-def]
    es = EntityService(db)
    offices = {o.name: o for o in es.offices()}
    assert {"Prime Minister", "Minister of Defence", "Minister of Home Affairs", "Minister of Finance",
            "Minister of External Affairs", "President", "Vice President"} <= set(offices)
    defence = [(t.holder_name, t.start.isoformat()) for t in offices["Minister of Defence"].terms]
    assert defence[1:] == [
        ("Arun Jaitley", "2014-05-26"), ("Manohar Parrikar", "2014-11-09"),
        ("Arun Jaitley", "2017-03-13"), ("Nirmala Sitharaman", "2017-09-03"),
        ("Rajnath Singh", "2019-05-31"),
    ]
    assert all(t.source_url.startswith("https://") for o in offices.values() for t in o.terms)
    # the same person holds two offices as one entity
    jaitley = {t.holder_id for o in offices.values() for t in o.terms if t.holder_name == "Arun Jaitley"}
    assert len(jaitley) == 1
    # an editor's correction survives a second call
    term = offices["Minister of Defence"].terms[-1]
    es.update_term(term.id, end=date(2030, 1, 1))
    assert ensure_starter_offices(db) is False
    assert [t.end for o in es.offices() for t in o.terms if t.id == term.id] == [date(2030, 1, 1)]
    # loading the same table again adds nothing
    assert load_offices(db, starter_offices_path()) == 0


def test_offices_csv_errors_name_file_and_line(tmp_path: Path) -> None:
    rows = read_offices_csv(starter_offices_path())
    assert len(rows) >= 25
    bad = tmp_path / "offices.csv"
    bad.write_text("office,aliases,holder,start_date,end_date,source_url\n"
                   "PM,,X,2019-02-30,,https://example.org\n", encoding="utf-8")
    with pytest.raises(PibdeskError, match=r"offices.csv:2: bad date"):
        read_offices_csv(bad)
    bad.write_text("office,aliases,holder,start_date,end_date,source_url\n"
                   "PM,,X,2019-02-03,2018-01-01,https://example.org\n", encoding="utf-8")
    with pytest.raises(PibdeskError, match="ends before it starts"):
        read_offices_csv(bad)
    bad.write_text("office,holder\nPM,X\n", encoding="utf-8")
    with pytest.raises(PibdeskError, match="missing column"):
        read_offices_csv(bad)


def test_annotate_every_occurrence(db, release: int, raw_dir: Path) -> None:  # type: ignore[no-untyped-def]
    es = EntityService(db)
    abe = es.create(EntityKind.PERSON, "Shinzo Abe")
    first = _mark(db, release, "Shinzo Abe", entity_id=abe.id)
    occ = SuggestionService(db).occurrences(first)
    spans = occ[release]
    assert len(spans) == 2  # the two other "Shinzo Abe"
    assert all(g.entity_id == abe.id and g.label == "Person" and g.rule == "occurrence" for g in spans)
    text = CorpusService(db).release(release).text
    assert all(text[g.start:g.end] == "Shinzo Abe" for g in spans)
    # across the corpus: another release naming Abe? none; naming Modi: yes
    other = CorpusService(db).import_paths([raw_dir / "txt_1604789.txt"]).outcomes[0].release_pk
    modi = _mark(db, release, "Narendra Modi")
    corpus = SuggestionService(db).occurrences(modi, corpus=True)
    assert release not in corpus and len(corpus[other]) == 2  # type: ignore[index]


def test_registry_snapshot_is_cached_until_the_registry_changes(db, release: int) -> None:  # type: ignore[no-untyped-def]
    es = EntityService(db)
    first = es.registry()
    _mark(db, release, "Shinzo Abe")  # an annotation edit keeps the snapshot
    assert es.registry() is first
    es.create(EntityKind.PERSON, "Shinzo Abe")
    second = es.registry()
    assert second is not first and any(e.name == "Shinzo Abe" for e in second.entries)
    term = es.offices()[0].terms[0]
    es.update_term(term.id, source_url="https://example.org/x")
    assert es.registry() is not second
