"""Normal forms used for duplicate matching."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon.io import normalise as normalise
from salon.io import normalise_email, normalise_name, normalise_url


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Ana López", "ana lopez"),
        ("Dr. Ana Lopez", "Ana López"),
        ("  ANA   LÓPEZ ", "ana lopez"),
        ("Søren Kierkegaard-Holm", "Soren Kierkegaard Holm"),
        ("Emily O'Brien, PhD", "Emily OBrien"),
        ("Mei Chen (she/her)", "mei chen"),
        ("François Dubois 🚀", "Francois Dubois"),
        ("Olúwaseun Adébáyọ̀", "Oluwaseun Adebayo"),
        ("Straße", "STRASSE"),
        ("Prof. Dr. Hiroshi Tanaka Jr.", "hiroshi tanaka"),
    ],
)
def test_normalise_name_equates_spellings_of_one_person(left: str, right: str) -> None:
    assert normalise_name(left) == normalise_name(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Ana López", "Ana Lopes"),
        ("Raj Patel", "Rajesh Patel"),
        ("Ma Yun", "Yun"),  # Ma is a surname, not a degree
        ("Ana M. López", "Ana N. López"),
    ],
)
def test_normalise_name_keeps_different_names_apart(left: str, right: str) -> None:
    assert normalise_name(left) != normalise_name(right)


def test_normalise_name_gives_the_documented_form() -> None:
    assert normalise_name("  Dr. Ana  López-García, PhD (she/her) ") == "ana lopez garcia"


def test_a_name_made_only_of_a_title_keeps_it() -> None:
    assert normalise_name("Dr.") == "dr"


@given(st.text(max_size=40))
def test_normalise_name_is_idempotent_and_has_no_accents_or_capitals(name: str) -> None:
    once = normalise_name(name)
    assert normalise_name(once) == once
    assert once == once.casefold()
    assert "  " not in once
    assert once == once.strip()


@pytest.mark.parametrize(
    "url",
    [
        "http://www.linkedin.com/in/ana-lopez/",
        "https://linkedin.com/in/ana-lopez",
        "https://www.linkedin.com/in/ana-lopez",
        "www.linkedin.com/in/ana-lopez/",
        "linkedin.com/in/Ana-Lopez",
        "https://uk.linkedin.com/in/ana-lopez?trk=public_profile_browsemap",
        "https://m.linkedin.com/in/ana-lopez/#experience",
        "  HTTPS://WWW.LINKEDIN.COM/in/ana-lopez/  ",
    ],
)
def test_normalise_url_gives_one_form_for_a_linkedin_profile(url: str) -> None:
    assert normalise_url(url) == "https://linkedin.com/in/ana-lopez"


def test_normalise_url_encodes_non_ascii_profile_slugs_one_way() -> None:
    encoded = normalise_url("https://www.linkedin.com/in/ana-l%c3%b3pez-1a2b/")
    raw = normalise_url("linkedin.com/in/ana-lópez-1a2b")
    assert encoded == raw == "https://linkedin.com/in/ana-l%C3%B3pez-1a2b"


def test_normalise_url_keeps_the_query_of_other_sites_but_not_the_fragment() -> None:
    assert normalise_url("http://Example.org/people/?id=7#bio") == "https://example.org/people?id=7"
    assert normalise_url("example.org:8080/x/") == "https://example.org:8080/x"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "mailto:ana@example.org",
        "urn:uuid:1234",
        "ftp://x.org/a",
        "not a url",
        "https:///x",
    ],
)
def test_normalise_url_refuses_what_is_not_a_web_address(url: str) -> None:
    assert normalise_url(url) is None


@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=3, max_size=30),
    st.sampled_from(["", "/"]),
)
def test_normalise_url_is_idempotent_on_profile_urls(slug: str, slash: str) -> None:
    once = normalise_url(f"http://www.linkedin.com/in/{slug}{slash}")
    assert once == f"https://linkedin.com/in/{slug}"
    assert normalise_url(once) == once


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ana.Lopez@Clinic.Example", "ana.lopez@clinic.example"),
        ("  <mailto:RAJ.PATEL@example.com> ", "raj.patel@example.com"),
        ("MAILTO:x@y.org", "x@y.org"),
        ("no-at-sign.example.org", None),
        ("two@@example.org", None),
        ("spaces in@example.org", None),
        ("ana@localhost", None),
        ("", None),
    ],
)
def test_normalise_email(raw: str, expected: str | None) -> None:
    assert normalise_email(raw) == expected


@given(
    st.text(max_size=40)
    | st.builds(
        lambda host, path: f"http://{host}/{path}", st.text(max_size=15), st.text(max_size=15)
    )
)
def test_normalise_url_never_raises_and_is_idempotent(url: str) -> None:
    once = normalise_url(url)
    if once is not None:
        assert once.startswith("https://")
        assert normalise_url(once) == once


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("linkedin.com/in/o'brien-emily", "https://www.linkedin.com/in/o%27brien-emily/"),
        ("linkedin.com/in/Zoë-Ng", "https://www.linkedin.com/in/zo%C3%AB-ng"),
        ("linkedin.com/in/a(b)", "https://linkedin.com/in/a%28b%29"),
    ],
)
def test_percent_encoded_and_raw_profile_paths_agree(left: str, right: str) -> None:
    assert normalise_url(left) == normalise_url(right)


@given(
    st.sampled_from(["http://", "https://", "HTTPS://", ""]),
    st.sampled_from(["www.linkedin.com", "linkedin.com", "uk.linkedin.com", "LinkedIn.com"]),
    st.lists(st.text(alphabet="abcXYZ019_.~-%/é?#@: \t\x01", max_size=8), max_size=4),
    st.sampled_from(["", "/", "//"]),
)
def test_plain_linkedin_urls_take_a_shortcut_to_the_same_normal_form(
    scheme: str, host: str, segments: list[str], end: str
) -> None:
    url = scheme + host + "".join("/" + s for s in segments) + end
    shortcut = normalise.normalise_url(url)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(normalise, "_PLAIN_LINKEDIN", re.compile(r"(?!)"))  # never matches
        patch.setattr(normalise, "_LINKEDIN_PATH", re.compile(r"(?!)"))
        assert normalise.normalise_url(url) == shortcut
