"""The events timeline: one row per modality, each event at its date (a bar over its date
range when it is only known to the week, month or year), coloured by type and shaped by
modality as on the map. Geometry only; the template draws it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from newsledger.web.map import MODALITIES, marker_shape, shape_path

__all__ = ["EventTimeline", "TimelineMark", "event_timeline"]

LEFT, RIGHT_PAD, ROW, TOP = 100.0, 30.0, 24.0, 14.0


@dataclass(frozen=True, kw_only=True)
class TimelineMark:
    x: float
    y: float
    r: float
    x0: float  # the date range's start and end (equal for a day)
    x1: float
    shape: str
    css: str
    d: str  # around the origin, as a map marker's
    title: str
    href: str | None
    scale: float = 1.0  # the timeline is drawn in pixels
    dx: float = 0.0  # never set apart (a map marker's leg)
    dy: float = 0.0


@dataclass(frozen=True, kw_only=True)
class EventTimeline:
    width: int
    height: int
    axis_y: float
    rows: list[tuple[float, str]]  # y, modality
    marks: list[TimelineMark]
    ticks: list[tuple[float, str]]


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def event_timeline(rows: list[dict[str, Any]], *, width: int = 960,
                   href: Any = None) -> EventTimeline | None:
    """Events (`store.events.query_events` rows) on a date axis; None when none is dated.
    `href(row)` gives a mark's link."""
    dated = []
    for row in rows:
        first, last = _day(row.get("date_earliest")), _day(row.get("date_latest"))
        if first is None:
            continue
        dated.append((row, first, last or first))
    if not dated:
        return None
    start = min(f for _, f, _ in dated)
    end = max(last for _, _, last in dated)
    span = max((end - start).days, 1)
    right = width - RIGHT_PAD

    def x_of(day: dt.date) -> float:
        if start == end:
            return (LEFT + right) / 2
        return round(LEFT + (right - LEFT) * (day - start).days / span, 1)

    row_y = {m: TOP + ROW * i + ROW / 2 for i, m in enumerate(MODALITIES)}
    marks = []
    for row, first, last in dated:
        modality = row.get("modality") or "asserted"
        y = row_y.get(modality, row_y["asserted"])
        x0, x1 = x_of(first), x_of(last)
        x = round((x0 + x1) / 2, 1)
        r = min(3.5 + 1.5 * (int(row.get("mentions") or 1) ** 0.5), 8.0)
        shape = marker_shape(modality)
        date = row.get("date_value") or first.isoformat()
        marks.append(TimelineMark(
            x=x, y=y, r=r, x0=x0, x1=x1, shape=shape,
            css=f"marker t-{row.get('type')} m-{modality}", d=shape_path(shape, r),
            title=f"{row.get('type')} · {modality} · {date}", href=href(row) if href else None,
        ))
    axis_y = TOP + ROW * len(MODALITIES) + 6
    return EventTimeline(width=width, height=int(axis_y + 26), axis_y=axis_y,
                         rows=[(y, m) for m, y in row_y.items()], marks=marks,
                         ticks=_ticks(start, end, x_of))


def _ticks(start: dt.date, end: dt.date, x_of: Any) -> list[tuple[float, str]]:
    """Year ticks over long spans, month ticks over short ones, never crowded."""
    if start == end:
        return [(x_of(start), start.isoformat())]
    months = (end.year - start.year) * 12 + end.month - start.month
    step = 1 if months <= 12 else 3 if months <= 36 else 12
    ticks: list[tuple[float, str]] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        day = dt.date(year, month, 1)
        if day >= start and (step < 12 or month == 1):
            label = str(year) if step == 12 else day.strftime("%Y-%m")
            if not ticks or x_of(day) - ticks[-1][0] >= 60:
                ticks.append((x_of(day), label))
        month += step if step < 12 else 1
        while month > 12:
            year, month = year + 1, month - 12
    if not ticks:
        ticks = [(x_of(start), start.isoformat()), (x_of(end), end.isoformat())]
    return ticks
