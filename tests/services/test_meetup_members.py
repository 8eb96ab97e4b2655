"""The members' side of a meetup: roles, invitations, profiles, "not with", snooze,
my table and feedback (SQLite, and PostgreSQL in the full run)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from salon.db.models import Account, EventFeedback, EventRating, MeetupInvitation, Seat
from salon.db.store import Store
from salon.errors import InfeasibleError, InputError, NotFoundError
from salon.services.duplicates import merge_people
from salon.services.invitations import (
    InvitationError,
    create_invitation,
    join_meetup,
    list_invitations,
    parse_expiry,
    revoke_invitation,
)
from salon.services.meetup import add_member, check_in, create_community, create_event, rsvp
from salon.services.meetup.pairs import add_seating_pair
from salon.services.meetup.seating import seat_event
from salon.services.meetup_roles import (
    add_organiser,
    list_organisers,
    meetups_of,
    my_event,
    my_membership,
    organised_meetup,
    remove_organiser,
)
from salon.services.member_feedback import (
    feedback_form,
    give_member_feedback,
    mark_reminder_done,
    my_reminders,
    rating_summary,
)
from salon.services.member_profiles import (
    SnoozedError,
    private_apart_pairs,
    profile_view,
    save_profile,
    set_not_with,
    set_snooze,
)
from salon.services.my_table import my_table
from salon.services.people import PersonFields, add_person, get_person
from salon.services.users import create_user, find_user

PASSWORD = "a long enough password"
ORGANISER = "org@meetup.org"
#: the event took place last week: feedback is open
EVENING = dt.date.today() - dt.timedelta(days=7)
NAMES = ["Ana López", "Raj Patel", "Mei Chen", "Kwame Mensah", "Lea Weber", "Tom Ode"]
INDUSTRIES = ["health", "fintech", "education", "energy", "retail", "media"]


@dataclass(frozen=True)
class Meetup:
    community_id: int
    event_id: int
    token: str


def _meetup(store: Store, *, tables: list[int] | None = None) -> Meetup:
    """An organiser's meetup with six known people (two with e-mails) and an event."""
    with store.transaction() as session:
        owner = create_user(session, ORGANISER, PASSWORD)
        community = create_community(session, owner, "Long Table")
        for k, (name, industry) in enumerate(zip(NAMES, INDUSTRIES, strict=True)):
            emails = [f"{name.split()[0].lower()}@x.org"] if k < 2 else []
            add_person(session, owner, PersonFields(name=name, industry=industry, emails=emails))
            add_member(session, owner, community.id, name, intent="both")
        event = create_event(
            session, owner, community, title="Week 1", on=EVENING, tables=tables or [3, 3], rounds=2
        )
        _, token = create_invitation(session, owner, community.id)
        return Meetup(community.id, event.id, token)


def _join(store: Store, token: str, email: str, name: str | None = None) -> Account:
    with store.transaction() as session:
        account = create_user(session, email, PASSWORD)
        join_meetup(session, token, account, name=name)
        return account


def test_joining_links_a_known_email_else_creates_the_person(store: Store) -> None:
    meetup = _meetup(store)
    with store.transaction() as session:
        ana = create_user(session, "ana@x.org", PASSWORD)
        linked = join_meetup(session, meetup.token, ana)
        assert linked.linked_existing
        assert linked.member.person.name == "Ana López"
        zoe = create_user(session, "zoe@y.org", PASSWORD)
        made = join_meetup(session, meetup.token, zoe, name="Zoë Adams")
        assert not made.linked_existing
        assert made.member.person.name == "Zoë Adams"
        owner = find_user(session, ORGANISER)
        # the new person is the organiser's, in the organiser's network, with her email
        assert get_person(session, owner, "zoe@y.org").id == made.member.person_id
        again = join_meetup(session, meetup.token, zoe)
        assert again.already_member
        assert again.member.id == made.member.id
        [row] = list_invitations(session, owner, meetup.community_id)
        assert row.uses == 2
        assert row.state == "open"
        # the member's own account has its own network: the organiser's people are not in it
        with pytest.raises(NotFoundError):
            get_person(session, zoe, "Ana López")
        assert [r.role for r in meetups_of(session, zoe)] == ["member"]
        assert [r.role for r in meetups_of(session, owner)] == ["organiser"]


def test_the_token_is_stored_hashed_and_bad_links_say_why(store: Store) -> None:
    meetup = _meetup(store)
    with store.transaction() as session:
        stored = session.scalars(select(MeetupInvitation.token_hash)).all()
        assert meetup.token not in stored
        assert len(stored[0]) == 64
        owner = find_user(session, ORGANISER)
        visitor = create_user(session, "v@y.org", PASSWORD)
        with pytest.raises(InvitationError, match="not valid"):
            join_meetup(session, meetup.token + "x", visitor)
        short, token = create_invitation(
            session, owner, meetup.community_id, expires_in=parse_expiry("1h")
        )
        later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
        with pytest.raises(InvitationError, match="expired"):
            join_meetup(session, token, visitor, now=later)
        revoke_invitation(session, owner, short.id)
        with pytest.raises(InvitationError, match="withdrawn"):
            join_meetup(session, token, visitor)
        states = {r.id: r.state for r in list_invitations(session, owner, meetup.community_id)}
        assert states[short.id] == "revoked"
        # a member cannot make, list or revoke invitations
        member = create_user(session, "m@y.org", PASSWORD)
        join_meetup(session, meetup.token, member, name="Mo")
        with pytest.raises(NotFoundError):
            create_invitation(session, member, meetup.community_id)
        with pytest.raises(NotFoundError):
            revoke_invitation(session, member, short.id)
    with pytest.raises(InputError, match="expiry"):
        parse_expiry("soon")


def test_co_organisers_organise_but_members_do_not(store: Store) -> None:
    meetup = _meetup(store)
    member = _join(store, meetup.token, "ana@x.org")
    with store.transaction() as session:
        owner = find_user(session, ORGANISER)
        create_user(session, "co@meetup.org", PASSWORD)
        add_organiser(session, owner, "Long Table", "co@meetup.org")
        assert list_organisers(session, owner, meetup.community_id) == [
            ORGANISER,
            "co@meetup.org",
        ]
        co = find_user(session, "co@meetup.org")
        community, runs_as = organised_meetup(session, co, meetup.community_id)
        assert runs_as.id == owner.id
        assert community.id == meetup.community_id
        member = session.get(Account, member.id)
        assert member is not None
        with pytest.raises(NotFoundError):
            organised_meetup(session, member, meetup.community_id)
        # the co-organiser is not a member, and the member reaches only their own side
        with pytest.raises(NotFoundError):
            my_membership(session, co, meetup.community_id)
        assert my_event(session, member, meetup.event_id)[1].person.name == "Ana López"
        remove_organiser(session, owner, meetup.community_id, "co@meetup.org")
        with pytest.raises(NotFoundError):
            organised_meetup(session, co, meetup.community_id)
        # only the owner changes organisers
        with pytest.raises(NotFoundError):
            add_organiser(session, member, meetup.community_id, "co@meetup.org")


def test_another_meetups_member_reaches_nothing(store: Store) -> None:
    meetup = _meetup(store)
    with store.transaction() as session:
        other_owner = create_user(session, "other@o.org", PASSWORD)
        other = create_community(session, other_owner, "Elsewhere")
        _, other_token = create_invitation(session, other_owner, other.id)
    outsider = _join(store, other_token, "out@o.org", "Otto")
    with store.transaction() as session:
        outsider = session.get(Account, outsider.id)
        assert outsider is not None
        for call in (
            lambda: my_membership(session, outsider, meetup.community_id),
            lambda: my_event(session, outsider, meetup.event_id),
            lambda: my_table(session, outsider, meetup.event_id),
            lambda: feedback_form(session, outsider, meetup.event_id),
        ):
            with pytest.raises(NotFoundError):
                call()


def test_profile_fields_intents_and_what_tablemates_see(store: Store) -> None:
    meetup = _meetup(store, tables=[3, 3])
    ana = _join(store, meetup.token, "ana@x.org")
    raj = _join(store, meetup.token, "raj@x.org")
    with store.transaction() as session:
        ana_member = my_membership(session, ana, meetup.community_id)
        view = save_profile(
            session,
            ana_member,
            {"brings": "clinical trials", "curious_about": "batteries", "industry": "health"},
            shared={"brings", "intents"},
            intents=["learn"],
        )
        assert ana_member.intent == "learn"
        # the organiser's stated industry stays; a blank discipline is filled
        save_profile(session, ana_member, {"industry": "biotech", "discipline": "medicine"},
                     shared={"intents"}, intents=["learn"])  # fmt: skip
        assert ana_member.person.industry == "health"
        assert ana_member.person.discipline == "medicine"
        assert view.fields["brings"].shared
        assert not view.fields["curious_about"].shared
        raj_member = my_membership(session, raj, meetup.community_id)
        save_profile(session, raj_member, {}, shared=set(), intents=["pitch", "partners"])
        assert raj_member.intent == "both"
        with pytest.raises(InputError, match="intent"):
            save_profile(session, raj_member, {}, shared=set(), intents=["sell"])
        owner = find_user(session, ORGANISER)
        for name in NAMES:
            check_in(
                session,
                owner,
                rsvp_event(session, owner, meetup.event_id),
                get_person(session, owner, name),
            )
    with store.transaction() as session:
        owner = find_user(session, ORGANISER)
        seat_event(session, owner, meetup.event_id, time_limit=None, max_iterations=200)
    with store.transaction() as session:
        raj = session.get(Account, raj.id)
        assert raj is not None
        table = my_table(session, raj, meetup.event_id)
        assert [r.round for r in table.rounds] == [1, 2]
        for r in table.rounds:
            assert len(r.tablemates) == 2
            assert r.starter
            for mate in r.tablemates:
                if mate.name == "Ana López":
                    # shared: brings and intents; never the unshared curiosity or industry
                    assert mate.shared == {"brings": "clinical trials", "intents": "learn"}
                else:
                    assert mate.shared == {}
        seats = session.execute(
            select(Seat.round, Seat.table_number).where(
                Seat.event_id == meetup.event_id, Seat.person_id == table.person_id
            )
        ).all()
        assert sorted((r.round, r.table) for r in table.rounds) == sorted(map(tuple, seats))


def rsvp_event(session, owner, event_id):  # type: ignore[no-untyped-def]
    from salon.services.meetup import get_event

    return get_event(session, owner, event_id)


def test_not_with_is_a_hard_keep_apart_that_no_refusal_names(store: Store) -> None:
    meetup = _meetup(store, tables=[3, 3])
    ana = _join(store, meetup.token, "ana@x.org")
    with store.transaction() as session:
        member = my_membership(session, ana, meetup.community_id)
        raj_mei = [f.member_id for f in profile_view(session, member).fellows if f.name in
                   ("Raj Patel", "Mei Chen")]  # fmt: skip
        assert set_not_with(session, member, raj_mei) == 2
        owner = find_user(session, ORGANISER)
        event = rsvp_event(session, owner, meetup.event_id)
        for name in NAMES:
            check_in(session, owner, event, get_person(session, owner, name))
        ids = {n: get_person(session, owner, n).id for n in NAMES}
        assert private_apart_pairs(session, meetup.community_id) == {
            tuple(sorted((ids["Ana López"], ids[n]))) for n in ("Raj Patel", "Mei Chen")
        }
    for seed in range(3):
        with store.transaction() as session:
            owner = find_user(session, ORGANISER)
            seat_event(session, owner, meetup.event_id, seed=seed, max_iterations=300)
            seats = session.execute(
                select(Seat.round, Seat.table_number, Seat.person_id).where(
                    Seat.event_id == meetup.event_id
                )
            ).all()
        where = {(r, p): t for r, t, p in seats}
        for r in (1, 2):
            for other in ("Raj Patel", "Mei Chen"):
                assert where[r, ids["Ana López"]] != where[r, ids[other]]
    # three people who must all be apart at two tables: refused without naming anyone
    with store.transaction() as session:
        owner = find_user(session, ORGANISER)
        add_seating_pair(session, owner, meetup.community_id, "apart", "Raj Patel", "Mei Chen")
    with store.transaction() as session:
        owner = find_user(session, ORGANISER)
        with pytest.raises(InfeasibleError) as refused:
            seat_event(session, owner, meetup.event_id, max_iterations=100)
    message = str(refused.value)
    assert "private" in message
    assert not any(name in message for name in NAMES)
    # the fellows list is not another member's private list: theirs stays unseen
    raj = _join(store, meetup.token, "raj@x.org")
    with store.transaction() as session:
        view = profile_view(session, my_membership(session, raj, meetup.community_id))
        assert not any(f.not_with for f in view.fellows)


def test_a_snoozed_member_is_not_seated_and_cannot_say_yes(store: Store) -> None:
    meetup = _meetup(store, tables=[3, 3])
    ana = _join(store, meetup.token, "ana@x.org")
    with store.transaction() as session:
        member = my_membership(session, ana, meetup.community_id)
        day_before = EVENING - dt.timedelta(days=1)
        set_snooze(session, member, EVENING + dt.timedelta(days=14), today=day_before)
        owner = find_user(session, ORGANISER)
        event = rsvp_event(session, owner, meetup.event_id)
        with pytest.raises(SnoozedError, match="snoozed"):
            rsvp(session, owner, event, member.person, "yes")
        rsvp(session, owner, event, member.person, "no")  # a no is fine
        for name in NAMES[1:]:
            rsvp(session, owner, event, get_person(session, owner, name), "yes")
        with pytest.raises(InputError):
            set_snooze(session, member, EVENING - dt.timedelta(days=30), today=EVENING)
    with store.transaction() as session:
        owner = find_user(session, ORGANISER)
        outcome = seat_event(session, owner, meetup.event_id, max_iterations=100)
        assert outcome.n_attendees == 5
        seated = set(
            session.scalars(select(Seat.person_id).where(Seat.event_id == meetup.event_id))
        )
        assert get_person(session, owner, "Ana López").id not in seated


def test_feedback_ratings_learned_from_and_reminders(store: Store) -> None:
    meetup = _meetup(store, tables=[3, 3])
    ana = _join(store, meetup.token, "ana@x.org")
    raj = _join(store, meetup.token, "raj@x.org")
    with store.transaction() as session:
        owner = find_user(session, ORGANISER)
        event = rsvp_event(session, owner, meetup.event_id)
        for name in NAMES:
            check_in(session, owner, event, get_person(session, owner, name))
    with store.transaction() as session:
        seat_event(session, find_user(session, ORGANISER), meetup.event_id, max_iterations=200)
    with store.transaction() as session:
        form = feedback_form(session, ana, meetup.event_id)
        assert [(t.round, t.rating) for t in form.tables] == [(1, None), (2, None)]
        mates = {p for t in form.tables for p, _ in t.people}
        strangers = {p for p, _ in form.others} - mates
        first = form.tables[0]
        if strangers:
            with pytest.raises(InputError, match="tablemates"):
                give_member_feedback(session, ana, meetup.event_id, learned_from=[min(strangers)])
        with pytest.raises(InputError, match="1 to 5"):
            give_member_feedback(session, ana, meetup.event_id, evening=6)
        with pytest.raises(InputError, match="opens on the day"):
            give_member_feedback(
                session, ana, meetup.event_id, evening=4, today=EVENING - dt.timedelta(days=1)
            )
        with pytest.raises(InputError, match="did not sit"):
            other_table = 2 if first.table == 1 else 1
            give_member_feedback(session, ana, meetup.event_id, tables={(1, other_table): 3})
        answered = give_member_feedback(
            session,
            ana,
            meetup.event_id,
            evening=4,
            tables={(t.round, t.table): 5 - k for k, t in enumerate(form.tables)},
            learned_from=[first.people[0][0]],
            follow_up=[first.people[1][0]],
            comment="Lovely",
        )
        assert answered.evening == 4
        assert answered.comment == "Lovely"
        assert answered.learned_from == {first.people[0][0]}
        ana_member = my_membership(session, ana, meetup.community_id)
        [reminder] = my_reminders(session, ana_member)
        assert reminder.remind_on == EVENING + dt.timedelta(days=3)
        assert not reminder.done
        with pytest.raises(NotFoundError):
            mark_reminder_done(session, raj, reminder.feedback_id)  # not Raj's
        assert mark_reminder_done(session, ana, reminder.feedback_id).done
        raj_form = feedback_form(session, raj, meetup.event_id)
        give_member_feedback(session, raj, meetup.event_id, evening=2)
        summary = rating_summary(session, find_user(session, ORGANISER), meetup.event_id)
        assert summary.n_evening == 2
        assert summary.evening_mean == pytest.approx(3.0)
        assert summary.n_comments == 1
        assert [(t.round, t.n) for t in summary.tables] == [(1, 1), (2, 1)]
        assert raj_form.evening is None
        with pytest.raises(NotFoundError):  # a member reads no organiser summary
            rating_summary(session, raj, meetup.event_id)


def test_merging_people_moves_their_ratings(store: Store) -> None:
    meetup = _meetup(store, tables=[3, 3])
    ana = _join(store, meetup.token, "ana@x.org")
    with store.transaction() as session:
        owner = find_user(session, ORGANISER)
        event = rsvp_event(session, owner, meetup.event_id)
        for name in NAMES:
            check_in(session, owner, event, get_person(session, owner, name))
    with store.transaction() as session:
        seat_event(session, find_user(session, ORGANISER), meetup.event_id, max_iterations=100)
    with store.transaction() as session:
        mate = feedback_form(session, ana, meetup.event_id).tables[0].people[0][0]
        give_member_feedback(session, ana, meetup.event_id, evening=5, follow_up=[mate])
        owner = find_user(session, ORGANISER)
        twin = add_person(session, owner, PersonFields(name="Ana Lopez (old)"))
        kept = merge_people(session, owner, twin.id, get_person(session, owner, "ana@x.org").id)
        ratings = session.execute(select(EventRating.person_id, EventRating.rating)).all()
        assert [tuple(r) for r in ratings] == [(kept.id, 5)]
        assert kept.id == twin.id
        # the follow-up (a reminder) moved too, due date and all
        [follow_up] = session.scalars(select(EventFeedback)).all()
        assert (follow_up.person_id, follow_up.about_id) == (kept.id, mate)
        assert follow_up.remind_on == EVENING + dt.timedelta(days=3)


def test_merging_two_members_keeps_the_account_profile_and_not_with(store: Store) -> None:
    meetup = _meetup(store)
    ana = _join(store, meetup.token, "ana@x.org")
    raj = _join(store, meetup.token, "raj@x.org")
    with store.transaction() as session:
        member = my_membership(session, ana, meetup.community_id)
        save_profile(session, member, {"brings": "trials"}, shared={"brings"}, intents=[])
        fellows = {f.name: f.member_id for f in profile_view(session, member).fellows}
        set_not_with(session, member, [fellows["Mei Chen"]])
        raj_member = my_membership(session, raj, meetup.community_id)
        set_not_with(session, raj_member, [member.id])  # Raj keeps away from Ana
        owner = find_user(session, ORGANISER)
        twin = add_person(session, owner, PersonFields(name="Ana L."))
        add_member(session, owner, meetup.community_id, str(twin.id))
        ana_id = get_person(session, owner, "ana@x.org").id
        merge_people(session, owner, twin.id, ana_id, prefer="keep")
    with store.transaction() as session:
        kept = my_membership(session, ana, meetup.community_id)  # the account came along
        assert kept.person_id == twin.id
        view = profile_view(session, kept)
        assert view.fields["brings"].value == "trials"
        assert [f.name for f in view.fellows if f.not_with] == ["Mei Chen"]
        raj_view = profile_view(session, my_membership(session, raj, meetup.community_id))
        assert [f.member_id for f in raj_view.fellows if f.not_with] == [kept.id]
        ids = {n: get_person(session, find_user(session, ORGANISER), n).id for n in NAMES[1:3]}
        assert private_apart_pairs(session, meetup.community_id) == {
            tuple(sorted((twin.id, ids["Mei Chen"]))),
            tuple(sorted((twin.id, ids["Raj Patel"]))),
        }
