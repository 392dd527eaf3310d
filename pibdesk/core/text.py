"""Text helpers shared by parsing, storage and services: normalisation, hashing, quotes."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from pibdesk.core.errors import ControlCharacterError, SpanError
from pibdesk.core.model import QUOTE_CONTEXT


def normalize_newlines(text: str) -> str:
    """Drop a leading BOM and turn CRLF/CR line endings into LF (done once, at import)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_hash(text: str) -> str:
    """SHA-256 hex digest of the NFC form of ``text`` encoded as UTF-8.

    Used to identify a release that has no Release ID and to detect text revisions.
    """
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


def content_hash(text: str) -> str:
    """SHA-256 hex digest of ``text`` with NFC applied and every run of whitespace
    (``str.split`` whitespace: spaces, tabs, line breaks, NBSP ...) collapsed to one space,
    ends stripped.

    Two renderings of one release that differ only in line wrapping or indentation (a
    saved page and a dataset row, say) have the same content hash; the import treats
    them as the same text (no new revision). Not stored: :func:`text_hash` stays the
    hash of the exact text.
    """
    collapsed = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(collapsed.encode("utf-8")).hexdigest()


def check_span(text: str, start: int, end: int) -> None:
    """Raise :class:`SpanError` unless ``0 <= start < end <= len(text)`` (code points)."""
    if not (0 <= start < end <= len(text)):
        raise SpanError(f"span {start}-{end} is empty or outside a text of {len(text)} code points")


def quote_of(text: str, start: int, end: int, context: int = QUOTE_CONTEXT) -> tuple[str, str, str]:
    """``(prefix, exact, suffix)`` of a span, W3C TextQuoteSelector style.

    Offsets in code points, end-exclusive; ``prefix``/``suffix`` hold up to ``context``
    code points. Raises :class:`SpanError` for an invalid span.
    """
    check_span(text, start, end)
    return text[max(0, start - context) : start], text[start:end], text[end : end + context]


#: C0 control characters pibdesk never stores in a text (all of U+0000-U+001F but tab and
#: LF; a CR left after :func:`normalize_newlines` is one too). XML 1.0 cannot carry most
#: of them (https://www.w3.org/TR/xml/#charsets), editors cannot see them, and a
#: release file holding them is a mis-encoded or damaged one.
CONTROL_CHARACTERS = frozenset(chr(c) for c in range(0x20)) - {"\t", "\n"}
#: What each one becomes: vertical tab, form feed and CR (white space in Unicode) a space
#: or a line break, every other one U+FFFD REPLACEMENT CHARACTER, so the place stays
#: visible. Always one code point for one, so no offset moves.
_CONTROL_TABLE = {ord(c): "\ufffd" for c in CONTROL_CHARACTERS} | {
    0x0B: " ",
    0x0C: " ",
    0x0D: "\n",
}
_CONTROL_RE = re.compile("[" + "".join(sorted(CONTROL_CHARACTERS)).replace("\\", "\\\\") + "]")
#: Characters XML 1.0 forbids (C0 but tab/LF/CR, U+FFFE, U+FFFF, lone surrogates).
_XML_FORBIDDEN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def refuse_control_characters(value: str, what: str) -> None:
    """Raise :class:`~pibdesk.core.errors.ControlCharacterError` when ``value`` (a typed
    or pasted field, named ``what`` in the message, e.g. ``"the alias"``) holds one of
    :data:`CONTROL_CHARACTERS`; the message names the first one and its place (code
    points from 0). Texts are cleaned at import instead (:func:`replace_control_characters`):
    a field the editor is typing is refused, so they can see and fix it."""
    m = _CONTROL_RE.search(value)
    if m:
        raise ControlCharacterError(
            f"{what} holds a control character (U+{ord(m.group()):04X} at character "
            f"{m.start()}), which pibdesk never stores; remove it (pasted text often "
            "brings them)"
        )


def clean_note(note: str) -> str:
    """An annotation note as stored: CRLF and CR become LF, trailing white space of the
    whole note is dropped (a note that is only white space becomes ``""``); inner lines
    and tabs stay as typed. Raises
    :class:`~pibdesk.core.errors.ControlCharacterError` for any other C0 control
    character (:func:`refuse_control_characters`), so a pasted U+000C is seen, never
    stored (it would make an XMI export invalid XML 1.0)."""
    note = note.replace("\r\n", "\n").replace("\r", "\n").rstrip()
    refuse_control_characters(note, "the note")
    return note


def replace_control_characters(text: str) -> tuple[str, dict[str, int]]:
    """``text`` with every :data:`CONTROL_CHARACTERS` member replaced one for one (VT and
    FF by a space, CR by LF, the rest by U+FFFD), and how many of each were found, keyed
    ``"U+000C"``. Offsets (code points) are unchanged; text without any is returned as is.
    """
    found = _CONTROL_RE.findall(text)
    if not found:
        return text, {}
    counts: dict[str, int] = {}
    for c in found:
        key = f"U+{ord(c):04X}"
        counts[key] = counts.get(key, 0) + 1
    return text.translate(_CONTROL_TABLE), dict(sorted(counts.items()))


def describe_control_characters(text: str, counts: dict[str, int]) -> str:
    """One line for an import report: how many control characters of each kind were
    replaced in ``text`` (the text *before* replacement) and where the first one was
    (1-based line and column), e.g. ``"2 control characters replaced (U+0001 x1 by
    U+FFFD, U+000C x1 by a space), first on line 5 column 3"``."""
    m = _CONTROL_RE.search(text)
    where = ""
    if m:
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        where = f", first on line {line} column {col}"

    def by(key: str) -> str:
        return {"U+000B": "a space", "U+000C": "a space", "U+000D": "a line break"}.get(
            key, "U+FFFD"
        )

    parts = ", ".join(f"{k} x{n} by {by(k)}" for k, n in counts.items())
    total = sum(counts.values())
    noun = "character" if total == 1 else "characters"
    return f"{total} control {noun} replaced ({parts}){where}"


def xml_safe(text: str) -> tuple[str, int]:
    """``text`` with every character XML 1.0 cannot hold (C0 controls but tab/LF/CR,
    U+FFFE, U+FFFF, lone surrogates) replaced by U+FFFD, one for one (offsets unchanged),
    and how many were replaced. For writing already-stored texts as XML."""
    out, n = _XML_FORBIDDEN_RE.subn("\ufffd", text)
    return out, n
