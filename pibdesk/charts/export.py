"""Writing a chart to PNG or SVG with pyqtgraph's exporters (no display needed).

PNG: :class:`pyqtgraph.exporters.ImageExporter` (raster, ``width`` pixels wide, the
height following the widget's aspect). SVG: :class:`pyqtgraph.exporters.SVGExporter`.
The file is written beside the target under a temporary name and renamed, so a failed
export leaves no half-written file.

pyqtgraph 0.14.0's SVG exporter cannot read the path data Qt >= 6.10 writes: it splits
``d`` on spaces and expects ``x,y`` pairs, but Qt now closes paths with a separate
``Z`` token (``"M0,0 L5,0 L5,4 Z"``), so every export raised ``ValueError``
(https://github.com/pyqtgraph/pyqtgraph/issues/3485, open). :func:`_tolerate_close_path`
takes the ``Z`` tokens out while pyqtgraph transforms the coordinates and puts them
back after, only for the duration of one export.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyqtgraph as pg
import pyqtgraph.exporters as pgx

from pibdesk.charts.colors import LIGHT
from pibdesk.core.errors import PibdeskError

#: Suffixes :func:`export_chart` writes.
IMAGE_SUFFIXES = (".png", ".svg")


def export_chart(
    widget: pg.GraphicsLayoutWidget, path: str | os.PathLike[str], width: int = 1600
) -> None:
    """Export the whole layout of ``widget`` (all plots, legends) to ``path``.

    The format follows the suffix (``.png`` or ``.svg``). A chart with ``apply_colors``
    (the pibdesk charts) is exported in :data:`pibdesk.charts.colors.LIGHT` (white paper,
    black ink) even while the screen shows the dark theme, then painted back.
    Raises :class:`PibdeskError` for another suffix or when the image cannot be written
    (naming the file).
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        raise PibdeskError(
            f"{target}: cannot export a chart as {suffix or 'no suffix'!r} (use .png or .svg)"
        )
    tmp = target.with_name(target.stem + ".part" + suffix)
    screen_colors = getattr(widget, "colors", None)
    recolor = getattr(widget, "apply_colors", None)
    if recolor is not None and screen_colors is not None and screen_colors != LIGHT:
        recolor(LIGHT)
    else:
        recolor = None
    try:
        if suffix == ".png":
            png = pgx.ImageExporter(widget.ci)
            png.parameters()["width"] = int(width)
            png.parameters()["antialias"] = True
            ok = png.export(str(tmp))
            if ok is False:
                raise PibdeskError(f"{target}: could not write the PNG image")
        else:
            with _tolerate_close_path():
                pgx.SVGExporter(widget.ci).export(str(tmp))
        if not tmp.exists():
            raise PibdeskError(f"{target}: the exporter wrote nothing")
        os.replace(tmp, target)
    finally:
        if recolor is not None:
            recolor(screen_colors)
        if tmp.exists():
            tmp.unlink()


@contextlib.contextmanager
def _tolerate_close_path() -> Iterator[None]:
    """Let pyqtgraph's ``correctCoordinates`` skip Qt's ``Z`` path tokens (see module doc)."""
    mod: Any = sys.modules["pyqtgraph.exporters.SVGExporter"]
    original = mod.correctCoordinates

    def correct(node: Any, defs: Any, item: Any, options: Any) -> Any:
        closes: dict[Any, list[int]] = {}
        for grp in node.getElementsByTagName("g"):
            for ch in grp.childNodes:
                if getattr(ch, "tagName", None) != "path":
                    continue
                tokens = ch.getAttribute("d").split()
                where = [i for i, t in enumerate(tokens) if t in ("Z", "z")]
                if where:
                    closes[ch] = where
                    ch.setAttribute("d", " ".join(t for t in tokens if t not in ("Z", "z")))
        result = original(node, defs, item, options)
        for ch, where in closes.items():
            tokens = ch.getAttribute("d").split()
            for i in where:
                tokens.insert(i, "Z")
            ch.setAttribute("d", " ".join(tokens))
        return result

    mod.correctCoordinates = correct
    try:
        yield
    finally:
        mod.correctCoordinates = original
