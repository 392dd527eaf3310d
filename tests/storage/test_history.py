"""The append-only annotation history (migration 0009) on both engines: every write path
writes one row in the change's own transaction, with the record before and after.

Driven through the services on the founding release (``txt_1583904.txt``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pibdesk.core.errors import ConflictError, ControlCharacterError, SpanError
from pibdesk.core.model import EntityKind, NewAnnotation
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


def test_create_relabel_move_note_delete_and_undo_each_leave_their_row(
    any_db: Database, raw_dir: Path
) -> None:
    pk, text = _founding(any_db, raw_dir)
    svc = AnnotationService(any_db)
    s = text.index(NAME)
    t0 = datetime.now(UTC)
    a = svc.create(NewAnnotation(pk, s, s + len(NAME), "Person", author="ed"))
    b = svc.change_label(a.id, "Topic", editor="rev", expected_version=1)
    c = svc.move_span(a.id, s + len("Shri "), s + len(NAME), editor="rev")
    d = svc.set_note(a.id, "title?\r\nsee the\tPIB page  \n\n", editor="ed")
    assert d.note == "title?\nsee the\tPIB page"  # CRLF -> LF, trailing white space gone
    undone = svc.put_back(c, ("note",), editor="ed", action="undo")
    assert undone.note is None
    gone = svc.delete(a.id, undone.row_version, editor="ed")
    svc.restore(gone, editor="ed", action="undo")

    rows = svc.history(a.id)
    assert [(h.action, h.actor) for h in rows] == [
        ("create", "ed"), ("relabel", "rev"), ("move", "rev"), ("note", "ed"),
        ("undo", "ed"), ("delete", "ed"), ("undo", "ed"),
    ]
    assert all(h.annotation_id == a.id and h.release_pk == pk for h in rows)
    # times are aware UTC, in write order, within this test's run
    assert all(h.at.tzinfo is not None and h.at.utcoffset() == timedelta(0) for h in rows)
    assert t0 - timedelta(seconds=1) <= rows[0].at <= rows[-1].at <= datetime.now(UTC)
    create, relabel, move, note, undo_note, delete, undo_delete = rows
    assert create.before is None and create.after is not None
    assert (create.after["label"], create.after["start"], create.after["text"]) == (
        "Person", s, NAME)
    assert relabel.changes() == [("label", "Person", "Topic")]
    assert relabel.before is not None and relabel.before["row_version"] == 1
    assert relabel.after is not None and relabel.after["row_version"] == b.row_version == 2
    assert move.changes() == [("start", s, s + 5), ("text", NAME, NAME[5:])]
    assert move.summary() == f"move: span {s}–{s + len(NAME)} → {s + 5}–{s + len(NAME)}; " \
        f"text {NAME} → {NAME[5:]}"
    assert note.changes() == [("note", None, "title?\nsee the\tPIB page")]
    assert undo_note.changes() == [("note", "title?\nsee the\tPIB page", None)]
    assert delete.after is None and delete.before is not None
    assert delete.before["note"] is None and delete.before["start"] == s + 5
    assert undo_delete.before is None and undo_delete.after == delete.before
    # per release: the same rows (only this annotation was touched)
    assert [h.id for h in svc.release_history(pk)] == [h.id for h in rows]


def test_refused_writes_leave_no_history(any_db: Database, raw_dir: Path) -> None:
    pk, text = _founding(any_db, raw_dir)
    svc = AnnotationService(any_db)
    s = text.index(NAME)
    a = svc.create(NewAnnotation(pk, s, s + len(NAME), "Person", author="ed"))
    svc.change_label(a.id, "Topic", editor="rev")
    with pytest.raises(ConflictError):
        svc.change_label(a.id, "Statement", editor="late", expected_version=1)
    with pytest.raises(SpanError):
        svc.move_span(a.id, s, s)  # empty
    with pytest.raises(ControlCharacterError, match="U\\+000C"):
        svc.set_note(a.id, "page\x0cbreak", editor="ed")
    with pytest.raises(SpanError, match="already has this note"):
        svc.set_note(a.id, "   ", editor="ed")  # None -> None
    assert [h.action for h in svc.history(a.id)] == ["create", "relabel"]
    assert svc.get(a.id).note is None


def test_entity_merge_writes_the_relinked_annotations(any_db: Database, raw_dir: Path) -> None:
    pk, text = _founding(any_db, raw_dir)
    svc, ents = AnnotationService(any_db), EntityService(any_db)
    keep = ents.create(EntityKind.PERSON, "Rajnath Singh")
    dup = ents.create(EntityKind.PERSON, "Shri Rajnath Singh")
    s = text.index(NAME)
    a = svc.create(NewAnnotation(pk, s, s + len(NAME), "Person", author="ed", entity_id=dup.id))
    ents.merge(keep.id, dup.id)
    last = svc.history(a.id)[-1]
    assert last.action == "merge"
    assert last.changes() == [("entity_id", dup.id, keep.id)]
    assert svc.get(a.id).entity_id == keep.id
