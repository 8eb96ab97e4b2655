"""network snapshot scores: per-node scores kept beside a network snapshot

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 15:50:00

`salon suggest meet` scores every stored person's relevance to the open ideas
(TF-IDF); the scores change only with the network or the ideas, so they are
kept with the snapshot, keyed by a hash of the ideas.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("network_snapshots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scores_key", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("scores", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("network_snapshots", schema=None) as batch_op:
        batch_op.drop_column("scores")
        batch_op.drop_column("scores_key")
