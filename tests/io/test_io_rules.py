"""One set of rules for every importer: encodings, sizes, control characters, headers."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from salon.errors import InputError
from salon.io import (
    read_generic_csv,
    read_google_csv,
    read_linkedin,
    read_notes_jsonl,
    read_vcard,
    rules,
)
from salon.io.rules import MAX_FIELD_CHARS, MAX_JSON_DEPTH, load_json, strip_controls

Reader = Callable[[Path], Any]

# (reader, fixture file) for every format that reads people or notes from a file
READERS: dict[str, tuple[Reader, str]] = {
    "linkedin": (read_linkedin, "linkedin_connections.csv"),
    "google": (read_google_csv, "google_contacts.csv"),
    "csv": (read_generic_csv, "people_generic.csv"),
    "vcard": (read_vcard, "contacts.vcf"),
    "notes": (read_notes_jsonl, "notes.jsonl"),
}


def _records(parsed: Any) -> list[Any]:
    return list(parsed.records)


@pytest.fixture(params=sorted(READERS))
def reader(request: pytest.FixtureRequest, fixtures: Path) -> tuple[Reader, Path]:
    read, name = READERS[request.param]
    return read, fixtures / "io" / name


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_every_reader_reads_every_unicode_encoding_by_its_bom(
    reader: tuple[Reader, Path], tmp_path: Path, bom: bytes, codec: str
) -> None:
    read, fixture = reader
    text = fixture.read_bytes().decode("utf-8-sig")
    copy = tmp_path / fixture.name
    copy.write_bytes(bom + text.encode(codec))
    expected = [(r.line, getattr(r, "name", None)) for r in _records(read(fixture))]
    assert [(r.line, getattr(r, "name", None)) for r in _records(read(copy))] == expected


def test_every_reader_refuses_latin_1_naming_the_line(
    reader: tuple[Reader, Path], tmp_path: Path
) -> None:
    read, fixture = reader
    lines = fixture.read_bytes().decode("utf-8-sig").split("\n")
    lines[2] = lines[2] + "é"
    copy = tmp_path / fixture.name
    copy.write_bytes("\n".join(lines).encode("latin-1", errors="replace"))
    with pytest.raises(InputError, match="not UTF-8") as caught:
        read(copy)
    assert caught.value.source == str(copy)
    assert caught.value.line is not None
    assert caught.value.line <= 3


@pytest.mark.parametrize("content", [b"", b"   \n\r\n\t\n", codecs.BOM_UTF8 + b"\n"])
def test_every_reader_refuses_an_empty_file_alike(
    reader: tuple[Reader, Path], tmp_path: Path, content: bytes
) -> None:
    read, fixture = reader
    copy = tmp_path / fixture.name
    copy.write_bytes(content)
    with pytest.raises(InputError, match="the file is empty") as caught:
        read(copy)
    assert caught.value.source == str(copy)


def test_every_reader_drops_nul_and_escape_characters(
    reader: tuple[Reader, Path], tmp_path: Path
) -> None:
    read, fixture = reader
    text = fixture.read_bytes().decode("utf-8-sig")
    copy = tmp_path / fixture.name
    lines = text.split("\n")
    header = next((i for i, line in enumerate(lines) if "name" in line.casefold()), 0)
    if fixture.suffix != ".csv":
        header = -1
    # NUL, ESC, BEL, DEL and a C1 CSI inside the values after the header
    lines[header + 1 :] = [
        line.replace("o", "o\x00\x1b\x07\x7f\x9b") for line in lines[header + 1 :]
    ]
    copy.write_text("\n".join(lines), encoding="utf-8")

    def comparable(records: list[Any]) -> list[list[Any]]:
        return [[v for v in _values(r) if v != str(copy) and v != str(fixture)] for r in records]

    assert comparable(_records(read(copy))) == comparable(_records(read(fixture)))


def _values(record: Any) -> list[Any]:
    return [getattr(record, slot) for slot in type(record).__slots__]


def test_every_csv_reader_refuses_a_repeated_column(fixtures: Path, tmp_path: Path) -> None:
    for read, name in (
        (read_linkedin, "linkedin_connections.csv"),
        (read_google_csv, "google_contacts.csv"),
        (read_generic_csv, "people_generic.csv"),
    ):
        text = (fixtures / "io" / name).read_bytes().decode("utf-8-sig")
        lines = text.split("\n")
        header_index = next(i for i, line in enumerate(lines) if "Name" in line or "name" in line)
        header = lines[header_index].rstrip("\r")
        delimiter = ";" if header.count(";") > header.count(",") else ","
        first = header.split(delimiter)[0]
        # the same name in other letter case and spacing is the same column
        lines[header_index] = header + delimiter + " " + first.upper() + "\r"
        copy = tmp_path / name
        copy.write_text("\n".join(lines), encoding="utf-8")
        with pytest.raises(InputError, match="twice") as caught:
            read(copy)
        assert caught.value.line == header_index + 1
        assert caught.value.field is not None
        assert caught.value.field.strip('"').casefold() == first.strip('"').casefold()


def test_an_oversized_csv_cell_names_the_limit_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        f"name,bio\nAna López,short\nBo Chen,{'x' * (MAX_FIELD_CHARS + 1)}\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="MAX_FIELD_CHARS") as caught:
        read_generic_csv(path)
    assert (caught.value.line, caught.value.field) == (3, "bio")


def test_a_huge_csv_cell_is_refused_by_the_same_limit(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(f'name,bio\nBo Chen,"{"x" * 200_000}"\n', encoding="utf-8")
    with pytest.raises(InputError, match="MAX_FIELD_CHARS") as caught:
        read_generic_csv(path)
    assert caught.value.line == 2


def test_an_oversized_vcard_note_is_refused_before_parsing(tmp_path: Path) -> None:
    note = "NOTE:" + "y" * 70 + "".join("\r\n " + "y" * 74 for _ in range(2000))
    path = tmp_path / "big.vcf"
    path.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana López\r\n{note}\r\nEND:VCARD\r\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="MAX_FIELD_CHARS") as caught:
        read_vcard(path)
    assert (caught.value.line, caught.value.field) == (4, "NOTE")


def test_an_oversized_note_text_is_refused_naming_the_key(tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    path.write_text(
        '{"id": "n1", "person": "Ana", "text": "ok"}\n'
        f'{{"id": "n2", "person": "Ana", "text": "{"z" * (MAX_FIELD_CHARS + 1)}"}}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="MAX_FIELD_CHARS") as caught:
        read_notes_jsonl(path)
    assert (caught.value.line, caught.value.field) == (2, "text")


def test_json_escapes_for_control_characters_are_dropped_too(tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    path.write_text(
        '{"id": "n1", "person": "Ana\\u0000 L\\u001b]0;pwned\\u0007", "text": "a\\u0000b"}\n',
        encoding="utf-8",
    )
    (note,) = read_notes_jsonl(path).records
    assert (note.person, note.text) == ("Ana L]0;pwned", "ab")


def test_json_rules_nesting_and_repeated_keys() -> None:
    deep = "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)
    with pytest.raises(InputError, match="MAX_JSON_DEPTH"):
        load_json(deep, "a.json")
    very_deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(InputError, match="MAX_JSON_DEPTH"):
        load_json(very_deep, "a.json")
    assert load_json("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH, "a.json") is not None
    with pytest.raises(InputError, match="repeats the key 'name'") as caught:
        load_json('{"people": [{"name": "a", "name": "b"}]}', "a.json")
    assert caught.value.source == "a.json"


def test_strip_controls_keeps_text_tabs_and_line_ends() -> None:
    assert strip_controls("Zoë\tO'Neil\r\n\u2028✓") == "Zoë\tO'Neil\r\n\u2028✓"
    assert strip_controls("\x00\x07\x1b\x7f\x85\x9f") == ""


def test_a_linkedin_file_cut_after_its_preamble_names_the_line(
    fixtures: Path, tmp_path: Path
) -> None:
    """Found by the importers' fuzzing: this refusal named no line."""
    text = (fixtures / "io" / "linkedin_connections.csv").read_bytes().decode("utf-8-sig")
    path = tmp_path / "Connections.csv"
    path.write_text(text[: text.index("First Name")], encoding="utf-8")
    with pytest.raises(InputError, match="ends after the Notes: preamble") as caught:
        read_linkedin(path)
    assert caught.value.line is not None
    assert caught.value.line >= 2


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd"])
def test_every_importer_refuses_urls_that_are_not_http(tmp_path: Path, bad: str) -> None:
    """Only http(s) and mailto links, in every format; the refusal names line and field."""
    linkedin = tmp_path / "Connections.csv"
    linkedin.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        f'Ana,López,"{bad}",,Biolab,CSO,26 Nov 2026\n',
        encoding="utf-8",
    )
    google = tmp_path / "contacts.csv"
    google.write_text(
        f'First Name,Last Name,Website 1 - Label,Website 1 - Value\nAna,López,Profile,"{bad}"\n',
        encoding="utf-8",
    )
    people = tmp_path / "people.csv"
    people.write_text(f"name;website\nAna López;{bad}\n", encoding="utf-8")
    card = tmp_path / "contacts.vcf"
    card.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana López\r\nURL:{bad}\r\nEND:VCARD\r\n", "utf-8"
    )
    for read, path, line, field in (
        (read_linkedin, linkedin, 2, "URL"),
        (read_google_csv, google, 2, "Website 1 - Value"),
        (read_generic_csv, people, 2, "website"),
        (read_vcard, card, 1, "URL"),
    ):
        with pytest.raises(InputError, match="not an http") as caught:
            read(path)
        assert (caught.value.source, caught.value.line, caught.value.field) == (
            str(path),
            line,
            field,
        )


def test_mailto_links_are_accepted_and_not_stored_as_websites(tmp_path: Path) -> None:
    card = tmp_path / "contacts.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana López\r\nURL:mailto:ana@biolab.org\r\n"
        "URL:https://www.biolab.org/\r\nEND:VCARD\r\n",
        "utf-8",
    )
    (record,) = read_vcard(card).records
    assert record.urls == ("https://biolab.org",)


def test_utf16_without_a_byte_order_mark_is_refused_not_half_read(
    reader: tuple[Reader, Path], tmp_path: Path
) -> None:
    read, fixture = reader
    copy = tmp_path / fixture.name
    copy.write_bytes(fixture.read_bytes().decode("utf-8-sig").encode("utf-16-le"))
    with pytest.raises(InputError, match="without a byte-order mark"):
        read(copy)


def test_a_file_over_the_size_limit_is_refused_by_every_reader_naming_the_limit(
    reader: tuple[Reader, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read, fixture = reader
    copy = tmp_path / fixture.name
    copy.write_bytes(fixture.read_bytes())
    monkeypatch.setattr(rules, "MAX_FILE_BYTES", copy.stat().st_size - 1)
    with pytest.raises(InputError, match="MAX_FILE_BYTES") as caught:
        read(copy)
    assert caught.value.source == str(copy)
    monkeypatch.setattr(rules, "MAX_FILE_BYTES", copy.stat().st_size)
    assert read(copy).records


def test_a_vcard_photo_longer_than_the_field_limit_is_ignored_not_refused(tmp_path: Path) -> None:
    """Phones export contact photos as base64 in the card; salon reads no photo."""
    photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + "".join(
        ("\r\n " if n else "") + "QUFB" * 18 for n in range(2500)
    )
    path = tmp_path / "contacts.vcf"
    path.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana López\r\n{photo}\r\nEMAIL:ana@biolab.org\r\n"
        "END:VCARD\r\n",
        encoding="utf-8",
    )
    assert len(photo) > MAX_FIELD_CHARS
    (record,) = read_vcard(path).records
    assert (record.name, record.emails) == ("Ana López", ("ana@biolab.org",))
