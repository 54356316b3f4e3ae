"""The web app: `create_app(db_url)` gives a FastAPI app over one ledger.

Pages are server-rendered (Jinja2, autoescape on) and each has a JSON twin: add `.json` to
the path or send `Accept: application/json`. Errors have one shape,
`{"ok": false, "error": message, "status": code}`.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from newsledger.errors import StoreError
from newsledger.store import Ledger
from newsledger.web import (
    routes_analyze,
    routes_docs,
    routes_events,
    routes_forecasts,
    routes_pages,
    routes_people,
)
from newsledger.web.security import BodyLimitMiddleware, SecurityHeadersMiddleware, host_names
from newsledger.web.settings import AnalyzerLike, WebSettings, _default_analyzer
from newsledger.web.views import error_response

__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "create_app"]

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
DEFAULT_MAX_UPLOAD_BYTES = 2_000_000


class _HostCheckMiddleware:
    """Answer only to the expected Host names, so a DNS-rebinding page cannot borrow a
    browser's access to a server on localhost."""

    def __init__(self, app: ASGIApp, *, hosts: Sequence[str]) -> None:
        self.app = app
        self.any = "*" in hosts
        self.hosts = {h.lower() for h in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self.any:
            host = ""
            for name, value in scope.get("headers", []):
                if name == b"host":
                    host = value.decode("latin-1").lower()
                    break
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in self.hosts and host not in self.hosts:
                body = {"ok": False, "error": "unexpected Host header", "status": 400}
                await JSONResponse(body, status_code=400)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(
    db_url: str,
    *,
    allow_private: bool = False,
    token: str | None = None,
    allowed_hosts: Sequence[str] | None = None,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    analyzer_factory: Callable[[], AnalyzerLike] | None = None,
    secret: bytes | None = None,
) -> FastAPI:
    """A web app over the ledger at `db_url` (opened, and migrated, now).

    `token`: writes need it (`Authorization: Bearer …` or the form's token field); without
    one, only clients on this machine may write. `allowed_hosts`: Host names to answer
    (default the loopback names; "*" for any). `allow_private`: let URL analysis reach
    private and loopback addresses. `secret` signs CSRF cookies (random per app if None)."""
    ledger = Ledger.open(db_url)
    settings = WebSettings(
        ledger=ledger,
        secret=secret or secrets.token_bytes(32),
        token=token or None,
        allow_private=allow_private,
        max_upload_bytes=max_upload_bytes,
        analyzer_factory=analyzer_factory or _default_analyzer,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        ledger.close()

    app = FastAPI(
        title="newsledger",
        description="Every page is also JSON: add `.json` to its path. Lists come as "
        '`{"rows": [...], "next": url}`; errors as `{"ok": false, "error": …, "status": N}`.',
        docs_url=None,  # the stock Swagger page loads from a CDN: /docs is our own page
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    for module in (routes_pages, routes_forecasts, routes_events, routes_people,
                   routes_analyze, routes_docs):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_upload_bytes + 64_000)
    app.add_middleware(_HostCheckMiddleware, hosts=host_names(allowed_hosts))
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        response = error_response(request, exc.status_code, str(exc.detail))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ())[1:]) or "request"
            problems.append(f"{where}: {err.get('msg', 'invalid')}")
        return error_response(request, 400, "; ".join(problems) or "invalid request")

    async def store_error(request: Request, exc: Exception) -> Response:
        log.error("ledger error on %s: %s", request.url.path, exc)
        return error_response(request, 503, "the ledger cannot be read just now")

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("error on %s", request.url.path, exc_info=exc)
        return error_response(request, 500, "internal error")

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StoreError, store_error)
    app.add_exception_handler(Exception, unexpected)
