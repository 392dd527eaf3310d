"""Inputs that are not (whole) releases, and re-encodings that must not change a release.

Truncated HTML, decided behaviour (see pibdesk.parsing.html.parse_html):
* cut before ``#Titleh2``            -> ParseError "truncated HTML page: ... before the release title"
* cut after the title, inside the body (no ``#reel_pic``/``#ReleaseId``, no ``</html>``)
                                     -> ParseError "truncated HTML page: ... inside the release body"
  (storing a partial body as if it were the release would be silently wrong);
* cut after ``#reel_pic`` (body complete, footer lost) -> parses: same text, no visitor count.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pibdesk.core.errors import ParseError
from pibdesk.parsing import parse_bytes, parse_file


def _problem(data: bytes, source: str = "bad.txt") -> str:
    with pytest.raises(ParseError) as e:
        parse_bytes(data, source)
    assert e.value.source == source
    assert str(e.value) == f"{source}: {e.value.problem}"
    assert "\n" not in str(e.value)
    return e.value.problem


def test_empty_and_whitespace() -> None:
    assert _problem(b"") == "empty file (0 bytes)"
    assert _problem(b" \n\t\r\n  ") == "empty file (only whitespace)"
    assert _problem("\ufeff\n".encode()) == "empty file (only whitespace)"


def test_binary() -> None:
    rng = random.Random(1583904)
    assert _problem(rng.randbytes(4096)).startswith("binary file")
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    assert _problem(png).startswith("binary file")
    # no NUL, but control bytes everywhere
    assert _problem(bytes(range(1, 32)) * 20) == "binary file, not text (control bytes)"


def test_undecodable() -> None:
    # starts with a UTF-8 BOM but is not UTF-8
    assert _problem(b"\xef\xbb\xbfTitle \xff\xfe\xfd").startswith("cannot decode")
    # high bytes only: no encoding gives text
    assert _problem(bytes(range(0x80, 0x100)) * 4).startswith(("cannot decode", "binary file"))


def test_json_and_other_html_are_not_releases(raw_dir: Path) -> None:
    assert "JSON" in _problem(b'{"prid": 1, "title": "x"}\n')
    assert _problem(b"<html><body><p>Hello</p></body></html>", "page.html") == (
        "not a PIB release page (no #Titleh2 title)"
    )


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match=r"^missing\.txt: cannot read file"):
        parse_file(tmp_path / "missing.txt")
    with pytest.raises(ParseError, match="cannot read file"):
        parse_file(tmp_path)


# ----------------------------------------------------------------------------- truncated HTML
def test_html_cut_before_title(raw_dir: Path) -> None:
    data = (raw_dir / "html_2296750.html").read_bytes()
    cut = data.index(b'id="Titleh2"') - 200
    assert _problem(data[:cut], "half.html") == (
        "truncated HTML page: the file ends before the release title (#Titleh2)"
    )
    # the first half of the page also stops before the title of html_2296782
    data2 = (raw_dir / "html_2296782.html").read_bytes()
    assert _problem(data2[: len(data2) // 3], "third.html").startswith("truncated HTML page")


def test_html_cut_inside_body(raw_dir: Path) -> None:
    data = (raw_dir / "html_2296750.html").read_bytes()
    half = len(data) // 2
    assert data.index(b'id="Titleh2"') < half < data.index(b'id="reel_pic"')
    assert _problem(data[:half], "half.html") == (
        "truncated HTML page: the file ends inside the release body (no #reel_pic/#ReleaseId, no </html>)"
    )


def test_html_cut_after_body_end(raw_dir: Path) -> None:
    data = (raw_dir / "html_2296750.html").read_bytes()
    whole = parse_bytes(data, "p.html")
    cut = parse_bytes(data[: data.index(b'id="reel_pic"') + 40], "p.html")
    assert cut.text == whole.text and cut.release_id == 2296750
    assert cut.visitor_count is None and cut.translations == ()


# ----------------------------------------------------------------------------- re-encodings
_UNICODE = ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"]
_REENCODINGS = [
    *[
        (name, enc)
        for name in ("txt_1583904.txt", "txt_1652914_hi.txt", "html_2296750.html")
        for enc in _UNICODE
    ],
    # cp1252 holds the curly quotes and dashes of the English text files
    ("txt_1583904.txt", "cp1252"),
    ("txt_1629096.txt", "cp1252"),
    ("txt_1629043.txt", "cp1252"),
]


@pytest.mark.parametrize(("name", "encoding"), _REENCODINGS)
def test_reencoded_file_gives_same_release(raw_dir: Path, name: str, encoding: str) -> None:
    data = (raw_dir / name).read_bytes()
    other = data.decode("utf-8").encode(encoding)
    if encoding == "utf-16-be":
        other = b"\xfe\xff" + other  # with a BOM
    assert other != data
    assert parse_bytes(other, name) == parse_bytes(data, name)


def test_cp1252_curly_quotes_and_accents() -> None:
    text = "Café résumé — “naïve” à la carte\nPosted On: 02 SEP 2019 7:22PM by PIB Delhi\nSecond paragraph, déjà vu."
    r = parse_bytes(text.encode("cp1252"), "latin.txt")
    assert r.title == "Café résumé — “naïve” à la carte"
    assert r.text.endswith("Second paragraph, déjà vu.")
    # a <meta charset> is respected (bytes are windows-1252, the page says so)
    page = (
        '<html><head><meta charset="windows-1252"></head><body><div id="MinistryName">Ministry of Culture</div>'
        '<h2 id="Titleh2">Café “Kumbh”</h2><div id="PrDateTime">Posted On: 03 JAN 2020 1:01PM by PIB Delhi</div>'
        "<p>Sanskriti Kumbh à Prayagraj</p><div id='reel_pic'></div></body></html>"
    )
    r = parse_bytes(page.encode("cp1252"), "page.html")
    assert r.title == "Café “Kumbh”" and r.text == "Café “Kumbh”\n\nSanskriti Kumbh à Prayagraj"


def test_bomless_utf16_hindi(raw_dir: Path) -> None:
    data = (raw_dir / "txt_1628325_hi.txt").read_bytes()
    ref = parse_bytes(data, "x.txt")
    assert parse_bytes(data.decode().encode("utf-16-le"), "x.txt") == ref


@pytest.mark.parametrize("name", ["txt_1583904.txt", "txt_1628325.txt", "html_2296782.html"])
def test_crlf_and_cr_give_identical_text(raw_dir: Path, name: str) -> None:
    data = (raw_dir / name).read_bytes()
    ref = parse_bytes(data, name)
    assert parse_bytes(data.replace(b"\n", b"\r\n"), name) == ref
    assert parse_bytes(data.replace(b"\n", b"\r"), name) == ref
    assert parse_bytes(b"\xef\xbb\xbf" + data, name) == ref


def test_posted_on_split_over_two_lines() -> None:
    """A browser copy of #PrDateTime puts the label and the date on separate lines."""
    text = (
        "Ministry of Defence\n\nTitle of the release\n\nPosted On:\n      09 AUG 2026 3:21PM by PIB Delhi\n\n"
        "Body paragraph.\n\n*****\n\nSR/ONP\n\n(Release ID: 2296800)\nVisitor Counter : 617\n"
        "Read this release in: Urdu , हिन्दी , Marathi\n"
    )
    r = parse_bytes(text.encode(), "copy.txt")
    assert (r.ministry, r.title, r.bureau) == (
        "Ministry of Defence",
        "Title of the release",
        "PIB Delhi",
    )
    assert r.posted_at is not None and r.posted_at.isoformat() == "2026-08-09T15:21:00+05:30"
    assert (r.release_id, r.visitor_count, r.sign_off) == (2296800, 617, "SR/ONP")
    assert [t.language for t in r.translations] == ["ur", "hi", "mr"]
    assert r.text == "Title of the release\n\nBody paragraph."
