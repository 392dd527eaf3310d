"""``pibdesk import`` interrupted by Ctrl+C: the report of what was committed is printed
(text and ``--json``), marked cancelled, exit status 130, only whole batches stored."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pibdesk.cli import main
from pibdesk.services import corpus as corpus_mod

from .helpers import integrity

#: Batch size during the test, and after how many handled files Ctrl+C "is pressed".
BATCH, STOP_AFTER = 10, 15


@pytest.fixture
def ctrl_c_after_15(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Wrap the import so its progress callback raises KeyboardInterrupt after
    ``STOP_AFTER`` releases, with batches of ``BATCH`` (the CLI's own callback still runs)."""
    real = corpus_mod.CorpusService.import_paths
    calls: list[int] = []

    def wrapped(
        self: Any, paths: Any, progress: Callable[..., None] | None = None, **kw: Any
    ) -> Any:
        def ctrl_c(done: int, total: int, source: str) -> None:
            if progress is not None:
                progress(done, total, source)
            calls.append(done)
            if done == STOP_AFTER:
                raise KeyboardInterrupt

        kw["batch_size"] = BATCH
        return real(self, paths, progress=ctrl_c, **kw)

    monkeypatch.setattr(corpus_mod.CorpusService, "import_paths", wrapped)
    return calls


def _releases(db_path: Path) -> list[str]:
    con = sqlite3.connect(db_path)
    try:
        return [r[0] for r in con.execute("select source from release order by id")]
    finally:
        con.close()


def test_ctrl_c_prints_the_json_report_and_exits_130(
    ctrl_c_after_15: list[int], db_path: Path, raw_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(raw_dir), "--db", str(db_path), "--json"]) == 130
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["cancelled"] is True
    # the first batch (10 files) was committed; the second, open at file 15, rolled back
    files = sorted(p.name for p in raw_dir.iterdir() if p.suffix in (".txt", ".html"))
    assert [o["source"] for o in report["outcomes"]] == files[:BATCH]
    stored = [f for f in files[:BATCH] if not f.startswith("listing_")]  # 2 listing pages fail
    assert (report["totals"]["imported"], report["totals"]["failed"]) == (BATCH - 2, 2)
    assert _releases(db_path) == stored
    assert ctrl_c_after_15[-1] == STOP_AFTER  # nothing ran after the interrupt
    assert err.strip().splitlines()[-1] == (
        "pibdesk: import interrupted; releases written before stay, none half-written"
    )
    assert integrity(db_path) == ("ok", "ok")


def test_ctrl_c_prints_the_text_report(
    ctrl_c_after_15: list[int], db_path: Path, raw_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(raw_dir), "--db", str(db_path)]) == 130
    lines = capsys.readouterr().out.strip().splitlines()
    files = sorted(p.name for p in raw_dir.iterdir() if p.suffix in (".txt", ".html"))
    assert len(lines) == BATCH + 1
    assert [line.split(maxsplit=2)[:2] for line in lines[:-1]] == [
        ["FAILED", f + ":"] if f.startswith("listing_") else ["imported", f] for f in files[:BATCH]
    ]
    assert lines[-1] == (
        f"total: {BATCH} releases, {BATCH - 2} imported, 0 already present, 0 revised, "
        "0 updated, 2 failed (cancelled)"
    )
