"""The bundled Noto fonts cover the scripts PIB publishes in."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QRawFont

from pibdesk.ui.fonts import fonts_dir, register_bundled_fonts

SAMPLES = {
    "Noto Sans Devanagari": "राजनाथ सिंह ने कहा कि क्षेत्र",  # Hindi, with virama conjuncts
    "Noto Sans Bengali": "প্রধানমন্ত্রী",
    "Noto Sans Tamil": "பிரதமர்",
    "Noto Sans Telugu": "ప్రధానమంత్రి",
    "Noto Sans Kannada": "ಪ್ರಧಾನಮಂತ್ರಿ",
    "Noto Sans Malayalam": "പ്രധാനമന്ത്രി",
    "Noto Sans Gurmukhi": "ਪ੍ਰਧਾਨ ਮੰਤਰੀ",
    "Noto Sans Gujarati": "પ્રધાનમંત્રી",
    "Noto Sans Oriya": "ପ୍ରଧାନମନ୍ତ୍ରୀ",
    "Noto Sans Arabic": "وزیر اعظم",
}


def test_fonts_are_bundled_with_their_licence() -> None:
    names = {p.name for p in fonts_dir().iterdir()}
    assert "OFL.txt" in names
    assert "SIL OPEN FONT LICENSE" in (fonts_dir() / "OFL.txt").read_text(encoding="utf-8")
    assert {"NotoSans-Regular.ttf", "NotoSansDevanagari-Regular.ttf"} <= names


@pytest.mark.parametrize("family", sorted(SAMPLES))
def test_registered_fonts_have_every_glyph(qapp: Any, family: str) -> None:
    families = register_bundled_fonts()
    assert family in families
    assert family in QFontDatabase.families()
    raw = QRawFont.fromFont(QFont(family))
    assert raw.isValid() and raw.familyName() == family
    missing = [
        ch for ch in SAMPLES[family] if not ch.isspace() and not raw.supportsCharacter(ord(ch))
    ]
    assert missing == []
    # and a glyph index for every character (0 would be .notdef, drawn as a box)
    glyphs = raw.glyphIndexesForString(SAMPLES[family].replace(" ", ""))
    assert 0 not in glyphs


def test_text_view_draws_indic_text_without_missing_glyphs(qapp: Any) -> None:
    """Lay out each sample in the text view's own font: every glyph run comes from a
    bundled family and no glyph is .notdef (index 0, the box)."""
    from PySide6.QtGui import QTextLayout

    from pibdesk.ui.text_view import AnnotatedTextView

    view = AnnotatedTextView()
    bundled = set(register_bundled_fonts())
    for sample in SAMPLES.values():
        layout = QTextLayout(sample, view.font())
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        runs = layout.glyphRuns()
        assert runs
        for run in runs:
            assert run.rawFont().familyName() in bundled, (sample, run.rawFont().familyName())
            assert 0 not in run.glyphIndexes(), sample
