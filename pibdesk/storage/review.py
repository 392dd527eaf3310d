"""Review layers in storage: release review mode/state, layered annotation reads,
rejection decisions, and the span rows agreement is computed from (issue 14).

Works inside a caller's session; returns core objects only (see
:mod:`pibdesk.core.review` for the model).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from pibdesk.core.errors import NotFoundError
from pibdesk.core.model import Annotation, utcnow
from pibdesk.core.review import CURATED, Decision, ReviewMode, ReviewState
from pibdesk.storage.repositories import AnnotationRepository, log_change
from pibdesk.storage.tables import (
    AnnotationRow,
    ReleaseReviewRow,
    ReleaseRow,
    ReviewDecisionRow,
)


@dataclass(frozen=True)
class ReviewInfo:
    """A release's review mode and state, who changed it last and when."""

    release_pk: int
    mode: ReviewMode = ReviewMode.SHARED
    state: ReviewState = ReviewState.ANNOTATING
    changed_by: str = ""
    changed_at: datetime | None = None


class ReviewRepository:
    """Review mode, layers and decisions of releases."""

    def __init__(self, session: Session) -> None:
        self.s = session

    # ----------------------------------------------------------------- mode and state
    def info(self, release_pk: int) -> ReviewInfo:
        """The release's review info (shared/annotating when never set).
        Raises :class:`NotFoundError` for an unknown release."""
        if self.s.get(ReleaseRow, release_pk) is None:
            raise NotFoundError(f"release {release_pk} does not exist")
        row = self.s.get(ReleaseReviewRow, release_pk)
        if row is None:
            return ReviewInfo(release_pk)
        return ReviewInfo(
            release_pk, ReviewMode(row.mode), ReviewState(row.state), row.changed_by,
            row.changed_at,
        )

    def set(
        self,
        release_pk: int,
        *,
        mode: ReviewMode | None = None,
        state: ReviewState | None = None,
        by: str = "",
    ) -> ReviewInfo:
        """Change mode and/or state (change-logged as ``review``); returns the new info."""
        self.info(release_pk)  # raises for an unknown release
        row = self.s.get(ReleaseReviewRow, release_pk) or ReleaseReviewRow(release_pk=release_pk)
        if mode is not None:
            row.mode = mode.value
        if state is not None:
            row.state = state.value
        row.changed_by, row.changed_at = by, utcnow()
        self.s.add(row)
        self.s.flush()
        log_change(self.s, "release", release_pk, "review", release_pk, by)
        return self.info(release_pk)

    def independent_pks(self) -> list[int]:
        """Keys of the releases in independent mode, by key."""
        q = select(ReleaseReviewRow.release_pk).where(
            ReleaseReviewRow.mode == ReviewMode.INDEPENDENT.value
        )
        return sorted(self.s.exec(q).all())

    # ----------------------------------------------------------------- layers
    def visible(self, release_pk: int, editor: str | None) -> list[Annotation]:
        """What the annotation window shows ``editor`` of a release: in independent mode
        their own layer only (``author == editor``, not curated); in shared mode, or
        with no ``editor``, every editor's own layer. The curated layer is never in it
        (the curation view shows it)."""
        anns = [
            a for a in AnnotationRepository(self.s).for_release(release_pk) if a.layer != CURATED
        ]
        if editor is not None and self.info(release_pk).mode is ReviewMode.INDEPENDENT:
            return [a for a in anns if a.author == editor]
        return anns

    def layers(self, release_pk: int) -> tuple[dict[str, list[Annotation]], list[Annotation]]:
        """``(editor layers, curated layer)`` of a release: each editor's own annotations
        (by author; an empty author is the editor ``""``) and the curated ones."""
        editors: dict[str, list[Annotation]] = {}
        curated: list[Annotation] = []
        for a in AnnotationRepository(self.s).for_release(release_pk):
            if a.layer == CURATED:
                curated.append(a)
            else:
                editors.setdefault(a.author, []).append(a)
        return editors, curated

    # ----------------------------------------------------------------- decisions
    def decisions(self, release_pk: int) -> dict[str, Decision]:
        """Stored rejections of the release: candidate key -> decision."""
        q = select(ReviewDecisionRow).where(ReviewDecisionRow.release_pk == release_pk)
        return {r.key: Decision(r.decision) for r in self.s.exec(q).all()}

    def decide(self, release_pk: int, key: str, decision: Decision, reviewer: str) -> None:
        """Store (or overwrite) a rejection of candidate ``key``."""
        row = self.s.exec(
            select(ReviewDecisionRow).where(
                ReviewDecisionRow.release_pk == release_pk, ReviewDecisionRow.key == key
            )
        ).first() or ReviewDecisionRow(release_pk=release_pk, key=key)
        row.decision, row.reviewer, row.decided_at = decision.value, reviewer, utcnow()
        self.s.add(row)
        self.s.flush()
        log_change(self.s, "review_decision", row.id, "decide", release_pk, reviewer)

    def undecide(self, release_pk: int, key: str, reviewer: str = "") -> Decision | None:
        """Forget the stored decision on ``key``; returns it (None if there was none)."""
        row = self.s.exec(
            select(ReviewDecisionRow).where(
                ReviewDecisionRow.release_pk == release_pk, ReviewDecisionRow.key == key
            )
        ).first()
        if row is None:
            return None
        before = Decision(row.decision)
        self.s.delete(row)
        self.s.flush()
        log_change(self.s, "review_decision", row.id, "undecide", release_pk, reviewer)
        return before

    # ----------------------------------------------------------------- agreement input
    def editor_spans(
        self, release_pks: Sequence[int]
    ) -> dict[int, dict[str, list[tuple[int, int, str]]]]:
        """``release_pk -> editor -> [(start, end, label)]`` of the editors' own layers
        (curated annotations left out), in one query per 500 releases."""
        t = AnnotationRow.__table__  # type: ignore[attr-defined]
        out: dict[int, dict[str, list[tuple[int, int, str]]]] = {pk: {} for pk in release_pks}
        pks = list(release_pks)
        for i in range(0, len(pks), 500):
            q = (
                sa.select(t.c.release_pk, t.c.author, t.c.start, t.c.end, t.c.label)
                .where(t.c.release_pk.in_(pks[i : i + 500]), t.c.layer != CURATED)
                .order_by(t.c.release_pk, t.c.start, t.c.end, t.c.id)
            )
            for pk, author, start, end, label in self.s.execute(q):
                out[pk].setdefault(author or "", []).append((start, end, label))
        return out

    def prids(self, release_pks: Sequence[int]) -> dict[int, int | None]:
        """``release_pk -> PRID`` (None when the release has none)."""
        if not release_pks:
            return {}
        q = select(ReleaseRow.id, ReleaseRow.release_id).where(
            col(ReleaseRow.id).in_(list(release_pks))
        )
        return {pk: prid for pk, prid in self.s.exec(q).all() if pk is not None}
