"""Safety on every response: browser security headers, and a limit on request bodies.

One ASGI middleware, outermost, so that it covers every route, the static
files and the error pages alike.
"""

from __future__ import annotations

import json

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from salon.web.auth import is_api

#: no inline script, no plugin, no framing by another site; forms post back here only
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        # style attributes (e.g. an SVG chart's) are allowed; scripts never inline
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


def too_large_message(limit: int) -> str:
    return (
        f"The request is larger than this server accepts ({limit / 1024 / 1024:.0f} MB at most):"
        " nothing was saved. Split the file, or ask the admin to raise SALON_MAX_REQUEST_BYTES."
    )


class SafetyMiddleware:
    """Adds :data:`SECURITY_HEADERS` to every response; refuses (413) a body over ``limit`` bytes.

    A declared ``Content-Length`` over the limit is refused before reading a
    byte; a body without one (chunked) is read up to the limit, then refused
    or passed on whole.
    """

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit() or int(declared) > self.limit:
                await self._refuse(scope, send_with_headers)
                return
            await self.app(scope, receive, send_with_headers)
            return
        # no declared length: read it all (up to the limit) before the app sees it
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.limit:
                await self._refuse(scope, send_with_headers)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send_with_headers)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        message = too_large_message(self.limit)
        if is_api(scope["path"]):
            body = json.dumps({"detail": message}).encode()
            media = b"application/json"
        else:
            body = (
                '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                "<title>Too large · salon</title></head><body><h1>Too large</h1>"
                f'<p class="error" role="alert">{message}</p></body></html>'
            ).encode()
            media = b"text/html; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", media),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
