"""Fuzzing the multi-release dataset readers (issue 8 §5), with a bounded budget.

Real rows of the two corpus datasets are mutated (cut, spliced with random bytes and
with CSV/JSON pieces, numbers replaced) and read to the end. A reader may yield a
release or a :class:`ParseError` per row, or raise a ``ParseError`` for a file it cannot
open; nothing else may escape. The number of inputs is printed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pibdesk.core.errors import ParseError
from pibdesk.core.model import ParsedRelease
from pibdesk.parsing.datasets import read_jsonl, read_metadata_csv

MAX_EXAMPLES = int(os.environ.get("PIBDESK_FUZZ_EXAMPLES", "60"))

READERS = {
    "pib_direct_2026_articles.jsonl": read_jsonl,
    "aswinpradeep_pib_metadata_2020_sep.csv": read_metadata_csv,
}
_PIECES = [b'"', b",", b"\n", b"\r", b"\x00", b"\xff", b"{", b"}", b"null", b'"prid": "x"',
           b'"prid": -5', b'"title": 7', b'"release_datetime": "2026-13-45T99:99:99"',
           b"99999999999999999999999", b"NA", b"31 FEB 2020 13:61PM by", "ৰ".encode(),
           b'"ministry": {"name": [1]}', b'"body_text": {}', b"\xed\xa0\x80"]


@pytest.mark.parametrize("name", sorted(READERS))
def test_dataset_reader_survives_fuzzing(
    name: str, corpus_dir: Path, tmp_path: Path, say: Any
) -> None:
    lines = (corpus_dir / "datasets" / name).read_bytes().splitlines(keepends=True)[:12]
    seed = b"".join(lines)
    read = READERS[name]
    counts = {"inputs": 0, "releases": 0, "row errors": 0, "file errors": 0}

    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        counts["inputs"] += 1
        raw = seed
        for _ in range(data.draw(st.integers(1, 4))):
            at = data.draw(st.integers(0, len(raw)))
            cut = data.draw(st.integers(at, min(len(raw), at + 80)))
            piece = data.draw(st.one_of(st.sampled_from(_PIECES), st.binary(max_size=12)))
            raw = raw[:at] + piece + raw[cut:]
        f = tmp_path / name
        f.write_bytes(raw)
        try:
            for item in read(f):
                if isinstance(item, ParsedRelease):
                    counts["releases"] += 1
                    assert item.title.strip()
                else:
                    assert isinstance(item, ParseError) and str(item).startswith(name)
                    counts["row errors"] += 1
        except ParseError as e:
            counts["file errors"] += 1
            assert name in str(e)

    run()
    say(f"fuzz dataset {name}: {counts['inputs']} inputs, {counts['releases']} releases, "
        f"{counts['row errors']} bad rows reported, {counts['file errors']} files refused")
    assert counts["releases"] > 0 and counts["row errors"] > 0
