"""Text helpers shared by parsing, storage and services: normalisation, hashing, quotes."""

from __future__ import annotations

import hashlib
import unicodedata

from pibdesk.core.errors import SpanError
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
