"""``pibdesk parse FILE --json`` on the founding example and on files that are not one
release: exit 2 and one stderr line naming the file, never a traceback."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from pibdesk.cli import main

#: name -> (make the file in tmp_path from the corpus, words the error must hold)
_BAD: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "empty": (lambda c, t: _write(t / "empty.txt", b""), "empty file"),
    "binary": (
        lambda c, t: _write(
            t / "release.txt", gzip.compress((c / "raw" / "txt_1583904.txt").read_bytes())
        ),
        "binary file",
    ),
    "truncated-html": (
        lambda c, t: _write(
            t / "html_2296750.html", (c / "raw" / "html_2296750.html").read_bytes()[:40_000]
        ),
        "truncated HTML page",
    ),
    "listing-page": (lambda c, t: c / "raw" / "listing_allrel_page.html", "not a PIB release page"),
    "dataset-csv": (
        lambda c, t: c / "datasets" / "aswinpradeep_pib_metadata_2020_sep.csv",
        "pibdesk import",
    ),
    "dataset-jsonl": (
        lambda c, t: c / "datasets" / "pib_direct_2026_articles.jsonl",
        "pibdesk import",
    ),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_founding_example_json(raw_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(raw_dir / "txt_1583904.txt"), "--json"]) == 0
    out, err = capsys.readouterr()
    d = json.loads(out)
    assert err == ""
    assert (d["release_id"], d["posted_at"], d["visitor_count"]) == (
        1583904,
        "2019-09-02T19:22:00+05:30",
        744,
    )
    assert d["title"].startswith("Raksha Mantri Shri Rajnath Singh co-chairs")


@pytest.mark.parametrize("kind", list(_BAD))
def test_not_one_release_exits_2_with_one_line(
    kind: str, corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, words = _BAD[kind]
    path = make(corpus_dir, tmp_path)
    assert main(["parse", str(path), "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, err
    assert lines[0].startswith(f"pibdesk: {path.name}: ")
    assert words in lines[0]
    assert "Traceback" not in err
