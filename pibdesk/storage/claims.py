"""Release claims: one editor says "I am on it" so the desk does not annotate it twice.

A claim is ``release.claimed_by``/``claimed_at``. Taking it is one conditional
``UPDATE ... WHERE claimed_by IS NULL OR claimed_by = :me``, so two editors racing for
the same release cannot both win, on SQLite or PostgreSQL. Each change is logged
(``action`` ``claim``/``unclaim``), so other editors' release lists update.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from pibdesk.core.changes import Claim
from pibdesk.core.errors import ClaimedError, NotFoundError
from pibdesk.core.model import utcnow
from pibdesk.storage.repositories import log_change
from pibdesk.storage.tables import ReleaseRow


def _holder(s: Session, pk: int) -> tuple[str | None, datetime | None]:
    row = s.exec(
        select(ReleaseRow.claimed_by, ReleaseRow.claimed_at).where(ReleaseRow.id == pk)
    ).first()
    if row is None:
        raise NotFoundError(f"release {pk} does not exist")
    return row[0], row[1]


def claim(s: Session, pk: int, editor: str, *, force: bool = False) -> Claim:
    """Give release ``pk`` to ``editor`` (renewing their own claim).

    Raises :class:`ClaimedError` naming the holder when another editor has it (unless
    ``force``: taking over, e.g. from someone who went home), :class:`NotFoundError`
    for an unknown release, ``ValueError`` for an empty editor name.
    """
    if not editor.strip():
        raise ValueError("an editor name is needed to claim a release")
    now = utcnow()
    stmt = sa.update(ReleaseRow).where(col(ReleaseRow.id) == pk)
    if not force:
        stmt = stmt.where(
            sa.or_(col(ReleaseRow.claimed_by).is_(None), col(ReleaseRow.claimed_by) == editor)
        )
    done = s.execute(stmt.values(claimed_by=editor, claimed_at=now)).rowcount  # type: ignore[attr-defined]
    if done != 1:
        holder, since = _holder(s, pk)
        when = f" since {since:%Y-%m-%d %H:%M} UTC" if since else ""
        raise ClaimedError(f"release {pk} is being annotated by {holder}{when}", holder or "", since)
    log_change(s, "release", pk, "claim", pk, editor)
    return Claim(pk, editor, now)


def unclaim(s: Session, pk: int, editor: str, *, force: bool = False) -> bool:
    """Give up ``editor``'s claim on ``pk``; True if there was one to give up.

    Raises :class:`ClaimedError` when another editor holds it (unless ``force``).
    """
    holder, since = _holder(s, pk)
    if holder is None:
        return False
    if holder != editor and not force:
        raise ClaimedError(f"release {pk} is held by {holder}, not {editor}", holder, since)
    s.execute(
        sa.update(ReleaseRow)
        .where(col(ReleaseRow.id) == pk)
        .values(claimed_by=None, claimed_at=None)
    )
    log_change(s, "release", pk, "unclaim", pk, editor)
    return True


def claims(s: Session) -> dict[int, Claim]:
    """Every current claim, by release key."""
    rows = s.exec(
        select(ReleaseRow.id, ReleaseRow.claimed_by, ReleaseRow.claimed_at).where(
            col(ReleaseRow.claimed_by).is_not(None)
        )
    ).all()
    return {r[0]: Claim(r[0], r[1], r[2]) for r in rows if r[0] is not None and r[1]}
