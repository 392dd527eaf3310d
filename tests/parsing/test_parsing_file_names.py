"""Release IDs and translation links from corpus file names (shared/corpus/SOURCES.md,
"Layout"): ``txt_<PRID>.txt`` is release PRID; ``txt_<PRID>_<lang>.txt`` is a translation
of English release PRID, with its own (unknown) PRID."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pibdesk.core.model import Translation
from pibdesk.parsing import parse_bytes, parse_file

_RAW = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "raw"
_TXT = sorted(p.name for p in _RAW.glob("txt_*.txt"))


@pytest.mark.parametrize("name", _TXT)
def test_every_text_file_gets_the_id_its_name_gives(raw_dir: Path, name: str) -> None:
    r = parse_file(raw_dir / name)
    m = re.fullmatch(r"txt_(\d+)(?:_([a-z]+))?\.txt", name)
    assert m, name
    prid, lang = int(m.group(1)), m.group(2)
    if name == "txt_1652914_hi.txt":  # carries its own (Hindi) PRID in its footer
        assert r.release_id == 1652914
        assert all(t.release_id is None for t in r.translations)
    elif lang is None:
        assert r.release_id == prid
    else:
        assert r.release_id is None  # the number is the English release's
        assert r.translations == (Translation("en", "English", prid),)
        assert r.language == ("mni" if lang == "mni" else lang)


def test_counts_of_the_corpus(raw_dir: Path) -> None:
    parsed = [parse_file(raw_dir / n) for n in _TXT]
    assert len(parsed) == 33
    assert sum(1 for r in parsed if r.release_id is not None) == 22 + 1  # English + 1652914
    assert sum(1 for r in parsed if r.release_id is None) == 10


def test_the_text_wins_over_the_name_and_other_names_give_nothing(raw_dir: Path) -> None:
    founding = (raw_dir / "txt_1583904.txt").read_bytes()
    # "(Release ID: 1583904)" in the text beats a misleading name
    assert parse_bytes(founding, "txt_1611211.txt").release_id == 1583904
    scraper = (raw_dir / "txt_1611211.txt").read_bytes()
    for other in (
        "1611211.txt",
        "copy of txt_1611211.txt",
        "txt_1611211.txt.bak",
        "txt_01611211.txt",
    ):
        r = parse_bytes(scraper, other)
        assert (r.release_id, r.translations) == (None, ()), other
    # a path as source: the name counts
    assert parse_bytes(scraper, "some/folder/txt_1611211.txt").release_id == 1611211
