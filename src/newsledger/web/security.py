"""What keeps the web UI from being used against its own user: CSRF, write tokens, body caps,
trusted hosts and the response headers (Content-Security-Policy first among them)."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Sequence

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSP",
    "BodyLimitMiddleware",
    "SecurityHeadersMiddleware",
    "check_csrf",
    "check_write_allowed",
    "csrf_token",
    "is_loopback",
    "presented_token",
]

CSRF_COOKIE = "newsledger_csrf"
CSRF_FIELD = "csrf_token"

# Scripts and styles only from our own static files: no inline script, no inline style, no
# eval, nothing from another origin. Inline SVG needs no style: it uses presentation attributes.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'; object-src 'none'"
)
_HEADERS = [
    (b"content-security-policy", CSP.encode("ascii")),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and the name localhost."""
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _sign(secret: bytes, nonce: str) -> str:
    return hmac.new(secret, nonce.encode("ascii"), hashlib.sha256).hexdigest()[:32]


def _valid_csrf(secret: bytes, value: str | None) -> bool:
    if not value or "." not in value:
        return False
    nonce, signature = value.split(".", 1)
    if not nonce.isalnum() or not nonce.isascii():
        return False
    return hmac.compare_digest(_sign(secret, nonce), signature)


def csrf_token(request: Request, secret: bytes) -> str:
    """The signed double-submit token for this browser: the one its cookie holds when that
    one is ours, else a new one (the caller sets it with `set_csrf_cookie`)."""
    current = request.cookies.get(CSRF_COOKIE)
    if _valid_csrf(secret, current):
        assert current is not None
        return current
    nonce = secrets.token_hex(16)
    return f"{nonce}.{_sign(secret, nonce)}"


def set_csrf_cookie(response: Response, token: str) -> None:
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")


def check_csrf(request: Request, secret: bytes, submitted: str | None) -> None:
    """Refuse a state-changing request whose form token does not match its signed cookie.

    A JSON body or an Authorization header cannot be sent cross-site without a CORS
    preflight (which this app never grants), so such requests need no form token."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type == "application/json" or "authorization" in request.headers:
        return
    cookie = request.cookies.get(CSRF_COOKIE)
    if not (
        _valid_csrf(secret, cookie)
        and submitted is not None
        and cookie is not None
        and hmac.compare_digest(cookie, submitted)
    ):
        raise HTTPException(403, "missing or invalid CSRF token: reload the form and try again")


def presented_token(request: Request, form_token: str | None) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return form_token or None


def check_write_allowed(request: Request, token: str | None, form_token: str | None) -> None:
    """Writes need the server's token when it has one; without one only a client on this
    machine may write (a server reachable from elsewhere must be started with a token)."""
    if token is not None:
        given = presented_token(request, form_token)
        if given is None or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "this server needs its write token for that")
        return
    client = request.client.host if request.client else None
    if not is_loopback(client):
        raise HTTPException(403, "writes from other machines need a server started with --token")


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than {limit:,} bytes")


class BodyLimitMiddleware:
    """Refuse request bodies over `max_bytes`: at once when Content-Length says so, and while
    streaming when it lies or is absent."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                scope.setdefault("state", {})["body_too_large"] = True
                break
        seen = 0
        limit = self.max_bytes

        async def limited() -> Message:
            nonlocal seen
            if scope.get("state", {}).get("body_too_large"):
                raise BodyTooLarge(limit)
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, limited, send)


class SecurityHeadersMiddleware:
    """Adds CSP and friends to every response, errors and static files included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in _HEADERS if n not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, with_headers)


def host_names(allowed: Sequence[str] | None) -> list[str]:
    """Host headers the app answers (against DNS rebinding): the loopback names by default."""
    if allowed:
        return list(allowed)
    return ["localhost", "127.0.0.1", "[::1]", "::1"]
