"""C0 control characters (issue 13): a release file holding U+000C and U+0001 (the
founding release, altered: tests/corpus/data/txt_1583904_controls.txt) is imported with
both replaced one for one and the report names them; a text stored with them (before
this rule) exports to every format, and the XMI parses with dkpro-cassis with every
offset right."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from pibdesk.cli import main
from pibdesk.core.model import NewAnnotation
from pibdesk.core.text import replace_control_characters, xml_safe
from pibdesk.export.registry import all_formats
from pibdesk.parsing import parse_file
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.storage.corpus_store import CorpusStore
from pibdesk.storage.db import Database

DATA = Path(__file__).parent / "data" / "txt_1583904_controls.txt"


def test_replacement_is_one_for_one_and_counted() -> None:
    text, counts = replace_control_characters("a\x0cb\x01c\x1fd\te\nf")
    assert text == "a b\ufffdc\ufffdd\te\nf"
    assert counts == {"U+0001": 1, "U+000C": 1, "U+001F": 1}
    assert replace_control_characters("plain\ttext\n") == ("plain\ttext\n", {})
    assert xml_safe("x\x01\x0c\t\n\ry\uffff") == ("x\ufffd\ufffd\t\n\ry\ufffd", 3)


def test_import_replaces_them_and_reports_which_file_had_how_many(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = parse_file(DATA)
    # the parser folds the form feed into the paragraph's white space, keeps the U+0001
    assert "\x0c" not in raw.text and "\x01" in raw.text
    report = CorpusService(db).import_paths([DATA])
    [o] = report.outcomes
    assert o.status == "imported"
    line_no = raw.text[: raw.text.index("\x01")].count("\n") + 1
    column = raw.text.index("\x01") - raw.text.rfind("\n", 0, raw.text.index("\x01"))
    assert o.message == (
        f"1 control character replaced (U+0001 x1 by U+FFFD), first on line {line_no} "
        f"column {column}"
    )
    stored = CorpusService(db).release(o.release_pk or 0).text
    assert len(stored) == len(raw.text)  # one for one: no offset moves
    assert "\x0c" not in stored and "\x01" not in stored
    assert "To\ufffdkyo" in stored and stored.replace("\ufffd", "\x01") == raw.text
    # a new database through the CLI: the report line names the file and the count
    other = db.path.with_name("other.db")
    assert main(["import", "--db", str(other), "-q", str(DATA)]) == 0
    assert "txt_1583904_controls.txt [1583904]: 1 control character replaced" in (
        capsys.readouterr().out
    )


def test_a_stored_text_with_them_exports_to_every_format(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cassis import load_cas_from_xmi, load_typesystem

    parsed = parse_file(DATA)
    at = parsed.text.index("Rajnath Singh co-chaired")
    raw = dataclasses.replace(parsed, text=parsed.text[:at] + "\x0c" + parsed.text[at:])
    with db.session() as s:  # stored as pibdesk did before it replaced them
        store = CorpusStore(s)
        pk = store.apply(raw).release_pk
        store.flush()
    assert pk is not None
    assert "\x01" in CorpusService(db).release(pk).text
    start = raw.text.index("Rajnath Singh co-chaired")
    AnnotationService(db).create(
        NewAnnotation(release_pk=pk, start=start, end=start + len("Rajnath Singh"), label="Person")
    )
    tokyo = raw.text.index("To\x01kyo")
    AnnotationService(db).create(
        NewAnnotation(release_pk=pk, start=tokyo, end=tokyo + 6, label="Topic")
    )
    for fmt in all_formats():
        if fmt.unavailable:  # spaCy, an optional extra
            continue
        out = tmp_path / f"out.{fmt.name}"
        code = main(["export", "--db", str(db.path), "--format", fmt.name, "-o", str(out)])
        err = capsys.readouterr().err
        assert code == 0, (fmt.name, err)
        if fmt.name == "xmi":
            assert "2 control character(s) XML cannot hold written as U+FFFD" in err
    folder = tmp_path / "out.xmi"
    ts = load_typesystem(folder / "TypeSystem.xml")
    [xmi] = sorted(folder.glob("*.xmi"))
    cas = load_cas_from_xmi(xmi, typesystem=ts)
    assert len(cas.sofa_string) == len(raw.text)
    spans = sorted(cas.select("webanno.custom.PibdeskSpan"), key=lambda a: a.begin)
    assert [(a.label, a.get_covered_text()) for a in spans] == [
        ("Person", "Rajnath Singh"),
        ("Topic", "To\ufffdkyo"),
    ]
    # the JSONL keeps the stored text as it is (JSON can hold any character)
    line = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert "To\x01kyo" in line["text"]
