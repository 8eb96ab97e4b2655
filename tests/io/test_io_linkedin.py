"""LinkedIn Connections.csv, both layouts, on fixtures in the export's own bytes."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import pytest

from salon.errors import InputError
from salon.io import LINKEDIN_COLUMNS, PersonRecord, read_linkedin


@pytest.fixture
def current(fixtures: Path) -> Path:
    return fixtures / "io" / "linkedin_connections.csv"


def _rows_by_csv_module(path: Path, skip: int) -> list[dict[str, str]]:
    """Reference reading: skip the preamble by hand, then csv.DictReader."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for _ in range(skip):
            handle.readline()
        return list(csv.DictReader(handle))


def _without_source(records: list[PersonRecord]) -> list[tuple[object, ...]]:
    return [
        (r.line, r.name, r.emails, r.organization, r.role, r.url, r.connected_on) for r in records
    ]


def test_current_export_reads_every_connection_after_the_notes_preamble(current: Path) -> None:
    parsed = read_linkedin(current)
    reference = _rows_by_csv_module(current, skip=3)
    assert parsed.skipped == []
    assert [r.name for r in parsed.records] == [
        f"{row['First Name']} {row['Last Name']}" for row in reference
    ]
    assert [r.organization for r in parsed.records] == [row["Company"] for row in reference]
    assert [r.role for r in parsed.records] == [row["Position"] for row in reference]
    assert len(parsed.records) == 8


def test_current_export_fields(current: Path) -> None:
    records = {r.name: r for r in read_linkedin(current).records}
    ana = records["Ana López"]
    assert (ana.first_name, ana.last_name) == ("Ana", "López")
    assert ana.url == "https://linkedin.com/in/ana-lopez-4b2a1c"
    assert ana.emails == ()
    assert ana.connected_on == datetime.date(2026, 11, 26)
    assert ana.source == str(current)
    assert records["Rajesh Patel"].emails == ("raj.patel@example.com",)
    assert records["Mei Chen"].role == "Design Lead, Health"
    assert records["François Dubois"].organization == "Danone, S.A."
    assert records["Emily O'Brien, PhD"].last_name == "O'Brien, PhD"


def test_records_carry_the_physical_line_they_start_on(current: Path) -> None:
    lines = current.read_text(encoding="utf-8").splitlines()
    for record in read_linkedin(current).records:
        assert lines[record.line - 1].startswith(f"{record.first_name},")


def test_bom_and_crlf_change_nothing(current: Path, tmp_path: Path) -> None:
    variant = tmp_path / "Connections.csv"
    variant.write_bytes(b"\xef\xbb\xbf" + current.read_bytes().replace(b"\n", b"\r\n"))
    assert _without_source(read_linkedin(variant).records) == _without_source(
        read_linkedin(current).records
    )


def test_a_multi_line_notes_paragraph_shifts_line_numbers(current: Path, tmp_path: Path) -> None:
    text = current.read_text(encoding="utf-8")
    variant = tmp_path / "Connections.csv"
    variant.write_text(
        text.replace("are missing. ", "are missing.\n").replace(
            "email address ", "email address\n", 1
        ),
        encoding="utf-8",
    )
    before = read_linkedin(current).records
    after = read_linkedin(variant).records
    assert [r.name for r in after] == [r.name for r in before]
    assert [r.line for r in after] == [r.line + 2 for r in before]


def test_older_layout_without_preamble_or_url(fixtures: Path) -> None:
    path = fixtures / "io" / "linkedin_connections_2019.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbfFirst Name,Last Name,Email Address,")
    parsed = read_linkedin(path)
    assert [(r.line, r.name, r.url) for r in parsed.records] == [
        (2, "Ana López", None),
        (3, "Rajesh Patel", None),
        (4, "Jon Snow", None),
        (5, "Grace Hopper-Smith", None),
    ]
    assert parsed.records[3].organization == "US Navy, Reserve"
    assert parsed.records[3].emails == ("grace@navy.example.mil",)
    assert parsed.records[2].organization is None
    assert parsed.records[1].connected_on == datetime.date(2017, 3, 14)


def test_another_file_of_the_archive_is_refused_with_its_line_and_column(fixtures: Path) -> None:
    # Invitations.csv sits beside Connections.csv in the same LinkedIn archive
    path = fixtures / "io" / "malformed" / "linkedin_invitations.csv"
    for skip in (False, True):
        with pytest.raises(InputError) as caught:
            read_linkedin(path, skip_bad_rows=skip)
        assert (caught.value.source, caught.value.line, caught.value.field) == (
            str(path),
            1,
            "First Name",
        )
        assert ",".join(LINKEDIN_COLUMNS) in caught.value.message
        assert "From,To,Sent At" in caught.value.message


def test_a_header_in_another_language_is_refused_after_the_preamble(fixtures: Path) -> None:
    path = fixtures / "io" / "malformed" / "linkedin_wrong_header.csv"
    with pytest.raises(InputError, match="not a LinkedIn connections header") as caught:
        read_linkedin(path)
    assert (caught.value.line, caught.value.field) == (4, "First Name")
    assert "Vorname" in caught.value.message


def test_a_bad_header_after_the_preamble_names_its_line(current: Path, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        current.read_text(encoding="utf-8").replace("Connected On", "Connected"), encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        read_linkedin(path)
    assert (caught.value.line, caught.value.field) == (4, "Connected On")


def test_a_google_file_is_not_taken_for_a_linkedin_one(fixtures: Path) -> None:
    with pytest.raises(InputError, match="not a LinkedIn connections header") as caught:
        read_linkedin(fixtures / "io" / "google_contacts.csv")
    assert caught.value.line == 1


def test_an_unterminated_quote_names_the_row_where_it_opens(fixtures: Path) -> None:
    path = fixtures / "io" / "malformed" / "linkedin_unterminated_quote.csv"
    with pytest.raises(InputError, match="unterminated quote") as caught:
        read_linkedin(path)
    assert (caught.value.source, caught.value.line) == (str(path), 6)
    # the open quote swallows the rest of the file, so only the rows before it survive
    parsed = read_linkedin(path, skip_bad_rows=True)
    assert [r.name for r in parsed.records] == ["Ana López"]
    assert [(i.line, i.field) for i in parsed.skipped] == [(6, None)]


def test_bad_rows_raise_by_default_and_are_listed_when_skipped(fixtures: Path) -> None:
    path = fixtures / "io" / "malformed" / "linkedin_bad_rows.csv"
    with pytest.raises(InputError, match=r"8 fields but the header \(line 4\) has 7") as caught:
        read_linkedin(path)
    assert (caught.value.line, caught.value.field) == (6, None)
    assert "'30 Sep 2021'" in caught.value.message

    parsed = read_linkedin(path, skip_bad_rows=True)
    assert [r.name for r in parsed.records] == ["Ana López", "Kwame Mensah"]
    assert [(i.source, i.line, i.field) for i in parsed.skipped] == [
        (str(path), 6, None),
        (str(path), 8, "Connected On"),
    ]
    assert "19/08/2025" in parsed.skipped[1].message
    assert str(parsed.skipped[1]).startswith(f"{path}, line 8, field 'Connected On': ")


def _one_row(tmp_path: Path, row: str) -> Path:
    path = tmp_path / "Connections.csv"
    path.write_text(",".join(LINKEDIN_COLUMNS) + "\n" + row + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (",,https://www.linkedin.com/in/x,,Acme,CEO,01 Jan 2020", "First Name"),
        (
            "Ana,López,https://www.linkedin.com/in/x,ana at example,Acme,CEO,01 Jan 2020",
            "Email Address",
        ),
        ("Ana,López,mailto:ana@example.org,,Acme,CEO,01 Jan 2020", "URL"),
        ("Ana,López,,,Acme,CEO,31 Feb 2020", "Connected On"),
        ('Ana,"López"x,,,Acme,CEO,01 Jan 2020', None),
    ],
)
def test_a_bad_value_names_its_column(tmp_path: Path, row: str, field: str | None) -> None:
    with pytest.raises(InputError) as caught:
        read_linkedin(_one_row(tmp_path, row))
    assert (caught.value.line, caught.value.field) == (2, field)


def test_trailing_empty_cells_are_not_too_many_fields(tmp_path: Path) -> None:
    parsed = read_linkedin(_one_row(tmp_path, "Ana,López,,,Acme,CEO,01 Jan 2020,,"))
    assert parsed.records[0].name == "Ana López"


def test_a_file_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(
        (",".join(LINKEDIN_COLUMNS) + "\nAna,Lopez,,,Acme,CEO,01 Jan 2020\n").encode()
        + "François,Dubois,,,Danone,CEO,01 Jan 2020\n".encode("latin-1")
    )
    with pytest.raises(InputError, match="not UTF-8") as caught:
        read_linkedin(path)
    assert caught.value.line == 3


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_linkedin(tmp_path / "nope.csv")


def test_an_empty_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="the file is empty"):
        read_linkedin(path)
