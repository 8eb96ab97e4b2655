"""``salon meetup rsvp/checkin/capacity`` for many people at once (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_meetup import ok, salon


def _meetup(store_url: str, n: int) -> list[str]:
    ok(store_url, "create", "Supper")
    names = [f"Guest {k}" for k in range(n)]
    for name in names:
        ok(store_url, "member", "add", "Supper", name, "--create")
    out = ok(
        store_url, "event", "create", "Supper", "--date", "2026-12-03", "--tables", "3,3",
        "--capacity", "3",
    )  # fmt: skip
    assert "Created event 1" in out
    return names


def test_many_answers_in_one_command_fill_the_seats_then_the_waitlist(store_url: str) -> None:
    names = _meetup(store_url, 5)
    out = json.loads(ok(store_url, "rsvp", "1", *names, "--answer", "yes", "--json"))
    assert [(r["name"], r["status"]) for r in out] == [
        (name, "going" if k < 3 else "waitlisted") for k, name in enumerate(names)
    ]
    # the older form still works: a last yes/no/maybe is the answer
    said = ok(store_url, "rsvp", "1", "Guest 1", "no")
    assert "RSVP no recorded for Guest 1. Status: declined." in " ".join(said.split())
    second = json.loads(ok(store_url, "rsvp", "1", "Guest 3", "Guest 4", "--json"))
    assert [r["status"] for r in second] == ["going", "waitlisted"]
    promoted = ok(store_url, "capacity", "1", "4")
    assert "promoted 1" in promoted
    assert "Guest 4" in promoted
    # one unknown name and nothing is recorded
    code, _, err = salon(store_url, "rsvp", "1", "Guest 0", "Nobody Here", "--answer", "no")
    assert code == 1
    assert "Nobody Here" in err
    listing = json.loads(ok(store_url, "event", "list", "Supper", "--json"))
    assert listing[0]["yes"] == 4


def test_many_arrive_at_once_and_a_walk_in_is_one_at_a_time(store_url: str) -> None:
    names = _meetup(store_url, 4)
    out = ok(store_url, "checkin", "1", *names[:3])
    assert [line for line in out.splitlines() if line] == [f"Checked in {n}." for n in names[:3]]
    code, _, err = salon(store_url, "checkin", "1", "Wanda", "Walt", "--walk-in")
    assert code == 1
    assert "one person at a time" in err
    assert "Checked in Wanda." in ok(store_url, "checkin", "1", "Wanda", "--walk-in")
    listing = json.loads(ok(store_url, "event", "list", "Supper", "--json"))
    assert listing[0]["checked_in"] == 4


def test_ics_notify_and_remind_from_the_command_line(store_url: str, tmp_path: Path) -> None:
    import datetime as dt

    _meetup(store_url, 2)
    out = ok(store_url, "ics", "1")
    assert "BEGIN:VEVENT" in out
    assert "SUMMARY:Supper\\, 2026-12-03" in out
    target = tmp_path / "e.ics"
    ok(store_url, "ics", "1", "-o", str(target))
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    code, _, err = salon(store_url, "notify", "Supper", "--webhook", "gopher://x")
    assert code == 1
    assert "expected an http(s) URL" in err
    said = ok(store_url, "notify", "Supper", "--ntfy", "http://127.0.0.1:9/none", "--email")
    assert "webhook off, ntfy http://127.0.0.1:9/none, e-mail on" in " ".join(said.split())
    # an event tomorrow is due; port 9 (discard) refuses the connection on 127.0.0.1
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    ok(store_url, "event", "create", "Supper", "--date", tomorrow, "--tables", "3")
    code, out, err = salon(store_url, "remind", "2")
    assert code == 1
    assert "Failed: ntfy http://127.0.0.1:9/none" in err
    assert "0 of 1 reminders sent." in out  # nobody has an account: no e-mail
    code, out, _ = salon(store_url, "remind", "2")
    assert "0 of 1 reminders sent." in out  # the failure is tried again
    assert "0 of 0 reminders sent." in ok(store_url, "remind", "1")  # not due
