"""The issue's acceptance case: suggestions on the founding example, nothing marked by hand.

../shared/corpus/raw/txt_1583904.txt (Ministry of Defence, 02 SEP 2019): Rajnath Singh in
all his forms, Takeshi Iwaya (printed "lwaya"), Shinzo Abe, Narendra Modi; "Raksha
Mantri" resolved to Rajnath Singh on that date; both tweet quotes as social-media
Statements spoken by Rajnath Singh; the Japanese Prime Minister never resolved to Modi.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from pibdesk.cli import main
from pibdesk.core.model import Origin, StatementKind
from pibdesk.services.corpus import CorpusService
from pibdesk.services.entities import EntityService
from pibdesk.services.suggestions import SuggestionService


@pytest.fixture()
def founding(db, raw_dir: Path):  # type: ignore[no-untyped-def]
    rep = CorpusService(db).import_paths([raw_dir / "txt_1583904.txt"])
    pk = rep.outcomes[0].release_pk
    assert pk is not None
    return pk


def test_founding_example_suggestions(db, founding: int) -> None:  # type: ignore[no-untyped-def]
    rel = CorpusService(db).release(founding)
    sugg = SuggestionService(db).for_release(founding)
    for g in sugg:
        assert rel.text[g.start : g.end] == g.text
    persons = [g for g in sugg if g.label == "Person"]
    by_entity = Counter(g.entity_name for g in persons)
    # Rajnath Singh: 6 full-name mentions + 5 standalone "Raksha Mantri"
    assert by_entity["Rajnath Singh"] == 11
    rajnath_forms = {g.text for g in persons if g.entity_name == "Rajnath Singh"}
    assert rajnath_forms == {"Rajnath Singh", "Raksha Mantri"}
    raksha = [g for g in persons if g.text == "Raksha Mantri"]
    assert len(raksha) == 5 and all(g.rule == "office" for g in raksha)
    rajnath_id = raksha[0].entity_id
    assert rajnath_id is not None and all(g.entity_id == rajnath_id for g in raksha)
    # Takeshi Iwaya, twice as "lwaya" (OCR-like) and once spelled right, one entity
    iwaya = [g for g in persons if g.entity_name == "Takeshi Iwaya"]
    assert sorted(g.text for g in iwaya) == ["Takeshi Iwaya", "Takeshi lwaya", "Takeshi lwaya"]
    # Shinzo Abe: 3 full names, "Prime Minister Mr Abe", "PM Abe"
    assert sorted(g.text for g in persons if g.entity_name == "Shinzo Abe") == [
        "Abe", "Abe", "Shinzo Abe", "Shinzo Abe", "Shinzo Abe",
    ]
    assert len({g.entity_name for g in persons}) == 4  # nobody else
    assert sorted(g.text for g in persons if g.entity_name == "Narendra Modi") == ["Modi", "Narendra Modi"]
    # foreign titles never become the Indian Prime Minister
    for title in ("Prime Minister of Japan", "Japanese Prime Minister", "Japanese Defence Minister"):
        at = rel.text.index(title)
        assert not any(g.start <= at < g.end for g in persons), title
    statements = [g for g in sugg if g.label == "Statement"]
    assert len(statements) == 2
    assert statements[0].text.startswith("Had an extremely fruitful Ministerial Level Dialogue")
    assert statements[1].text.startswith("The meeting with the Prime Minister of Japan Mr Shinzo Abe")
    for st in statements:
        assert st.speaker_name == "Rajnath Singh" and st.speaker_id == rajnath_id
        assert st.statement_kind == StatementKind.SOCIAL


def test_raksha_mantri_resolves_by_date(db) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    es = EntityService(db)
    holder = es.holder_on("Raksha Mantri", date(2019, 9, 2))
    assert holder is not None and holder.name == "Rajnath Singh"
    assert es.holder_on("Raksha Mantri", date(2018, 9, 2)).name == "Nirmala Sitharaman"  # type: ignore[union-attr]
    assert es.holder_on("Raksha Mantri", date(2015, 1, 1)).name == "Manohar Parrikar"  # type: ignore[union-attr]
    assert es.holder_on("Home Minister", date(2019, 1, 1)).name == "Rajnath Singh"  # type: ignore[union-attr]
    assert es.holder_on("Prime Minister", date(2014, 5, 1)).name == "Manmohan Singh"  # type: ignore[union-attr]
    assert es.holder_on("Vice President", date(2025, 8, 1)) is None  # vacancy after Dhankhar
    assert es.holder_on("no such office", date(2020, 1, 1)) is None


def test_accept_reject_and_remembered_rejections(db, founding: int) -> None:  # type: ignore[no-untyped-def]
    svc = SuggestionService(db)
    sugg = svc.for_release(founding)
    lwaya = next(g for g in sugg if g.text == "Takeshi lwaya")
    acc = svc.accept(founding, lwaya, author="ed")
    assert acc.annotation.origin == Origin.SUGGESTED
    assert acc.annotation.text == "Takeshi lwaya"
    iwaya = EntityService(db).get(acc.annotation.entity_id)  # type: ignore[arg-type]
    assert iwaya.name == "Takeshi Iwaya" and acc.created_entity_ids == (iwaya.id,)
    after = svc.for_release(founding)
    assert lwaya.key not in {g.key for g in after}  # annotated now
    # the other mentions now link to the new registry entity
    assert {g.entity_id for g in after if g.entity_name == "Takeshi Iwaya"} == {iwaya.id}
    stmt = next(g for g in after if g.label == "Statement")
    svc.reject(founding, [stmt])
    again = svc.for_release(founding)
    assert stmt.key not in {g.key for g in again}
    svc.unreject(founding, [stmt])
    assert stmt.key in {g.key for g in svc.for_release(founding)}
    svc.undo_accept(acc)
    assert lwaya.key in {g.key for g in svc.for_release(founding)}
    assert all(e.name != "Takeshi Iwaya" for e in EntityService(db).entities())


def test_accepted_statement_creates_speaker_link(db, founding: int) -> None:  # type: ignore[no-untyped-def]
    svc = SuggestionService(db)
    stmt = next(g for g in svc.for_release(founding) if g.label == "Statement")
    ann = svc.accept(founding, stmt).annotation
    assert ann.label == "Statement" and ann.statement_kind == StatementKind.SOCIAL
    assert EntityService(db).get(ann.speaker_id).name == "Rajnath Singh"  # type: ignore[arg-type]


def test_cli_suggest_json(db, db_path: Path, founding: int, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    db.dispose()
    assert main(["suggest", "--db", str(db_path), "--release", "1583904", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert {"start", "end", "label", "text", "entity", "speaker"} <= set(items[0])
    raksha = [i for i in items if i["text"] == "Raksha Mantri"]
    assert raksha and all(i["entity"] == "Rajnath Singh" for i in raksha)
    st = [i for i in items if i["label"] == "Statement"]
    assert [i["speaker"] for i in st] == ["Rajnath Singh", "Rajnath Singh"]
    assert main(["suggest", "--db", str(db_path), "--release", "999", "--json"]) == 2
    assert "no release with Release ID 999" in capsys.readouterr().err
