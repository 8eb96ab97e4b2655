"""Real attributed networks from ../shared/data for the recommender tests."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest

LAZEGA_ATTRIBUTES = {"status": 1, "gender": 2, "office": 3, "practice": 6, "law school": 7}


def _lazega_attributes(G: nx.Graph | nx.DiGraph, folder: Path) -> None:
    attrs = np.loadtxt(folder / "ELattr.dat", dtype=int)
    for i in G:
        G.nodes[i].update({name: int(attrs[i, col]) for name, col in LAZEGA_ATTRIBUTES.items()})
        G.nodes[i]["name"] = f"lawyer {i + 1}"


@pytest.fixture(scope="session")
def lazega_folder(shared_data: Path) -> Path:
    return shared_data / "networks" / "lazega_lawfirm" / "siena_original"


@pytest.fixture(scope="session")
def lazega_cowork(lazega_folder: Path) -> nx.Graph:
    """Lazega co-work (undirected, 71 lawyers) with the SIENA attributes."""
    G = nx.from_numpy_array(np.loadtxt(lazega_folder / "ELwork.dat"))
    _lazega_attributes(G, lazega_folder)
    return G


@pytest.fixture(scope="session")
def lazega_advice(lazega_folder: Path) -> nx.DiGraph:
    """Lazega advice (directed, 892 arcs)."""
    G = nx.from_numpy_array(np.loadtxt(lazega_folder / "ELadv.dat"), create_using=nx.DiGraph)
    _lazega_attributes(G, lazega_folder)
    return G


@pytest.fixture(scope="session")
def lazega_multiplex(lazega_folder: Path) -> nx.Graph:
    """Lazega, weighted: tie weight = number of relations (advice, friendship, co-work)."""
    A = sum(np.loadtxt(lazega_folder / f) for f in ("ELadv.dat", "ELfriend.dat", "ELwork.dat"))
    G = nx.from_numpy_array(A + A.T)  # symmetric weights 1..6
    _lazega_attributes(G, lazega_folder)
    return G


@pytest.fixture(scope="session")
def krackhardt_advice(shared_data: Path) -> nx.DiGraph:
    """Krackhardt's high-tech managers, advice relation (directed, 190 arcs)."""
    folder = shared_data / "networks" / "krackhardt_hightech" / "jcg95_dyadlists"
    G = nx.DiGraph()
    for line in (folder / "Advice.csv").read_text().splitlines()[1:]:
        ego, alter, edge = (int(x) for x in line.split(";"))
        G.add_nodes_from([ego, alter])
        if edge and ego != alter:
            G.add_edge(ego, alter)
    for line in (folder / "Krack-High-Tec-Attributes.csv").read_text().splitlines()[1:]:
        fields = line.split(";")
        G.nodes[int(fields[0])].update(level=int(fields[3]), dept=int(fields[4]))
    return G
