"""Label Studio and doccano carry pibdesk's details (entities, speakers, kinds, topics,
notes) in their own extension points, and the Label Studio labeling config is written."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from export_helpers import ann_keys, nonempty
from lxml import etree

from pibdesk.core.model import EntityKind, StatementKind
from pibdesk.export import registry
from pibdesk.export.base import EntityRef, ExportResult
from pibdesk.services.annotation_import import AnnotationImportService
from pibdesk.services.export import AnnotationSelection, ExportService
from pibdesk.storage.db import Database

MODI = EntityRef(EntityKind.PERSON, "Narendra Modi")


def _regions(tasks: list[dict]) -> list[dict]:
    return [r for t in tasks for a in t["annotations"] for r in a["result"]]


def test_label_studio_config_is_written_beside_the_json(
    annotated_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export" / "set.json"
    res = ExportService(annotated_db).export("labelstudio", out)
    config = out.with_name("set.label_config.xml")
    assert res.companions == [str(config)] and config.is_file()
    assert str(config) in res.message()
    assert sorted(p.name for p in out.parent.iterdir()) == ["set.json", "set.label_config.xml"]
    tasks = json.loads(out.read_text(encoding="utf-8"))
    regions = _regions(tasks)
    root = etree.fromstring(config.read_bytes())  # well-formed XML
    (labels_el,) = root.findall("Labels")
    (text_el,) = root.findall("Text")
    labelled = [r for r in regions if r["type"] == "labels"]
    assert {r["from_name"] for r in labelled} == {labels_el.get("name")} == {"label"}
    assert {r["to_name"] for r in labelled} == {labels_el.get("toName")} == {text_el.get("name")}
    assert text_el.get("value") == "$" + text_el.get("name")
    assert all(text_el.get("name") in t["data"] for t in tasks)
    exported = {r["value"]["labels"][0] for r in labelled}
    assert exported == {"Person", "Statement", "Topic"}
    assert {el.get("value") for el in labels_el.findall("Label")} == exported
    relation_labels = {lab for r in regions if r["type"] == "relation" for lab in r["labels"]}
    assert relation_labels == {"speaker"}
    assert relation_labels <= {el.get("value") for el in root.iter("Relation")}

    # the CLI names the config file too
    from pibdesk.cli import main

    out2 = tmp_path / "cli" / "ls.json"
    argv = ["export", "--db", str(annotated_db.path), "--format", "labelstudio", "-o", str(out2)]
    assert main(argv) == 0
    assert str(out2.with_name("ls.label_config.xml")) in capsys.readouterr().err
    assert out2.with_name("ls.label_config.xml").is_file()


def test_label_studio_config_lists_odd_label_names(tmp_path: Path) -> None:
    from pibdesk.export.labelstudio import label_config

    names = ['Scheme "quoted" & <tag>', "Ärzte", "a b"]
    root = etree.fromstring(label_config(names).encode())
    assert [el.get("value") for el in root.iter("Label")] == names


def test_label_studio_speaker_is_a_relation_or_meta(
    annotated_db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "all.json"
    ExportService(annotated_db).export("labelstudio", out)
    regions = _regions(json.loads(out.read_text(encoding="utf-8")))
    by_id = {r["id"]: r for r in regions if r["type"] == "labels"}
    (rel,) = [r for r in regions if r["type"] == "relation"]
    stmt, person = by_id[rel["from_id"]], by_id[rel["to_id"]]
    assert stmt["value"]["labels"] == ["Statement"] and person["value"]["labels"] == ["Person"]
    assert person["meta"]["entity"] == {"kind": "person", "name": "Narendra Modi"}
    assert "speaker" not in stmt["meta"] and stmt["meta"]["statement_kind"] == "direct"
    assert stmt["meta"]["text"] == ['first line\nsecond "line"\twith tab']

    # without the Person span in the set, the speaker travels in the region's meta
    only = tmp_path / "statements.json"
    sel = AnnotationSelection(labels=("Statement",))
    ExportService(annotated_db).export("labelstudio", only, sel)
    regions = _regions(json.loads(only.read_text(encoding="utf-8")))
    assert not [r for r in regions if r["type"] == "relation"]
    spoken = [r for r in regions if "speaker" in r["meta"]]
    assert len(spoken) == 1 and spoken[0]["meta"]["speaker"]["name"] == "Narendra Modi"
    report = AnnotationImportService(fresh_db).import_file(only, "labelstudio")
    assert report.refused == [] and report.added == 2

    def statements(db: Database) -> dict:
        keys = {
            k: sorted((r[:4] + r[8:] for r in v if r[2] == "Statement"), key=repr)
            for k, v in ann_keys(db, full=True).items()
        }
        return nonempty(keys)

    assert statements(fresh_db) == statements(annotated_db)


@pytest.mark.parametrize("fmt", ["doccano", "labelstudio"])
def test_details_keep_wikidata_ids(fmt: str, annotated_db: Database, tmp_path: Path) -> None:
    docs = []
    for d in ExportService(annotated_db).documents():
        ents = {i: dataclasses.replace(e, wikidata_qid=f"Q{i}00") for i, e in d.entities.items()}
        docs.append(dataclasses.replace(d, entities=ents))
    out = tmp_path / ("x.json" if fmt == "labelstudio" else "x.jsonl")
    fmt_ = registry.get(fmt)
    fmt_.load().write(docs, out, ExportResult(path=str(out), format=fmt))
    spans = [sp for doc in fmt_.read(out) for sp in doc.spans]
    linked = {(sp.label, sp.entity) for sp in spans if sp.entity is not None}
    qids = {e.wikidata_qid for _, e in linked}
    assert len(linked) == 2 and all(q and q.startswith("Q") for q in qids)
    (stmt,) = [sp for sp in spans if sp.statement_kind is not None]
    assert stmt.statement_kind is StatementKind.DIRECT
    assert stmt.speaker is not None and stmt.speaker.name == "Narendra Modi"
    assert stmt.speaker.wikidata_qid in qids
    assert stmt.topic is not None and stmt.topic.kind is EntityKind.TOPIC


def test_label_studio_relation_drawn_in_label_studio(tmp_path: Path) -> None:
    """A speaker relation drawn in Label Studio to an unlinked Person span names the
    speaker by that span's text; other relations are refused with a reason."""
    text = "PM Modi said 😀 hello to all."
    s, e = text.index("said"), len(text) - 1
    task = {
        "data": {"text": text},
        "annotations": [
            {
                "result": [
                    {
                        "id": "a",
                        "type": "labels",
                        "from_name": "ner",
                        "to_name": "text",
                        "value": {"start": 3, "end": 7, "text": "Modi", "labels": ["Person"]},
                    },
                    {
                        "id": "b",
                        "type": "labels",
                        "from_name": "ner",
                        "to_name": "text",
                        "value": {"start": s, "end": e, "text": text[s:e], "labels": ["Statement"]},
                    },
                    {"type": "relation", "from_id": "b", "to_id": "a", "labels": ["Speaker"]},
                    {"type": "relation", "from_id": "a", "to_id": "b", "labels": ["knows"]},
                    {"type": "relation", "from_id": "b", "to_id": "zz", "labels": ["speaker"]},
                ]
            }
        ],
    }
    path = tmp_path / "drawn.json"
    path.write_text(json.dumps(task, ensure_ascii=False), encoding="utf-8")
    (doc,) = registry.get("labelstudio").read(path)
    by_label = {sp.label: sp for sp in doc.spans}
    assert by_label["Statement"].speaker == EntityRef(EntityKind.PERSON, "Modi")
    assert by_label["Person"].speaker is None
    assert [r.reason for r in doc.refused] == [
        "relation labelled ['knows']: pibdesk imports 'speaker' only",
        "speaker relation 'b' -> 'zz' names a region not imported",
    ]


def test_doccano_details_follow_their_spans(annotated_db: Database, tmp_path: Path) -> None:
    """Details are matched by (start, end, label): reordered or deleted triples (as after
    editing in doccano) keep the right details; a malformed detail refuses its span."""
    out = tmp_path / "set.jsonl"
    ExportService(annotated_db).export("doccano", out)
    lines = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    line = next(ln for ln in lines if len(ln["label"]) > 3)
    assert line["pibdesk"]["format"] == "pibdesk-doccano/1"
    stmt = next(a for a in line["pibdesk"]["annotations"] if a.get("statement_kind"))
    line["label"] = [t for t in reversed(line["label"]) if t[2] != "Person"]
    topic = next(a for a in line["pibdesk"]["annotations"] if a["label"] == "Topic")
    topic["statement_kind"] = "shouted"
    edited = tmp_path / "edited.jsonl"
    edited.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    (doc,) = registry.get("doccano").read(edited)
    (got,) = [sp for sp in doc.spans if sp.statement_kind is not None]
    assert (got.start, got.end, got.label) == (stmt["start"], stmt["end"], "Statement")
    assert got.speaker == MODI and got.note == 'first line\nsecond "line"\twith tab'
    assert got.topic == EntityRef(EntityKind.TOPIC, "Digital India")
    assert not any(sp.label == "Person" for sp in doc.spans)
    (bad,) = doc.refused
    assert "unknown statement kind 'shouted'" in bad.reason and "label[" in bad.where


def test_doccano_relation_extraction_shape_is_read(tmp_path: Path) -> None:
    """doccano's relation-extraction export: ``speaker`` relations set the speaker."""
    text = "Shri Narendra Modi said the scheme works."
    line = {
        "id": 7,
        "text": text,
        "entities": [
            {"id": 11, "start_offset": 5, "end_offset": 18, "label": "Person"},
            {"id": 12, "start_offset": 19, "end_offset": 40, "label": "Statement"},
        ],
        "relations": [
            {"id": 1, "from_id": 12, "to_id": 11, "type": "speaker"},
            {"id": 2, "from_id": 11, "to_id": 12, "type": "mentions"},
        ],
    }
    path = tmp_path / "re.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    (doc,) = registry.get("doccano").read(path)
    spans = {sp.label: sp for sp in doc.spans}
    assert text[spans["Person"].start : spans["Person"].end] == "Narendra Modi"
    assert spans["Statement"].speaker == MODI
    assert [r.reason for r in doc.refused] == [
        "relation 'mentions': pibdesk imports 'speaker' only"
    ]


def test_cancelled_label_studio_export_leaves_nothing(
    annotated_db: Database, tmp_path: Path
) -> None:
    from pibdesk.export.base import ExportCancelled

    calls = iter(range(100))
    out = tmp_path / "export" / "set.json"
    with pytest.raises(ExportCancelled):
        ExportService(annotated_db).export("labelstudio", out, cancel=lambda: next(calls) == 3)
    assert list(out.parent.iterdir()) == []
