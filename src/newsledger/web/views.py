"""Helpers the routes share: HTML or JSON for one request, the error shape, paging, links."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from newsledger.csvcell import csv_line
from newsledger.store import Ledger
from newsledger.store.web_queries import certainty_band

__all__ = [
    "MAX_LIMIT",
    "Page",
    "csv_response",
    "error_response",
    "external_url",
    "ledger_of",
    "list_query",
    "parse_date",
    "parse_fraction",
    "render",
    "split_format",
    "templates",
    "wants_json",
]

TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_SAFE_SCHEMES = ("http", "https")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its name: article text is hostile input
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda v: "–" if v is None else f"{float(v) * 100:.0f}%"
    env.filters["seg"] = lambda v: quote(str(v), safe="")
    env.filters["external"] = external_url
    env.filters["band"] = lambda c: certainty_band((c or {}).get("low"), (c or {}).get("high"))
    env.filters["bandclass"] = lambda c: "c-" + env.filters["band"](c).replace(" ", "-")
    env.globals["qs"] = lambda **kw: urlencode({k: v for k, v in kw.items() if v not in (None, "")})
    return env


def split_format(ident: str) -> tuple[str, bool]:
    """`d1234.json` → ("d1234", True): a path segment with the JSON-twin suffix."""
    if ident.endswith(".json"):
        return ident[: -len(".json")], True
    return ident, False


def ledger_of(request: Request) -> Ledger:
    ledger: Ledger = request.app.state.settings.ledger
    return ledger


def list_query(request: Request, path: str | None = None, **changes: str | None) -> str:
    """This request's URL (or `path` with its query) with some query values changed (None
    drops one); the offset goes back to the first page unless given."""
    params = {k: v for k, v in request.query_params.items() if v != ""}
    params.pop("offset", None)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    target = path or request.url.path
    return f"{target}?{urlencode(params)}" if params else target


def wants_json(request: Request) -> bool:
    """JSON when the path ends in `.json` or the client asks for JSON and not HTML."""
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    as_json: Mapping[str, Any] | None = None,
    status: int = 200,
    json_wanted: bool | None = None,
) -> Response:
    """The page, or its JSON twin (`{"ok": true, **as_json}`) when the request asks for it."""
    if json_wanted if json_wanted is not None else wants_json(request):
        return JSONResponse({"ok": True, **(as_json or {})}, status_code=status)
    settings = request.app.state.settings
    page = templates.get_template(template).render(
        request=request, path=request.url.path, read_only=settings.read_only_reason(request),
        **context,
    )
    return HTMLResponse(page, status_code=status)


def error_response(request: Request, status: int, message: str) -> Response:
    """The one error shape: `{"ok": false, "error": message, "status": status}`, or a page."""
    data_path = request.url.path.endswith((".csv", ".geojson"))  # a download's error is data
    if wants_json(request) or data_path or request.method != "GET" and (
        "text/html" not in request.headers.get("accept", "")
    ):
        return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)
    page = templates.get_template("error.html").render(
        request=request, path=request.url.path, status=status, message=message, read_only=None
    )
    return HTMLResponse(page, status_code=status)


def parse_date(value: str | None, name: str) -> str | None:
    """A query date as YYYY, YYYY-MM or YYYY-MM-DD; 400 otherwise."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if _DATE.match(value):
        parts = [int(p) for p in value.split("-")] + [1, 1]
        try:
            dt.date(parts[0], parts[1], parts[2])
            return value
        except ValueError:
            pass
    raise HTTPException(400, f"{name}: expected a date like 2017-01-20, 2017-01 or 2017")


def parse_fraction(value: str | None, name: str) -> float | None:
    """A query probability as 0.7 or 70%; 400 otherwise."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        number = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        number = -1.0
    if not 0.0 <= number <= 1.0:
        raise HTTPException(400, f"{name}: expected a probability like 0.7 or 70%")
    return number


def csv_response(rows: Iterable[Iterable[Any]], header: list[str], filename: str) -> Response:
    """A CSV download (header row first)."""
    body = csv_line(header) + "".join(csv_line(list(row)) for row in rows)
    return Response(body, media_type="text/csv; charset=utf-8", headers={
        "content-disposition": f'attachment; filename="{filename}"'})


def external_url(url: Any) -> str | None:
    """The URL when it is plain http(s), else None: an article may claim any `url`, and a
    `javascript:` one must never become a link."""
    if not isinstance(url, str):
        return None
    stripped = url.strip()
    try:
        parts = urlsplit(stripped)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc:
        return None
    if any(ord(c) < 33 for c in stripped):
        return None
    return stripped


@dataclass(frozen=True, kw_only=True)
class Page:
    """limit/offset paging; a page asks for one row more than it shows to know if more follow."""

    limit: int
    offset: int

    @classmethod
    def of(cls, limit: int | None, offset: int | None) -> Page:
        limit = DEFAULT_LIMIT if limit is None else limit
        offset = offset or 0
        if not 1 <= limit <= MAX_LIMIT:
            raise HTTPException(400, f"limit: between 1 and {MAX_LIMIT}")
        if offset < 0:
            raise HTTPException(400, "offset: 0 or more")
        return cls(limit=limit, offset=offset)

    def trim(self, rows: list[Any]) -> tuple[list[Any], bool]:
        return rows[: self.limit], len(rows) > self.limit

    def next_url(self, request: Request, more: bool) -> str | None:
        if not more:
            return None
        params = dict(request.query_params)
        params["offset"] = str(self.offset + self.limit)
        params["limit"] = str(self.limit)
        return f"{request.url.path}?{urlencode(params)}"


templates = _environment()
