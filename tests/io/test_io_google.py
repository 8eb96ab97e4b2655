"""Google Contacts CSV, current and legacy headers."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from salon.errors import InputError
from salon.io import RelatedRecord, read_google_csv


@pytest.fixture
def current(fixtures: Path) -> Path:
    return fixtures / "io" / "google_contacts.csv"


@pytest.fixture
def legacy(fixtures: Path) -> Path:
    return fixtures / "io" / "google_contacts_legacy.csv"


def test_current_header_reads_every_contact_at_its_line(current: Path) -> None:
    # reference: the csv module's own line counter, on the same bytes
    with current.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        starts, previous = [], reader.line_num
        for _ in reader:
            starts.append(previous + 1)
            previous = reader.line_num
    records = read_google_csv(current).records
    assert [r.line for r in records] == starts == [2, 6, 7, 8]
    assert [r.name for r in records] == ["Ana López", "Kwame Mensah", "Seun", "Hiroshi K. Tanaka"]


def test_multi_value_cells_and_the_primary_email(current: Path) -> None:
    ana = read_google_csv(current).records[0]
    # E-mail 2 is labelled "* Other": the star marks the primary address
    assert ana.emails == (
        "ana.lopez.personal@example.org",
        "ana@old-mail.example",
        "ana.lopez@clinic.example",
    )
    assert ana.phones == ("+34 600 123 456", "+34 93 227 54 00")
    assert ana.url == "https://linkedin.com/in/ana-lopez-4b2a1c"
    assert ana.urls == ("https://ana-lopez.example.org",)
    assert (
        ana.bio
        == "Met at the Health Hackathon 2026.\nWants to learn how logistics firms schedule work."
    )


def test_labels_skip_system_groups_but_keep_named_ones(current: Path) -> None:
    ana, kwame, seun, hiroshi = read_google_csv(current).records
    assert ana.tags == ("health",)
    assert kwame.tags == ("music", "coworkers")
    assert seun.tags == ("fintech",)
    assert hiroshi.tags == ()


def test_custom_fields_relations_and_addresses(current: Path) -> None:
    ana, kwame, _, _ = read_google_csv(current).records
    assert ana.industry == "Healthcare"
    assert ana.attributes == {
        "generation": "Millennial",
        "country": "Spain",
        "department": "Innovation Unit",
    }
    assert ana.organization == "Hospital Clínic de Barcelona"
    assert ana.role == "Head of Innovation"
    assert ana.related == (RelatedRecord(name="Lucía Fernández Ruiz", uri=None, kind="colleague"),)
    assert kwame.discipline == "Sound design"
    assert kwame.expertise == ("improvisation", "field recording")


def test_a_contact_with_only_a_nickname_is_named_by_it(current: Path) -> None:
    seun = read_google_csv(current).records[2]
    assert (seun.name, seun.first_name, seun.last_name) == ("Seun", None, None)
    assert seun.emails == ("seun@flutterwave.example",)


def test_legacy_header(legacy: Path) -> None:
    francois, emily = read_google_csv(legacy).records
    assert (francois.line, emily.line) == (2, 3)
    assert francois.name == "François Dubois"
    assert francois.emails == ("francois.dubois@danone.example", "fdubois@example.fr")
    assert francois.organization == "Danone, S.A."
    assert francois.role == "R&D Director"
    assert francois.url == "https://linkedin.com/in/fdubois"
    assert francois.tags == ("Food science", "Meetup")
    assert emily.name == "Emily O'Brien"
    assert emily.tags == ()
    assert emily.attributes == {"country": "United Kingdom"}
    assert emily.bio is not None
    assert '"resilient"' in emily.bio


def test_line_ends_do_not_matter(current: Path, tmp_path: Path) -> None:
    variant = tmp_path / "contacts.csv"
    variant.write_bytes(current.read_bytes().removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n"))
    expected = [(r.line, r.name, r.emails, r.bio) for r in read_google_csv(current).records]
    assert [(r.line, r.name, r.emails, r.bio) for r in read_google_csv(variant).records] == expected


def test_a_file_without_name_columns_is_refused(fixtures: Path) -> None:
    with pytest.raises(InputError, match="not a Google Contacts header") as caught:
        read_google_csv(fixtures / "io" / "malformed" / "linkedin_invitations.csv")
    assert caught.value.line == 1


def test_a_bad_email_names_its_column_and_is_skippable(current: Path, tmp_path: Path) -> None:
    text = current.read_bytes().decode("utf-8-sig")
    path = tmp_path / "contacts.csv"
    path.write_text(text.replace("kwame@mensah-sound.example", "kwame at mensah"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_google_csv(path)
    assert (caught.value.line, caught.value.field) == (6, "E-mail 1 - Value")
    parsed = read_google_csv(path, skip_bad_rows=True)
    assert [r.name for r in parsed.records] == ["Ana López", "Seun", "Hiroshi K. Tanaka"]
    assert [(i.line, i.field) for i in parsed.skipped] == [(6, "E-mail 1 - Value")]


def test_a_row_without_any_name_is_a_bad_row(legacy: Path, tmp_path: Path) -> None:
    lines = legacy.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = [""] * len(header)
    row[header.index("E-mail 1 - Value")] = "who@example.org"
    path = tmp_path / "contacts.csv"
    path.write_text("\n".join([lines[0], ",".join(row)]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="no name") as caught:
        read_google_csv(path)
    assert (caught.value.line, caught.value.field) == (2, "Name")
