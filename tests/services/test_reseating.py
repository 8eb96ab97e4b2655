"""Re-seating a round keeps the ties and encounters honest (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from salon.db.models import Encounter
from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.meetup import check_in, create_community, create_event, record_seating
from salon.services.people import PersonFields, add_person
from salon.services.ties import ties_of


def test_reseating_a_round_drops_co_seated_ties_of_the_discarded_seating(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        a, b, c, d = (add_person(session, owner, PersonFields(name=n)) for n in "ABCD")
        community = create_community(session, owner, "Long Table")
        event = create_event(
            session, owner, community, title="Week 1", on=dt.date(2026, 11, 5), tables=[2, 2]
        )
        for person in (a, b, c, d):
            check_in(
                session, owner, event, person
            )  # a seating is a plan; encounters need them there
        record_seating(session, event, 1, [[a, b], [c, d]])
        record_seating(session, event, 1, [[a, c], [b, d]])
        pairs = {
            (t.person_a_id, t.person_b_id): {e.kind for e in t.evidence}
            for t in ties_of(session, owner)
        }
        expected = {tuple(sorted((x.id, y.id))) for x, y in ((a, c), (b, d))}
        met = set(session.execute(select(Encounter.person_a_id, Encounter.person_b_id)))
        assert met == expected
    assert set(pairs) == expected
    assert all(kinds == {"co_seated"} for kinds in pairs.values())
