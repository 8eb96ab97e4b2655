"""Readers for the real networks in ``../shared/data/networks`` used as test data.

Each returns a scipy.sparse CSR adjacency (row = sender) and, where the data
has them, node attributes.  Formats are described in that folder's README.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import scipy.io
import scipy.sparse as sp


def lazega(root: Path, relation: str) -> sp.csr_array:
    """Lazega law firm, 71 lawyers: ``relation`` in {"adv", "friend", "work"} (0/1 matrix)."""
    path = root / "networks" / "lazega_lawfirm" / "siena_original" / f"EL{relation}.dat"
    return sp.csr_array(np.loadtxt(path))


def lazega_attributes(root: Path) -> np.ndarray:
    """71 × 8 integer attributes: rank, status, gender, office, years, age, practice, school."""
    return np.loadtxt(
        root / "networks" / "lazega_lawfirm" / "siena_original" / "ELattr.dat"
    ).astype(int)


def krackhardt(root: Path, relation: str) -> sp.csr_array:
    """Krackhardt's 21 managers: ``relation`` in {"Advice", "Friendship", "Reports_To"}."""
    path = root / "networks" / "krackhardt_hightech" / "jcg95_dyadlists" / f"{relation}.csv"
    A = np.zeros((21, 21))
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            A[int(row["ego"]) - 1, int(row["alter"]) - 1] = float(row["edge"])
    return sp.csr_array(A)


def email_eu_core(root: Path) -> tuple[sp.csr_array, np.ndarray]:
    """email-Eu-core: directed arcs (self-loops included, as in the file) and departments."""
    folder = root / "networks" / "email_eu_core"
    arcs = np.loadtxt(folder / "email-Eu-core.txt", dtype=np.int64)
    labels = np.loadtxt(folder / "email-Eu-core-department-labels.txt", dtype=np.int64)
    n = int(max(arcs.max(), labels[:, 0].max())) + 1
    A = sp.coo_array((np.ones(len(arcs)), (arcs[:, 0], arcs[:, 1])), shape=(n, n)).tocsr()
    A.data[:] = 1.0  # duplicate lines are one tie
    department = np.full(n, -1)
    department[labels[:, 0]] = labels[:, 1]
    return A, department


def facebook100(root: Path, school: str) -> tuple[sp.csr_array, np.ndarray]:
    """A Facebook100 school from its original .mat: adjacency and ``local_info`` (0 = missing)."""
    data = scipy.io.loadmat(root / "networks" / "facebook100" / "mat_original" / f"{school}.mat")
    return sp.csr_array(data["A"], dtype=np.float64), np.asarray(data["local_info"])


def with_random_weights(
    A: sp.csr_array, seed: int, *, symmetric: bool, high: int = 10
) -> sp.csr_array:
    """The same ties with integer weights 1..high-1 drawn from ``seed``.

    ``symmetric`` keeps ``W[i, j] == W[j, i]`` (for undirected graphs).
    """
    rng = np.random.default_rng(seed)
    if symmetric:
        upper = sp.triu(A, k=0, format="csr")
        upper.data = rng.integers(1, high, size=upper.data.size).astype(np.float64)
        lower = sp.triu(upper, k=1, format="csr").T
        return sp.csr_array(upper + lower)
    W = A.copy().tocsr()
    W.data = rng.integers(1, high, size=W.data.size).astype(np.float64)
    return W


def krackhardt_departments(root: Path) -> list[int]:
    """DEPT of the 21 managers (0 = the CEO, 1–4 departments)."""
    path = (
        root
        / "networks"
        / "krackhardt_hightech"
        / "jcg95_dyadlists"
        / "Krack-High-Tec-Attributes.csv"
    )
    with path.open(newline="", encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle, delimiter=";"), key=lambda r: int(r["ID"]))
    return [int(row["DEPT"]) for row in rows]
