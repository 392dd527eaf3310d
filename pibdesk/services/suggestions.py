"""Suggestions for a release: compute, accept, reject (remembered), mark every occurrence.

Suggestions are not stored: they are computed on demand by
:func:`pibdesk.core.suggest.suggest` from the release text, its posted date (IST) and a
registry snapshot. Accepting one stores an annotation with origin ``suggested``
(creating the entity / speaker it names if the registry lacks it) in one transaction;
rejecting one stores its ``(start, end, label)`` in ``suggestion_rejection`` so it is not
proposed again for that release.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from sqlmodel import Session

from pibdesk.core.cooperate import cooperate
from pibdesk.core.errors import NotFoundError, PibdeskError
from pibdesk.core.model import (
    IST,
    Annotation,
    Entity,
    EntityKind,
    NewAnnotation,
    Origin,
    Release,
)
from pibdesk.core.suggest import (
    PERSON,
    STATEMENT,
    TOPIC,
    SpeakerProposal,
    Suggestion,
    find_occurrences,
    propose_speaker,
    suggest,
)
from pibdesk.services.entities import EntityService
from pibdesk.storage.db import Database
from pibdesk.storage.entities import EntityRepository, RejectionRepository
from pibdesk.storage.release_lookup import pks_by_source, sources_containing
from pibdesk.storage.repositories import AnnotationRepository, ReleaseRepository
from pibdesk.storage.review import ReviewRepository


class OccurrencesCancelled(PibdeskError):
    """The editor cancelled a search for every occurrence (nothing was stored)."""


@dataclass(frozen=True)
class Accepted:
    """An accepted suggestion: the stored annotation and the entity ids created for it
    (undo deletes the annotation, then those entities)."""

    annotation: Annotation
    created_entity_ids: tuple[int, ...] = ()


class SuggestionService:
    """Suggestions of releases in one database."""

    def __init__(self, db: Database, entities: EntityService | None = None) -> None:
        self.db = db
        self.entities = entities or EntityService(db)

    def for_release(
        self,
        release_pk: int,
        labels: Iterable[str] = (PERSON, STATEMENT, TOPIC),
        *,
        editor: str | None = None,
    ) -> list[Suggestion]:
        """The release's suggestions, minus rejected ones and ones overlapping an
        annotation of the same label. ``[]`` for a release without text.

        ``editor``: the annotations compared are those the window shows them (in a
        release annotated independently only their own, so suggestions neither hide nor
        reveal another editor's work; :mod:`pibdesk.core.review`); None: every editor's."""
        reg = self.entities.registry()
        with self.db.read_session() as s:  # reads only; also run on a pool thread
            rel = ReleaseRepository(s).get(release_pk)
            rejected = RejectionRepository(s).for_release(release_pk)
            existing = [
                (a.start, a.end, a.label) for a in ReviewRepository(s).visible(release_pk, editor)
            ]
        if not rel.has_text:
            return []
        day = rel.posted_at.astimezone(IST).date() if rel.posted_at else None
        return suggest(rel.text, reg, day, rejected=rejected, existing=existing, labels=labels)

    def accept(self, release_pk: int, sg: Suggestion, author: str = "") -> Accepted:
        """Store ``sg`` as an annotation (origin ``suggested``) in one transaction,
        creating its entity and speaker when they are named but not in the registry.
        Raises :class:`SpanError` if the span no longer fits the release text."""
        with self.db.session() as s:
            return _accept_in(s, ReleaseRepository(s).get(release_pk), sg, author)

    def accept_everywhere(
        self, found: dict[int, list[Suggestion]], author: str = ""
    ) -> list[Accepted]:
        """Accept every suggestion of ``found`` (release key -> suggestions, as
        :meth:`occurrences` returns) in **one** transaction: "mark every occurrence across
        the corpus" is one user action, saved together and undone together
        (:meth:`undo_accept_all`). Raises :class:`PibdeskError` naming the release when a
        suggestion no longer fits its text (then nothing is stored)."""
        out: list[Accepted] = []
        with self.db.session() as s:
            releases = ReleaseRepository(s)
            for pk, items in found.items():
                rel = releases.get(pk)
                for sg in items:
                    cooperate()  # called on a pool thread: see pibdesk.core.cooperate
                    out.append(_accept_in(s, rel, sg, author))
        return out

    def redo_accept_all(
        self, items: Sequence[tuple[Accepted, list[Entity]]]
    ) -> list[Accepted]:
        """:meth:`redo_accept` of several, in one transaction (same ids as before)."""
        out: list[Accepted] = []
        with self.db.session() as s:
            repo, anns = EntityRepository(s), AnnotationRepository(s)
            for acc, entities in items:
                cooperate()
                for e in entities:
                    repo.add(e.kind, e.name, e.aliases, e.wikidata_qid, entity_id=e.id)
                    repo.set_state(e)
                out.append(
                    Accepted(
                        anns.restore(acc.annotation, action="redo"), acc.created_entity_ids
                    )
                )
        return out

    def accept_many(self, release_pk: int, suggestions: Iterable[Suggestion], author: str = "") -> list[Accepted]:
        """Accept several (e.g. all of one label, or all); one transaction each."""
        return [self.accept(release_pk, sg, author) for sg in suggestions]

    def undo_accept(
        self, acc: Accepted, expected_version: int | None = None, *, editor: str = ""
    ) -> list[Entity]:
        """Delete the annotation and the entities created for it, in one transaction.
        Returns those entities as they were (for :meth:`redo_accept`).

        ``expected_version`` is the annotation's ``row_version`` the editor last saw: if
        another editor changed it since, :class:`~pibdesk.core.errors.ConflictError`
        (naming them, holding their version) is raised and nothing is deleted. None
        skips the check. ``editor`` is who undoes (logged).
        """
        return self.undo_accept_all([(acc, expected_version)], editor=editor)[0]

    def undo_accept_all(
        self, items: Sequence[tuple[Accepted, int | None]], *, editor: str = ""
    ) -> list[list[Entity]]:
        """:meth:`undo_accept` of several ``(accepted, expected_version)`` pairs, in order,
        in **one** transaction: one conflict (``ConflictError``) deletes none of them.
        Returns the removed entities per item."""
        out: list[list[Entity]] = []
        with self.db.session() as s:
            anns, repo = AnnotationRepository(s), EntityRepository(s)
            for acc, version in items:
                cooperate()  # run off the GUI thread (busy_worker): see pibdesk.core.cooperate
                anns.delete(acc.annotation.id, version, editor=editor, action="undo")
                gone: list[Entity] = []
                for eid in acc.created_entity_ids:
                    try:
                        gone.append(repo.delete(eid))
                    except NotFoundError:
                        pass
                out.append(gone)
        return out

    def redo_accept(self, acc: Accepted, entities: list[Entity]) -> Accepted:
        """Put back what :meth:`undo_accept` removed: same entity ids, same annotation."""
        with self.db.session() as s:
            repo = EntityRepository(s)
            for e in entities:
                repo.add(e.kind, e.name, e.aliases, e.wikidata_qid, entity_id=e.id)
                repo.set_state(e)
            ann = AnnotationRepository(s).restore(acc.annotation, action="redo")
        return Accepted(ann, acc.created_entity_ids)

    def propose_speaker(
        self, release_pk: int, start: int, end: int, *, editor: str | None = None
    ) -> SpeakerProposal:
        """The proposed speaker of a Statement over ``start..end`` of a release (cues in
        the text, the release's Person annotations, offices on its posted date).
        ``editor``: only the Person annotations they see count (see :meth:`for_release`)."""
        reg = self.entities.registry()
        with self.db.session() as s:
            rel = ReleaseRepository(s).get(release_pk)
            anns = ReviewRepository(s).visible(release_pk, editor)
            names = {}
            ents = EntityRepository(s)
            for a in anns:
                if a.label == PERSON and a.entity_id is not None and a.entity_id not in names:
                    names[a.entity_id] = ents.get(a.entity_id).name
        known = [
            (a.start, a.end, a.entity_id, names.get(a.entity_id) if a.entity_id else None)
            for a in anns
            if a.label == PERSON
        ]
        day = rel.posted_at.astimezone(IST).date() if rel.posted_at else None
        return propose_speaker(rel.text, start, end, reg, day, known)

    def reject(self, release_pk: int, suggestions: Iterable[Suggestion]) -> None:
        """Remember rejections (one transaction for all given)."""
        with self.db.session() as s:
            repo = RejectionRepository(s)
            for sg in suggestions:
                repo.add(release_pk, sg.start, sg.end, sg.label)

    def unreject(self, release_pk: int, suggestions: Iterable[Suggestion]) -> None:
        """Forget rejections (undo of :meth:`reject`)."""
        with self.db.session() as s:
            repo = RejectionRepository(s)
            for sg in suggestions:
                repo.remove(release_pk, sg.start, sg.end, sg.label)

    def occurrences(
        self,
        ann_id: int,
        corpus: bool = False,
        *,
        editor: str | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> dict[int, list[Suggestion]]:
        """The other whole-word occurrences of an annotation's words, as suggestions with
        its label, entity and speaker (rule ``occurrence``), per release key: this release
        only, or every release with text when ``corpus``. Spans already annotated with the
        same label, and rejected ones, are left out (of the annotations ``editor`` sees,
        see :meth:`for_release`).

        ``progress(done, total)`` is called after each release and ``cancel()`` before
        each (both from the calling thread, e.g. a worker); a true ``cancel()`` raises
        :class:`OccurrencesCancelled`. Reads only: one short session per release."""
        with self.db.session() as s:
            ann = AnnotationRepository(s).get(ann_id)
            pks = ReleaseRepository(s).all_pks() if corpus else [ann.release_pk]
        ent_name = self.entities.get(ann.entity_id).name if ann.entity_id else None
        spk_name = self.entities.get(ann.speaker_id).name if ann.speaker_id else None
        out: dict[int, list[Suggestion]] = {}
        for i, pk in enumerate(pks):
            cooperate()  # a pool thread: let the GUI thread take the GIL now and then
            if cancel is not None and cancel():
                raise OccurrencesCancelled("cancelled")
            if progress is not None:
                progress(i, len(pks))
            with self.db.read_session() as s:  # reads only, 1,000s of them on a pool thread
                rel = ReleaseRepository(s).get(pk)
                if not rel.has_text:
                    continue
                taken = [
                    (a.start, a.end)
                    for a in ReviewRepository(s).visible(pk, editor)
                    if a.label == ann.label
                ]
                rejected = RejectionRepository(s).for_release(pk)
            found = []
            for st, en in find_occurrences(rel.text, ann.text):
                if (st, en, ann.label) in rejected or any(a < en and st < b for a, b in taken):
                    continue
                found.append(
                    Suggestion(
                        st, en, ann.label, rel.text[st:en], ann.entity_id, ent_name,
                        ann.speaker_id, spk_name, ann.statement_kind, rule="occurrence",
                    )
                )
            if found:
                out[pk] = found
        return out


def _accept_in(s: Session, rel: Release, sg: Suggestion, author: str) -> Accepted:
    """Store ``sg`` on ``rel`` inside the open session ``s`` (see :meth:`SuggestionService.accept`)."""
    created: list[int] = []
    if rel.text[sg.start : sg.end] != sg.text:
        raise PibdeskError(
            f"suggestion {sg.start}-{sg.end} no longer matches release {rel.release_id or rel.id}"
        )
    kind = EntityKind.TOPIC if sg.label == TOPIC else EntityKind.PERSON
    entity_id = sg.entity_id
    if entity_id is None and sg.entity_name and sg.label in (PERSON, TOPIC):
        entity_id = _find_or_create(s, kind, sg.entity_name, created)
    speaker_id = sg.speaker_id
    if speaker_id is None and sg.speaker_name and sg.label == STATEMENT:
        speaker_id = _find_or_create(s, EntityKind.PERSON, sg.speaker_name, created)
    ann = AnnotationRepository(s).add(
        NewAnnotation(
            release_pk=rel.id, start=sg.start, end=sg.end, label=sg.label,
            author=author, origin=Origin.SUGGESTED,
            entity_id=entity_id if sg.label != STATEMENT else None,
            speaker_id=speaker_id, statement_kind=sg.statement_kind,
        ),
        rel.text,
        action="accept",
    )
    return Accepted(ann, tuple(created))


def _find_or_create(s: Session, kind: EntityKind, name: str, created: list[int]) -> int:
    repo = EntityRepository(s)
    found = repo.find_by_key(name, kind)
    if found:
        return found[0].id
    e = repo.add(kind, name)
    created.append(e.id)
    return e.id


def with_entity(sg: Suggestion, entity_id: int | None, name: str | None) -> Suggestion:
    """A copy of ``sg`` linked to another entity (the editor picked one)."""
    return replace(sg, entity_id=entity_id, entity_name=name)


# ----------------------------------------------------------------------------- CLI
def resolve_release(db: Database, ref: str) -> int:
    """pibdesk's key of the release an editor names with ``ref``.

    ``ref`` is a Release ID (PRID, digits: ``1583904``), pibdesk's own key written
    ``#N`` (``#12``, as the window shows it), or the name of the file the release was
    imported from (``txt_1611211.txt``; a path is reduced to its file name): scraper text
    copies mostly carry no Release ID, so their file name is how they are found.
    Raises :class:`PibdeskError` naming the database and what was not found, or which
    ``#N`` to use when a file name fits several releases.
    """
    ref = ref.strip()
    where = db.display_url
    with db.session() as s:
        rels = ReleaseRepository(s)
        if ref.startswith("#"):
            if not ref[1:].isdigit():
                raise PibdeskError(f"--release {ref!r}: write a pibdesk key as #N (digits)")
            pk = int(ref[1:])
            try:
                rels.get(pk)
            except NotFoundError:
                raise PibdeskError(f"{where}: no release #{pk}") from None
            return pk
        if ref.isdigit():
            found = rels.find_pk(int(ref))
            if found is not None:
                return found
            hint = sources_containing(s, ref)
            also = (
                "; imported files with that number and no Release ID: "
                + ", ".join(f"{src} (#{pk})" for pk, src in hint)
                if hint
                else ""
            )
            raise PibdeskError(
                f"{where}: no release with Release ID {ref}{also} "
                "(name a file with --release FILE or a pibdesk key with --release #N)"
            )
        name = ref.replace("\\", "/").rsplit("/", 1)[-1]
        hits = pks_by_source(s, name) if name else []
    if not hits:
        raise PibdeskError(f"{where}: no release imported from a file named {name!r}")
    if len(hits) > 1:
        raise PibdeskError(
            f"{where}: {len(hits)} releases were imported from {name!r}: "
            + ", ".join(f"#{pk} ({src})" for pk, src in hits)
            + "; pick one with --release #N"
        )
    return hits[0][0]
