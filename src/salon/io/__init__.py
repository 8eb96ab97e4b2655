"""File formats: parsers that turn real export files into plain records.

Nothing here touches the database.  Each reader returns frozen records with
the file and line they came from; the services layer matches them against the
store and writes them in one transaction.  A malformed file or row raises
:class:`salon.errors.InputError` naming the file, line and field, unless the
reader is asked to ``skip_bad_rows``, in which case the reasons are listed in
the result's ``skipped``.

- :func:`read_linkedin` — LinkedIn ``Connections.csv``, current and older layout
- :func:`read_vcard` — vCard 3.0 and 4.0
- :func:`read_google_csv` — Google Contacts CSV, current and legacy header
- :func:`read_generic_csv` — any CSV, with a column mapping
- :func:`read_members_csv` — a meetup's member list (people and their intent)
- :func:`read_notes_jsonl` — shared notes, one JSON object per line
- :func:`write_people_csv` — a plain CSV of people
- :func:`normalise_name`, :func:`normalise_email`, :func:`normalise_url` — the
  forms duplicate matching compares
"""

from salon.io.generic_csv import PERSON_FIELDS, read_generic_csv, read_members_csv
from salon.io.google import read_google_csv
from salon.io.linkedin import LINKEDIN_COLUMNS, read_linkedin
from salon.io.normalise import is_linkedin_url, normalise_email, normalise_name, normalise_url
from salon.io.notes import read_notes_jsonl
from salon.io.people_csv import PEOPLE_CSV_COLUMNS, write_people_csv
from salon.io.records import (
    ImportIssue,
    MemberRecord,
    NoteRecord,
    ParsedFile,
    ParsedNotes,
    PersonRecord,
    RelatedRecord,
)
from salon.io.vcard import read_vcard

__all__ = [
    "LINKEDIN_COLUMNS",
    "PEOPLE_CSV_COLUMNS",
    "PERSON_FIELDS",
    "ImportIssue",
    "MemberRecord",
    "NoteRecord",
    "ParsedFile",
    "ParsedNotes",
    "PersonRecord",
    "RelatedRecord",
    "is_linkedin_url",
    "normalise_email",
    "normalise_name",
    "normalise_url",
    "read_generic_csv",
    "read_google_csv",
    "read_linkedin",
    "read_members_csv",
    "read_notes_jsonl",
    "read_vcard",
    "write_people_csv",
]
