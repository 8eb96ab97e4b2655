"""The network as a networkx graph, GraphML for Gephi, and a CSV of people."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from tests.services.builders import build_rich_network

from salon.db.models import PersonAttribute
from salon.db.store import Store
from salon.io import read_generic_csv
from salon.services.accounts import owner_account
from salon.services.network import export_people_csv, network_arrays, network_graph
from salon.services.network_export import export_graphml
from salon.services.people import list_people
from salon.services.ties import ties_of


def _rich(store: Store) -> None:
    with store.transaction() as session:
        build_rich_network(session, owner_account(session, "me"))


def test_graph_has_every_person_and_tie_with_their_attributes(store: Store) -> None:
    _rich(store)
    with store.reading() as session:
        owner = owner_account(session, "me")
        graph = network_graph(session, owner)
        people = list_people(session, owner, include_me=True)
        ties = ties_of(session, owner)
        assert set(graph.nodes) == {p.id for p in people}
        for person in people:
            node = graph.nodes[person.id]
            assert node["name"] == person.name
            assert node["is_me"] is person.is_me
            assert node.get("organization") == person.organization
            assert node.get("industry") == person.industry
            assert node.get("email") == person.email
            for key, value in person.attribute_map().items():
                # an attribute keeps its name unless it would shadow a built-in field
                assert node.get(key, node.get(f"attr_{key}")) == value
            expertise = person.tag_set("expertise")
            assert node.get("expertise") == ("; ".join(expertise) if expertise else None)
        assert graph.number_of_edges() == len(ties)
        for tie in ties:
            edge = graph.edges[tie.person_a_id, tie.person_b_id]
            assert edge["evidence"] == "; ".join(sorted({e.kind for e in tie.evidence}))
            assert edge["n_evidence"] == len(tie.evidence)
            assert edge["inferred"] is tie.inferred_only
            assert edge.get("strength") == tie.manual_strength
            assert edge.get("since") == (tie.since.isoformat() if tie.since else None)
        ana = next(p for p in people if p.name == "Ana López")
        assert graph.nodes[ana.id]["country"] == "Spain"
        assert graph.nodes[ana.id]["interests"] == "logistics"
        inferred = [d for _, _, d in graph.edges(data=True) if d["inferred"]]
        assert [d["evidence"] for d in inferred] == ["same_organization"]


def test_graphml_reads_back_as_the_network_graph(store: Store, tmp_path: Path) -> None:
    _rich(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        # text GraphML must escape, a tag set and a tie with support and a date
        ana = next(p for p in list_people(session, owner) if p.name == "Ana López")
        session.add(PersonAttribute(person_id=ana.id, key="motto", value='<"R&D"> & more'))
    path = tmp_path / "network.graphml"
    with store.reading() as session:
        owner = owner_account(session, "me")
        written = export_graphml(session, owner, path)
        graph = network_graph(session, owner)
    read = nx.read_graphml(path, node_type=int)
    assert written == (graph.number_of_nodes(), graph.number_of_edges())
    assert dict(read.nodes(data=True)) == dict(graph.nodes(data=True))
    assert {frozenset((a, b)): d for a, b, d in read.edges(data=True)} == {
        frozenset((a, b)): d for a, b, d in graph.edges(data=True)
    }
    assert read.graph["owner"] == "me"
    assert read.nodes[ana.id]["motto"] == '<"R&D"> & more'
    # the node attributes a Gephi user filters on are there, typed
    assert any(d["is_me"] is True for _, d in read.nodes(data=True))
    assert {type(d["n_evidence"]) for _, _, d in read.edges(data=True)} == {int}
    assert any("support" in d for _, _, d in read.edges(data=True))
    assert any("since" in d for _, _, d in read.edges(data=True))
    assert any("expertise" in d for _, d in read.nodes(data=True))


def test_people_csv_has_a_row_per_person_and_reads_back(store: Store, tmp_path: Path) -> None:
    _rich(store)
    path = tmp_path / "people.csv"
    with store.reading() as session:
        owner = owner_account(session, "me")
        n_rows = export_people_csv(session, owner, path)
        people = list_people(session, owner)  # the user is not a row
        expected = {
            p.name: (p.email, p.organization, p.role, p.url, p.industry, tuple(p.tag_set("tag")))
            for p in people
        }
    assert n_rows == len(people) == 7
    parsed = read_generic_csv(path)
    assert parsed.skipped == []
    assert {
        r.name: (
            r.emails[0] if r.emails else None,
            r.organization,
            r.role,
            r.url,
            r.industry,
            r.tags,
        )
        for r in parsed.records
    } == expected


def test_network_arrays_hold_the_graphs_values_and_neighbour_order(store: Store) -> None:
    _rich(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        ana = next(p for p in list_people(session, owner) if p.name == "Ana López")
        # attributes named like built-in fields are stored as attr_<name> in the graph
        ana.attributes.append(PersonAttribute(key="industry", value="public health"))
    fields = [
        "name",
        "email",
        "is_me",
        "organization",
        "role",
        "url",
        "industry",
        "discipline",
        "bio",
        "expertise",
        "interests",
        "tags",
        "country",
        "generation",
        "attr_industry",
        "never recorded",
    ]
    with store.reading() as session:
        owner = owner_account(session, "me")
        graph = network_graph(session, owner)
        arrays = network_arrays(session, owner, fields)
    assert arrays.nodes == list(graph.nodes) == sorted(graph.nodes)
    assert arrays.number_of_edges() == graph.number_of_edges()
    for node in graph:
        assert arrays.neighbours(node) == list(graph.adj[node])
        for field in fields:
            assert arrays.value(node, field) == graph.nodes[node].get(field), (node, field)
    assert arrays.value(ana.id, "attr_industry") == "public health"
    assert arrays.value(ana.id, "industry") == ana.industry
    assert not arrays.has_attribute("never recorded")
