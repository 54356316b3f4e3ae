"""Read-only pages, each with its JSON twin (`.json` suffix or `Accept: application/json`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from newsledger.store import Ledger
from newsledger.store.web_queries import forecast_deadlines_by_month
from newsledger.web.charts import bar_chart
from newsledger.web.present import KINDS, document_timeline, excerpt, segments
from newsledger.web.views import Page, parse_date, render, split_format

__all__ = ["router"]

router = APIRouter()

Text = Annotated[str | None, Query(max_length=500)]
Int = Annotated[int | None, Query()]
KIND_LABELS = {"claim": "claims", "forecast": "forecasts",
               "past_forecast_reference": "past-forecast references"}


def _ledger(request: Request) -> Ledger:
    ledger: Ledger = request.app.state.settings.ledger
    return ledger


@router.get("/", name="home")
@router.get("/index.json")
def home(request: Request) -> Response:
    ledger = _ledger(request)
    today = dt.date.today()
    counts = ledger.summary(as_of=today)
    upcoming = ledger.statements(kind="forecast", due_after=today, limit=10)
    recent = ledger.documents(limit=10)
    months = forecast_deadlines_by_month(ledger)
    kinds = bar_chart(
        "Statements by kind",
        [(KIND_LABELS[k], int(counts["statements"].get(k, 0))) for k in KINDS],
        css={KIND_LABELS[k]: f"k-{k}" for k in KINDS},
        hrefs={KIND_LABELS[k]: f"/statements?kind={k}" for k in KINDS},
    )
    shown = months[-36:]  # a chart of more than three years of months is unreadable
    deadlines = bar_chart(
        "Forecasts falling due, by month",
        shown,
        hrefs={m: f"/forecasts?due_after={m}&due_before={m}" for m, _ in shown},
    )
    return render(
        request,
        "home.html",
        {"counts": counts, "upcoming": upcoming, "recent": recent, "kinds_chart": kinds,
         "deadline_chart": deadlines if shown else None},
        as_json={"summary": counts, "upcoming": upcoming, "recent_documents": recent,
                 "deadlines_by_month": [{"month": m, "forecasts": n} for m, n in months]},
    )


@router.get("/documents", name="documents")
@router.get("/documents.json")
def documents(request: Request, limit: Int = None, offset: Int = None) -> Response:
    page = Page.of(limit, offset)
    rows, more = page.trim(_ledger(request).documents(limit=page.limit + 1, offset=page.offset))
    next_url = page.next_url(request, more)
    return render(
        request,
        "documents.html",
        {"documents": rows, "next_url": next_url, "page": page},
        as_json={"documents": rows, "next": next_url},
    )


@router.get("/documents/{ident}", name="document")
def document(request: Request, ident: str) -> Response:
    doc_id, as_json = split_format(ident)
    ledger = _ledger(request)
    doc = ledger.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    stmts = ledger.statements(document_id=doc["id"])
    return render(
        request,
        "document.html",
        {"document": doc, "statements": stmts, "segments": segments(doc["text"], stmts),
         "timeline": document_timeline(doc, stmts), "stored": True},
        as_json={"document": doc, "statements": stmts},
        json_wanted=as_json or None,
    )


def _statement_list(
    request: Request,
    *,
    kind: str | None,
    title: str,
    filters: dict[str, Any],
    limit: int | None,
    offset: int | None,
    chart: bool = False,
) -> Response:
    if kind is not None and kind not in KINDS:
        raise HTTPException(400, f"kind: one of {', '.join(KINDS)}")
    page = Page.of(limit, offset)
    query = dict(filters)
    query["due_before"] = parse_date(query.get("due_before"), "due_before")
    query["due_after"] = parse_date(query.get("due_after"), "due_after")
    ledger = _ledger(request)
    found = ledger.statements(kind=kind, limit=page.limit + 1, offset=page.offset, **query)
    rows, more = page.trim(found)
    next_url = page.next_url(request, more)
    deadline_chart = None
    if chart:
        months = forecast_deadlines_by_month(ledger)[-36:]
        if months:
            deadline_chart = bar_chart(
                "Forecasts falling due, by month", months,
                hrefs={m: f"/forecasts?due_after={m}&due_before={m}" for m, _ in months},
            )
    return render(
        request,
        "statements.html",
        {"title": title, "statements": rows, "next_url": next_url, "kind": kind,
         "filters": filters, "page": page, "kinds": KINDS, "deadline_chart": deadline_chart},
        as_json={"statements": rows, "next": next_url},
    )


@router.get("/statements", name="statements")
@router.get("/statements.json")
def statements(
    request: Request, kind: Text = None, speaker: Text = None, outlet: Text = None,
    author: Text = None, due_before: Text = None, due_after: Text = None, search: Text = None,
    limit: Int = None, offset: Int = None,
) -> Response:
    filters = {"speaker": speaker, "outlet": outlet, "author": author, "due_before": due_before,
               "due_after": due_after, "search": search}
    return _statement_list(request, kind=kind or None, title="Statements", filters=filters,
                           limit=limit, offset=offset)


@router.get("/forecasts", name="forecasts")
@router.get("/forecasts.json")
def forecasts(
    request: Request, speaker: Text = None, outlet: Text = None, author: Text = None,
    due_before: Text = None, due_after: Text = None, search: Text = None,
    limit: Int = None, offset: Int = None,
) -> Response:
    filters = {"speaker": speaker, "outlet": outlet, "author": author, "due_before": due_before,
               "due_after": due_after, "search": search}
    return _statement_list(request, kind="forecast", title="Forecasts", filters=filters,
                           limit=limit, offset=offset, chart=True)


@router.get("/search", name="search")
@router.get("/search.json")
def search(request: Request, q: Text = None, limit: Int = None, offset: Int = None) -> Response:
    """Full-text search over statement text, proposition and speaker."""
    filters: dict[str, Any] = {"search": q or None}
    title = f"Search: {q}" if q else "Search"
    if not q:
        return render(request, "statements.html",
                      {"title": title, "statements": [], "next_url": None, "kind": None,
                       "filters": filters, "page": Page.of(limit, offset), "kinds": KINDS,
                       "deadline_chart": None},
                      as_json={"statements": [], "next": None})
    return _statement_list(request, kind=None, title=title, filters=filters, limit=limit,
                           offset=offset)


@router.get("/statements/{ident}", name="statement")
def statement(request: Request, ident: str) -> Response:
    stmt_id, as_json = split_format(ident)
    ledger = _ledger(request)
    stmt = ledger.statement(stmt_id)
    if stmt is None:
        raise HTTPException(404, f"no statement with id {stmt_id!r}")
    doc = ledger.document(stmt["document_id"])
    before = middle = after = ""
    if doc is not None:
        before, middle, after = excerpt(doc["text"], int(stmt["start"]), int(stmt["end"]))
        doc = {k: v for k, v in doc.items() if k not in ("text", "removed")}
    return render(
        request,
        "statement.html",
        {"statement": stmt, "document": doc, "before": before, "middle": middle,
         "after": after},
        as_json={"statement": stmt, "document": doc},
        json_wanted=as_json or None,
    )


@router.get("/drops", name="drops")
@router.get("/drops.json")
def drops(request: Request, reason: Text = None) -> Response:
    rows = _ledger(request).drops(reason=reason or None)
    return render(request, "drops.html", {"drops": rows, "reason": reason},
                  as_json={"drops": rows})
