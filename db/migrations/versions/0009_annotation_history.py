"""annotation history and discontinuous spans (issue 13).

* ``annotation_history``: one row per create, edit, delete, restore, merge, reanchor,
  accept, import and undo/redo of an annotation: ``annotation_id`` and ``release_pk``
  (indexed, deliberately *no* foreign keys, so the history of a deleted annotation or of
  a release that was deleted outlives them), ``action``, ``actor`` (the editor's name),
  ``at`` (UTC), ``before``/``after`` (JSON objects of the annotation's fields, or NULL
  for a create/delete; :func:`pibdesk.storage.history.snapshot`).
  ``id`` is AUTOINCREMENT on SQLite (as ``annotation`` since 0004): ids only grow, so
  "history since id N" is a safe cursor.

* ``annotation.fragments`` (text, nullable): JSON ``[[start, end], ...]`` of a
  discontinuous span (:mod:`pibdesk.core.fragments`), NULL for a continuous one (every
  existing annotation). ``ALTER TABLE ... ADD COLUMN`` without a default: no rebuild.

Existing annotations get no invented history: their first row is written at their
next change.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("annotation", sa.Column("fragments", sa.Text(), nullable=True))
    op.create_table(
        "annotation_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("annotation_id", sa.Integer(), nullable=False),
        sa.Column("release_pk", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_annotation_history_annotation_id", "annotation_history", ["annotation_id"]
    )
    op.create_index("ix_annotation_history_release_pk", "annotation_history", ["release_pk"])


def downgrade() -> None:
    op.drop_index("ix_annotation_history_release_pk", table_name="annotation_history")
    op.drop_index("ix_annotation_history_annotation_id", table_name="annotation_history")
    op.drop_table("annotation_history")
    op.drop_column("annotation", "fragments")
