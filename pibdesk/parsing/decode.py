"""Bytes -> ``str``: byte-order mark, declared HTML charset, UTF-8, then charset-normalizer.

Rules, in order (the WHATWG "encoding sniffing" order, simplified):

1. A byte-order mark decides: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE (the BOM is dropped).
2. Binary input is refused: NUL bytes (unless the bytes are BOM-less UTF-16 text) or more
   than 2 % C0 control bytes other than tab/LF/VT/FF/CR/ESC.
3. An HTML ``<meta charset>`` / ``http-equiv`` declaration (found with Beautiful Soup's
   ``EncodingDetector``) is used when the bytes decode with it; ``latin-1``/``ascii`` mean
   windows-1252 as in browsers.
4. Strict UTF-8.
5. charset-normalizer's best guess; when it guesses a Western single-byte code page and
   the bytes are valid windows-1252, windows-1252 is used (charset-normalizer often says
   cp1250/cp1257 for short English or French text, which would change letters).

Anything else raises :class:`~pibdesk.core.errors.ParseError`.
"""

from __future__ import annotations

import codecs

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
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    if odd_nuls >= 0.05 * half and even_nuls == 0:
        enc = "utf-16-le"
    elif even_nuls >= 0.05 * half and odd_nuls == 0:
        enc = "utf-16-be"
    else:
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


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode a release file's bytes; returns ``(text, codec name)``.

    The text is returned as decoded (line endings untouched, BOM removed). Raises
    :class:`ParseError` for empty input ("empty file"), binary input ("binary file ...")
    and bytes no encoding fits ("cannot decode ...").
    """
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
            text = None
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
    return text, encoding
