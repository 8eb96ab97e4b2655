"""Known ties: the user's own, and the alter–alter ties salon could have learned of.

The alter–alter graph is a planted-partition graph (dense inside an organisation,
sparser inside an industry, rare across industries) plus a few brokers whose ties
cross industries: the clustered-with-bridges shape that makes Burt's constraint and
brokerage say something.  Introducer evidence is only used where it is consistent:
the introducer already knew both people before they met.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from salon.services.sample.model import SampleTie, TieEvidence
from salon.services.sample.people import CORE_INDUSTRIES, Draft

P_SAME_ORG = 0.55
P_SAME_INDUSTRY = 0.11
P_ACROSS = 0.005
P_BROKER_ACROSS = 0.07
N_BROKERS = 9


@dataclass(frozen=True)
class ContactPlan:
    """How a contact behaves over the two logged years."""

    key: str
    industry: str
    since: datetime.date
    closeness: float
    dormant: bool
    new: bool


def _days(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    return datetime.timedelta(days=rng.randint(low, high))


def alter_edges(
    rng: random.Random, drafts: list[Draft], today: datetime.date
) -> dict[tuple[str, str], datetime.date]:
    """Alter–alter ties (pair sorted) with the date they began."""
    others = [d for d in drafts if d.group != "me"]
    brokers = {d.key for d in rng.sample([d for d in others if d.group != "community"], N_BROKERS)}
    edges: dict[tuple[str, str], datetime.date] = {}
    for i, u in enumerate(others):
        for v in others[i + 1 :]:
            if u.organization is not None and u.organization == v.organization:
                p = P_SAME_ORG
            elif u.industry == v.industry:
                p = P_SAME_INDUSTRY
            elif u.key in brokers or v.key in brokers:
                p = P_BROKER_ACROSS
            else:
                p = P_ACROSS
            if "community" in (u.group, v.group) and u.group != v.group:
                p *= 0.3  # meetup regulars mostly know each other, not the user's circle
            if rng.random() < p:
                pair = (u.key, v.key) if u.key < v.key else (v.key, u.key)
                edges[pair] = today - _days(rng, 60, 14 * 365)
    # Every second-degree person is known to at least one of the user's contacts.
    contacts = [d for d in drafts if d.group == "contact"]
    linked = {k for pair in edges for k in pair}
    contact_keys = {d.key for d in contacts}
    for d in others:
        if d.group != "second":
            continue
        neighbours = {a if b == d.key else b for a, b in edges if d.key in (a, b)}
        if d.key in linked and neighbours & contact_keys:
            continue
        peers = [c for c in contacts if c.industry == d.industry] or contacts
        c = rng.choice(peers)
        pair = (c.key, d.key) if c.key < d.key else (d.key, c.key)
        edges[pair] = today - _days(rng, 60, 10 * 365)
    return edges


def plan_contacts(
    rng: random.Random, drafts: list[Draft], today: datetime.date
) -> dict[str, ContactPlan]:
    """Since when the user knows each contact, how close, and who goes dormant or is new.

    Dormant contacts (strong in the first year, silent for the last one) and new
    contacts (met during the logged two years) come mostly from outside the
    user's core industries: that is where the orientation trend and the "revive a
    dormant tie" advice have something to show.
    """
    contacts = [d for d in drafts if d.group == "contact"]
    fixed = contacts[0]  # the friend who runs the restaurant never goes dormant
    outside = [d for d in contacts[1:] if d.industry not in CORE_INDUSTRIES]
    inside = [d for d in contacts[1:] if d.industry in CORE_INDUSTRIES]
    dormant = set(rng.sample([d.key for d in outside], 5) + rng.sample([d.key for d in inside], 6))
    fresh_pool = [d.key for d in outside if d.key not in dormant]
    new = set(rng.sample(fresh_pool, 12)) | set(
        rng.sample([d.key for d in inside if d.key not in dormant], 4)
    )
    window = 730
    plans: dict[str, ContactPlan] = {}
    for d in contacts:
        if d.key in new:
            # Mostly met in the second year, when the user starts looking outwards.
            since = today - _days(rng, 20, 300 if rng.random() < 0.8 else window - 30)
        elif d is fixed:
            since = today - datetime.timedelta(days=9 * 365)
        else:
            since = today - _days(rng, window + 30, 15 * 365)
        closeness = rng.lognormvariate(0.0, 0.7)
        if d.key in dormant or d is fixed:
            closeness = max(closeness, 1.5)
        plans[d.key] = ContactPlan(
            d.key, d.industry, since, closeness, d.key in dormant, d.key in new
        )
    return plans


def _support(rng: random.Random, plan: ContactPlan, strength: int | None) -> frozenset[str]:
    close = strength is not None and strength >= 4
    kinds: set[str] = set()
    if rng.random() < (0.55 if close else 0.12):
        kinds.add("moral")
    if rng.random() < 0.4:
        kinds.add("advice")
    if rng.random() < (0.55 if plan.industry == "finance" else 0.12):
        kinds.add("resources")
    return frozenset(kinds)


def build_ties(
    rng: random.Random,
    me: str,
    drafts: list[Draft],
    plans: dict[str, ContactPlan],
    edges: dict[tuple[str, str], datetime.date],
) -> tuple[SampleTie, ...]:
    """Ego ties first, then alter–alter ties, each with evidence and introducer."""
    by_key = {d.key: d for d in drafts}
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    ego_since = {k: p.since for k, p in plans.items()}
    colleagues = [
        k
        for k in plans
        if by_key[k].organization == by_key[me].organization and by_key[k].key != me
    ]
    inferred_colleagues = set(colleagues[:2])
    gap = datetime.timedelta(days=30)

    def since_of(x: str, y: str) -> datetime.date | None:
        if me in (x, y):
            return ego_since.get(y if x == me else x)
        return edges.get((x, y) if x < y else (y, x))

    ties: list[SampleTie] = []
    for key, plan in plans.items():
        if plan.dormant:
            strength: int | None = rng.randint(4, 5)
        elif rng.random() < 0.12:
            strength = None
        else:
            strength = min(5, max(1, round(1 + plan.closeness * 1.6)))
        introducer = None
        evidence: TieEvidence = "stated"
        if key in inferred_colleagues:
            evidence = "same_organization"
        elif rng.random() < 0.22:
            candidates = sorted(
                c
                for c in neighbours[key] & plans.keys()
                if ego_since[c] + gap <= plan.since
                and (since_of(c, key) or plan.since) + gap <= plan.since
            )
            if candidates:
                introducer = rng.choice(candidates)
                evidence = "introducer"
        ties.append(
            SampleTie(
                a=me,
                b=key,
                evidence=evidence,
                since=plan.since,
                introduced_by=introducer,
                support=_support(rng, plan, strength),
                strength=strength,
            )
        )
    for (a, b), since in sorted(edges.items()):
        da, db = by_key[a], by_key[b]
        introducer = None
        if da.organization is not None and da.organization == db.organization:
            evidence = "same_organization" if rng.random() < 0.65 else "stated"
        else:
            evidence = "stated"
            if rng.random() < 0.2:
                candidates = sorted(
                    c
                    for c in (neighbours[a] & neighbours[b]) | {me}
                    if (sa := since_of(c, a)) is not None
                    and (sb := since_of(c, b)) is not None
                    and max(sa, sb) + gap <= since
                )
                if candidates:
                    introducer = rng.choice(candidates)
                    evidence = "introducer"
        strength = None if rng.random() < 0.6 else rng.randint(1, 4)
        support = frozenset({"advice"}) if rng.random() < 0.1 else frozenset()
        ties.append(SampleTie(a, b, evidence, since, introducer, support, strength))
    return tuple(ties)
