"""Structural holes at scale: salon against python-igraph and NetworkX 3.6, one table.

Run ``python benchmarks/structural_holes.py`` (about 10 minutes on 2 cores,
most of it NetworkX) or ``--quick`` (a 50k-node Barabási–Albert graph, one
repeat, one to five NetworkX nodes per graph).

Graphs: the Facebook100 schools Reed98 (962 nodes, ~19k edges), Amherst41
(2,235 nodes, ~91k edges) and Cornell5 (18,660 nodes, ~790k edges),
Slashdot 0902 (82,168 nodes, 504k undirected pairs of its 870k arcs;
self-loops dropped) and a seeded Barabási–Albert graph (200k nodes, ~1M
edges), all from ``../shared/data/networks``
(SALON_SHARED_DATA overrides the folder).

Each method runs in its own subprocess so that its peak resident memory
(ru_maxrss, which also counts C allocations) is its own; "load" is the RSS
after the graph is loaded, before the method runs.  Times are the best of the
repeats.  NetworkX's all-node call (``nx.constraint(G)`` and
``nx.effective_size(G)`` with no ``nodes``) is timed in full where it fits in
memory and time: on Reed98 and Amherst41, rows "networkx (all nodes)",
"measured".  On the larger graphs its all-node path needs the dense-ish
product ``P @ P`` (about 3 GB at 1M edges), and its effective size there is
wrong on weighted graphs, so NetworkX is timed per node (its Burt-correct
path) on a random sample of nodes and extrapolated to all nodes: those rows
say "extrapolated", never "measured".
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import scipy.io
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("SALON_SHARED_DATA", ROOT.parent / "shared" / "data")) / "networks"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_facebook100(school: str) -> sp.csr_array:
    mat = scipy.io.loadmat(DATA / "facebook100" / "mat_original" / f"{school}.mat")
    return sp.csr_array(mat["A"], dtype=np.float64)


def load_slashdot() -> sp.csr_array:
    with gzip.open(DATA / "soc_slashdot0902" / "soc-Slashdot0902.txt.gz", "rt") as handle:
        arcs = np.loadtxt(handle, dtype=np.int64, comments="#")
    keep = arcs[:, 0] != arcs[:, 1]
    arcs = arcs[keep]
    n = int(arcs.max()) + 1
    A = sp.coo_array((np.ones(len(arcs)), (arcs[:, 0], arcs[:, 1])), shape=(n, n)).tocsr()
    A.data[:] = 1.0
    return A


def load_ba(n: int) -> sp.csr_array:
    import networkx as nx

    G = nx.barabasi_albert_graph(n, 5, seed=42)
    return sp.csr_array(nx.to_scipy_sparse_array(G, format="csr", dtype=np.float64))


# --- one method, in a child process ------------------------------------------------------


def run_child(method: str, path: str, repeats: int, sample: int) -> dict[str, Any]:
    A = sp.load_npz(path).tocsr()
    n = A.shape[0]
    rng = np.random.default_rng(0)
    nodes = np.sort(rng.choice(n, size=min(sample, n), replace=False))
    loaded = rss_mb()
    best = float("inf")
    note = ""
    if method == "salon":
        from salon.analytics import structural_holes

        for _ in range(repeats):
            t = time.perf_counter()
            structural_holes(A)
            best = min(best, time.perf_counter() - t)
    elif method == "salon-subset":
        from salon.analytics import structural_holes

        for _ in range(repeats):
            t = time.perf_counter()
            structural_holes(A, nodes=nodes)
            best = min(best, time.perf_counter() - t)
    elif method == "igraph":
        import igraph as ig

        upper = sp.triu(A + A.T, k=1).tocoo()
        g = ig.Graph(n=n, edges=np.column_stack([upper.row, upper.col]).tolist())
        loaded = rss_mb()
        for _ in range(repeats):
            t = time.perf_counter()
            g.constraint()
            best = min(best, time.perf_counter() - t)
    elif method == "networkx-subset":
        import networkx as nx

        G = nx.from_scipy_sparse_array(sp.triu(A + A.T, k=1), create_using=nx.Graph)
        loaded = rss_mb()
        chosen = [int(v) for v in nodes]
        t = time.perf_counter()
        nx.constraint(G, nodes=chosen)
        nx.effective_size(G, nodes=chosen)
        best = time.perf_counter() - t
    elif method == "networkx-all":
        import networkx as nx

        G = nx.from_scipy_sparse_array(sp.triu(A + A.T, k=1), create_using=nx.Graph)
        loaded = rss_mb()
        t = time.perf_counter()
        nx.constraint(G)
        nx.effective_size(G)
        best = time.perf_counter() - t
        note = "measured, all nodes"
    return {"seconds": best, "peak_mb": rss_mb(), "load_mb": loaded, "note": note}


def measure(method: str, path: str, repeats: int, sample: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", method, path, str(repeats), str(sample)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller BA graph, one repeat")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        method, path, repeats, sample = args.child
        print(json.dumps(run_child(method, path, int(repeats), int(sample))))
        return

    repeats = 1 if args.quick else 3
    ba_nodes = 50_000 if args.quick else 200_000
    # NetworkX per node re-normalises every weight it reads: about a minute per node
    # on Cornell, so its samples stay small (the extrapolation is labelled).
    # (loader, NetworkX sample size, whether NetworkX's all-node call fits)
    graphs = {
        "Reed98 (Facebook100)": (lambda: load_facebook100("Reed98"), 5 if args.quick else 30, True),
        "Amherst41 (Facebook100)": (
            lambda: load_facebook100("Amherst41"),
            5 if args.quick else 30,
            True,
        ),
        "Cornell5 (Facebook100)": (
            lambda: load_facebook100("Cornell5"),
            1 if args.quick else 3,
            False,
        ),
        "Slashdot0902": (load_slashdot, 3 if args.quick else 10, False),
        f"Barabási–Albert n={ba_nodes:,} m=5": (
            lambda: load_ba(ba_nodes),
            5 if args.quick else 30,
            False,
        ),
    }
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (loader, sample, nx_fits) in graphs.items():
            A = loader()
            S = A + A.T
            n, m = A.shape[0], int(sp.triu(S, k=1).nnz)
            path = str(Path(tmp) / "graph.npz")
            sp.save_npz(path, A)
            print(f"{name}: {n:,} nodes, {m:,} edges", file=sys.stderr)
            all_nodes = {m_: measure(m_, path, repeats, sample) for m_ in ("salon", "igraph")}
            subset = {
                m_: measure(m_, path, repeats, sample) for m_ in ("salon-subset", "networkx-subset")
            }
            nx_all = dict(subset["networkx-subset"])
            nx_all["seconds"] *= n / sample
            nx_all["note"] = f"extrapolated from {sample} random nodes"
            all_nodes["networkx (per node)"] = nx_all
            if nx_fits:
                all_nodes["networkx (all nodes)"] = measure("networkx-all", path, 1, sample)
            rows.append((name, sample, all_nodes, subset))

    print()
    print("All nodes — salon: constraint + effective size + efficiency + hierarchy;")
    print("igraph: constraint only; NetworkX: constraint + effective size, per-node path.")
    columns = f"{'seconds':>9} {'peak MB':>8} {'load MB':>8} {'vs salon':>9}  note"
    header = f"{'graph':34} {'method':19} {columns}"
    print(header)
    print("-" * len(header))
    for name, _, results, _ in rows:
        base = results["salon"]["seconds"]
        for method, r in results.items():
            ratio = r["seconds"] / base
            print(
                f"{name:34} {method:19} {r['seconds']:9.2f} {r['peak_mb']:8.0f} {r['load_mb']:8.0f}"
                f" {ratio:8.1f}×  {r['note']}"
            )
    print()
    print(
        "Subset queries (random nodes; salon: all four measures;"
        " NetworkX: constraint + effective size)"
    )
    header = f"{'graph':34} {'nodes':>6} {'salon s':>9} {'NetworkX s':>11} {'speed-up':>9}"
    print(header)
    print("-" * len(header))
    for name, sample, _, subset in rows:
        ours = subset["salon-subset"]["seconds"]
        theirs = subset["networkx-subset"]["seconds"]
        print(f"{name:34} {sample:6d} {ours:9.3f} {theirs:11.2f} {theirs / ours:8.0f}×")


if __name__ == "__main__":
    main()
