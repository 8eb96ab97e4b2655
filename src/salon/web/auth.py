"""Who is signed in: a session cookie for the pages, a bearer token for the API.

Both are signed with the installation's key (:mod:`salon.web.keys`), each
under its own derived key, and carry the account's id and a fingerprint of its
password hash (:func:`~salon.services.users.session_fingerprint`), so that a
new password ends every session and token issued before it.

:func:`require_sign_in` is a dependency of the whole app: every route but
:data:`PUBLIC_PATHS` needs a signed-in account, so a new page is protected
without doing anything.  Pages send a stranger to ``/login``; ``/api`` routes
answer 401 and accept only the ``Authorization: Bearer`` header, never the
cookie (so no cross-site page can make a browser call them with its rights).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.exceptions import HTTPException

from salon.config import Settings
from salon.errors import SignInError
from salon.web.keys import derived_key

SESSION_COOKIE = "salon_session"
API_PREFIX = "/api/"
#: the routes anyone may use; tests/web/test_isolation.py walks every other one
PUBLIC_PATHS = frozenset({"/login", "/logout", "/signup", "/api/token", "/docs"})
#: routes anyone may use whatever their path parameter: an invitation link is
#: opened, and its sign-up sent, before the visitor has an account
PUBLIC_PATTERNS = frozenset({"/join/{token}", "/join/{token}/signup"})
_PUBLIC_MATCHERS = tuple(
    re.compile("^" + re.escape(p).replace(re.escape("{token}"), "[^/]+") + "$")
    for p in sorted(PUBLIC_PATTERNS)
)


@dataclass(frozen=True)
class Identity:
    """What a cookie or token says: the account, and its password's fingerprint."""

    account_id: int
    fingerprint: str


class Signer:
    """Issues and reads session cookies and API tokens (one per app)."""

    def __init__(self, key: bytes, settings: Settings) -> None:
        self._sessions = URLSafeTimedSerializer(derived_key(key, "session"), salt="salon-session")
        self._tokens = URLSafeTimedSerializer(derived_key(key, "api-token"), salt="salon-token")
        self.session_age = dt.timedelta(days=settings.session_days)
        self.token_age = dt.timedelta(minutes=settings.token_minutes)

    def session_cookie(self, identity: Identity) -> str:
        return self._sessions.dumps([identity.account_id, identity.fingerprint])

    def token(self, identity: Identity) -> str:
        return self._tokens.dumps([identity.account_id, identity.fingerprint])

    def from_cookie(self, value: str) -> Identity | None:
        return _loads(self._sessions, value, self.session_age)

    def from_token(self, value: str) -> Identity | None:
        return _loads(self._tokens, value, self.token_age)


def _loads(serializer: URLSafeTimedSerializer, value: str, age: dt.timedelta) -> Identity | None:
    try:
        data = serializer.loads(value, max_age=int(age.total_seconds()))
    except BadSignature:  # forged, garbled or expired (SignatureExpired is one)
        return None
    if (
        isinstance(data, list)
        and len(data) == 2
        and isinstance(data[0], int)
        and isinstance(data[1], str)
    ):
        return Identity(data[0], data[1])
    return None


def signer_of(request: Request) -> Signer:
    signer = request.app.state.signer
    if not isinstance(signer, Signer):  # only create_app builds these apps
        raise TypeError(f"expected the app's Signer, got {type(signer).__name__}")
    return signer


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or any(m.match(path) for m in _PUBLIC_MATCHERS)


def is_api(path: str) -> bool:
    return path.startswith(API_PREFIX)


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


async def require_sign_in(request: Request) -> None:
    """Refuse a request without a valid session (pages) or bearer token (``/api``).

    The identity is kept in ``request.state.identity``; whether its account
    still exists with that password is checked inside the request's
    transaction (:func:`salon.web.context.owner_transaction`).
    """
    path = request.url.path
    if is_public(path):
        return
    signer = signer_of(request)
    if is_api(path):
        token = _bearer(request)
        identity = signer.from_token(token) if token else None
        if identity is None:
            raise HTTPException(
                401,
                "sign in first: POST /api/token, then send Authorization: Bearer <token>"
                if token is None
                else "the token is invalid or has expired: ask POST /api/token for a new one",
                headers={"WWW-Authenticate": "Bearer"},
            )
    else:
        identity = signer.from_cookie(request.cookies.get(SESSION_COOKIE, ""))
        if identity is None:
            raise SignInError("sign in to see this page")
    request.state.identity = identity


def identity_of(request: Request) -> Identity:
    """The identity :func:`require_sign_in` accepted for this request."""
    identity = getattr(request.state, "identity", None)
    if not isinstance(identity, Identity):
        raise SignInError("sign in to see this page")
    return identity


def is_https(request: Request) -> bool:
    # behind a proxy, uvicorn sets the scheme from X-Forwarded-Proto (salon web --behind-proxy)
    return request.url.scheme == "https"


def sign_in(response: Response, request: Request, identity: Identity) -> None:
    """Give the browser its session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS."""
    signer = signer_of(request)
    response.set_cookie(
        SESSION_COOKIE,
        signer.session_cookie(identity),
        max_age=int(signer.session_age.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=is_https(request),
    )


def sign_out(response: Response, request: Request) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=is_https(request)
    )


def client_address(request: Request) -> str:
    """The caller's address (the proxy's client's, with --behind-proxy), for the rate limit."""
    return request.client.host if request.client is not None else "unknown"


def safe_next(value: str | None) -> str:
    """Where to go after signing in: a path on this site only, never another site."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return "/"
    return value


def login_url(request: Request) -> str:
    """``/login`` with the page asked for, to come back to it after signing in.

    Only a page (GET) is come back to: a form's data was not kept.
    """
    if request.method != "GET":
        return "/login"
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login" if wanted == "/" else f"/login?next={quote(wanted, safe='/')}"
