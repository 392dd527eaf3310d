"""Spans with white space at an end: an import trims them (peer tools let a selection take
a trailing space), a span of only white space is refused, and the storage refuses both
when they come from anywhere else, as a boundary move does. A note with a C0 control
character is refused at creation as at every later edit (helper break-test, issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pibdesk.core.errors import ControlCharacterError, SpanError
from pibdesk.core.model import NewAnnotation
from pibdesk.services.annotation_import import AnnotationImportService
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.storage.db import Database

NAME = "Shri Rajnath Singh"


def _founding(db: Database, raw_dir: Path) -> tuple[int, str]:
    pk = CorpusService(db).import_paths([raw_dir / "txt_1583904.txt"]).outcomes[0].release_pk
    assert pk is not None
    return pk, CorpusService(db).release(pk).text


def test_import_trims_white_space_at_span_ends(
    db: Database, raw_dir: Path, tmp_path: Path
) -> None:
    pk, text = _founding(db, raw_dir)
    s = text.index(NAME)
    e = s + len(NAME)
    assert text[s - 1] == " " and text[e] == " "
    blank = text.index("  ") if "  " in text else text.index(" ")
    f = tmp_path / "doccano.jsonl"
    f.write_text(
        json.dumps({"text": text, "label": [
            [s, e + 1, "Person"],          # takes the space after the name
            [s - 1, e, "Topic"],           # takes the space before it
            [blank, blank + 1, "Topic"],   # only a space
        ]}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    r = AnnotationImportService(db).import_file(f, "doccano")
    assert (r.added, r.trimmed, r.documents_matched) == (2, 2, 1)
    assert [x.reason for x in r.refused] == [f"span {blank}-{blank + 1} holds only white space"]
    assert "2 trimmed of white space" in r.summary() and r.to_json()["trimmed"] == 2
    got = sorted((a.start, a.end, a.label, a.text) for a in AnnotationService(db).for_release(pk))
    assert got == [(s, e, "Person", NAME), (s, e, "Topic", NAME)]


def test_storage_refuses_white_space_ends_and_control_characters_in_notes(
    db: Database, raw_dir: Path
) -> None:
    pk, text = _founding(db, raw_dir)
    svc = AnnotationService(db)
    s = text.index(NAME)
    e = s + len(NAME)
    with pytest.raises(SpanError, match="start or end with white space"):
        svc.create(NewAnnotation(pk, s, e + 1, "Person"))
    with pytest.raises(SpanError, match="only white space"):
        svc.create(NewAnnotation(pk, s - 1, s, "Person"))
    with pytest.raises(ControlCharacterError, match="U\\+000C"):
        svc.create(NewAnnotation(pk, s, e, "Topic", note="bad\x0cnote"))
    assert svc.for_release(pk) == []  # nothing half-written
    ok = svc.create(NewAnnotation(pk, s, e, "Topic", note="two\r\nlines  "))
    assert ok.note == "two\nlines"  # stored as every later note edit stores it
