"""sign-up attempts: counted per address, so that self sign-up is rate-limited

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 00:15:00

A server started with ``--allow-signup`` lets anyone make an account; without
a limit one address could make thousands (each an argon2 hash, and a store
to fill).  ``signup_attempts`` keeps each recent attempt's address and time,
in the database rather than in memory, so that every worker process counts
the same (as ``login_failures`` does for sign-ins).  It holds no account data:
dropping it (the downgrade) loses only the recent counts.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signup_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=100), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signup_attempts")),
    )
    for column in ("address", "attempted_at"):
        op.create_index(
            op.f(f"ix_signup_attempts_{column}"), "signup_attempts", [column], unique=False
        )


def downgrade() -> None:
    for column in ("attempted_at", "address"):
        op.drop_index(op.f(f"ix_signup_attempts_{column}"), table_name="signup_attempts")
    op.drop_table("signup_attempts")
