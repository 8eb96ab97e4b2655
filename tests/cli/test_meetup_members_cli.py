"""``salon meetup organiser …`` and ``salon meetup invite …`` (SQLite, and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
import re

from tests.cli.test_meetup import ok, salon

from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.invitations import create_invitation, join_meetup
from salon.services.member_feedback import give_member_feedback
from salon.services.users import create_user

PASSWORD = "a long enough password"


def test_organisers_and_invitations_from_the_command_line(store_url: str) -> None:
    ok(store_url, "create", "Long Table")
    store = Store(store_url)
    try:
        with store.transaction() as session:
            create_user(session, "co@meetup.org", PASSWORD)
        assert "co@meetup.org now co-organises" in ok(
            store_url, "organiser", "add", "Long Table", "CO@meetup.org"
        )
        listed = json.loads(ok(store_url, "organiser", "list", "1", "--json"))
        assert listed == ["me", "co@meetup.org"]
        code, _, err = salon(store_url, "organiser", "add", "Long Table", "nobody@x.org")
        assert code == 1
        assert "no user with the email" in err
        ok(store_url, "organiser", "remove", "Long Table", "co@meetup.org")
        assert json.loads(ok(store_url, "organiser", "list", "1", "--json")) == ["me"]

        made = ok(store_url, "invite", "Long Table", "--expires", "14d")
        found = re.search(r"Invitation (\d+): /join/(\S+)", made)
        assert found, made
        assert "Expires" in made
        token = found.group(2)
        ok(store_url, "invite", "create", "1")  # the long form, never expiring
        rows = json.loads(ok(store_url, "invite", "list", "1", "--json"))
        assert [r["state"] for r in rows] == ["open", "open"]
        with store.transaction() as session:
            join_meetup(session, token, create_user(session, "m@x.org", PASSWORD), name="Mo")
        ok(store_url, "invite", "revoke", found.group(1))
        rows = json.loads(ok(store_url, "invite", "list", "1", "--json"))
        assert {r["id"]: (r["state"], r["uses"]) for r in rows}[int(found.group(1))] == (
            "revoked",
            1,
        )
        code, _, err = salon(store_url, "invite", "1", "--expires", "soon")
        assert code == 1
        assert "expected an expiry like 14d" in err
        code, _, err = salon(store_url, "invite", "revoke", "999")
        assert code == 1
        assert "no invitation 999" in err
    finally:
        store.dispose()


def test_the_summary_shows_the_members_ratings_in_aggregate(store_url: str) -> None:
    ok(store_url, "create", "Long Table")
    for name in ("Ana Alves", "Ben Bauer", "Cy Costa", "Di Dunn"):
        ok(store_url, "member", "add", "1", name, "--create", "--email", f"{name[:2]}@x.org")
    last_week = (dt.date.today() - dt.timedelta(days=7)).isoformat()
    ok(store_url, "event", "create", "1", "--date", last_week, "--tables", "2,2")
    for name in ("Ana Alves", "Ben Bauer", "Cy Costa", "Di Dunn"):
        ok(store_url, "checkin", "1", name)
    ok(store_url, "seat", "1", "--time-limit", "1")
    assert "No ratings yet" in ok(store_url, "summary", "1")
    ok(store_url, "invite", "1")
    store = Store(store_url)
    try:
        with store.transaction() as session:
            owner = owner_account(session, "me")
            _, token = create_invitation(session, owner, 1)
            for email, rating in (("an@x.org", 5), ("be@x.org", 2)):
                account = create_user(session, email, PASSWORD)
                join_meetup(session, token, account)
                give_member_feedback(session, account, 1, evening=rating, comment="fine")
    finally:
        store.dispose()
    out = " ".join(ok(store_url, "summary", "1").split())
    assert "Evening rated 3.5 of 5 by 2 (2 comments)" in out
    data = json.loads(ok(store_url, "summary", "1", "--json"))
    assert data["ratings"]["n_evening"] == 2
    assert data["ratings"]["evening_mean"] == 3.5
