"""seating pairs: an organiser's keep-apart and keep-together pairs per community

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 15:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "seating_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("person_a_id", sa.Integer(), nullable=False),
        sa.Column("person_b_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('apart', 'together')", name=op.f("ck_seating_pairs_kind")),
        sa.CheckConstraint("person_a_id < person_b_id", name=op.f("ck_seating_pairs_ordered")),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_seating_pairs_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_a_id"],
            ["people.id"],
            name=op.f("fk_seating_pairs_person_a_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_b_id"],
            ["people.id"],
            name=op.f("fk_seating_pairs_person_b_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seating_pairs")),
        sa.UniqueConstraint(
            "community_id",
            "person_a_id",
            "person_b_id",
            name=op.f("uq_seating_pairs_community_id_person_a_id_person_b_id"),
        ),
    )
    with op.batch_alter_table("seating_pairs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_seating_pairs_community_id"), ["community_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("seating_pairs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seating_pairs_community_id"))
    op.drop_table("seating_pairs")
