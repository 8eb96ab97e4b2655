"""Calendar files and reminders for a meetup's events.

An event as an iCalendar file (``icalendar``); reminders on three channels,
each off until the organiser sets it for the meetup: a webhook (a JSON POST),
an ntfy topic (a plain-text POST with ntfy's headers) and e-mail through the
SMTP server in the settings, to members who have an account.

Sending is split in three so no network wait holds the store's write lock:
:func:`plan_reminders` (in a transaction) says what is due and not yet sent,
:func:`deliver` sends one (no database), :func:`record_delivery` (in a
transaction) keeps the outcome.  A reminder sent is never sent again (one
:class:`~salon.db.models.ReminderDelivery` row per event, channel, recipient
and kind); a failure is kept with its error and tried again on the next run.
"""

from __future__ import annotations

import datetime as dt
import json
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage

import icalendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from salon.config import Settings
from salon.db.models import Account, Community, Event, Member, ReminderDelivery
from salon.errors import InputError
from salon.services.event_rsvp import event_roster, rsvp_status
from salon.services.meetup import get_community, get_event

__all__ = [
    "DEFAULT_DURATION",
    "Reminder",
    "calendar_file",
    "deliver",
    "event_start",
    "plan_reminders",
    "record_delivery",
    "set_reminder_channels",
]

#: how long an evening lasts in a calendar, when nothing says otherwise
DEFAULT_DURATION = dt.timedelta(hours=3)
#: reminders go out from this long before the event starts
REMIND_BEFORE = dt.timedelta(hours=24)
#: a channel that does not answer within this many seconds failed (retried next run)
SEND_TIMEOUT = 10.0
UPCOMING = "upcoming"


def event_start(event: Event) -> dt.datetime:
    """When the event starts (its day at midnight without a start time), as UTC.

    Start times are the organiser's local time; salon has no time zone per
    meetup yet, so "due" is judged as if local time were UTC: a reminder sent
    a few hours early or late is harmless.
    """
    return dt.datetime.combine(event.starts_on, event.start_time or dt.time(0), dt.UTC)


def calendar_file(event: Event, *, site: str = "salon") -> bytes:
    """The event as an ``.ics`` file with one VEVENT (all-day without a start time)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//salon//meetup//EN")
    calendar.add("version", "2.0")
    entry = icalendar.Event()
    entry.add("uid", f"salon-event-{event.id}@{site}")
    entry.add("dtstamp", dt.datetime.now(dt.UTC))
    entry.add("summary", event.title)
    if event.start_time is None:
        entry.add("dtstart", event.starts_on)
        entry.add("dtend", event.starts_on + dt.timedelta(days=1))
    else:
        # a floating local time: the guests' calendars show the organiser's clock time
        start = dt.datetime.combine(event.starts_on, event.start_time)
        entry.add("dtstart", start)
        entry.add("dtend", start + DEFAULT_DURATION)
    if event.venue:
        entry.add("location", event.venue)
    entry.add("description", f"{event.community.name}: {event.rounds} rounds of tables.")
    calendar.add_component(entry)
    return bytes(calendar.to_ical())


def _checked_url(value: str, option: str) -> str:
    text = value.strip()
    if not text.startswith(("http://", "https://")) or len(text) > 500:
        raise InputError(f"{option}: expected an http(s) URL, got {value!r}", field=option)
    return text


def set_reminder_channels(
    session: Session,
    owner: Account,
    community_ref: int | str,
    *,
    webhook: str | None = None,
    ntfy: str | None = None,
    email: bool | None = None,
) -> Community:
    """Turn a meetup's reminder channels on or off; ``None`` leaves a channel as it is.

    An empty string turns the webhook or ntfy channel off.

    Raises
    ------
    InputError
        A URL that is not http(s).
    """
    community = get_community(session, owner, community_ref)
    if webhook is not None:
        community.webhook_url = _checked_url(webhook, "webhook") if webhook.strip() else None
    if ntfy is not None:
        community.ntfy_url = _checked_url(ntfy, "ntfy") if ntfy.strip() else None
    if email is not None:
        community.email_reminders = email
    session.flush()
    return community


@dataclass(frozen=True)
class Reminder:
    """One message due on one channel, with everything needed to send it."""

    event_id: int
    channel: str  # webhook, ntfy or email
    recipient: str  # the URL, or the member's e-mail address
    kind: str
    subject: str
    text: str
    payload: dict[str, object]
    link: str | None


def _summary(event: Event) -> str:
    when = event.starts_on.isoformat()
    if event.start_time is not None:
        when += f" {event.start_time.strftime('%H:%M')}"
    where = f" at {event.venue}" if event.venue else ""
    return f"{event.title}: {when}{where}"


def plan_reminders(
    session: Session,
    owner: Account,
    event_id: int,
    *,
    now: dt.datetime | None = None,
    public_url: str | None = None,
) -> list[Reminder]:
    """The reminders due for the event now and not yet sent (failed ones again).

    Due from :data:`REMIND_BEFORE` before the start until the start.  E-mail
    goes to members with an account and an address who have not declined
    and are not snoozed past the event.
    """
    event = get_event(session, owner, event_id)
    moment = now or dt.datetime.now(dt.UTC)
    start = event_start(event)
    if not start - REMIND_BEFORE <= moment < start:
        return []
    community = event.community
    roster = event_roster(event)
    link = f"{public_url.rstrip('/')}/events/{event.id}" if public_url else None
    summary = _summary(event)
    payload: dict[str, object] = {
        "kind": UPCOMING,
        "meetup": community.name,
        "event": {
            "id": event.id,
            "title": event.title,
            "date": event.starts_on.isoformat(),
            "start_time": event.start_time.isoformat() if event.start_time else None,
            "venue": event.venue,
            "link": link,
        },
        "going": len(roster.going),
        "waitlisted": len(roster.waitlisted),
        "capacity": event.capacity,
    }
    text = f"{summary}. {len(roster.going)} going"
    text += f", {len(roster.waitlisted)} waiting." if roster.waitlisted else "."
    due: list[Reminder] = []

    def add(channel: str, recipient: str, subject: str, body: str) -> None:
        due.append(Reminder(event.id, channel, recipient, UPCOMING, subject, body, payload, link))

    if community.webhook_url:
        add("webhook", community.webhook_url, summary, text)
    if community.ntfy_url:
        add("ntfy", community.ntfy_url, f"{community.name}: {event.title}", text)
    if community.email_reminders:
        for address, status in _member_addresses(session, event):
            body = f"{summary}.\n\nYour answer: {status}."
            body += f"\n\n{link}" if link else ""
            add("email", address, f"Reminder: {summary}", body)
    sent = {
        (row.channel, row.recipient)
        for row in session.scalars(
            select(ReminderDelivery).where(
                ReminderDelivery.event_id == event.id,
                ReminderDelivery.kind == UPCOMING,
                ReminderDelivery.error.is_(None),
            )
        )
    }
    return [r for r in due if (r.channel, r.recipient) not in sent]


def _member_addresses(session: Session, event: Event) -> list[tuple[str, str]]:
    """(e-mail, their answer) of the members with an account who may come."""
    answers = {a.person_id: a for a in event.attendance}
    rows = session.execute(
        select(Member.person_id, Member.snoozed_until, Account.email)
        .join(Account, Account.id == Member.account_id)
        .where(Member.community_id == event.community_id, Account.email.is_not(None))
        .order_by(Account.email)
    )
    found: list[tuple[str, str]] = []
    for person_id, snoozed_until, email in rows:
        answer = answers.get(person_id)
        if email is None or (answer is not None and answer.rsvp == "no"):
            continue
        if snoozed_until is not None and snoozed_until >= event.starts_on:
            continue
        found.append((email, rsvp_status(answer) if answer else "not answered yet"))
    return found


def deliver(reminder: Reminder, settings: Settings) -> str | None:
    """Send one reminder; ``None`` when it went, else the error (to keep and retry).

    HTTP through the standard library's ``urllib`` (a POST is all it needs),
    e-mail through ``smtplib`` to the server in the settings.
    """
    try:
        if reminder.channel == "webhook":
            _post(
                reminder.recipient,
                json.dumps(reminder.payload).encode(),
                {"Content-Type": "application/json"},
            )
        elif reminder.channel == "ntfy":
            headers = {"Title": _ascii(reminder.subject), "Tags": "calendar"}
            if reminder.link:
                headers["Click"] = reminder.link
            _post(reminder.recipient, reminder.text.encode(), headers)
        else:
            _mail(reminder, settings)
    except (OSError, smtplib.SMTPException, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"[:500]
    return None


def _ascii(text: str) -> str:
    # HTTP header values are Latin-1 at most; ntfy reads RFC 2047 too, plain ASCII is safest
    return text.encode("ascii", "replace").decode()


def _post(url: str, body: bytes, headers: dict[str, str]) -> None:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=SEND_TIMEOUT) as response:
        if response.status >= 300:
            raise urllib.error.HTTPError(
                url, response.status, "not accepted", response.headers, None
            )


def _mail(reminder: Reminder, settings: Settings) -> None:
    if not settings.smtp_host:
        raise ValueError("no SMTP server set (SALON_SMTP_HOST)")
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = reminder.recipient
    message["Subject"] = reminder.subject
    message.set_content(reminder.text)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SEND_TIMEOUT) as smtp:
        smtp.ehlo()
        if settings.smtp_starttls and smtp.has_extn("starttls"):
            smtp.starttls()
            smtp.ehlo()
        if settings.smtp_user and settings.smtp_password:
            smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
        smtp.send_message(message)


def record_delivery(session: Session, reminder: Reminder, error: str | None) -> None:
    """Keep the outcome: a row per reminder, its error replaced on each new try."""
    row = session.scalar(
        select(ReminderDelivery).where(
            ReminderDelivery.event_id == reminder.event_id,
            ReminderDelivery.channel == reminder.channel,
            ReminderDelivery.recipient == reminder.recipient,
            ReminderDelivery.kind == reminder.kind,
        )
    )
    if row is None:
        row = ReminderDelivery(
            event_id=reminder.event_id,
            channel=reminder.channel,
            recipient=reminder.recipient,
            kind=reminder.kind,
        )
        session.add(row)
    row.sent_at = dt.datetime.now(dt.UTC)
    row.error = error
    session.flush()
