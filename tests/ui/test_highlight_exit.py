"""PySide6 6.12.0 crashed at interpreter exit ("none_dealloc: deallocating None") after
~1,000 ``QTextEdit.ExtraSelection`` objects had a cursor set. pibdesk's text view paints
its highlights itself (no ExtraSelection), and this test keeps it that way: a fresh
interpreter builds 1,500 highlights exactly as the window does, paints them, and exits
without cleaning up. It must exit 0 with nothing about ``none_dealloc`` on stderr.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import sys
from PySide6.QtWidgets import QApplication
from pibdesk.core.model import Annotation
from pibdesk.ui.fonts import register_bundled_fonts
from pibdesk.ui.text_view import AnnotatedTextView
from pibdesk.core.model import DEFAULT_LABELS, Label

app = QApplication([])
register_bundled_fonts()
text = open(sys.argv[1], encoding="utf-8").read()
view = AnnotatedTextView()
view.set_labels([Label(i, n, c, k, i) for i, (n, c, k) in enumerate(DEFAULT_LABELS)])
view.set_release_text(text)
names = [n for n, _, _ in DEFAULT_LABELS]
anns = []
step = max(1, (len(text) - 20) // 1500)
for i in range(1500):
    s = (i * step) % (len(text) - 20)
    anns.append(Annotation(id=i + 1, release_pk=1, start=s, end=s + 12, label=names[i % 3], text=text[s:s + 12]))
view.set_annotations(anns)
view.resize(900, 700)
view.show()
app.processEvents()
img = view.viewport().grab()
assert len(view.highlights()) == 1500
print("painted", img.width() > 0)
"""


def test_many_highlights_then_exit_cleanly(raw_dir: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(raw_dir / "txt_1598364.txt")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "painted True" in proc.stdout
    assert "none_dealloc" not in proc.stderr
    assert "Traceback" not in proc.stderr
