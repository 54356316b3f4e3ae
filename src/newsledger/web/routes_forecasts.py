"""Forecasts: the board by status with a timeline of deadlines, one statement's page (with a
forecast's resolution history and evidence suggestions), and resolving it (a write)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from newsledger.evidence import suggest
from newsledger.store.resolution_files import export_resolutions, import_resolutions
from newsledger.store.resolutions import OUTCOMES, ResolutionError, history, resolve
from newsledger.store.web_queries import (
    STATUSES,
    forecast_deadlines_by_month,
    forecast_status_counts,
    forecasts_by_status,
)
from newsledger.web.charts import deadline_timeline
from newsledger.web.forms import read_fields
from newsledger.web.present import excerpt
from newsledger.web.routes_pages import Int, Text, _filters, deadline_chart
from newsledger.web.security import check_csrf, check_write_allowed, csrf_token, set_csrf_cookie
from newsledger.web.settings import WebSettings
from newsledger.web.views import Page, ledger_of, list_query, parse_date, render, split_format

__all__ = ["router"]

router = APIRouter()
SUGGESTIONS = 3
_FIELDS = ("outcome", "evidence", "note", "on", "condition_met", "by", "csrf_token", "token")


@router.get("/forecasts", name="forecasts")
@router.get("/forecasts.json")
def forecasts(
    request: Request, status: Text = None, as_of: Text = None, speaker: Text = None,
    outlet: Text = None, author: Text = None, search: Text = None, due_before: Text = None,
    due_after: Text = None, limit: Int = None, offset: Int = None,
) -> Response:
    """Forecasts by status (open, due within 90 days, overdue, resolved), earliest deadline
    first, with their resolvable question; `as_of` replays the board on a past date."""
    if status and status not in STATUSES:
        raise HTTPException(400, f"status: one of {', '.join(STATUSES)}")
    when = parse_date(as_of, "as_of")
    day = dt.date.fromisoformat(when) if when and len(when) == 10 else None
    if when and day is None:
        raise HTTPException(400, "as_of: a full date like 2017-01-20")
    today = day or dt.date.today()
    filters = _filters("forecast", {"speaker": speaker, "outlet": outlet, "author": author,
                                    "search": search, "due_before": due_before,
                                    "due_after": due_after})
    page = Page.of(limit, offset)
    ledger = ledger_of(request)
    found = forecasts_by_status(ledger, status=status or None, as_of=today, filters=filters,
                                limit=page.limit + 1, offset=page.offset)
    rows, more = page.trim(found)
    next_url = page.next_url(request, more)
    counts = forecast_status_counts(ledger, as_of=today)
    tabs = {s: list_query(request, "/forecasts", status=s) for s in STATUSES}
    return render(
        request,
        "forecasts.html",
        {"rows": rows, "next_url": next_url, "status": status or None, "counts": counts,
         "tabs": tabs, "all_url": list_query(request, "/forecasts", status=None),
         "as_of": today, "filters": filters, "timeline": deadline_timeline(rows, today),
         "deadline_chart": deadline_chart(forecast_deadlines_by_month(ledger))},
        as_json={"rows": rows, "next": next_url, "status": status or None,
                 "as_of": today.isoformat(), "counts": counts},
    )


def _settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def _forecast_extras(request: Request, stmt: dict[str, Any]) -> dict[str, Any]:
    """A forecast's resolution history, current outcome and, while it is unresolved, the
    evidence suggestions (for a person to confirm)."""
    ledger = ledger_of(request)
    log = [r.to_dict() for r in history(ledger, stmt["id"])]
    suggestions: list[dict[str, Any]] = []
    if not log:
        suggestions = [s.to_dict() for s in suggest(ledger, stmt["id"], top=SUGGESTIONS)]
    return {"history": log, "resolution": log[-1] if log else None,
            "suggestions": suggestions}


@router.get("/statements/{ident}", name="statement")
def statement(request: Request, ident: str) -> Response:
    """One statement in its context; for a forecast also its resolutions, a form to resolve
    it, and later statements suggested as evidence."""
    stmt_id, as_json = split_format(ident)
    ledger = ledger_of(request)
    stmt = ledger.statement(stmt_id)
    if stmt is None:
        raise HTTPException(404, f"no statement with id {stmt_id!r}")
    doc = ledger.document(stmt["document_id"])
    before = middle = after = ""
    if doc is not None:
        before, middle, after = excerpt(doc["text"], int(stmt["start"]), int(stmt["end"]))
        doc = {k: v for k, v in doc.items() if k not in ("text", "removed")}
    extras: dict[str, Any] = {}
    if stmt["kind"] == "forecast":
        extras = _forecast_extras(request, stmt)
    settings = _settings(request)
    token = csrf_token(request, settings.secret)
    response = render(
        request,
        "statement.html",
        {"statement": stmt, "document": doc, "before": before, "middle": middle,
         "after": after, "csrf_token": token, "needs_token": settings.token is not None,
         "outcomes": OUTCOMES, **({"history": [], "resolution": None, "suggestions": []}
                                  | extras)},
        as_json={"statement": stmt, "document": doc, **extras},
        json_wanted=as_json or None,
    )
    if stmt["kind"] == "forecast":
        set_csrf_cookie(response, token)
    return response


def _met(value: str | None) -> bool | None:
    if value is None or value in ("", "unknown"):
        return None
    if value.lower() in ("yes", "true", "met", "1"):
        return True
    if value.lower() in ("no", "false", "not met", "0"):
        return False
    raise HTTPException(400, "condition_met: yes, no or empty")


@router.post("/statements/{ident}/resolve", name="resolve")
@router.post("/statements/{ident}/resolve.json")
async def resolve_forecast(request: Request, ident: str) -> Response:
    """Record what became of a forecast: outcome yes|no|void, optional evidence (a URL or a
    document or statement id), note, `on` (date) and condition_met. Same rules as every
    write: the server's token when it has one, a CSRF token for forms. Earlier resolutions
    are kept; this one becomes current."""
    settings = _settings(request)
    given = await read_fields(request, _FIELDS)
    check_csrf(request, settings.secret, given.get("csrf_token"))
    check_write_allowed(request, settings.token, given.get("token"))
    outcome = (given.get("outcome") or "").lower()
    on = parse_date(given.get("on"), "on")
    if on is not None and len(on) != 10:
        raise HTTPException(400, "on: a full date like 2017-01-20")
    ledger = ledger_of(request)
    if ledger.statement(ident) is None:
        raise HTTPException(404, f"no statement with id {ident!r}")
    try:
        done = await run_in_threadpool(
            lambda: resolve(ledger, ident, outcome, evidence=given.get("evidence"),
                            note=given.get("note"), on=on, by=given.get("by") or "web",
                            condition_met=_met(given.get("condition_met"))))
    except ResolutionError as err:
        raise HTTPException(400, str(err)) from err
    if request.url.path.endswith(".json") or "text/html" not in request.headers.get(
            "accept", ""):
        return JSONResponse({"ok": True, "resolution": done.to_dict()})
    return RedirectResponse(f"/statements/{done.statement_id}#resolution", status_code=303)


@router.get("/resolutions", name="resolutions")
@router.get("/resolutions.json")
@router.get("/resolutions.csv")
def resolution_log(request: Request) -> Response:
    """The resolution log, oldest first (every re-resolution kept). `.csv` and `.json`
    export it for a team to share; POST /resolutions/import.json takes it back."""
    ledger = ledger_of(request)
    if request.url.path.endswith(".csv"):
        return PlainTextResponse(export_resolutions(ledger, "csv"), media_type="text/csv",
                                 headers={"content-disposition":
                                          'attachment; filename="newsledger-resolutions.csv"'})
    rows = json.loads(export_resolutions(ledger, "json"))
    settings = _settings(request)
    token = csrf_token(request, settings.secret)
    response = render(request, "resolutions.html",
                      {"rows": rows, "csrf_token": token,
                       "needs_token": settings.token is not None},
                      as_json={"rows": rows, "next": None})
    set_csrf_cookie(response, token)
    return response


@router.post("/resolutions/import", name="import_resolutions")
@router.post("/resolutions/import.json")
async def resolution_import(request: Request) -> Response:
    """Add resolutions from a CSV or JSON export (`data`, `format` csv|json or sniffed); rows
    already in the log add nothing, bad rows are reported. A write: same rules as resolve."""
    settings = _settings(request)
    given = await read_fields(request, ("data", "format", "csrf_token", "token"),
                              limit=settings.max_upload_bytes)
    check_csrf(request, settings.secret, given.get("csrf_token"))
    check_write_allowed(request, settings.token, given.get("token"))
    fmt = given.get("format")
    if fmt not in (None, "csv", "json"):
        raise HTTPException(400, "format: csv or json")
    if not given.get("data"):
        raise HTTPException(400, "data: the CSV or JSON to import")
    ledger = ledger_of(request)
    try:
        report = await run_in_threadpool(import_resolutions, ledger, given["data"] or "",
                                         fmt)  # type: ignore[arg-type]
    except ResolutionError as err:
        raise HTTPException(400, str(err)) from err
    if request.url.path.endswith(".json") or "text/html" not in request.headers.get(
            "accept", ""):
        return JSONResponse({"ok": True, **report.to_dict()})
    return RedirectResponse("/resolutions", status_code=303)
