"""The in-memory index an import matches with agrees with the query-per-record match."""

from __future__ import annotations

from pathlib import Path

from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.importing import import_file
from salon.services.matching import PeopleIndex, match_person
from salon.services.people import PersonFields, add_person, list_people


def test_people_index_matches_exactly_as_match_person(store: Store, fixtures: Path) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        for kind, name in (("linkedin", "linkedin_connections.csv"), ("vcard", "contacts.vcf")):
            import_file(session, owner, kind, fixtures / "io" / name)
        # the hard cases: two people of one name, a bare name, a bare name twice
        for fields in (
            PersonFields(name="Maria Garcia", organization="Acme"),
            PersonFields(name="María García", organization="Globex"),
            PersonFields(name="Sam Lee"),
            PersonFields(name="Jo Park"),
            PersonFields(name="Jo Park"),
        ):
            add_person(session, owner, fields, check_duplicates=False)
        people = list_people(session, owner, include_me=True)
        probes: list[dict[str, object]] = [
            {"name": "Nobody Known", "organization": "Nowhere"},
            {"name": "Maria Garcia"},
            {"name": "MARIA GARCIA", "organization": "acme"},
            {"name": "Maria Garcia", "organization": "Initech"},
            {"name": "sam lee"},
            {"name": "Jo Park"},
            {"name": "Sam Lee", "emails": ["sam@new.example"]},
            {"emails": ["nobody@example.org"], "name": "Ana López"},
        ]
        for p in people:
            probes.append({"emails": [e.email.upper() for e in p.emails], "name": "X"})
            probes.append({"url": p.url, "name": "X"})
            probes.append({"name": f"Dr. {p.name}", "organization": p.organization})
            probes.append({"name": p.name})
        index = PeopleIndex(session, owner)
        matched = 0
        for probe in probes:
            expected = match_person(session, owner, **probe)  # type: ignore[arg-type]
            assert index.match(**probe) is expected, probe  # type: ignore[arg-type]
            matched += expected is not None
        # the probes exercise every rule, not only misses
        assert matched > len(people)
