"""Registering the bundled Noto fonts so Indic and Urdu text never draws as boxes.

The fonts live in ``resources/fonts`` (SIL Open Font License 1.1, see ``OFL.txt`` there),
copied unchanged from Debian's ``fonts-noto-core``. Qt falls back across registered
families per script, so registering them is enough; the window also asks for Noto Sans
first so Latin text looks the same on every machine.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

from pibdesk.config import resources_dir

#: The family the text view asks for first (Qt falls back per script from there).
TEXT_FAMILY = "Noto Sans"

_registered: list[str] | None = None


def fonts_dir() -> Path:
    """``resources/fonts`` in a checkout or a frozen bundle."""
    return resources_dir() / "fonts"


def register_bundled_fonts() -> list[str]:
    """Register every ``*.ttf``/``*.otf`` in :func:`fonts_dir` with ``QFontDatabase``.

    Needs a ``QGuiApplication``. Returns the families registered (each once); calling it
    again is a no-op returning the same list. A font file Qt cannot read is skipped.
    """
    global _registered
    if _registered is not None:
        return _registered
    families: list[str] = []
    folder = fonts_dir()
    files = sorted(folder.glob("*.ttf")) + sorted(folder.glob("*.otf")) if folder.is_dir() else []
    for f in files:
        font_id = QFontDatabase.addApplicationFont(str(f))
        if font_id < 0:
            continue
        for fam in QFontDatabase.applicationFontFamilies(font_id):
            if fam not in families:
                families.append(fam)
    _registered = families
    return families


def text_font(point_size: float | None = None) -> QFont:
    """The font for release text: Noto Sans, then every bundled script family in turn.

    An explicit family list (``QFont.setFamilies``) makes Qt take a missing glyph from
    the next bundled family before anything the system happens to have.
    """
    families = register_bundled_fonts()
    font = QFont(TEXT_FAMILY)
    ordered = [TEXT_FAMILY] + [f for f in families if f != TEXT_FAMILY]
    font.setFamilies(ordered)
    if point_size is not None:
        font.setPointSizeF(point_size)
    return font
