"""Linking an annotation that another editor changed meanwhile is refused, not overwritten."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pibdesk.core.model import EntityKind, NewAnnotation
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.entities import EntityService
from pibdesk.storage.db import Database


def test_stale_link_is_refused_with_the_other_editors_name(
    pg_db: Database, qtbot: Any, raw_dir: Path
) -> None:
    from pibdesk.app import create_main_window

    CorpusService(pg_db).import_paths([raw_dir / "txt_1583904.txt"])
    rel = CorpusService(pg_db).summaries()[0]
    text = CorpusService(pg_db).release(rel.id).text
    start = text.index("Rajnath Singh")
    svc = AnnotationService(pg_db)
    ann = svc.create(NewAnnotation(rel.id, start, start + 13, "Person", author="anita"))
    es = EntityService(pg_db)
    rajnath = es.create(EntityKind.PERSON, "Rajnath Singh")
    other = es.create(EntityKind.PERSON, "Someone Else")

    win = create_main_window(pg_db.url, author="anita")
    qtbot.addWidget(win)
    try:
        seen = next(a for a in win._anns if a.id == ann.id)  # what anita's window shows
        # meanwhile ravi links it to another person (in his own window/process)
        svc.update(ann.id, ann.row_version, entity_id=other.id, editor="ravi")
        win.entity_tools._target = (seen, "entity")
        win.entity_tools._link(rajnath.id, None)
        assert "changed by ravi meanwhile" in win.statusBar().currentMessage()
        assert svc.get(ann.id).entity_id == other.id  # ravi's link was kept
        assert next(a for a in win._anns if a.id == ann.id).entity_id == other.id  # shown
    finally:
        win.close()
