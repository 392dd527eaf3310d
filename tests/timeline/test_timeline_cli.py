"""``pibdesk timeline``: PNG, SVG and CSV files from the command line, headless."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from timeline_data import EXPECTED_MODI_DAY, EXPECTED_MODI_WEEK, TimelineFixture

from pibdesk.cli import main


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    # a fresh interpreter, as a user runs it: no QApplication yet, no display
    env = {k: v for k, v in __import__("os").environ.items() if k != "QT_QPA_PLATFORM"}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-m", "pibdesk", "timeline", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_cli_writes_png_svg_csv(tl: TimelineFixture, tmp_path: Path) -> None:
    db = tl.db.url
    png, svg, csv_path = tmp_path / "t.png", tmp_path / "t.svg", tmp_path / "t.csv"
    r = _run(
        "--db",
        db,
        "--entity",
        "Narendra Modi",
        "--label",
        "Statement",
        "--bucket",
        "week",
        "-o",
        str(png),
    )
    assert r.returncode == 0, r.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    img = QImage(str(png))
    assert img.width() == 1600 and img.height() > 500
    r = _run("--db", db, "--entity", "narendra modi", "--mode", "events", "-o", str(svg))
    assert r.returncode == 0, r.stderr
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert "Narendra Modi" in text and "posted date (IST)" in text
    r = _run("--db", db, "--entity", "Narendra Modi", "--bucket", "day", "-o", str(csv_path))
    assert r.returncode == 0, r.stderr
    with csv_path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    got = [
        (r["bucket_start"], int(r["value"]), int(r["annotations"]), int(r["releases_in_bucket"]))
        for r in rows
    ]
    assert [g for g in got if g[3]] == EXPECTED_MODI_DAY  # days without releases: zeros
    assert ("2019-09-05", 0, 0, 0) in got
    assert {r["series"] for r in rows} == {"Narendra Modi"}


def test_cli_csv_in_process_and_errors(tl: TimelineFixture, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "w.csv"
    assert (
        main(
            [
                "timeline",
                "--db",
                tl.db.url,
                "--entity",
                "Narendra Modi",
                "--bucket",
                "week",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [(r["bucket_start"], int(r["count"])) for r in rows if int(r["releases_in_bucket"])] == [
        (e[0], e[1]) for e in EXPECTED_MODI_WEEK
    ]
    # the weeks between are there with zeros (a gap in coverage, not a gap in engagement)
    assert ("2019-09-16", "0", "0") in [
        (r["bucket_start"], r["count"], r["releases_in_bucket"]) for r in rows
    ]
    # normalised: the share of releases imported in the week
    assert (
        main(
            [
                "timeline",
                "--db",
                tl.db.url,
                "--entity",
                "Narendra Modi",
                "--bucket",
                "week",
                "--normalise",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [float(r["value"]) for r in rows if int(r["releases_in_bucket"])] == [
        0.0,
        1.0,
        0.0,
        1.0,
    ]
    # a period in IST days
    assert (
        main(
            [
                "timeline",
                "--db",
                tl.db.url,
                "--entity",
                "Narendra Modi",
                "--bucket",
                "day",
                "--from",
                "2019-09-03",
                "--to",
                "2019-09-08",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [(r["bucket_start"], r["count"]) for r in rows] == [
        ("2019-09-03", "1"),
        ("2019-09-04", "0"),
        ("2019-09-05", "0"),
        ("2019-09-06", "0"),
        ("2019-09-07", "0"),
        ("2019-09-08", "1"),
    ]
    capsys.readouterr()
    assert main(["timeline", "--db", tl.db.url, "--entity", "Nobody", "-o", str(out)]) == 2
    assert "no entity named 'Nobody'" in capsys.readouterr().err
    assert (
        main(["timeline", "--db", tl.db.url, "--label", "Person", "-o", str(tmp_path / "x.pdf")])
        == 2
    )
    assert "x.pdf" in capsys.readouterr().err
