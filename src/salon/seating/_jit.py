"""A typed wrapper around :func:`numba.njit` and the kernels' random numbers.

numba ships no type information, so ``@numba.njit`` would make every kernel
untyped under mypy's strict mode; :func:`jit` keeps the decorated function's
signature.  The kernels draw random numbers from their own xorshift64*
generator whose state lives in a one-element array: numba's built-in
``np.random`` keeps a hidden process-wide state, which would make two solvers
running in turn (or in threads) disturb each other's sequence and break
"same seed, same answer".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np
from numpy.typing import NDArray

F = TypeVar("F", bound=Callable[..., Any])


def jit(function: F) -> F:
    """Compile ``function`` in nopython mode, cached on disk between runs."""
    return cast(F, numba.njit(cache=True, nogil=True)(function))


_MULTIPLIER = np.uint64(0x2545F4914F6CDD1D)
_S12 = np.uint64(12)
_S25 = np.uint64(25)
_S27 = np.uint64(27)
_S11 = np.uint64(11)


@jit
def next_random(state: NDArray[np.uint64]) -> np.uint64:
    """Advance the xorshift64* generator (Vigna 2016) and return 64 random bits."""
    x = state[0]
    x ^= x >> _S12
    x ^= x << _S25
    x ^= x >> _S27
    state[0] = x
    return np.uint64(x * _MULTIPLIER)


@jit
def random_below(state: NDArray[np.uint64], bound: int) -> int:
    """A random integer in ``[0, bound)`` (bound ≥ 1); the modulo bias is < 2**-50."""
    # A signed result: numba turns uint64 mixed with int64 into float64.
    return int(np.int64((next_random(state) >> _S11) % np.uint64(bound)))


def random_state(rng: np.random.Generator) -> NDArray[np.uint64]:
    """A fresh non-zero generator state drawn from ``rng``."""
    seed = int(rng.integers(1, 2**63 - 1))
    return np.array([seed], dtype=np.uint64)
