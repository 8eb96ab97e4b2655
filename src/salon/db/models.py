"""The domain model, mapped to SQL (SQLAlchemy 2, typed).

Every personal record hangs off an :class:`Account` (``owner_id``) so one
PostgreSQL database can serve many users without one network leaking into
another: the services always filter by owner.

Ties are undirected and stored once, with ``person_a_id < person_b_id``; each
tie keeps the evidence it rests on (:class:`TieEvidence`), so analytics can say
how much of the who-knows-whom structure is known and how much is inferred.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names, so Alembic migrations work the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

PURPOSES_LEARNING = ("learn", "explore_idea", "get_feedback", "collaborate", "support")
PURPOSES_TRANSACTIONAL = ("sell", "pitch", "hire", "fundraise", "ask_resource")
PURPOSES = PURPOSES_LEARNING + PURPOSES_TRANSACTIONAL
OUTCOMES = ("insight", "idea", "introduction", "deal", "lead", "resource")
SUPPORT_TYPES = ("moral", "advice", "resources")
EVIDENCE_KINDS = ("stated", "introducer", "shared_conversation", "co_seated", "same_organization")
INFERRED_EVIDENCE = frozenset({"same_organization"})
STANCES = ("supportive", "challenging", "neutral")
IDEA_STATUSES = ("open", "exploring", "testing", "building", "done", "shelved", "dropped")
INTENTS = ("learn", "pitch", "both")
SEATING_PAIR_KINDS = ("apart", "together")
TAG_KINDS = ("expertise", "interest", "tag")
INFERABLE_FIELDS = ("industry", "discipline")


#: the largest id a record can have: ids are INTEGER columns, 32 bits on PostgreSQL
MAX_ID = 2**31 - 1


def fits_id(number: int) -> bool:
    """Whether ``number`` can be a record's id on every backend.

    Looking up a larger one fails in the driver (SQLite: "Python int too
    large", PostgreSQL: "out of range for type integer"), so callers treat
    it as the id of no record.
    """
    return 1 <= number <= MAX_ID


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Account(Base):
    """The owner of a network: every personal record belongs to one.

    An account that signs in (``salon user add``) has an ``email`` (its name
    too) and an argon2 ``password_hash``; the CLI's default owner ("me") has
    neither until a user claims it.
    """

    __tablename__ = "accounts"
    # a unique index, not a constraint: SQLite adds it without rebuilding the table
    __table_args__ = (Index("uq_accounts_email", "email", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    email: Mapped[str | None] = mapped_column(String(320))
    password_hash: Mapped[str | None] = mapped_column(String(200))


class LoginFailure(Base):
    """One failed sign-in, kept a while to slow guessing per account and per address.

    In the database, not in memory, so that every worker process counts the same.
    """

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    address: Mapped[str] = mapped_column(String(100), index=True)
    failed_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


class SignupAttempt(Base):
    """One attempt to make an account on the sign-up page, kept a while to limit them per address.

    In the database, not in memory, so that every worker process counts the same.
    """

    __tablename__ = "signup_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(100), index=True)
    attempted_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


class Person(Base):
    __tablename__ = "people"
    __table_args__ = (
        Index("ix_people_owner_name_key", "owner_id", "name_key"),
        # one person per profile URL and owner (NULLs allowed any number of times)
        Index("uq_people_owner_url", "owner_id", "url", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    # normalised name (casefolded, accents stripped), for duplicate matching
    name_key: Mapped[str] = mapped_column(String(300))
    first_name: Mapped[str | None] = mapped_column(String(200))
    last_name: Mapped[str | None] = mapped_column(String(200))
    organization: Mapped[str | None] = mapped_column(String(300))
    role: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(500))
    phone: Mapped[str | None] = mapped_column(String(100))
    industry: Mapped[str | None] = mapped_column(String(200))
    discipline: Mapped[str | None] = mapped_column(String(200))
    bio: Mapped[str | None] = mapped_column(Text)
    is_me: Mapped[bool] = mapped_column(Boolean, default=False)
    connected_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    emails: Mapped[list[PersonEmail]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        order_by="PersonEmail.position",
    )
    attributes: Mapped[list[PersonAttribute]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonAttribute.key"
    )
    tags: Mapped[list[PersonTag]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonTag.tag"
    )
    inferences: Mapped[list[InferredValue]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="InferredValue.field"
    )

    @property
    def email(self) -> str | None:
        return self.emails[0].email if self.emails else None

    def attribute_map(self) -> dict[str, str]:
        return {a.key: a.value for a in self.attributes}

    def tag_set(self, kind: str) -> list[str]:
        return sorted(t.tag for t in self.tags if t.kind == kind)

    def inferred(self, field: str) -> InferredValue | None:
        """The provenance of ``field``'s value when salon inferred it; None when stated."""
        return next((i for i in self.inferences if i.field == field), None)


class PersonEmail(Base):
    __tablename__ = "person_emails"
    __table_args__ = (UniqueConstraint("owner_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(320))
    position: Mapped[int] = mapped_column(Integer, default=0)

    person: Mapped[Person] = relationship(back_populates="emails")


class PersonAttribute(Base):
    """An open-ended background attribute (country, generation, education, ...)."""

    __tablename__ = "person_attributes"
    __table_args__ = (UniqueConstraint("person_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    value: Mapped[str] = mapped_column(Text)

    person: Mapped[Person] = relationship(back_populates="attributes")


class PersonTag(Base):
    """A tag of one kind: ``expertise``, ``interest`` or a plain ``tag``."""

    __tablename__ = "person_tags"
    __table_args__ = (
        UniqueConstraint("person_id", "kind", "tag"),
        CheckConstraint("kind IN ('expertise', 'interest', 'tag')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    tag: Mapped[str] = mapped_column(String(200))

    person: Mapped[Person] = relationship(back_populates="tags")


class InferredValue(Base):
    """Marks a person's ``industry`` or ``discipline`` as inferred, not stated.

    The value itself stays in the person's column, so every analysis reads it;
    this row says it was derived (by ``method`` from ``source``, with
    ``confidence``) and goes when a person confirms or corrects the value.
    """

    __tablename__ = "inferred_values"
    __table_args__ = (
        UniqueConstraint("person_id", "field"),
        CheckConstraint("field IN ('industry', 'discipline')", name="field"),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(20))
    confidence: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(40))  # "model" or "keywords"
    source: Mapped[str] = mapped_column(Text)  # what it was read from, e.g. "role, organisation"
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    person: Mapped[Person] = relationship(back_populates="inferences")


class Tie(Base):
    """An undirected relationship, stored once with ``person_a_id < person_b_id``."""

    __tablename__ = "ties"
    __table_args__ = (
        UniqueConstraint("owner_id", "person_a_id", "person_b_id"),
        CheckConstraint("person_a_id < person_b_id", name="ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    person_a_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    person_b_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    since: Mapped[dt.date | None] = mapped_column(Date)
    how_met: Mapped[str | None] = mapped_column(Text)
    introduced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    support: Mapped[list[str]] = mapped_column(JSON, default=list)
    manual_strength: Mapped[int | None] = mapped_column(Integer)

    evidence: Mapped[list[TieEvidence]] = relationship(
        back_populates="tie", cascade="all, delete-orphan", order_by="TieEvidence.id"
    )

    @property
    def inferred_only(self) -> bool:
        return all(e.kind in INFERRED_EVIDENCE for e in self.evidence)


class TieEvidence(Base):
    __tablename__ = "tie_evidence"
    __table_args__ = (UniqueConstraint("tie_id", "kind", "source_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tie_id: Mapped[int] = mapped_column(ForeignKey("ties.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    # what the evidence points at: "interaction:12", "event:3", "import:linkedin", ...
    source_ref: Mapped[str] = mapped_column(String(200), default="")
    observed_on: Mapped[dt.date | None] = mapped_column(Date)

    tie: Mapped[Tie] = relationship(back_populates="evidence")


class Interaction(Base):
    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    occurred_on: Mapped[dt.date] = mapped_column(Date, index=True)
    channel: Mapped[str | None] = mapped_column(String(50))
    purposes: Mapped[list[str]] = mapped_column(JSON, default=list)
    depth: Mapped[int] = mapped_column(Integer, default=3)
    challenged: Mapped[bool] = mapped_column(Boolean, default=False)
    outcomes: Mapped[list[str]] = mapped_column(JSON, default=list)
    learning_goal: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)

    participants: Mapped[list[InteractionParticipant]] = relationship(
        back_populates="interaction", cascade="all, delete-orphan"
    )
    insights: Mapped[list[Insight]] = relationship(
        back_populates="interaction", cascade="all, delete-orphan", order_by="Insight.id"
    )


class InteractionParticipant(Base):
    __tablename__ = "interaction_participants"
    __table_args__ = (UniqueConstraint("interaction_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interactions.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)

    interaction: Mapped[Interaction] = relationship(back_populates="participants")


class Insight(Base):
    """Something learned in an interaction (indexed for cross-pollination)."""

    __tablename__ = "insights"

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interactions.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)

    interaction: Mapped[Interaction] = relationship(back_populates="insights")


class Idea(Base):
    __tablename__ = "ideas"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    problem: Mapped[str | None] = mapped_column(Text)
    domain: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(40), default="open")
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_on: Mapped[dt.date] = mapped_column(Date, default=dt.date.today)

    versions: Mapped[list[IdeaVersion]] = relationship(
        back_populates="idea", cascade="all, delete-orphan", order_by="IdeaVersion.number"
    )


class IdeaVersion(Base):
    __tablename__ = "idea_versions"
    __table_args__ = (UniqueConstraint("idea_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    created_on: Mapped[dt.date] = mapped_column(Date, default=dt.date.today)

    idea: Mapped[Idea] = relationship(back_populates="versions")
    feedback: Mapped[list[Feedback]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="Feedback.id"
    )


class Feedback(Base):
    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint("stance IN ('supportive', 'challenging', 'neutral')", name="stance"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("idea_versions.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    stance: Mapped[str] = mapped_column(String(20), default="neutral")
    given_on: Mapped[dt.date] = mapped_column(Date, default=dt.date.today)

    version: Mapped[IdeaVersion] = relationship(back_populates="feedback")


class Lesson(Base):
    """A success or failure story learned from someone."""

    __tablename__ = "lessons"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    context: Mapped[str | None] = mapped_column(Text)
    what_happened: Mapped[str | None] = mapped_column(Text)
    takeaway: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="success")
    domain: Mapped[str | None] = mapped_column(String(200))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    learned_on: Mapped[dt.date | None] = mapped_column(Date)


class Note(Base):
    """A note someone shared (``salon note import``); ``ref`` is the source id."""

    __tablename__ = "notes"
    __table_args__ = (UniqueConstraint("owner_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(200))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    role: Mapped[str | None] = mapped_column(String(300))
    domain: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)


class Community(Base):
    """A recurring meetup; its organiser's account owns it."""

    __tablename__ = "communities"
    __table_args__ = (UniqueConstraint("owner_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    cadence: Mapped[str | None] = mapped_column(String(100))
    # Reminder channels, each off until the organiser sets it: a URL that
    # receives a JSON POST, an ntfy topic URL, and e-mail to members with an
    # account (the SMTP server is a setting of the server, not of a meetup).
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    ntfy_url: Mapped[str | None] = mapped_column(String(500))
    email_reminders: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    members: Mapped[list[Member]] = relationship(
        back_populates="community", cascade="all, delete-orphan", order_by="Member.id"
    )
    events: Mapped[list[Event]] = relationship(
        back_populates="community", cascade="all, delete-orphan", order_by="Event.starts_on"
    )


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("community_id", "person_id"),
        CheckConstraint("intent IN ('learn', 'pitch', 'both')", name="intent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    intent: Mapped[str] = mapped_column(String(10), default="both")
    is_organiser: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_on: Mapped[dt.date | None] = mapped_column(Date)
    # The member's own account, once they joined through an invitation: it
    # reads this member's profile, events and tables, never the owner's network.
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    # No invitations, reminders or seat before this date (the member's snooze).
    snoozed_until: Mapped[dt.date | None] = mapped_column(Date)

    community: Mapped[Community] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()


class MeetupOrganiser(Base):
    """A co-organiser: another account that runs a meetup beside its owner.

    The owner (``Community.owner_id``) is always an organiser and has no row here.
    """

    __tablename__ = "meetup_organisers"
    __table_args__ = (UniqueConstraint("community_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MeetupInvitation(Base):
    """A link that lets a person sign up or sign in and join one meetup.

    Only a hash of the link's token is stored, so a leaked database does not
    leak working links; revoking or expiring a link keeps its row for the record.
    """

    __tablename__ = "meetup_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    uses: Mapped[int] = mapped_column(Integer, default=0)


#: what a member may say about themselves; each is shown to tablemates only if shared
PROFILE_FIELDS = ("brings", "curious_about", "industry", "discipline", "intents")


class MemberProfileField(Base):
    """One field of a member's own profile, and whether their tablemates see it.

    ``intents`` holds tonight's intents, comma-separated, from ``learn``,
    ``pitch``, ``partners`` and ``feedback``.
    """

    __tablename__ = "member_profile_fields"
    __table_args__ = (
        UniqueConstraint("member_id", "field"),
        CheckConstraint(
            "field IN ('brings', 'curious_about', 'industry', 'discipline', 'intents')",
            name="field",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(30))
    value: Mapped[str] = mapped_column(Text)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)


class MemberKeepApart(Base):
    """A member's private "not with": a hard keep-apart at every event.

    Visible to that member only; no organiser reads it, the seating does.
    """

    __tablename__ = "member_keep_apart"
    __table_args__ = (
        UniqueConstraint("member_id", "other_member_id"),
        CheckConstraint("member_id != other_member_id", name="other"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    other_member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    venue: Mapped[str | None] = mapped_column(String(300))
    rounds: Mapped[int] = mapped_column(Integer, default=1)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    # Seats for "yes" answers; beyond it, people wait in the order they answered.
    capacity: Mapped[int | None] = mapped_column(Integer)
    # The secret in the door's QR code: self check-in needs it, so a member
    # checks in at the door, not from home.
    door_code: Mapped[str | None] = mapped_column(String(64))

    community: Mapped[Community] = relationship(back_populates="events")
    tables: Mapped[list[EventTable]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventTable.number"
    )
    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Attendance.id"
    )
    seats: Mapped[list[Seat]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Seat.id"
    )


class EventTable(Base):
    __tablename__ = "event_tables"
    __table_args__ = (
        UniqueConstraint("event_id", "number"),
        CheckConstraint("min_size <= max_size", name="sizes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    min_size: Mapped[int] = mapped_column(Integer, default=1)
    max_size: Mapped[int] = mapped_column(Integer)
    host_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship(back_populates="tables")


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("event_id", "person_id"),
        CheckConstraint("rsvp IN ('yes', 'no', 'maybe')", name="rsvp"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    rsvp: Mapped[str] = mapped_column(String(10), default="yes")
    checked_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # When the answer was given: the waitlist's order.
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # A "yes" beyond the event's capacity, promoted in order when a seat frees.
    waitlisted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    event: Mapped[Event] = relationship(back_populates="attendance")


class Seat(Base):
    """One person at one table in one round: the rows of a Seating."""

    __tablename__ = "seats"
    __table_args__ = (UniqueConstraint("event_id", "round", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    table_number: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)

    event: Mapped[Event] = relationship(back_populates="seats")


class Encounter(Base):
    """Two people who sat at one table: later seatings avoid repeating it."""

    __tablename__ = "encounters"
    __table_args__ = (
        UniqueConstraint("event_id", "round", "person_a_id", "person_b_id"),
        CheckConstraint("person_a_id < person_b_id", name="ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    round: Mapped[int] = mapped_column(Integer)
    person_a_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    person_b_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    met_on: Mapped[dt.date] = mapped_column(Date)


class EventFeedback(Base):
    """After an event: whom I learned from, whom I'll follow up with."""

    __tablename__ = "event_feedback"
    __table_args__ = (
        UniqueConstraint("event_id", "person_id", "about_id", "kind"),
        CheckConstraint("kind IN ('learned_from', 'follow_up')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    about_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    # A follow-up is a reminder for the person who gave it: due on, done at.
    remind_on: Mapped[dt.date | None] = mapped_column(Date)
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class EventRating(Base):
    """A member's rating (1–5) of the evening (round 0, table 0) or of one table."""

    __tablename__ = "event_ratings"
    __table_args__ = (
        UniqueConstraint("event_id", "person_id", "round", "table_number"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer, default=0)
    table_number: Mapped[int] = mapped_column(Integer, default=0)
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)


class ReminderDelivery(Base):
    """One reminder sent (or tried) on one channel: each is sent once."""

    __tablename__ = "reminder_deliveries"
    __table_args__ = (
        UniqueConstraint("event_id", "channel", "recipient", "kind"),
        CheckConstraint("channel IN ('webhook', 'ntfy', 'email')", name="channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(30))
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    error: Mapped[str | None] = mapped_column(Text)


class SeatingPair(Base):
    """An organiser's rule for two people at every event of a community: apart or together.

    One row per pair (``person_a_id < person_b_id``), so a pair cannot be both.
    """

    __tablename__ = "seating_pairs"
    __table_args__ = (
        UniqueConstraint("community_id", "person_a_id", "person_b_id"),
        CheckConstraint("person_a_id < person_b_id", name="ordered"),
        CheckConstraint("kind IN ('apart', 'together')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    person_a_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    person_b_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Embedding(Base):
    """A stored vector for the semantic index (kind + record id, per backend)."""

    __tablename__ = "embeddings"
    __table_args__ = (UniqueConstraint("owner_id", "backend", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    backend: Mapped[str] = mapped_column(String(100))
    ref: Mapped[str] = mapped_column(String(200))
    text_hash: Mapped[str] = mapped_column(String(64))
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    norm: Mapped[float] = mapped_column(Float, default=1.0)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NetworkVersion(Base):
    """How often an owner's network has changed: people, their fields, their ties.

    Database triggers (migration 0003) bump it on every insert, update and
    delete of people, person_emails, person_attributes, person_tags and ties,
    whatever wrote them (the ORM, bulk statements, cascades, plain SQL), so a
    :class:`NetworkSnapshot` made at a version is current while the version is
    unchanged.  On PostgreSQL it moves once per transaction (``bumped_in``
    holds the transaction), so a bulk import does not rewrite one row per
    statement.  No foreign key to accounts: the triggers also fire while an
    account's rows are deleted by cascade.
    """

    __tablename__ = "network_versions"

    owner_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    bumped_in: Mapped[int | None] = mapped_column(BigInteger)


class NetworkChange(Base):
    """Whose part of an owner's network changed, and at which :class:`NetworkVersion`.

    The triggers that bump the version (migration 0004) also note each person
    whose row, fields or ties a write touched, once per person, with a version
    after the snapshot stored before the write (the newest on PostgreSQL, the
    first since that snapshot on SQLite).  A :class:`NetworkSnapshot` at
    version ``v`` is brought up to date by rereading only the people noted
    after ``v``; storing it drops the notes up to ``v``.  No
    foreign keys: a deleted person is noted too, and so is a person of an
    account being deleted.
    """

    __tablename__ = "network_changes"

    owner_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    person_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)


class NetworkSnapshot(Base):
    """An owner's network as arrays at one :class:`NetworkVersion`.

    Written and read by :mod:`salon.services.network_snapshot`.
    """

    __tablename__ = "network_snapshots"

    owner_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    version: Mapped[int] = mapped_column(BigInteger)
    # the node fields it holds, as a JSON list
    fields: Mapped[str] = mapped_column(Text)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # one score per node computed from the network and other inputs (relevance
    # to the open ideas), valid while the version and the key of those inputs hold
    scores_key: Mapped[str | None] = mapped_column(String(100))
    scores: Mapped[bytes | None] = mapped_column(LargeBinary)


class Merge(Base):
    """A merge of two people, with what it changed, so it can be undone.

    ``record`` (JSON) holds the rows as they were before the merge: both
    people, every row naming the merged-away person (their emails,
    attributes, tags, ties with their evidence, participations, feedback…),
    the kept person's own rows the merge may change (attributes, ties and
    their evidence), and the ids of the rows the merge created.  Written and
    replayed by :mod:`salon.services.merge_history`.
    """

    __tablename__ = "merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    kept_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    merged_id: Mapped[int] = mapped_column(Integer)  # the merged-away person's id, now free
    merged_name: Mapped[str] = mapped_column(String(300))
    merged_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
