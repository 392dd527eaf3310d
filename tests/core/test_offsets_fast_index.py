"""Utf16Index agrees with Python's own UTF-16 encoding on any text (incl. lone surrogates)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pibdesk.core.offsets import Utf16Index


@given(st.text(alphabet=st.characters(codec=None), max_size=60))
def test_to_utf16_matches_the_encoding(text: str) -> None:
    idx = Utf16Index(text)
    for cp in range(len(text) + 1):
        u16 = len(text[:cp].encode("utf-16-le", "surrogatepass")) // 2
        assert idx.to_utf16(cp) == u16
        assert idx.to_codepoint(u16) == cp
    assert idx.length_utf16 == len(text.encode("utf-16-le", "surrogatepass")) // 2
