"""After a Statement is marked: the proposed speaker, confirmed with one key.

A small frame (objectName ``speakerPrompt``) showing "Speaker: Rajnath Singh (social
media post)". **1** / **2** / **3** choose the kind (direct quote / reported speech /
social media post; the guess is preselected and the text shows the current choice),
**Enter** confirms (``confirmed(entity_id or None, name, kind)``), **Tab** asks for
another person (``chooseOther()``: the window opens the entity picker; :attr:`kind`
keeps the chosen kind), **Esc** leaves the Statement without a speaker. The proposal comes from
:meth:`SuggestionService.propose_speaker`; this widget only shows it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from pibdesk.core.model import StatementKind
from pibdesk.core.suggest import SpeakerProposal

_KIND_WORDS = {
    StatementKind.DIRECT: "direct quote",
    StatementKind.REPORTED: "reported speech",
    StatementKind.SOCIAL: "social media post",
}

#: The keys choosing a kind, in the order shown in the prompt.
KIND_KEYS: dict[Qt.Key, StatementKind] = {
    Qt.Key.Key_1: StatementKind.DIRECT,
    Qt.Key.Key_2: StatementKind.REPORTED,
    Qt.Key.Key_3: StatementKind.SOCIAL,
}


def kind_words(kind: StatementKind) -> str:
    """The kind as the prompt and the menus say it ("direct quote", ...)."""
    return _KIND_WORDS[kind]


class SpeakerPrompt(QFrame):
    """Shows a :class:`SpeakerProposal`; one key to confirm."""

    confirmed = Signal(object, object, object)  # entity_id | None, name | None, StatementKind
    chooseOther = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("speakerPrompt")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.label = QLabel()
        self.label.setObjectName("speakerPromptText")
        self.kinds = QLabel()
        self.kinds.setObjectName("speakerPromptKinds")
        hint = QLabel("Enter confirm · Tab another person · Esc no speaker")
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, follows the theme
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.addWidget(self.label)
        lay.addWidget(self.kinds)
        lay.addWidget(hint)
        self.proposal: SpeakerProposal | None = None
        #: the kind the editor chose (1/2/3), else the proposal's guess
        self.kind: StatementKind = StatementKind.DIRECT
        self.hide()

    def open_with(
        self, proposal: SpeakerProposal, at: QPoint | None = None,
        kind: StatementKind | None = None,
    ) -> None:
        """Show ``proposal`` at ``at`` (parent coordinates) and take the keyboard focus.

        ``kind`` preselects a kind (a Statement's current one); else the proposal's guess.
        """
        self.proposal = proposal
        self.kind = kind or proposal.statement_kind
        self._show_text()
        pw = self.parentWidget()
        if at is not None and pw is not None:
            self.move(max(0, min(at.x(), pw.width() - self.width())),
                      max(0, min(at.y(), pw.height() - self.height())))
        self.show()
        self.raise_()
        self.setFocus()

    def _show_text(self) -> None:
        p = self.proposal
        who = (p.name if p is not None else None) or "nobody found"
        self.label.setText(f"Speaker: <b>{who}</b> ({_KIND_WORDS[self.kind]})")
        self.kinds.setText(" · ".join(
            f"<b>{i}</b> {_KIND_WORDS[k]}" if k == self.kind else f"{i} {_KIND_WORDS[k]}"
            for i, k in enumerate(KIND_KEYS.values(), start=1)
        ))
        self.adjustSize()

    def set_kind(self, kind: StatementKind) -> None:
        """Choose the Statement's kind (what keys 1/2/3 do) and show it."""
        self.kind = kind
        self._show_text()

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab must reach keyPressEvent instead of moving the focus away
        return False

    def keyPressEvent(self, e: QKeyEvent) -> None:
        p = self.proposal
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and p is not None:
            self.hide()
            if p.name is None:
                self.chooseOther.emit()
            else:
                self.confirmed.emit(p.entity_id, p.name, self.kind)
            return
        kind = KIND_KEYS.get(Qt.Key(e.key()))
        if kind is not None and p is not None:
            self.set_kind(kind)
            return
        if e.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.hide()
            self.chooseOther.emit()
            return
        if e.key() == Qt.Key.Key_Escape:
            self.hide()
            self.cancelled.emit()
            return
        super().keyPressEvent(e)
