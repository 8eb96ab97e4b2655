"""The meetup organiser's use cases: one function per use case.

A meetup is a community with members and events.  The use cases take the
caller's session and owner, and an object or a reference (id, email, name)
for each community, event and person (:mod:`.refs`).  Everything runs inside
the caller's transaction: an error raises before the caller commits, so a
failed command writes nothing.

- members: :func:`create_community`, :func:`add_member`, :func:`import_members`
- events: :func:`create_event`, :func:`pin_host`
- attendance: :func:`rsvp`, :func:`check_in`, :func:`mark_attended`,
  :func:`record_seating`
- after the event: :func:`record_feedback`

Seating an event lives in :mod:`.seating`, what is shown of a seating
(tables with starters, CSV rows, a summary) in :mod:`.reports`, the
profiles tables are mixed by in :mod:`.profiles`, and the keep-apart and
keep-together rules in :mod:`.pairs`.
"""

from salon.services.meetup.attendance import (
    check_in,
    confirmed_ids,
    mark_attended,
    record_seating,
    rsvp,
    sync_encounters,
)
from salon.services.meetup.events import attendee_ids, create_event, parse_table_sizes, pin_host
from salon.services.meetup.feedback import record_feedback
from salon.services.meetup.lookup import get_community, get_event, list_communities
from salon.services.meetup.members import (
    MemberImportReport,
    add_member,
    create_community,
    import_members,
)

__all__ = [
    "MemberImportReport",
    "add_member",
    "attendee_ids",
    "check_in",
    "confirmed_ids",
    "create_community",
    "create_event",
    "get_community",
    "get_event",
    "import_members",
    "list_communities",
    "mark_attended",
    "parse_table_sizes",
    "pin_host",
    "record_feedback",
    "record_seating",
    "rsvp",
    "sync_encounters",
]
