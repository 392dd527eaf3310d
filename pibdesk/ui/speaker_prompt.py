"""After a Statement is marked: the proposed speaker, confirmed with one key.

A small frame (objectName ``speakerPrompt``) showing "Speaker: Rajnath Singh (social
media post)". **Enter** confirms (``confirmed(entity_id or None, name, kind)``), **Tab**
asks for another person (``chooseOther()``: the window opens the entity picker),
**Esc** leaves the Statement without a speaker. The proposal comes from
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
        hint = QLabel("Enter confirm · Tab another person · Esc no speaker")
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, follows the theme
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.addWidget(self.label)
        lay.addWidget(hint)
        self.proposal: SpeakerProposal | None = None
        self.hide()

    def open_with(self, proposal: SpeakerProposal, at: QPoint | None = None) -> None:
        """Show ``proposal`` at ``at`` (parent coordinates) and take the keyboard focus."""
        self.proposal = proposal
        who = proposal.name or "nobody found"
        self.label.setText(f"Speaker: <b>{who}</b> ({_KIND_WORDS[proposal.statement_kind]})")
        self.adjustSize()
        pw = self.parentWidget()
        if at is not None and pw is not None:
            self.move(max(0, min(at.x(), pw.width() - self.width())),
                      max(0, min(at.y(), pw.height() - self.height())))
        self.show()
        self.raise_()
        self.setFocus()

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
                self.confirmed.emit(p.entity_id, p.name, p.statement_kind)
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
