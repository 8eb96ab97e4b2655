"""One person per profile URL and owner: the unique index of migration 0008.

Migration 0008 makes the index on ``people (owner_id, url)`` unique, and
refuses a store whose owners already hold two people with one URL.
``salon db upgrade --merge-duplicates`` instead sets :data:`DEFER_UNIQUE_URLS`
among the migrations' attributes: 0008 then leaves such a store's index
plain, every later migration runs, and, still inside the upgrade's one
transaction, the duplicates are merged with the ORM models (which describe
the newest schema only, so the merge must run at head) and
:func:`make_profile_urls_unique` does what 0008 left undone.  The upgrade
and the merge commit together, or neither does.

So a later migration may change any table the merge reads, but must leave
the two index names here alone (or handle the plain one as well as the
unique one): a deferred upgrade passes through it with the plain index.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, Index, Integer, MetaData, String, Table, inspect, text

#: the migration attribute (``context.config.attributes``) that defers the unique index
DEFER_UNIQUE_URLS = "salon_defer_unique_urls"
UNIQUE_INDEX = "uq_people_owner_url"
PLAIN_INDEX = "ix_people_owner_url"

# only the two indexed columns: enough for the DDL, and true of every revision
_PEOPLE = Table("people", MetaData(), Column("owner_id", Integer), Column("url", String))


def duplicated_profile_urls(connection: Connection) -> list[tuple[str, str, int]]:
    """(owner's name, URL, person id) of each person sharing a profile URL with
    another person of the same owner, ordered by owner, URL and id."""
    rows = connection.execute(
        text(
            "SELECT a.name, p.url, p.id FROM people p JOIN accounts a ON a.id = p.owner_id "
            "WHERE p.url IS NOT NULL AND EXISTS (SELECT 1 FROM people q WHERE "
            "q.owner_id = p.owner_id AND q.url = p.url AND q.id != p.id) "
            "ORDER BY a.name, p.url, p.id"
        )
    ).all()
    return [(str(owner), str(url), int(person_id)) for owner, url, person_id in rows]


def has_unique_profile_urls(connection: Connection) -> bool:
    """Whether the store's ``people`` table has the unique index yet."""
    return any(index["name"] == UNIQUE_INDEX for index in inspect(connection).get_indexes("people"))


def make_profile_urls_unique(connection: Connection) -> None:
    """Replace the plain index on ``people (owner_id, url)`` by the unique one.

    Plain index DDL, the same on SQLite and PostgreSQL (no table copy needed);
    refused by the database (IntegrityError) while duplicates remain.
    """
    Index(PLAIN_INDEX, _PEOPLE.c.owner_id, _PEOPLE.c.url).drop(connection)
    Index(UNIQUE_INDEX, _PEOPLE.c.owner_id, _PEOPLE.c.url, unique=True).create(connection)
