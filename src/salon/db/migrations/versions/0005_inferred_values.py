"""inferred values: which industry and discipline values salon derived, not a person typed

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 21:20:00

``salon person enrich`` infers industry and discipline for people who lack
them.  The value goes in the person's own column (so every report reads it);
one row of ``inferred_values`` per inferred field marks it as inferred, with
its confidence, method and source.  Confirming or correcting the value drops
the row.  A separate table rather than columns on ``people``: SQLite would
rebuild ``people`` to drop columns on downgrade, and with it the network
triggers of migrations 0003 and 0004.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inferred_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("method", sa.String(length=40), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "field IN ('industry', 'discipline')", name=op.f("ck_inferred_values_field")
        ),
        sa.CheckConstraint(
            "confidence >= 0 AND confidence <= 1", name=op.f("ck_inferred_values_confidence")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_inferred_values_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inferred_values")),
        sa.UniqueConstraint("person_id", "field", name=op.f("uq_inferred_values_person_id_field")),
    )


def downgrade() -> None:
    op.drop_table("inferred_values")
