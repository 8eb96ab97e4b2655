"""Importing real export files: one person per real person, idempotent, all-or-nothing.

The io fixtures describe overlapping people on purpose (see
``tests/io/test_io_vcard.py::test_same_people_overlap_the_linkedin_fixture_as_documented``):
the vCard's "Dr. Ana Lopez" is LinkedIn's Ana López (name + organisation), "Raj
Patel" is Rajesh Patel (email), "Mei Chen-Wong" is Mei Chen (profile URL) and
"Soren Kierkegaard Holm" is Søren Kierkegaard-Holm (name + organisation);
Lucía Fernández Ruiz and Tomáš Novák are only in the vCard file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.services.builders import archive_text

from salon.db.models import Person
from salon.db.store import Store
from salon.errors import InputError
from salon.services.accounts import me, owner_account
from salon.services.importing import ImportReport, import_file
from salon.services.people import PersonFields, add_person, get_person, list_people
from salon.services.ties import ties_of

LINKEDIN_NAMES = {
    "Ana López",
    "Rajesh Patel",
    "Søren Kierkegaard-Holm",
    "Mei Chen",
    "Olúwaseun Adébáyọ̀",
    "François Dubois",
    "Emily O'Brien, PhD",
    "Kwame Mensah",
}
VCARD_ONLY = {"Lucía Fernández Ruiz", "Tomáš Novák"}


@pytest.fixture
def io_dir(fixtures: Path) -> Path:
    return fixtures / "io"


def _import(
    store: Store,
    kind: str,
    path: Path,
    *,
    mapping: dict[str, str] | None = None,
    skip_bad_rows: bool = False,
) -> ImportReport:
    with store.transaction() as session:
        return import_file(
            session,
            owner_account(session, "me"),
            kind,
            path,
            mapping=mapping,
            skip_bad_rows=skip_bad_rows,
        )


def _names(store: Store) -> list[str]:
    with store.reading() as session:
        return [p.name for p in list_people(session, owner_account(session, "me"))]


def test_linkedin_then_vcard_gives_one_person_per_real_person(store: Store, io_dir: Path) -> None:
    linkedin = _import(store, "linkedin", io_dir / "linkedin_connections.csv")
    vcard = _import(store, "vcard", io_dir / "contacts.vcf")

    assert (linkedin.created, linkedin.updated, linkedin.n_skipped) == (8, 0, 0)
    # the four people LinkedIn already knew gain emails, phones, tags ...: updated
    assert (vcard.created, vcard.updated, vcard.unchanged) == (2, 4, 0)
    names = _names(store)
    assert sorted(names) == sorted(LINKEDIN_NAMES | VCARD_ONLY)
    with store.reading() as session:
        owner = owner_account(session, "me")
        ana = get_person(session, owner, "ana.lopez@clinic.example")
        # one record holding what each file said: LinkedIn's name and URL, the vCard's emails
        assert ana.name == "Ana López"
        assert ana.url == "https://linkedin.com/in/ana-lopez-4b2a1c"
        assert [e.email for e in ana.emails] == [
            "ana.lopez@clinic.example",
            "ana.lopez.personal@example.org",
        ]
        assert ana.tag_set("tag") == ["health", "meetup"]
        assert ana.connected_on is not None
        assert ana.connected_on.isoformat() == "2026-11-26"
        mei = get_person(session, owner, "mei@chenwong.studio")
        assert (mei.name, mei.organization) == ("Mei Chen", "IDEO")
        soren = get_person(session, owner, "https://www.linkedin.com/in/soren-k-holm")
        assert soren.tag_set("expertise") == ["composite materials"]
        raj = get_person(session, owner, "raj.patel@example.com")
        assert raj.organization == "Tata Consultancy Services"  # stored values win
        assert raj.phone is not None
        assert raj.phone.startswith("+91")


def test_vcard_then_linkedin_gives_the_same_people(store: Store, io_dir: Path) -> None:
    vcard = _import(store, "vcard", io_dir / "contacts.vcf")
    linkedin = _import(store, "linkedin", io_dir / "linkedin_connections.csv")
    assert (vcard.created, linkedin.created) == (6, 4)
    assert linkedin.updated == 4
    assert len(_names(store)) == len(LINKEDIN_NAMES | VCARD_ONLY)
    with store.reading() as session:
        owner = owner_account(session, "me")
        mei = get_person(session, owner, "https://linkedin.com/in/mei-chen-design")
        assert mei.name == "Mei Chen-Wong"  # the first file's name stays
        assert mei.connected_on is not None  # LinkedIn filled what the vCard lacked


def test_old_linkedin_layout_matches_the_current_one(store: Store, io_dir: Path) -> None:
    current = _import(store, "linkedin", io_dir / "linkedin_connections.csv")
    old = _import(store, "linkedin", io_dir / "linkedin_connections_2019.csv")
    assert current.created == 8
    # Ana (name + organisation) and Rajesh (email) are known; Jon Snow and Grace are new
    assert (old.created, old.updated + old.unchanged) == (2, 2)
    names = _names(store)
    assert sorted(names) == sorted(LINKEDIN_NAMES | {"Jon Snow", "Grace Hopper-Smith"})
    with store.reading() as session:
        owner = owner_account(session, "me")
        ana = get_person(session, owner, "https://linkedin.com/in/ana-lopez-4b2a1c")
        (tie,) = list(ties_of(session, owner, ana))
        # connected in 2018 per the old export: the tie is as old as the oldest evidence
        assert tie.since is not None
        assert tie.since.year == 2018


# (kind, file, tie evidence a re-import adds): a relation a file states about
# someone only a *later* file brought in resolves when the first file comes
# again (vCard: Tomáš met Kwame, who came with LinkedIn; Google: Ana's colleague
# Lucía, who came with the vCard).  Nothing else may change.
SEQUENCES: dict[str, list[tuple[str, str, int]]] = {
    "linkedin, vcard": [
        ("linkedin", "linkedin_connections.csv", 0),
        ("vcard", "contacts.vcf", 0),
    ],
    "vcard, linkedin": [
        ("vcard", "contacts.vcf", 1),
        ("linkedin", "linkedin_connections.csv", 0),
    ],
    "old linkedin, current": [
        ("linkedin", "linkedin_connections_2019.csv", 0),
        ("linkedin", "linkedin_connections.csv", 0),
    ],
    "google current, legacy, vcard": [
        ("google", "google_contacts.csv", 1),
        ("google", "google_contacts_legacy.csv", 0),
        ("vcard", "contacts.vcf", 0),
    ],
    "csv common names": [("csv", "people_common_names.csv", 0)],
}


@pytest.mark.parametrize("sequence", list(SEQUENCES), ids=list(SEQUENCES))
def test_a_second_import_of_any_file_changes_nothing(
    store: Store, io_dir: Path, sequence: str
) -> None:
    files = SEQUENCES[sequence]
    for kind, name, _ in files:
        _import(store, kind, io_dir / name)
    for kind, name, n_late_ties in files:
        before = archive_text(store)
        again = _import(store, kind, io_dir / name)
        assert (again.created, again.updated, again.ties_added) == (0, 0, n_late_ties), name
        assert again.unchanged > 0
        if n_late_ties == 0:
            assert archive_text(store) == before, name
    # and once more, everything settled: nothing at all changes
    settled = archive_text(store)
    for kind, name, _ in files:
        again = _import(store, kind, io_dir / name)
        assert (again.created, again.updated, again.ties_added) == (0, 0, 0), name
    assert archive_text(store) == settled


def test_import_report_counts_people_and_tie_evidence(store: Store, io_dir: Path) -> None:
    report = _import(store, "vcard", io_dir / "contacts.vcf")
    assert report.source.endswith("contacts.vcf")
    assert (report.created, report.updated, report.unchanged, report.n_skipped) == (6, 0, 0, 0)
    with store.reading() as session:
        owner = owner_account(session, "me")
        user = me(session, owner)
        ties = ties_of(session, owner)
        n_evidence = sum(len(t.evidence) for t in ties)
        mine = [t for t in ties if user.id in (t.person_a_id, t.person_b_id)]
        evidence = {(e.kind, e.source_ref) for t in ties for e in t.evidence}
    assert report.ties_added == n_evidence
    assert len(mine) == 6  # every imported contact is a contact of the user
    assert evidence == {("stated", "import:vcard")}


def _pairs(store: Store) -> dict[frozenset[str], list[str]]:
    with store.reading() as session:
        owner = owner_account(session, "me")
        name = {p.id: p.name for p in list_people(session, owner, include_me=True)}
        return {
            frozenset((name[t.person_a_id], name[t.person_b_id])): sorted(
                e.kind for e in t.evidence
            )
            for t in ties_of(session, owner)
        }


def test_vcard_related_creates_stated_ties_between_the_two_people(
    store: Store, io_dir: Path
) -> None:
    _import(store, "linkedin", io_dir / "linkedin_connections.csv")
    _import(store, "vcard", io_dir / "contacts.vcf")
    pairs = _pairs(store)
    # RELATED;VALUE=text:Ana López and Ana's X-ABRELATEDNAMES: one tie, stated once per source
    assert pairs[frozenset({"Lucía Fernández Ruiz", "Ana López"})] == ["stated"]
    # RELATED:mailto:tomas.novak@example.cz
    assert pairs[frozenset({"Lucía Fernández Ruiz", "Tomáš Novák"})] == ["stated"]
    # X-ABRELATEDNAMES:Kwame Mensah names someone the store knew from LinkedIn
    assert pairs[frozenset({"Tomáš Novák", "Kwame Mensah"})] == ["stated"]
    # Raj's relative Priya Patel is in no file: no person is invented for her
    assert "Priya Patel" not in _names(store)
    contact_pairs = [p for p in pairs if "me" not in p]
    assert len(contact_pairs) == 3


def test_google_current_and_legacy_match_linkedin_people(store: Store, io_dir: Path) -> None:
    _import(store, "linkedin", io_dir / "linkedin_connections.csv")
    current = _import(store, "google", io_dir / "google_contacts.csv")
    legacy = _import(store, "google", io_dir / "google_contacts_legacy.csv")
    # Ana by profile URL; Kwame (no organisation in Google), Seun (first name only)
    # and Hiroshi cannot be matched safely and are new
    assert (current.created, current.updated) == (3, 1)
    # François by fr.linkedin.com URL, Emily by email
    assert (legacy.created, legacy.updated) == (0, 2)
    with store.reading() as session:
        owner = owner_account(session, "me")
        ana = get_person(session, owner, "https://linkedin.com/in/ana-lopez-4b2a1c")
        assert ana.industry == "Healthcare"
        assert ana.attribute_map()["generation"] == "Millennial"
        francois = get_person(session, owner, "francois.dubois@danone.example")
        assert francois.name == "François Dubois"
        assert francois.tag_set("tag") == ["Food science", "Meetup"]
        emily = get_person(session, owner, "emily.obrien@ed.example.ac.uk")
        assert emily.attribute_map()["country"] == "United Kingdom"


def test_generic_csv_with_a_mapping_matches_people_by_email(store: Store, io_dir: Path) -> None:
    first = _import(store, "csv", io_dir / "people_common_names.csv")
    mapped = _import(
        store,
        "csv",
        io_dir / "people_generic.csv",
        mapping={
            "name": "Full name",
            "organization": "Employer",
            "emails": "E-mail",
            "industry": "Sector",
            "attributes.country": "Land",
            "expertise": "Skills",
            "connected_on": "Since",
        },
    )
    assert (first.created, mapped.created, mapped.updated) == (2, 0, 2)
    with store.reading() as session:
        owner = owner_account(session, "me")
        martin = get_person(session, owner, "JL.Martin@airbus.example")
        assert martin.tag_set("expertise") == ["flight testing"]
        assert martin.connected_on is not None
        assert martin.connected_on.isoformat() == "2022-02-03"
        assert martin.attribute_map() == {"country": "France"}


MALFORMED = [
    # kind, file, line, field, message
    ("linkedin", "linkedin_bad_rows.csv", 6, None, "row has 8 fields"),
    ("linkedin", "linkedin_unterminated_quote.csv", 6, None, "never closed"),
    ("linkedin", "linkedin_wrong_header.csv", 4, "First Name", "not a LinkedIn"),
    ("vcard", "vcard_broken.vcf", 12, "TITLE", "TITLE Architect"),
]


def test_malformed_file_names_file_line_field_and_leaves_the_store_as_before(
    store: Store, io_dir: Path
) -> None:
    # one store for all the files: a database per case would only cost time
    _import(store, "vcard", io_dir / "contacts.vcf")
    before = archive_text(store)
    for kind, name, line, field, message in MALFORMED:
        path = io_dir / "malformed" / name
        with pytest.raises(InputError, match=message) as raised:
            with store.transaction() as session:
                owner = owner_account(session, "me")
                # a good file first, in the same transaction: it must be rolled back too
                import_file(session, owner, "google", io_dir / "google_contacts.csv")
                import_file(session, owner, kind, path)
        error = raised.value
        assert (error.source, error.line, error.field) == (str(path), line, field), name
        assert name in str(error)
        assert f"line {line}" in str(error)
        assert archive_text(store) == before, name


def test_skip_bad_rows_imports_the_rest_and_reports_what_was_skipped(
    store: Store, io_dir: Path
) -> None:
    path = io_dir / "malformed" / "linkedin_bad_rows.csv"
    report = _import(store, "linkedin", path, skip_bad_rows=True)
    assert report.created == 2
    assert sorted(_names(store)) == ["Ana López", "Kwame Mensah"]
    assert [(i.line, i.field) for i in report.skipped] == [(6, None), (8, "Connected On")]
    assert all(i.source == str(path) for i in report.skipped)
    assert "19/08/2025" in str(report.skipped[1])


def test_skip_bad_rows_in_a_vcard_keeps_the_good_cards(store: Store, io_dir: Path) -> None:
    report = _import(store, "vcard", io_dir / "malformed" / "vcard_broken.vcf", skip_bad_rows=True)
    assert (report.created, report.n_skipped) == (1, 3)
    assert _names(store) == ["Mei Chen-Wong"]


def test_unknown_import_kind_is_refused(store: Store, io_dir: Path) -> None:
    with pytest.raises(InputError, match="unknown import kind 'excel'"):
        _import(store, "excel", io_dir / "contacts.vcf")
    with store.reading() as session:
        assert session.scalar(select(func.count(Person.id))) == 0


def test_a_card_whose_emails_belong_to_two_people_is_an_input_error_or_skipped(
    store: Store, io_dir: Path, tmp_path: Path
) -> None:
    # LinkedIn knows Rajesh by his work address; a second record holds his home
    # address; the vCard gives both addresses on one card
    _import(store, "linkedin", io_dir / "linkedin_connections.csv")
    with store.transaction() as session:
        owner = owner_account(session, "me")
        other = add_person(
            session, owner, PersonFields(name="R. Patel", emails=["raj@home.example"])
        )
        other_id = other.id
    vcard = (io_dir / "contacts.vcf").read_bytes().decode("utf-8")  # CRLF kept
    work = "EMAIL;type=INTERNET;type=HOME;type=pref:RAJ.PATEL@example.com\r\n"
    assert work in vcard
    path = tmp_path / "contacts.vcf"
    path.write_bytes(
        vcard.replace(work, work + "EMAIL;type=INTERNET:raj@home.example\r\n").encode()
    )
    before = archive_text(store)
    with pytest.raises(
        InputError, match=rf"raj@home\.example belongs to R\. Patel \(id {other_id}\)"
    ):
        _import(store, "vcard", path)
    assert archive_text(store) == before
    report = _import(store, "vcard", path, skip_bad_rows=True)
    assert [(i.source, i.line, i.field) for i in report.skipped] == [(str(path), 25, "email")]
    assert (report.created, report.updated) == (2, 3)  # Raj's card left out, the rest in
    with store.reading() as session:
        owner = owner_account(session, "me")
        assert [e.email for e in get_person(session, owner, other_id).emails] == [
            "raj@home.example"
        ]
        assert get_person(session, owner, "raj.patel@example.com").phone is None


def test_a_value_too_long_for_its_column_is_an_input_error_on_every_backend(
    store: Store, tmp_path: Path
) -> None:
    # PostgreSQL refuses a varchar overflow that SQLite would keep: both must say so alike
    path = tmp_path / "people.csv"
    role = "Head of Innovation, " * 20
    path.write_text(
        "Name,Title,Company\n"
        "Ana López,Head of Innovation,Hospital Clínic de Barcelona\n"
        f'Raj Patel,"{role}",Tata Consultancy Services\n'
        "Mei Chen,Design Lead,IDEO\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"role is 399 characters long, at most 300") as raised:
        _import(store, "csv", path)
    assert (raised.value.source, raised.value.line, raised.value.field) == (str(path), 3, "role")
    assert _names(store) == []
    report = _import(store, "csv", path, skip_bad_rows=True)
    assert [(i.line, i.field) for i in report.skipped] == [(3, "role")]
    assert sorted(_names(store)) == ["Ana López", "Mei Chen"]
