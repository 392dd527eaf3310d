"""Independent layers, curation and agreement through the services, on SQLite and PostgreSQL.

The layers are those of :mod:`layers` (real corpus releases, two editors). Every
expected agreement value is computed by hand in the comments.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pibdesk.core.agreement import ALL_LABELS
from pibdesk.core.review import CURATED, Candidate, Decision, ReviewMode, ReviewState, Status
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.export import AnnotationSelection, ExportService
from pibdesk.services.review import ReviewError, ReviewService
from pibdesk.services.suggestions import SuggestionService
from pibdesk.storage.db import Database

from .layers import CULTURE, FOUNDING, SHARED, build_layers

AB = ("asha", "bala")


def test_agreement_of_the_founding_release_by_hand(any_db: Database, raw_dir: Path) -> None:
    b = build_layers(any_db, raw_dir)
    rep = ReviewService(any_db).agreement([b.pks[FOUNDING]])
    assert rep.editors == AB and rep.documents == 1
    # Units: the code points anyone annotated: "Shri Rajnath Singh" 18 (holds asha's 13),
    # "Takeshi lwaya" 13, "Article 370" 11, "DefExpo 2020" 12 -> N = 54.
    person = rep.get("Person")
    assert person.units == 54
    # Person: asha 1 on 13 + 13 = 26 units, bala on 18 + 13 = 31; they differ on the 5
    # code points of "Shri " (d = 5), agree on 49.
    # kappa: p_o = 49/54; p_e = (26*31 + 28*23) / 54^2 = 1450/2916
    #        kappa = (2646 - 1450) / (2916 - 1450) = 1196/1466 = 0.815825...
    assert person.kappa[AB] == pytest.approx(1196 / 1466)
    # alpha: n = 108 values, n1 = 26 + 31 = 57, n0 = 51;
    #        alpha = 1 - (n-1) * d / (n0 * n1) = 1 - 107*5/2907 = 2372/2907 = 0.815961...
    assert person.alpha == pytest.approx(2372 / 2907)
    # Person F1 exact: one identical span of 2 and 2 -> 2*1/4 = 0.5; overlap: all match -> 1
    assert person.exact[AB].f1 == pytest.approx(0.5)
    assert person.overlap[AB].f1 == pytest.approx(1.0)
    topic = rep.get("Topic")
    # Topic: asha 1 on 11 units, bala on 11 + 12 = 23; d = 12 ("DefExpo 2020"), agree 42.
    # kappa: p_o = 42/54; p_e = (11*23 + 43*31) / 2916 = 1586/2916
    #        kappa = (2268 - 1586) / (2916 - 1586) = 682/1330 = 0.512781...
    assert topic.kappa[AB] == pytest.approx(682 / 1330)
    # alpha: n1 = 34, n0 = 74: 1 - 107*12/(74*34) = 1 - 1284/2516 = 0.489666...
    assert topic.alpha == pytest.approx(1 - 1284 / 2516)
    # Topic F1 exact: 1 of 1 and 2 -> 2/3; overlap: P = 1/1, R = 1/2 -> 2/3
    assert topic.exact[AB].f1 == pytest.approx(2 / 3)
    assert topic.overlap[AB].f1 == pytest.approx(2 / 3)
    # nobody marked a Statement: kappa and alpha undefined, F1 undefined
    st = rep.get("Statement")
    assert (st.alpha, st.kappa[AB], st.exact[AB].f1) == (None, None, None)
    # all labels: exact P = 2/3, R = 2/4 -> F1 = 4/7; overlap P = 3/3, R = 3/4 -> 6/7
    every = rep.get(ALL_LABELS)
    assert every.exact[AB].f1 == pytest.approx(4 / 7)
    assert every.overlap[AB].f1 == pytest.approx(6 / 7)


def test_corpus_agreement_pools_the_independent_releases(any_db: Database, raw_dir: Path) -> None:
    build_layers(any_db, raw_dir)
    rep = ReviewService(any_db).agreement()  # the two independent releases only
    assert rep.documents == 2 and rep.editors == AB  # not chitra (shared release)
    # Release 1598364 adds 14 ("Mahatma Gandhi", both) + 15 ("Sanskriti Kumbh", bala)
    # units: N = 54 + 29 = 83.
    person = rep.get("Person")
    assert person.units == 83
    # Person: asha 26 + 14 = 40 ones, bala 31 + 14 = 45, d = 5 (still "Shri ")
    # kappa: p_o = 78/83; p_e = (40*45 + 43*38)/83^2 = 3434/6889
    #        kappa = (78*83 - 3434)/(6889 - 3434) = 3040/3455 = 0.879884...
    assert person.kappa[AB] == pytest.approx(3040 / 3455)
    # alpha: n = 166, n1 = 85, n0 = 81: 1 - 165*5/(81*85) = 1 - 825/6885 = 0.880174...
    assert person.alpha == pytest.approx(1 - 825 / 6885)
    topic = rep.get("Topic")
    # Topic: asha 11 ones, bala 23 + 15 = 38; d = 12 + 15 = 27; agree 56
    # kappa: p_o = 56/83; p_e = (11*38 + 72*45)/6889 = 3658/6889
    #        kappa = (4648 - 3658)/(6889 - 3658) = 990/3231 = 0.306406...
    assert topic.kappa[AB] == pytest.approx(990 / 3231)
    # alpha: n1 = 49, n0 = 117: 1 - 165*27/(117*49) = 1 - 4455/5733 = 0.222920...
    assert topic.alpha == pytest.approx(1 - 4455 / 5733)
    # F1 exact pooled: Person 2 identical of 3 and 3 -> 2/3; Topic 1 of 1 and 3 -> 1/2
    assert person.exact[AB].f1 == pytest.approx(2 / 3)
    assert topic.exact[AB].f1 == pytest.approx(0.5)


def test_each_editor_sees_only_their_own_layer(any_db: Database, raw_dir: Path) -> None:
    b = build_layers(any_db, raw_dir)
    anns = AnnotationService(any_db)
    pk = b.pks[FOUNDING]
    asha = anns.for_editor(pk, "asha")
    assert {a.author for a in asha} == {"asha"} and len(asha) == 3
    assert len(anns.for_editor(pk, "bala")) == 4
    assert anns.for_editor(pk, "newcomer") == []
    # the shared release shows everyone's work to everyone
    assert {a.author for a in anns.for_editor(b.pks[SHARED], "asha")} == {"asha", "chitra"}
    # suggestions for asha are not hidden by bala's marks (bala marked "Shri Rajnath
    # Singh" as a Person; asha did not): the honorific rule still proposes it to asha,
    # and proposes nothing over it to bala
    sug = SuggestionService(any_db)
    span = b.span(FOUNDING, "Shri Rajnath Singh")

    def person_over(editor: str) -> bool:
        return any(
            s.label == "Person" and s.start < span[1] and span[0] < s.end
            for s in sug.for_release(pk, editor=editor)
        )

    assert not person_over("bala")
    assert person_over("newcomer")
    # switching to shared mode shows both layers again
    ReviewService(any_db).set_mode(pk, ReviewMode.SHARED, by="reviewer")
    assert len(anns.for_editor(pk, "asha")) == 7


def test_curation_accept_reject_edit_with_undo_then_export(
    any_db: Database, raw_dir: Path, tmp_path: Path
) -> None:
    b = build_layers(any_db, raw_dir)
    pk, text = b.pks[FOUNDING], b.texts[FOUNDING]
    svc = ReviewService(any_db)
    cur = svc.curation(pk)
    assert cur.editors == AB
    by_text = {(r.text, r.candidate.label): r for r in cur.rows}
    assert [r.status for r in cur.rows].count(Status.AGREED) == 2
    assert [r.status for r in cur.rows].count(Status.DISAGREED) == 3
    rs, srs = by_text[("Rajnath Singh", "Person")], by_text[("Shri Rajnath Singh", "Person")]
    assert rs.group == srs.group  # aligned by span: one overlap group
    assert rs.editors == ("asha",) and srs.editors == ("bala",)
    merged = svc.merge_agreements(pk, "rita")
    assert sorted(a.text for a in merged) == ["Article 370", "Takeshi lwaya"]
    assert {a.layer for a in merged} == {CURATED} and {a.author for a in merged} == {"rita"}
    assert svc.info(pk).state is ReviewState.CURATING
    ann = svc.accept(pk, rs.candidate, "rita")
    with pytest.raises(ReviewError):
        svc.accept(pk, rs.candidate, "rita")
    assert svc.reject(pk, srs.candidate, "rita") is None
    de = by_text[("DefExpo 2020", "Topic")].candidate
    s, e = b.span(FOUNDING, "DefExpo")
    added, removed = svc.edit(pk, de, Candidate(s, e, "Topic"), "rita")
    assert (added.text, removed) == ("DefExpo", None)
    cur = svc.curation(pk)
    decisions = {(r.text, r.candidate.label): r.decision for r in cur.rows}
    assert decisions == {
        ("Rajnath Singh", "Person"): Decision.ACCEPTED,
        ("Shri Rajnath Singh", "Person"): Decision.REJECTED,
        ("DefExpo 2020", "Topic"): Decision.REPLACED,
        ("DefExpo", "Topic"): Decision.ACCEPTED,
        ("Takeshi lwaya", "Person"): Decision.ACCEPTED,
        ("Article 370", "Topic"): Decision.ACCEPTED,
    }
    # undo the edit and the accept, redo the accept
    svc.unedit(pk, de, added, removed, "rita")
    svc.unaccept(ann.id, "rita")
    again = svc.restore(ann)
    assert again.id == ann.id
    row = svc.curation(pk).row(de.key)
    assert row is not None and row.decision is Decision.OPEN
    svc.edit(pk, de, Candidate(s, e, "Topic"), "rita")
    # the curated layer is not in anyone's editing view
    assert all(a.layer == "" for a in AnnotationService(any_db).for_editor(pk, "rita"))
    # export the curated layer and check its spans in the file
    out = tmp_path / "curated.jsonl"
    res = ExportService(any_db).export(
        "jsonl", out, AnnotationSelection(release_ids=(FOUNDING,), layer="curated")
    )
    assert (res.releases, res.annotations) == (1, 4)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    doc = next(x for x in lines if x.get("release_id") == FOUNDING)
    spans = sorted((a["start"], a["end"], a["label"]) for a in doc["annotations"])
    expected = sorted(
        (*b.span(FOUNDING, w), lab)
        for w, lab in (
            ("Rajnath Singh", "Person"), ("Takeshi lwaya", "Person"),
            ("Article 370", "Topic"), ("DefExpo", "Topic"),
        )
    )
    assert spans == expected
    assert [text[a:z] for a, z, _ in spans] == [
        text[a:z] for a, z, _ in expected
    ]
    # an editor's layer alone
    res = ExportService(any_db).export(
        "jsonl", tmp_path / "bala.jsonl", AnnotationSelection(release_ids=(FOUNDING,), layer="bala")
    )
    assert res.annotations == 4
    assert ExportService(any_db).editor_names() == ["asha", "bala", "chitra"]


def test_agreement_cli_json(db: Database, db_path: Path, raw_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pibdesk.cli import main

    build_layers(db, raw_dir)
    assert main(["agreement", "--db", str(db_path), "--release", str(FOUNDING), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    person = next(row for row in out["labels"] if row["label"] == "Person")
    assert person["alpha"] == pytest.approx(2372 / 2907)
    assert person["pairs"][0]["editors"] == list(AB)
    assert person["pairs"][0]["kappa"] == pytest.approx(1196 / 1466)
    assert person["pairs"][0]["f1_exact"] == pytest.approx(0.5)
    assert main(["agreement", "--db", str(db_path)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("2 release(s) with two editors or more; editors: asha, bala")
    assert "0.880" in text  # corpus Person alpha 0.880174
    assert main(["review", "--db", str(db_path), "--release", str(CULTURE)]) == 0
    assert capsys.readouterr().out.strip() == f"release {CULTURE}: independent, annotating"
    assert main(["agreement", "--db", str(db_path), "--release", "999"]) == 2
    assert "no release with Release ID 999" in capsys.readouterr().err
    assert main(["export", "--db", str(db_path), "--layer", "curated", "-o",
                 str(db_path.parent / "c.jsonl")]) == 0
