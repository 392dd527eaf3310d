"""Hostile inputs (issue 8 §5): XML entity attacks, HTML that would fetch or run
something, release titles that would escape the export folder, bad release files.

A real HTTP server on 127.0.0.1 counts requests: pibdesk must send none.
"""

from __future__ import annotations

import hashlib
import http.server
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pibdesk.core.errors import ParseError, PibdeskError
from pibdesk.core.model import NewAnnotation, ParsedRelease
from pibdesk.export import registry
from pibdesk.export.base import FormatError
from pibdesk.parsing import parse_bytes
from pibdesk.services.annotation_import import AnnotationImportService
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.export import ExportService
from pibdesk.storage.db import Database

SECRET = "TOP-SECRET-4242"


@pytest.fixture()
def server() -> Iterator[tuple[str, list[str]]]:
    """``(base URL, paths requested)`` of a loopback HTTP server."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY x "FETCHED">')

        def log_message(self, *args: object) -> None:
            pass

    srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", hits
    srv.shutdown()
    srv.server_close()


# --------------------------------------------------------------------------- XML (XMI)
_XMI_BODY = (
    '<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" '
    'xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0"><cas:NULL xmi:id="0"/>'
    '<custom:PibdeskSpan xmi:id="3" sofa="1" begin="0" end="5" label="Person"/>'
    '<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text/plain" '
    'sofaString="SOFA"/><cas:View sofa="1" members="3"/></xmi:XMI>'
)
_LOL = (
    '<!DOCTYPE xmi:XMI [<!ENTITY lol0 "lollollollollollollollollollol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)


def _attacks(base: str, secret_file: Path) -> dict[str, tuple[str, str]]:
    return {
        "billion laughs": (_LOL, "&lol9;"),
        "external entity (file)": (
            f'<!DOCTYPE xmi:XMI [<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">]>', "&xxe;"
        ),
        "external entity (network)": (
            f'<!DOCTYPE xmi:XMI [<!ENTITY net SYSTEM "{base}/entity">]>', "&net;"
        ),
        "external DTD": (f'<!DOCTYPE xmi:XMI SYSTEM "{base}/dtd">', "plain"),
        "parameter entity": (
            f'<!DOCTYPE xmi:XMI [<!ENTITY % p SYSTEM "{base}/param"> %p;]>', "plain"
        ),
    }


@pytest.fixture(scope="module")
def xmi_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real XMI export (type system + one document) to take a TypeSystem.xml from."""
    root = tmp_path_factory.mktemp("xmiseed")
    db = Database(root / "s.db")
    db.migrate()
    pk = CorpusService(db).import_parsed(
        ParsedRelease(title="Hello", text="Hello world of releases", release_id=5)
    ).release_pk
    AnnotationService(db).create(NewAnnotation(pk, 0, 5, "Person"))  # type: ignore[arg-type]
    ExportService(db).export("xmi", root / "out")
    db.dispose()
    return root / "out"


def _xmi_folder(where: Path, seed: Path, doctype: str, sofa: str, in_typesystem: bool) -> Path:
    where.mkdir()
    ts = (seed / "TypeSystem.xml").read_text(encoding="utf-8")
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    if in_typesystem:
        ts = ts.replace("?>", "?>\n" + doctype.replace("xmi:XMI", "typeSystemDescription"), 1)
        ts = ts.replace("<description>", f"<description>{sofa}", 1) if sofa.startswith("&") else ts
        doc = head + _XMI_BODY.replace("SOFA", "Hello world")
    else:
        doc = head + doctype + _XMI_BODY.replace("SOFA", sofa)
    (where / "TypeSystem.xml").write_text(ts, encoding="utf-8")
    (where / "a.xmi").write_text(doc, encoding="utf-8")
    return where


@pytest.mark.parametrize("in_typesystem", [False, True], ids=["in XMI", "in TypeSystem.xml"])
def test_xmi_entity_attacks_refused(
    in_typesystem: bool, xmi_seed: Path, tmp_path: Path, server: tuple[str, list[str]], db: Database
) -> None:
    base, hits = server
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    before = _fingerprint(db)
    for i, (name, (doctype, sofa)) in enumerate(_attacks(base, secret).items()):
        folder = _xmi_folder(tmp_path / f"a{i}", xmi_seed, doctype, sofa, in_typesystem)
        with pytest.raises(FormatError) as err:
            registry.get("xmi").read(folder)
        assert "DOCTYPE" in str(err.value) and str(folder) in str(err.value), name
        with pytest.raises(PibdeskError):
            AnnotationImportService(db).import_file(folder, "xmi", create_documents=True)
    assert hits == []
    assert _fingerprint(db) == before
    # the very same files without the DOCTYPE import fine (the refusal is about it alone)
    ok = _xmi_folder(tmp_path / "fine", xmi_seed, "", "Hello world", False)
    [doc] = registry.get("xmi").read(ok)
    assert doc.text == "Hello world" and doc.spans


def _fingerprint(db: Database) -> str:
    assert db.path is not None
    conn = sqlite3.connect(db.path)
    try:
        rows = [conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
                for t in ("release", "annotation", "change_log")]
    finally:
        conn.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


# --------------------------------------------------------------------------- HTML
def test_html_import_fetches_nothing_and_runs_no_script(
    raw_dir: Path, server: tuple[str, list[str]]
) -> None:
    base, hits = server
    page = (raw_dir / "html_2296750.html").read_text(encoding="utf-8")
    hostile = (
        f'<!DOCTYPE html SYSTEM "{base}/dtd">\n'
        + page.replace(
            "</head>",
            f'<link rel="stylesheet" href="{base}/css"><script src="{base}/js"></script>'
            f"<script>document.write('INJECTED-BY-SCRIPT')</script>"
            f'<meta http-equiv="refresh" content="0; url={base}/refresh"></head>',
            1,
        ).replace(
            "<body",
            f'<iframe src="{base}/frame"></iframe><img src="{base}/img" onerror="x()">'
            f'<object data="{base}/obj"></object><body',
            1,
        )
    )
    assert hostile.count(base) >= 7
    clean = parse_bytes(page.encode("utf-8"), "page.html")
    parsed = parse_bytes(hostile.encode("utf-8"), "hostile.html")
    assert hits == []
    assert "INJECTED-BY-SCRIPT" not in parsed.text and "document.write" not in parsed.text
    assert parsed.text == clean.text and parsed.title == clean.title


# --------------------------------------------------------------------------- file names
HOSTILE_TITLES = [
    "../../etc/passwd",
    "/etc/passwd",
    "..",
    "....//....//x",
    "a/../../b\\..\\c",
    "con:\x00nul",
    ".hidden",
    "~/x",
]


@pytest.mark.parametrize("fmt", ["brat", "xmi"])
def test_export_file_names_never_escape_the_folder(fmt: str, tmp_path: Path) -> None:
    db = Database(tmp_path / "n.db")
    db.migrate()
    for i, title in enumerate(HOSTILE_TITLES):
        if fmt == "xmi":  # XML 1.0 cannot hold NUL at all: see the next test
            title = title.replace("\x00", "")
        pk = CorpusService(db).import_parsed(
            ParsedRelease(title=title, text=f"{title}\nbody text {i}", release_id=None)
        ).release_pk
        AnnotationService(db).create(NewAnnotation(pk, 0, 1, "Topic"))  # type: ignore[arg-type]
    root = tmp_path / "sandbox"
    target = root / "exports" / "set"
    root.mkdir()
    ExportService(db).export(fmt, target)
    db.dispose()
    written = [p for p in root.rglob("*") if p.is_file()]
    assert written and all(p.resolve().is_relative_to(target.resolve()) for p in written)
    assert all(p.parent == target for p in written), [str(p) for p in written]
    assert not any(p.name.startswith(".") for p in written)
    assert not (tmp_path / "etc").exists()
    # one document file per release, whatever its title
    doc_suffix = ".ann" if fmt == "brat" else ".xmi"
    assert sum(p.suffix == doc_suffix for p in written) == len(HOSTILE_TITLES)


def test_a_control_character_is_replaced_at_import_and_xmi_export_writes(tmp_path: Path) -> None:
    """Issue 13: a U+0001 no longer makes XMI export fail: the import stores U+FFFD in its
    place (one for one) and the export writes (the CAS text is the stored text)."""
    from cassis import load_cas_from_xmi, load_typesystem

    db = Database(tmp_path / "c.db")
    db.migrate()
    outcome = CorpusService(db).import_parsed(
        ParsedRelease(title="Stray", text="Stray \x01 byte in a release", release_id=77)
    )
    pk = outcome.release_pk
    assert CorpusService(db).release(pk).text == "Stray \ufffd byte in a release"  # type: ignore[arg-type]
    AnnotationService(db).create(NewAnnotation(pk, 0, 5, "Topic"))  # type: ignore[arg-type]
    res = ExportService(db).export("xmi", tmp_path / "out")
    db.dispose()
    assert (res.releases, res.annotations) == (1, 1)
    [xmi] = list((tmp_path / "out").glob("*.xmi"))
    cas = load_cas_from_xmi(xmi, typesystem=load_typesystem(tmp_path / "out" / "TypeSystem.xml"))
    assert cas.sofa_string == "Stray \ufffd byte in a release"


# --------------------------------------------------------------------------- release files
_CORPUS_PIECES = st.sampled_from(
    [b"Posted On: 02 SEP 2019 7:22PM by PIB Delhi\n", b"(Release ID: 1583904)", b"\x00",
     b"<h2 id='Titleh2'>", b"</h2>", b"<script>x</script>", b"\xff\xfe", b"\r\n", b"*****\n"]
)


def test_bad_release_files_change_nothing(
    tmp_path: Path, raw_dir: Path, db: Database, say: Any
) -> None:
    """Release import (parser + store) of mutated corpus files: each input is either
    stored whole or refused with a one-line error naming the file; a refusal stores
    nothing."""
    seeds = [(raw_dir / n).read_bytes() for n in ("txt_1583904.txt", "html_2296750.html")]
    counts = {"inputs": 0, "imported": 0, "failed": 0}
    svc = CorpusService(db)

    @settings(max_examples=60, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        counts["inputs"] += 1
        raw = seeds[data.draw(st.integers(0, 1))]
        at = data.draw(st.integers(0, len(raw)))
        cut = data.draw(st.integers(at, min(len(raw), at + 200)))
        raw = raw[:at] + data.draw(st.one_of(_CORPUS_PIECES, st.binary(max_size=30))) + raw[cut:]
        name = f"in{counts['inputs']}" + (".html" if raw.lstrip().startswith(b"<") else ".txt")
        f = tmp_path / name
        f.write_bytes(raw)
        before = _fingerprint(db)
        [outcome] = svc.import_paths([f]).outcomes
        if outcome.status == "failed":
            counts["failed"] += 1
            assert outcome.message and "\n" not in outcome.message
            assert _fingerprint(db) == before
        else:
            counts["imported"] += 1
        f.unlink()

    run()
    say(f"release files: {counts['inputs']} mutated inputs, {counts['imported']} stored, "
          f"{counts['failed']} refused with a message")
    with pytest.raises(ParseError, match="empty.txt"):
        parse_bytes(b"", "empty.txt")
    shutil.rmtree(tmp_path, ignore_errors=True)
