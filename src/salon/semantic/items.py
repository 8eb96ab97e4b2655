"""What the semantic index holds and what it answers: items and ranked matches."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, get_args, overload

from salon.errors import InputError

__all__ = ["KINDS", "Item", "Kind", "Match", "Matches", "domain_key"]

Kind = Literal["idea", "lesson", "insight", "note", "profile"]
KINDS: frozenset[str] = frozenset(get_args(Kind))


def domain_key(domain: str) -> str:
    """The key under which a domain label is grouped: case and spacing ignored.

    >>> domain_key("  Rail   Transport ")
    'rail transport'
    """
    return " ".join(domain.casefold().split())


@dataclass(frozen=True, slots=True)
class Item:
    """One searchable text: an idea, a lesson, an insight, a note or a profile.

    ``ref`` identifies it in the store (unique within an index); ``domain`` is
    the field it comes from ("medicine", "motorsport"); ``person`` is whom it
    came from, so the user knows whom to call.
    """

    ref: str
    text: str
    domain: str
    person: str | None = None
    kind: Kind = "note"

    def __post_init__(self) -> None:
        if not isinstance(self.ref, str) or not self.ref:
            raise InputError(f"expected a non-empty ref, got {self.ref!r}", field="ref")
        if not isinstance(self.text, str):
            raise InputError(
                f"expected text to be a string, got {type(self.text).__name__}", field="text"
            )
        if not isinstance(self.domain, str) or not domain_key(self.domain):
            raise InputError(
                f"item {self.ref!r}: expected a non-empty domain, got {self.domain!r}",
                field="domain",
            )
        if self.kind not in KINDS:
            raise InputError(
                f"item {self.ref!r}: expected kind in {sorted(KINDS)}, got {self.kind!r}",
                field="kind",
            )


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked item.

    ``similarity`` is the cosine the ranking used (for far analogies the
    domain-debiased cosine of the whole texts blended with the best match of
    their sentence parts; plain for :meth:`~salon.semantic.AnalogyIndex.similar`),
    ``domain_distance`` the distance in [0, 1] between the item's domain and the
    query's (0: same domain; NaN when the index has a single domain), and
    ``score`` what the list is sorted by.
    """

    ref: str
    text: str
    domain: str
    person: str | None
    kind: Kind
    score: float
    similarity: float
    domain_distance: float


@dataclass(frozen=True, slots=True)
class Matches(Sequence[Match]):
    """Ranked matches for one query, best first, and how they were found.

    ``backend`` names the embedder that answered; ``query_domain`` is the
    domain the query was placed in (given, or inferred when
    ``domain_inferred``), None when it matched no domain of the index.
    """

    query: str
    backend: str
    query_domain: str | None
    domain_inferred: bool
    matches: tuple[Match, ...]

    @overload
    def __getitem__(self, index: int) -> Match: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Match]: ...
    def __getitem__(self, index: int | slice) -> Match | Sequence[Match]:
        return self.matches[index]

    def __len__(self) -> int:
        return len(self.matches)

    def __iter__(self) -> Iterator[Match]:
        return iter(self.matches)

    @property
    def refs(self) -> list[str]:
        """The refs in rank order."""
        return [m.ref for m in self.matches]
