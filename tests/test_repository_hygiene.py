"""The checkout itself: no merge left half-done.

A merge conflict resolved by committing the file as it stood once left README.md with
``<<<<<<<`` / ``=======`` / ``>>>>>>>`` lines on main (stop 17); nothing else noticed,
since Markdown renders them as text. This test reads every tracked text file.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: git's conflict markers, each alone at the start of a line (git-merge(1), "HOW CONFLICTS
#: ARE PRESENTED"); ``=======`` counts only as a whole line, since Markdown and reST use
#: longer runs of ``=`` as underlines.
MARKER = re.compile(r"^(<{7} |>{7} |={7}$|\|{7} )", re.M)
TEXT_SUFFIXES = {".py", ".md", ".toml", ".cfg", ".ini", ".sql", ".spec", ".sh", ".txt", ".mako"}


def _tracked_files() -> list[Path]:
    """Tracked files (``git ls-files``), else every file outside ``.venv``/``.git``."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout.decode()
        names = [n for n in out.split("\0") if n]
    except (OSError, subprocess.CalledProcessError):
        names = [
            str(p.relative_to(ROOT))
            for p in ROOT.rglob("*")
            if p.is_file() and not ({".venv", ".git"} & set(p.relative_to(ROOT).parts))
        ]
    return [ROOT / n for n in names]


def test_marker_pattern_finds_a_real_conflict() -> None:
    sample = "intro\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> main\n"
    assert [m.group(0).strip() for m in MARKER.finditer(sample)] == [
        "<<<<<<<",
        "=======",
        ">>>>>>>",
    ]
    # a reST/Markdown underline of more than seven '=' is not a marker
    assert MARKER.search("Title\n==========\n") is None


def test_no_tracked_text_file_holds_conflict_markers() -> None:
    files = [
        p
        for p in _tracked_files()
        if p.is_file() and (p.suffix in TEXT_SUFFIXES or p.name in {"run", "pibdesk.spec"})
    ]
    assert any(p.name == "README.md" for p in files)
    bad = []
    for p in files:
        text = p.read_text(encoding="utf-8", errors="replace")
        for m in MARKER.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            bad.append(f"{p.relative_to(ROOT)}:{line}: {m.group(0).strip()}")
    assert not bad, "unresolved merge conflict markers:\n" + "\n".join(bad)


def test_no_tracked_symlink_or_local_environment() -> None:
    """A committed ``.venv`` symlink (stop 20) pointed at a worktree CI does not have, so
    ``python3 -m venv .venv`` in ``.ci/run`` failed with "File exists" before any test ran.
    Git records a symlink with mode 120000 (git-ls-files(1), ``--stage``)."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-s", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return  # not a git checkout (an sdist): nothing is tracked
    entries = [e for e in out.split("\0") if e]
    assert entries, "git ls-files listed nothing"
    links = [e.split("\t", 1)[1] for e in entries if e.startswith("120000 ")]
    assert links == [], f"tracked symlinks: {links}"
    names = {e.split("\t", 1)[1].split("/", 1)[0] for e in entries}
    assert not names & {".venv", "venv", ".mypy_cache", ".pytest_cache"}, names
