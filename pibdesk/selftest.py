"""``pibdesk --self-test``: prove that this build of pibdesk works, headless, then exit.

Runs the real code paths an editor's first session touches, against a throw-away
database in a temporary folder, and prints one line per check::

    ok   qt: platform 'offscreen', image formats svg png ico
    ok   database: created .../selftest.db, migrated to 0002
    ...
    self-test passed: 10 checks

It is meant for the frozen application (``dist/pibdesk/pibdesk --self-test``), where a
missing Qt plugin, migration file, resource or dynamically imported module shows up only
at run time, and works the same from a source install. With no display the Qt
``offscreen`` platform is used (``QT_QPA_PLATFORM`` is set only if it is unset and there
is no ``DISPLAY``/``WAYLAND_DISPLAY``).

Exit status: 0 if every check passed, 1 otherwise (the failing check prints the error).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: The sample the self-test imports and annotates (the founding Ministry of Defence example).
SAMPLE_NAME = "txt_1583904.txt"

#: Spans the self-test marks in the sample, as (label, quoted words): one of each label.
MARKS: tuple[tuple[str, str], ...] = (
    ("Person", "Rajnath Singh"),
    ("Statement", "India attaches the highest priority to our bilateral relationship with Japan."),
    ("Topic", "defence cooperation"),
)


class SelfTestFailed(Exception):
    """A self-test check found something wrong (the message says what)."""


def _check(cond: object, message: str) -> None:
    if not cond:
        raise SelfTestFailed(message)


class _Run:
    """Runs checks in order, printing ``ok``/``FAIL`` lines; a failed check stops the run."""

    def __init__(self, out: Callable[[str], None]) -> None:
        self.out = out
        self.passed = 0
        self.failed = False

    def step(self, name: str, fn: Callable[[], str]) -> bool:
        if self.failed:
            self.out(f"skip {name}")
            return False
        try:
            detail = fn()
        except Exception as e:  # report any failure as a line, never a bare traceback
            self.failed = True
            self.out(f"FAIL {name}: {type(e).__name__}: {e}")
            tb = traceback.format_exc().rstrip().splitlines()
            for line in tb[-6:]:
                self.out(f"     {line}")
            return False
        self.passed += 1
        self.out(f"ok   {name}: {detail}")
        return True


def run_self_test(out: Callable[[str], None] = print, keep: bool = False) -> int:
    """Run every check; returns the exit status (0 all passed, 1 otherwise).

    ``out`` receives one line per check. ``keep`` leaves the temporary folder (its path
    is printed) for inspection.
    """
    if (
        "QT_QPA_PLATFORM" not in os.environ
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from pibdesk import __version__

    frozen = bool(getattr(sys, "frozen", False))
    out(f"pibdesk {__version__} self-test ({'frozen' if frozen else 'source'}, {sys.executable})")
    tmp = Path(tempfile.mkdtemp(prefix="pibdesk-selftest-"))
    from pibdesk.ui import prefs

    prefs.OVERRIDE_PATH = str(tmp / "settings.ini")  # never the editor's own settings
    run = _Run(out)
    st: dict[str, Any] = {}
    try:
        run.step("qt", lambda: _qt(st))
        run.step("resources", lambda: _resources(st))
        run.step("database", lambda: _database(st, tmp))
        run.step("import", lambda: _import(st))
        run.step("annotate", lambda: _annotate(st))
        run.step("main window", lambda: _window(st))
        run.step("timeline", lambda: _timeline(st, tmp))
        run.step("export jsonl", lambda: _export_jsonl(st, tmp))
        run.step("export uima xmi", lambda: _export_xmi(st, tmp))
        run.step("first run", lambda: _welcome(st, tmp))
    finally:
        win = st.get("window")
        if win is not None:
            win.close()
            win.deleteLater()
            st["app"].processEvents()
        db = st.get("db")
        if db is not None:
            db.dispose()
        if keep:
            out(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    if run.failed:
        out(f"self-test FAILED after {run.passed} passed checks")
        return 1
    out(f"self-test passed: {run.passed} checks")
    return 0


# ----------------------------------------------------------------------------- checks
def _qt(st: dict[str, Any]) -> str:
    from PySide6.QtGui import QImageReader
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["pibdesk"])
    st["app"] = app
    fmts = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = {"svg", "png", "ico"} - fmts
    _check(not missing, f"Qt image format plugins missing: {sorted(missing)}")
    return f"platform {app.platformName()!r}, image formats svg png ico"  # type: ignore[attr-defined]


def _resources(st: dict[str, Any]) -> str:
    from pibdesk.config import resources_dir, samples_dir
    from pibdesk.ui.fonts import register_bundled_fonts

    res = resources_dir()
    _check(res.is_dir(), f"{res}: resources folder missing")
    sample = samples_dir() / SAMPLE_NAME
    _check(sample.is_file(), f"{sample}: bundled sample missing")
    st["sample"] = sample
    families = register_bundled_fonts()
    _check("Noto Sans Devanagari" in families, f"bundled fonts not registered: {families}")
    from pibdesk.ui.icons import app_icon, icon, icons_dir

    ic = app_icon()
    _check(not ic.isNull() and not ic.pixmap(64, 64).isNull(), f"{icons_dir()}: no app icon")
    img = icon("import").pixmap(48, 48).toImage()
    inked = sum(img.pixelColor(x, y).alpha() > 0 for x in range(48) for y in range(48))
    _check(inked > 50, "the SVG action icons draw nothing (Qt svg support missing?)")
    n = len(list(Path(icons_dir()).glob("*.svg")))
    return f"{res}, {len(families)} font families, {n} SVG icons"


def _database(st: dict[str, Any], tmp: Path) -> str:
    from pibdesk.services.maintenance import upgrade_database
    from pibdesk.storage.db import Database

    path = tmp / "selftest.db"
    db = Database(path)
    st["db"], st["db_path"] = db, path
    upgrade_database(db)
    head = db.head_revision()  # alembic stays inside storage (tests/test_layers.py)
    rev = db.current_revision()
    _check(rev == head, f"schema at {rev}, expected head {head}")
    return f"created {path}, migrated to {rev}"


def _import(st: dict[str, Any]) -> str:
    from pibdesk.services.corpus import CorpusService

    report = CorpusService(st["db"]).import_paths([st["sample"]])
    statuses = [o.status for o in report.outcomes]
    _check(statuses == ["imported"], f"import of {st['sample'].name}: {report.to_json()}")
    pk = report.outcomes[0].release_pk
    if pk is None:
        raise SelfTestFailed("import reported no release")
    rel = CorpusService(st["db"]).release(pk)
    _check(rel.has_text and len(rel.text) > 200, "imported release has no text")
    st["release"] = rel
    return f"{st['sample'].name} -> release {rel.release_id} ({len(rel.text)} code points)"


def _annotate(st: dict[str, Any]) -> str:
    from pibdesk.core.model import NewAnnotation
    from pibdesk.services.annotations import AnnotationService

    rel = st["release"]
    svc = AnnotationService(st["db"])
    made = []
    for label, words in MARKS:
        start = rel.text.find(words)
        _check(start >= 0, f"{st['sample'].name}: {words!r} not in the imported text")
        end = start + len(words)
        ann = svc.create(
            NewAnnotation(
                release_pk=rel.id, start=start, end=end, label=label, author="self-test"
            )
        )
        _check(ann.text == rel.text[start:end], f"{label}: stored quote differs")
        made.append(ann)
    st["annotations"] = made
    return ", ".join(f"{a.label} {a.start}-{a.end}" for a in made)


def _window(st: dict[str, Any]) -> str:
    from pibdesk.app import create_main_window

    win = create_main_window(st["db_path"], author="self-test")
    st["window"] = win
    win.resize(1200, 800)
    win.show()
    app = st["app"]
    app.processEvents()
    win.select_release(st["release"].id)
    app.processEvents()
    rel = win.current_release()
    _check(rel is not None and rel.id == st["release"].id, "the window did not open the release")
    n = len(win.text_view.highlights())
    _check(n == len(st["annotations"]), f"text view shows {n} highlights, expected 3")
    shot = win.grab()
    _check(not shot.isNull() and shot.width() > 0, "window did not render")
    return f"{win.windowTitle()!r}, {n} highlights, rendered {shot.width()}x{shot.height()}"


def _timeline(st: dict[str, Any], tmp: Path) -> str:
    """The main window's Timeline dock when it has one (picks, off-thread query, chart),
    else the chart widget fed by the service."""
    import time

    from pibdesk.core.timeline import Bucket
    from pibdesk.services.timeline import TimelineService

    labels = [lab for lab, _ in MARKS]
    app, win = st["app"], st["window"]
    png = tmp / "timeline.png"
    view = getattr(win, "timeline_view", None)
    if view is not None:
        done: list[bool] = []
        view.updated.connect(lambda: done.append(True))
        win.timeline_dock.show()
        view.pick(*labels)
        view.refresh()
        deadline = time.monotonic() + 60
        while not (done and view.data is not None and len(view.data.specs) == len(labels)):
            _check(time.monotonic() < deadline, "the timeline view drew nothing within 60 s")
            app.processEvents()
            time.sleep(0.01)
        data = view.data
        marks = sum(len(e) for e in data.events)
        _check(marks == 3, f"timeline view shows {marks} marks, expected 3 (one per label)")
        view.export(png)
        where = "timeline dock"
    else:
        from pibdesk.charts.timeline_chart import TimelineChart

        svc = TimelineService(st["db"])
        data = svc.timeline(svc.resolve(labels=labels), Bucket.MONTH)
        chart = TimelineChart()
        chart.resize(1000, 600)
        chart.show()
        chart.set_data(data, mode="events")
        app.processEvents()
        chart.export(png, width=1000)
        chart.close()
        chart.deleteLater()
        where = "timeline chart"
    counts = TimelineService(st["db"]).timeline(
        TimelineService(st["db"]).resolve(labels=labels), Bucket.MONTH, events=False
    )
    total = sum(int(c.annotations.sum()) for c in counts.counts)
    _check(total == len(MARKS), f"timeline counts {total} engagements, expected {len(MARKS)}")
    head = png.read_bytes()[:8]
    _check(head == b"\x89PNG\r\n\x1a\n", f"{png}: not a PNG")
    return f"{where}: {len(labels)} series, {total} engagements, drew {png.name} ({png.stat().st_size} bytes)"


def _welcome(st: dict[str, Any], tmp: Path) -> str:
    """A fresh database opens on the welcome page; its button loads every bundled sample."""
    from pibdesk.app import create_main_window
    from pibdesk.config import sample_files

    win = create_main_window(tmp / "fresh.db", author="self-test")
    try:
        win.show()
        st["app"].processEvents()
        desk = win.desktop  # type: ignore[attr-defined]
        _check(desk.showing_welcome(), "a fresh database did not open on the welcome page")
        n = desk.load_samples()
        want = len(sample_files())
        _check(n == want, f"loaded {n} of {want} bundled samples")
        _check(not desk.showing_welcome(), "the welcome page stayed after loading the samples")
        from pibdesk.ui.shortcuts import shortcut_rows

        keys = {action: k for _m, action, k in shortcut_rows(win)}
        _check(keys.get("Keyboard shortcuts") == "F1", "no F1 shortcut reference")
        kind = desk.apply_theme("dark", store=False)
        _check(kind == "dark", "the dark look did not apply")
        desk.apply_theme("light", store=False)
    finally:
        win.close()
        win.deleteLater()
        st["app"].processEvents()
    return f"welcome page, {n} samples loaded from it, F1 reference, light and dark looks"


def _export_jsonl(st: dict[str, Any], tmp: Path) -> str:
    from pibdesk.services.export import ExportService

    path = tmp / "annotations.jsonl"
    res = ExportService(st["db"]).export("jsonl", path)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    _check(len(rows) == 1, f"{path}: {len(rows)} releases, expected 1")
    anns = rows[0].get("annotations", [])
    got = sorted((a["label"], a["start"], a["end"]) for a in anns)
    want = sorted((a.label, a.start, a.end) for a in st["annotations"])
    _check(got == want, f"{path}: annotations {got}, expected {want}")
    return f"{res.releases} release, {res.annotations} annotations round-trip exactly"


def _export_xmi(st: dict[str, Any], tmp: Path) -> str:
    from pibdesk.services.export import ExportService

    path = tmp / "xmi"
    res = ExportService(st["db"]).export("xmi", path)
    files = sorted(p.name for p in path.iterdir())
    _check(res.annotations == len(MARKS), f"XMI export wrote {res.annotations} annotations")
    return f"{len(files)} files ({', '.join(files[:3])})"
