"""vCard 3.0 and 4.0 files as Apple, Google and Nextcloud export them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import vobject

from salon.errors import InputError
from salon.io import RelatedRecord, read_vcard


@pytest.fixture
def contacts(fixtures: Path) -> Path:
    return fixtures / "io" / "contacts.vcf"


def test_every_card_is_read_at_the_line_of_its_begin(contacts: Path) -> None:
    text = contacts.read_bytes().decode()
    begins = [n for n, line in enumerate(text.split("\r\n"), start=1) if line == "BEGIN:VCARD"]
    records = read_vcard(contacts).records
    assert [r.line for r in records] == begins
    assert len(records) == sum(1 for _ in vobject.readComponents(text)) == 6


def test_fixture_is_rfc_shaped_crlf_and_folded(contacts: Path) -> None:
    data = contacts.read_bytes()
    assert b"\r\n " in data  # folded lines
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))


def test_folded_lines_are_unfolded_and_escapes_decoded(contacts: Path) -> None:
    ana = read_vcard(contacts).records[0]
    assert ana.bio == (
        "Met at the Health Hackathon 2026 in Barcelona. Runs the hospital's open-innovation "
        "programme and wants to learn how logistics companies schedule work, to apply it to "
        "operating theatres."
    )


def test_apple_card_with_item_groups(contacts: Path) -> None:
    ana = read_vcard(contacts).records[0]
    assert ana.name == "Dr. Ana Lopez"
    assert (ana.first_name, ana.last_name) == ("Ana", "Lopez")
    assert ana.emails == ("ana.lopez@clinic.example", "ana.lopez.personal@example.org")
    assert ana.phones == ("+34 600 123 456",)
    assert ana.organization == "Hospital Clínic de Barcelona"  # ORG's first component
    assert ana.role == "Head of Innovation"
    assert ana.url is None
    assert ana.urls == ("https://ana-lopez.example.org",)
    assert ana.attributes == {"country": "Spain", "categories": "health, meetup"}
    assert ana.tags == ("health", "meetup")
    assert ana.related == (RelatedRecord(name="Lucía Fernández Ruiz", uri=None, kind="colleague"),)


def test_a_linkedin_url_becomes_the_profile_url(contacts: Path) -> None:
    records = {r.name: r for r in read_vcard(contacts).records}
    mei = records["Mei Chen-Wong"]
    assert mei.url == "https://linkedin.com/in/mei-chen-design"
    assert mei.urls == ("https://chenwong.studio",)
    assert mei.tags == ("design",)  # Google's myContacts is not a tag
    lucia = records["Lucía Fernández Ruiz"]
    assert lucia.url == "https://linkedin.com/in/lucia-fernandez-ruiz"


def test_vcard4_card_with_related_pref_and_rfc6715_properties(contacts: Path) -> None:
    lucia = {r.name: r for r in read_vcard(contacts).records}["Lucía Fernández Ruiz"]
    assert lucia.emails == ("lucia.fernandez@ecoalf.example", "lucia.fr@example.es")  # PREF=1 first
    assert lucia.phones == ("+34-611-222-333",)  # tel: URI scheme dropped
    assert lucia.organization == "Ecoalf"
    assert lucia.expertise == ("recycled textiles", "life-cycle assessment")
    assert lucia.interests == ("ocean plastics", "surfing")
    assert lucia.tags == ("circular economy", "meetup")
    assert lucia.related == (
        RelatedRecord(name="Ana López", uri=None, kind="colleague"),
        RelatedRecord(name=None, uri="mailto:tomas.novak@example.cz", kind="friend"),
    )


def test_apple_related_names_take_their_label_as_kind(contacts: Path) -> None:
    records = {r.name: r for r in read_vcard(contacts).records}
    assert records["Tomáš Novák"].related == (
        RelatedRecord(name="Kwame Mensah", uri=None, kind="met"),
    )
    assert records["Tomáš Novák"].tags == ("mobility",)  # starred is not a tag either
    assert records["Raj Patel"].related == (RelatedRecord(name="Priya Patel", uri=None, kind=None),)


def test_lf_line_ends_and_a_bom_change_nothing(contacts: Path, tmp_path: Path) -> None:
    variant = tmp_path / "contacts.vcf"
    variant.write_bytes(b"\xef\xbb\xbf" + contacts.read_bytes().replace(b"\r\n", b"\n"))
    strip = [(r.line, r.name, r.emails, r.bio, r.related) for r in read_vcard(contacts).records]
    assert [
        (r.line, r.name, r.emails, r.bio, r.related) for r in read_vcard(variant).records
    ] == strip


def test_a_broken_card_raises_with_its_line_and_property(fixtures: Path) -> None:
    path = fixtures / "io" / "malformed" / "vcard_broken.vcf"
    with pytest.raises(InputError, match="TITLE Architect") as caught:
        read_vcard(path)
    assert (caught.value.source, caught.value.line, caught.value.field) == (str(path), 12, "TITLE")


def test_bad_cards_are_listed_when_skipped(fixtures: Path) -> None:
    path = fixtures / "io" / "malformed" / "vcard_broken.vcf"
    parsed = read_vcard(path, skip_bad_rows=True)
    assert [r.name for r in parsed.records] == ["Mei Chen-Wong"]
    assert [(i.line, i.field) for i in parsed.skipped] == [(12, "TITLE"), (15, "FN"), (20, None)]
    assert "neither FN nor N" in parsed.skipped[1].message
    assert "not closed" in parsed.skipped[2].message


def _card_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "one.vcf"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_card_with_only_n_takes_its_name_from_n(tmp_path: Path) -> None:
    path = _card_file(tmp_path, "BEGIN:VCARD\nVERSION:3.0\nN:López;Ana;María;Dr.;PhD\nEND:VCARD\n")
    (record,) = read_vcard(path).records
    assert (record.name, record.first_name, record.last_name) == ("Ana María López", "Ana", "López")


def test_a_bad_email_names_the_property(tmp_path: Path) -> None:
    path = _card_file(
        tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nEMAIL:ana(at)example.org\nEND:VCARD\n"
    )
    with pytest.raises(InputError) as caught:
        read_vcard(path)
    assert (caught.value.line, caught.value.field) == (1, "EMAIL")


def test_text_outside_a_card_is_reported(tmp_path: Path) -> None:
    body = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nEND:VCARD\n"
        "stray text\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Raj\nEND:VCARD\n"
    )
    path = _card_file(tmp_path, body)
    with pytest.raises(InputError, match="outside") as caught:
        read_vcard(path)
    assert caught.value.line == 5
    parsed = read_vcard(path, skip_bad_rows=True)
    assert [r.name for r in parsed.records] == ["Ana", "Raj"]


def test_a_broken_folded_line_points_at_its_first_physical_line(tmp_path: Path) -> None:
    body = "BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nNOTE;LANG\n UAGE=en no colon\nEND:VCARD\n"
    with pytest.raises(InputError, match="NOTE;LANGUAGE=en no colon") as caught:
        read_vcard(_card_file(tmp_path, body))
    assert (caught.value.line, caught.value.field) == (4, "NOTE")


def test_same_people_overlap_the_linkedin_fixture_as_documented(
    contacts: Path, fixtures: Path
) -> None:
    """The fixture design the services' import test relies on (see the io report)."""
    from salon.io import normalise_name, read_linkedin

    linkedin = read_linkedin(fixtures / "io" / "linkedin_connections.csv").records
    by_email = {e: r.name for r in linkedin for e in r.emails}
    by_url = {r.url: r.name for r in linkedin if r.url}
    by_name_org = {(normalise_name(r.name), r.organization): r.name for r in linkedin}
    matches = {}
    for card in read_vcard(contacts).records:
        keys = {
            "email": next((by_email[e] for e in card.emails if e in by_email), None),
            "url": by_url.get(card.url) if card.url else None,
            "name+org": by_name_org.get((normalise_name(card.name), card.organization)),
        }
        found = {kind: name for kind, name in keys.items() if name}
        if found:
            assert len(set(found.values())) == 1
            matches[card.name] = (next(iter(found.values())), sorted(found))
    assert matches == {
        "Dr. Ana Lopez": ("Ana López", ["name+org"]),
        "Raj Patel": ("Rajesh Patel", ["email"]),
        "Mei Chen-Wong": ("Mei Chen", ["url"]),
        "Soren Kierkegaard Holm": ("Søren Kierkegaard-Holm", ["name+org"]),
    }
    assert re.search(r"Lucía|Tomáš", " ".join(r.name for r in read_vcard(contacts).records))


def test_an_empty_email_property_is_ignored(tmp_path: Path) -> None:
    body = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nEMAIL;TYPE=INTERNET:\nEMAIL:ana@example.org\nEND:VCARD\n"
    )
    (record,) = read_vcard(_card_file(tmp_path, body)).records
    assert record.emails == ("ana@example.org",)
