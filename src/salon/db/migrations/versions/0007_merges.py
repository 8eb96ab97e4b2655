"""merges: what each person merge changed, so ``salon person unmerge`` can undo it

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 22:20:00

One row per merge: the kept person, the merged-away person's former id and
name, and (JSON) the rows as they were before the merge.  The row goes with
the kept person (a removed person's merges cannot be undone).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("kept_id", sa.Integer(), nullable=False),
        sa.Column("merged_id", sa.Integer(), nullable=False),
        sa.Column("merged_name", sa.String(length=300), nullable=False),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["accounts.id"],
            name=op.f("fk_merges_owner_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["kept_id"],
            ["people.id"],
            name=op.f("fk_merges_kept_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merges")),
    )
    op.create_index(op.f("ix_merges_owner_id"), "merges", ["owner_id"])
    op.create_index(op.f("ix_merges_kept_id"), "merges", ["kept_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_merges_kept_id"), table_name="merges")
    op.drop_index(op.f("ix_merges_owner_id"), table_name="merges")
    op.drop_table("merges")
