"""Bytes -> ``str``: byte-order mark, declared HTML charset, UTF-8, then charset-normalizer.

Rules, in order (the WHATWG "encoding sniffing" order, simplified):

1. A byte-order mark decides: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE (the BOM is dropped).
2. Binary input is refused: NUL bytes (unless the bytes are BOM-less UTF-16 text: at least
   :data:`MIN_UTF16_BYTES` bytes, NULs at one parity only and the other parity's bytes
   nearly all NUL or one script block's high byte) or more
   than 2 % C0 control bytes other than tab/LF/VT/FF/CR/ESC.
3. An HTML ``<meta charset>`` / ``http-equiv`` declaration (found with Beautiful Soup's
   ``EncodingDetector``) is used when the bytes decode with it; ``latin-1``/``ascii`` mean
   windows-1252 as in browsers.
4. Strict UTF-8; else UTF-8 with a few invalid sequences (a legacy line pasted into a
   UTF-8 file): when the bytes hold valid multi-byte UTF-8 and at most
   :data:`MAX_STRAY_SEQUENCES` invalid sequences (and at most 5 % of the bytes), the file
   is UTF-8 and only the invalid bytes are read as windows-1252; this is reported in
   :attr:`Decoded.warnings` (the whole file through a charset detector would garble
   every correct character, e.g. ``’`` -> ``‚Äô``).
5. charset-normalizer's best guess; when it guesses a Western single-byte code page and
   the bytes are valid windows-1252, windows-1252 is used (charset-normalizer often says
   cp1250/cp1257 for short English or French text, which would change letters).

Anything else raises :class:`~pibdesk.core.errors.ParseError`.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from typing import NamedTuple

import charset_normalizer
from bs4.dammit import EncodingDetector

from pibdesk.core.errors import ParseError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Control bytes that do not occur in text (tab, LF, VT, FF, CR and ESC are allowed).
_CONTROL_BYTES = frozenset(
    set(range(0x00, 0x09)) | set(range(0x0E, 0x1B)) | {0x1C, 0x1D, 0x1E, 0x1F, 0x7F}
)
_CONTROL_CHARS = frozenset(chr(b) for b in _CONTROL_BYTES)
#: Share of control bytes/characters above which input is called binary.
_MAX_CONTROL_RATIO = 0.02

#: charset-normalizer guesses treated as "some Western single-byte code page".
_WESTERN_SINGLE_BYTE = frozenset(
    {
        "ascii", "latin_1", "cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "cp437",
        "cp850", "cp858", "cp775", "cp273", "cp500", "mac_roman", "mac_latin2",
        "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13",
        "iso8859_14", "iso8859_15", "iso8859_16",
    }
)  # fmt: skip


#: BOM-less UTF-16 is only guessed for inputs at least this long (a short text with one
#: stray NUL byte is binary, not UTF-16).
MIN_UTF16_BYTES = 64
#: A UTF-8 file may hold at most this many invalid byte sequences to be read as UTF-8
#: with those sequences as windows-1252 (rule 4).
MAX_STRAY_SEQUENCES = 100
#: Lone surrogates made by the ``surrogateescape`` handler: one per undecodable byte.
_ESCAPED_RUN = re.compile("[\udc80-\udcff]+")


class Decoded(NamedTuple):
    """What :func:`decode_text` found: the text, the codec name, and warnings (one line
    each, e.g. ``"2 invalid UTF-8 sequence(s) read as windows-1252 (first on line 5)"``)."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _control_ratio(data: bytes | str) -> float:
    if not data:
        return 0.0
    if isinstance(data, bytes):
        n = sum(1 for b in data if b in _CONTROL_BYTES)
    else:
        n = sum(1 for c in data if c in _CONTROL_CHARS)
    return n / len(data)


def _bomless_utf16(data: bytes) -> str | None:
    """Text if ``data`` looks like BOM-less UTF-16, else None.

    UTF-16 text has its NUL bytes (the high bytes of ASCII spaces, digits, newlines) all
    at odd offsets (LE) or all at even offsets (BE); binary data has them at both.
    """
    if len(data) < MIN_UTF16_BYTES or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    if odd_nuls >= 0.05 * half and even_nuls == 0:
        enc, high = "utf-16-le", data[1::2]
    elif even_nuls >= 0.05 * half and odd_nuls == 0:
        enc, high = "utf-16-be", data[0::2]
    else:
        return None
    # the high bytes of real UTF-16 text are NUL (ASCII) or the block of one or two
    # scripts (0x09 Devanagari/Bengali, 0x20 punctuation); those of 8-bit text are letters
    if sum(n for _b, n in Counter(high).most_common(3)) < 0.9 * half:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    return text if "\x00" not in text else None


def _declared_html_encoding(data: bytes) -> str | None:
    head = data[:4096]
    if b"<" not in head:
        return None
    declared = EncodingDetector.find_declared_encoding(head, is_html=True)
    if not declared:
        return None
    name = _codec(declared)
    if name in ("latin_1", "ascii", "iso8859-1", "iso8859_1"):
        return "cp1252"
    if name is None or name.startswith(("utf_16", "utf_32", "utf-16", "utf-32")):
        return None  # a BOM-less page cannot really be UTF-16 (WHATWG: treat as UTF-8)
    return name


def _cp1252_byte(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned
        return "\ufffd"


def _utf8_with_stray_bytes(data: bytes) -> Decoded | None:
    """UTF-8 text with a few invalid sequences read as windows-1252 (rule 4), else None.

    Uses the ``surrogateescape`` error handler (PEP 383): each undecodable byte becomes a
    lone surrogate U+DC80..U+DCFF, which valid UTF-8 never yields; each run of them is
    one invalid sequence.
    """
    escaped = data.decode("utf-8", "surrogateescape")
    runs = list(_ESCAPED_RUN.finditer(escaped))
    n_bad_bytes = sum(m.end() - m.start() for m in runs)
    multi_byte = sum(1 for c in escaped if c > "\x7f") - n_bad_bytes
    if not runs or multi_byte < 1:
        return None
    if len(runs) > MAX_STRAY_SEQUENCES or n_bad_bytes > 0.05 * len(data):
        return None
    text = _ESCAPED_RUN.sub(
        lambda m: "".join(_cp1252_byte(ord(c) - 0xDC00) for c in m.group()), escaped
    )
    lines = sorted({escaped.count("\n", 0, m.start()) + 1 for m in runs})
    where = f"line {lines[0]}" if len(lines) == 1 else f"lines {', '.join(map(str, lines[:5]))}"
    if len(lines) > 5:
        where += ", ..."
    warning = (
        f"{len(runs)} invalid UTF-8 byte sequence(s) read as windows-1252 ({where}); "
        "the rest is UTF-8"
    )
    return Decoded(text, "utf-8", (warning,))


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode a release file's bytes; returns ``(text, codec name)``.

    Same as :func:`decode_text` without the warnings.
    """
    d = decode_text(data, source)
    return d.text, d.encoding


def decode_text(data: bytes, source: str) -> Decoded:
    """Decode a release file's bytes (rules in the module docstring).

    The text is returned as decoded (line endings untouched, BOM removed), with the codec
    name and warnings about bytes that were read leniently (rule 4). Raises
    :class:`ParseError` for empty input ("empty file"), binary input ("binary file ...")
    and bytes no encoding fits ("cannot decode ...").
    """
    warnings: tuple[str, ...] = ()
    if not data:
        raise ParseError(source, "empty file (0 bytes)")
    text: str | None = None
    encoding = ""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as e:
                raise ParseError(
                    source,
                    f"cannot decode: starts with a {enc} byte-order mark but byte {e.start} is invalid",
                ) from None
            if text.startswith("\ufeff"):
                text = text[1:]
            encoding = "utf-8" if enc == "utf-8-sig" else enc
            break
    if text is None:
        if b"\x00" in data:
            text = _bomless_utf16(data)
            if text is None:
                raise ParseError(source, "binary file, not text (contains NUL bytes)")
            encoding = "utf-16"
        elif _control_ratio(data) > _MAX_CONTROL_RATIO:
            raise ParseError(source, "binary file, not text (control bytes)")
    if text is None:
        declared = _declared_html_encoding(data)
        if declared:
            try:
                text, encoding = data.decode(declared), declared
            except (UnicodeDecodeError, LookupError):
                text = None
    if text is None:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            stray = _utf8_with_stray_bytes(data)
            if stray is not None:
                text, encoding, warnings = stray
    if text is None:
        best = charset_normalizer.from_bytes(data).best()
        if best is None:
            raise ParseError(source, "cannot decode: not UTF-8 and no other text encoding fits")
        encoding = best.encoding
        if encoding in _WESTERN_SINGLE_BYTE:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text = None
        if text is None:
            text = str(best)
    if not text.strip():
        raise ParseError(source, "empty file (only whitespace)")
    if "\x00" in text or _control_ratio(text) > _MAX_CONTROL_RATIO:
        raise ParseError(source, "binary file, not text (control characters)")
    return Decoded(text, encoding, warnings)
