"""App cold start to first paint on a big database, against a bare QApplication + QMainWindow.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_cold_start.py \\
        [--db benchmarks/.data/big.db] [--rounds 5]

Each start is a new Python process (``subprocess``), timed from just before the parent
starts it to the first ``QEvent.Paint`` the main window receives (the child reports
``time.time()`` then and quits):

* floor: ``python -c`` importing PySide6, ``QApplication`` + an empty ``QMainWindow``
  (1400x900) ``show()``;
* pibdesk: the app's own start, :func:`pibdesk.app.run_gui` on ``--db`` (imports,
  schema check, services, the main window with its docks, the first page of the
  release list, the daily-backup check), as ``pibdesk --db BIG.db`` runs it.

Both run with a throwaway ``HOME``/``XDG_CONFIG_HOME`` (no QSettings of this machine is
read or written). The page cache is warm after the first round (this is "cold" for the
process, not for the disk; the minimum over the rounds is the headline). The first
pibdesk round starts without a backup of today (``BIG-backups/`` beside the database is
emptied first, the generated database's own folder), so it is the day's first start;
the others find it. Prints seconds and the ratio to the floor.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import DEFAULT_BIG_DB, REPO, big_db, machine

CHILD = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(["bench"])
done = []

class FirstPaint(QObject):
    def eventFilter(self, obj, ev):
        if not done and ev.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow):
            done.append(time.time())
            QTimer.singleShot(0, app.quit)
        return False

flt = FirstPaint()
app.installEventFilter(flt)
if sys.argv[1] == "bare":
    w = QMainWindow()
    w.resize(1400, 900)
    w.show()
    app.exec()
else:
    sys.path.insert(0, sys.argv[3])
    from pibdesk.app import run_gui
    run_gui(db=sys.argv[2])
print(f"FIRST_PAINT {done[0]!r}")
"""


def start_once(kind: str, db: Path, env: dict[str, str]) -> float:
    """Seconds from process start to the main window's first paint."""
    t0 = time.time()
    res = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(db), str(REPO)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    for line in res.stdout.splitlines():
        if line.startswith("FIRST_PAINT "):
            return float(line.split()[1]) - t0
    raise RuntimeError(f"{kind} start printed no first paint: {res.stdout}\n{res.stderr}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=DEFAULT_BIG_DB)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    db = big_db(args.db).resolve()
    print(machine())
    home = Path(tempfile.mkdtemp(prefix="pibdesk-bench-home-"))
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), QT_QPA_PLATFORM="offscreen")  # fmt: skip
    backups = db.parent / f"{db.stem}-backups"
    shutil.rmtree(backups, ignore_errors=True)  # the day's first start writes a backup
    try:
        start_once("bare", db, env)  # warm the page cache for both (interpreter, Qt)
        first_day = start_once("pibdesk", db, env)
        bare, ours = [], []
        for _ in range(args.rounds):
            bare.append(start_once("bare", db, env))
            ours.append(start_once("pibdesk", db, env))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    b, o = min(bare), min(ours)
    size = db.stat().st_size / 1e6
    print(f"database: {db.name}, {size:,.0f} MB; {args.rounds} rounds (min, median)")
    print(f"floor   bare QApplication + QMainWindow.show: {b:6.2f} s, {statistics.median(bare):6.2f} s")
    print(f"pibdesk run_gui to first paint:              {o:6.2f} s, {statistics.median(ours):6.2f} s")
    print(f"pibdesk day's first start (writes the daily backup first): {first_day:6.2f} s "
          f"({first_day / b:.1f}x the floor)")  # fmt: skip
    print(f"RATIO cold start to first paint: {o / b:.2f}x the bare window ({o:.2f} s vs {b:.2f} s; "
          "no goal set: printed in seconds and as a ratio)")  # fmt: skip
    print(machine())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
