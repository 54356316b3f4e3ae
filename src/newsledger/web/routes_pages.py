"""Read-only pages, each with its JSON twin (`.json` suffix or `Accept: application/json`);
statement lists also download as CSV (`.csv`). Lists come as `{"rows": [...], "next": url}`."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from newsledger.errors import StoreError
from newsledger.store.web_queries import (
    SORTS,
    Filters,
    cited_sources,
    find_statements,
    forecast_deadlines_by_month,
    forecast_status_counts,
    forecasts_by_status,
)
from newsledger.web.charts import BarChart, bar_chart
from newsledger.web.present import (
    CSV_COLUMNS,
    KINDS,
    csv_rows,
    document_timeline,
    removed_groups,
    segments,
)
from newsledger.web.routes_events import document_geo
from newsledger.web.views import (
    Page,
    csv_response,
    ledger_of,
    list_query,
    parse_date,
    parse_fraction,
    render,
    split_format,
)

__all__ = ["deadline_chart", "router"]

router = APIRouter()

Text = Annotated[str | None, Query(max_length=500)]
Int = Annotated[int | None, Query()]
KIND_LABELS = {"claim": "claims", "forecast": "forecasts",
               "past_forecast_reference": "past-forecast references"}
SORT_LABELS = {"relevance": "relevance", "newest": "newest first", "oldest": "oldest first",
               "deadline": "deadline", "certain": "most certain", "hedged": "most hedged",
               "speaker": "speaker", "outlet": "outlet", "kind": "kind"}


def deadline_chart(months: list[tuple[str, int]]) -> BarChart | None:
    shown = months[-36:]  # a chart of more than three years of months is unreadable
    if not shown:
        return None
    return bar_chart("Forecasts falling due, by month", shown,
                     hrefs={m: f"/forecasts?due_after={m}&due_before={m}" for m, _ in shown})


@router.get("/", name="home")
@router.get("/index.json")
def home(request: Request) -> Response:
    """Counts, forecasts due soon and overdue, the most cited sources, recent documents."""
    ledger = ledger_of(request)
    today = dt.date.today()
    counts = ledger.summary(as_of=today)
    status = forecast_status_counts(ledger, as_of=today)
    due_soon = forecasts_by_status(ledger, status="due", as_of=today, limit=10)
    overdue = forecasts_by_status(ledger, status="overdue", as_of=today, limit=10)
    sources = cited_sources(ledger, limit=10)
    recent = ledger.documents(limit=10)
    months = forecast_deadlines_by_month(ledger)
    kinds = bar_chart(
        "Statements by kind",
        [(KIND_LABELS[k], int(counts["statements"].get(k, 0))) for k in KINDS],
        css={KIND_LABELS[k]: f"k-{k}" for k in KINDS},
        hrefs={KIND_LABELS[k]: f"/statements?kind={k}" for k in KINDS},
    )
    return render(
        request,
        "home.html",
        {"counts": counts, "status": status, "due_soon": due_soon, "overdue": overdue,
         "sources": sources, "recent": recent, "kinds_chart": kinds,
         "deadline_chart": deadline_chart(months)},
        as_json={"summary": counts, "forecast_status": status, "due_soon": due_soon,
                 "overdue": overdue, "cited_sources": sources, "recent_documents": recent,
                 "deadlines_by_month": [{"month": m, "forecasts": n} for m, n in months]},
    )


@router.get("/documents", name="documents")
@router.get("/documents.json")
def documents(request: Request, limit: Int = None, offset: Int = None) -> Response:
    """Documents, newest first."""
    page = Page.of(limit, offset)
    rows, more = page.trim(ledger_of(request).documents(limit=page.limit + 1,
                                                        offset=page.offset))
    next_url = page.next_url(request, more)
    return render(request, "documents.html",
                  {"documents": rows, "next_url": next_url, "page": page},
                  as_json={"rows": rows, "next": next_url})


@router.get("/documents/{ident}", name="document")
def document(request: Request, ident: str) -> Response:
    """One document: its clean text with every statement highlighted, and the statements."""
    doc_id, as_json = split_format(ident)
    ledger = ledger_of(request)
    doc = ledger.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    stmts = ledger.statements(document_id=doc["id"])
    geo = document_geo(ledger, doc["id"])
    return render(
        request,
        "document.html",
        {"document": doc, "statements": stmts, "segments": segments(doc["text"], stmts),
         "timeline": document_timeline(doc, stmts), "stored": True,
         "removed": removed_groups(doc["removed"]), **geo},
        as_json={"document": doc, "statements": stmts, "events": geo["events"],
                 "places": geo["places"]},
        json_wanted=as_json or None,
    )


def _filters(kind: str | None, values: dict[str, str | None]) -> Filters:
    if kind is not None and kind not in KINDS:
        raise HTTPException(400, f"kind: one of {', '.join(KINDS)}")
    for name in ("due_before", "due_after", "published_after", "published_before"):
        values[name] = parse_date(values.get(name), name)
    low = parse_fraction(values.pop("certainty_min", None), "certainty_min")
    high = parse_fraction(values.pop("certainty_max", None), "certainty_max")
    return Filters(kind=kind, certainty_min=low, certainty_max=high,
                   **{k: v or None for k, v in values.items()})


def statement_list(
    request: Request, *, filters: Filters, sort: str | None, limit: int | None,
    offset: int | None, title: str, search_box: str,
) -> Response:
    """A page of statements: HTML, JSON (`.json`) or CSV (`.csv`) of the same view."""
    if sort is not None and sort not in SORTS:
        raise HTTPException(400, f"sort: one of {', '.join(SORTS)}")
    page = Page.of(limit, offset)
    try:
        found = find_statements(ledger_of(request), filters, sort=sort, limit=page.limit + 1,
                                offset=page.offset)
    except StoreError as err:  # a bad filter value, not a broken ledger
        raise HTTPException(400, str(err)) from err
    rows, more = page.trim(found)
    next_url = page.next_url(request, more)
    base = request.url.path.removesuffix(".json").removesuffix(".csv")
    if request.url.path.endswith(".csv"):
        name = "search" if base == "/search" else "statements"
        return csv_response(csv_rows(rows), CSV_COLUMNS, f"newsledger-{name}.csv")
    here = dict(request.query_params)
    downloads = {
        "csv": list_query(request, base + ".csv", offset=here.get("offset")),
        "json": list_query(request, base + ".json", offset=here.get("offset")),
    }
    sorts = {key: list_query(request, base, sort=key) for key in SORTS
             if key != "relevance" or filters.search}
    return render(
        request,
        "statements.html",
        {"title": title, "statements": rows, "next_url": next_url, "filters": filters,
         "page": page, "kinds": KINDS, "sort": sort or ("relevance" if filters.search
                                                        else "newest"),
         "sorts": sorts, "sort_labels": SORT_LABELS, "downloads": downloads,
         "search_box": search_box, "base": base},
        as_json={"rows": rows, "next": next_url, "filters": asdict(filters), "sort": sort},
    )


def _common(due_before: str | None, due_after: str | None, published_after: str | None,
            published_before: str | None, certainty_min: str | None,
            certainty_max: str | None) -> dict[str, Any]:
    return {"due_before": due_before, "due_after": due_after,
            "published_after": published_after, "published_before": published_before,
            "certainty_min": certainty_min, "certainty_max": certainty_max}


@router.get("/statements", name="statements")
@router.get("/statements.json")
@router.get("/statements.csv")
def statements(
    request: Request, kind: Text = None, speaker: Text = None, outlet: Text = None,
    author: Text = None, search: Text = None, q: Text = None, due_before: Text = None,
    due_after: Text = None, published_after: Text = None, published_before: Text = None,
    certainty_min: Text = None, certainty_max: Text = None, sort: Text = None,
    limit: Int = None, offset: Int = None,
) -> Response:
    """Statements: full-text search (`search`, or `q`) and filters, sortable, paginated;
    `.csv` downloads the same view."""
    values = {"speaker": speaker, "outlet": outlet, "author": author, "search": search or q,
              **_common(due_before, due_after, published_after, published_before,
                        certainty_min, certainty_max)}
    filters = _filters(kind or None, values)
    return statement_list(request, filters=filters, sort=sort or None, limit=limit,
                          offset=offset, title="Statements", search_box="search")


@router.get("/search", name="search")
@router.get("/search.json")
@router.get("/search.csv")
def search(
    request: Request, q: Text = None, kind: Text = None, sort: Text = None,
    limit: Int = None, offset: Int = None,
) -> Response:
    """Full-text search over statement text, proposition and speaker (all words must occur)."""
    filters = _filters(kind or None, {"search": q or None})
    title = f"Search: {q}" if q else "Search"
    if not q:
        return render(request, "statements.html",
                      {"title": title, "statements": [], "next_url": None, "filters": filters,
                       "page": Page.of(limit, offset), "kinds": KINDS, "sort": "relevance",
                       "sorts": {}, "sort_labels": SORT_LABELS, "downloads": None,
                       "search_box": "q", "base": "/search"},
                      as_json={"rows": [], "next": None})
    return statement_list(request, filters=filters, sort=sort or None, limit=limit,
                          offset=offset, title=title, search_box="q")


@router.get("/drops", name="drops")
@router.get("/drops.json")
def drops(request: Request, reason: Text = None) -> Response:
    """Inputs that were not stored, and why."""
    rows = ledger_of(request).drops(reason=reason or None)
    return render(request, "drops.html", {"drops": rows, "reason": reason},
                  as_json={"rows": rows, "next": None})
