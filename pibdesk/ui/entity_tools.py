"""Entities, offices and suggestions in the main window (issue 4).

:func:`install_entity_tools` adds to a :class:`~pibdesk.ui.main_window.MainWindow`:

* **Entities** (:class:`EntitiesView`), **Offices** (:class:`OfficesView`) and **Suggestions**
  (:class:`SuggestionPanel`) docks, with dashed underlines in the text (:class:`SuggestionOverlay`);
* after a Person/Topic span is marked, the :class:`EntityPicker` autocomplete; after a
  Statement, the :class:`SpeakerPrompt` with the proposed speaker (Enter confirms);
* an **Entities** menu: refresh suggestions, accept/reject all, mark every occurrence of
  the selected annotation's words in this release (shown first as suggestions to review)
  or across the corpus (Ctrl+Shift+E: found and stored on a worker thread behind a
  progress dialog with Cancel, then one undoable step);
* an **Annotate > Statement kind** submenu: set the selected Statement's kind (direct
  quote, reported speech, social media post) or step to the next one (Ctrl+K), undoable.

Every change is a command on the window's undo stack. The window calls
:meth:`EntityTools.show_release` when it opens a release and :meth:`EntityTools.after_mark`
after the editor marks a span.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QProgressDialog

from pibdesk.core.errors import ConflictError, PibdeskError
from pibdesk.core.model import Annotation, Entity, EntityKind, Release, StatementKind
from pibdesk.core.suggest import PERSON, STATEMENT, TOPIC, Suggestion
from pibdesk.services.entities import EntityService
from pibdesk.services.suggestions import Accepted, OccurrencesCancelled, SuggestionService
from pibdesk.ui.entities_view import EntitiesView
from pibdesk.ui.entity_commands import (
    AcceptSuggestionsCommand,
    LinkAnnotationCommand,
    MarkEverywhereCommand,
    RejectSuggestionsCommand,
)
from pibdesk.ui.entity_picker import EntityPicker
from pibdesk.ui.offices_view import OfficesView
from pibdesk.ui.speaker_prompt import KIND_KEYS, SpeakerPrompt, kind_words
from pibdesk.ui.suggestion_review import SuggestionOverlay, SuggestionPanel
from pibdesk.ui.timeline_view import TaskRunner


class EntityTools(QObject):
    """The controller; one per main window (``window.entity_tools``)."""

    #: "mark every occurrence across the corpus" finished: how many were marked.
    everywhereMarked = Signal(int)
    #: the latest suggestions were computed (off the GUI thread) and shown.
    suggestionsShown = Signal()

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.w = window
        db = window.annotations.db
        self.entities = EntityService(db)
        self.suggestions = SuggestionService(db, self.entities)
        self.release: Release | None = None
        #: occurrences found for other releases, waiting to be reviewed there
        self.pending: dict[int, list[Suggestion]] = {}
        self._target: tuple[Annotation, str] | None = None  # (annotation, "entity"|"speaker")
        self._speaker_kind: StatementKind | None = None  # chosen in the prompt before Tab
        self._busy = False
        #: the running "mark every occurrence" (its dialog and stop flag), else None
        self._everywhere: tuple[QProgressDialog, threading.Event] | None = None
        self.tasks = TaskRunner(self._suggest_failed, self)  # suggestions
        self.everywhere_tasks = TaskRunner(self.w._say, self)
        self._suggest_pending = False

        self.picker = EntityPicker(self.entities, window)
        self.prompt = SpeakerPrompt(window)
        self.view = EntitiesView(self.entities, window.undo_stack, window._say)
        self.offices = OfficesView(self.entities, window.undo_stack, window._say)
        self.panel = SuggestionPanel()
        self.overlay = SuggestionOverlay(window.text_view)
        self.colors = {lab.name: lab.color for lab in window.labels}

        self.entities_dock = QDockWidget("Entities", window)
        self.entities_dock.setObjectName("entitiesDock")
        self.entities_dock.setWidget(self.view)
        self.suggestions_dock = QDockWidget("Suggestions", window)
        self.suggestions_dock.setObjectName("suggestionsDock")
        self.suggestions_dock.setWidget(self.panel)
        self.offices_dock = QDockWidget("Offices", window)
        self.offices_dock.setObjectName("officesDock")
        self.offices_dock.setWidget(self.offices)
        # bottom, tabbed, low: the text keeps the window's width and most of its height
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.suggestions_dock)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.entities_dock)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.offices_dock)
        window.tabifyDockWidget(self.suggestions_dock, self.entities_dock)
        window.tabifyDockWidget(self.entities_dock, self.offices_dock)
        self.suggestions_dock.raise_()
        window.resizeDocks([self.suggestions_dock], [170], Qt.Orientation.Vertical)

        self._build_menu()
        self.picker.picked.connect(self._on_picked)
        self.picker.createRequested.connect(self._on_create)
        self.picker.cancelled.connect(self._back_to_text)
        self.prompt.confirmed.connect(self._on_speaker_confirmed)
        self.prompt.chooseOther.connect(self._on_choose_other_speaker)
        self.prompt.cancelled.connect(self._back_to_text)
        self.panel.acceptRequested.connect(self.accept)
        self.panel.rejectRequested.connect(self.reject)
        self.panel.currentChanged.connect(self._on_current_suggestion)
        window.undo_stack.indexChanged.connect(lambda _i: self._after_undo_stack_change())

    def _build_menu(self) -> None:
        w = self.w
        m = w.menuBar().addMenu("E&ntities")
        self.suggest_action = QAction("&Refresh suggestions", w)
        self.suggest_action.setShortcut(QKeySequence("F5"))
        self.suggest_action.triggered.connect(self.refresh_suggestions)
        self.accept_all_action = QAction("&Accept all suggestions", w)
        self.accept_all_action.triggered.connect(lambda: self.accept(list(self.panel.items)))
        self.reject_all_action = QAction("Re&ject all suggestions", w)
        self.reject_all_action.triggered.connect(lambda: self.reject(list(self.panel.items)))
        self.occ_action = QAction("Mark every &occurrence (this release)", w)
        self.occ_action.setShortcut(QKeySequence("Ctrl+E"))
        self.occ_action.triggered.connect(lambda: self.mark_occurrences(corpus=False))
        self.occ_corpus_action = QAction("Mark every occurrence (&all releases)", w)
        self.occ_corpus_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.occ_corpus_action.triggered.connect(lambda: self.mark_occurrences(corpus=True))
        m.addActions([self.suggest_action, self.accept_all_action, self.reject_all_action])
        m.addSeparator()
        m.addActions([self.occ_action, self.occ_corpus_action])
        self.topic_action = QAction("Set the Statement's &topic…", w)
        self.topic_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.topic_action.triggered.connect(self.choose_statement_topic)
        self.speaker_action = QAction("Set the Statement's &speaker…", w)
        self.speaker_action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.speaker_action.triggered.connect(self.choose_statement_speaker)
        m.addSeparator()
        m.addActions([self.speaker_action, self.topic_action])
        m.addSeparator()
        m.addAction(self.suggestions_dock.toggleViewAction())
        m.addAction(self.entities_dock.toggleViewAction())
        m.addAction(self.offices_dock.toggleViewAction())
        self._build_kind_menu()

    def _build_kind_menu(self) -> None:
        """Annotate > Statement kind: one checkable action per kind, and "Next kind"."""
        w = self.w
        annotate = next(
            (a.menu() for a in w.menuBar().actions()
             if a.text().replace("&", "") == "Annotate" and isinstance(a.menu(), QMenu)),
            None,
        )
        parent = annotate if isinstance(annotate, QMenu) else w.menuBar()
        self.kind_menu = QMenu("Statement &kind", w)
        self.kind_menu.setObjectName("statementKindMenu")
        group = QActionGroup(self.kind_menu)
        group.setExclusive(True)
        self.kind_actions: dict[StatementKind, QAction] = {}
        for i, kind in enumerate(KIND_KEYS.values(), start=1):
            act = QAction(f"&{i} {kind_words(kind).capitalize()}", w)
            act.setCheckable(True)
            act.triggered.connect(lambda _=False, k=kind: self.set_statement_kind(k))
            group.addAction(act)
            self.kind_actions[kind] = act
        self.next_kind_action = QAction("&Next statement kind", w)
        self.next_kind_action.setShortcut(QKeySequence("Ctrl+K"))
        self.next_kind_action.triggered.connect(self.cycle_statement_kind)
        self.kind_menu.addActions(list(self.kind_actions.values()))
        self.kind_menu.addSeparator()
        self.kind_menu.addAction(self.next_kind_action)
        self.kind_menu.aboutToShow.connect(self._check_current_kind)
        parent.addSeparator()
        parent.addMenu(self.kind_menu)

    def _check_current_kind(self) -> None:
        ann_id = self.w.panel.current_id() or self.w.text_view.current_annotation()
        ann = self.w.annotations.get(ann_id) if ann_id is not None else None
        is_stmt = ann is not None and ann.label == STATEMENT
        for kind, act in self.kind_actions.items():
            act.setEnabled(is_stmt)
            act.setChecked(is_stmt and ann is not None and ann.statement_kind == kind)

    # ------------------------------------------------------------------ release
    def show_release(self, rel: Release) -> None:
        """The window opened ``rel``: show its suggestions once the text has painted.

        Suggesting takes tens of milliseconds on a long release (more than the rest of
        opening it), so it starts right after the window has drawn the release and runs
        on a pool thread (:meth:`refresh_suggestions`); a quicker switch to another
        release drops the stale result.
        """
        self.release = rel
        self.picker.hide()
        self.prompt.hide()
        self.panel.set_suggestions([], keep_row=None)
        self.overlay.set_suggestions([], self.colors)
        self._suggest_pending = True
        QTimer.singleShot(0, lambda pk=rel.id: self._suggest_if_current(pk))

    def _suggest_if_current(self, pk: int) -> None:
        if self.release is not None and self.release.id == pk:
            self.refresh_suggestions()

    def refresh_suggestions(self) -> None:
        """Recompute the open release's suggestions on a pool thread (F5, release open,
        after every edit) and show them when they arrive, if that release is still open.

        With a 3,000-entity registry the computation takes ~50 ms for a long release
        (the alias scan), too long for the GUI thread after every edit (issue 13); the
        service opens its own session in the worker. A newer request makes an older
        result stale. Until it arrives the panel keeps what it showed, minus what was
        just accepted or rejected (:meth:`_drop_shown`). :meth:`suggestions_settled` is
        true once the latest request is shown; :attr:`suggestionsShown` is emitted then.
        """
        rel = self.release
        self._suggest_pending = True
        if rel is None or not rel.has_text:
            self._show_suggestions(rel.id if rel else None, [], set())
            return
        pk, editor = rel.id, self.w.author

        def work() -> tuple[int, list[Suggestion], set[tuple[int, int, str]]]:
            try:
                items = self.suggestions.for_release(pk, editor=editor)
            except PibdeskError as e:
                raise RuntimeError(f"No suggestions: {e}") from e
            taken = {(a.start, a.end, a.label) for a in self.suggestions_for_taken(pk)}
            return pk, items, taken

        self.tasks.run("suggestions", work, lambda r: self._show_suggestions(*r))

    def suggestions_settled(self) -> bool:
        """True when the latest :meth:`refresh_suggestions` has been shown."""
        return not self._suggest_pending

    def _show_suggestions(
        self, pk: int | None, items: list[Suggestion], taken: set[tuple[int, int, str]]
    ) -> None:
        rel = self.release
        if rel is not None and pk is not None and rel.id != pk:
            return  # another release was opened meanwhile; its own request follows
        if rel is not None and rel.has_text:
            extra = [s for s in self.pending.get(rel.id, []) if s.key not in taken]
            keys = {s.key for s in items}
            items = sorted([*items, *(s for s in extra if s.key not in keys)],
                           key=lambda s: (s.start, s.end, s.label))
        row = self.panel.list.currentRow()
        # they arrive while the editor works: never scroll the text under them
        bar = self.w.text_view.verticalScrollBar()
        top = bar.value()
        self.panel.set_suggestions(items, keep_row=row if row >= 0 else None)
        self.overlay.set_suggestions(items, self.colors)
        if not self.panel.list.hasFocus():
            bar.setValue(top)
        self._suggest_pending = False
        self.suggestionsShown.emit()

    def _drop_shown(self, gone: list[Suggestion]) -> None:
        """Take ``gone`` (just accepted or rejected) off the panel at once, before the
        recomputed suggestions arrive."""
        keys = {s.key for s in gone}
        left = [s for s in self.panel.items if s.key not in keys]
        row = self.panel.list.currentRow()
        self.panel.set_suggestions(left, keep_row=row if row >= 0 else None)
        self.overlay.set_suggestions(left, self.colors)

    def _suggest_failed(self, message: str) -> None:
        self._suggest_pending = False
        self.w._say(message.removeprefix("RuntimeError: "))

    def suggestions_for_taken(self, pk: int) -> list[Annotation]:
        return self.w.annotations.for_editor(pk, self.w.author)

    def _on_current_suggestion(self, sg: Suggestion | None) -> None:
        self.overlay.set_current(sg)
        if sg is not None and self.release is not None:
            cur = self.w.text_view.textCursor()
            self.w.text_view.select_codepoints(sg.start, sg.end)
            if not self.panel.list.hasFocus():
                self.w.text_view.setTextCursor(cur)

    def _after_undo_stack_change(self) -> None:
        if self._busy:
            return
        self.view.refresh()
        self.offices.refresh()
        self.refresh_suggestions()

    # ------------------------------------------------------------------ accept / reject
    def accept(self, items: list[Suggestion]) -> None:
        """Accept suggestions (one, a label's, all): one undoable command."""
        rel = self.release
        if rel is None or not items:
            return
        done = []
        for sg in items:
            try:
                done.append(self.suggestions.accept(rel.id, sg, author=self.w.author or ""))
            except PibdeskError as e:
                self.w._say(f"Not accepted: {e}")
        if done:
            self._push(AcceptSuggestionsCommand(
                self.suggestions, done, self._refresh_all, self.w._say,
                seen=self.w._shown_version, editor=self.w.author or ""))
            self.pending[rel.id] = [s for s in self.pending.get(rel.id, []) if s not in items]
            self._drop_shown(items)
            self.w._say(f"Accepted {len(done)} suggestion{'s' if len(done) != 1 else ''}.", 4000)
        self._refresh_all()

    def reject(self, items: list[Suggestion]) -> None:
        """Reject suggestions; remembered for the release; one undoable command."""
        rel = self.release
        if rel is None or not items:
            return
        self.suggestions.reject(rel.id, items)
        self.pending[rel.id] = [s for s in self.pending.get(rel.id, []) if s not in items]
        self._drop_shown(items)
        self._push(RejectSuggestionsCommand(self.suggestions, rel.id, items, self._refresh_all, self.w._say))
        self._refresh_all()

    def _push(self, cmd: Any) -> None:
        self._busy = True
        try:
            self.w.undo_stack.push(cmd)
        finally:
            self._busy = False

    def _refresh_all(self) -> None:
        refresh = getattr(self.w, "_refresh_annotations", None)
        if refresh is not None:
            refresh(scroll=False)
        self.view.refresh()
        self.refresh_suggestions()

    # ------------------------------------------------------------------ after marking
    def after_mark(self, ann: Annotation) -> None:
        """The editor just marked ``ann``: offer an entity (Person/Topic) or a speaker."""
        at = self._point_below(ann.end)
        self._speaker_kind = None
        if ann.label in (PERSON, TOPIC):
            self._target = (ann, "entity")
            kind = EntityKind.TOPIC if ann.label == TOPIC else EntityKind.PERSON
            rel = self.release
            self.picker.open_for(kind, ann.text, at, rel.posted_at if rel is not None else None)
        elif ann.label == STATEMENT:
            self._target = (ann, "speaker")
            proposal = self.suggestions.propose_speaker(
                ann.release_pk, ann.start, ann.end, editor=self.w.author
            )
            self.prompt.open_with(proposal, at)
        self.view.refresh()
        # what the new span covers is no longer a suggestion: off the panel and the
        # text now, before the recomputed ones arrive
        self._drop_shown([
            s for s in self.panel.items
            if s.label == ann.label and s.start < ann.end and ann.start < s.end
        ])
        self.refresh_suggestions()

    def _selected_statement(self) -> Annotation | None:
        ann_id = self.w.panel.current_id() or self.w.text_view.current_annotation()
        ann = self.w.annotations.get(ann_id) if ann_id is not None else None
        if ann is None or ann.label != STATEMENT:
            self.w._say("Select a Statement annotation first.")
            return None
        return ann

    def choose_statement_topic(self) -> None:
        """Pick the optional Topic of the selected Statement (autocomplete over topics)."""
        ann = self._selected_statement()
        if ann is not None:
            self._target = (ann, "topic")
            self.picker.open_for(EntityKind.TOPIC, "", self._point_below(ann.end))

    def choose_statement_speaker(self) -> None:
        """Propose the selected Statement's speaker again (Enter confirms, Tab picks)."""
        ann = self._selected_statement()
        if ann is not None:
            self._target = (ann, "speaker")
            self._speaker_kind = None
            proposal = self.suggestions.propose_speaker(
                ann.release_pk, ann.start, ann.end, editor=self.w.author
            )
            self.prompt.open_with(proposal, self._point_below(ann.end), kind=ann.statement_kind)

    def set_statement_kind(self, kind: StatementKind) -> bool:
        """Set the selected Statement's kind: one undoable step (with the version this
        editor saw, so another editor's change meanwhile is reported, not overwritten).
        Returns whether the annotation changed."""
        ann = self._selected_statement()
        if ann is None:
            return False
        if ann.statement_kind == kind:
            self.w._say(f"Already {kind_words(kind)}.", 3000)
            return False
        changes: dict[str, object] = {"statement_kind": kind}
        try:
            after = self.w.annotations.update(
                ann.id, ann.row_version, editor=self.w.author, **changes
            )
        except PibdeskError as e:
            self.w._say(f"Kind not changed: {e}")
            if isinstance(e, ConflictError):
                self.w._refresh_annotations()
            return False
        cmd = LinkAnnotationCommand(
            self.w.annotations, self.entities, ann, changes, None, self._refresh_all,
            self.w._say, version=after.row_version, editor=self.w.author,
            seen=getattr(self.w, "_shown_version", None))
        cmd.setText(f"Statement kind: {kind_words(kind)}")
        self._push(cmd)
        self.w._say(f"Statement kind: {kind_words(kind)}", 4000)
        self._refresh_all()
        return True

    def cycle_statement_kind(self) -> bool:
        """Step the selected Statement to the next kind (direct -> reported -> social ->
        direct; none set counts as before direct). See :meth:`set_statement_kind`."""
        ann = self._selected_statement()
        if ann is None:
            return False
        order = list(KIND_KEYS.values())
        nxt = order[0] if ann.statement_kind is None else (
            order[(order.index(ann.statement_kind) + 1) % len(order)])
        return self.set_statement_kind(nxt)

    def _point_below(self, cp: int) -> QPoint:
        tv = self.w.text_view
        r = tv.cursor_rect_at(cp)
        return tv.viewport().mapTo(self.w, QPoint(int(r.left()), int(r.bottom()) + 4))

    def _on_picked(self, entity_id: int) -> None:
        self._link(entity_id, None)

    def _on_create(self, name: str) -> None:
        if self._target is None or not name:
            return
        ann, mode = self._target
        topic = mode == "topic" or (mode == "entity" and ann.label == TOPIC)
        kind = EntityKind.TOPIC if topic else EntityKind.PERSON
        try:
            created = self.entities.create(kind, name)
        except PibdeskError as e:
            self.w._say(f"Not created: {e}")
            return
        self._link(created.id, created)

    def _on_speaker_confirmed(self, entity_id: int | None, name: str | None, kind: StatementKind) -> None:
        if entity_id is None and name:
            try:
                created = self.entities.create(EntityKind.PERSON, name)
            except PibdeskError as e:
                self.w._say(f"Not created: {e}")
                return
            self._link(created.id, created, kind)
        elif entity_id is not None:
            self._link(entity_id, None, kind)

    def _on_choose_other_speaker(self) -> None:
        if self._target is None:
            return
        ann, _mode = self._target
        self._speaker_kind = self.prompt.kind
        self.picker.open_for(EntityKind.PERSON, "", self._point_below(ann.end))

    def _link(self, entity_id: int, created: Entity | None, kind: StatementKind | None = None) -> None:
        if self._target is None:
            return
        ann, mode = self._target
        self._target = None
        kind = kind or self._speaker_kind
        self._speaker_kind = None
        before = self.w.annotations.get(ann.id)
        changes: dict[str, object]
        if mode == "speaker":
            changes = {"speaker_id": entity_id}
            if kind is not None or before.statement_kind is None:
                changes["statement_kind"] = kind or StatementKind.DIRECT
        elif mode == "topic":
            changes = {"topic_id": entity_id}
        else:
            changes = {"entity_id": entity_id}
        try:  # with the version this editor saw: a change made meanwhile is not overwritten
            after = self.w.annotations.update(
                ann.id, ann.row_version, editor=self.w.author, **changes
            )
        except PibdeskError as e:
            self.w._say(f"Not linked: {e}")
            if created is not None:  # made for this link only: no orphan left behind
                try:
                    self.entities.delete(created.id)
                except PibdeskError:
                    pass  # linked elsewhere meanwhile: then it is no orphan
            if isinstance(e, ConflictError):
                self.w._refresh_annotations()  # show the other editor's version
            return
        self._push(LinkAnnotationCommand(
            self.w.annotations, self.entities, before, changes, created, self._refresh_all,
            self.w._say, version=after.row_version, editor=self.w.author,
            seen=getattr(self.w, "_shown_version", None)))
        name = self.entities.get(entity_id).name
        self.w._say(f"{mode.capitalize() if mode != 'entity' else 'Linked'}: {name}", 4000)
        self._refresh_all()
        self._back_to_text()

    def _back_to_text(self) -> None:
        self._target = None if not self.picker.isVisible() and not self.prompt.isVisible() else self._target
        self.w.text_view.setFocus()

    # ------------------------------------------------------------------ occurrences
    def mark_occurrences(self, corpus: bool = False) -> int:
        """Propose the selected annotation's label and entity for every other occurrence of
        its words in this release; returns how many were found. ``corpus``: mark them in
        every release instead (:meth:`mark_everywhere`, in the background; returns 0)."""
        ann_id = self.w.panel.current_id() or self.w.text_view.current_annotation()
        if ann_id is None:
            self.w._say("Select an annotation first.")
            return 0
        if corpus:
            self.mark_everywhere(ann_id)
            return 0
        found = self.suggestions.occurrences(ann_id, corpus=corpus, editor=self.w.author)
        n = 0
        for pk, items in found.items():
            have = {s.key for s in self.pending.get(pk, [])}
            self.pending.setdefault(pk, []).extend(s for s in items if s.key not in have)
            n += len(items)
        self.refresh_suggestions()
        others = len([pk for pk in found if self.release is None or pk != self.release.id])
        self.w._say(f"{n} other occurrence{'s' if n != 1 else ''} to review"
                    + (f" (in {others} other release{'s' if others != 1 else ''})" if others else ""), 6000)
        self.suggestions_dock.raise_()
        return n


    def mark_everywhere(self, ann_id: int) -> None:
        """Mark annotation ``ann_id``'s label and entity on every other whole-word
        occurrence of its words in every release (Ctrl+Shift+E).

        The search and the write run on a pool thread (one short read session per release,
        then one transaction for all, :meth:`SuggestionService.accept_everywhere`) behind a
        progress dialog whose Cancel stops the search (nothing is stored then); the result
        comes back to the GUI thread as one :class:`MarkEverywhereCommand` on the undo stack
        (Ctrl+Z removes every one of them in one transaction). Emits
        :attr:`everywhereMarked` with the count when done (0 when cancelled or none).
        """
        if self._everywhere is not None:
            self.w._say("Already marking every occurrence.")
            return
        editor, author = self.w.author, self.w.author or ""
        state = {"done": 0, "total": 0}
        stop = threading.Event()

        def work() -> tuple[list[Accepted], int] | None:
            def progress(done: int, total: int) -> None:
                state["done"], state["total"] = done, total

            try:
                found = self.suggestions.occurrences(
                    ann_id, corpus=True, editor=editor, progress=progress, cancel=stop.is_set
                )
            except OccurrencesCancelled:
                return None
            return self.suggestions.accept_everywhere(found, author), len(found)

        dialog = QProgressDialog("Finding every occurrence…", "Cancel", 0, 0, self.w)
        dialog.setWindowTitle("Mark every occurrence")
        dialog.setMinimumDuration(300)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.canceled.connect(stop.set)
        timer = QTimer(dialog)
        timer.setInterval(100)

        def tick() -> None:
            if state["total"]:
                dialog.setMaximum(state["total"])
                dialog.setValue(state["done"])
                dialog.setLabelText(f"Release {state['done']} of {state['total']}…")

        timer.timeout.connect(tick)
        timer.start()
        self._everywhere = (dialog, stop)

        def finish(result: tuple[list[Accepted], int] | None) -> None:
            timer.stop()
            dialog.reset()
            dialog.deleteLater()
            self._everywhere = None
            if result is None or not result[0]:
                self.w._say("Cancelled: nothing marked." if result is None
                            else "No other occurrence to mark.", 6000)
                self.everywhereMarked.emit(0)
                return
            accepted, releases = result
            self._push(MarkEverywhereCommand(
                self.suggestions, accepted, releases, self._refresh_all, self.w._say,
                seen=self.w._shown_version, editor=author, parent=self.w))
            self._refresh_all()
            n = len(accepted)
            self.w._say(f"Marked {n} occurrence{'s' if n != 1 else ''} in {releases} "
                        f"release{'s' if releases != 1 else ''} (Ctrl+Z removes them all).", 8000)
            self.everywhereMarked.emit(n)

        def failed(message: str) -> None:
            finish(None)
            self.w._say(f"Not marked: {message}")

        self.everywhere_tasks.on_error = failed
        self.everywhere_tasks.run("everywhere", work, finish)


def install_entity_tools(window: Any) -> EntityTools:
    """Add the entities and suggestions tools to ``window`` (see the module docstring)."""
    return EntityTools(window)
