"""A first look at a network: contacts by industry and how much of who-knows-whom is known."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy.orm import Session

from salon.db.models import Account
from salon.services.accounts import me
from salon.services.people import list_people
from salon.services.ties import ties_of


@dataclass(frozen=True)
class NetworkOverview:
    n_people: int
    n_contacts: int
    contacts_by_industry: tuple[tuple[str, int], ...]  # unknown industry counted as "(unknown)"
    n_alter_ties: int  # known ties among the user's contacts
    n_inferred: int  # of those, ties resting only on inferred evidence
    alter_density: float  # known alter ties / possible pairs of contacts


def network_overview(session: Session, owner: Account) -> NetworkOverview:
    """Counts that need no analytics: who the contacts are, what structure is known."""
    user = me(session, owner)
    people = {p.id: p for p in list_people(session, owner)}
    ties = ties_of(session, owner)
    contacts = {
        t.person_b_id if t.person_a_id == user.id else t.person_a_id
        for t in ties
        if user.id in (t.person_a_id, t.person_b_id)
    }
    alter = [t for t in ties if t.person_a_id in contacts and t.person_b_id in contacts]
    industries = Counter(people[c].industry or "(unknown)" for c in contacts if c in people)
    n_pairs = len(contacts) * (len(contacts) - 1) // 2
    return NetworkOverview(
        n_people=len(people),
        n_contacts=len(contacts),
        contacts_by_industry=tuple(industries.most_common()),
        n_alter_ties=len(alter),
        n_inferred=sum(1 for t in alter if t.inferred_only),
        alter_density=len(alter) / n_pairs if n_pairs else 0.0,
    )
