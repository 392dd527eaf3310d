"""Claiming releases ("I am on it"), one transaction per action (issue 9).

See :mod:`pibdesk.storage.claims` for the race-free rule. The release list shows the
holder (:attr:`pibdesk.core.model.ReleaseSummary.claimed_by`).
"""

from __future__ import annotations

from pibdesk.core.changes import Claim
from pibdesk.storage import claims as store
from pibdesk.storage.db import Database


class ClaimService:
    """Claims on the releases of one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def claim(self, release_pk: int, editor: str, *, force: bool = False) -> Claim:
        """Claim a release; raises :class:`~pibdesk.core.errors.ClaimedError` naming the holder."""
        with self.db.session() as s:
            return store.claim(s, release_pk, editor, force=force)

    def unclaim(self, release_pk: int, editor: str, *, force: bool = False) -> bool:
        """Give up a claim; True if there was one."""
        with self.db.session() as s:
            return store.unclaim(s, release_pk, editor, force=force)

    def holder(self, release_pk: int) -> Claim | None:
        """The current claim on a release, or None."""
        with self.db.session() as s:
            return store.claims(s).get(release_pk)

    def all(self) -> dict[int, Claim]:
        """Every current claim, by release key."""
        with self.db.session() as s:
            return store.claims(s)
