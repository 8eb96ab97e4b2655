"""one person per identity: a profile URL belongs to one person of an owner

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 21:10:00

E-mail addresses were already unique per owner (``person_emails``, stored
normalised: stripped, lower-cased).  Profile URLs, stored normalised too
(``salon.io.normalise.normalise_url``), had only a plain index, so two
imports running at once could each add the same person.  The index on
``people (owner_id, url)`` becomes unique; NULLs (people without a URL) stay
allowed any number of times on both backends.

A store that already holds two people of one owner with the same profile URL
is refused, naming them, rather than merged here: merging moves ties,
interactions and memberships, which is the services' work, not a schema
change's.  ``salon db upgrade --merge-duplicates`` upgrades such a store with
the attribute ``DEFER_UNIQUE_URLS`` set: this migration then keeps the plain
index, the later ones run, and the merge (the same code as ``salon person
duplicates --merge-certain``) makes the index unique at head, in the same
transaction (:mod:`salon.db.profile_urls`).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import context, op

from salon.db.profile_urls import (
    DEFER_UNIQUE_URLS,
    duplicated_profile_urls,
    make_profile_urls_unique,
)
from salon.errors import DuplicateError

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: at most this many duplicated URLs are named in the refusal
SHOWN = 5


def _refuse(rows: list[tuple[str, str, int]]) -> None:
    groups: dict[tuple[str, str], list[int]] = {}
    for owner, url, person_id in rows:
        groups.setdefault((owner, url), []).append(person_id)
    named = "; ".join(
        f"owner {owner!r}: {url} (people {', '.join(map(str, ids))})"
        for (owner, url), ids in list(groups.items())[:SHOWN]
    )
    more = f" and {len(groups) - SHOWN} more" if len(groups) > SHOWN else ""
    raise DuplicateError(
        f"{len(groups)} profile URLs belong to more than one person: {named}{more}. "
        "Nothing was changed. Merge them, then upgrade, with: salon db upgrade --merge-duplicates"
    )


def upgrade() -> None:
    duplicated = duplicated_profile_urls(op.get_bind())
    if duplicated:
        if context.config.attributes.get(DEFER_UNIQUE_URLS):
            return  # merge_duplicate_identities merges them and makes the index unique at head
        _refuse(duplicated)
    make_profile_urls_unique(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index("uq_people_owner_url")
        batch_op.create_index("ix_people_owner_url", ["owner_id", "url"], unique=False)
