"""All SQLModel table classes of pibdesk, in one module (as the SQLModel docs advise).

The schema is created and upgraded only by the Alembic migrations in
``pibdesk/storage/migrations``; ``SQLModel.metadata`` is their reference, and
``tests/storage/test_migrations.py`` checks the two agree.

Datetimes are stored as naive UTC and read back aware (:class:`UTCDateTime`).
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[datetime]):
    """A DATETIME column that accepts only aware datetimes, stores UTC, returns aware UTC.

    Raises ``ValueError`` on a naive datetime, so no local time is ever stored by mistake.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pibdesk stores aware datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _utc_col(nullable: bool = True, index: bool = False) -> sa.Column:
    return sa.Column(UTCDateTime(), nullable=nullable, index=index)


class ReleaseRow(SQLModel, table=True):
    """One PIB release (current revision's text and metadata)."""

    __tablename__ = "release"

    id: int | None = Field(default=None, primary_key=True)
    release_id: int | None = Field(default=None, index=True, unique=True)  # PRID
    text_hash: str = Field(index=True)
    title: str
    ministry: str | None = Field(default=None, index=True)
    subtitles_json: str = "[]"
    posted_at: datetime | None = Field(default=None, sa_column=_utc_col(index=True))
    bureau: str | None = Field(default=None, index=True)
    language: str | None = Field(default=None, index=True)
    visitor_count: int | None = None
    sign_off: str | None = None
    source: str = ""
    text: str = ""
    has_text: bool = True
    revision: int = 1
    status: str = Field(default="not_started", index=True)
    claimed_by: str | None = None
    claimed_at: datetime | None = Field(default=None, sa_column=_utc_col())
    imported_at: datetime | None = Field(default=None, sa_column=_utc_col())
    updated_at: datetime | None = Field(default=None, sa_column=_utc_col())


class ReleaseRevisionRow(SQLModel, table=True):
    """Every text version a release has had (revision 1 = first import)."""

    __tablename__ = "release_revision"
    __table_args__ = (sa.UniqueConstraint("release_pk", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    release_pk: int = Field(foreign_key="release.id", index=True, ondelete="CASCADE")
    number: int
    text: str
    text_hash: str
    title: str = ""
    source: str = ""
    imported_at: datetime | None = Field(default=None, sa_column=_utc_col())


class TranslationRow(SQLModel, table=True):
    """A "Read this release in" link of a release."""

    __tablename__ = "translation"

    id: int | None = Field(default=None, primary_key=True)
    release_pk: int = Field(foreign_key="release.id", index=True, ondelete="CASCADE")
    language: str | None = None
    label: str = ""
    target_release_id: int | None = Field(default=None, index=True)


class VisitorCountRow(SQLModel, table=True):
    """One observation of a release's visitor counter."""

    __tablename__ = "visitor_count"

    id: int | None = Field(default=None, primary_key=True)
    release_pk: int = Field(foreign_key="release.id", index=True, ondelete="CASCADE")
    seen_at: datetime = Field(sa_column=_utc_col(nullable=False))
    count: int


class LabelRow(SQLModel, table=True):
    """A label of the annotation schema (Person, Statement, Topic, ...)."""

    __tablename__ = "label"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    color: str = "#888888"
    shortcut: str | None = None
    sort_order: int = 0


class EntityRow(SQLModel, table=True):
    """A person or topic in the registry."""

    __tablename__ = "entity"
    # AUTOINCREMENT on SQLite: a deleted id is never handed out again (migration 0004)
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True)  # person | topic
    name: str = Field(index=True)
    wikidata_qid: str | None = None
    created_at: datetime | None = Field(default=None, sa_column=_utc_col())
    updated_at: datetime | None = Field(default=None, sa_column=_utc_col())


class AliasRow(SQLModel, table=True):
    """A surface form of an entity; ``normalized`` is its search key (casefolded, no honorific)."""

    __tablename__ = "alias"
    __table_args__ = (sa.UniqueConstraint("entity_id", "alias"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(foreign_key="entity.id", index=True, ondelete="CASCADE")
    alias: str
    normalized: str = Field(index=True)


class OfficeRow(SQLModel, table=True):
    """An office (Prime Minister, Raksha Mantri, ...); ``aliases_json`` lists its titles."""

    __tablename__ = "office"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    aliases_json: str = "[]"


class OfficeTermRow(SQLModel, table=True):
    """A person's term in an office, dates inclusive (``end_date`` None = still in office)."""

    __tablename__ = "office_term"

    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True, ondelete="CASCADE")
    entity_id: int = Field(foreign_key="entity.id", index=True, ondelete="CASCADE")
    start_date: str  # ISO date, IST calendar
    end_date: str | None = None
    source_url: str = ""


class AnnotationRow(SQLModel, table=True):
    """A labelled span (code points, end-exclusive) over ``release.text``."""

    __tablename__ = "annotation"
    # AUTOINCREMENT on SQLite: a deleted id is never handed out again, so a stale edit or
    # an undo meant for a deleted annotation cannot land on a newer one (migration 0004)
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    release_pk: int = Field(foreign_key="release.id", index=True, ondelete="CASCADE")
    start: int
    end: int
    label: str = Field(index=True)
    text: str
    prefix: str = ""
    suffix: str = ""
    author: str = ""
    origin: str = "manual"
    created_at: datetime | None = Field(default=None, sa_column=_utc_col())
    updated_at: datetime | None = Field(default=None, sa_column=_utc_col())
    entity_id: int | None = Field(
        default=None, foreign_key="entity.id", index=True, ondelete="SET NULL"
    )
    speaker_id: int | None = Field(
        default=None, foreign_key="entity.id", index=True, ondelete="SET NULL"
    )
    statement_kind: str | None = None
    topic_id: int | None = Field(
        default=None, foreign_key="entity.id", index=True, ondelete="SET NULL"
    )
    note: str | None = None
    needs_review: bool = False
    row_version: int = 1
    #: "" = the author's own layer, "curated" = the reviewed final layer (migration 0008)
    layer: str = Field(default="", index=True)
    #: JSON ``[[start, end], ...]`` of a discontinuous span, NULL if continuous (0009)
    fragments: str | None = Field(default=None, sa_column=sa.Column(sa.Text(), nullable=True))


class ReleaseReviewRow(SQLModel, table=True):
    """How a release is annotated (review mode) and where its review stands (0008).

    No row means shared mode (everyone sees every annotation), state annotating.
    """

    __tablename__ = "release_review"

    release_pk: int = Field(foreign_key="release.id", primary_key=True, ondelete="CASCADE")
    mode: str = "shared"  # shared | independent
    state: str = "annotating"  # annotating | curating | curated
    changed_by: str = ""
    changed_at: datetime | None = Field(default=None, sa_column=_utc_col())


class ReviewDecisionRow(SQLModel, table=True):
    """A candidate the reviewer rejected (or replaced by an edited version) while
    curating a release (0008). ``key`` is :attr:`pibdesk.core.review.Candidate.key`."""

    __tablename__ = "review_decision"
    __table_args__ = (sa.UniqueConstraint("release_pk", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    release_pk: int = Field(foreign_key="release.id", index=True, ondelete="CASCADE")
    key: str
    decision: str = "rejected"  # rejected | replaced
    reviewer: str = ""
    decided_at: datetime | None = Field(default=None, sa_column=_utc_col())


class SuggestionRejectionRow(SQLModel, table=True):
    """A suggestion the editor rejected for a release; it is not proposed again."""

    __tablename__ = "suggestion_rejection"
    __table_args__ = (sa.UniqueConstraint("release_pk", "start", "end", "label"),)

    id: int | None = Field(default=None, primary_key=True)
    release_pk: int = Field(foreign_key="release.id", index=True, ondelete="CASCADE")
    start: int
    end: int
    label: str


class SettingRow(SQLModel, table=True):
    """A setting that belongs to the work (stored in the database, not QSettings)."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str = ""


class AnnotationHistoryRow(SQLModel, table=True):
    """One change to an annotation, append-only (migration 0009).

    ``before``/``after`` are JSON objects (:func:`pibdesk.storage.history.snapshot`), NULL
    for the side that does not exist (a create has no ``before``). No foreign keys: the
    history of a deleted annotation or release is kept.
    """

    __tablename__ = "annotation_history"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    annotation_id: int = Field(index=True)
    release_pk: int = Field(index=True)
    action: str
    actor: str = ""
    at: datetime = Field(sa_column=_utc_col(nullable=False))
    before: str | None = Field(default=None, sa_column=sa.Column(sa.Text(), nullable=True))
    after: str | None = Field(default=None, sa_column=sa.Column(sa.Text(), nullable=True))


class ChangeLogRow(SQLModel, table=True):
    """One row per committed change, so other windows/processes can poll for news."""

    __tablename__ = "change_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=_utc_col(nullable=False))
    table_name: str
    row_id: int | None = None
    release_pk: int | None = Field(default=None, index=True)
    action: str = ""
    author: str = ""
