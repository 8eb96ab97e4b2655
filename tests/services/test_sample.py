"""The seeded sample behind ``salon demo``: counts, integrity, determinism, its story."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from itertools import combinations, pairwise

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salon.errors import InputError
from salon.services.sample import (
    CHANNELS,
    DEFAULT_TODAY,
    LEARNING_PURPOSES,
    OUTCOMES,
    PURPOSES,
    SUPPORT_TYPES,
    SampleInteraction,
    SampleNetwork,
    generate_sample,
)

TODAY = DEFAULT_TODAY
YEAR = datetime.timedelta(days=365)


@pytest.fixture(scope="module")
def sample() -> SampleNetwork:
    return generate_sample()


def _pair(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


def _contacts(s: SampleNetwork) -> set[str]:
    return {t.b if t.a == s.me else t.a for t in s.ties if s.me in (t.a, t.b)}


def _tie_since(s: SampleNetwork) -> dict[frozenset[str], datetime.date]:
    return {_pair(t.a, t.b): t.since for t in s.ties}


def check_integrity(s: SampleNetwork, today: datetime.date) -> None:
    """Every key resolves, no self or duplicate tie, seatings are complete and fit."""
    people = {p.key for p in s.people}
    assert len(people) == len(s.people), "person keys must be unique"
    assert s.me in people
    pairs = [_pair(t.a, t.b) for t in s.ties]
    assert all(len(p) == 2 for p in pairs), "a self-tie"
    assert len(set(pairs)) == len(pairs), "a duplicate tie"
    for t in s.ties:
        assert {t.a, t.b} <= people
        assert t.introduced_by is None or t.introduced_by in people
        assert (t.evidence == "introducer") == (t.introduced_by is not None)
        assert t.introduced_by not in (t.a, t.b)
        assert t.support <= SUPPORT_TYPES
        assert t.strength is None or 1 <= t.strength <= 5
        assert t.since < today
    contacts = _contacts(s)
    since = _tie_since(s)
    for i in s.interactions:
        assert i.participants, "an interaction without counterparts"
        assert len(set(i.participants)) == len(i.participants)
        assert s.me not in i.participants
        # Interactions are with known contacts, after the user met them.
        assert set(i.participants) <= contacts
        assert all(since[_pair(s.me, p)] <= i.when for p in i.participants)
        assert i.when < today
        assert i.purposes
        assert i.purposes <= PURPOSES
        assert i.outcomes <= OUTCOMES
        assert 1 <= i.depth <= 5
        assert i.channel in CHANNELS
        assert all(text.strip() for text in i.insights)
        assert i.notes is None or "{" not in i.notes, "an unfilled note template"
    for idea in s.ideas:
        assert [v.number for v in idea.versions] == list(range(1, len(idea.versions) + 1))
        created = [v.created for v in idea.versions] + [today]
        assert created == sorted(created)
        for f in idea.feedback:
            assert f.person in contacts
            assert created[f.version - 1] <= f.given < created[f.version]
    for lesson in s.lessons:
        assert lesson.person in contacts
        assert since[_pair(s.me, lesson.person)] <= lesson.learned < today
    members = {m.person: m for m in s.community.members}
    assert len(members) == len(s.community.members), "a member listed twice"
    assert set(members) <= people
    assert s.community.organizer in members
    for event in s.community.events:
        assert event.when < today
        assert len(set(event.attendees)) == len(event.attendees)
        assert all(members[a].joined <= event.when for a in event.attendees)
        assert len(event.seatings) == event.rounds
        for seating in event.seatings:
            assert len(seating) == len(event.tables)
            seated = [k for table in seating for k in table]
            assert sorted(seated) == sorted(event.attendees), "each attendee once per round"
            assert all(len(table) <= cap for table, cap in zip(seating, event.tables, strict=True))
        for fb in event.feedback:
            assert fb.person in event.attendees
            assert set(fb.learned_from) | set(fb.follow_up) <= set(event.attendees)
            assert fb.person not in fb.learned_from
            assert fb.person not in fb.follow_up


def test_counts_meet_what_the_demo_promises(sample: SampleNetwork) -> None:
    summary = sample.summary()
    assert summary["people"] >= 150
    assert summary["industries"] >= 12
    assert summary["disciplines"] >= 3
    assert 90 <= summary["contacts"] <= 120
    assert summary["alter_ties"] > summary["contacts"]
    assert summary["interactions"] >= 400
    assert summary["ideas"] >= 5
    assert summary["lessons"] >= 25
    assert summary["events"] == 6
    assert summary["members"] >= 40
    # summary() counts what is really there
    assert summary["people"] == len(sample.people)
    assert summary["ties"] == len(sample.ties)
    assert summary["contacts"] == len(_contacts(sample))
    assert summary["feedback"] == sum(len(i.feedback) for i in sample.ideas)


def test_interactions_span_the_two_years_before_today(sample: SampleNetwork) -> None:
    dates = [i.when for i in sample.interactions]
    assert min(dates) >= TODAY - datetime.timedelta(days=730)
    assert max(dates) < TODAY
    assert (max(dates) - min(dates)).days >= 700
    per_quarter = Counter((TODAY - d).days // 91 for d in dates)
    assert all(per_quarter[q] >= 20 for q in range(8)), per_quarter


def test_every_reference_resolves(sample: SampleNetwork) -> None:
    check_integrity(sample, TODAY)


@settings(max_examples=6, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_every_seed_gives_a_consistent_sample(seed: int) -> None:
    s = generate_sample(seed)
    check_integrity(s, TODAY)
    assert s.summary()["interactions"] >= 400


def test_records_are_frozen_and_hashable(sample: SampleNetwork) -> None:
    assert len(set(sample.people)) == len(sample.people)
    assert len(set(sample.ties)) == len(sample.ties)
    assert hash(sample) == hash(generate_sample())
    with pytest.raises(AttributeError):
        sample.people[0].name = "someone else"  # type: ignore[misc]
    with pytest.raises(TypeError):
        sample.people[0].attributes["country"] = "Atlantis"  # type: ignore[index]


def test_a_different_today_moves_every_date() -> None:
    today = datetime.date(2031, 3, 4)
    s = generate_sample(5, today=today)
    check_integrity(s, today)
    assert max(i.when for i in s.interactions) >= today - datetime.timedelta(days=30)


def test_same_seed_gives_an_identical_sample() -> None:
    assert generate_sample(11) == generate_sample(11)


# Runs in this process and in a child with another PYTHONHASHSEED: set iteration
# order changes with the hash seed, and must not leak into the sample.
DIGEST = """
import dataclasses, datetime, hashlib, json
from salon.services.sample import generate_sample

def canon(x):
    if dataclasses.is_dataclass(x):
        return {f.name: canon(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if isinstance(x, frozenset):
        return sorted(canon(v) for v in x)
    if isinstance(x, tuple):
        return [canon(v) for v in x]
    if hasattr(x, "items"):
        return {k: canon(v) for k, v in sorted(x.items())}
    if isinstance(x, datetime.date):
        return x.isoformat()
    return x

digest = hashlib.sha256(json.dumps(canon(generate_sample(3))).encode()).hexdigest()
"""


def test_sample_does_not_depend_on_the_hash_seed() -> None:
    here: dict[str, object] = {}
    exec(DIGEST, here)
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    child = subprocess.run(
        [sys.executable, "-c", DIGEST + "print(digest)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert child.stdout.strip() == here["digest"]


def test_different_seeds_give_different_samples() -> None:
    a, b = generate_sample(11), generate_sample(12)
    assert a != b
    assert {p.key for p in a.people} != {p.key for p in b.people}
    assert [i.when for i in a.interactions] != [i.when for i in b.interactions]


def test_bad_arguments_are_refused_naming_the_value() -> None:
    with pytest.raises(InputError, match="'7'"):
        generate_sample("7")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="seed"):
        generate_sample(True)
    with pytest.raises(InputError, match="today"):
        generate_sample(1, today=datetime.datetime(2026, 1, 1, 12, 0))


def test_people_look_like_real_contact_records(sample: SampleNetwork) -> None:
    others = [p for p in sample.people if p.key != sample.me]
    emails = [p.email for p in others if p.email]
    assert len(emails) == len(set(emails))
    assert all(re.fullmatch(r"[a-z0-9.\-]+@[a-z0-9.\-]+\.[a-z]+", e) for e in emails)
    urls = [p.url for p in others if p.url]
    assert all(re.fullmatch(r"https://www\.linkedin\.com/in/[a-z0-9\-]+", u) for u in urls)
    assert len(urls) >= 0.75 * len(others)
    # Gaps that exercise coverage: some unknown e-mails, industries, attributes.
    for field in ("email", "industry", "discipline", "bio"):
        missing = sum(getattr(p, field) is None for p in others) / len(others)
        assert 0.01 < missing < 0.3, (field, missing)
    keys = Counter(k for p in others for k in p.attributes)
    assert set(keys) == {"country", "generation", "education"}
    assert all(0.6 * len(others) < n < len(others) for n in keys.values())
    assert len({p.attributes.get("country") for p in others}) >= 15
    assert all(p.expertise and p.interests and p.role for p in others)
    assert any(not name.isascii() for name in (p.name for p in others))


def test_contacts_lean_to_three_industries_while_the_store_spans_many(
    sample: SampleNetwork,
) -> None:
    industry = {p.key: p.industry for p in sample.people}
    contacts = Counter(industry[k] for k in _contacts(sample) if industry[k])
    top3 = sum(n for _, n in contacts.most_common(3))
    assert top3 / sum(contacts.values()) > 0.55
    me = next(p for p in sample.people if p.key == sample.me)
    assert me.industry in dict(contacts.most_common(3))
    strangers = Counter(
        industry[p.key]
        for p in sample.people
        if p.key not in _contacts(sample) and p.key != sample.me and p.industry
    )
    assert len(strangers) >= 12


def test_alter_ties_are_clustered_by_industry_with_bridges(sample: SampleNetwork) -> None:
    graph = nx.Graph()
    for p in sample.people:
        if p.key != sample.me:
            graph.add_node(p.key, industry=p.industry or "unknown")
    graph.add_edges_from((t.a, t.b) for t in sample.ties if sample.me not in (t.a, t.b))
    assortativity = nx.attribute_assortativity_coefficient(graph, "industry")
    assert assortativity > 0.4
    across = [
        (a, b) for a, b in graph.edges if graph.nodes[a]["industry"] != graph.nodes[b]["industry"]
    ]
    assert len(across) >= 20  # bridges between the clusters
    assert nx.average_clustering(graph) > 0.1


def test_introducers_knew_both_people_first(sample: SampleNetwork) -> None:
    since = _tie_since(sample)
    introduced = [t for t in sample.ties if t.introduced_by]
    assert len(introduced) >= 10
    assert any(t.introduced_by == sample.me for t in introduced)
    assert any(t.a == sample.me for t in introduced)
    for t in introduced:
        c = t.introduced_by
        assert c is not None
        assert since[_pair(c, t.a)] < t.since
        assert since[_pair(c, t.b)] < t.since


def test_evidence_kinds_are_all_used(sample: SampleNetwork) -> None:
    evidence = Counter(t.evidence for t in sample.ties)
    assert set(evidence) == {"stated", "introducer", "same_organization"}
    org = {p.key: p.organization for p in sample.people}
    for t in sample.ties:
        if t.evidence == "same_organization":
            assert org[t.a] is not None
            assert org[t.a] == org[t.b]
    assert any(t.support for t in sample.ties if t.a == sample.me)
    for kind in SUPPORT_TYPES:
        assert any(kind in t.support for t in sample.ties)


def _mean(xs: list[int] | list[bool]) -> float:
    return sum(xs) / len(xs)


def _learning_share(interactions: list[SampleInteraction]) -> float:
    labels = [p for i in interactions for p in i.purposes]
    return sum(p in LEARNING_PURPOSES for p in labels) / len(labels)


def test_orientation_drifts_from_resources_to_ideas(sample: SampleNetwork) -> None:
    first = [i for i in sample.interactions if i.when < TODAY - YEAR]
    last = [i for i in sample.interactions if i.when >= TODAY - YEAR]
    assert len(first) >= 150
    assert len(last) >= 150
    assert _learning_share(last) - _learning_share(first) > 0.15
    # Learning-led conversations are deeper and yield insights more often.
    learning = [i for i in sample.interactions if i.purposes <= LEARNING_PURPOSES]
    resource = [i for i in sample.interactions if not i.purposes & LEARNING_PURPOSES]
    assert _mean([i.depth for i in learning]) > _mean([i.depth for i in resource]) + 0.5
    assert _mean([bool(i.insights) for i in learning]) > _mean([bool(i.insights) for i in resource])


def test_last_year_reaches_more_industries(sample: SampleNetwork) -> None:
    industry = {p.key: p.industry for p in sample.people}
    core = {"software", "finance", "media"}

    def outside_share(interactions: list[SampleInteraction]) -> float:
        known = [industry[k] for i in interactions for k in i.participants if industry[k]]
        return sum(x not in core for x in known) / len(known)

    first = [i for i in sample.interactions if i.when < TODAY - YEAR]
    last = [i for i in sample.interactions if i.when >= TODAY - YEAR]
    assert outside_share(last) > outside_share(first) + 0.1
    new = [t for t in sample.ties if t.a == sample.me and t.since >= TODAY - YEAR * 2]
    assert len(new) >= 8


def test_some_once_strong_ties_went_dormant(sample: SampleNetwork) -> None:
    talks: dict[str, list[SampleInteraction]] = defaultdict(list)
    for i in sample.interactions:
        for k in i.participants:
            talks[k].append(i)
    dormant = [
        k
        for k, xs in talks.items()
        if max(i.when for i in xs) < TODAY - YEAR
        and len(xs) >= 3
        and sum(i.depth for i in xs) / len(xs) >= 3
    ]
    assert len(dormant) >= 5


def test_a_few_conversations_are_group_conversations(sample: SampleNetwork) -> None:
    sizes = Counter(len(i.participants) for i in sample.interactions)
    assert sizes[1] > 0.8 * len(sample.interactions)
    assert sizes[2] + sizes[3] >= 5
    assert max(sizes) <= 3


def test_ideas_have_versions_and_diverse_feedback(sample: SampleNetwork) -> None:
    industry = {p.key: p.industry for p in sample.people}
    assert len({i.key for i in sample.ideas}) == len(sample.ideas)
    for idea in sample.ideas:
        assert len(idea.versions) >= 2
        assert idea.needs
        assert idea.problem
        assert idea.domain
        assert {"challenging", "supportive"} <= {f.stance for f in idea.feedback}
        assert len({industry[f.person] for f in idea.feedback}) >= 2
        # each piece of feedback was a conversation the log remembers
        for f in idea.feedback:
            assert any(
                i.when == f.given and f.person in i.participants and "get_feedback" in i.purposes
                for i in sample.interactions
            )


def test_lessons_span_domains_with_far_analogies(sample: SampleNetwork) -> None:
    assert len({lesson.key for lesson in sample.lessons}) == len(sample.lessons)
    assert {lesson.kind for lesson in sample.lessons} == {"success", "failure"}
    assert len({lesson.domain for lesson in sample.lessons}) >= 10
    domains_of_tag: dict[str, set[str]] = defaultdict(set)
    for lesson in sample.lessons:
        for tag in lesson.tags:
            domains_of_tag[tag].add(lesson.domain)
    shared = {tag for tag, domains in domains_of_tag.items() if len(domains) >= 2}
    assert {"checklists", "handover", "pull system", "biomimicry"} <= shared
    for lesson in sample.lessons:
        assert lesson.takeaway in {
            text
            for i in sample.interactions
            if lesson.person in i.participants
            for text in i.insights
        }


def test_meetup_mostly_pitchers_seated_by_industry(sample: SampleNetwork) -> None:
    community = sample.community
    intents = Counter(m.intent for m in community.members)
    assert intents["pitch"] > len(community.members) / 2
    assert intents["learn"] >= 3
    assert sample.me in {m.person for m in community.members}
    industry = {p.key: p.industry or "unknown" for p in sample.people}
    dates = [e.when for e in community.events]
    assert all((b - a).days == 7 for a, b in pairwise(dates))
    observed = expected = 0.0
    for event in community.events:
        assert 18 <= len(event.attendees) <= 30
        assert all(4 <= cap <= 6 for cap in event.tables)
        assert 1 <= event.rounds <= 2
        assert event.feedback
        # Same-industry tablemate pairs, against the expectation of a random seating.
        counts = Counter(industry[a] for a in event.attendees)
        n = len(event.attendees)
        p_same = sum(c * (c - 1) for c in counts.values()) / (n * (n - 1))
        for seating in event.seatings:
            for table in seating:
                observed += sum(industry[a] == industry[b] for a, b in combinations(table, 2))
                expected += len(table) * (len(table) - 1) / 2 * p_same
    assert observed > 2 * expected
