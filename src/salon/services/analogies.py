"""Far analogies: who, in another field, has already solved a problem of this shape.

:func:`find_analogies` brings the owner's semantic index up to date (embedding
only new or changed texts, see :mod:`salon.services.semantic_index`) and ranks
its items with the semantic core's far-analogy score,
``max(similarity, 0) × domain distance`` (:meth:`salon.semantic.AnalogyIndex.far_analogies`).
Items of the problem's own domain, and items that do not match at all, score
0 and are left out: they are not analogies from elsewhere.  Each analogy
carries the person it came from and how to reach them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.orm import Session

from salon.db.models import Account
from salon.errors import InputError
from salon.semantic import KINDS, Embedder, Kind, Match, domain_key
from salon.services.semantic_index import (
    LEXICAL_BACKEND,
    Contact,
    EmbedProgress,
    IndexRefresh,
    semantic_index,
)

__all__ = ["DEFAULT_KINDS", "Analogy", "AnalogyResult", "find_analogies"]

#: What a user asks analogies from unless they say otherwise: what people
#: said, taught and proposed.  A profile (a role, an organisation) states no
#: problem and no mechanism; it is searched only on request.
DEFAULT_KINDS: frozenset[Kind] = frozenset({"note", "lesson", "insight", "idea"})


@dataclass(frozen=True, slots=True)
class Analogy:
    """One far analogy: an item, its score, and the person to call about it.

    ``also`` lists further people from whom the same text was heard.
    """

    ref: str
    kind: Kind
    text: str
    domain: str
    score: float
    similarity: float
    domain_distance: float
    person: Contact | None
    also: tuple[Contact, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """Plain data for ``--json``: ``person`` is the name, ``contact`` the details."""
        return {
            "ref": self.ref,
            "kind": self.kind,
            "text": self.text,
            "domain": self.domain,
            "person": self.person.name if self.person else None,
            "contact": self.person.as_dict() if self.person else None,
            "also": [p.as_dict() for p in self.also],
            "score": self.score,
            "similarity": self.similarity,
            "domain_distance": self.domain_distance,
        }


@dataclass(frozen=True, slots=True)
class AnalogyResult:
    """Far analogies for one problem, best first, and how they were found.

    ``backend`` names the embedder that answered (the model's name, or a
    ``tfidf-…`` name for the lexical fallback); ``query_domain`` is the domain
    the problem was placed in, given or inferred (``domain_inferred``).
    """

    problem: str
    backend: str
    query_domain: str | None
    domain_inferred: bool
    analogies: tuple[Analogy, ...]
    refresh: IndexRefresh

    @property
    def lexical(self) -> bool:
        """True when the lexical TF-IDF fallback answered rather than a sentence model."""
        return self.backend.startswith(LEXICAL_BACKEND)


def find_analogies(
    session: Session,
    owner: Account,
    problem: str,
    *,
    domain: str | None = None,
    top: int = 5,
    backend: str = "auto",
    kinds: Collection[str] | None = None,
    source_domains: Collection[str] | None = None,
    embedder: Embedder | None = None,
    progress: EmbedProgress | None = None,
) -> AnalogyResult:
    """Items of ``owner``'s network that match ``problem`` but come from other domains.

    Parameters
    ----------
    problem : str
        The problem in the user's own words.
    domain : str, optional
        The problem's own domain; inferred from the text when omitted.
    top : int
        At most this many analogies (fewer when fewer items score above 0).
    backend : {"auto", "model", "lexical"}
        Which embedder answers; ``auto`` takes the sentence model when installed.
    kinds : collection of str, optional
        Only these kinds of item (``idea``, ``lesson``, ``insight``, ``note``,
        ``profile``); by default :data:`DEFAULT_KINDS`, every kind but profiles.
    source_domains : collection of str, optional
        Only analogies from these domains (case and spacing ignored), e.g. to
        ask aviation alone; all other domains by default.
    embedder : Embedder, optional
        Use this embedder instead (its vectors are stored under its name).
    progress : callable, optional
        Told (done, total) as new or changed texts are embedded.

    Raises
    ------
    InputError
        A blank problem, ``top`` < 1, an unknown backend.
    NotFoundError
        ``backend="model"`` where the model is not installed.
    """
    if not isinstance(problem, str) or not problem.strip():
        raise InputError(f"expected a problem to search for, got {problem!r}")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise InputError(f"expected top >= 1, got {top!r}")
    if domain is not None and not domain.strip():
        raise InputError(f"expected a domain name, got {domain!r}")
    if kinds is not None:
        unknown = sorted(set(kinds) - KINDS)
        if unknown or isinstance(kinds, str):
            raise InputError(f"expected kinds among {sorted(KINDS)}, got {unknown or kinds!r}")
    if isinstance(source_domains, str):
        raise InputError(f"expected a collection of domains, got the string {source_domains!r}")
    if kinds is None:
        kinds = DEFAULT_KINDS
    # Every kind is indexed, profiles included: the domain centroids are the
    # whole network's, however few notes and lessons it has; only ``kinds`` rank.
    built = semantic_index(session, owner, backend=backend, embedder=embedder, progress=progress)
    index = built.index
    if len(index) == 0:
        return AnalogyResult(problem, built.backend, domain, False, (), built.refresh)
    # Rank everything, then keep what scores above 0: the core puts same-domain
    # and non-matching items last with score 0, and those are no far analogies.
    found = index.far_analogies(
        problem, domain=domain, top=len(index), kinds=kinds, domains=source_domains
    )
    # The same insight heard from several people is one analogy with several
    # people to call, not several slots of the list.
    groups: dict[tuple[str, str], tuple[Match, list[Contact]]] = {}
    for match in found:
        if match.score <= 0:
            break
        key = (" ".join(match.text.casefold().split()), domain_key(match.domain))
        person = built.sources[match.ref].person
        if key not in groups:
            if len(groups) == top:
                continue
            groups[key] = (match, [])
        if person is not None and person not in groups[key][1]:
            groups[key][1].append(person)
    analogies = tuple(
        Analogy(
            ref=m.ref,
            kind=m.kind,
            text=m.text,
            domain=m.domain,
            score=m.score,
            similarity=m.similarity,
            domain_distance=m.domain_distance,
            person=people[0] if people else None,
            also=tuple(people[1:]),
        )
        for m, people in groups.values()
    )
    return AnalogyResult(
        problem, found.backend, found.query_domain, found.domain_inferred, analogies, built.refresh
    )
