"""``pibdesk suggest --release``: a Release ID, pibdesk's key ``#N`` or a source file name
(scraper text copies such as txt_1611211.txt carry no Release ID in their text; it comes
from the file name, translation copies txt_<PRID>_<lang>.txt get none)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pibdesk.cli import main
from pibdesk.services.corpus import CorpusService


def _import(db, *paths: Path) -> dict[str, int]:  # type: ignore[no-untyped-def]
    report = CorpusService(db).import_paths(list(paths))
    out = {}
    for o in report.outcomes:
        assert o.status == "imported", report.to_json()
        assert o.release_pk is not None
        out[o.source] = o.release_pk
    return out


def _suggest(db_path: Path, ref: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    assert main(["suggest", "--db", str(db_path), "--release", ref, "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_release_by_file_name_key_or_prid(  # type: ignore[no-untyped-def]
    db, db_path: Path, raw_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pks = _import(db, raw_dir / "txt_1611211.txt", raw_dir / "txt_1583904.txt")
    db.dispose()
    scraper = pks["txt_1611211.txt"]
    # the scraper copy ("Telephone Conversation between PM and the President of United
    # States of America", 04 APR 2020) has no Release ID: found by its file name
    items = _suggest(db_path, "txt_1611211.txt", capsys)
    assert ("PM", "Narendra Modi") in [(i["text"], i["entity"]) for i in items]
    assert _suggest(db_path, f"#{scraper}", capsys) == items
    assert _suggest(db_path, str(raw_dir / "txt_1611211.txt"), capsys) == items  # a path
    # a Release ID still works, and picks the other release
    founding = _suggest(db_path, "1583904", capsys)
    assert founding != items and any(i["text"] == "Raksha Mantri" for i in founding)
    assert _suggest(db_path, f"#{pks['txt_1583904.txt']}", capsys) == founding

    # txt_<PRID>.txt: the file name gives the Release ID the scraper dropped (before,
    # this test expected "no release with Release ID 1611211")
    assert _suggest(db_path, "1611211", capsys) == items
    for bad, says in (
        ("1628325", "no release with Release ID 1628325"),
        ("#9999", "no release #9999"),
        ("#x", "#N (digits)"),
        ("txt_0000000.txt", "no release imported from a file named 'txt_0000000.txt'"),
    ):
        assert main(["suggest", "--db", str(db_path), "--release", bad, "--json"]) == 2
        assert says in capsys.readouterr().err, bad


def test_a_file_name_shared_by_two_releases_asks_for_the_key(  # type: ignore[no-untyped-def]
    db, db_path: Path, raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a translation copy (txt_<PRID>_<lang>.txt) has no Release ID, so a second copy
    # with other text is a second release (this test used txt_1611211.txt, which now
    # takes its Release ID from its name and so becomes a revision of one release)
    name = "txt_1628325_hi.txt"
    first = _import(db, raw_dir / name)[name]
    other = tmp_path / "later"
    other.mkdir()
    copy = other / name
    shutil.copyfile(raw_dir / name, copy)
    with copy.open("a", encoding="utf-8") as f:
        f.write("\nA corrected copy saved later.\n")
    second = _import(db, copy)[name]
    db.dispose()
    assert first != second
    assert main(["suggest", "--db", str(db_path), "--release", name]) == 2
    err = capsys.readouterr().err
    assert f"#{first}" in err and f"#{second}" in err and "--release #N" in err
    assert main(["suggest", "--db", str(db_path), "--release", f"#{second}"]) == 0
