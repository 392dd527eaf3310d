"""Repositories: the only code that reads and writes table rows.

Each repository works inside a caller's :class:`sqlmodel.Session` (one transaction,
opened by :meth:`pibdesk.storage.db.Database.session`) and returns frozen
:mod:`pibdesk.core.model` objects; rows never leave this module.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from pibdesk.core.errors import ConflictError, NotFoundError, SpanError
from pibdesk.core.fragments import check_fragments, covering
from pibdesk.core.fragments import decode as decode_fragments
from pibdesk.core.fragments import encode as encode_fragments
from pibdesk.core.model import (
    Annotation,
    Label,
    NewAnnotation,
    Origin,
    ParsedRelease,
    Release,
    ReleaseStatus,
    ReleaseSummary,
    StatementKind,
    Translation,
    utcnow,
)
from pibdesk.core.text import clean_note, quote_of, text_hash
from pibdesk.storage import history
from pibdesk.storage.tables import (
    AnnotationRow,
    ChangeLogRow,
    LabelRow,
    ReleaseRevisionRow,
    ReleaseRow,
    SettingRow,
    TranslationRow,
    VisitorCountRow,
)


# --------------------------------------------------------------------------- rows -> core
def release_from_row(row: ReleaseRow, translations: Sequence[TranslationRow] = ()) -> Release:
    """A core :class:`Release` for a row (and its translation rows)."""
    assert row.id is not None
    return Release(
        id=row.id,
        release_id=row.release_id,
        title=row.title,
        text=row.text,
        text_hash=row.text_hash,
        ministry=row.ministry,
        subtitles=tuple(json.loads(row.subtitles_json or "[]")),
        posted_at=row.posted_at,
        bureau=row.bureau,
        language=row.language,
        visitor_count=row.visitor_count,
        translations=tuple(
            Translation(language=t.language, label=t.label, release_id=t.target_release_id)
            for t in translations
        ),
        sign_off=row.sign_off,
        source=row.source,
        revision=row.revision,
        has_text=row.has_text,
        status=ReleaseStatus(row.status),
        imported_at=row.imported_at,
    )


def annotation_from_row(row: AnnotationRow) -> Annotation:
    """A core :class:`Annotation` for a row."""
    assert row.id is not None
    return Annotation(
        id=row.id,
        release_pk=row.release_pk,
        start=row.start,
        end=row.end,
        label=row.label,
        text=row.text,
        prefix=row.prefix,
        suffix=row.suffix,
        author=row.author,
        origin=Origin(row.origin),
        created_at=row.created_at,
        updated_at=row.updated_at,
        entity_id=row.entity_id,
        speaker_id=row.speaker_id,
        statement_kind=StatementKind(row.statement_kind) if row.statement_kind else None,
        topic_id=row.topic_id,
        note=row.note,
        needs_review=row.needs_review,
        row_version=row.row_version,
        layer=row.layer or "",
        fragments=decode_fragments(row.fragments),
    )


#: The annotation columns in the order of :class:`Annotation`'s fields.
ANNOTATION_FIELDS = (
    "id",
    "release_pk",
    "start",
    "end",
    "label",
    "text",
    "prefix",
    "suffix",
    "author",
    "origin",
    "created_at",
    "updated_at",
    "entity_id",
    "speaker_id",
    "statement_kind",
    "topic_id",
    "note",
    "needs_review",
    "row_version",
    "layer",
    "fragments",
)
_TIMES = frozenset({"created_at", "updated_at"})
_ORIGINS = {o.value: o for o in Origin}
_KINDS: dict[str | None, StatementKind | None] = {k.value: k for k in StatementKind}
_KINDS[None] = None


def stored_utc(stored: str | datetime | None) -> datetime | None:
    """An aware UTC datetime from a stored naive-UTC ``DATETIME`` (see UTCDateTime): text
    on SQLite, a naive ``datetime`` from PostgreSQL's driver."""
    if stored is None:
        return None
    if isinstance(stored, datetime):
        return stored.replace(tzinfo=UTC) if stored.tzinfo is None else stored.astimezone(UTC)
    return datetime.fromisoformat(stored + "+00:00")


def raw_rows(s: Session, q: sa.Select[Any]) -> list[tuple[Any, ...]]:
    """The rows of ``q`` as plain DBAPI tuples, in the session's transaction.

    The statement is compiled with its (integer and string) parameters rendered as SQL
    literals by SQLAlchemy and run on the DBAPI cursor: this skips building a
    SQLAlchemy ``Row`` per result row (about an eighth of an export's time).
    """
    conn = s.connection()
    sql = str(q.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    cur = conn.connection.cursor()
    try:
        cur.execute(sql)
        return list(cur.fetchall())
    finally:
        cur.close()


def read_annotations(s: Session, *where: sa.ColumnElement[bool]) -> list[Annotation]:
    """The annotations matching ``where``, ordered by ``(release_pk, start, end, id)``.

    The fast read shared by opening a release and exporting: one Core query run on the
    DBAPI cursor (:func:`raw_rows`), the two times read as their stored text and parsed
    by :meth:`datetime.fromisoformat`, enums by dict look-up, and each frozen
    :class:`Annotation` filled through its ``__dict__``. For a release of 500
    annotations this is about 6x faster than SQLAlchemy rows through
    :func:`annotation_from_row` (``benchmarks/bench_open_release.py``), and an export
    reads ~10^6 rows this way (``benchmarks/bench_export.py``).
    """
    t = AnnotationRow.__table__  # type: ignore[attr-defined]
    cols = [
        sa.type_coerce(t.c[n], sa.String).label(n) if n in _TIMES else t.c[n]
        for n in ANNOTATION_FIELDS
    ]
    q = sa.select(*cols).where(*where).order_by(t.c.release_pk, t.c.start, t.c.end, t.c.id)
    origins, kinds, utc = _ORIGINS, _KINDS, stored_utc
    fields, new = ANNOTATION_FIELDS, object.__new__
    out = []
    for row in raw_rows(s, q):
        v = list(row)  # Annotation's fields in order; enums by dict look-up
        v[9], v[10], v[11], v[14], v[17], v[19], v[20] = (
            origins[v[9]], utc(v[10]), utc(v[11]), kinds[v[14] or None], bool(v[17]), v[19] or "",
            decode_fragments(v[20]) if v[20] else (),
        )  # fmt: skip
        # A frozen dataclass's __init__ sets its 19 fields one by one through
        # object.__setattr__; filling __dict__ directly makes the same object (Annotation
        # has no __post_init__ or slots) about twice as fast, which matters at 10^5 rows.
        ann = new(Annotation)
        ann.__dict__.update(zip(fields, v, strict=True))
        out.append(ann)
    return out


def log_change(
    s: Session,
    table: str,
    row_id: int | None,
    action: str,
    release_pk: int | None = None,
    author: str = "",
) -> None:
    """Append a change-log row (same transaction) so other windows can notice the change."""
    s.add(
        ChangeLogRow(
            at=utcnow(),
            table_name=table,
            row_id=row_id,
            release_pk=release_pk,
            action=action,
            author=author,
        )
    )
    if s.get_bind().dialect.name == "postgresql":
        from pibdesk.storage.notify import notify_change

        notify_change(s, release_pk)  # delivered to LISTENers when this transaction commits


# --------------------------------------------------------------------------- releases
@dataclass(frozen=True)
class ReleaseFilter:
    """Which releases a list shows. ``text`` matches title or ministry (case-insensitive);
    dates are aware datetimes (inclusive ``since``, exclusive ``until``)."""

    text: str = ""
    ministry: str | None = None
    bureau: str | None = None
    language: str | None = None
    status: ReleaseStatus | None = None
    since: datetime | None = None
    until: datetime | None = None


#: What the release list can be sorted by (:meth:`ReleaseRepository.summaries`).
RELEASE_SORTS = ("posted", "title", "ministry", "editor", "annotations")


class ReleaseRepository:
    """Releases, their revisions, translation links and visitor-counter history."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def _row(self, pk: int) -> ReleaseRow:
        row = self.s.get(ReleaseRow, pk)
        if row is None:
            raise NotFoundError(f"release {pk} does not exist")
        return row

    def get(self, pk: int) -> Release:
        """The release with pibdesk key ``pk``. Raises :class:`NotFoundError`."""
        row = self._row(pk)
        trs = self.s.exec(select(TranslationRow).where(TranslationRow.release_pk == pk)).all()
        return release_from_row(row, trs)

    def find_pk(self, release_id: int | None, hash_: str | None = None) -> int | None:
        """The key of the release with this PRID, else (no PRID) with this text hash."""
        if release_id is not None:
            return self.s.exec(
                select(ReleaseRow.id).where(ReleaseRow.release_id == release_id)
            ).first()
        if hash_ is not None:
            return self.s.exec(
                select(ReleaseRow.id).where(
                    ReleaseRow.text_hash == hash_, col(ReleaseRow.release_id).is_(None)
                )
            ).first()
        return None

    def add(self, parsed: ParsedRelease) -> Release:
        """Store a new release (revision 1) with its translations and visitor count."""
        now = utcnow()
        h = text_hash(parsed.text)
        row = ReleaseRow(
            release_id=parsed.release_id,
            text_hash=h,
            title=parsed.title,
            ministry=parsed.ministry,
            subtitles_json=json.dumps(list(parsed.subtitles), ensure_ascii=False),
            posted_at=parsed.posted_at,
            bureau=parsed.bureau,
            language=parsed.language,
            visitor_count=parsed.visitor_count,
            sign_off=parsed.sign_off,
            source=parsed.source,
            text=parsed.text,
            has_text=parsed.has_text,
            revision=1,
            imported_at=now,
            updated_at=now,
        )
        self.s.add(row)
        self.s.flush()
        assert row.id is not None
        if parsed.has_text:
            self.s.add(
                ReleaseRevisionRow(
                    release_pk=row.id,
                    number=1,
                    text=parsed.text,
                    text_hash=h,
                    title=parsed.title,
                    source=parsed.source,
                    imported_at=now,
                )
            )
        self.set_translations(row.id, parsed.translations)
        if parsed.visitor_count is not None:
            self.record_visitor_count(row.id, parsed.visitor_count, now)
        log_change(self.s, "release", row.id, "insert", row.id)
        return self.get(row.id)

    def set_translations(self, pk: int, translations: Iterable[Translation]) -> None:
        """Replace the translation links of release ``pk``."""
        self.s.exec(sa.delete(TranslationRow).where(col(TranslationRow.release_pk) == pk))  # type: ignore[call-overload]
        for t in translations:
            self.s.add(
                TranslationRow(
                    release_pk=pk,
                    language=t.language,
                    label=t.label,
                    target_release_id=t.release_id,
                )
            )

    def record_visitor_count(self, pk: int, count: int, seen_at: datetime | None = None) -> None:
        """Record one observation of the visitor counter (and keep the latest on the release)."""
        self.s.add(VisitorCountRow(release_pk=pk, seen_at=seen_at or utcnow(), count=count))

    def set_status(self, pk: int, status: ReleaseStatus, author: str = "") -> None:
        """Set release ``pk``'s annotation status (change-logged as ``status`` by
        ``author``). Raises :class:`NotFoundError` for an unknown release."""
        row = self._row(pk)
        row.status = status.value
        row.updated_at = utcnow()
        self.s.add(row)
        log_change(self.s, "release", pk, "status", pk, author)

    def mark_started(self, pk: int, author: str = "") -> bool:
        """Move release ``pk`` from "not started" to "in progress" (its first annotation).

        Any other status (in progress, done) is left alone. Returns whether it changed.
        Raises :class:`NotFoundError` for an unknown release.
        """
        if self._row(pk).status != ReleaseStatus.NOT_STARTED.value:
            return False
        self.set_status(pk, ReleaseStatus.IN_PROGRESS, author)
        return True

    def _summary_query(self, f: ReleaseFilter) -> sa.Select:
        n_ann = (
            sa.select(sa.func.count(AnnotationRow.id))  # type: ignore[arg-type]
            .where(col(AnnotationRow.release_pk) == ReleaseRow.id)
            .correlate(ReleaseRow)
            .scalar_subquery()
        )
        q = sa.select(  # type: ignore[call-overload, misc]
            ReleaseRow.id,
            ReleaseRow.release_id,
            ReleaseRow.title,
            ReleaseRow.ministry,
            ReleaseRow.posted_at,
            ReleaseRow.bureau,
            ReleaseRow.language,
            ReleaseRow.status,
            ReleaseRow.has_text,
            ReleaseRow.claimed_by,
            n_ann.label("n"),
        )
        if f.text:
            like = f"%{f.text.lower()}%"
            q = q.where(
                sa.or_(
                    sa.func.lower(ReleaseRow.title).like(like),
                    sa.func.lower(ReleaseRow.ministry).like(like),
                    sa.cast(ReleaseRow.release_id, sa.String).like(like),
                )
            )
        for column, value in (
            (ReleaseRow.ministry, f.ministry),
            (ReleaseRow.bureau, f.bureau),
            (ReleaseRow.language, f.language),
        ):
            if value:
                q = q.where(column == value)
        if f.status:
            q = q.where(col(ReleaseRow.status) == f.status.value)
        if f.since:
            q = q.where(col(ReleaseRow.posted_at) >= f.since)
        if f.until:
            q = q.where(col(ReleaseRow.posted_at) < f.until)
        return q

    def _order(self, sort: str, descending: bool) -> list[Any]:
        """ORDER BY terms for :meth:`summaries` (see there)."""
        sqlite = self.s.get_bind().dialect.name == "sqlite"
        key: Any
        if sort == "posted":
            key = col(ReleaseRow.posted_at)
        elif sort == "annotations":
            key = sa.literal_column("n")
        elif sort in ("title", "ministry", "editor"):
            column = col(getattr(ReleaseRow, "claimed_by" if sort == "editor" else sort))
            key = (
                column.collate("NOCASE")
                if sqlite
                else sa.func.lower(column).collate("C")  # code-point order of lower case
            )
        else:
            raise ValueError(f"unknown sort {sort!r}: one of {', '.join(RELEASE_SORTS)}")
        pk: Any = col(ReleaseRow.id)
        if descending:
            terms = [key.desc(), pk.desc()]
            # NULL is the smallest value (SQLite's rule; PostgreSQL's must be stated)
            return terms if sqlite else [key.desc().nulls_last(), pk.desc()]
        return [key.asc(), pk.asc()] if sqlite else [key.asc().nulls_first(), pk.asc()]

    def summaries(
        self,
        f: ReleaseFilter | None = None,
        offset: int = 0,
        limit: int | None = None,
        sort: str = "posted",
        descending: bool = True,
    ) -> list[ReleaseSummary]:
        """Release-list rows with their annotation counts, ``limit`` from ``offset``, in
        the database's order (paged there; nothing is sorted in Python).

        ``sort`` is one of :data:`RELEASE_SORTS`: ``"posted"`` (date), ``"title"``,
        ``"ministry"``, ``"editor"`` (who claimed it), ``"annotations"`` (count); ties by
        key, so ``descending`` gives exactly the reverse order. Text columns compare
        case-insensitively: SQLite ``COLLATE NOCASE`` (folds A-Z only;
        https://www.sqlite.org/datatype3.html#collating_sequences), PostgreSQL
        ``lower(x) COLLATE "C"``; then by code point. A missing value (NULL) sorts first
        ascending. Raises :class:`ValueError` for an unknown ``sort``. Default: newest
        posted first.
        """
        base = self._summary_query(f or ReleaseFilter())
        order = self._order(sort, descending)
        if not offset and limit is None:
            rows = list(self.s.execute(base.order_by(*order)))
        else:
            # Page by a narrow query (id and sort key only), then read the page's rows:
            # a sort without an index (editor, annotations) then moves 50,000 small
            # records through the sorter, not whole rows whose later columns sit behind
            # the release text's overflow pages (bench_sort: 270 -> 70 ms for editor).
            narrow: list[Any] = [col(ReleaseRow.id)]
            if sort == "annotations":
                narrow.append(base.selected_columns.n)
            page = base.with_only_columns(*narrow).order_by(*order).offset(offset)
            ids = [r.id for r in self.s.execute(page if limit is None else page.limit(limit))]
            if not ids:
                return []
            at = {pk: i for i, pk in enumerate(ids)}
            found = self.s.execute(base.where(col(ReleaseRow.id).in_(ids)))
            rows = sorted(found, key=lambda r: at[r.id])
        return [
            ReleaseSummary(
                id=r.id,
                release_id=r.release_id,
                title=r.title,
                ministry=r.ministry,
                posted_at=r.posted_at,
                bureau=r.bureau,
                language=r.language,
                status=ReleaseStatus(r.status),
                annotation_count=r.n,
                has_text=r.has_text,
                claimed_by=r.claimed_by,
            )
            for r in rows
        ]

    def count(self, f: ReleaseFilter | None = None) -> int:
        q = self._summary_query(f or ReleaseFilter()).subquery()
        return int(self.s.execute(sa.select(sa.func.count()).select_from(q)).scalar_one())

    def all_pks(self) -> list[int]:
        return list(self.s.exec(select(ReleaseRow.id).order_by(col(ReleaseRow.id))).all())  # type: ignore[arg-type]


# --------------------------------------------------------------------------- labels
class LabelRepository:
    """The label schema."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def all(self) -> list[Label]:
        rows = self.s.exec(
            select(LabelRow).order_by(col(LabelRow.sort_order), col(LabelRow.id))
        ).all()
        return [
            Label(
                id=r.id or 0,
                name=r.name,
                color=r.color,
                shortcut=r.shortcut,
                sort_order=r.sort_order,
            )
            for r in rows
        ]

    def get(self, name: str) -> Label:
        for lab in self.all():
            if lab.name == name:
                return lab
        raise NotFoundError(f"no label named {name!r}")

    def upsert(
        self, name: str, color: str, shortcut: str | None, sort_order: int | None = None
    ) -> Label:
        """Add a label or change its colour/key."""
        row = self.s.exec(select(LabelRow).where(LabelRow.name == name)).first()
        if row is None:
            n = len(self.all())
            row = LabelRow(
                name=name,
                color=color,
                shortcut=shortcut,
                sort_order=n if sort_order is None else sort_order,
            )
        else:
            row.color, row.shortcut = color, shortcut
            if sort_order is not None:
                row.sort_order = sort_order
        self.s.add(row)
        self.s.flush()
        log_change(self.s, "label", row.id, "upsert")
        return self.get(name)


# --------------------------------------------------------------------------- annotations
class AnnotationRepository:
    """Annotations of releases. Every write appends to the change log."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def _row(self, ann_id: int) -> AnnotationRow:
        row = self.s.get(AnnotationRow, ann_id)
        if row is None:
            raise NotFoundError(f"annotation {ann_id} does not exist")
        return row

    def get(self, ann_id: int) -> Annotation:
        return annotation_from_row(self._row(ann_id))

    def for_release(self, release_pk: int) -> list[Annotation]:
        """The annotations of a release ordered by ``(start, end, id)`` (through
        :func:`read_annotations`, the fast read; ``benchmarks/bench_open_release.py``)."""
        t = AnnotationRow.__table__  # type: ignore[attr-defined]
        return read_annotations(self.s, t.c.release_pk == int(release_pk))

    def add(
        self,
        new: NewAnnotation,
        text: str,
        *,
        ann_id: int | None = None,
        created_at: datetime | None = None,
        action: str = "create",
    ) -> Annotation:
        """Insert an annotation over ``text`` (the release's current text).

        ``ann_id`` re-creates a deleted annotation under its old id (undo). A release
        still "not started" becomes "in progress" in the same transaction. A history row
        (``action``, by ``new.author``) is written in the same transaction.
        Raises :class:`SpanError` for an invalid span (out of range; fragments that are not
        acceptable pieces), :class:`NotFoundError` for an unknown label, and
        :class:`~pibdesk.core.errors.ControlCharacterError` for a note holding a C0 control
        character (:func:`pibdesk.core.text.clean_note`, as for later note edits).
        """
        prefix, exact, suffix = quote_of(text, new.start, new.end)
        note = clean_note(new.note) or None if new.note else new.note
        if new.fragments:
            check_fragments(text, new.fragments)
            if covering(new.fragments) != (new.start, new.end):
                raise SpanError(
                    f"span {new.start}-{new.end} is not the covering span of its fragments "
                    f"{list(new.fragments)}"
                )
        if self.s.exec(select(LabelRow.id).where(LabelRow.name == new.label)).first() is None:
            raise NotFoundError(f"no label named {new.label!r}")
        now = utcnow()
        row = AnnotationRow(
            id=ann_id,
            release_pk=new.release_pk,
            start=new.start,
            end=new.end,
            label=new.label,
            text=exact,
            prefix=prefix,
            suffix=suffix,
            author=new.author,
            origin=new.origin.value,
            created_at=created_at or now,
            updated_at=now,
            entity_id=new.entity_id,
            speaker_id=new.speaker_id,
            statement_kind=new.statement_kind.value if new.statement_kind else None,
            topic_id=new.topic_id,
            note=note,
            layer=new.layer,
            fragments=encode_fragments(new.fragments),
        )
        self.s.add(row)
        self.s.flush()
        log_change(self.s, "annotation", row.id, "insert", new.release_pk, new.author)
        # the release's first annotation starts it (same transaction; "done" stays done)
        ReleaseRepository(self.s).mark_started(new.release_pk, new.author)
        ann = annotation_from_row(row)
        history.record(self.s, action, new.author, None, ann)
        return ann

    def restore(self, ann: Annotation, *, editor: str = "", action: str = "restore") -> Annotation:
        """Re-insert a deleted annotation exactly as it was (same id, times, version).

        ``editor`` (else ``ann.author``) and ``action`` go to the history row."""
        if self.s.get(AnnotationRow, ann.id) is not None:
            raise SpanError(f"annotation {ann.id} already exists")
        row = AnnotationRow(
            id=ann.id,
            release_pk=ann.release_pk,
            start=ann.start,
            end=ann.end,
            label=ann.label,
            text=ann.text,
            prefix=ann.prefix,
            suffix=ann.suffix,
            author=ann.author,
            origin=ann.origin.value,
            created_at=ann.created_at,
            updated_at=ann.updated_at,
            entity_id=ann.entity_id,
            speaker_id=ann.speaker_id,
            statement_kind=ann.statement_kind.value if ann.statement_kind else None,
            topic_id=ann.topic_id,
            note=ann.note,
            needs_review=ann.needs_review,
            row_version=ann.row_version,
            layer=ann.layer,
            fragments=encode_fragments(ann.fragments),
        )
        self.s.add(row)
        self.s.flush()
        log_change(self.s, "annotation", ann.id, "insert", ann.release_pk, editor or ann.author)
        back = annotation_from_row(row)
        history.record(self.s, action, editor or ann.author, None, back)
        return back

    def _locked_row(self, ann_id: int) -> AnnotationRow:
        """The row, locked until the transaction ends (``SELECT ... FOR UPDATE`` on
        PostgreSQL; a SQLite write session already holds the file's write lock), so two
        editors cannot both pass a version check: the second waits for the first to
        commit, then sees its version. Raises :class:`NotFoundError`."""
        row = self.s.get(AnnotationRow, ann_id, with_for_update=True, populate_existing=True)
        if row is None:
            raise NotFoundError(f"annotation {ann_id} does not exist")
        return row

    def _check_version(
        self, row: AnnotationRow, expected_version: int | None, what: str, not_done: str
    ) -> None:
        """Raise :class:`ConflictError` if ``row`` is no longer at ``expected_version``.

        The error's ``current`` is the row as the other editor left it; its message names
        the last editor known to the change log (else the annotation's author).
        """
        if expected_version is None or row.row_version == expected_version:
            return
        ann_id = row.id
        last = self.s.exec(
            select(ChangeLogRow.author)
            .where(
                ChangeLogRow.table_name == "annotation",
                ChangeLogRow.row_id == ann_id,
                ChangeLogRow.author != "",
            )
            .order_by(col(ChangeLogRow.id).desc())
            .limit(1)
        ).first()
        raise ConflictError(
            f"annotation {ann_id} was changed by {last or row.author or 'someone else'} "
            f"meanwhile (now version {row.row_version}, you {what} version "
            f"{expected_version}); {not_done}",
            current=annotation_from_row(row),
        )

    def delete(
        self,
        ann_id: int,
        expected_version: int | None = None,
        *,
        editor: str = "",
        action: str = "delete",
    ) -> Annotation:
        """Delete and return the annotation as it was (for undo).

        With ``expected_version`` (the ``row_version`` the editor last saw), raises
        :class:`ConflictError` naming the other editor if someone changed the annotation
        since, and deletes nothing: their change is not destroyed unseen. ``editor`` is
        who deletes (logged, and with ``action`` in the history).
        Raises :class:`NotFoundError` if it is already gone.
        """
        row = self._locked_row(ann_id)
        self._check_version(
            row, expected_version, "deleted",
            "it was not deleted: look at their change and delete again if you still mean to",
        )
        before = annotation_from_row(row)
        self.s.delete(row)
        self.s.flush()
        log_change(self.s, "annotation", ann_id, "delete", before.release_pk, editor)
        history.record(self.s, action, editor, before, None)
        return before

    _UPDATABLE = frozenset(
        {
            "label",
            "entity_id",
            "speaker_id",
            "statement_kind",
            "topic_id",
            "note",
            "needs_review",
            "origin",
            "start",
            "end",
            "text",
            "prefix",
            "suffix",
            "author",
            "fragments",
        }
    )

    def update(
        self,
        ann_id: int,
        expected_version: int | None = None,
        *,
        editor: str = "",
        action: str = "edit",
        **changes: object,
    ) -> Annotation:
        """Change fields of an annotation; bumps ``row_version``; writes a history row
        (``action``, by ``editor``, the record before and after).

        With ``expected_version``, raises :class:`ConflictError` (holding the current
        version, i.e. the other editor's) if someone changed the annotation since it was
        read; its message names the last editor known to the change log. ``editor`` is
        who makes this change (logged, so a later conflict can name them).
        """
        old, new = self._update(ann_id, expected_version, editor, changes)
        history.record(self.s, action, editor, old, new)
        return new

    def _update(
        self, ann_id: int, expected_version: int | None, editor: str, changes: dict[str, object]
    ) -> tuple[Annotation, Annotation]:
        """:meth:`update` without its history row; returns ``(before, after)``."""
        bad = set(changes) - self._UPDATABLE
        if bad:
            raise ValueError(f"cannot update {sorted(bad)}")
        row = self._locked_row(ann_id)
        self._check_version(
            row, expected_version, "edited",
            "your edit was not saved: look at theirs and edit again",
        )
        old = annotation_from_row(row)
        for k, v in changes.items():
            if hasattr(v, "value") and k in ("origin", "statement_kind"):
                v = v.value  # type: ignore[attr-defined]
            elif k == "fragments":
                v = encode_fragments(v)  # type: ignore[arg-type]
            setattr(row, k, v)
        row.row_version += 1
        row.updated_at = utcnow()
        self.s.add(row)
        self.s.flush()
        log_change(self.s, "annotation", ann_id, "update", row.release_pk, editor)
        return old, annotation_from_row(row)

    def count(self) -> int:
        return int(
            self.s.execute(sa.select(sa.func.count()).select_from(AnnotationRow)).scalar_one()
        )

    def put_back(
        self,
        ann_id: int,
        values: dict[str, object],
        updated_at: datetime | None,
        expected_version: int | None = None,
        *,
        editor: str = "",
        action: str = "undo",
    ) -> Annotation:
        """Undo/redo of an edit: set ``values`` (fields of :attr:`_UPDATABLE`) and put
        ``updated_at`` back to the time the record had then, through :meth:`update`
        (same version check, change log and ``row_version`` bump: a window that saw the
        edited version must not write over the restored one unseen).
        ``updated_at=None`` keeps the time :meth:`update` sets (now). One history row
        (``action``: ``undo`` or ``redo``) holds the record before and as put back."""
        old, ann = self._update(ann_id, expected_version, editor, dict(values))
        if updated_at is not None:
            row = self._row(ann_id)
            row.updated_at = updated_at
            self.s.add(row)
            self.s.flush()
            ann = annotation_from_row(row)
        history.record(self.s, action, editor, old, ann)
        return ann


# --------------------------------------------------------------------------- settings
class SettingRepository:
    """Key/value settings that belong to the work (label schema aside)."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def get(self, key: str, default: str | None = None) -> str | None:
        row = self.s.get(SettingRow, key)
        return row.value if row else default

    def set(self, key: str, value: str) -> None:
        row = self.s.get(SettingRow, key) or SettingRow(key=key)
        row.value = value
        self.s.add(row)


def last_change_id(s: Session) -> int:
    """The id of the newest change-log row (0 if none): cheap to poll for news."""
    return int(s.execute(sa.select(sa.func.coalesce(sa.func.max(ChangeLogRow.id), 0))).scalar_one())
