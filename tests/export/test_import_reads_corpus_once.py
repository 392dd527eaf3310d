"""Importing token-rebuilt documents (CoNLL) reads the corpus's texts once per import,
page by page, not once per document with every text in memory (issue 16: at 50,000
releases that was a gigabyte of text per document)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from export_helpers import ann_keys, nonempty

from pibdesk.services.annotation_import import AnnotationImportService
from pibdesk.services.export import ExportService
from pibdesk.storage.db import Database


def test_conll_import_scans_the_release_texts_once(
    annotated_db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "set.conll"
    res = ExportService(annotated_db).export("conll", out)
    n_docs = out.read_text(encoding="utf-8").count("-DOCSTART-")
    assert n_docs >= 3

    scans: list[str] = []  # statements reading release texts other than by one key

    def seen(_conn: Any, _cur: Any, statement: str, *_rest: Any) -> None:
        s = " ".join(statement.split())
        if s.startswith("SELECT release.id, release.text FROM release"):
            scans.append(s)

    sa.event.listen(fresh_db.engine, "before_cursor_execute", seen)
    try:
        report = AnnotationImportService(fresh_db).import_file(out, "conll")
    finally:
        sa.event.remove(fresh_db.engine, "before_cursor_execute", seen)
    # the spans all came back onto their releases, as before
    assert report.documents_created == 0 and report.refused == []
    assert report.added == res.annotations >= 4
    assert nonempty({k: [r[:3] for r in v] for k, v in ann_keys(fresh_db).items()})
    # one pass: a page of up to 200 texts per statement, then an empty page
    with fresh_db.engine.connect() as c:
        n_rel = c.execute(sa.text("SELECT count(*) FROM release")).scalar_one()
    assert len(scans) <= n_rel // 200 + 2 < n_docs, scans[:3]
    assert all("LIMIT" in s for s in scans)
