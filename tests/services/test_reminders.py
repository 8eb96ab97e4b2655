"""Calendar files and reminders, against local stand-ins only (SQLite and PostgreSQL).

A local HTTP listener (``http.server`` in a thread) plays the webhook and the
ntfy server; ``aiosmtpd`` plays the SMTP server.  Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import icalendar
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from salon.config import Settings
from salon.db.models import ReminderDelivery
from salon.db.store import Store
from salon.errors import InputError
from salon.services.accounts import owner_account
from salon.services.event_rsvp import bulk_rsvp
from salon.services.meetup import add_member, create_community, create_event, get_event
from salon.services.people import PersonFields, add_person
from salon.services.reminders import (
    calendar_file,
    deliver,
    plan_reminders,
    record_delivery,
    set_reminder_channels,
)
from salon.services.users import create_user


@dataclass
class Listener:
    """What the local HTTP listener received; it answers 500 while ``failing``."""

    url: str
    requests: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)
    failing: bool = False


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    got = Listener(f"http://127.0.0.1:{server.server_address[1]}")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            got.requests.append((self.path, dict(self.headers.items()), body))
            self.send_response(500 if got.failing else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server.RequestHandlerClass = Handler
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield got
    server.shutdown()
    server.server_close()


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


NOW = dt.datetime(2026, 12, 2, 20, 0, tzinfo=dt.UTC)  # the evening before


def _meetup(store: Store) -> int:
    """An event on 3 Dec at 19:00 for 2; three members with accounts, one snoozed."""
    with store.transaction() as session:
        owner = owner_account(session, "me")
        community = create_community(session, owner, "Long Table")
        people = []
        for k, name in enumerate(["Ana", "Raj", "Mia", "Tom"]):
            person = add_person(session, owner, PersonFields(name=name))
            member, _ = add_member(session, owner, community, person)
            if k < 3:  # Tom has no account: no e-mail for him
                member.account_id = create_user(session, f"{name.lower()}@ex.org", "x" * 12).id
            people.append(person.id)
        community.members[2].snoozed_until = dt.date(2026, 12, 31)
        event = create_event(
            session, owner, community, title="Dinner", on=dt.date(2026, 12, 3), tables=[4]
        )
        event.start_time = dt.time(19, 0)
        event.venue = "Casa Lume"
        event.capacity = 1
        session.flush()
        bulk_rsvp(session, owner, event.id, people[:2], "yes", now=NOW)
        return event.id


def _send(store: Store, event_id: int, settings: Settings, now: dt.datetime = NOW) -> list[str]:
    with store.reading() as session:
        due = plan_reminders(
            session, owner_account(session, "me"), event_id, now=now, public_url="http://x.test"
        )
    outcomes = [(r, deliver(r, settings)) for r in due]
    with store.transaction() as session:
        for reminder, error in outcomes:
            record_delivery(session, reminder, error)
    return [f"{r.channel}:{r.recipient}:{'ok' if e is None else 'failed'}" for r, e in outcomes]


def test_each_channel_gets_its_reminder_once_and_a_failure_is_retried(
    store: Store, listener: Listener, smtp: tuple[int, Inbox]
) -> None:
    port, inbox = smtp
    settings = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_from="host@ex.org")
    event_id = _meetup(store)
    assert _send(store, event_id, settings) == []  # every channel is off by default
    with store.transaction() as session:
        set_reminder_channels(
            session,
            owner_account(session, "me"),
            "Long Table",
            webhook=f"{listener.url}/hook",
            ntfy=f"{listener.url}/longtable",
            email=True,
        )
    # too early (two days before) and too late (after the start): nothing
    assert _send(store, event_id, settings, NOW - dt.timedelta(days=1)) == []
    assert _send(store, event_id, settings, NOW + dt.timedelta(hours=23)) == []
    listener.failing = True
    first = _send(store, event_id, settings)
    assert first == [
        f"webhook:{listener.url}/hook:failed",
        f"ntfy:{listener.url}/longtable:failed",
        "email:ana@ex.org:ok",  # Mia is snoozed, Tom has no account
        "email:raj@ex.org:ok",
    ]
    with store.reading() as session:
        errors = session.scalars(select(ReminderDelivery.error).order_by(ReminderDelivery.id))
        assert ["500" in (e or "") for e in errors] == [True, True, False, False]
    listener.failing = False
    assert _send(store, event_id, settings) == [
        f"webhook:{listener.url}/hook:ok",
        f"ntfy:{listener.url}/longtable:ok",
    ]
    assert _send(store, event_id, settings) == []  # everything went: nothing twice
    hook = [r for r in listener.requests if r[0] == "/hook"][-1]
    payload = json.loads(hook[2])
    assert hook[1]["Content-Type"] == "application/json"
    assert payload["event"] == {
        "id": event_id,
        "title": "Dinner",
        "date": "2026-12-03",
        "start_time": "19:00:00",
        "venue": "Casa Lume",
        "link": f"http://x.test/events/{event_id}",
    }
    assert (payload["going"], payload["waitlisted"], payload["capacity"]) == (1, 1, 1)
    topic = [r for r in listener.requests if r[0] == "/longtable"][-1]
    assert topic[1]["Title"] == "Long Table: Dinner"
    assert topic[1]["Click"] == f"http://x.test/events/{event_id}"
    assert topic[2].decode() == "Dinner: 2026-12-03 19:00 at Casa Lume. 1 going, 1 waiting."
    assert sorted(to for to, _ in inbox.messages) == [["ana@ex.org"], ["raj@ex.org"]]
    raj = message_from_bytes(next(m for to, m in inbox.messages if to == ["raj@ex.org"]))
    assert raj["Subject"] == "Reminder: Dinner: 2026-12-03 19:00 at Casa Lume"
    assert "Your answer: waitlisted." in raj.get_payload()


def test_email_without_an_smtp_server_fails_with_a_reason_and_is_kept(store: Store) -> None:
    event_id = _meetup(store)
    with store.transaction() as session:
        set_reminder_channels(session, owner_account(session, "me"), "Long Table", email=True)
    assert _send(store, event_id, Settings()) == [
        "email:ana@ex.org:failed",
        "email:raj@ex.org:failed",
    ]
    with store.reading() as session:
        errors = list(session.scalars(select(ReminderDelivery.error)))
    assert errors == ["ValueError: no SMTP server set (SALON_SMTP_HOST)"] * 2


def test_channels_take_http_urls_only_and_turn_off_with_an_empty_one(store: Store) -> None:
    _meetup(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        with pytest.raises(InputError, match="webhook: expected an http"):
            set_reminder_channels(session, owner, "Long Table", webhook="file:///etc/passwd")
        found = set_reminder_channels(session, owner, "Long Table", ntfy="https://ntfy.test/t")
        assert found.ntfy_url == "https://ntfy.test/t"
        assert set_reminder_channels(session, owner, "Long Table", ntfy="").ntfy_url is None


def test_the_calendar_file_has_the_event_at_its_time_and_place(store: Store) -> None:
    event_id = _meetup(store)
    with store.reading() as session:
        data = calendar_file(get_event(session, owner_account(session, "me"), event_id))
    parsed = icalendar.Calendar.from_ical(data)
    (entry,) = parsed.walk("VEVENT")
    assert str(entry["summary"]) == "Dinner"
    assert str(entry["location"]) == "Casa Lume"
    assert entry.decoded("dtstart") == dt.datetime(2026, 12, 3, 19, 0)
    assert entry.decoded("dtend") == dt.datetime(2026, 12, 3, 22, 0)
    assert str(entry["uid"]) == f"salon-event-{event_id}@salon"
    with store.transaction() as session:
        event = get_event(session, owner_account(session, "me"), event_id)
        event.start_time = None
        session.flush()
        whole_day = icalendar.Calendar.from_ical(calendar_file(event))
    (entry,) = whole_day.walk("VEVENT")
    assert entry.decoded("dtstart") == dt.date(2026, 12, 3)
