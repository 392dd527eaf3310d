"""Claiming releases ("I am on it"), one transaction per action (issue 9).

See :mod:`pibdesk.storage.claims` for the race-free rule. The release list shows the
holder (:attr:`pibdesk.core.model.ReleaseSummary.claimed_by`).
"""

from __future__ import annotations

from pibdesk.core.changes import Claim
from pibdesk.storage import claims as store
from pibdesk.storage.db import Database


class ClaimService:
    """Claims on the releases of one database.

    A claim does not lock a release: anyone may still annotate it. The window warns an
    editor who marks a release someone else holds, once per release and holder
    (:meth:`notice_once`).
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._noticed: set[tuple[int, str]] = set()

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

    def notice_once(self, release_pk: int, editor: str) -> str | None:
        """``"anita is on this release (claimed since 2026-11-29 09:15 UTC)"`` the first
        time ``editor`` (this service's user) acts on a release another editor holds; None
        when nobody else holds it, or when this holder was already named for it by this
        service. Raises :class:`~pibdesk.core.errors.PibdeskError` (e.g. the database is
        unreachable) like :meth:`holder`.
        """
        held = self.holder(release_pk)
        if held is None or held.editor == editor or (release_pk, held.editor) in self._noticed:
            return None
        self._noticed.add((release_pk, held.editor))
        since = f" since {held.since:%Y-%m-%d %H:%M} UTC" if held.since else ""
        return f"{held.editor} is on this release (claimed{since})"
