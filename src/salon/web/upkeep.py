"""After a request that writes, the store's caches are brought up to date.

A GET writes nothing (see :func:`salon.web.context.owner_transaction`), so
the caches the pages read fast from (network snapshot, stored embeddings)
are kept current here instead: once a writing request's response has been
sent, :func:`salon.services.caches.refresh_caches` runs for its account, so
the person who posted does not wait for it and the next page finds them
current.  The state is all in the store, so any worker may do it.
"""

from __future__ import annotations

import logging

from fastapi import BackgroundTasks, Request

from salon.errors import SalonError
from salon.services.caches import refresh_caches
from salon.services.storage import Account
from salon.web.auth import Identity, is_public
from salon.web.csrf import SAFE_METHODS

log = logging.getLogger(__name__)


async def refresh_caches_after_writes(request: Request, background: BackgroundTasks) -> None:
    """A dependency of the whole app: schedule the refresh after any signed-in write."""
    if request.method in SAFE_METHODS or is_public(request.url.path):
        return
    # the identity require_sign_in accepted (a dependency listed before this one)
    identity = getattr(request.state, "identity", None)
    if isinstance(identity, Identity):
        background.add_task(refresh_for, request, identity.account_id)


def refresh_for(request: Request, account_id: int) -> None:
    """Bring ``account_id``'s caches up to date now (work that ends after the answer calls it)."""
    store = request.app.state.salon.store
    try:
        # write=False: on SQLite the write lock is taken only for the moment it
        # stores, not while the network is read (other people keep writing)
        with store.transaction(write=False) as session:
            account = session.get(Account, account_id)
            if account is not None:
                refresh_caches(session, account)
    except SalonError as exc:  # busy, or the account went: the next write tries again
        log.info("caches not refreshed for account %s: %s", account_id, exc)
