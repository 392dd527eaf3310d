"""Issue 4 in the real window (pytest-qt, keyboard and mouse): link a marked Person with
the autocomplete, confirm a Statement's proposed speaker with one key, review
suggestions (Enter accepts, Backspace rejects), edit the registry with undo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import drag_select
from PySide6.QtCore import Qt

from pibdesk.core.model import Origin, StatementKind


def _body(text: str, words: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = text.index(words, at + 1)
    return at, at + len(words)


def _settled(qtbot: Any, tools: Any) -> Any:
    """Wait for the suggestions computed off the GUI thread; returns the panel."""
    qtbot.waitUntil(tools.suggestions_settled, timeout=20000)
    return tools.panel


def _ann_at(win: Any, start: int, end: int, label: str) -> Any:
    rel = win.current_release()
    found = [
        a for a in win.annotations.for_release(rel.id)
        if (a.start, a.end, a.label) == (start, end, label)
    ]
    assert len(found) == 1, found
    return found[0]


def test_pick_entity_and_confirm_speaker_by_keyboard(qtbot: Any, open_window: Any, founding_db: Path) -> None:
    win = open_window(founding_db)
    tools = win.entity_tools
    view = win.text_view
    text = win.current_release().text

    # 1. mark "Rajnath Singh" (body, first paragraph) as Person: the autocomplete opens
    start, end = _body(text, "Rajnath Singh", nth=1)
    drag_select(qtbot, view, start, end)
    qtbot.keyClick(view, Qt.Key.Key_P)
    picker = tools.picker
    qtbot.waitUntil(picker.isVisible)
    assert picker.query.text() == "Rajnath Singh"
    assert picker.choices()[0][1] == "Rajnath Singh"
    # type to filter, move with the arrows, pick with Enter
    picker.query.selectAll()
    qtbot.keyClicks(picker.query, "rajn")
    names = [t for _i, t in picker.choices()]
    assert names[0] == "Rajnath Singh" and names[-1].startswith("Create new person")
    qtbot.keyClick(picker.query, Qt.Key.Key_Down)
    qtbot.keyClick(picker.query, Qt.Key.Key_Up)
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)
    assert not picker.isVisible()
    person = _ann_at(win, start, end, "Person")
    rajnath = tools.entities.get(person.entity_id)
    assert rajnath.name == "Rajnath Singh"

    # 2. mark the first tweet quote as Statement: the speaker is proposed, Enter confirms
    s0 = text.index("Had an extremely fruitful")
    s1 = text.index("both the nations.") + len("both the nations.")
    drag_select(qtbot, view, s0, s1)
    qtbot.keyClick(view, Qt.Key.Key_S)
    prompt = tools.prompt
    qtbot.waitUntil(prompt.isVisible)
    assert "Rajnath Singh" in prompt.label.text() and "social media" in prompt.label.text()
    qtbot.keyClick(prompt, Qt.Key.Key_Return)
    assert not prompt.isVisible()
    stmt = _ann_at(win, s0, s1, "Statement")
    assert stmt.speaker_id == rajnath.id
    assert stmt.statement_kind == StatementKind.SOCIAL

    # 3. undo takes back the speaker link first, then the Statement itself
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _ann_at(win, s0, s1, "Statement").speaker_id is None
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert all(a.label != "Statement" for a in win.annotations.for_release(win.current_release().id))
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _ann_at(win, s0, s1, "Statement").speaker_id == rajnath.id


def test_create_new_entity_from_the_picker(qtbot: Any, open_window: Any, founding_db: Path) -> None:
    win = open_window(founding_db)
    tools = win.entity_tools
    text = win.current_release().text
    start, end = _body(text, "Takeshi lwaya", nth=1)
    drag_select(qtbot, win.text_view, start, end)
    qtbot.keyClick(win.text_view, Qt.Key.Key_P)
    qtbot.waitUntil(tools.picker.isVisible)
    picker = tools.picker
    picker.query.selectAll()
    qtbot.keyClicks(picker.query, "Takeshi Iwaya")
    assert picker.choices()[-1] == (None, "Create new person “Takeshi Iwaya”")
    while picker.list.currentRow() < picker.list.count() - 1:
        qtbot.keyClick(picker.query, Qt.Key.Key_Down)
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)
    ann = _ann_at(win, start, end, "Person")
    assert tools.entities.get(ann.entity_id).name == "Takeshi Iwaya"
    assert any(name == "Takeshi Iwaya" and n == 1 for _i, name, n in tools.view.rows())
    # undo removes the link and the entity made for it
    qtbot.keyClick(win.text_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _ann_at(win, start, end, "Person").entity_id is None
    assert all(e.name != "Takeshi Iwaya" for e in tools.entities.entities())


def test_review_suggestions_enter_accepts_backspace_rejects(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    win = open_window(founding_db)
    tools = win.entity_tools
    panel = _settled(qtbot, tools)
    rel = win.current_release()
    n0 = len(panel.items)
    assert n0 >= 20
    assert len(tools.overlay.painted_spans()) == n0  # dashed underlines drawn
    assert {s.label for s in panel.items} == {"Person", "Statement"}
    raksha = [s for s in panel.items if s.text == "Raksha Mantri"]
    assert raksha and all(s.entity_name == "Rajnath Singh" for s in raksha)

    panel.list.setFocus()
    panel.list.setCurrentRow(0)
    first = panel.current()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)  # accept
    anns = win.annotations.for_release(rel.id)
    assert [(a.start, a.end, a.label, a.origin) for a in anns] == [
        (first.start, first.end, first.label, Origin.SUGGESTED)
    ]
    assert anns[0].entity_id is not None
    assert len(panel.items) == n0 - 1
    _settled(qtbot, tools)
    assert len(panel.items) == n0 - 1
    second = panel.current()
    assert second is not None and second.key != first.key
    qtbot.keyClick(panel.list, Qt.Key.Key_Backspace)  # reject: remembered
    assert second.key not in {s.key for s in panel.items}
    _settled(qtbot, tools)
    assert second.key not in {s.key for s in panel.items}
    assert len(win.annotations.for_release(rel.id)) == 1  # nothing deleted by Backspace
    assert second.key not in {s.key for s in tools.suggestions.for_release(rel.id)}

    # accept every Statement at once ("by label")
    panel.list.setCurrentRow(next(i for i, s in enumerate(panel.items) if s.label == "Statement"))
    panel.accept_label.click()
    stmts = [a for a in win.annotations.for_release(rel.id) if a.label == "Statement"]
    assert len(stmts) == 2 and all(a.speaker_id is not None for a in stmts)
    # undo the label acceptance, then the rejection: both come back as suggestions
    win.undo_stack.undo()
    assert not [a for a in win.annotations.for_release(rel.id) if a.label == "Statement"]
    win.undo_stack.undo()
    _settled(qtbot, tools)
    assert second.key in {s.key for s in panel.items}


def test_entities_view_rename_alias_merge_undo(qtbot: Any, open_window: Any, founding_db: Path) -> None:
    win = open_window(founding_db)
    tools = win.entity_tools
    view = tools.view
    rel = win.current_release()
    # accept all Person suggestions so entities have linked annotations
    _settled(qtbot, tools)
    tools.accept([s for s in tools.panel.items if s.label == "Person"])
    counts = {name: n for _i, name, n in view.rows()}
    assert counts["Rajnath Singh"] == 11 and counts["Shinzo Abe"] == 5
    abe = next(i for i, name, _n in view.rows() if name == "Shinzo Abe")
    iwaya = next(i for i, name, _n in view.rows() if name == "Takeshi Iwaya")
    linked = [a.id for a in win.annotations.for_release(rel.id) if a.entity_id == iwaya]
    assert len(linked) == 3

    assert view.rename(iwaya, "Mr Takeshi IWAYA")
    assert {name for _i, name, _n in view.rows()} >= {"Takeshi IWAYA"}
    win.undo_stack.undo()
    assert tools.entities.get(iwaya).name == "Takeshi Iwaya"
    assert view.add_alias(abe, "Abe Shinzo")
    assert "Abe Shinzo" in tools.entities.get(abe).aliases
    win.undo_stack.undo()
    assert "Abe Shinzo" not in tools.entities.get(abe).aliases

    assert view.set_qid(abe, "q132345")
    assert tools.entities.get(abe).wikidata_qid == "Q132345"
    assert not view.set_qid(abe, "Shinzo")  # refused, nothing changed
    win.undo_stack.undo()
    assert tools.entities.get(abe).wikidata_qid is None

    assert view.merge(abe, iwaya)  # (wrong on purpose) and undo it
    assert all(win.annotations.get(a).entity_id == abe for a in linked)
    assert {name: n for _i, name, n in view.rows()}["Shinzo Abe"] == 8
    win.undo_stack.undo()
    assert all(win.annotations.get(a).entity_id == iwaya for a in linked)
    assert {name: n for _i, name, n in view.rows()}["Takeshi Iwaya"] == 3


def test_offices_view_edit_changes_resolution_and_undo(qtbot: Any, open_window: Any, founding_db: Path) -> None:
    from datetime import date

    win = open_window(founding_db)
    tools = win.entity_tools
    ov = tools.offices
    ov.chooser.setCurrentIndex(ov.chooser.findText("Minister of Defence"))
    holders = [t.holder_name for t in ov.terms()]
    assert holders[-2:] == ["Nirmala Sitharaman", "Rajnath Singh"]
    assert ov.table.item(ov.table.rowCount() - 1, 2).text() == "in office"
    raksha = [s for s in _settled(qtbot, tools).items if s.text == "Raksha Mantri"]
    assert {s.entity_name for s in raksha} == {"Rajnath Singh"}
    # an editor (wrongly) extends Sitharaman's term past the release date: suggestions follow
    ov.table.selectRow(ov.table.rowCount() - 2)
    term = ov.current_term()
    assert term is not None and term.holder_name == "Nirmala Sitharaman"
    assert ov.save_term(term, term.holder_id, term.start, date(2019, 12, 31), term.source_url)
    assert ov.save_term(ov.terms()[-1], ov.terms()[-1].holder_id, date(2020, 1, 1), None,
                        ov.terms()[-1].source_url)
    raksha = [s for s in _settled(qtbot, tools).items if s.text == "Raksha Mantri"]
    assert {s.entity_name for s in raksha} == {"Nirmala Sitharaman"}
    win.undo_stack.undo()
    win.undo_stack.undo()
    assert [t.end for t in ov.terms()][-2:] == [date(2019, 5, 30), None]
    raksha = [s for s in _settled(qtbot, tools).items if s.text == "Raksha Mantri"]
    assert {s.entity_name for s in raksha} == {"Rajnath Singh"}
    # delete + undo gives the term back
    ov.table.selectRow(0)
    first = ov.current_term()
    assert first is not None and ov.delete_term(first)
    assert first.id not in {t.id for t in ov.terms()}
    win.undo_stack.undo()
    assert [(t.holder_name, t.start) for t in ov.terms()][0] == (first.holder_name, first.start)


def test_mark_every_occurrence_shows_them_as_suggestions(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    win = open_window(founding_db)
    tools = win.entity_tools
    text = win.current_release().text
    start, end = _body(text, "Ichigaya")  # once only: nothing else to propose
    drag_select(qtbot, win.text_view, start, end)
    qtbot.keyClick(win.text_view, Qt.Key.Key_T)
    qtbot.waitUntil(tools.picker.isVisible)
    qtbot.keyClick(tools.picker.query, Qt.Key.Key_Escape)  # no entity
    assert tools.mark_occurrences() == 0
    start, end = _body(text, "Tokyo")
    drag_select(qtbot, win.text_view, start, end)
    qtbot.keyClick(win.text_view, Qt.Key.Key_T)
    qtbot.waitUntil(tools.picker.isVisible)
    qtbot.keyClick(tools.picker.query, Qt.Key.Key_Escape)
    ann = _ann_at(win, start, end, "Topic")
    win.panel.select_id(ann.id)
    qtbot.keyClick(win.text_view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    _settled(qtbot, tools)
    occ = [s for s in tools.panel.items if s.rule == "occurrence"]
    assert [(s.text, s.label) for s in occ] == [("Tokyo", "Topic"), ("Tokyo", "Topic")]
    assert all(s.start != start for s in occ)
    # reviewed like any suggestion: accept one, reject the other
    tools.accept([occ[0]])
    tools.reject([occ[1]])
    _settled(qtbot, tools)
    topics = [a for a in win.annotations.for_release(win.current_release().id) if a.label == "Topic"]
    assert len(topics) == 3 and not [s for s in tools.panel.items if s.rule == "occurrence"]


def test_statement_topic_is_optional_and_chosen_by_keyboard(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    win = open_window(founding_db)
    tools = win.entity_tools
    text = win.current_release().text
    s0 = text.index("The meeting with the Prime Minister")
    s1 = text.index("both the countries.") + len("both the countries.")
    drag_select(qtbot, win.text_view, s0, s1)
    qtbot.keyClick(win.text_view, Qt.Key.Key_S)
    qtbot.waitUntil(tools.prompt.isVisible)
    qtbot.keyClick(tools.prompt, Qt.Key.Key_Escape)  # no speaker for now
    stmt = _ann_at(win, s0, s1, "Statement")
    assert stmt.speaker_id is None and stmt.topic_id is None
    win.panel.select_id(stmt.id)
    tools.topic_action.trigger()
    qtbot.waitUntil(tools.picker.isVisible)
    qtbot.keyClicks(tools.picker.query, "India-Japan relations")
    assert tools.picker.choices() == [(None, "Create new topic “India-Japan relations”")]
    qtbot.keyClick(tools.picker.query, Qt.Key.Key_Return)
    topic = tools.entities.get(_ann_at(win, s0, s1, "Statement").topic_id)
    assert (topic.name, topic.kind.value) == ("India-Japan relations", "topic")
    # the speaker can still be set afterwards, from the proposal, with one key
    win.panel.select_id(stmt.id)
    tools.speaker_action.trigger()
    qtbot.waitUntil(tools.prompt.isVisible)
    qtbot.keyClick(tools.prompt, Qt.Key.Key_Return)
    assert tools.entities.get(_ann_at(win, s0, s1, "Statement").speaker_id).name == "Rajnath Singh"


def test_entities_menu_keys_clash_with_no_other_action(open_window: Any, founding_db: Path) -> None:
    from collections import Counter

    from pibdesk.ui.shortcuts import menu_actions

    win = open_window(founding_db)
    keys = Counter(
        seq.toString()
        for _menu, act in menu_actions(win)
        for seq in act.shortcuts()
        if not seq.isEmpty() and act.shortcutContext() != Qt.ShortcutContext.WidgetShortcut
    )
    tools = win.entity_tools
    mine = [tools.suggest_action, tools.occ_action, tools.occ_corpus_action,
            tools.topic_action, tools.speaker_action, tools.next_kind_action]
    for act in mine:
        assert keys[act.shortcut().toString()] == 1, act.text()


def test_undoing_a_link_never_overwrites_another_editors_change(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    from pibdesk.core.model import EntityKind
    from pibdesk.services.annotations import AnnotationService
    from pibdesk.services.entities import EntityService
    from pibdesk.storage.db import Database

    win = open_window(founding_db)
    tools = win.entity_tools
    view = win.text_view
    text = win.current_release().text
    start, end = _body(text, "Rajnath Singh", nth=1)
    drag_select(qtbot, view, start, end)
    qtbot.keyClick(view, Qt.Key.Key_P)
    qtbot.waitUntil(tools.picker.isVisible)
    qtbot.keyClick(tools.picker.query, Qt.Key.Key_Return)
    person = _ann_at(win, start, end, "Person")
    rajnath = person.entity_id
    assert rajnath is not None

    # undo and redo of one's own link work as before
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _ann_at(win, start, end, "Person").entity_id is None
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert _ann_at(win, start, end, "Person").entity_id == rajnath

    # another editor (another process, here another connection) re-links it meanwhile,
    # before this window hears of it (once shown, undoing over it is the editor's choice)
    win.live.stop()
    win._poll_timer.stop()
    other_db = Database(founding_db)
    try:
        other = AnnotationService(other_db)
        seen = other.get(person.id)
        abe = EntityService(other_db).create(EntityKind.PERSON, "Shinzo Abe").id
        other.update(person.id, seen.row_version, editor="colleague", entity_id=abe)
    finally:
        other_db.dispose()

    # undo now refuses instead of silently unlinking the colleague's choice
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _ann_at(win, start, end, "Person").entity_id == abe
    assert "colleague" in win.statusBar().currentMessage()


def test_marking_an_office_title_as_person_offers_its_holder_first(
    qtbot: Any, open_window: Any, founding_db: Path
) -> None:
    """"Raksha Mantri" marked by hand: the picker lists the holder on the posted date
    (2019-09-02: Rajnath Singh) first, not only "Create new person 'Raksha Mantri'"."""
    win = open_window(founding_db)
    tools = win.entity_tools
    view = win.text_view
    text = win.current_release().text
    start, end = _body(text, "Raksha Mantri")
    drag_select(qtbot, view, start, end)
    qtbot.keyClick(view, Qt.Key.Key_P)
    picker = tools.picker
    qtbot.waitUntil(picker.isVisible)
    assert picker.query.text() == "Raksha Mantri"
    (first_id, first), *rest = picker.choices()
    assert first.startswith("Rajnath Singh  (Raksha Mantri, 02 Sep 2019)"), picker.choices()
    assert tools.entities.get(first_id).name == "Rajnath Singh"
    assert first_id not in [i for i, _t in rest]  # listed once
    assert rest[-1][1].startswith("Create new person")
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)
    assert not picker.isVisible()
    assert tools.entities.get(_ann_at(win, start, end, "Person").entity_id).name == "Rajnath Singh"
