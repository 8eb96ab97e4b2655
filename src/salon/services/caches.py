"""The caches kept in the store, brought up to date on the write paths.

Two things are kept in the store only to answer faster: the network snapshot
(with the candidates' relevance to the open ideas) that the suggestions read,
and the stored embeddings of the semantic index.  A web page's GET never
writes them (a GET may be repeated, prefetched or replayed): it uses them
where current and brings what is stale up to date in memory, for that answer
only.  This module is the other half: after a change (a form posted, an API
write, an import) the web app calls :func:`refresh_caches` once the response
has gone, so the next page finds them current and stays fast at 100,000
people, without making the writer wait.

Why not compute everything in memory on every GET: reading a 5,000-contact
network again takes most of a ``suggest meet``, and embedding every profile
with the sentence model takes minutes.  Why not refresh inside the write: the
quick log must answer in well under 300 ms on a phone.

The snapshot is stored again only once :data:`SNAPSHOT_LAG` people have
changed since it was (or when there is none): a page catches a few changed
people up in memory almost as fast as it reads a current snapshot, whereas
storing it after every quick log doubled the snapshot work of a busy server
(benchmarks/web_load.py).

The embeddings are refreshed only for an owner who already has stored
vectors of that backend (someone who has searched before, from the CLI or
with :func:`prepare_semantic_index`): embedding a whole new network is a long
job that a user asks for, not a side effect of logging a conversation.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.db.models import Account, Embedding
from salon.semantic import MODEL_NAME, model_unavailable_reason
from salon.services.network_snapshot import changes_since_snapshot
from salon.services.semantic_index import IndexRefresh, semantic_index
from salon.services.suggestions import refresh_suggestion_caches

__all__ = ["SNAPSHOT_LAG", "CacheRefresh", "prepare_semantic_index", "refresh_caches"]

#: People changed since the stored snapshot before a write path stores it again.
SNAPSHOT_LAG = 50


@dataclass(frozen=True, slots=True)
class CacheRefresh:
    """What :func:`refresh_caches` brought up to date."""

    n_people: int | None  # None: the snapshot was close enough, left as it was
    index: IndexRefresh | None  # None: no stored embeddings to keep current


def _has_stored_vectors(session: Session, owner: Account, backend: str) -> bool:
    return (
        session.scalar(
            select(Embedding.id)
            .where(Embedding.owner_id == owner.id, Embedding.backend == backend)
            .limit(1)
        )
        is not None
    )


def refresh_caches(session: Session, owner: Account, *, lag: int = SNAPSHOT_LAG) -> CacheRefresh:
    """Bring ``owner``'s stored caches up to date (call it in a write transaction).

    The snapshot only once ``lag`` people changed since it was stored (0:
    always); it reads only what changed (changed people, new or edited
    texts), except after a bulk change.
    """
    behind = changes_since_snapshot(session, owner)
    n_people = None
    if behind is None or behind >= lag:
        n_people = refresh_suggestion_caches(session, owner)
    index = None
    if model_unavailable_reason() is None and _has_stored_vectors(session, owner, MODEL_NAME):
        index = semantic_index(session, owner, backend="model").refresh
    return CacheRefresh(n_people, index)


def prepare_semantic_index(session: Session, owner: Account) -> IndexRefresh:
    """Embed and store every searchable text of ``owner``'s network (the long first time).

    With the sentence model installed, later changes are then kept current by
    :func:`refresh_caches`; without it, the lexical index is fitted on every
    query and nothing is stored.

    Raises
    ------
    InputError
        From :func:`~salon.services.semantic_index.semantic_index`.
    """
    return semantic_index(session, owner, backend="auto").refresh
