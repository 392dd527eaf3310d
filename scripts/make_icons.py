"""Render the application icon's PNG and ICO files from ``resources/icons/pibdesk.svg``.

    .venv/bin/python scripts/make_icons.py

Writes ``resources/icons/pibdesk-<N>.png`` (16..512 px, for the Linux icon theme and the
.desktop file) and ``pibdesk.ico`` (16..256 px, the Windows icon pibdesk.spec uses), with
Qt's ``QSvgRenderer``, so no other tool is needed. The ICO container is written here
(https://learn.microsoft.com/en-us/previous-versions/ms997538(v=msdn.10): a directory of
PNG-compressed images, which Windows Vista and later read). Run it after editing the SVG
and commit the results.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The SVG drawn into a transparent ``size``x``size`` ARGB image."""
    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(p)
    p.end()
    return img


def png_bytes(img: QImage) -> bytes:
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(QByteArray(buf.data()).data())


def write_ico(images: list[QImage], path: Path) -> None:
    """An ICO file holding each image as PNG (sizes up to 256; 256 is stored as 0)."""
    blobs = [png_bytes(i) for i in images]
    header = struct.pack("<HHH", 0, 1, len(blobs))
    offset = 6 + 16 * len(blobs)
    entries = b""
    for img, blob in zip(images, blobs, strict=True):
        w = img.width() if img.width() < 256 else 0
        h = img.height() if img.height() < 256 else 0
        entries += struct.pack("<BBBBHHII", w, h, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    path.write_bytes(header + entries + b"".join(blobs))


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    src = ICONS / "pibdesk.svg"
    renderer = QSvgRenderer(str(src))
    if not renderer.isValid():
        print(f"{src}: not a valid SVG", file=sys.stderr)
        return 2
    for n in PNG_SIZES:
        out = ICONS / f"pibdesk-{n}.png"
        render(renderer, n).save(str(out), "PNG")
        print(f"wrote {out.name}")
    write_ico([render(renderer, n) for n in ICO_SIZES], ICONS / "pibdesk.ico")
    print("wrote pibdesk.ico")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
