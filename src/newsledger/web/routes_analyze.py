"""Analysing a pasted text, an uploaded file or a URL; storing it when asked (a write)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from newsledger.analyze import EXTRACTOR_VERSION, Analysis
from newsledger.clean import sniff_content_type
from newsledger.errors import DropError
from newsledger.fetch import fetch
from newsledger.record import RawDocument
from newsledger.web.forms import json_object
from newsledger.web.present import document_timeline, removed_groups, segments
from newsledger.web.routes_events import geo_context
from newsledger.web.security import check_csrf, check_write_allowed, csrf_token, set_csrf_cookie
from newsledger.web.settings import WebSettings
from newsledger.web.views import parse_date, render, wants_json

__all__ = ["router"]

router = APIRouter()
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_TEXT_SUFFIXES = {".txt", ".text", ".md"}


def _settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


@dataclass(kw_only=True)
class _Input:
    text: str | None = None
    url: str | None = None
    upload: tuple[str, bytes] | None = None
    published: str | None = None
    csrf: str | None = None
    token: str | None = None


def _json_out(request: Request) -> bool:
    """JSON for `.json` paths, JSON-asking clients, and JSON bodies."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return wants_json(request) or content_type == "application/json"


def _str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


async def _read_input(request: Request, settings: WebSettings) -> _Input:
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type == "application/json":
        body = await json_object(request)
        return _Input(text=_str(body.get("text")), url=_str(body.get("url")),
                      published=_str(body.get("published")), token=_str(body.get("token")))
    if content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        raise HTTPException(415, "send a form or a JSON object")
    form = await request.form(max_files=1, max_fields=20, max_part_size=settings.max_upload_bytes)
    upload = None
    file = form.get("file")
    if isinstance(file, UploadFile) and file.filename:
        data = await file.read(settings.max_upload_bytes + 1)
        await file.close()
        if len(data) > settings.max_upload_bytes:
            raise HTTPException(413, f"file larger than {settings.max_upload_bytes:,} bytes")
        upload = (file.filename, data)
    return _Input(text=_str(form.get("text")), url=_str(form.get("url")), upload=upload,
                  published=_str(form.get("published")), csrf=_str(form.get("csrf_token")),
                  token=_str(form.get("token")))


def _raw(given: _Input, settings: WebSettings) -> RawDocument:
    """The one input the form carried as a RawDocument (a URL is fetched, safely)."""
    chosen = [x for x in (given.text, given.url, given.upload) if x]
    if len(chosen) != 1:
        raise HTTPException(400, "give exactly one of: text, url, file")
    if given.text:
        data = given.text.encode("utf-8")
        return RawDocument(source="web:text", data=data, content_type=sniff_content_type(data))
    if given.upload:
        name, data = given.upload
        suffix = PurePath(name).suffix.lower()
        kind = ("html" if suffix in _HTML_SUFFIXES else "text" if suffix in _TEXT_SUFFIXES
                else sniff_content_type(data))
        return RawDocument(source=f"upload:{PurePath(name).name}", data=data, content_type=kind)
    assert given.url is not None
    return fetch(given.url, allow_private=settings.allow_private,
                 max_bytes=settings.max_upload_bytes * 10)


async def _analyse(request: Request, *, store: bool) -> tuple[Analysis, _Input, bool]:
    settings = _settings(request)
    given = await _read_input(request, settings)
    check_csrf(request, settings.secret, given.csrf)
    if store:
        check_write_allowed(request, settings.token, given.token)
    published = parse_date(given.published, "published")
    source = given.url or "web"
    try:
        raw = await run_in_threadpool(_raw, given, settings)
        source = raw.source
        analyzer = await run_in_threadpool(settings.analyzer)
        analysis = await run_in_threadpool(analyzer.analyze_raw, raw, published=published)
    except DropError as drop:
        if store:
            await run_in_threadpool(settings.ledger.record_drop, drop.source or source,
                                    drop.reason, str(drop))
        status = 400 if drop.reason in ("private_address", "bad_url") else 422
        raise HTTPException(status, f"dropped ({drop.reason}): {drop}") from drop
    stored = False
    if store:
        stored = await run_in_threadpool(
            settings.ledger.write, analysis.document, analysis.statements, analysis.times,
            extractor_version=EXTRACTOR_VERSION,
        )
    return analysis, given, stored


@router.get("/analyze", name="analyze_form")
@router.get("/analyze.json")
def analyze_form(request: Request) -> Response:
    settings = _settings(request)
    token = csrf_token(request, settings.secret)
    response = render(
        request,
        "analyze.html",
        {"csrf_token": token, "needs_token": settings.token is not None,
         "max_upload_bytes": settings.max_upload_bytes, "allow_private": settings.allow_private},
        as_json={"fields": ["text", "url", "file", "published", "csrf_token", "token"],
                 "csrf_token": token, "needs_token": settings.token is not None,
                 "writable": settings.read_only_reason(request) is None,
                 "max_upload_bytes": settings.max_upload_bytes},
    )
    set_csrf_cookie(response, token)
    return response


@router.post("/analyze", name="analyze")
@router.post("/analyze.json")
async def analyze(request: Request) -> Response:
    """Analyse one input and show it; nothing is stored."""
    analysis, _, _ = await _analyse(request, store=False)
    record = analysis.to_dict()
    doc, stmts = record["document"], record["statements"]
    doc["times"] = record["times"]
    return render(
        request,
        "document.html",
        {"document": doc, "statements": stmts, "segments": segments(doc["text"], stmts),
         "timeline": document_timeline(doc, stmts), "stored": False,
         "removed": removed_groups(doc.get("removed") or []),
         **geo_context([e.to_dict() for e in analysis.events],
                       [p.to_dict() for p in analysis.places])},
        as_json=record,
        json_wanted=_json_out(request),
    )


@router.post("/ingest", name="ingest")
@router.post("/ingest.json")
async def ingest(request: Request) -> Response:
    """Analyse one input and store it in the ledger (needs write permission)."""
    analysis, _, stored = await _analyse(request, store=True)
    doc_id = analysis.document.id
    where = f"/documents/{doc_id}"
    if _json_out(request):
        return JSONResponse({"ok": True, "stored": stored, "document_id": doc_id,
                             "statements": len(analysis.statements), "url": where})
    return RedirectResponse(where, status_code=303)
