"""What the benchmarks share: the corpus's releases, the machine line, ratio lines.

* :func:`corpus_releases` / :func:`variants`: the shared corpus's releases (the PIB-Direct
  JSON Lines rows and the raw text/HTML files, parsed once) and N distinct releases made
  from them (own PRID, numbered title, an extra sentence), as :mod:`make_big_corpus` and
  ``bench_import`` use them.
* :func:`machine`: one line naming this machine (``nproc``, the CPU model from
  ``/proc/cpuinfo``, the load average from ``os.getloadavg``), printed with every result,
  since the machine is shared and the load changes the absolute times.
* :func:`ratio_line`: ``ours / floor`` against a goal, one line, "OK" or "OVER GOAL".
* :func:`add_db_arg` / :func:`big_db`: ``--db BIG.db``, a database made by
  ``benchmarks/make_big_corpus.py`` (default ``benchmarks/.data/big.db``, ignored by git).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # run from a checkout without installing

from pibdesk.core.errors import ParseError  # noqa: E402
from pibdesk.core.model import ParsedRelease  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
#: Where ``make_big_corpus.py`` writes by default (``benchmarks/.data/`` is in .gitignore).
DEFAULT_BIG_DB = REPO / "benchmarks" / ".data" / "big.db"


def corpus_releases() -> list[ParsedRelease]:
    """The shared corpus's releases that parse, in a fixed order (dataset rows, then raw files)."""
    from pibdesk.parsing import iter_release_files, parse_file
    from pibdesk.parsing.datasets import read_jsonl

    out = [
        r
        for r in read_jsonl(CORPUS / "datasets" / "pib_direct_2026_articles.jsonl")
        if not isinstance(r, ParseError)
    ]
    for f in iter_release_files(CORPUS / "raw"):
        try:
            out.append(parse_file(f))
        except ParseError:
            pass
    return out


def variant(b: ParsedRelease, i: int, prid_base: int = 50_000_000) -> ParsedRelease:
    """Release number ``i`` made from ``b``: PRID ``prid_base + i``, own title and text."""
    return replace(
        b,
        release_id=prid_base + i,
        title=f"{b.title} ({i})",
        text=f"{b.title} ({i})\n{b.text}\n\nVariant sentence number {i}.",
        visitor_count=(b.visitor_count or 0) + i,
        source=f"variant_{i}",
    )


def variants(base: list[ParsedRelease], n: int, prid_base: int = 50_000_000) -> list[ParsedRelease]:
    """``n`` distinct releases made from ``base`` (cycling through it)."""
    return [variant(base[i % len(base)], i, prid_base) for i in range(n)]


def cpu_model() -> str:
    """The CPU model named in ``/proc/cpuinfo`` (else :func:`platform.processor`)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def load() -> str:
    """The 1/5/15-minute load averages, as ``uptime`` prints them."""
    try:
        return "load {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg())
    except OSError:
        return "load unknown"


def machine() -> str:
    """``nproc``, CPU model, load and the UTC time: the line printed with every result."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"machine: {os.cpu_count()} cores, {cpu_model()}, {load()}, {now}"


def ratio_line(name: str, ours: float, floor: float, goal: float) -> str:
    """``name: ours / floor = R x (goal <= G x) OK|OVER GOAL``; times in seconds."""
    r = ours / floor if floor > 0 else float("inf")
    verdict = "OK" if r <= goal else "OVER GOAL"
    return (
        f"RATIO {name}: {r:.2f}x (goal <= {goal:g}x) {verdict}"
        f"  [ours {ours * 1000:.1f} ms, floor {floor * 1000:.1f} ms]"
    )


def add_db_arg(ap: argparse.ArgumentParser, required: bool = False) -> None:
    """Add ``--db BIG.db`` (a database written by ``make_big_corpus.py``)."""
    ap.add_argument(
        "--db",
        type=Path,
        default=None,
        required=required,
        help=f"a database made by benchmarks/make_big_corpus.py (e.g. {DEFAULT_BIG_DB})",
    )


def big_db(path: Path) -> Path:
    """``path`` if it is a generated database, else exit with how to make one."""
    if not path.exists():
        raise SystemExit(
            f"{path}: no such database; make it with "
            f".venv/bin/python benchmarks/make_big_corpus.py --out {path}"
        )
    return path


class Stopwatch:
    """``with Stopwatch() as w: ...`` then ``w.s``: wall seconds of the block."""

    def __enter__(self) -> Stopwatch:
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.s = time.perf_counter() - self.t0
