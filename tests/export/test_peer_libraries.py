"""The peers' own libraries accept pibdesk's files: dkpro-cassis, label-studio-converter,
spaCy, and the W3C Web Annotation JSON schemas (../shared/specs/w3c-annotation)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from pibdesk.core.model import NewAnnotation, ParsedRelease
from pibdesk.core.offsets import Utf16Index
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.export import ExportService
from pibdesk.storage.db import Database

#: Emoji (astral, ZWJ sequence, flag), Devanagari with combining marks, tabs, blank line.
TEXT = (
    "प्रधानमंत्री 😀 ने कहा\tकि 👨‍👩‍👧 परिवार।\n"
    'PM Modi said 🇮🇳 "Jai Hind" today.\n\n'
    "𝕏 post by PMOIndia\tends here"
)
SPANS = [
    ("कहा", "Statement"),
    ("परिवार", "Topic"),
    ("Modi", "Person"),
    ("Jai Hind", "Statement"),
    ("PMOIndia", "Person"),
]


@pytest.fixture()
def emoji_db(db: Database) -> Database:
    out = CorpusService(db).import_parsed(
        ParsedRelease(title="Emoji 😀 test", text=TEXT, release_id=9100001)
    )
    assert out.release_pk is not None
    svc = AnnotationService(db)
    for needle, label in SPANS:
        s = TEXT.index(needle)
        svc.create(NewAnnotation(out.release_pk, s, s + len(needle), label, author="t"))
    return db


def test_cassis_loads_our_xmi(emoji_db: Database, tmp_path: Path) -> None:
    from cassis import load_cas_from_xmi, load_typesystem

    out = tmp_path / "xmi"
    ExportService(emoji_db).export("xmi", out)
    ts = load_typesystem((out / "TypeSystem.xml").read_bytes().decode())
    (xmi,) = out.glob("*.xmi")
    cas = load_cas_from_xmi(xmi.read_bytes().decode(), typesystem=ts)
    assert cas.sofa_string == TEXT
    got = sorted((a.get_covered_text(), a.label) for a in cas.select("webanno.custom.PibdeskSpan"))
    assert got == sorted(SPANS)
    # the file itself counts UTF-16 units (UIMA is Java): check against our converter
    idx = Utf16Index(TEXT)
    root = etree.parse(str(xmi)).getroot()
    spans = [el for el in root if el.tag.endswith("PibdeskSpan")]
    assert len(spans) == len(SPANS)
    for el in spans:
        b, e = int(el.get("begin")), int(el.get("end"))
        cb, ce = idx.to_codepoint(b), idx.to_codepoint(e)
        assert (TEXT[cb:ce], el.get("label")) in SPANS
        assert (b, e) != (cb, ce)  # every span sits after an astral character


def test_label_studio_json_converts_to_conll(annotated_db: Database, tmp_path: Path) -> None:
    pytest.importorskip(
        "label_studio_converter", reason="label-studio-converter is not installed (test extra)"
    )
    from label_studio_converter import Converter

    from pibdesk.export.labelstudio import label_config
    from pibdesk.services.export import AnnotationSelection

    # the converter's BIO tagger takes non-overlapping, token-aligned spans: use meena's
    sel = AnnotationSelection(author="meena")
    out = tmp_path / "ls.json"
    res = ExportService(annotated_db).export("labelstudio", out, sel)
    tasks = json.loads(out.read_text(encoding="utf-8"))
    want = [
        (r["value"]["text"], r["value"]["labels"][0])
        for t in tasks
        for r in t["annotations"][0]["result"]
    ]
    assert len(want) == res.annotations == 2 and res.releases == 2
    conv = Converter(
        config=label_config(["Person", "Statement", "Topic"]), project_dir=str(tmp_path)
    )
    conv.convert_to_conll2003(str(out), str(tmp_path / "conll"), is_dir=False)
    lines = (tmp_path / "conll" / "result.conll").read_text(encoding="utf-8").splitlines()
    entities: list[tuple[str, str]] = []
    for line in lines[1:]:
        if not line.strip():
            continue
        tok, _, _, tag = line.split(" ")
        if tag.startswith("B-"):
            entities.append((tok, tag[2:]))
        elif tag.startswith("I-"):
            entities[-1] = (entities[-1][0] + " " + tok, entities[-1][1])
    norm = lambda s: re.sub(r"\s+", "", s)  # noqa: E731  (the converter re-tokenizes)
    assert sorted((norm(t), lab) for t, lab in entities) == sorted(
        (norm(t), lab) for t, lab in want
    )


def test_label_studio_offsets_are_code_points(emoji_db: Database, tmp_path: Path) -> None:
    """Current Label Studio and its converter count code points (see labelstudio.py)."""
    out = tmp_path / "ls.json"
    ExportService(emoji_db).export("labelstudio", out)
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    text = task["data"]["text"]
    idx = Utf16Index(text)
    regions = [r for r in task["annotations"][0]["result"] if r["type"] == "labels"]
    assert len(regions) == len(SPANS)
    for r in regions:
        v = r["value"]
        assert text[v["start"] : v["end"]] == v["text"]
        assert (v["text"], v["labels"][0]) in SPANS
        assert r["from_name"] == "label" and r["to_name"] == "text"
    # every span sits after an astral character: the UTF-16 reading would differ
    assert all(idx.to_utf16(r["value"]["start"]) != r["value"]["start"] for r in regions)


def test_label_studio_reader_takes_utf16_offsets_too(emoji_db: Database, tmp_path: Path) -> None:
    """Files of 2021 Label Studio (UTF-16 units) read to the same spans as current ones."""
    from pibdesk.export import registry

    out = tmp_path / "ls.json"
    ExportService(emoji_db).export("labelstudio", out)
    tasks = json.loads(out.read_text(encoding="utf-8"))
    idx = Utf16Index(TEXT)
    for r in tasks[0]["annotations"][0]["result"]:
        r["value"]["start"] = idx.to_utf16(r["value"]["start"])
        r["value"]["end"] = idx.to_utf16(r["value"]["end"])
    old = tmp_path / "old.json"
    old.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    fmt = registry.get("labelstudio")
    want = sorted((TEXT.index(w), TEXT.index(w) + len(w), lab) for w, lab in SPANS)
    for path in (out, old):
        (doc,) = fmt.read(path)
        assert doc.refused == []
        assert sorted((sp.start, sp.end, sp.label) for sp in doc.spans) == want
        assert all(TEXT[sp.start : sp.end] == sp.quote for sp in doc.spans)


def test_label_studio_converter_tags_spans_after_emoji(emoji_db: Database, tmp_path: Path) -> None:
    """label-studio-converter turns our file (and our labeling config) into CoNLL with
    every tag on its own token although astral emoji precede each span."""
    pytest.importorskip(
        "label_studio_converter", reason="label-studio-converter is not installed (test extra)"
    )
    from label_studio_converter import Converter

    out = tmp_path / "ls.json"
    res = ExportService(emoji_db).export("labelstudio", out)
    (config,) = res.companions
    conv = Converter(config=config, project_dir=str(tmp_path))
    conv.convert_to_conll2003(str(out), str(tmp_path / "conll"), is_dir=False)
    lines = (tmp_path / "conll" / "result.conll").read_text(encoding="utf-8").splitlines()
    tagged = [
        (tok, tag)
        for tok, _, _, tag in (ln.split(" ") for ln in lines[1:] if ln.strip())
        if tag != "O"
    ]
    assert tagged == [
        ("कहा", "B-Statement"),
        ("परिवार।", "B-Topic"),  # the tokenizer keeps the danda on the word
        ("Modi", "B-Person"),
        ("Jai", "B-Statement"),
        ("Hind", "I-Statement"),
        ("PMOIndia", "B-Person"),
    ]


def test_spacy_builds_docbin(emoji_db: Database, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed (optional extra 'spacy')")
    from spacy.tokens import DocBin

    out = tmp_path / "set.spacy"
    res = ExportService(emoji_db).export("spacy", out)
    assert res.warnings == []
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("xx").vocab))
    assert len(docs) == 1 and docs[0].text == TEXT
    assert sorted((s.text, s.label_) for s in docs[0].spans["pibdesk"]) == sorted(SPANS)
    assert docs[0].user_data["release_id"] == 9100001


def _w3c_validator(shared_dir: Path):  # type: ignore[no-untyped-def]
    """The small profile from ../shared/specs/w3c-annotation/README.md."""
    from jsonschema import Draft4Validator, FormatChecker
    from referencing import Registry, Resource

    defs = shared_dir / "specs" / "w3c-annotation" / "definitions"
    registry = Registry().with_resources(
        (p.name, Resource.from_contents(json.loads(p.read_text()))) for p in defs.glob("*.json")
    )

    def ref(name: str) -> dict[str, str]:
        return {"$ref": name}

    sel = {
        "allOf": [
            ref("specificResource.json#/definitions/textPositionSelectorTypeValidIfPresent"),
            ref("specificResource.json#/definitions/textQuoteSelectorTypeValidIfPresent"),
        ]
    }
    sel_ok = {"properties": {"selector": {"allOf": [sel, {"items": sel}]}}}
    schema = {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "id": "check.json",
        "required": ["@context", "type", "target"],
        "allOf": [
            ref("annotations.json#/definitions/annotationTypeValueFound"),
            ref("annotations.json#/definitions/motivationRecognizedIfPresent"),
        ],
        "properties": {
            "@context": {
                "oneOf": [
                    ref("annotations.json#/definitions/contextValueFound"),
                    ref("annotations.json#/definitions/contextValueInArrayFound"),
                ]
            },
            "target": {
                "allOf": [sel_ok, {"items": sel_ok}],
                "oneOf": [
                    ref("bodyTarget.json#/definitions/targetResourcesFound"),
                    {
                        "type": "array",
                        "items": ref("bodyTarget.json#/definitions/targetResourcesFound"),
                    },
                ],
            },
        },
    }
    coll = {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "id": "coll.json",
        "allOf": [ref("collections.json#/definitions/annotationCollectionTypeValueFound")],
    }
    return (
        Draft4Validator(schema, registry=registry, format_checker=FormatChecker()),
        Draft4Validator(coll, registry=registry, format_checker=FormatChecker()),
    )


def test_w3c_validates_against_the_schemas(
    annotated_db: Database, emoji_db: Database, shared_dir: Path, tmp_path: Path
) -> None:
    check, check_coll = _w3c_validator(shared_dir)
    # the validator is not a rubber stamp: a spec example passes, a broken one fails
    anno24 = json.loads(
        (shared_dir / "specs/w3c-annotation/examples/correct/anno24.json").read_text()
    )
    assert not list(check.iter_errors(anno24))
    anno24["target"]["selector"]["start"] = -1
    assert list(check.iter_errors(anno24))
    n = 0
    for db in (annotated_db, emoji_db):
        out = tmp_path / f"w{n}.jsonld"
        ExportService(db).export("w3c", out)
        coll = json.loads(out.read_text(encoding="utf-8"))
        assert not list(check_coll.iter_errors(coll))
        assert coll["id"] == f"urn:pibdesk:collection:w{n}.jsonld"
        for item in coll["first"]["items"]:
            errors = [e.message for e in check.iter_errors(item)]
            assert errors == [], item["id"]
            pos, quote = item["target"]["selector"]
            assert pos["type"] == "TextPositionSelector" and quote["type"] == "TextQuoteSelector"
            n += 1
    assert n == 9 + len(SPANS)
    # code points, not UTF-16: the quote is the text at the position
    (last,) = [
        i for i in coll["first"]["items"] if i["target"]["selector"][1]["exact"] == "PMOIndia"
    ]
    assert (
        TEXT[last["target"]["selector"][0]["start"] : last["target"]["selector"][0]["end"]]
        == "PMOIndia"
    )
