"""Annotating: create, delete, restore (undo), update, change label, move span; one
transaction per action."""

from __future__ import annotations

from pibdesk.core.errors import NotFoundError, ReleaseRevisedError, SpanError
from pibdesk.core.fragments import add_fragment, covering, move_edge
from pibdesk.core.history import HistoryEntry
from pibdesk.core.model import Annotation, EntityKind, Label, NewAnnotation
from pibdesk.core.span_edit import check_bounds, relabel_changes
from pibdesk.core.text import clean_note, quote_of
from pibdesk.storage.db import Database
from pibdesk.storage.entities import EntityRepository
from pibdesk.storage.history import HistoryRepository
from pibdesk.storage.repositories import (
    AnnotationRepository,
    LabelRepository,
    ReleaseRepository,
    last_change_id,
)
from pibdesk.storage.review import ReviewRepository


class AnnotationService:
    """Annotations of releases in one database.

    Every method commits before returning, so what it returns is durable.
    Offsets are code points, end-exclusive, over the release's current text.
    """

    def __init__(self, db: Database) -> None:
        self.db = db

    def labels(self) -> list[Label]:
        """The label schema, in display order."""
        with self.db.read_session() as s:
            return LabelRepository(s).all()

    def for_release(self, release_pk: int) -> list[Annotation]:
        with self.db.read_session() as s:
            return AnnotationRepository(s).for_release(release_pk)

    def for_editor(self, release_pk: int, editor: str) -> list[Annotation]:
        """What the annotation window shows ``editor``: in a release annotated
        independently only their own annotations, else every editor's; never the curated
        layer (:meth:`pibdesk.storage.review.ReviewRepository.visible`)."""
        with self.db.read_session() as s:
            return ReviewRepository(s).visible(release_pk, editor)

    def get(self, ann_id: int) -> Annotation:
        with self.db.read_session() as s:
            return AnnotationRepository(s).get(ann_id)

    def create(self, new: NewAnnotation, *, expected_revision: int | None = None) -> Annotation:
        """Store a new annotation; its quote/prefix/suffix are taken from the release text.

        ``expected_revision`` is the text revision the offsets were chosen on (what the
        editor sees); if the release was revised since, nothing is stored and
        :class:`ReleaseRevisedError` is raised (the offsets would point into other words).
        Raises :class:`SpanError` (empty or out-of-range span, release without text) or
        :class:`NotFoundError` (unknown release or label).
        """
        with self.db.session() as s:
            rel = ReleaseRepository(s).get(new.release_pk)
            if expected_revision is not None and rel.revision != expected_revision:
                raise ReleaseRevisedError(
                    f"release {rel.release_id or rel.id} was revised meanwhile (now text "
                    f"revision {rel.revision}, you saw {expected_revision}); nothing was marked",
                    rel,
                )
            if not rel.has_text:
                raise SpanError(f"release {rel.release_id or rel.id} has no text yet")
            return AnnotationRepository(s).add(new, rel.text)

    def delete(
        self,
        ann_id: int,
        expected_version: int | None = None,
        *,
        editor: str = "",
        action: str = "delete",
    ) -> Annotation:
        """Delete an annotation and return it as it was (for undo).

        ``expected_version`` is the ``row_version`` the editor last saw: if another editor
        changed the annotation since, :class:`ConflictError` is raised (its ``current`` is
        their version, its message names them) and nothing is deleted. ``None`` skips the
        check. ``editor`` is who deletes (recorded in the change log and, with ``action``
        (``delete``, or ``undo``/``redo`` from the undo stack), in the history). Raises
        :class:`NotFoundError` if the annotation is already gone.
        """
        with self.db.session() as s:
            return AnnotationRepository(s).delete(
                ann_id, expected_version, editor=editor, action=action
            )

    def restore(self, ann: Annotation, *, editor: str = "", action: str = "restore") -> Annotation:
        """Re-insert a deleted annotation under its old id (undo of delete / redo of create).
        ``editor`` and ``action`` (``undo``/``redo``) go to the history."""
        with self.db.session() as s:
            return AnnotationRepository(s).restore(ann, editor=editor, action=action)

    def update(
        self, ann_id: int, expected_version: int | None = None, **changes: object
    ) -> Annotation:
        """Change fields; raises :class:`ConflictError` if ``expected_version`` is stale.

        The error's ``current`` is the other editor's version, its message names them.
        ``editor="name"`` among ``changes`` says who makes this change (recorded in the
        change log, not a field of the annotation).
        """
        editor = str(changes.pop("editor", "") or "")
        action = "note" if set(changes) == {"note"} else "edit"
        if "note" in changes and changes["note"] is not None:
            changes["note"] = clean_note(str(changes["note"]))
        with self.db.session() as s:
            return AnnotationRepository(s).update(
                ann_id, expected_version, editor=editor, action=action, **changes
            )

    def set_note(
        self,
        ann_id: int,
        note: str | None,
        *,
        editor: str = "",
        expected_version: int | None = None,
    ) -> Annotation:
        """Give annotation ``ann_id`` the note ``note`` (plain text, several lines; empty
        or white space only clears it to None), in one transaction; history action
        ``note``. Line ends become ``\n``; trailing white space of the whole note goes.

        Raises :class:`pibdesk.core.errors.ControlCharacterError` for a C0 control
        character other than tab and newline (nothing is written), :class:`ConflictError`
        if ``expected_version`` is stale, :class:`SpanError` if the note is unchanged,
        :class:`NotFoundError` if the annotation does not exist."""
        new = clean_note(note or "") or None
        with self.db.session() as s:
            repo = AnnotationRepository(s)
            if repo.get(ann_id).note == new:
                raise SpanError(f"annotation {ann_id} already has this note")
            return repo.update(ann_id, expected_version, editor=editor, action="note", note=new)

    def change_label(
        self, ann_id: int, label: str, *, editor: str = "", expected_version: int | None = None
    ) -> Annotation:
        """Give annotation ``ann_id`` another label in place, in one transaction.

        The id, span, quote, note, author, origin and ``created_at`` stay; ``row_version``
        goes up and ``updated_at`` is now. Links follow the rules of
        :func:`pibdesk.core.span_edit.relabel_changes`: the entity link (``entity_id``)
        is kept only if the new label takes an entity of its kind (Person: a person,
        Topic: a topic; Person -> Topic drops it); leaving Statement drops the speaker,
        the statement kind and the topic; a new Statement starts with none of them.

        ``expected_version`` is the ``row_version`` the editor saw (None skips the check);
        ``editor`` is logged. Raises :class:`ConflictError` if someone changed it since,
        :class:`NotFoundError` for an unknown annotation or label, :class:`SpanError` if
        it already has ``label``. Nothing is written when it raises.
        """
        with self.db.session() as s:
            LabelRepository(s).get(label)  # NotFoundError for a label not in the schema
            repo = AnnotationRepository(s)
            ann = repo.get(ann_id)
            kind: EntityKind | None = None
            if ann.entity_id is not None:
                try:
                    kind = EntityRepository(s).get(ann.entity_id).kind
                except NotFoundError:
                    kind = None
            changes = relabel_changes(ann, label, kind)
            return repo.update(
                ann_id, expected_version, editor=editor, action="relabel", **changes
            )

    def move_span(
        self,
        ann_id: int,
        start: int,
        end: int,
        *,
        editor: str = "",
        expected_version: int | None = None,
    ) -> Annotation:
        """Move annotation ``ann_id`` to ``start..end`` (code points, end-exclusive, over
        its release's current text), in one transaction; its quote (``text``) and
        ``prefix``/``suffix`` context follow. Id, label, links, note and ``created_at``
        stay; ``row_version`` goes up and ``updated_at`` is now.

        Raises :class:`SpanError` if the bounds are not acceptable
        (:func:`pibdesk.core.span_edit.check_bounds`: empty, white space only, reversed,
        outside the text, cutting a grapheme cluster, starting or ending with white space)
        or unchanged; :class:`ConflictError` if ``expected_version`` is stale;
        :class:`NotFoundError` if it does not exist. Nothing is written when it raises.
        """
        with self.db.session() as s:
            repo = AnnotationRepository(s)
            ann = repo.get(ann_id)
            text = ReleaseRepository(s).get(ann.release_pk).text
            check_bounds(text, start, end)
            if (start, end) == (ann.start, ann.end):
                raise SpanError(f"annotation {ann_id} already spans {start}-{end}")
            extra: dict[str, object] = {}
            if ann.fragments:
                extra["fragments"] = move_edge(text, ann.fragments, start, end)
            prefix, exact, suffix = quote_of(text, start, end)
            return repo.update(
                ann_id, expected_version, editor=editor, action="move",
                start=start, end=end, text=exact, prefix=prefix, suffix=suffix, **extra,
            )

    def add_fragment(
        self,
        ann_id: int,
        start: int,
        end: int,
        *,
        editor: str = "",
        expected_version: int | None = None,
    ) -> Annotation:
        """Add ``start..end`` (code points, end-exclusive) to annotation ``ann_id`` as a
        fragment, making it discontinuous (:mod:`pibdesk.core.fragments`), in one
        transaction; a fragment that overlaps or touches a piece joins it (back to a
        continuous span when nothing is left between). The covering span, quote and
        context follow; history action ``fragment``.

        Raises :class:`SpanError` if the piece is not acceptable (as a span is not,
        :func:`pibdesk.core.span_edit.check_bounds`) or is inside the annotation already,
        :class:`ConflictError` if ``expected_version`` is stale, :class:`NotFoundError`
        for an unknown annotation. Nothing is written when it raises."""
        with self.db.session() as s:
            repo = AnnotationRepository(s)
            ann = repo.get(ann_id)
            text = ReleaseRepository(s).get(ann.release_pk).text
            frs = add_fragment(text, ann.start, ann.end, ann.fragments, (start, end))
            st, en = covering(frs) if frs else (min(ann.start, start), max(ann.end, end))
            prefix, exact, suffix = quote_of(text, st, en)
            return repo.update(
                ann_id, expected_version, editor=editor, action="fragment",
                start=st, end=en, text=exact, prefix=prefix, suffix=suffix, fragments=frs,
            )

    def put_back(
        self,
        record: Annotation,
        fields: tuple[str, ...],
        *,
        editor: str = "",
        expected_version: int | None = None,
        action: str = "undo",
    ) -> Annotation:
        """Undo/redo of an edit (``action``: ``undo`` or ``redo``, for the history): give annotation ``record.id`` the values ``fields`` have
        in ``record`` and ``record.updated_at`` back, in one transaction (so undoing a
        label change or a move restores the exact earlier record; ``row_version`` still
        goes up, so a window that saw the edited version cannot write over it unseen).
        Raises :class:`ConflictError` if ``expected_version`` is stale,
        :class:`NotFoundError` if the annotation is gone."""
        values = {f: getattr(record, f) for f in fields}
        with self.db.session() as s:
            return AnnotationRepository(s).put_back(
                record.id, values, record.updated_at, expected_version, editor=editor,
                action=action,
            )

    def history(self, ann_id: int) -> list[HistoryEntry]:
        """Every history entry of annotation ``ann_id``, oldest first (kept after it is
        deleted; an unknown id gives ``[]``)."""
        with self.db.read_session() as s:
            return HistoryRepository(s).for_annotation(ann_id)

    def release_history(self, release_pk: int) -> list[HistoryEntry]:
        """Every history entry of release ``release_pk``'s annotations, oldest first."""
        with self.db.read_session() as s:
            return HistoryRepository(s).for_release(release_pk)

    def last_change(self) -> int:
        """The newest change-log id: poll it to learn that another window changed something."""
        with self.db.read_session() as s:
            return last_change_id(s)
