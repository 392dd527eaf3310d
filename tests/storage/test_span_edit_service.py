"""AnnotationService.change_label / move_span / put_back on both engines, on the founding
release (``txt_1583904.txt``): links kept or dropped by the documented rules, quotes that
follow the bounds, refusals that store nothing, and an exact put-back for undo."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pibdesk.core.errors import ConflictError, NotFoundError, SpanError
from pibdesk.core.model import Annotation, EntityKind, NewAnnotation, StatementKind
from pibdesk.core.text import quote_of
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.entities import EntityService
from pibdesk.storage.db import Database

NAME = "Shri Rajnath Singh"


def _founding(db: Database, raw_dir: Path) -> tuple[int, str]:
    report = CorpusService(db).import_paths([raw_dir / "txt_1583904.txt"])
    pk = report.outcomes[0].release_pk
    assert pk is not None
    return pk, CorpusService(db).release(pk).text


def _same_but_version(a: Annotation, b: Annotation) -> bool:
    return dataclasses.replace(a, row_version=0) == dataclasses.replace(b, row_version=0)


def test_change_label_keeps_id_and_drops_links_that_no_longer_fit(
    any_db: Database, raw_dir: Path
) -> None:
    pk, text = _founding(any_db, raw_dir)
    svc, ents = AnnotationService(any_db), EntityService(any_db)
    rajnath = ents.create(EntityKind.PERSON, "Rajnath Singh")
    defence = ents.create(EntityKind.TOPIC, "Defence")
    s = text.index(NAME)
    person = svc.create(NewAnnotation(pk, s, s + len(NAME), "Person", author="ed",
                                      entity_id=rajnath.id, note="check the title"))

    topic = svc.change_label(person.id, "Topic", editor="rev", expected_version=1)
    assert (topic.id, topic.label, topic.entity_id) == (person.id, "Topic", None)
    assert (topic.start, topic.end, topic.text, topic.note) == (
        person.start, person.end, NAME, "check the title")
    assert topic.created_at == person.created_at and topic.author == "ed"
    assert topic.row_version == 2 and topic.updated_at is not None
    assert svc.get(person.id) == topic

    # a topic entity stays when the label keeps taking a topic (Topic -> Topic refused)
    linked = svc.update(topic.id, 2, entity_id=defence.id)
    with pytest.raises(SpanError, match="already a Topic"):
        svc.change_label(topic.id, "Topic", expected_version=linked.row_version)

    # a Statement: speaker, kind and topic; -> Person drops all three
    q0 = text.index("talks and cross-border")
    q1 = text.index("cannot go together") + len("cannot go together")
    stmt = svc.create(NewAnnotation(pk, q0, q1, "Statement", speaker_id=rajnath.id,
                                    statement_kind=StatementKind.REPORTED,
                                    topic_id=defence.id))
    p = svc.change_label(stmt.id, "Person", expected_version=1)
    assert (p.label, p.speaker_id, p.statement_kind, p.topic_id, p.entity_id) == (
        "Person", None, None, None, None)
    # and a span that becomes a Statement starts with no speaker (none is invented)
    s2 = svc.change_label(linked.id, "Statement", expected_version=linked.row_version)
    assert (s2.entity_id, s2.speaker_id, s2.topic_id) == (None, None, None)


def test_change_label_refusals_store_nothing(any_db: Database, raw_dir: Path) -> None:
    pk, text = _founding(any_db, raw_dir)
    svc = AnnotationService(any_db)
    s = text.index(NAME)
    ann = svc.create(NewAnnotation(pk, s, s + len(NAME), "Person"))
    with pytest.raises(NotFoundError, match="Place"):
        svc.change_label(ann.id, "Place")
    other = svc.update(ann.id, 1, editor="someone", note="theirs")
    with pytest.raises(ConflictError, match="someone") as err:
        svc.change_label(ann.id, "Topic", editor="me", expected_version=1)
    assert err.value.current == other
    assert svc.get(ann.id) == other


def test_move_span_quote_follows_and_bad_bounds_are_refused(
    any_db: Database, raw_dir: Path
) -> None:
    pk, text = _founding(any_db, raw_dir)
    svc = AnnotationService(any_db)
    s = text.index(NAME)
    ann = svc.create(NewAnnotation(pk, s, s + len(NAME), "Person", note="n"))
    s5 = s + len("Shri ")
    moved = svc.move_span(ann.id, s5, s + len(NAME), editor="ed", expected_version=1)
    assert (moved.id, moved.start, moved.end, moved.text) == (
        ann.id, s5, s + len(NAME), "Rajnath Singh")
    prefix, _exact, suffix = quote_of(text, s5, s + len(NAME))
    assert (moved.prefix, moved.suffix) == (prefix, suffix)
    assert moved.prefix.endswith("Raksha Mantri Shri ") and moved.note == "n"
    assert moved.created_at == ann.created_at and moved.row_version == 2

    space = text.index(" ", s5)
    for start, end, msg in (
        (s5, s5, "empty"),
        (space, space + 1, "only white space"),
        (s5 - 1, s + len(NAME), "white space"),
        (s5, len(text) + 5, "outside"),
        (s + len(NAME), s5, "reversed"),
        (s5, s + len(NAME), "already spans"),
    ):
        with pytest.raises(SpanError, match=msg):
            svc.move_span(ann.id, start, end, expected_version=2)
    assert svc.get(ann.id) == moved
    with pytest.raises(ConflictError):
        svc.move_span(ann.id, s, s5 + 3, expected_version=1)
    assert svc.get(ann.id) == moved


def test_move_span_never_cuts_an_emoji(any_db: Database) -> None:
    from pibdesk.core.model import ParsedRelease

    text = "Greeting 😀👍🏽 then Shri Amit Shah spoke."
    pk = CorpusService(any_db).import_parsed(ParsedRelease(title="e", text=text)).release_pk
    assert pk is not None
    svc = AnnotationService(any_db)
    s = text.index("Amit")
    ann = svc.create(NewAnnotation(pk, s, s + 4, "Person"))
    thumb = text.index("👍")
    with pytest.raises(SpanError, match="cut a character"):
        svc.move_span(ann.id, thumb + 1, s + 4)  # between 👍 and its skin tone
    moved = svc.move_span(ann.id, thumb, s + 4)
    assert moved.text == "👍🏽 then Shri Amit"


def test_put_back_restores_the_exact_record(any_db: Database, raw_dir: Path) -> None:
    pk, text = _founding(any_db, raw_dir)
    svc, ents = AnnotationService(any_db), EntityService(any_db)
    rajnath = ents.create(EntityKind.PERSON, "Rajnath Singh")
    s = text.index(NAME)
    before = svc.create(NewAnnotation(pk, s, s + len(NAME), "Person", entity_id=rajnath.id,
                                      note="x"))
    after = svc.change_label(before.id, "Topic", expected_version=1)
    assert after.updated_at != before.updated_at or after.entity_id != before.entity_id
    back = svc.put_back(before, ("label", "entity_id"), expected_version=after.row_version)
    assert _same_but_version(back, before) and back.row_version == 3
    assert svc.get(before.id) == back
    moved = svc.move_span(before.id, s + 5, s + len(NAME), expected_version=3)
    back2 = svc.put_back(back, ("start", "end", "text", "prefix", "suffix"),
                         expected_version=moved.row_version)
    assert _same_but_version(back2, before)
    with pytest.raises(ConflictError):
        svc.put_back(after, ("label", "entity_id"), expected_version=1)
