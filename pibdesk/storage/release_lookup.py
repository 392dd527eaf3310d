"""Finding a release from what an editor types on the command line (storage side).

An editor knows a release by its Release ID (PRID, from pib.gov.in's ``PRID=`` query
parameter), by pibdesk's own key (shown as ``#N`` in the window), or by the name of the
file it was imported from (``source``, e.g. a scraper copy ``txt_1611211.txt`` whose text
carries no Release ID).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, col, select

from pibdesk.storage.tables import ReleaseRow


def pks_by_source(s: Session, name: str) -> list[tuple[int, str]]:
    """``(pk, source)`` of releases imported from a file called ``name`` (exact file
    name, case-sensitive, or a stored source ending in ``/name``), ordered by pk."""
    rows = s.exec(
        select(ReleaseRow.id, ReleaseRow.source)
        .where(sa.or_(col(ReleaseRow.source) == name, col(ReleaseRow.source).endswith("/" + name)))
        .order_by(col(ReleaseRow.id))
    ).all()
    return [(int(pk), src) for pk, src in rows if pk is not None]


def sources_containing(s: Session, fragment: str, limit: int = 5) -> list[tuple[int, str]]:
    """``(pk, source)`` of up to ``limit`` releases with no Release ID whose source file
    name contains ``fragment`` (a hint for an editor who typed a file's number)."""
    rows = s.exec(
        select(ReleaseRow.id, ReleaseRow.source)
        .where(col(ReleaseRow.release_id).is_(None), col(ReleaseRow.source).contains(fragment))
        .order_by(col(ReleaseRow.id))
        .limit(limit)
    ).all()
    return [(int(pk), src) for pk, src in rows if pk is not None]
