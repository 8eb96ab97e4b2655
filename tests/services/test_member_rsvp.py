"""A member's own answer on their phone goes through the organiser's waitlist."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.services.test_meetup_members import ORGANISER, PASSWORD, _join, _meetup

from salon.db.store import Store
from salon.errors import InputError, NotFoundError
from salon.services.event_rsvp import event_roster
from salon.services.invitations import create_invitation
from salon.services.meetup import create_community, create_event, get_event
from salon.services.meetup_roles import my_membership
from salon.services.member_profiles import SnoozedError, set_snooze
from salon.services.member_rsvp import answer_for_myself, my_events
from salon.services.users import create_user, find_user

NEXT_WEEK = dt.date.today() + dt.timedelta(days=7)
T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _dinner(store: Store, community_id: int, capacity: int) -> int:
    """An event next week with room for ``capacity``."""
    with store.transaction() as session:
        owner = find_user(session, ORGANISER)
        event = create_event(
            session, owner, community_id, title="Next dinner", on=NEXT_WEEK, tables=[3, 3]
        )
        event.capacity = capacity
        return event.id


def test_members_answer_and_the_waitlist_promotes_in_order(store: Store) -> None:
    meetup = _meetup(store)
    event_id = _dinner(store, meetup.community_id, capacity=1)
    ana = _join(store, meetup.token, "ana@x.org")
    raj = _join(store, meetup.token, "raj@x.org")
    zoe = _join(store, meetup.token, "zoe@y.org", name="Zoë Adams")
    with store.transaction() as session:
        assert answer_for_myself(session, ana, event_id, "yes", now=T0).status == "going"
        later = T0 + dt.timedelta(minutes=1)
        assert answer_for_myself(session, raj, event_id, "yes", now=later).status == "waitlisted"
        last = T0 + dt.timedelta(minutes=2)
        assert answer_for_myself(session, zoe, event_id, "yes", now=last).status == "waitlisted"
        [zoe_view] = [
            e
            for e in my_events(my_membership(session, zoe, meetup.community_id))
            if e.id == event_id
        ]
        assert (zoe_view.status, zoe_view.place_in_line) == ("waitlisted", 2)
        # Ana cannot come after all: Raj, first in line, takes her seat; Zoë moves up
        assert answer_for_myself(session, ana, event_id, "no").status == "declined"
        owner = find_user(session, ORGANISER)
        roster = event_roster(get_event(session, owner, event_id))
        raj_person = my_membership(session, raj, meetup.community_id).person_id
        zoe_person = my_membership(session, zoe, meetup.community_id).person_id
        assert roster.going == [raj_person]
        assert roster.waitlisted == [zoe_person]
        [zoe_view] = [
            e
            for e in my_events(my_membership(session, zoe, meetup.community_id))
            if e.id == event_id
        ]
        assert zoe_view.place_in_line == 1


def test_a_member_answers_only_for_their_own_meetups_future_events(store: Store) -> None:
    meetup = _meetup(store)
    event_id = _dinner(store, meetup.community_id, capacity=4)
    ana = _join(store, meetup.token, "ana@x.org")
    with store.transaction() as session:
        other_owner = create_user(session, "other@org.org", PASSWORD)
        other = create_community(session, other_owner, "Another Table")
        elsewhere = create_event(session, other_owner, other, on=NEXT_WEEK, tables=[4])
        create_invitation(session, other_owner, other.id)
        elsewhere_id = elsewhere.id
    with store.transaction() as session:
        with pytest.raises(NotFoundError):
            answer_for_myself(session, ana, elsewhere_id, "yes")
        with pytest.raises(InputError, match="took place"):
            answer_for_myself(session, ana, meetup.event_id, "yes")  # last week's
        with pytest.raises(InputError, match="yes or no"):
            answer_for_myself(session, ana, event_id, "maybe")
        member = my_membership(session, ana, meetup.community_id)
        set_snooze(session, member, NEXT_WEEK + dt.timedelta(days=1))
        with pytest.raises(SnoozedError):
            answer_for_myself(session, ana, event_id, "yes")
        assert answer_for_myself(session, ana, event_id, "no").status == "declined"
