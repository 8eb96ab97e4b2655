"""Social Golfer schedules read off an affine plane, for a prime-power number of groups.

In the affine plane over the field GF(q), the lines y = m·x + b of one slope m
partition the q² points, and two points share at most one line.  Keep the
points of s ≤ q columns x ∈ {x_0..x_{s-1}}: every line keeps one point per
column, so slope m gives a week of q groups of s, and the q slopes give q
weeks in which no pair meets twice.  With s = q the columns themselves are one
more week.  This is the classical construction behind the known maxima
G(q, q) = q + 1 and a lower bound of q weeks for every s ≤ q (C. J. Colbourn,
J. H. Dinitz (eds.), Handbook of Combinatorial Designs, 2nd ed., CRC 2007:
affine planes and mutually orthogonal Latin squares).

Nothing is searched: for a prime power q = p^k the field is built from an
irreducible polynomial of degree k over Z_p, found by trial division.
"""

from __future__ import annotations

import itertools

import numpy as np
from numpy.typing import NDArray


def affine_schedule(groups: int, size: int, weeks: int) -> NDArray[np.int64] | None:
    """A schedule without repeats from the affine plane of order ``groups``, or None.

    None unless ``groups`` is a prime power q, ``size`` ≤ q and ``weeks`` ≤ q
    (or ≤ q + 1 when ``size`` = q).
    """
    prime_power = _prime_power(groups)
    if prime_power is None or size > groups or size < 1:
        return None
    q = groups
    if weeks > q + (1 if size == q else 0):
        return None
    add, mul = _field_tables(*prime_power)
    schedule = np.empty((weeks, q, size), dtype=np.int64)
    columns = np.arange(size)
    for slope in range(min(weeks, q)):
        for b in range(q):
            # Golfer c·q + y is the point (x_c, y) with x_c = c in the field.
            schedule[slope, b] = columns * q + add[mul[slope, columns], b]
    if weeks == q + 1:
        schedule[q] = np.arange(q * q).reshape(q, q)
    return schedule


def _prime_power(q: int) -> tuple[int, int] | None:
    """(p, k) with q = p^k for a prime p, or None."""
    if q < 2:
        return None
    p = next(d for d in range(2, q + 1) if q % d == 0)
    k = 0
    while q % p == 0:
        q //= p
        k += 1
    return (p, k) if q == 1 else None


def _field_tables(p: int, k: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Addition and multiplication tables of GF(p^k), elements as base-p digit vectors."""
    q = p**k
    digits = np.array([[(e // p**i) % p for i in range(k)] for e in range(q)], dtype=np.int64)
    weights = p ** np.arange(k)
    add = ((digits[:, None, :] + digits[None, :, :]) % p) @ weights
    modulus = _irreducible(p, k)
    mul = np.empty((q, q), dtype=np.int64)
    for a, b in itertools.product(range(q), repeat=2):
        mul[a, b] = _poly_mod(np.convolve(digits[a], digits[b]) % p, modulus, p) @ weights
    return add, mul


def _irreducible(p: int, k: int) -> NDArray[np.int64]:
    """A monic irreducible polynomial of degree k over Z_p (coefficients, lowest first)."""
    for low in itertools.product(range(p), repeat=k):
        f = np.array([*low, 1], dtype=np.int64)
        if all(
            np.any(_poly_mod(f, np.array([*divisor, 1], dtype=np.int64), p))
            for degree in range(1, k // 2 + 1)
            for divisor in itertools.product(range(p), repeat=degree)
        ):
            return f
    raise AssertionError(f"no irreducible polynomial of degree {k} over Z_{p}")  # pragma: no cover


def _poly_mod(a: NDArray[np.int64], monic: NDArray[np.int64], p: int) -> NDArray[np.int64]:
    """The remainder of ``a`` by the monic polynomial ``monic`` over Z_p, len(monic) − 1 long."""
    degree = len(monic) - 1
    rest = np.zeros(max(len(a), degree), dtype=np.int64)
    rest[: len(a)] = a % p
    for top in range(len(rest) - 1, degree - 1, -1):
        factor = rest[top]
        if factor:
            rest[top - degree : top + 1] = (rest[top - degree : top + 1] - factor * monic) % p
    return rest[:degree]
