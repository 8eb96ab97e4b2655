"""user accounts: an email and an argon2 password hash per account; failed sign-ins

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 21:10:00

An account becomes a person who signs in to the web app: ``email`` (unique,
NULL for accounts that only the CLI uses, such as the default "me") and
``password_hash``.  ``login_failures`` keeps recent failed sign-ins, so that
guessing is slowed per account and per address across every worker process.
The email's uniqueness is an index, not a constraint: SQLite adds an index
without rebuilding the table, and rebuilding ``accounts`` would cascade.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("accounts", sa.Column("email", sa.String(length=320), nullable=True))
    op.add_column("accounts", sa.Column("password_hash", sa.String(length=200), nullable=True))
    op.create_index("uq_accounts_email", "accounts", ["email"], unique=True)
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("address", sa.String(length=100), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    for column in ("email", "address", "failed_at"):
        op.create_index(
            op.f(f"ix_login_failures_{column}"), "login_failures", [column], unique=False
        )


def downgrade() -> None:
    for column in ("failed_at", "address", "email"):
        op.drop_index(op.f(f"ix_login_failures_{column}"), table_name="login_failures")
    op.drop_table("login_failures")
    op.drop_index("uq_accounts_email", table_name="accounts")
    # SQLite >= 3.35 drops a column in place (no table rebuild, no cascade)
    op.drop_column("accounts", "password_hash")
    op.drop_column("accounts", "email")
