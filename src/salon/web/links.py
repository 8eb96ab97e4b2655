"""Links built from user data: only web addresses and email become links."""

from __future__ import annotations

from urllib.parse import quote, urlsplit


def web_url(value: str | None) -> str | None:
    """``value`` if it is an http or https address with a host, else ``None``.

    A stored profile URL came from an import or a form; a ``javascript:`` or
    ``data:`` address must never become a link.

    >>> web_url("https://linkedin.com/in/ana")
    'https://linkedin.com/in/ana'
    >>> web_url("javascript:alert(1)") is None
    True
    """
    if not value:
        return None
    text = value.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def mailto(email: str) -> str:
    """A ``mailto:`` link for ``email``, percent-encoded so it stays one address.

    >>> mailto("ana@example.org")
    'mailto:ana@example.org'
    """
    return "mailto:" + quote(email, safe="@.+-_")
