"""review layers: independent annotation, curated layer, review decisions (issue 14).

* ``annotation.layer`` (text, not null, default ``''``): ``''`` is the author's own
  layer, ``'curated'`` the reviewed final layer (:mod:`pibdesk.core.review`). Added with
  ``ALTER TABLE ... ADD COLUMN`` on both engines (a constant default: no table rebuild,
  SQLite's AUTOINCREMENT from 0004 stays), and indexed.
* ``release_review``: per release its review mode (``shared`` | ``independent``) and
  state (``annotating`` | ``curating`` | ``curated``); no row means shared.
* ``review_decision``: candidates the reviewer rejected (or replaced by an edit), by
  release and candidate key (unique).

Every existing annotation lands in its author's own layer; no release changes mode.

Revision ID: 0008
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "annotation", sa.Column("layer", sa.String(), nullable=False, server_default="")
    )
    op.create_index("ix_annotation_layer", "annotation", ["layer"], unique=False)
    op.create_table(
        "release_review",
        sa.Column("release_pk", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("changed_by", sa.String(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["release_pk"], ["release.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("release_pk"),
    )
    op.create_table(
        "review_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_pk", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("decision", sa.String(), nullable=False),
        sa.Column("reviewer", sa.String(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["release_pk"], ["release.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("release_pk", "key"),
    )
    op.create_index(
        "ix_review_decision_release_pk", "review_decision", ["release_pk"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_review_decision_release_pk", table_name="review_decision")
    op.drop_table("review_decision")
    op.drop_table("release_review")
    op.drop_index("ix_annotation_layer", table_name="annotation")
    # ALTER TABLE ... DROP COLUMN (SQLite >= 3.35): no rebuild, AUTOINCREMENT stays
    op.drop_column("annotation", "layer")
