"""Looks: both palettes keep label highlights readable (WCAG contrast of the text over the
blended fill), icons render sharp at 2x, the app icon files exist in every size the spec
and the .desktop file use."""

from __future__ import annotations

import configparser
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPalette

REPO = Path(__file__).resolve().parents[2]


def _luminance(c: QColor) -> float:
    """WCAG 2.x relative luminance (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance)."""

    def ch(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())


def _contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _blend(top: QColor, alpha: int, under: QColor) -> QColor:
    t = alpha / 255
    return QColor(
        round(top.red() * t + under.red() * (1 - t)),
        round(top.green() * t + under.green() * (1 - t)),
        round(top.blue() * t + under.blue() * (1 - t)),
    )


@pytest.mark.parametrize("kind", ["light", "dark"])
def test_label_highlights_readable_in_both_looks(qapp: Any, kind: str) -> None:
    from pibdesk.core.model import DEFAULT_LABELS
    from pibdesk.ui.text_view import FILL_ALPHA
    from pibdesk.ui.theme import palette_for

    pal = palette_for(kind)
    base, text = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text)
    assert _contrast(text, base) >= 12  # body text
    muted = pal.color(QPalette.ColorRole.PlaceholderText)
    assert _contrast(muted, pal.color(QPalette.ColorRole.Window)) >= 4.5  # hints, counts
    for name, color, _key in DEFAULT_LABELS:
        fill = _blend(QColor(color), FILL_ALPHA, base)
        assert _contrast(text, fill) >= 7, (kind, name, fill.name())  # WCAG AAA


def test_dark_and_light_are_what_they_say(qapp: Any) -> None:
    from pibdesk.ui.theme import palette_for, resolve

    assert palette_for("dark").color(QPalette.ColorRole.Window).lightness() < 60
    assert palette_for("light").color(QPalette.ColorRole.Window).lightness() > 230
    dark_platform = palette_for("dark")
    assert resolve("light", dark_platform) == "light"
    assert resolve("dark") == "dark"
    with pytest.raises(ValueError, match="no palette 'sepia'"):
        palette_for("sepia")


def test_icons_render_at_device_pixel_ratio_2(qapp: Any) -> None:
    from pibdesk.ui.icons import app_icon, icon, label_icon

    for ic in (icon("undo"), label_icon("Person", "#4e79a7"), app_icon()):
        pm = ic.pixmap(QSize(24, 24), 2.0)
        assert (pm.width(), pm.height(), pm.devicePixelRatio()) == (48, 48, 2.0)
    # drawn from the SVG at 48 px, not a 24 px bitmap scaled up: a 1-px-wide feature exists
    img = icon("undo", "#000000").pixmap(QSize(24, 24), 2.0).toImage()
    alphas = {img.pixelColor(x, y).alpha() for x in range(48) for y in range(48)}
    assert 255 in alphas and 0 in alphas
    # the label chip is the label's colour
    chip = label_icon("Topic", "#59a14f").pixmap(QSize(32, 32)).toImage()
    assert chip.pixelColor(4, 16).name() == "#59a14f"


def test_icon_files_and_desktop_entry() -> None:
    icons = REPO / "resources" / "icons"
    for n in (16, 24, 32, 48, 64, 128, 256, 512):
        png = icons / f"pibdesk-{n}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", png
    ico = (icons / "pibdesk.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00" and int.from_bytes(ico[4:6], "little") == 7
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(REPO / "resources" / "pibdesk.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert (d["Type"], d["Exec"].split()[0], d["Icon"]) == ("Application", "pibdesk", "pibdesk")
    assert d["Categories"] == "Office;TextTools;"
    spec = (REPO / "pibdesk.spec").read_text(encoding="utf-8")
    assert "pibdesk.ico" in spec and '"resources"' in spec and '(str(ROOT / "db"), "db")' in spec
