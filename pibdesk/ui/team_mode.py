"""Team mode in a main window: others' changes arrive live, a lost connection shows a
banner, and "I am on it" claims the open release.

Others' changes arrive within a second (LISTEN/NOTIFY on PostgreSQL, 0.5 s polling on
SQLite, :mod:`pibdesk.ui.live_updates`); a lost connection shows a banner that retries
(:mod:`pibdesk.ui.connection_banner`) instead of an error dialog. Annotate > "I am on it"
(**Ctrl+Shift+M**) claims the open release so the desk does not annotate it twice
(:class:`~pibdesk.services.claims.ClaimService`; a claim never locks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QVBoxLayout, QWidget

from pibdesk.core.changes import Change
from pibdesk.core.errors import PibdeskError
from pibdesk.services.claims import ClaimService
from pibdesk.ui.connection_banner import ConnectionBanner
from pibdesk.ui.live_updates import LiveUpdates

if TYPE_CHECKING:
    from pibdesk.ui.main_window import MainWindow


def _short(text: str, n: int = 48) -> str:
    one = " ".join(text.split())
    return one if len(one) <= n else one[: n - 1] + "…"


class TeamMode(QObject):
    """Live updates, the connection banner and the claim action of one window
    (``window.team``; it also sets ``window.live``, ``window.connection_banner``,
    ``window.claims`` and ``window.claim_action``)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        banner = window.connection_banner = ConnectionBanner()
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(banner)
        content = window.takeCentralWidget()
        assert content is not None
        lay.addWidget(content, 1)
        window.setCentralWidget(box)
        live = window.live = LiveUpdates(window.annotations.db, window)
        live.changed.connect(self._on_live_changes)
        live.connection.connect(banner.connection_changed)
        live.start()
        self.claims = window.claims = ClaimService(window.annotations.db)
        act = self.claim_action = QAction("I am &on it (claim this release)", window)
        window.claim_action = act  # type: ignore[attr-defined]
        act.setObjectName("claimAction")
        act.setCheckable(True)
        act.setShortcut(QKeySequence("Ctrl+Shift+M"))
        act.triggered.connect(self.toggle_claim)
        window.annotate_menu.addSeparator()
        window.annotate_menu.addAction(act)
        window.release_list.selectionModel().currentRowChanged.connect(
            lambda *_: self._sync_claim_action()
        )
        self._sync_claim_action()

    def toggle_claim(self, on: bool) -> None:
        """Claim (``on``) or give up the open release as the window's author.

        A release another editor holds is refused with a status message naming them.
        """
        w = self.window
        rel = w.current_release()
        if rel is not None:
            try:
                if on:
                    self.claims.claim(rel.id, w.author)
                    w._say(f"You are on it: {_short(rel.title)}", 4000)
                else:
                    self.claims.unclaim(rel.id, w.author)
                    w._say("Claim given up.", 3000)
            except PibdeskError as e:
                w._say(f"Not claimed: {e}")
            try:
                holder = self.claims.holder(rel.id)
            except PibdeskError:
                holder = None
            else:
                w.release_model.set_claimed_by(rel.id, holder.editor if holder else None)
        self._sync_claim_action()

    def _sync_claim_action(self) -> None:
        rel = self.window.current_release()
        try:
            holder = self.claims.holder(rel.id) if rel is not None else None
        except PibdeskError:  # database unreachable: keep the check mark as it is
            return
        self.claim_action.blockSignals(True)
        self.claim_action.setChecked(holder is not None and holder.editor == self.window.author)
        self.claim_action.blockSignals(False)

    def _on_live_changes(self, changes: list[Change]) -> None:
        w = self.window
        rel = w.current_release()
        for c in changes:
            if c.table == "release" and c.action in ("claim", "unclaim") and c.release_pk:
                w.release_model.set_claimed_by(
                    c.release_pk, c.author if c.action == "claim" else None
                )
                if rel is not None and c.release_pk == rel.id:
                    self._sync_claim_action()
        if rel is not None:
            pk = rel.id
            if any(c.table == "release" and c.action == "revise" and c.row_id == pk
                   for c in changes):
                w.reload_release()  # new text: offsets chosen on the old one would be wrong
                w._say("This release was revised (new text revision); showing it now.", 8000)
            elif any(c.release_pk == pk for c in changes):
                w.poll_changes()


def install_team_mode(window: MainWindow) -> TeamMode:
    """Add live updates, the connection banner and the claim action to ``window``."""
    team = TeamMode(window)
    window.team = team  # type: ignore[attr-defined]
    return team
