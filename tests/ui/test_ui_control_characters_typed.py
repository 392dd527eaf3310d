"""Control characters that arrive by paste or typing (issue 13): a name pasted into the
entity picker or typed into the Entities dock with U+0001 in it is refused with a
message naming the character, and nothing is stored; texts are cleaned at import
(tests/corpus/test_control_characters.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import drag_select
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pibdesk.core.errors import ControlCharacterError
from pibdesk.core.model import EntityKind
from pibdesk.core.text import refuse_control_characters
from pibdesk.storage.entities import EntityRepository, OfficeRepository


def test_a_pasted_name_with_a_control_character_is_refused(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    win = open_window(founding_db)
    tools = win.entity_tools
    text = win.current_release().text
    start = text.index("Takeshi lwaya", text.index("Takeshi lwaya") + 1)
    drag_select(qtbot, win.text_view, start, start + len("Takeshi lwaya"))
    qtbot.keyClick(win.text_view, Qt.Key.Key_P)
    picker = tools.picker
    qtbot.waitUntil(picker.isVisible)
    before = {e.id for e in tools.entities.entities()}
    said: list[str] = []
    win.statusBar().messageChanged.connect(said.append)

    QApplication.clipboard().setText("Takeshi\x01 Iwaya")  # as copied from a damaged PDF
    picker.query.selectAll()
    qtbot.keyClick(picker.query, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert picker.query.text() == "Takeshi\x01 Iwaya"
    while picker.list.currentRow() < picker.list.count() - 1:  # "Create new person …"
        qtbot.keyClick(picker.query, Qt.Key.Key_Down)
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)

    assert {e.id for e in tools.entities.entities()} == before  # nothing created
    assert any("Not created" in m and "U+0001 at character 7" in m for m in said), said
    person = [a for a in win.annotations.for_release(win.current_release().id)
              if (a.start, a.label) == (start, "Person")]
    assert len(person) == 1 and person[0].entity_id is None


def test_the_entities_dock_refuses_a_typed_control_character(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    win = open_window(founding_db)
    tools = win.entity_tools
    said: list[str] = []
    win.statusBar().messageChanged.connect(said.append)
    abe = tools.entities.create(EntityKind.PERSON, "Shinzo Abe", ("Abe",))
    depth = win.undo_stack.count()
    assert not tools.view.rename(abe.id, "Shinzo\x07Abe")
    assert not tools.view.add_alias(abe.id, "Abe\x1b[0m")
    assert tools.entities.get(abe.id) == abe  # name and aliases exactly as before
    assert win.undo_stack.count() == depth  # nothing to undo
    assert any("Not renamed" in m and "U+0007 at character 6" in m for m in said), said
    assert any("Alias not added" in m and "U+001B at character 3" in m for m in said), said


def test_the_rule_allows_tab_and_newline_and_names_the_first_offender(db: Any) -> None:
    refuse_control_characters("line one\n\tline two", "the note")  # allowed
    with pytest.raises(ControlCharacterError, match=r"the note holds .*U\+000C at character 2"):
        refuse_control_characters("ab\x0ccd\x01", "the note")
    # in storage, so no path (window, CLI, import) can store one
    with pytest.raises(ControlCharacterError, match="the office name"), db.session() as s:
        OfficeRepository(s).upsert("Prime\x00Minister")
    with pytest.raises(ControlCharacterError, match=r"the alias 'Modi\\x01' holds .*U\+0001 at character 4"), db.session() as s:
        EntityRepository(s).add(EntityKind.PERSON, "Narendra Modi", ["Modi\x01"])
    with db.session() as s:
        assert EntityRepository(s).all() == [] and OfficeRepository(s).all() == []
