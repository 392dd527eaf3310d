"""Independent annotation, curation and agreement: one transaction per reviewer action.

The model is :mod:`pibdesk.core.review` (layers, candidates, decisions) and
:mod:`pibdesk.core.agreement` (kappa, alpha, span F1). Every method commits before it
returns; the undo commands of the curation view (:mod:`pibdesk.ui.curation_view`) call
the inverse methods given here (accept / unaccept, reject / unreject, edit / unedit,
merge_agreements / unmerge).

Agreement over the corpus counts the releases in independent mode that two editors or
more annotated; ``release_pks`` picks others (a release annotated by several authors in
shared mode, for instance).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session

from pibdesk.core.agreement import AgreementReport, agreement
from pibdesk.core.errors import PibdeskError
from pibdesk.core.model import Annotation, NewAnnotation, Release
from pibdesk.core.review import (
    CURATED,
    Candidate,
    CurationRow,
    Decision,
    ReviewMode,
    ReviewState,
    Status,
    align,
    spans_of,
)
from pibdesk.storage.db import Database
from pibdesk.storage.export_queries import entities_by_id
from pibdesk.storage.repositories import AnnotationRepository, LabelRepository, ReleaseRepository
from pibdesk.storage.review import ReviewInfo, ReviewRepository

__all__ = ["Curation", "ReviewError", "ReviewInfo", "ReviewService"]


class ReviewError(PibdeskError):
    """A curation action that does not apply (e.g. accepting what is already final)."""


@dataclass(frozen=True)
class Curation:
    """What the curation view shows for one release: the release, its review info, the
    editors (sorted), the rows (:func:`pibdesk.core.review.align`) and the agreement of
    this release alone; ``names`` the names of the entities the rows link to, by id."""

    release: Release
    info: ReviewInfo
    editors: tuple[str, ...]
    rows: tuple[CurationRow, ...]
    agreement: AgreementReport
    names: Mapping[int, str] = field(default_factory=dict)

    def row(self, key: str) -> CurationRow | None:
        """The row of candidate ``key``, or None."""
        return next((r for r in self.rows if r.candidate.key == key), None)

    def count(self, status: Status | None = None, decision: Decision | None = None) -> int:
        return sum(
            1
            for r in self.rows
            if (status is None or r.status is status)
            and (decision is None or r.decision is decision)
        )


class ReviewService:
    """Review modes, the curated layer and agreement in one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # ----------------------------------------------------------------- mode
    def info(self, release_pk: int) -> ReviewInfo:
        with self.db.read_session() as s:
            return ReviewRepository(s).info(release_pk)

    def set_mode(self, release_pk: int, mode: ReviewMode, by: str = "") -> ReviewInfo:
        """Annotate release ``release_pk`` independently or together (undo: set it back)."""
        with self.db.session() as s:
            return ReviewRepository(s).set(release_pk, mode=mode, by=by)

    def set_state(self, release_pk: int, state: ReviewState, by: str = "") -> ReviewInfo:
        """Mark where the review stands (e.g. ``curated`` when the final layer is done)."""
        with self.db.session() as s:
            return ReviewRepository(s).set(release_pk, state=state, by=by)

    def visible(self, release_pk: int, editor: str | None) -> list[Annotation]:
        """The annotations the annotation window shows ``editor`` (see
        :meth:`pibdesk.storage.review.ReviewRepository.visible`)."""
        with self.db.read_session() as s:
            return ReviewRepository(s).visible(release_pk, editor)

    # ----------------------------------------------------------------- curation
    def curation(self, release_pk: int) -> Curation:
        """The curation rows of a release and its agreement (one read transaction).

        Raises :class:`NotFoundError` for an unknown release."""
        with self.db.read_session() as s:
            rel = ReleaseRepository(s).get(release_pk)
            repo = ReviewRepository(s)
            info = repo.info(release_pk)
            layers, curated = repo.layers(release_pk)
            decisions = repo.decisions(release_pk)
            labels = [lab.name for lab in LabelRepository(s).all()]
            ids = {
                i
                for anns in (*layers.values(), curated)
                for a in anns
                for i in (a.entity_id, a.speaker_id, a.topic_id)
                if i is not None
            }
            names = {i: e.name for i, e in entities_by_id(s, ids).items()}
        rows = align(layers, curated, decisions)
        doc = {e: spans_of(anns) for e, anns in layers.items()}
        return Curation(
            release=rel,
            info=info,
            editors=tuple(sorted(layers)),
            rows=tuple(rows),
            agreement=agreement([doc], labels),
            names=names,
        )

    def _new_curated(self, release_pk: int, c: Candidate, reviewer: str, note: str | None) -> NewAnnotation:
        return NewAnnotation(
            release_pk=release_pk,
            start=c.start,
            end=c.end,
            label=c.label,
            author=reviewer,
            entity_id=c.entity_id,
            speaker_id=c.speaker_id,
            statement_kind=c.statement_kind,
            topic_id=c.topic_id,
            note=note,
            layer=CURATED,
            fragments=c.fragments,
        )

    def _accept_in(self, s: Session, release_pk: int, c: Candidate, reviewer: str, note: str | None) -> Annotation:
        repo = ReviewRepository(s)
        _, curated = repo.layers(release_pk)
        if any((a.start, a.end, a.label) == c.span and _same(a, c) for a in curated):
            raise ReviewError(f"{c.label} {c.start}–{c.end} is in the curated layer already")
        rel = ReleaseRepository(s).get(release_pk)
        repo.undecide(release_pk, c.key, reviewer)
        ann = AnnotationRepository(s).add(
            self._new_curated(release_pk, c, reviewer, note), rel.text, action="curate"
        )
        if repo.info(release_pk).state is ReviewState.ANNOTATING:
            repo.set(release_pk, state=ReviewState.CURATING, by=reviewer)
        return ann

    def accept(self, release_pk: int, candidate: Candidate, reviewer: str, note: str | None = None) -> Annotation:
        """Copy ``candidate`` into the curated layer (author = ``reviewer``); a stored
        rejection of it is dropped. Raises :class:`ReviewError` if it is there already,
        :class:`SpanError` if it does not fit the release text."""
        with self.db.session() as s:
            return self._accept_in(s, release_pk, candidate, reviewer, note)

    def unaccept(self, ann_id: int, reviewer: str = "") -> Annotation:
        """Undo :meth:`accept`: delete curated annotation ``ann_id``; returns it as it was.
        Raises :class:`ReviewError` for an annotation outside the curated layer."""
        with self.db.session() as s:
            repo = AnnotationRepository(s)
            if repo.get(ann_id).layer != CURATED:
                raise ReviewError(f"annotation {ann_id} is not in the curated layer")
            return repo.delete(ann_id, editor=reviewer, action="undo")

    def restore(self, ann: Annotation) -> Annotation:
        """Redo of :meth:`accept` after :meth:`unaccept`: the same curated annotation back."""
        with self.db.session() as s:
            return AnnotationRepository(s).restore(ann, action="redo")

    def reject(
        self, release_pk: int, candidate: Candidate, reviewer: str,
        decision: Decision = Decision.REJECTED,
    ) -> Annotation | None:
        """Keep ``candidate`` out of the curated layer: store the rejection and remove it
        from the curated layer if it was accepted. Returns the removed curated
        annotation (None if it was not there), for :meth:`unreject`."""
        with self.db.session() as s:
            return self._reject_in(s, release_pk, candidate, reviewer, decision)

    def _reject_in(
        self, s: Session, release_pk: int, c: Candidate, reviewer: str, decision: Decision
    ) -> Annotation | None:
        repo = ReviewRepository(s)
        _, curated = repo.layers(release_pk)
        removed = None
        for a in curated:
            if (a.start, a.end, a.label) == c.span and _same(a, c):
                removed = AnnotationRepository(s).delete(a.id, editor=reviewer, action="reject")
                break
        repo.decide(release_pk, c.key, decision, reviewer)
        if repo.info(release_pk).state is ReviewState.ANNOTATING:
            repo.set(release_pk, state=ReviewState.CURATING, by=reviewer)
        return removed

    def unreject(
        self, release_pk: int, candidate: Candidate, removed: Annotation | None = None,
        reviewer: str = "",
    ) -> None:
        """Undo :meth:`reject`: forget the rejection, put back what it removed."""
        with self.db.session() as s:
            ReviewRepository(s).undecide(release_pk, candidate.key, reviewer)
            if removed is not None:
                AnnotationRepository(s).restore(removed, editor=reviewer, action="undo")

    def edit(
        self, release_pk: int, original: Candidate, edited: Candidate, reviewer: str
    ) -> tuple[Annotation, Annotation | None]:
        """Take an edited version of ``original`` into the curated layer, in one
        transaction: ``original`` is marked replaced (and leaves the curated layer if it
        was there), ``edited`` is added. Returns ``(added, removed original or None)``.
        Raises :class:`ReviewError` when ``edited`` equals ``original`` or is final already."""
        if edited == original:
            raise ReviewError("the edited annotation is the same as the original")
        with self.db.session() as s:
            removed = self._reject_in(s, release_pk, original, reviewer, Decision.REPLACED)
            added = self._accept_in(s, release_pk, edited, reviewer, None)
            return added, removed

    def unedit(
        self, release_pk: int, original: Candidate, added: Annotation,
        removed: Annotation | None, reviewer: str = "",
    ) -> None:
        """Undo :meth:`edit` in one transaction."""
        with self.db.session() as s:
            AnnotationRepository(s).delete(added.id, editor=reviewer, action="undo")
            ReviewRepository(s).undecide(release_pk, original.key, reviewer)
            if removed is not None:
                AnnotationRepository(s).restore(removed, editor=reviewer, action="undo")

    def merge_agreements(self, release_pk: int, reviewer: str) -> list[Annotation]:
        """Accept every agreed candidate not yet decided, in one transaction (the
        reviewer's one click); returns the curated annotations added."""
        rows = self.curation(release_pk).rows
        todo = [r.candidate for r in rows if r.status is Status.AGREED and r.is_open]
        with self.db.session() as s:
            return [self._accept_in(s, release_pk, c, reviewer, None) for c in todo]

    def unmerge(self, anns: Sequence[Annotation], reviewer: str = "") -> None:
        """Undo :meth:`merge_agreements` (delete those curated annotations)."""
        with self.db.session() as s:
            repo = AnnotationRepository(s)
            for a in anns:
                repo.delete(a.id, editor=reviewer, action="undo")

    def restore_all(self, anns: Sequence[Annotation]) -> list[Annotation]:
        """Redo of :meth:`merge_agreements` after :meth:`unmerge`."""
        with self.db.session() as s:
            repo = AnnotationRepository(s)
            return [repo.restore(a, action="redo") for a in anns]

    # ----------------------------------------------------------------- agreement
    def agreement(self, release_pks: Sequence[int] | None = None) -> AgreementReport:
        """Per-label agreement of the editors' own layers (curated layer left out).

        ``release_pks`` None: every release in independent mode (those with fewer than
        two editors do not count). See :mod:`pibdesk.core.agreement` for the measures.
        """
        with self.db.read_session() as s:
            repo = ReviewRepository(s)
            pks = list(release_pks) if release_pks is not None else repo.independent_pks()
            spans = repo.editor_spans(pks)
            labels = [lab.name for lab in LabelRepository(s).all()]
        return agreement([spans[pk] for pk in pks], labels)

    def release_pk(self, prid: int) -> int:
        """pibdesk's key of the release with this PRID. Raises :class:`NotFoundError`."""
        from pibdesk.core.errors import NotFoundError

        with self.db.read_session() as s:
            pk = ReleaseRepository(s).find_pk(prid)
        if pk is None:
            raise NotFoundError(f"no release with Release ID {prid}")
        return pk


def _same(a: Annotation, c: Candidate) -> bool:
    return (a.entity_id, a.speaker_id, a.topic_id, a.statement_kind, a.fragments) == (
        c.entity_id, c.speaker_id, c.topic_id, c.statement_kind, c.fragments,
    )
