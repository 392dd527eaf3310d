"""Coverage-guided fuzzing in CI (issue 16): a bounded atheris run (about 60 s of
fuzzing in all, two targets at a time) of the release parser (text and HTML) and of every
import-annotations format, each seeded with real files from ``../shared`` (corpus
releases, the peer tools' own annotation files, the W3C spec examples) that libFuzzer
then mutates. Any exception other than :class:`pibdesk.core.errors.PibdeskError` is a
finding: the target stops, libFuzzer writes the input to ``crash-*`` and this test fails
naming it (copy it into a regression test). The number of inputs per target is printed.

atheris is in the ``test`` extra (Linux wheels); without it the test fails when
``PIBDESK_REQUIRE_FUZZ=1`` (set by ``.ci/run``) and is skipped otherwise.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "fuzz_atheris.py"

#: target -> (seconds of fuzzing, seed globs under ../shared)
TARGETS: dict[str, tuple[int, tuple[str, ...]]] = {
    "parse": (16, ("corpus/raw/txt_1583904.txt", "corpus/raw/txt_1628325_hi.txt",
                   "corpus/raw/txt_1652914_hi.txt", "corpus/raw/html_2296750.html")),
    "jsonl": (6, ()),
    "brat": (6, ("peer-samples/brat/*/*.ann",)),
    "doccano": (6, ("peer-samples/doccano/*.jsonl",)),
    "labelstudio": (6, ("peer-samples/labelstudio/*.json",)),
    "conll": (6, ("peer-samples/conll2003/*",)),
    "w3c": (6, ("specs/w3c-annotation/examples/correct/*.json",)),
    "xmi": (6, ("peer-samples/uima-xmi/*.xmi",)),
}


def _have_atheris() -> bool:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


def _run(target: str, seconds: int, seeds: list[Path], work: Path) -> tuple[str, int, str]:
    corpus = work / target / "corpus"
    corpus.mkdir(parents=True)
    for s in seeds:
        shutil.copy(s, corpus / s.name)
    art = work / target
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), target, str(corpus),
         f"-max_total_time={seconds}", f"-artifact_prefix={art}/", "-timeout=20",
         "-rss_limit_mb=3072", "-max_len=200000", "-print_final_stats=0"],
        cwd=work, capture_output=True, text=True, timeout=seconds + 240,
    )
    return target, proc.returncode, proc.stdout + proc.stderr


@pytest.mark.slow
def test_bounded_atheris_run_finds_no_uncaught_exception(
    tmp_path: Path, shared_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not _have_atheris():
        if os.environ.get("PIBDESK_REQUIRE_FUZZ") == "1":
            pytest.fail("atheris is not installed (pip install -e '.[test]' on Linux)")
        pytest.skip("atheris is not installed")
    jobs = []
    for target, (seconds, globs) in TARGETS.items():
        seeds = sorted({p for g in globs for p in shared_dir.glob(g) if p.is_file()})
        assert seeds or not globs, f"no seed files for {target} in {shared_dir}"
        jobs.append((target, seconds, seeds))
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda j: _run(*j, tmp_path), jobs))
    lines = []
    for target, rc, out in results:
        crashes = sorted((tmp_path / target).glob("crash-*")) + sorted(
            (tmp_path / target).glob("timeout-*")
        )
        # libFuzzer's own count (it leaves through _exit at -max_total_time, so the
        # script's atexit line is not printed then)
        tried = re.search(r"Done (\d+) runs", out)
        assert rc == 0 and not crashes, (
            f"atheris {target} found a problem (exit {rc}); input(s): "
            f"{[str(c) for c in crashes]}\n{out[-3000:]}"
        )
        assert tried is not None and int(tried.group(1)) > 100, out[-2000:]
        lines.append(f"{target} {tried.group(1)}")
    with capsys.disabled():  # the counts belong in the CI log
        print("\natheris (no finding): " + ", ".join(lines) + " inputs", flush=True)
