"""The in-memory index an import matches with agrees with the query-per-record match."""

from __future__ import annotations

from pathlib import Path

import pytest

from salon.db.store import Store
from salon.errors import InputError
from salon.services.accounts import owner_account
from salon.services.duplicates import find_duplicates
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
            {"name": "Maria Garcia", "organization": "Acme", "url": "linkedin.com/in/other"},
            {"name": "Maria Garcia", "organization": "Acme", "emails": ["m@other.example"]},
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


def _linkedin(path: Path, rows: list[tuple[str, str, str, str, str]]) -> Path:
    """A current-layout LinkedIn export of (first, last, url, email, company) rows."""
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [
        f"{f},{last},{url},{email},{org},Engineer,26 Nov 2026" for f, last, url, email, org in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import(store: Store, kind: str, path: Path) -> tuple[int, int, int]:
    with store.transaction() as session:
        report = import_file(session, owner_account(session, "me"), kind, path)
        return report.created, report.updated, report.unchanged


def test_repeated_name_and_organisation_with_distinct_urls_are_distinct_people(
    store: Store, tmp_path: Path
) -> None:
    # the case at small scale: 12 names x 2 companies, each twice over, every
    # row with its own profile URL, so 48 people however often a name repeats
    firsts = ["Ana", "Raj", "Mei", "Kwame"]
    lasts = ["López", "Patel", "Chen"]
    rows = [
        (first, last, f"https://www.linkedin.com/in/{first.lower()}-{i}", "", org)
        for i, (first, last, org) in enumerate(
            (f, la, o) for _ in range(2) for f in firsts for la in lasts for o in ("Acme", "Globex")
        )
    ]
    path = _linkedin(tmp_path / "Connections.csv", rows)
    assert _import(store, "linkedin", path) == (48, 0, 0)
    assert _import(store, "linkedin", path) == (0, 0, 48)  # and again: nobody new, nobody merged
    with store.reading() as session:
        owner = owner_account(session, "me")
        people = list_people(session, owner)
        assert len({p.url for p in people}) == 48
        groups = find_duplicates(session, owner)
    # the namesakes are listed for review, never as certain
    assert len(groups) == 24
    assert all(not g.certain and len(g.people) == 2 for g in groups)
    # a row with neither URL nor e-mail could be either namesake: a person of its
    # own, whom the same row finds again next time
    bare = _linkedin(tmp_path / "bare.csv", [("Ana", "López", "", "", "Acme")])
    assert _import(store, "linkedin", bare) == (1, 0, 0)
    assert _import(store, "linkedin", bare) == (0, 0, 1)


def test_name_and_organisation_never_join_different_emails_or_urls(
    store: Store, tmp_path: Path
) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        add_person(
            session,
            owner,
            PersonFields(name="Maria Garcia", organization="Acme", emails=["maria@acme.example"]),
        )
        add_person(
            session,
            owner,
            PersonFields(
                name="Sam Lee", organization="Initech", url="https://linkedin.com/in/sam-lee-1"
            ),
        )
    path = tmp_path / "people.csv"
    path.write_text(
        "Name,Company,Email,URL\n"
        "Maria Garcia,Acme,,https://linkedin.com/in/maria-garcia\n"  # no address: she matches
        "Maria Garcia,Acme,maria.garcia@acme.example,\n"  # another Maria: her own address
        "Sam Lee,Initech,sam@initech.example,\n"  # no URL, the first Sam has no address
        "Sam Lee,Initech,,https://linkedin.com/in/sam-lee-2\n",  # another Sam: his own URL
        encoding="utf-8",
    )
    assert _import(store, "csv", path) == (2, 2, 0)
    with store.reading() as session:
        owner = owner_account(session, "me")
        marias = [p for p in list_people(session, owner) if p.name == "Maria Garcia"]
        assert sorted((p.url or "", [e.email for e in p.emails]) for p in marias) == [
            ("", ["maria.garcia@acme.example"]),
            ("https://linkedin.com/in/maria-garcia", ["maria@acme.example"]),
        ]
        sams = [p for p in list_people(session, owner) if p.name == "Sam Lee"]
        assert sorted((p.url, [e.email for e in p.emails]) for p in sams) == [
            ("https://linkedin.com/in/sam-lee-1", ["sam@initech.example"]),
            ("https://linkedin.com/in/sam-lee-2", []),
        ]


def test_a_row_whose_email_and_url_name_two_people_is_refused(store: Store, tmp_path: Path) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        add_person(session, owner, PersonFields(name="Ana López", emails=["ana@clinic.example"]))
        holder = add_person(
            session, owner, PersonFields(name="A. López", url="https://linkedin.com/in/ana-l")
        )
        holder_id = holder.id
    path = _linkedin(
        tmp_path / "Connections.csv",
        [("Ana", "López", "https://www.linkedin.com/in/ana-l/", "ana@clinic.example", "")],
    )
    with pytest.raises(InputError, match=rf"belongs to A\. López \(id {holder_id}\)") as raised:
        _import(store, "linkedin", path)
    assert (raised.value.line, raised.value.field) == (2, "url")
