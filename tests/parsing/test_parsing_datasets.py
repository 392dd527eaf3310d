"""Dataset readers: PIB-Direct JSON Lines and the aswinpradeep metadata CSV."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from pibdesk.core.errors import ParseError
from pibdesk.core.model import IST, ParsedRelease
from pibdesk.parsing import parse_file
from pibdesk.parsing.datasets import read_jsonl, read_metadata_csv

JSONL = "pib_direct_2026_articles.jsonl"
CSV = "aswinpradeep_pib_metadata_2020_sep.csv"


@pytest.fixture(scope="module")
def jsonl_rows(datasets_dir: Path) -> list[ParsedRelease]:
    return _releases(list(read_jsonl(datasets_dir / JSONL)))


@pytest.fixture(scope="module")
def csv_rows(datasets_dir: Path) -> list[ParsedRelease]:
    return _releases(list(read_metadata_csv(datasets_dir / CSV)))


def _releases(items: list[ParsedRelease | ParseError]) -> list[ParsedRelease]:
    assert all(isinstance(x, ParsedRelease) for x in items), [
        x for x in items if isinstance(x, ParseError)
    ][:3]
    return [x for x in items if isinstance(x, ParsedRelease)]


# ----------------------------------------------------------------------------- JSON Lines
def test_jsonl_all_rows(jsonl_rows: list[ParsedRelease]) -> None:
    rows = jsonl_rows
    assert len(rows) == 563
    assert len({r.release_id for r in rows}) == 563
    assert all(r.bureau == "PIB Delhi" and r.language == "en" for r in rows)
    assert all(
        r.posted_at is not None and r.posted_at.utcoffset() == IST.utcoffset(None) for r in rows
    )
    assert all(r.text.startswith(r.title) and r.has_text for r in rows)
    assert sum(1 for r in rows if r.subtitles) == 206  # datasets/README.md
    # sign-offs found in all but 29 rows (those end without a separator, e.g. "JP")
    assert sum(1 for r in rows if r.sign_off is None) == 29
    assert Counter(r.sign_off for r in rows)["M Annadurai"] == 7
    assert not any(r.text.endswith(("*****", "\n***")) for r in rows)
    assert rows[0].source == f"{JSONL}:1" and rows[0].release_id == 2296724
    assert rows[-1].source == f"{JSONL}:563" and rows[-1].release_id == 2302085


def test_jsonl_row_fields(jsonl_rows: list[ParsedRelease], raw_dir: Path) -> None:
    rows = jsonl_rows
    r = next(x for x in rows if x.release_id == 2296750)
    assert r.source == f"{JSONL}:5"
    assert r.ministry == "Vice President's Secretariat"
    assert r.title == (
        "Vice-President Shri C. P. Radhakrishnan launches ‘Har Ghar Tiranga Abhiyan’ in"
        " Andaman & Nicobar Islands"
    )
    assert (
        len(r.subtitles) == 4
        and r.subtitles[1] == "“Bharat is one and will always remain one”: Vice-President"
    )
    # release_datetime "2026-08-09T12:45:00" has no offset: it is the IST time the page
    # prints ("09 AUG 2026 12:45PM"), as the saved page of the same release shows
    assert r.posted_at == datetime(2026, 8, 9, 12, 45, tzinfo=IST)
    page = parse_file(raw_dir / "html_2296750.html")
    assert (page.posted_at, page.title, page.subtitles, page.ministry) == (
        r.posted_at,
        r.title,
        r.subtitles,
        r.ministry,
    )
    assert r.bureau == "PIB Delhi"
    assert r.sign_off == "PR/ASM/VMJ"
    assert "*****" not in r.text and "PR/ASM/VMJ" not in r.text
    assert r.text.startswith(
        "\n".join((r.title, *r.subtitles))
        + "\n\nVice-President Shri C. P. Radhakrishnan today inaugurated the ‘Har Ghar Tiranga Abhiyan’"
    )
    assert (
        "On Quit India… pic.twitter.com/vA8x5wLNzW — Vice-President of India (@VPIndia) August 9, 2026"
        in r.text
    )
    assert r.text.endswith("Shri P. Ummer, among other dignitaries.")
    assert r.text.count("\n\n") == 5

    first = rows[0]
    assert (first.ministry, first.subtitles, first.posted_at) == (
        "PIB Backgrounder",
        (),
        datetime(2026, 8, 9, 9, 56, tzinfo=IST),
    )
    assert first.title == "Centralised Public Grievance Redress and Monitoring System (CPGRAMS)"


def test_jsonl_bad_rows(tmp_path: Path, datasets_dir: Path) -> None:
    good = (datasets_dir / JSONL).read_text(encoding="utf-8").split("\n")[0]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        "\n".join(
            [
                good,
                "this is not json",
                "",
                '{"prid": "12x", "title": "T"}',
                '["a list"]',
                '{"prid": 5, "title": "   "}',
                '{"prid": 6, "title": "Fine", "release_datetime": "yesterday"}',
                good,
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = list(read_jsonl(bad))
    assert [type(x).__name__ for x in out] == ["ParsedRelease"] + ["ParseError"] * 5 + [
        "ParsedRelease"
    ]
    errors = [x for x in out if isinstance(x, ParseError)]
    assert [e.source for e in errors] == [
        "bad.jsonl:2",
        "bad.jsonl:4",
        "bad.jsonl:5",
        "bad.jsonl:6",
        "bad.jsonl:7",
    ]
    assert str(errors[0]).startswith("bad.jsonl:2: not a JSON object")
    assert "prid" in errors[1].problem and "title" in errors[3].problem
    assert isinstance(out[-1], ParsedRelease) and out[-1].source == "bad.jsonl:8"


# ----------------------------------------------------------------------------- CSV
def test_csv_all_rows(csv_rows: list[ParsedRelease]) -> None:
    rows = csv_rows
    assert len(rows) == 3800
    assert all(not r.has_text and r.text == "" for r in rows)
    assert all(r.posted_at is not None and r.bureau and r.bureau.startswith("PIB ") for r in rows)
    assert all(r.title and "\n" not in r.title for r in rows)
    assert (rows[0].release_id, rows[-1].release_id) == (1653268, 1657098)
    bureaus = Counter(r.bureau for r in rows)
    assert len(bureaus) == 12 and bureaus["PIB Delhi"] == 1176 and bureaus["PIB Imphal"] == 307
    languages = Counter(r.language for r in rows)
    assert set(languages) == {
        "en",
        "hi",
        "ur",
        "pa",
        "ta",
        "te",
        "kn",
        "ml",
        "mr",
        "gu",
        "or",
        "bn",
        "as",
        "mni",
    }
    assert languages["mni"] == 307  # every Bengali-script title from PIB Imphal


def test_csv_row_fields(csv_rows: list[ParsedRelease]) -> None:
    rows = csv_rows
    imphal = rows[0]  # "11 SEP 2020 11:50AM by PIB Imphal", language column "NA"
    assert imphal.source == f"{CSV}:1"
    assert imphal.release_id == 1653268
    assert imphal.bureau == "PIB Imphal"
    assert imphal.posted_at == datetime(2020, 9, 11, 11, 50, tzinfo=IST)
    assert imphal.language == "mni"
    assert imphal.title == "কোবিদ-১৯গী অপদেৎ" and len(imphal.subtitles) == 1  # title had a newline
    guwahati = rows[1]  # starts on line 3: row 1 spans two lines
    assert (guwahati.source, guwahati.release_id, guwahati.bureau, guwahati.language) == (
        f"{CSV}:3",
        1653269,
        "PIB Guwahati",
        "as",
    )
    delhi = rows[2]
    assert delhi.release_id == 1653270 and delhi.language == "en" and delhi.bureau == "PIB Delhi"
    assert delhi.posted_at == datetime(2020, 9, 11, 13, 27, tzinfo=IST)
    assert (
        delhi.title
        == "NFL produces 16.11 lakh tonne of urea recording 13% growth in April-Aug 2020-2021"
    )
    assert delhi.subtitles == ("Reports jump in fertilizer sales and production",)
    chennai = rows[-1]
    assert chennai.source == f"{CSV}:4770"
    assert (chennai.bureau, chennai.language) == ("PIB Chennai", "ta")
    assert chennai.posted_at == datetime(2020, 9, 20, 17, 18, tzinfo=IST)
    vp = next(r for r in rows if r.release_id == 1653272)  # glued h3 sub-headings split
    assert vp.subtitles[:2] == (
        "Says the need for imbibing right values among the youth is even more intense in this information age",
        "A nation’s destiny is shaped by its youth – Vice President",
    )


def test_csv_bad_rows(tmp_path: Path, datasets_dir: Path) -> None:
    lines = (datasets_dir / CSV).read_text(encoding="utf-8").split("\n")
    good_multiline = "\n".join(lines[0:2])  # PRID 1653268, title over two lines
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "\n".join(
            [
                good_multiline,
                "garbage,row",
                "x1653270,https://x,1,11 SEP 2020 1:27PM by PIB Delhi,en,Title",
                "1653271,https://x,1,no date here,en,Title",
                "1653272,https://x,1,11 SEP 2020 1:27PM by PIB Delhi,en,",
                lines[4],  # PRID 1653270
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = list(read_metadata_csv(bad))
    assert [type(x).__name__ for x in out] == ["ParsedRelease"] + ["ParseError"] * 4 + [
        "ParsedRelease"
    ]
    errors = [x for x in out if isinstance(x, ParseError)]
    assert [e.source for e in errors] == ["bad.csv:3", "bad.csv:4", "bad.csv:5", "bad.csv:6"]
    assert str(errors[0]) == "bad.csv:3: bad row: expected 6 columns, found 2"
    assert "PRID" in errors[1].problem or "prid" in errors[1].problem
    assert "date" in errors[2].problem and "title" in errors[3].problem
    last = out[-1]
    assert (
        isinstance(last, ParsedRelease)
        and last.release_id == 1653270
        and last.source == "bad.csv:7"
    )


def test_csv_undecodable_row(tmp_path: Path) -> None:
    bad = tmp_path / "latin.csv"
    bad.write_bytes(
        b"1,https://x,1,11 SEP 2020 1:27PM by PIB Delhi,en,Caf\xe9\n"
        b"2,https://x,1,11 SEP 2020 1:28PM by PIB Delhi,en,Fine\n"
    )
    out = list(read_metadata_csv(bad))
    assert isinstance(out[0], ParseError) and out[0].source == "latin.csv:1"
    assert isinstance(out[1], ParsedRelease) and out[1].title == "Fine"
