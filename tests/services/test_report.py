"""The report on a small, hand-checked network (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import networkx as nx
import pytest

from salon.analytics import neighbourhood_overlap, structural_holes
from salon.analytics.ties import ego_clusters
from salon.db.store import Store
from salon.errors import InputError
from salon.render.plot import plot_report
from salon.services.accounts import me, owner_account
from salon.services.enrichment import enrich_people
from salon.services.interactions import InteractionFields, log_interaction
from salon.services.network import network_graph
from salon.services.network_map import industry_map
from salon.services.people import PersonFields, add_person
from salon.services.report import build_report, reconnect
from salon.services.ties import ensure_tie

TODAY = dt.date(2026, 11, 26)


def _network(store: Store) -> dict[str, int]:
    """Me with a finance trio that all know each other, and two lone bridges."""
    with store.transaction() as session:
        owner = owner_account(session, "me")
        user = me(session, owner)
        user.industry = "design"
        people = {}
        for name, industry in (
            ("Ana", "finance"),
            ("Ben", "finance"),
            ("Cai", "finance"),
            ("Dia", "healthcare"),
            ("Eli", None),
        ):
            people[name] = add_person(session, owner, PersonFields(name=name, industry=industry))
            ensure_tie(session, owner, user, people[name], evidence="stated")
        for a, b in (("Ana", "Ben"), ("Ben", "Cai"), ("Ana", "Cai")):
            ensure_tie(session, owner, people[a], people[b], evidence="stated")
        # Dia: strong two years ago, silent since: dormant
        for days, depth in ((700, 5), (690, 4), (680, 4)):
            log_interaction(
                session,
                owner,
                InteractionFields(
                    occurred_on=TODAY - dt.timedelta(days=days),
                    participants=[people["Dia"]],
                    purposes=["learn"],
                    depth=depth,
                    insights=["Hospitals hand over at the bedside"],
                    outcomes=["insight"],
                ),
            )
        log_interaction(
            session,
            owner,
            InteractionFields(
                occurred_on=TODAY - dt.timedelta(days=20),
                participants=[people["Ana"]],
                purposes=["pitch"],
                depth=2,
                outcomes=["lead"],
            ),
        )
        return {name: p.id for name, p in people.items()} | {"me": user.id}


def test_report_sections_on_a_hand_checked_network(store: Store) -> None:
    _network(store)
    with store.reading() as session:
        report = build_report(session, owner_account(session, "me"), today=TODAY)
    assert report.n_contacts == 5
    industry = next(row for row in report.diversity if row.attribute == "industry")
    assert industry.n_known == 4
    assert industry.coverage == pytest.approx(0.8)
    assert industry.blau == pytest.approx(1 - (3 / 4) ** 2 - (1 / 4) ** 2)
    assert industry.ei_index == pytest.approx(1.0)  # nobody else in design
    assert report.structure.n_alter_ties == 3
    assert report.structure.n_pairs == 10
    assert report.structure.n_contacts_isolated == 2
    # against networkx on the same network
    G = nx.Graph()
    G.add_edges_from([("me", x) for x in "ABCDE"] + [("A", "B"), ("B", "C"), ("A", "C")])
    assert report.brokerage.constraint == pytest.approx(nx.constraint(G, ["me"])["me"])
    assert report.brokerage.effective_size == pytest.approx(nx.effective_size(G, ["me"])["me"])
    assert [row.name for row in report.dormant_ties] == ["Dia"]
    assert report.dormant_ties[0].last_insight == "Hospitals hand over at the bedside"
    assert {row.name for row in report.bridging_ties} == {"Dia"}  # Eli has no conversation
    assert report.clusters[0].size == 3
    scores = report.orientation_scores()
    assert scores["objective"] == pytest.approx(3 / 4)
    assert scores["outcomes"] == pytest.approx(3 / 4)
    assert report.n_interactions == 4


def test_period_limits_the_conversations(store: Store) -> None:
    _network(store)
    with store.reading() as session:
        report = build_report(session, owner_account(session, "me"), period="90d", today=TODAY)
    assert report.n_interactions == 1
    assert report.orientation_scores()["objective"] == 0.0
    assert report.orientation_scores()["time_horizon"] == 0.0  # the one conversation pitched
    with store.reading() as session, pytest.raises(InputError, match="unknown period"):
        build_report(session, owner_account(session, "me"), period="3w", today=TODAY)


def test_report_json_has_no_nan_and_the_plot_is_written(store: Store, tmp_path: Path) -> None:
    _network(store)
    with store.reading() as session:
        owner = owner_account(session, "me")
        report = build_report(session, owner, today=TODAY)
        data = report.as_dict()
        picture = industry_map(session, owner)
    path = plot_report(picture, tmp_path / "map.png", orientation=report.orientation_scores())
    assert data["brokerage"]["constraint"] == pytest.approx(report.brokerage.constraint)
    assert "NaN" not in str(data)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(picture.nodes) == len(picture.industries)
    assert picture.nodes[0] == picture.user_id
    with pytest.raises(InputError, match="expected a file ending"):
        plot_report(picture, tmp_path / "map.bmp")


def _random_store(store: Store, seed: int) -> None:
    """Me and 40 contacts in a network of 120: random ties (some only inferred), attributes
    and a conversation log, with people beyond my contacts who know my contacts."""
    rng = random.Random(seed)
    industries = ["finance", "healthcare", "design", "energy", None]
    with store.transaction() as session:
        owner = owner_account(session, "me")
        user = me(session, owner)
        user.industry = "design"
        people = [
            add_person(
                session,
                owner,
                PersonFields(
                    name=f"P{i:03d}",
                    industry=rng.choice(industries),
                    discipline=rng.choice(["engineering", "law", None]),
                    attributes={"country": rng.choice(["ES", "IN", "DE"])} if i % 3 else {},
                ),
            )
            for i in range(120)
        ]
        contacts = rng.sample(people, 40)
        for i, person in enumerate(contacts):
            since = TODAY - dt.timedelta(days=rng.randint(30, 2000)) if i % 2 else None
            ensure_tie(session, owner, user, person, evidence="stated", since=since)
        for _ in range(260):
            a, b = rng.sample(contacts if rng.random() < 0.5 else people, 2)
            kind = "same_organization" if rng.random() < 0.3 else "stated"
            ensure_tie(session, owner, a, b, evidence=kind)
        for _ in range(60):
            log_interaction(
                session,
                owner,
                InteractionFields(
                    occurred_on=TODAY - dt.timedelta(days=rng.randint(0, 900)),
                    participants=rng.sample(contacts, rng.randint(1, 2)),
                    purposes=[rng.choice(["learn", "pitch", "explore_idea"])],
                    depth=rng.randint(1, 5),
                    insights=[f"insight {rng.randint(0, 99)}"] if rng.random() < 0.4 else [],
                ),
            )


@pytest.mark.parametrize("seed", [1, 2])
def test_report_reads_the_ego_network_and_agrees_with_the_whole_network(
    store: Store, seed: int
) -> None:
    """The report reads only my ego network; every figure equals the one computed the old
    way, on the whole network as networkx (NetworkX's own measures where it has them)."""
    _random_store(store, seed)
    with store.reading() as session:
        owner = owner_account(session, "me")
        report = build_report(session, owner, today=TODAY)
        graph = network_graph(session, owner)
        user = me(session, owner).id
    contacts = sorted(graph.neighbors(user))
    assert report.n_contacts == len(contacts) == 40
    among = graph.subgraph(contacts)
    assert report.structure.n_alter_ties == among.number_of_edges()
    inferred = sum(1 for *_, data in among.edges(data=True) if data["inferred"])
    assert report.structure.n_inferred_only == inferred > 0
    isolated = sum(1 for c in contacts if among.degree(c) == 0)
    assert report.structure.n_contacts_isolated == isolated
    reference = nx.Graph(graph.edges())
    assert report.brokerage.constraint == pytest.approx(
        nx.constraint(reference, [user])[user], rel=1e-12
    )
    assert report.brokerage.effective_size == pytest.approx(
        nx.effective_size(reference, [user])[user], rel=1e-12
    )
    A = nx.to_scipy_sparse_array(graph, nodelist=list(graph), weight=None)
    whole = structural_holes(A, nodes=[list(graph).index(user)])
    assert report.brokerage.hierarchy == pytest.approx(float(whole.hierarchy[0]), rel=1e-12)
    overlap = neighbourhood_overlap(A)
    position = {node: i for i, node in enumerate(graph)}
    for row in report.bridging_ties:
        assert overlap[position[user], position[row.person_id]] == 0 == row.overlap
    found = ego_clusters(graph, user)
    sizes = sorted((s for s in found.sizes if s >= 2), reverse=True)
    assert [c.size for c in report.clusters] == sizes
    assert [b.participation for b in report.bridges] == [
        found.participation[b] for b in found.bridges[:8]
    ]
    for attribute in ("industry", "country"):
        row = next(r for r in report.diversity if r.attribute == attribute)
        values = [graph.nodes[c].get(attribute) for c in contacts]
        assert row.n_known == sum(v is not None for v in values)
    assert report.n_interactions == 60


@pytest.mark.parametrize("seed", [1, 3])
def test_reconnect_lists_the_reports_dormant_ties(store: Store, seed: int) -> None:
    _random_store(store, seed)
    with store.reading() as session:
        owner = owner_account(session, "me")
        report = build_report(session, owner, today=TODAY)
        dormant = reconnect(session, owner, today=TODAY)
    assert dormant == report.dormant_ties
    assert dormant  # the random log leaves some ties strong and silent
    assert any(row.overlap > 0 for row in dormant)


def test_reconnect_on_the_hand_checked_network(store: Store) -> None:
    ids = _network(store)
    with store.reading() as session:
        owner = owner_account(session, "me")
        assert [row.person_id for row in reconnect(session, owner, today=TODAY)] == [ids["Dia"]]
        # a year on, the one recent conversation with Ana was not strong enough to count
        later = reconnect(session, owner, today=TODAY + dt.timedelta(days=400))
    assert [row.name for row in later] == ["Dia"]


def test_a_one_contact_network_reads_without_contradiction(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        ana = add_person(session, owner, PersonFields(name="Ana", industry="finance"))
        ensure_tie(session, owner, me(session, owner), ana, evidence="stated")
    with store.reading() as session:
        report = build_report(session, owner_account(session, "me"), today=TODAY)
    assert report.structure.reading.startswith("Too few contacts")
    assert "closed circle" not in report.brokerage.reading
    assert report.brokerage.reading.startswith("With 1 contact, brokerage cannot be read yet")


def test_the_diversity_table_says_how_many_values_are_inferred(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        user = me(session, owner)
        for fields in (
            PersonFields(name="Ana", industry="finance"),
            PersonFields(name="Raj", organization="Northwind Logistics"),
            PersonFields(name="Mia", organization="Port of Rotterdam Logistics"),
        ):
            ensure_tie(session, owner, user, add_person(session, owner, fields), evidence="stated")
        enrich_people(session, owner, use_model=False)
    with store.reading() as session:
        report = build_report(session, owner_account(session, "me"), today=TODAY)
    (industry,) = [row for row in report.diversity if row.attribute == "industry"]
    assert (industry.n_known, industry.n_inferred) == (3, 2)
    assert industry.inferred_share == pytest.approx(2 / 3)
    assert report.as_dict()["diversity"][0]["n_inferred"] == 2
