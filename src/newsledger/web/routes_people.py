"""Speakers, outlets and authors: who said what, how hedged, and how their forecasts scored
(a scorecard with a calibration plot); the league table of scores."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from newsledger.scoring import GROUPINGS, GroupBy, Scorecard, score_forecasts
from newsledger.store.web_queries import (
    BANDS,
    forecast_status_counts,
    people,
    profile,
    resolved_forecasts,
    statements_of,
)
from newsledger.web.charts import calibration_plot
from newsledger.web.present import KINDS
from newsledger.web.routes_pages import Int, Text
from newsledger.web.views import Page, ledger_of, list_query, render, split_format

__all__ = ["router"]

router = APIRouter()
PLURAL = {"speaker": "speakers", "outlet": "outlets", "author": "authors"}
TITLES = {"speaker": "Speakers", "outlet": "Outlets", "author": "Authors"}


def _index(request: Request, field: str, limit: int | None, offset: int | None) -> Response:
    page = Page.of(limit, offset)
    rows, more = page.trim(people(ledger_of(request), field, limit=page.limit + 1,
                                  offset=page.offset))
    next_url = page.next_url(request, more)
    return render(request, "people.html",
                  {"rows": rows, "next_url": next_url, "field": field,
                   "plural": PLURAL[field], "title": TITLES[field]},
                  as_json={"rows": rows, "next": next_url})


def scores(request: Request, field: GroupBy) -> Scorecard:
    """`scoring.scores(ledger, by=field)`, read from the resolved forecasts only."""
    ledger = ledger_of(request)
    card = score_forecasts(resolved_forecasts(ledger), by=field)
    counts = forecast_status_counts(ledger)
    unresolved = sum(counts.values()) - counts["resolved"]
    if unresolved:
        card.skipped["unresolved"] += unresolved
    return card


def _scorecard(request: Request, field: GroupBy, name: str) -> dict[str, Any] | None:
    card = scores(request, field)
    row = card.row(name)
    return None if row is None else row.to_dict(field)


def _person(request: Request, field: GroupBy, ident: str, kind: str | None,
            limit: int | None, offset: int | None) -> Response:
    name, as_json = split_format(ident)
    if kind is not None and kind not in KINDS:
        raise HTTPException(400, f"kind: one of {', '.join(KINDS)}")
    ledger = ledger_of(request)
    found = profile(ledger, field, name)
    if found is None:
        raise HTTPException(404, f"no {field} named {name!r} in the ledger")
    page = Page.of(limit, offset)
    rows, more = page.trim(statements_of(ledger, field, found["name"], kind=kind,
                                         limit=page.limit + 1, offset=page.offset))
    next_url = page.next_url(request, more)
    card = _scorecard(request, field, found["name"])
    plot = calibration_plot(card["calibration"]) if card else None
    tabs = {k: list_query(request, kind=k) for k in KINDS}
    return render(
        request,
        "person.html",
        {"person": found, "field": field, "plural": PLURAL[field], "rows": rows,
         "next_url": next_url, "kind": kind, "tabs": tabs, "all_url": list_query(
             request, kind=None), "score": card, "plot": plot, "bands": BANDS},
        as_json={"profile": found, "score": card, "rows": rows, "next": next_url},
        json_wanted=as_json or None,
    )


@router.get("/speakers", name="speakers")
@router.get("/speakers.json")
def speakers(request: Request, limit: Int = None, offset: Int = None) -> Response:
    """Everyone the ledger quotes or paraphrases ("author" is the writer's own voice)."""
    return _index(request, "speaker", limit, offset)


@router.get("/outlets", name="outlets")
@router.get("/outlets.json")
def outlets(request: Request, limit: Int = None, offset: Int = None) -> Response:
    """Outlets with how much of each kind their articles state."""
    return _index(request, "outlet", limit, offset)


@router.get("/authors", name="authors")
@router.get("/authors.json")
def authors(request: Request, limit: Int = None, offset: Int = None) -> Response:
    """Named authors (bylines)."""
    return _index(request, "author", limit, offset)


@router.get("/speakers/{name:path}", name="speaker")
def speaker(request: Request, name: str, kind: Text = None, limit: Int = None,
            offset: Int = None) -> Response:
    """What one speaker claimed and forecast, how hedged, and their scorecard."""
    return _person(request, "speaker", name, kind or None, limit, offset)


@router.get("/outlets/{name:path}", name="outlet")
def outlet(request: Request, name: str, kind: Text = None, limit: Int = None,
           offset: Int = None) -> Response:
    """What one outlet's articles claimed and forecast, how hedged, and its scorecard (the
    writers' own forecasts; relayed ones count for their sources)."""
    return _person(request, "outlet", name, kind or None, limit, offset)


@router.get("/authors/{name:path}", name="author")
def author(request: Request, name: str, kind: Text = None, limit: Int = None,
           offset: Int = None) -> Response:
    """What one author wrote, how hedged, and their scorecard (own-voice forecasts)."""
    return _person(request, "author", name, kind or None, limit, offset)


@router.get("/scores", name="scores")
@router.get("/scores.json")
def league(request: Request, by: Text = None) -> Response:
    """The league table: Brier and log scores (lower is better), count, mean stated
    probability against hit rate, by speaker, author or outlet; best Brier first."""
    group = by or "speaker"
    if group not in GROUPINGS:
        raise HTTPException(400, f"by: one of {', '.join(GROUPINGS)}")
    card = scores(request, group)  # type: ignore[arg-type]
    rows = [r.to_dict(group) for r in card.rows]
    tabs = {g: f"/scores?by={g}" for g in GROUPINGS}
    return render(
        request,
        "scores.html",
        {"rows": rows, "by": group, "plural": PLURAL[group], "tabs": tabs,
         "skipped": dict(card.skipped)},
        as_json={"rows": rows, "next": None, "by": group, "skipped": dict(card.skipped)},
    )
