"""Decoding edge cases found by the audit: one stray legacy line in a UTF-8 file, and a
short text with a stray NUL byte (not BOM-less UTF-16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pibdesk.core.errors import ParseError
from pibdesk.parsing import parse_bytes
from pibdesk.parsing.decode import MIN_UTF16_BYTES, decode_text

#: A Latin-1/windows-1252 paragraph pasted into the founding example (UTF-8).
_LEGACY_LINE = "Caf\u00e9 r\u00e9sum\u00e9 \u2013 d\u00e9j\u00e0 vu."


def _founding_with_legacy_line(raw_dir: Path) -> tuple[bytes, bytes]:
    data = (raw_dir / "txt_1583904.txt").read_bytes()
    anchor = b"    The lndo-Pacific vision"
    assert anchor in data
    mixed = data.replace(anchor, b"    " + _LEGACY_LINE.encode("cp1252") + b"\n\n\n" + anchor, 1)
    return data, mixed


def test_utf8_file_with_one_cp1252_line_keeps_its_utf8(raw_dir: Path) -> None:
    data, mixed = _founding_with_legacy_line(raw_dir)
    with pytest.raises(UnicodeDecodeError):
        mixed.decode("utf-8")
    ref = parse_bytes(data, "txt_1583904.txt")
    r = parse_bytes(mixed, "txt_1583904.txt")
    # the UTF-8 curly quotes of the original stay as they are (no "â€œ" / "‚Äô" mojibake)
    assert "\u201cHad an extremely fruitful" in r.text
    assert "Japan\u2019s Defence Minister" in r.text
    assert "\u00e2\u20ac" not in r.text and "\u201a\u00c4" not in r.text
    # the legacy line reads as windows-1252, and it is the only difference
    assert _LEGACY_LINE in r.text
    assert r.text.replace(_LEGACY_LINE + "\n\n", "", 1) == ref.text
    assert (r.title, r.release_id, r.visitor_count) == (ref.title, 1583904, 744)
    # reported: 6 invalid sequences (Café, résumé x2, the en dash, déjà x2), all on one line
    (warning,) = r.warnings
    line = mixed.split(b"\n").index(b"    " + _LEGACY_LINE.encode("cp1252")) + 1
    assert warning == (
        f"6 invalid UTF-8 byte sequence(s) read as windows-1252 (line {line}); the rest is UTF-8"
    )
    assert ref.warnings == ()
    assert r.to_json().keys() == ref.to_json().keys()  # warnings are not a parse field


def test_pure_cp1252_file_is_still_cp1252_without_warning(raw_dir: Path) -> None:
    # no valid multi-byte UTF-8 at all: a legacy file, decoded whole (no warning)
    data = (raw_dir / "txt_1629043.txt").read_bytes()
    legacy = data.decode("utf-8").encode("cp1252")
    d = decode_text(legacy, "x.txt")
    assert (d.encoding, d.warnings) == ("cp1252", ())
    assert d.text == data.decode("utf-8")


def test_many_invalid_bytes_are_not_utf8(raw_dir: Path) -> None:
    # a Russian windows-1251 text is mostly high bytes: not "UTF-8 with a few stray bytes"
    data = (raw_dir / "txt_1583904.txt").read_bytes()
    cyr = ("Министерство обороны сообщает. " * 20).encode("cp1251")
    d = decode_text(data + b"\n" + cyr, "x.txt")
    assert d.warnings == ()


def test_short_text_with_one_nul_is_binary_not_utf16(raw_dir: Path) -> None:
    head = (raw_dir / "txt_1583904.txt").read_bytes()[:40]
    data = head[:21] + b"\x00" + head[22:]
    assert len(data) == 40
    with pytest.raises(ParseError) as e:
        parse_bytes(data, "onenul.txt")
    assert e.value.problem == "binary file, not text (contains NUL bytes)"
    # longer English text with one stray NUL is not UTF-16 either (its high bytes are letters)
    long = (raw_dir / "txt_1583904.txt").read_bytes()[:400]
    long = long[:201] + b"\x00" + long[202:]
    with pytest.raises(ParseError, match="contains NUL bytes"):
        parse_bytes(long, "onenul.txt")


@pytest.mark.parametrize("name", ["txt_1583904.txt", "txt_1652914_hi.txt", "txt_1628325_ta.txt"])
@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_still_recognised(raw_dir: Path, name: str, enc: str) -> None:
    data = (raw_dir / name).read_bytes()
    ref = parse_bytes(data, name)
    assert parse_bytes(data.decode("utf-8").encode(enc), name) == ref
    # and a short one, just above the minimum length
    short = data.decode("utf-8").strip()[: MIN_UTF16_BYTES // 2 + 2].encode(enc)
    assert decode_text(short, name).encoding == "utf-16"
