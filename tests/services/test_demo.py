"""The demo's before/after: one evening seated by hand and by salon, the stored one intact."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from salon.db.models import Encounter, Seat, TieEvidence
from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.demo import load_sample, seat_next_meetup
from salon.services.meetup import get_event
from salon.services.meetup.reports import event_summary
from salon.services.sample import generate_sample


def test_the_demo_compares_one_evening_seated_by_hand_and_by_salon(store: Store) -> None:
    sample = generate_sample(2026)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        loaded = load_sample(session, owner, sample)
    last_id = loaded.event_ids[-1]
    keys = {pid: key for key, pid in loaded.people.items()}

    def stored(session: Session) -> tuple[object, ...]:
        """Last week's seats, encounters and the tie evidence they give."""
        seats = session.scalars(select(Seat).where(Seat.event_id == last_id))
        evidence = session.scalars(
            select(TieEvidence).where(TieEvidence.source_ref == f"event:{last_id}")
        )
        return (
            sorted((s.round, s.table_number, keys[s.person_id]) for s in seats),
            session.scalar(
                select(func.count()).select_from(Encounter).where(Encounter.event_id == last_id)
            ),
            sorted((e.tie_id, e.kind) for e in evidence),
        )

    with store.reading() as session:
        before = stored(session)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        meetup = seat_next_meetup(session, owner, loaded, time_limit=0.3)
    hand, salon = meetup.by_hand, meetup.by_salon
    # the same evening: its people, its tables and rounds, after the same events
    assert hand.event_id == salon.event_id == last_id
    assert (hand.n_seated, hand.starts_on) == (salon.n_seated, salon.starts_on)
    assert hand.n_seated == len(sample.community.events[-1].attendees)
    hand_tables = sorted((t.round, t.table, t.n_people) for t in hand.tables)
    assert sorted((t.round, t.table, t.n_people) for t in salon.tables) == hand_tables
    # salon's seating was shown, not kept: seats, encounters and ties are as loaded
    with store.reading() as session:
        owner = owner_account(session, "me")
        assert stored(session) == before
        assert event_summary(session, owner, last_id) == hand
        assert len(get_event(session, owner, meetup.event_id).seats) == 30 * 3
