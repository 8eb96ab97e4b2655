"""The network map's data (a service) and its page, checked against the network itself."""

from __future__ import annotations

import datetime as dt

from tests.services.builders import build_rich_network
from tests.web.pages import Site

from salon.db.store import Store
from salon.services.accounts import me, owner_account
from salon.services.network import network_graph
from salon.services.network_map import network_map


def test_the_map_holds_the_user_their_contacts_and_the_ties_among_them(store: Store) -> None:
    with store.transaction() as session:
        build_rich_network(session, owner_account(session, "me"))
    with store.reading() as session:
        owner = owner_account(session, "me")
        user = me(session, owner).id
        graph = network_graph(session, owner)
        found = network_map(session, owner, today=dt.date(2025, 12, 1))
        small = network_map(session, owner, limit=2, today=dt.date(2025, 12, 1))
    contacts = set(graph.neighbors(user))
    assert found.nodes[0].id == user
    assert found.nodes[0].is_me
    assert {n.id for n in found.nodes[1:]} == contacts
    drawn = {n.id for n in found.nodes}
    expected = {tuple(sorted(e)) for e in graph.subgraph(drawn).edges()}
    assert {tuple(sorted((a, b))) for a, b, _ in found.edges} == expected
    strengths = [n.strength for n in found.nodes[1:]]
    assert strengths == sorted(strengths, reverse=True)
    by_name = {n.name: n for n in found.nodes}
    # Ana and Søren were at a depth-4 conversation; Raj at a depth-2 one, later
    assert by_name["Ana López"].strength > 0
    assert by_name["Ana López"].attributes["country"] == "Spain"
    assert [n.id for n in small.nodes] == [n.id for n in found.nodes[:3]]
    assert small.n_contacts == len(contacts)


def test_the_map_json_and_page(site: Site) -> None:
    data = site.client.get("/map.json").json()
    names = {n["name"] for n in data["nodes"]}
    assert "Ana López" in names
    assert all({"source", "target", "inferred"} <= set(e) for e in data["edges"])
    html = site.client.get("/map").text
    assert 'id="network-map"' in html
    assert "vendor/cytoscape/cytoscape.min.js" in html
    assert 'id="effective-size"' in html
    assert "<script>" not in html  # all JavaScript in static files
