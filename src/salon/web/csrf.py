"""Cross-site request forgery: only salon's own pages can make it write.

Any page open in the same browser could make it POST to ``salon web`` with
the signed-in user's cookies (check someone in, say).  Two checks stop that, both
on every request whose method is not safe (anything but GET, HEAD, OPTIONS):

* a token, double-submitted: the browser holds a random cookie (HttpOnly,
  SameSite=Strict), and every form carries the HMAC of that cookie under a
  key derived from the installation's signing key (salon.web.keys).  A
  cross-site page can neither read the cookie nor the form, and cannot
  compute the HMAC without the key; the key also keeps a cookie set for
  127.0.0.1 by another local app (cookies ignore ports) from being of any
  use.  A restarted server or another worker has the same key, so open
  forms stay valid.
* the ``Origin`` header (or, without it, the ``Referer``) must name the app's
  own origin, port included: ``127.0.0.1:3000`` is the same *site* as
  ``127.0.0.1:8000`` for SameSite, but not the same origin.  Browsers send
  ``Origin`` on every POST, so a request with neither header is not a
  browser's, and the token alone decides (a script holding the cookie).

Written here rather than taken from a library: starlette-csrf reads the token
from a header only (plain HTML forms would need JavaScript), fastapi-csrf-protect
must be called from each route (a new route could forget it), and asgi-csrf
answers with its own 403 page and does not look at ``Origin``; this is a hundred
lines on the standard library, and its refusals use salon's error pages.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from jinja2 import pass_context
from markupsafe import Markup, escape
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from salon.web.auth import is_api
from salon.web.keys import derived_key

COOKIE = "salon_csrf"
FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
STALE_TOKEN = (
    "the form's security token is missing or stale: reload the page and try again"
    " (nothing was saved)"
)

_COOKIE_VALUE = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)


@dataclass(frozen=True)
class CsrfSecret:
    """The app's key for form tokens, derived from the installation's signing key."""

    key: bytes

    def token_for(self, cookie: str) -> str:
        return hmac.new(self.key, cookie.encode(), hashlib.sha256).hexdigest()


class CsrfCookieMiddleware:
    """Gives every browser a ``salon_csrf`` cookie, and each request its value.

    The value is in ``request.state.csrf_cookie``; a request without a
    well-formed cookie gets a new one, set on its response.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie = HTTPConnection(scope).cookies.get(COOKIE, "")
        minted = not _COOKIE_VALUE.fullmatch(cookie)
        if minted:
            cookie = secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf_cookie"] = cookie

        async def send_with_cookie(message: Message) -> None:
            if minted and message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                secure = "; Secure" if scope.get("scheme") == "https" else ""
                headers.append(
                    "set-cookie", f"{COOKIE}={cookie}; HttpOnly; Path=/; SameSite=Strict{secure}"
                )
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def form_token(request: Request) -> str:
    """The token this browser's forms carry: the HMAC of its cookie."""
    secret: CsrfSecret = request.app.state.csrf_secret
    cookie: str = request.state.csrf_cookie
    return secret.token_for(cookie)


@pass_context
def csrf_input(context: Any) -> Markup:
    """The hidden field every POST form carries (a Jinja global: ``{{ csrf_input() }}``)."""
    token = form_token(context["request"])
    return Markup(f'<input type="hidden" name="{FIELD}" value="{escape(token)}">')


def _foreign_origin(request: Request) -> str | None:
    """The other origin the request came from, as the browser said it; None if its own."""
    own = f"{request.url.scheme}://{request.url.netloc}".lower()
    origin = request.headers.get("origin")
    if origin is None:
        referer = request.headers.get("referer")
        if referer is None:
            return None
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}"
    return None if origin.lower() == own else origin


async def require_csrf_token(request: Request) -> None:
    """Refuse (403) an unsafe request from another origin or without this browser's token.

    A dependency of the whole app, so no route that writes can do without it.
    """
    if request.method in SAFE_METHODS:
        return
    if is_api(request.url.path):
        # the API signs in by the Authorization header only, never by cookie, and a
        # cross-site page cannot make a browser send that header: nothing to forge
        return
    foreign = _foreign_origin(request)
    if foreign is not None:
        own = f"{request.url.scheme}://{request.url.netloc}"
        raise HTTPException(
            403,
            f"this form was sent from another site ({foreign}), not from salon at {own}:"
            " nothing was saved",
        )
    sent = (await request.form()).get(FIELD)
    expected = form_token(request)
    if not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise HTTPException(403, STALE_TOKEN)


def install_csrf_protection(app: FastAPI, key: bytes) -> None:
    """Key the form tokens and hand out cookies; the check is ``require_csrf_token``.

    ``key`` is the installation's (salon.web.keys), so that a restarted
    server, or another worker, accepts the forms the others served.
    """
    app.state.csrf_secret = CsrfSecret(derived_key(key, "csrf-form-token"))
    app.add_middleware(CsrfCookieMiddleware)
