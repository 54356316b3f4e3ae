"""Reading a small write request: a JSON object or a form, into named text fields."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request

__all__ = ["json_object", "read_fields"]

MAX_FIELD = 4000  # characters: notes and URLs, not articles


def _clean(value: object, limit: int) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, (str, int, float)):
        return None
    text = str(value).strip()
    if len(text) > limit:
        raise HTTPException(400, f"a field is longer than {limit:,} characters")
    return text or None


async def json_object(request: Request) -> dict[str, Any]:
    """A request body that must be one JSON object; 400 otherwise."""
    try:
        body = json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise HTTPException(400, f"body is not JSON: {err}") from err
    if not isinstance(body, dict):
        raise HTTPException(400, "body must be a JSON object")
    return body


async def read_fields(
    request: Request, names: Iterable[str], *, limit: int = MAX_FIELD
) -> dict[str, str | None]:
    """The named fields of a JSON object body or a form (urlencoded or multipart, no files),
    each at most `limit` characters; 415 for anything else, 400 for a body that is not a
    JSON object."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    wanted = tuple(names)
    if content_type == "application/json":
        body = await json_object(request)
        return {name: _clean(body.get(name), limit) for name in wanted}
    if content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        raise HTTPException(415, "send a form or a JSON object")
    form = await request.form(max_files=0, max_fields=len(wanted) + 4, max_part_size=limit * 4)
    return {name: _clean(form.get(name), limit) for name in wanted}
