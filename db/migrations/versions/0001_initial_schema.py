"""initial schema: releases, revisions, annotations, labels, entities, offices, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-29 10:19:37.604308
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("table_name", sa.String(), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=True),
        sa.Column("release_pk", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_log_release_pk"), ["release_pk"], unique=False)

    op.create_table(
        "entity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("wikidata_qid", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("entity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entity_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_entity_name"), ["name"], unique=False)

    op.create_table(
        "label",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("color", sa.String(), nullable=False),
        sa.Column("shortcut", sa.String(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "office",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("aliases_json", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=True),
        sa.Column("text_hash", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("ministry", sa.String(), nullable=True),
        sa.Column("subtitles_json", sa.String(), nullable=False),
        sa.Column("posted_at", sa.DateTime(), nullable=True),
        sa.Column("bureau", sa.String(), nullable=True),
        sa.Column("language", sa.String(), nullable=True),
        sa.Column("visitor_count", sa.Integer(), nullable=True),
        sa.Column("sign_off", sa.String(), nullable=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("has_text", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("claimed_by", sa.String(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("release", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_release_bureau"), ["bureau"], unique=False)
        batch_op.create_index(batch_op.f("ix_release_language"), ["language"], unique=False)
        batch_op.create_index(batch_op.f("ix_release_ministry"), ["ministry"], unique=False)
        batch_op.create_index(batch_op.f("ix_release_posted_at"), ["posted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_release_release_id"), ["release_id"], unique=True)
        batch_op.create_index(batch_op.f("ix_release_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_release_text_hash"), ["text_hash"], unique=False)

    op.create_table(
        "setting",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(), nullable=False),
        sa.Column("normalized", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["entity_id"], ["entity.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("entity_id", "alias"),
    )
    with op.batch_alter_table("alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alias_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alias_normalized"), ["normalized"], unique=False)

    op.create_table(
        "annotation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_pk", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("prefix", sa.String(), nullable=False),
        sa.Column("suffix", sa.String(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("statement_kind", sa.String(), nullable=True),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("needs_review", sa.Boolean(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["entity_id"], ["entity.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["release_pk"], ["release.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["speaker_id"], ["entity.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["topic_id"], ["entity.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("annotation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_annotation_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_annotation_label"), ["label"], unique=False)
        batch_op.create_index(batch_op.f("ix_annotation_release_pk"), ["release_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_annotation_speaker_id"), ["speaker_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_annotation_topic_id"), ["topic_id"], unique=False)

    op.create_table(
        "office_term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.String(), nullable=False),
        sa.Column("end_date", sa.String(), nullable=True),
        sa.Column("source_url", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["entity_id"], ["entity.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("office_term", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_office_term_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_office_term_office_id"), ["office_id"], unique=False)

    op.create_table(
        "release_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_pk", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("text_hash", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["release_pk"], ["release.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("release_pk", "number"),
    )
    with op.batch_alter_table("release_revision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_release_revision_release_pk"), ["release_pk"], unique=False
        )

    op.create_table(
        "suggestion_rejection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_pk", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["release_pk"], ["release.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("release_pk", "start", "end", "label"),
    )
    with op.batch_alter_table("suggestion_rejection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_suggestion_rejection_release_pk"), ["release_pk"], unique=False
        )

    op.create_table(
        "translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_pk", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(), nullable=True),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("target_release_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["release_pk"], ["release.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("translation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_translation_release_pk"), ["release_pk"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_translation_target_release_id"), ["target_release_id"], unique=False
        )

    op.create_table(
        "visitor_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_pk", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["release_pk"], ["release.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("visitor_count", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_visitor_count_release_pk"), ["release_pk"], unique=False
        )

    label = sa.table(
        "label",
        sa.column("name", sa.String),
        sa.column("color", sa.String),
        sa.column("shortcut", sa.String),
        sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(
        label,
        [
            {"name": "Person", "color": "#4e79a7", "shortcut": "P", "sort_order": 0},
            {"name": "Statement", "color": "#f28e2b", "shortcut": "S", "sort_order": 1},
            {"name": "Topic", "color": "#59a14f", "shortcut": "T", "sort_order": 2},
        ],
    )


def downgrade() -> None:

    with op.batch_alter_table("visitor_count", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visitor_count_release_pk"))

    op.drop_table("visitor_count")
    with op.batch_alter_table("translation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_translation_target_release_id"))
        batch_op.drop_index(batch_op.f("ix_translation_release_pk"))

    op.drop_table("translation")
    with op.batch_alter_table("suggestion_rejection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestion_rejection_release_pk"))

    op.drop_table("suggestion_rejection")
    with op.batch_alter_table("release_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_release_revision_release_pk"))

    op.drop_table("release_revision")
    with op.batch_alter_table("office_term", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_office_term_office_id"))
        batch_op.drop_index(batch_op.f("ix_office_term_entity_id"))

    op.drop_table("office_term")
    with op.batch_alter_table("annotation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_annotation_topic_id"))
        batch_op.drop_index(batch_op.f("ix_annotation_speaker_id"))
        batch_op.drop_index(batch_op.f("ix_annotation_release_pk"))
        batch_op.drop_index(batch_op.f("ix_annotation_label"))
        batch_op.drop_index(batch_op.f("ix_annotation_entity_id"))

    op.drop_table("annotation")
    with op.batch_alter_table("alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alias_normalized"))
        batch_op.drop_index(batch_op.f("ix_alias_entity_id"))

    op.drop_table("alias")
    op.drop_table("setting")
    with op.batch_alter_table("release", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_release_text_hash"))
        batch_op.drop_index(batch_op.f("ix_release_status"))
        batch_op.drop_index(batch_op.f("ix_release_release_id"))
        batch_op.drop_index(batch_op.f("ix_release_posted_at"))
        batch_op.drop_index(batch_op.f("ix_release_ministry"))
        batch_op.drop_index(batch_op.f("ix_release_language"))
        batch_op.drop_index(batch_op.f("ix_release_bureau"))

    op.drop_table("release")
    op.drop_table("office")
    op.drop_table("label")
    with op.batch_alter_table("entity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entity_name"))
        batch_op.drop_index(batch_op.f("ix_entity_kind"))

    op.drop_table("entity")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_log_release_pk"))

    op.drop_table("change_log")
