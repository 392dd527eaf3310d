"""``pibdesk --self-test`` from the source install (subprocess), and the frozen build's
when ``dist/pibdesk/pibdesk`` exists (``scripts/build_app.sh`` makes it; CI does not)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FROZEN = REPO / "dist" / "pibdesk" / "pibdesk"
CHECKS = (
    "qt",
    "resources",
    "database",
    "import",
    "annotate",
    "main window",
    "timeline",
    "export jsonl",
    "export uima xmi",
    "first run",
)


def _run(cmd: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),  # a profile of its own: the self-test must not need one
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(tmp_path),
    }
    return subprocess.run(
        cmd, capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path, check=False
    )


def _assert_passed(proc: subprocess.CompletedProcess[str], tmp_path: Path) -> None:
    out = proc.stdout
    assert proc.returncode == 0, out + proc.stderr
    lines = out.splitlines()
    for name in CHECKS:
        assert any(line.startswith(f"ok   {name}: ") for line in lines), (name, out)
    assert lines[-1] == f"self-test passed: {len(CHECKS)} checks"
    assert "3 highlights" in out and "3 annotations round-trip exactly" in out
    # it cleaned up after itself and wrote no settings into the profile
    assert not list(tmp_path.glob("pibdesk-selftest-*"))
    assert not (tmp_path / ".config" / "pibdesk").exists()


def test_self_test_from_source(tmp_path: Path) -> None:
    proc = _run([sys.executable, "-m", "pibdesk", "--self-test"], tmp_path)
    _assert_passed(proc, tmp_path)
    assert "(source, " in proc.stdout


@pytest.mark.skipif(not FROZEN.exists(), reason="no frozen build (run scripts/build_app.sh)")
def test_self_test_frozen(tmp_path: Path) -> None:
    proc = _run([str(FROZEN), "--self-test"], tmp_path)
    _assert_passed(proc, tmp_path)
    assert "(frozen, " in proc.stdout


def test_self_test_reports_a_failure(tmp_path: Path) -> None:
    """A broken build must fail loudly: with the samples missing, exit 1 and say what."""
    code = (
        "import sys, pathlib; import pibdesk.config as c;"
        f"c.samples_dir = lambda: pathlib.Path({str(tmp_path / 'nowhere')!r});"
        "from pibdesk.selftest import run_self_test; sys.exit(run_self_test())"
    )
    proc = _run([sys.executable, "-c", code], tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "FAIL resources: SelfTestFailed:" in proc.stdout
    assert "txt_1583904.txt: bundled sample missing" in proc.stdout
    assert "skip timeline" in proc.stdout
    assert proc.stdout.splitlines()[-1].startswith("self-test FAILED after 1 passed")
