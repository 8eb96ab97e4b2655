"""Normal forms of names, e-mail addresses and profile URLs, for duplicate matching.

Two imports of the same person rarely spell them the same way: one file says
``Dr. Ana López``, another ``ana lopez``; one gives
``http://www.linkedin.com/in/ana-lopez/``, another ``https://linkedin.com/in/ana-lopez``.
The services compare these normal forms, never the raw strings; the raw values
stay in the records for display.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from urllib.parse import quote, unquote, urlsplit, urlunsplit

__all__ = ["is_linkedin_url", "normalise_email", "normalise_name", "normalise_url"]

# Titles before a name and degrees or generational suffixes after it: they say
# nothing about who a person is, and exports add or drop them at will.  Tokens
# that are also common surnames or initials (Ma, Ba, M) are deliberately absent.
_HONORIFICS = frozenset(
    {
        # titles
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame",
        "lord", "lady", "rev", "fr", "sra", "srta", "herr", "frau", "mme", "mlle",
        # degrees, credentials and generational suffixes
        "phd", "md", "mba", "msc", "bsc", "meng", "jd", "llm", "dphil", "jr", "sr",
        "ii", "iii", "iv", "esq", "cpa", "pmp",
    }
)  # fmt: skip

# NFKD leaves these letters whole (they are not a base letter plus an accent),
# so map them by hand to what people type on an English keyboard.
_UNDECOMPOSED = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)

_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_EMAIL = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\".]+$")
_WHITESPACE = re.compile(r"\s")
_PLAIN_PATH = re.compile(r"^[A-Za-z0-9/_.~-]*$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# the form LinkedIn exports write (and the normal form itself): a plain path
# on linkedin.com, which only needs the host and case made canonical; the
# general path below takes ten times as long, and an import meets one per row
_NORMAL_LINKEDIN = re.compile(r"^https://linkedin\.com(?:/|$)")
# any other path on linkedin.com (non-ASCII slugs, percent escapes, a query):
# the path is made canonical as the general path does it, without urlsplit
_LINKEDIN_PATH = re.compile(
    r"^https?://(?:www\.)?linkedin\.com(/[^?#\s\x00-\x1f\x7f]*)?(?:[?#]\S*)?$"
)
_PLAIN_LINKEDIN = re.compile(r"^https?://(?:www\.)?linkedin\.com((?:/[A-Za-z0-9_.~-]+)*)/?$")


# an import normalises the same names and organisations again and again
@functools.lru_cache(maxsize=1 << 16)
def normalise_name(name: str) -> str:
    """Return the form of a person's name used to match duplicates.

    Case-folds, strips accents, drops bracketed asides such as ``(she/her)``,
    punctuation, emoji, honorifics and degrees (``Dr.``, ``PhD``), and
    collapses whitespace.  Hyphens count as spaces; apostrophes vanish, so
    ``O'Neil`` and ``ONeil`` agree.  A name made only of honorifics keeps them.

    Examples
    --------
    >>> normalise_name("  Dr. Ana  López-García, PhD (she/her) ")
    'ana lopez garcia'
    >>> normalise_name("Søren KIERKEGAARD")
    'soren kierkegaard'
    """
    # compatibility decomposition first: it turns letters such as "🄐" into
    # capitals, which the case-folding after it must still see
    text = unicodedata.normalize("NFKD", _BRACKETED.sub(" ", name))
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED))
    kept: list[str] = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category.startswith("M") or char in "'’`´":
            continue  # accents and apostrophes join the letters around them
        kept.append(char if category[0] in "LN" else " ")
    tokens = "".join(kept).split()
    without_titles = [token for token in tokens if token not in _HONORIFICS]
    return " ".join(without_titles or tokens)


def normalise_email(email: str) -> str | None:
    """Return an e-mail address stripped and lower-cased, or None if it is not one.

    A ``mailto:`` prefix and surrounding angle brackets are removed.  The whole
    address is lower-cased: providers treat the local part case-insensitively
    in practice, and matching must not miss ``Ana@Example.org``.

    Examples
    --------
    >>> normalise_email(" <MAILTO:Ana.Lopez@Example.ORG> ")
    'ana.lopez@example.org'
    >>> normalise_email("not an address") is None
    True
    """
    text = email.strip().strip("<>").strip()
    if text[:7].casefold() == "mailto:":
        text = text[7:]
    text = text.strip().lower()
    return text if _EMAIL.match(text) else None


def is_linkedin_url(url: str) -> bool:
    """Whether a URL points at linkedin.com (any subdomain)."""
    text = url.strip()
    if "linkedin" not in text.casefold():
        return False  # no host of linkedin.com's without the word: no parsing needed
    if _NORMAL_LINKEDIN.match(text):
        return True  # normalise_url's form, which importers check once a row
    if not _SCHEME.match(text):
        text = "https://" + text
    try:
        host = (urlsplit(text).hostname or "").casefold()
    except ValueError:
        return False
    return host == "linkedin.com" or host.endswith(".linkedin.com")


def normalise_url(url: str) -> str | None:
    """Return a profile or web URL in one canonical form, or None if it is not one.

    The scheme becomes ``https`` (added when missing), the host is lower-cased
    and loses ``www.``, the fragment and any trailing slash go.  For
    linkedin.com, country and mobile subdomains (``uk.``, ``m.``) and the query
    (tracking parameters) are dropped too, and the path is lower-cased and
    percent-encoded one way, because LinkedIn serves the same profile under all
    of these forms.

    Examples
    --------
    >>> normalise_url("http://www.linkedin.com/in/ana-lopez/")
    'https://linkedin.com/in/ana-lopez'
    >>> normalise_url("uk.linkedin.com/in/Ana-Lopez?trk=public_profile")
    'https://linkedin.com/in/ana-lopez'
    >>> normalise_url("mailto:ana@example.org") is None
    True
    """
    text = url.strip()
    plain = _PLAIN_LINKEDIN.match(text)
    if plain:
        return "https://linkedin.com" + plain.group(1).casefold()
    other = _LINKEDIN_PATH.match(text)
    if other:
        path = (other.group(1) or "").rstrip("/")
        return "https://linkedin.com" + quote(unquote(path).casefold(), safe="/-_.~")
    if not text or _WHITESPACE.search(text):
        return None
    if not _SCHEME.match(text):
        if ":" in text.split("/", 1)[0] and not re.match(r"^[^:]+:\d+", text):
            return None  # mailto:, tel:, urn: and other non-web schemes
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").casefold()
        port = parts.port
    except ValueError:  # an unbalanced "[" or a port that is not a number
        return None
    if parts.scheme.casefold() not in {"http", "https"}:
        return None
    if "." not in host:
        return None
    if host.startswith("www."):
        host = host[4:]
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = parts.query
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        netloc = "linkedin.com"
        if _PLAIN_PATH.match(path):  # the common case: quoting would change nothing
            path = path.casefold()
        else:
            path = quote(unquote(path).casefold(), safe="/-_.~")
        query = ""
    return urlunsplit(("https", netloc, path, query, ""))
