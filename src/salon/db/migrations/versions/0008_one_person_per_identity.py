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
change's.  ``salon db upgrade --merge-duplicates`` merges those (certain)
duplicates with the same code as ``salon person duplicates --merge-certain``
and then upgrades.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from salon.errors import DuplicateError

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: at most this many duplicated URLs are named in the refusal
SHOWN = 5


def _refuse_duplicate_urls() -> None:
    rows = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT a.name, p.url, p.id FROM people p JOIN accounts a ON a.id = p.owner_id "
                "WHERE p.url IS NOT NULL AND EXISTS (SELECT 1 FROM people q WHERE "
                "q.owner_id = p.owner_id AND q.url = p.url AND q.id != p.id) "
                "ORDER BY a.name, p.url, p.id"
            )
        )
        .all()
    )
    if not rows:
        return
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
    _refuse_duplicate_urls()
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index("ix_people_owner_url")
        batch_op.create_index("uq_people_owner_url", ["owner_id", "url"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index("uq_people_owner_url")
        batch_op.create_index("ix_people_owner_url", ["owner_id", "url"], unique=False)
