"""Ctrl+Shift+E "mark every occurrence across the corpus" (issue 13): found and stored on a
worker thread, then one step on the undo stack; undo removes every one, redo brings them
back with the same ids. The corpus: every release of the shared raw folder."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from conftest import drag_select
from PySide6.QtCore import Qt

from pibdesk.core.model import Origin


def test_ctrl_shift_e_marks_every_release_in_one_undoable_step(
    qtbot: Any, open_window: Any, db_path: Path, raw_dir: Path
) -> None:
    from pibdesk.services.corpus import CorpusService
    from pibdesk.storage.db import Database

    db = Database(db_path)
    report = CorpusService(db).import_paths([raw_dir])
    texts = {
        o.release_pk: CorpusService(db).release(o.release_pk).text
        for o in report.outcomes
        if o.release_pk is not None and o.status == "imported"
    }
    founding = next(o.release_pk for o in report.outcomes if o.release_id == 1583904)
    db.dispose()
    assert founding is not None
    words = "Prime Minister"
    expected = {
        pk: [m.start() for m in re.finditer(r"(?<!\w)Prime Minister(?!\w)", t)]
        for pk, t in texts.items()
    }
    expected = {pk: v for pk, v in expected.items() if v}
    assert len(expected) >= 10  # in many releases

    win = open_window(db_path)
    win.open_release(founding)
    tools = win.entity_tools
    text = win.current_release().text
    start = text.index(words)
    drag_select(qtbot, win.text_view, start, start + len(words))
    qtbot.keyClick(win.text_view, Qt.Key.Key_T)
    qtbot.waitUntil(tools.picker.isVisible)
    qtbot.keyClick(tools.picker.query, Qt.Key.Key_Escape)  # no entity
    [first] = win.annotations.for_release(founding)
    win.panel.select_id(first.id)
    steps = win.undo_stack.count()

    with qtbot.waitSignal(tools.everywhereMarked, timeout=30000) as sig:
        qtbot.keyClick(
            win.text_view,
            Qt.Key.Key_E,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    n = sig.args[0]
    want = sum(len(v) for v in expected.values()) - 1  # all but the one marked by hand
    assert n == want
    assert win.undo_stack.count() == steps + 1  # one step
    assert win.undo_stack.undoText() == f"Mark {n} occurrences in {len(expected)} releases"
    marked = {pk: win.annotations.for_release(pk) for pk in expected}
    for pk, starts in expected.items():
        got = sorted(a.start for a in marked[pk])
        assert got == starts, pk  # every occurrence, nothing else
        for a in marked[pk]:
            assert (a.text, a.label, a.end - a.start) == (words, "Topic", len(words))
            assert a.id == first.id or a.origin == Origin.SUGGESTED
    before = {a.id: a for anns in marked.values() for a in anns}

    win.undo_stack.undo()
    assert {pk: [a.id for a in win.annotations.for_release(pk)] for pk in expected} == {
        pk: ([first.id] if pk == founding else []) for pk in expected
    }
    win.undo_stack.redo()
    after = {a.id: a for pk in expected for a in win.annotations.for_release(pk)}
    assert after.keys() == before.keys()  # same ids back
    assert all(
        (after[i].start, after[i].end, after[i].created_at) == (b.start, b.end, b.created_at)
        for i, b in before.items()
    )
