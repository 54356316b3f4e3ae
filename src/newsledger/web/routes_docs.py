"""`/docs`: the API described from the app's own OpenAPI document, drawn on the server (the
stock Swagger page loads its scripts from a CDN, and this app works offline)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from newsledger.web.views import render

__all__ = ["operations", "router"]

router = APIRouter()
_METHODS = ("get", "post", "put", "patch", "delete")


def _type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"])
    return str(schema.get("type") or schema.get("$ref", "").rsplit("/", 1)[-1] or "any")


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per (path, method) of an OpenAPI document: summary, description and
    parameters (name, where, type, required)."""
    out = []
    for path, item in sorted(spec.get("paths", {}).items()):
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            out.append({
                "path": path, "method": method.upper(),
                "summary": op.get("summary") or "",
                "description": op.get("description") or "",
                "parameters": [
                    {"name": p.get("name"), "in": p.get("in"),
                     "type": _type(p.get("schema") or {}), "required": bool(p.get("required"))}
                    for p in op.get("parameters", [])
                ],
            })
    return out


@router.get("/docs", include_in_schema=False)
def docs(request: Request) -> Response:
    spec = request.app.openapi()
    return render(request, "docs.html",
                  {"info": spec.get("info", {}), "operations": operations(spec)},
                  json_wanted=False)
