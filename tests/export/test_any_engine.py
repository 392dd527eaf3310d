"""Export and import work the same on SQLite and PostgreSQL (team mode)."""

from __future__ import annotations

from pathlib import Path

from export_helpers import ann_keys

from pibdesk.core.model import EntityKind, NewAnnotation, ParsedRelease, StatementKind
from pibdesk.services.annotation_import import AnnotationImportService
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.export import AnnotationSelection, ExportService
from pibdesk.storage.db import Database
from pibdesk.storage.export_queries import find_or_create_entity

TEXT = "प्रधानमंत्री 😀 said \"Jai Hind\" =1+1\n\tRajnath Singh met 'the press'."


def test_round_trip_on_each_engine(any_db: Database, db: Database, tmp_path: Path) -> None:
    pk = (
        CorpusService(any_db)
        .import_parsed(ParsedRelease(title="t", text=TEXT, release_id=77))
        .release_pk
    )
    CorpusService(any_db).import_parsed(ParsedRelease(title="empty", text="nothing marked here"))
    assert pk is not None
    with any_db.session() as s:
        rs = find_or_create_entity(s, EntityKind.PERSON, "Rajnath Singh")[0]
    svc = AnnotationService(any_db)
    s1 = TEXT.index("Rajnath")
    svc.create(NewAnnotation(pk, s1, s1 + 13, "Person", author="a", entity_id=rs))
    s2 = TEXT.index('"Jai')
    svc.create(
        NewAnnotation(
            pk,
            s2,
            s2 + 10,
            "Statement",
            author="b",
            speaker_id=rs,
            statement_kind=StatementKind.DIRECT,
            note="n\n1",
        )
    )
    svc.create(NewAnnotation(pk, 0, 14, "Topic"))
    assert ExportService(any_db).count() == (2, 3)
    assert ExportService(any_db).count(AnnotationSelection(entity="rajnath singh")) == (1, 2)
    for fmt in ("jsonl", "brat", "labelstudio", "w3c"):
        out = tmp_path / f"{fmt}.out"
        assert ExportService(any_db).export(fmt, out).annotations == 3
        back = AnnotationImportService(any_db).import_file(out, fmt)
        assert (back.added, back.merged, back.refused) == (0, 3, []), fmt
    out = tmp_path / "jsonl.out"
    report = AnnotationImportService(db).import_file(out, "jsonl", create_documents=True)
    assert (report.added, report.documents_created) == (3, 2)
    assert ann_keys(db, full=True) == ann_keys(any_db, full=True)


def test_control_characters_are_refused_on_each_engine(any_db: Database, tmp_path: Path) -> None:
    """PostgreSQL cannot store NUL (SQLite can): both refuse C0 control characters in a new
    document's text or metadata and in a span's note or entity name, naming the file."""
    import json

    from pibdesk.storage.repositories import ReleaseRepository

    CorpusService(any_db).import_parsed(ParsedRelease(title="t", text=TEXT, release_id=77))
    s1 = TEXT.index("Rajnath")
    ok = [s1, s1 + 13, "Person"]
    lines = [
        {"text": "a NUL \u0000 here", "label": [[0, 1, "Topic"]]},
        {"text": "clean text", "label": [[0, 5, "Topic"]], "meta": {"title": "bad\u0007"}},
        {
            "text": TEXT,
            "label": [ok, [s1, s1 + 7, "Person"], [0, 12, "Topic"], [s1, s1 + 13, "Statement"]],
            "pibdesk": {
                "annotations": [
                    {"start": s1, "end": s1 + 7, "label": "Person", "note": "x\u0001y"},
                    {
                        "start": 0,
                        "end": 12,
                        "label": "Topic",
                        "entity": {"kind": "topic", "name": "PM\u0000"},
                    },
                    {"start": s1, "end": s1 + 13, "label": "Statement", "note": "tab\tand\nline"},
                ]
            },
        },
    ]
    path = tmp_path / "nul.jsonl"
    path.write_text("".join(json.dumps(o) + "\n" for o in lines), encoding="utf-8")
    assert "\\u0000" in path.read_text(encoding="utf-8")  # as doccano writes it
    report = AnnotationImportService(any_db).import_file(path, "doccano", create_documents=True)
    assert report.added == 2 and report.documents_created == 0 and report.documents_matched == 1
    reasons = {r.where: r.reason for r in report.refused}
    assert reasons == {
        "nul.jsonl:1": "document not created: its text holds a control character "
        "(U+0000 at character 6); pibdesk stores none",
        "nul.jsonl:2": "document not created: its title holds a control character "
        "(U+0007 at character 3); pibdesk stores none",
        "nul.jsonl:3 label[1]": "its note holds a control character (U+0001 at character 1); "
        "pibdesk stores none",
        "nul.jsonl:3 label[2]": "its entity name holds a control character "
        "(U+0000 at character 2); pibdesk stores none",
    }
    with any_db.session() as s:
        assert len(ReleaseRepository(s).all_pks()) == 1
    notes = sorted(
        (a.label, a.note) for d in ExportService(any_db).documents() for a in d.annotations
    )
    assert notes == [("Person", None), ("Statement", "tab\tand\nline")]
