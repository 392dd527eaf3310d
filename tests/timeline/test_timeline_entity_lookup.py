"""Naming an entity for a timeline: honorific- and case-insensitive, ``#ID`` for one of
several entities with the same name (``pibdesk timeline --entity``)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from timeline_data import EXPECTED_MODI_WEEK, TimelineFixture

from pibdesk.cli import main
from pibdesk.core.errors import NotFoundError, PibdeskError
from pibdesk.core.model import EntityKind
from pibdesk.services.timeline import TimelineService
from pibdesk.storage.entities import EntityRepository


def _week_counts(db_url: str, entity: str, out: Path) -> list[tuple[str, int]]:
    rc = main(["timeline", "--db", db_url, "--entity", entity, "--bucket", "week", "-o", str(out)])
    assert rc == 0, entity
    with out.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if int(r["releases_in_bucket"])]
    assert {r["series"] for r in rows} == {"Narendra Modi"}
    return [(r["bucket_start"], int(r["count"])) for r in rows]


def test_honorifics_and_case_do_not_matter(tl: TimelineFixture, tmp_path: Path) -> None:
    svc = TimelineService(tl.db)
    modi = tl.entity["modi"]
    for name in (
        "Narendra Modi",
        "narendra modi",
        "Shri Narendra Modi",
        "SHRI NARENDRA MODI",
        "Shri  Narendra   Modi ",
        "Dr. Narendra Modi",
        f"#{modi}",
    ):
        (spec,) = svc.resolve([name])
        assert spec.name == "Narendra Modi" and spec.entity_id == modi, name
    # an alias, given with an honorific
    with tl.db.session() as s:
        EntityRepository(s).add_alias(modi, "NaMo")
    (spec,) = svc.resolve(["Shri NaMo"])
    assert spec.entity_id == modi
    want = [(e[0], e[1]) for e in EXPECTED_MODI_WEEK]
    assert _week_counts(tl.db.url, "Shri Narendra Modi", tmp_path / "a.csv") == want
    for bad in ("Shri", "Narendra", "#999999", "#"):
        with pytest.raises(NotFoundError):
            svc.resolve([bad])


def test_hash_id_picks_one_of_same_named_entities(
    tl: TimelineFixture, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with tl.db.session() as s:
        other = EntityRepository(s).add(EntityKind.TOPIC, "Narendra Modi").id
    svc = TimelineService(tl.db)
    with pytest.raises(PibdeskError, match=r"ambiguous.*#ID"):
        svc.resolve(["Shri Narendra Modi"])
    assert main(["timeline", "--db", tl.db.url, "--entity", "narendra modi", "-o",
                 str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert f"{tl.entity['modi']} (person)" in err and f"{other} (topic)" in err
    (spec,) = svc.resolve([f"#{other}"])
    assert spec.entity_id == other
    want = [(e[0], e[1]) for e in EXPECTED_MODI_WEEK]
    assert _week_counts(tl.db.url, f"#{tl.entity['modi']}", tmp_path / "b.csv") == want
