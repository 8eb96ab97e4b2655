"""Any CSV of people, with a column mapping or by common names; and the people CSV."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from salon.errors import InputError
from salon.io import (
    PEOPLE_CSV_COLUMNS,
    PERSON_FIELDS,
    read_generic_csv,
    read_linkedin,
    read_members_csv,
    read_vcard,
    write_people_csv,
)

MAPPING = {
    "name": "Full name",
    "organization": "Employer",
    "role": "Job",
    "email": "E-mail",
    "industry": "Sector",
    "attributes.country": "Land",
    "expertise": "Skills",
    "connected_on": "Since",
}


def test_a_mapping_reads_a_semicolon_separated_file(fixtures: Path) -> None:
    amara, jean_luc = read_generic_csv(fixtures / "io" / "people_generic.csv", MAPPING).records
    assert (amara.line, amara.name, amara.organization, amara.role) == (
        2,
        "Amara Okafor",
        "Lagos Business School",
        "Lecturer",
    )
    assert amara.emails == ("amara.okafor@lbs.example",)
    assert amara.industry == "Education"
    assert amara.attributes == {"country": "Nigeria"}
    assert amara.expertise == ("negotiation", "family business")
    assert amara.connected_on == datetime.date(2024, 5, 17)
    assert jean_luc.connected_on == datetime.date(2022, 2, 3)


def test_mapping_columns_match_case_insensitively(fixtures: Path) -> None:
    mapping = {"name": "FULL NAME", "organization": "employer"}
    (amara, _) = read_generic_csv(fixtures / "io" / "people_generic.csv", mapping).records
    assert (amara.name, amara.organization, amara.role) == (
        "Amara Okafor",
        "Lagos Business School",
        None,
    )


def test_an_unknown_field_is_named_and_the_valid_ones_listed(fixtures: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_generic_csv(
            fixtures / "io" / "people_generic.csv", {"name": "Full name", "employer": "Employer"}
        )
    assert caught.value.field == "employer"
    assert "'employer'" in caught.value.message
    for valid in PERSON_FIELDS:
        assert valid in caught.value.message
    assert "attributes.<name>" in caught.value.message


def test_a_mapped_column_missing_from_the_header_is_named(fixtures: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_generic_csv(fixtures / "io" / "people_generic.csv", {"name": "Name"})
    assert (caught.value.line, caught.value.field) == (1, "Name")
    assert "Full name" in caught.value.message


def test_without_a_mapping_common_column_names_are_recognised(fixtures: Path) -> None:
    amara, jean_luc = read_generic_csv(fixtures / "io" / "people_common_names.csv").records
    assert amara.url == "https://linkedin.com/in/amara-okafor"
    assert amara.tags == ("teaching", "family business")
    assert (amara.industry, amara.discipline) == ("Education", "Management")
    assert amara.attributes == {"country": "Nigeria"}
    assert amara.bio == "Runs the family business case clinic"
    assert jean_luc.emails == ("jl.martin@airbus.example",)
    assert jean_luc.url is None
    assert jean_luc.tags == ()


def test_without_a_name_column_the_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Employer,E-mail\nAirbus,jl@airbus.example\n", encoding="utf-8")
    with pytest.raises(InputError, match="no column gives a name") as caught:
        read_generic_csv(path)
    assert caught.value.line == 1


def test_bad_values_name_the_file_column(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "Name,Email,Since\nAna,ana@example.org,2026-11-26\nRaj,raj@example.org,26/11/2026\n,x@y.org,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_generic_csv(path)
    assert (caught.value.line, caught.value.field) == (3, "Since")
    parsed = read_generic_csv(path, skip_bad_rows=True)
    assert [r.name for r in parsed.records] == ["Ana"]
    assert [(i.line, i.field) for i in parsed.skipped] == [(3, "Since"), (4, "Name")]


def test_people_csv_round_trips_through_the_generic_reader(fixtures: Path, tmp_path: Path) -> None:
    people = [
        *read_linkedin(fixtures / "io" / "linkedin_connections.csv").records,
        *read_vcard(fixtures / "io" / "contacts.vcf").records,
    ]
    path = tmp_path / "people.csv"
    assert write_people_csv(people, path) == len(people)
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(PEOPLE_CSV_COLUMNS)
    back = read_generic_csv(path).records
    assert [(r.name, r.emails[:1], r.organization, r.role, r.url, r.tags) for r in back] == [
        (p.name, p.emails[:1], p.organization, p.role, p.url, p.tags) for p in people
    ]


def test_people_csv_accepts_mappings_and_joins_tags(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    rows = [
        {
            "id": 7,
            "name": "Ana López",
            "emails": ["ana@example.org", "b@example.org"],
            "tags": ["health", "meetup"],
        },
        {"id": 8, "name": "Raj", "email": "raj@example.com", "tags": "tech"},
    ]
    write_people_csv(rows, path)
    assert path.read_text(encoding="utf-8").splitlines()[1:] == [
        "7,Ana López,ana@example.org,,,,,,health; meetup",
        "8,Raj,raj@example.com,,,,,,tech",
    ]


def test_people_csv_to_an_unwritable_place_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write"):
        write_people_csv([], tmp_path / "missing-dir" / "people.csv")


def test_a_utf16_tab_separated_export_reads_like_utf8(fixtures: Path, tmp_path: Path) -> None:
    source = fixtures / "io" / "people_generic.csv"
    path = tmp_path / "people.txt"
    path.write_bytes(source.read_text(encoding="utf-8").replace(";", "\t").encode("utf-16"))
    expected = read_generic_csv(source, MAPPING).records
    got = read_generic_csv(path, MAPPING).records
    assert [(r.line, r.name, r.expertise, r.connected_on) for r in got] == [
        (r.line, r.name, r.expertise, r.connected_on) for r in expected
    ]


def test_a_row_without_a_last_name_is_named_by_the_mapped_column(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Surname,Mail\nOkafor,a@lbs.example\n,b@lbs.example\n", encoding="utf-8")
    with pytest.raises(InputError, match="no name") as caught:
        read_generic_csv(path, {"last_name": "Surname", "email": "Mail"})
    assert (caught.value.line, caught.value.field) == (3, "Surname")


INTENTS = ("learn", "pitch", "both")


def test_a_member_list_keeps_each_rows_intent_in_any_case_and_empty_as_both(
    tmp_path: Path,
) -> None:
    path = tmp_path / "members.csv"
    path.write_text(
        "Name;E-mail;Industry;Intent\n"
        "Ana López;ana@biolab.org;biotech;LEARN\n"
        "\n"
        "Raj Patel;raj@paylane.io;fintech;pitch\n"
        "Mia Chen;;logistics;\n",
        encoding="utf-8",
    )
    members = read_members_csv(path, INTENTS)
    assert [(m.person.name, m.person.line, m.intent) for m in members] == [
        ("Ana López", 2, "learn"),
        ("Raj Patel", 4, "pitch"),
        ("Mia Chen", 5, "both"),
    ]
    assert members[0].person.emails == ("ana@biolab.org",)
    assert members[1].person.industry == "fintech"


def test_a_member_list_without_an_intent_column_means_both(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_text("name,organization\nAna López,Biolab\n", encoding="utf-8")
    assert [m.intent for m in read_members_csv(path, INTENTS)] == ["both"]


def test_an_unknown_intent_names_the_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_text("name,Intent\nAna López,learn\nRaj Patel,lurk\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_members_csv(path, INTENTS)
    assert (caught.value.source, caught.value.line, caught.value.field) == (str(path), 3, "Intent")
    assert "unknown intent 'lurk'; expected one of learn, pitch, both" in str(caught.value)
