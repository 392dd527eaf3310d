"""Where ``--db`` and file arguments may go on the ``pibdesk`` command line."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest

from pibdesk.cli import _route_files_to_gui, build_parser, cmd_gui, main
from pibdesk.storage.db import Database

REPO = Path(__file__).resolve().parents[2]


def test_db_before_the_command_is_the_one_used(
    annotated_db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    decoy = tmp_path / "decoy.db"  # $PIBDESK_DB: what a lost --db would silently use
    monkeypatch.setenv("PIBDESK_DB", str(decoy))
    out = tmp_path / "all.jsonl"
    assert main(["--db", str(annotated_db.path), "export", "-o", str(out)]) == 0
    assert "wrote 35 releases, 9 annotations to" in capsys.readouterr().err
    assert not decoy.exists()
    # after the command still works, and wins over the one before
    assert main(["--db", str(decoy), "export", "--db", str(annotated_db.path), "-o", str(out)]) == 0
    assert "9 annotations" in capsys.readouterr().err
    assert not decoy.exists()


def test_the_desktop_entry_and_bare_files_open_the_gui(tmp_path: Path) -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(REPO / "resources" / "pibdesk.desktop", encoding="utf-8")
    exec_line = entry["Desktop Entry"]["Exec"]
    files = [str(tmp_path / "a release.txt"), str(tmp_path / "b.html")]
    words = shlex.split(exec_line.replace("%F", " ".join(shlex.quote(f) for f in files)))
    assert words[0] == "pibdesk"
    parser = build_parser()
    commands = {"gui", "export", "import", "parse"}
    for argv in (words[1:], files, ["--db", "x.db", *files], ["--demo", "gui"]):
        args = parser.parse_args(_route_files_to_gui(list(argv), commands))
        assert args.func is cmd_gui, argv
    args = parser.parse_args(_route_files_to_gui(["--db", "x.db", *files], commands))
    assert (args.db, args.files) == ("x.db", files)
    assert parser.parse_args(["--demo", "gui"]).demo is True  # kept before "gui"
    assert _route_files_to_gui(["export", "-o", "x"], commands) == ["export", "-o", "x"]
