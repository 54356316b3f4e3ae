"""Record dicts into what the templates draw: highlighted text, timelines, excerpts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsledger.web.charts import Timeline, timeline

__all__ = [
    "CSV_COLUMNS", "Segment", "csv_rows", "document_timeline", "excerpt", "removed_groups",
    "segments",
]

KINDS = ("claim", "forecast", "past_forecast_reference")


@dataclass(frozen=True, kw_only=True)
class Segment:
    text: str
    statement: dict[str, Any] | None = None


def segments(text: str, statements: list[dict[str, Any]]) -> list[Segment]:
    """The text cut into plain runs and statement runs (by their offsets). Where statements
    overlap, the earlier one is marked and the later one shows in the list only."""
    out: list[Segment] = []
    pos = 0
    ordered = sorted(
        (s for s in statements if _span_ok(s, len(text))), key=lambda s: (s["start"], -s["end"])
    )
    for s in ordered:
        start, end = int(s["start"]), int(s["end"])
        if start < pos:
            continue
        if start > pos:
            out.append(Segment(text=text[pos:start]))
        out.append(Segment(text=text[start:end], statement=s))
        pos = end
    if pos < len(text):
        out.append(Segment(text=text[pos:]))
    return out


def _span_ok(s: dict[str, Any], size: int) -> bool:
    start, end = s.get("start"), s.get("end")
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= size


def document_timeline(
    document: dict[str, Any], statements: list[dict[str, Any]], *, link: bool = True
) -> Timeline | None:
    """Publication date, the time expressions, and the forecast deadlines on one axis."""
    events: list[tuple[str, str, str, str | None]] = []
    published = (document.get("published") or {}).get("value")
    if published:
        events.append(("published", published, f"published {published}", None))
    for t in document.get("times") or []:
        events.append(("time", t.get("value"), f"{t.get('text')} → {t.get('value')}", None))
    for s in statements:
        anchor = f"#{s['id']}" if link else None
        for t in s.get("times") or []:
            events.append(("time", t.get("value"), f"{t.get('text')} → {t.get('value')}", anchor))
        due = s.get("resolve_by")
        if s.get("kind") == "forecast" and due:
            label = f"due {due.get('value')}: {s.get('proposition') or s.get('text')}"
            events.append(("deadline", due.get("value"), label, anchor))
    return timeline(events)


def excerpt(text: str, start: int, end: int, *, around: int = 400) -> tuple[str, str, str]:
    """(before, the statement, after) with up to `around` characters of context each side."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    lo = max(0, start - around)
    hi = min(len(text), end + around)
    before = ("…" if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    return before, text[start:end], after


def removed_groups(removed: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """Removed boilerplate lines grouped by the reason they were removed, in first-seen order."""
    groups: dict[str, list[str]] = {}
    for r in removed:
        groups.setdefault(str(r.get("reason") or "unknown"), []).append(str(r.get("text") or ""))
    return list(groups.items())


CSV_COLUMNS = [
    "id", "kind", "text", "speaker", "source", "source_type", "cue", "certainty_phrase",
    "certainty_low", "certainty_high", "probability", "proposition", "resolve_by",
    "condition", "document_id", "title", "outlet", "published",
]


def csv_rows(statements: list[dict[str, Any]]) -> list[list[Any]]:
    """Statement dicts flattened to CSV_COLUMNS."""
    out = []
    for s in statements:
        source = s.get("source") or {}
        certainty = s.get("certainty") or {}
        flat = {**s, "source": source.get("text"), "source_type": source.get("type"),
                "certainty_phrase": certainty.get("phrase"),
                "certainty_low": certainty.get("low"), "certainty_high": certainty.get("high"),
                "resolve_by": (s.get("resolve_by") or {}).get("value")}
        out.append([flat.get(c) for c in CSV_COLUMNS])
    return out
