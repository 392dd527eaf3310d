"""Fuzzing the annotation-format importers (issue 8 §5), with a bounded budget.

For every importable format, hypothesis mutates a real export of annotated corpus
releases (truncation, random bytes, spliced JSON/XML/brat pieces, offsets replaced by
out-of-range numbers) or feeds plain random bytes, and imports it through
``AnnotationImportService`` as the app does. Whatever the input:

* the only exception allowed is a :class:`PibdeskError` with a message, and then nothing
  stored changed (same rows, same change log);
* when the import returns, every annotation in the database still lies inside its
  release text with a matching quote and the file passes ``PRAGMA integrity_check``.

The number of inputs tried per format is printed (``pytest -s`` shows it).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pibdesk.core.errors import PibdeskError
from pibdesk.core.model import EntityKind, NewAnnotation, StatementKind
from pibdesk.export import registry
from pibdesk.services.annotation_import import AnnotationImportService
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.check import run_checks
from pibdesk.services.corpus import CorpusService
from pibdesk.services.export import ExportService
from pibdesk.storage.db import Database

#: Inputs per format in CI (the whole file stays around a minute on two cores);
#: ``PIBDESK_FUZZ_EXAMPLES=2000`` for a longer hunt.
MAX_EXAMPLES = int(os.environ.get("PIBDESK_FUZZ_EXAMPLES", "40"))

IMPORTABLE = [f.name for f in registry.all_formats() if f.can_import and not f.unavailable]

_PIECES = [
    b"-1", b"99999999999999999999", b"1e309", b"NaN", b"null", b"true", b"[]", b"{}",
    b'"', b"{", b"]", b",", b"\x00", b"\xff\xfe", b"\xed\xa0\x80", b"\\ud800", "😀".encode(),
    "क्षत्रिय".encode(), b"\r\n", b"\t", b"T9\tPerson 5 2\tx\n", b"T1\tPerson 0 999999\tx\n",
    b"R1\tRel Arg1:T1 Arg2:T77\n", b"A1\tNegated T404\n", b"#1\tAnnotatorNotes T1\tnote\n",
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', b"&a;", b'<x begin="-5" end="3"/>',
    b' begin="2147483647"', b' end="0"', b"</xmi:XMI>", b'"start": 10, "end": 2',
    b'"label": ""', b'"labels": ["Person"]', b'"value": {"start": -1}', b"B-Person", b"I-",
    b"-DOCSTART- -X- O O\n", b'"release_id": "x"', b'"text": 5',
]


def _seed_db(path: Path, raw_dir: Path) -> Database:
    from pibdesk.parsing import parse_file
    from pibdesk.storage.export_queries import find_or_create_entity

    db = Database(path)
    db.migrate()
    corpus = CorpusService(db)
    pks = [
        corpus.import_parsed(parse_file(raw_dir / n)).release_pk
        for n in ("txt_1583904.txt", "txt_1620591_hi.txt")
    ]
    svc = AnnotationService(db)
    text = corpus.release(pks[0]).text  # type: ignore[arg-type]
    with db.session() as s:
        rajnath = find_or_create_entity(s, EntityKind.PERSON, "Rajnath Singh")[0]
    for word, label in (("Shri Rajnath Singh", "Person"), ("Article 370", "Topic"),
                        ("Lucknow", "Topic")):
        i = text.index(word)
        svc.create(NewAnnotation(pks[0], i, i + len(word), label, entity_id=rajnath
                                 if label == "Person" else None))  # type: ignore[arg-type]
    i = text.index("said talks")
    svc.create(NewAnnotation(pks[0], i, i + 40, "Statement", speaker_id=rajnath,  # type: ignore[arg-type]
                             statement_kind=StatementKind.REPORTED))
    hi = corpus.release(pks[1]).text  # type: ignore[arg-type]
    j = next(k for k, ch in enumerate(hi) if "\u0900" <= ch <= "\u097f")
    svc.create(NewAnnotation(pks[1], j, j + 4, "Topic"))  # type: ignore[arg-type]
    return db


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory, raw_dir: Path) -> dict[str, Path]:
    """A real export in every importable format, from an annotated corpus database."""
    root = tmp_path_factory.mktemp("fuzzseeds")
    db = _seed_db(root / "seed.db", raw_dir)
    out = {}
    try:
        for name in IMPORTABLE:
            fmt = registry.get(name)
            target = root / f"seed-{name}{fmt.suffix}"
            ExportService(db).export(name, target)
            out[name] = target
    finally:
        db.dispose()
    shutil.copyfile(root / "seed.db", root / "template.db")
    out["_db"] = root / "template.db"
    return out


def _fingerprint(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        h = hashlib.sha256()
        for table in ("release", "annotation", "entity", "alias", "change_log", "label"):
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                h.update(repr(row).encode())
        return h.hexdigest()
    finally:
        conn.close()


_NUMBER = re.compile(rb"\d+")


@st.composite
def _mutation(draw: st.DrawFn, data: bytes) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=400))
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.integers(0, 4))
        n = len(data)
        at = draw(st.integers(0, n))
        if op == 0:
            data = data[:at]
        elif op == 1:
            end = draw(st.integers(at, min(n, at + 40)))
            data = data[:at] + draw(st.binary(max_size=20)) + data[end:]
        elif op == 2:
            data = data[:at] + draw(st.sampled_from(_PIECES)) + data[at:]
        else:
            nums = list(_NUMBER.finditer(data))
            if nums:
                m = nums[draw(st.integers(0, len(nums) - 1))]
                value = draw(st.sampled_from([-1, 0, 1, 2**31, 10**12, m.end() * 7]))
                value = value if op == 3 else int(m.group()) + draw(st.integers(-3, 3))
                data = data[: m.start()] + str(value).encode() + data[m.end() :]
    return data


def _main_file(folder: Path, name: str) -> Path:
    suffix = {"brat": ".ann", "xmi": ".xmi"}[name]
    return sorted(folder.rglob(f"*{suffix}"))[0]


@pytest.mark.parametrize("name", IMPORTABLE)
def test_importer_survives_fuzzing(
    name: str, seeds: dict[str, Path], tmp_path: Path, say: Any
) -> None:
    seed = seeds[name]
    fmt = registry.get(name)
    if fmt.target == "folder":
        victim_rel = _main_file(seed, name).relative_to(seed)
        files = [p.relative_to(seed) for p in sorted(seed.rglob("*")) if p.is_file()]
    counts = {"inputs": 0, "imported": 0, "refused": 0}

    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data(), create=st.booleans())
    def run(data: st.DataObject, create: bool) -> None:
        counts["inputs"] += 1
        work = tmp_path / f"in{counts['inputs']}"
        work.mkdir()
        db_path = work / "fuzz.db"  # every input meets the same database
        shutil.copyfile(seeds["_db"], db_path)
        if fmt.target == "folder":
            target = work / "in"
            shutil.copytree(seed, target)
            # mostly the annotation file, sometimes the text or the type system
            other = data.draw(st.sampled_from(files))
            victim = target / (victim_rel if data.draw(st.integers(0, 9)) < 7 else other)
        else:
            victim = target = work / seed.name
            shutil.copyfile(seed, victim)
        victim.write_bytes(data.draw(_mutation(victim.read_bytes())))
        before = _fingerprint(db_path)
        db = Database(db_path)
        try:
            AnnotationImportService(db).import_file(target, name, create_documents=create)
        except PibdeskError as e:
            counts["refused"] += 1
            assert str(e).strip(), f"{type(e).__name__} without a message"
            db.dispose()
            assert _fingerprint(db_path) == before, "a refused import changed the database"
        else:
            counts["imported"] += 1
            report = run_checks(db)
            assert report.ok, "\n".join(report.lines())
        finally:
            db.dispose()
            shutil.rmtree(work)

    run()
    say(
        f"fuzz {name}: {counts['inputs']} inputs tried, {counts['imported']} imported "
        f"(checked consistent), {counts['refused']} refused with a clear error"
    )
    assert counts["inputs"] >= MAX_EXAMPLES // 2
