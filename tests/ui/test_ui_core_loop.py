"""Issue 2's "done when": mark Person, Statement and Topic by mouse and key on the
founding example, export, undo/redo, and reopen in a new window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import drag_select, export_rows
from PySide6.QtCore import Qt

PERSON = "Shri Rajnath Singh"
STATEMENT_HEAD = "Had an extremely fruitful"
STATEMENT_TAIL = "both the nations."
TOPIC = "Article 370"


def body_spans(text: str) -> dict[str, tuple[int, int]]:
    """Where the three spans of the issue are in the parsed text (code points)."""
    paras = [p for p in text.split("\n\n")]
    offsets = []
    pos = 0
    for p in paras:
        offsets.append(pos)
        pos += len(p) + 2
    # paragraph 0 is title + sub-heading; the body starts at paragraph 1
    first = next(
        i
        for i, p in enumerate(paras)
        if p.startswith("Raksha Mantri Shri Rajnath Singh co-chaired")
    )
    third = first + 2
    assert paras[third].startswith("Raksha Mantri also discussed abrogation of Article 370")
    p1 = offsets[first] + paras[first].index(PERSON)
    s0 = offsets[third] + paras[third].index("“" + STATEMENT_HEAD) + 1
    s1 = offsets[third] + paras[third].index(STATEMENT_TAIL + "”") + len(STATEMENT_TAIL)
    t0 = offsets[third] + paras[third].index(TOPIC)
    return {
        "Person": (p1, p1 + len(PERSON)),
        "Statement": (s0, s1),
        "Topic": (t0, t0 + len(TOPIC)),
    }


def test_mark_three_labels_export_undo_redo_reopen(
    qtbot: Any, open_window: Any, founding_db: Path, tmp_path: Path
) -> None:
    win = open_window(founding_db)
    view = win.findChild(type(win.text_view), "releaseText")
    assert view is win.text_view
    rel = win.current_release()
    assert rel is not None and rel.release_id == 1583904
    text = rel.text
    spans = body_spans(text)

    for label, key in (
        ("Person", Qt.Key.Key_P),
        ("Statement", Qt.Key.Key_S),
        ("Topic", Qt.Key.Key_T),
    ):
        start, end = spans[label]
        drag_select(qtbot, view, start, end)
        assert view.selection_codepoints() == (start, end)
        qtbot.keyClick(view, key)

    rows = export_rows(founding_db, tmp_path)
    assert len(rows) == 1 and rows[0]["release_id"] == 1583904
    anns = {a["label"]: a for a in rows[0]["annotations"]}
    assert set(anns) == {"Person", "Statement", "Topic"}
    for label, (start, end) in spans.items():
        a = anns[label]
        assert (a["start"], a["end"]) == (start, end)
        assert a["text"] == rows[0]["text"][start:end]
        assert a["author"] == "tester"
    assert anns["Person"]["text"] == PERSON
    assert anns["Topic"]["text"] == TOPIC
    assert anns["Statement"]["text"].startswith(STATEMENT_HEAD)
    assert anns["Statement"]["text"].endswith(STATEMENT_TAIL)
    assert "Takeshi Iwaya in Tokyo" in anns["Statement"]["text"]
    # the panel lists them, and the release list counts them
    assert win.panel.model().rowCount() == 3
    topic_id = anns["Topic"]["id"]

    # undo removes the Topic (last action), redo restores the same record
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    after_undo = {a["label"] for a in export_rows(founding_db, tmp_path)[0]["annotations"]}
    assert after_undo == {"Person", "Statement"}
    assert win.panel.model().rowCount() == 2
    assert "Topic" not in view.labels_at(spans["Topic"][0])

    qtbot.keyClick(
        view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    redone = {a["label"]: a for a in export_rows(founding_db, tmp_path)[0]["annotations"]}
    assert redone["Topic"]["id"] == topic_id
    assert redone["Topic"] == anns["Topic"]  # same record: id, offsets, times, author
    assert view.labels_at(spans["Topic"][0]) == ["Topic"]

    # a second window on the same database shows all three
    win2 = open_window(founding_db)
    assert win2.current_release().release_id == 1583904
    labels2 = sorted(
        win2.panel.model().index(r, 0).data() for r in range(win2.panel.model().rowCount())
    )
    assert labels2 == ["Person", "Statement", "Topic"]
    assert {h.label for h in win2.text_view.highlights()} == {"Person", "Statement", "Topic"}
    assert "Statement" in win2.text_view.labels_at(spans["Statement"][0] + 5)
