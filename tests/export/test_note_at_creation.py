"""A note with a C0 control character is refused at creation as at every later edit, and
stored as every later edit stores it (helper break-test, issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pibdesk.core.errors import ControlCharacterError
from pibdesk.core.model import NewAnnotation
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.storage.db import Database

NAME = "Shri Rajnath Singh"


def _founding(db: Database, raw_dir: Path) -> tuple[int, str]:
    pk = CorpusService(db).import_paths([raw_dir / "txt_1583904.txt"]).outcomes[0].release_pk
    assert pk is not None
    return pk, CorpusService(db).release(pk).text


def test_storage_refuses_control_characters_in_notes_at_creation(
    db: Database, raw_dir: Path
) -> None:
    pk, text = _founding(db, raw_dir)
    svc = AnnotationService(db)
    s = text.index(NAME)
    e = s + len(NAME)
    with pytest.raises(ControlCharacterError, match="U\\+000C"):
        svc.create(NewAnnotation(pk, s, e, "Topic", note="bad\x0cnote"))
    assert svc.for_release(pk) == []  # nothing half-written
    ok = svc.create(NewAnnotation(pk, s, e, "Topic", note="two\r\nlines  "))
    assert ok.note == "two\nlines"  # stored as every later note edit stores it
