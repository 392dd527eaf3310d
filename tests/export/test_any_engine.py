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
