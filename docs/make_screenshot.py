"""Regenerate docs/screenshot-main.png from the real window.

Opens the bundled samples in a throwaway database, marks a few spans of each label on
the founding example the way an editor does (select, then the label's action), and
grabs the window. Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshot.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

MARKS = [
    ("Person", "Shri Rajnath Singh", 1),
    ("Person", "Mr Takeshi lwaya", 0),
    ("Topic", "Special Strategic and Global Partnership", 0),
    ("Topic", "Article 370", 0),
    ("Topic", "cross-border terrorism", 0),
    ("Person", "Shri Rajnath Singh", 2),
    ("Statement", "Had an extremely fruitful", 0),
]


def main() -> int:
    from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

    from pibdesk.app import create_main_window, make_demo_database

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        path = make_demo_database(tmp)
        win = create_main_window(path, author="editor")
        win.resize(1480, 900)
        win.show()
        app.processEvents()
        model = win.release_model
        row = next(r for r in range(model.rowCount()) if model.summary(r).release_id == 1583904)
        win.release_list.selectRow(row)
        text = win.current_release().text
        for label, phrase, nth in MARKS:
            start = -1
            for _ in range(nth + 1):
                start = text.index(phrase, start + 1)
            end = start + len(phrase)
            if label == "Statement":  # the whole quoted tweet
                end = text.index("both the nations.", start) + len("both the nations.")
            win.text_view.select_codepoints(start, end)
            win.label_actions[label].trigger()
            # close what an add-on opens after a mark (entity picker, speaker prompt)
            for name in ("picker", "prompt"):
                popup = getattr(getattr(win, "entity_tools", None), name, None)
                if popup is not None:
                    popup.hide()
        win.panel.select_id(win.text_view.highlights()[2].ann_id)
        # a note typed into the side panel, saved as an editor saves it (one undo step,
        # one history row)
        details = win.findChild(QWidget, "annotationDetails")
        if details is not None:
            details.note.setPlainText(
                "Wording of the 2014 Tokyo Declaration.\nCheck against the MEA joint statement."
            )
            details.save_note()
        # the optional docks (entities, suggestions, offices, timeline) closed, so the
        # core loop shows: list, header, text, annotations
        for dock in win.findChildren(QDockWidget):
            dock.hide()
        # start the view at the first body paragraph, so all three labels are in sight
        view = win.text_view
        body = view.utf16_index.to_utf16(text.index("Raksha Mantri Shri Rajnath Singh co-chaired"))
        view.verticalScrollBar().setValue(view.document().findBlock(body).blockNumber())
        app.processEvents()
        out = REPO / "docs" / "screenshot-main.png"
        win.grab().save(str(out))
        print(out)
        win.undo_stack.clear()  # while the database still exists
        win.close()
        win.deleteLater()
        app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
