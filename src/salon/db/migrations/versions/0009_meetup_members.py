"""meetup members: their accounts, profiles, private lists; capacity, waitlist, ratings, reminders

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 00:30:00

The members' side of a recurring meetup:

- ``members.account_id`` links a member to the account they joined with, and
  ``members.snoozed_until`` skips events until a date; ``meetup_organisers``
  holds co-organisers; ``meetup_invitations`` the join links (token hashes).
- ``member_profile_fields``: what a member says about themselves, each field
  shared with tablemates or not; ``member_keep_apart``: their private "not with".
- ``events.capacity`` with ``attendance.waitlisted`` and ``attendance.answered_at``
  (the waitlist's order); ``events.door_code`` (the QR code's secret) and
  ``events.start_time`` (for calendar files).
- ``event_ratings``: the evening's and each table's rating; follow-ups become
  reminders (``event_feedback.remind_on``, ``done_at``); ``reminder_deliveries``
  records what was sent on which channel (``communities.webhook_url``,
  ``ntfy_url``, ``email_reminders``).

Columns are added in place: rebuilding ``events`` or ``communities`` on SQLite
would cascade to every row that refers to them.  ``members`` is rebuilt (its
new foreign key needs it on SQLite); no table refers to members before this
revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def upgrade() -> None:
    op.add_column("communities", sa.Column("webhook_url", sa.String(length=500), nullable=True))
    op.add_column("communities", sa.Column("ntfy_url", sa.String(length=500), nullable=True))
    op.add_column(
        "communities",
        sa.Column("email_reminders", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("snoozed_until", sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f("ix_members_account_id"), ["account_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_members_account_id_accounts"),
            "accounts",
            ["account_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.add_column("events", sa.Column("start_time", sa.Time(), nullable=True))
    op.add_column("events", sa.Column("capacity", sa.Integer(), nullable=True))
    op.add_column("events", sa.Column("door_code", sa.String(length=64), nullable=True))
    op.add_column("attendance", sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "attendance",
        sa.Column("waitlisted", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column("event_feedback", sa.Column("remind_on", sa.Date(), nullable=True))
    op.add_column("event_feedback", sa.Column("done_at", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "meetup_organisers",
        _id(),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_meetup_organisers_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_meetup_organisers_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetup_organisers")),
        sa.UniqueConstraint(
            "community_id", "account_id", name=op.f("uq_meetup_organisers_community_id_account_id")
        ),
    )
    op.create_index(op.f("ix_meetup_organisers_account_id"), "meetup_organisers", ["account_id"])
    op.create_table(
        "meetup_invitations",
        _id(),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_meetup_invitations_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["accounts.id"],
            name=op.f("fk_meetup_invitations_created_by_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetup_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_meetup_invitations_token_hash")),
    )
    op.create_index(
        op.f("ix_meetup_invitations_community_id"), "meetup_invitations", ["community_id"]
    )
    op.create_table(
        "member_profile_fields",
        _id(),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "field IN ('brings', 'curious_about', 'industry', 'discipline', 'intents')",
            name=op.f("ck_member_profile_fields_field"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_profile_fields_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_profile_fields")),
        sa.UniqueConstraint(
            "member_id", "field", name=op.f("uq_member_profile_fields_member_id_field")
        ),
    )
    op.create_table(
        "member_keep_apart",
        _id(),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("other_member_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("member_id != other_member_id", name=op.f("ck_member_keep_apart_other")),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_keep_apart_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_member_id"],
            ["members.id"],
            name=op.f("fk_member_keep_apart_other_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_keep_apart")),
        sa.UniqueConstraint(
            "member_id",
            "other_member_id",
            name=op.f("uq_member_keep_apart_member_id_other_member_id"),
        ),
    )
    op.create_index(
        op.f("ix_member_keep_apart_other_member_id"), "member_keep_apart", ["other_member_id"]
    )
    op.create_table(
        "event_ratings",
        _id(),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("table_number", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name=op.f("ck_event_ratings_rating")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_ratings_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_event_ratings_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_ratings")),
        sa.UniqueConstraint(
            "event_id",
            "person_id",
            "round",
            "table_number",
            name=op.f("uq_event_ratings_event_id_person_id_round_table_number"),
        ),
    )
    op.create_index(op.f("ix_event_ratings_event_id"), "event_ratings", ["event_id"])
    op.create_index(op.f("ix_event_ratings_person_id"), "event_ratings", ["person_id"])
    op.create_table(
        "reminder_deliveries",
        _id(),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("recipient", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "channel IN ('webhook', 'ntfy', 'email')", name=op.f("ck_reminder_deliveries_channel")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_reminder_deliveries_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_deliveries")),
        sa.UniqueConstraint(
            "event_id",
            "channel",
            "recipient",
            "kind",
            name=op.f("uq_reminder_deliveries_event_id_channel_recipient_kind"),
        ),
    )
    op.create_index(op.f("ix_reminder_deliveries_event_id"), "reminder_deliveries", ["event_id"])


NEW_TABLES = (
    "reminder_deliveries",
    "event_ratings",
    "member_keep_apart",
    "member_profile_fields",
    "meetup_invitations",
    "meetup_organisers",
)


def downgrade() -> None:
    for table in NEW_TABLES:
        op.drop_table(table)
    # SQLite >= 3.35 drops a column in place (no table rebuild, no cascade)
    op.drop_column("event_feedback", "done_at")
    op.drop_column("event_feedback", "remind_on")
    op.drop_column("attendance", "waitlisted")
    op.drop_column("attendance", "answered_at")
    op.drop_column("events", "door_code")
    op.drop_column("events", "capacity")
    op.drop_column("events", "start_time")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_members_account_id_accounts"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_members_account_id"))
        batch_op.drop_column("snoozed_until")
        batch_op.drop_column("account_id")
    op.drop_column("communities", "email_reminders")
    op.drop_column("communities", "ntfy_url")
    op.drop_column("communities", "webhook_url")
