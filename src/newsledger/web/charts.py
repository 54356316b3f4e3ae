"""Server-side SVG geometry: bar charts and a document timeline. Templates draw the shapes;
this module only computes coordinates, so every label still goes through autoescape."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Bar", "BarChart", "Calibration", "Dot", "Mark", "Timeline", "bar_chart", "calibration_plot",
    "deadline_timeline", "iso_to_date", "timeline",
]

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, kw_only=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    css: str = ""
    href: str | None = None


@dataclass(frozen=True, kw_only=True)
class BarChart:
    title: str
    width: int
    height: int
    bars: list[Bar]
    baseline: float


def bar_chart(
    title: str,
    items: list[tuple[str, int]],
    *,
    width: int = 560,
    height: int = 180,
    css: dict[str, str] | None = None,
    hrefs: dict[str, str] | None = None,
) -> BarChart:
    """Vertical bars, one per (label, value), scaled to the largest value."""
    top, bottom, side = 18.0, 34.0, 30.0  # side: room for the outer labels' overhang
    plot = height - top - bottom
    n = max(len(items), 1)
    slot = (width - 2 * side) / n
    biggest = max((v for _, v in items), default=0) or 1
    bars = []
    for i, (label, value) in enumerate(items):
        h = plot * value / biggest
        bars.append(
            Bar(
                label=label,
                value=value,
                x=round(side + i * slot + slot * 0.15, 1),
                y=round(top + plot - h, 1),
                width=round(slot * 0.7, 1),
                height=round(h, 1),
                css=(css or {}).get(label, ""),
                href=(hrefs or {}).get(label),
            )
        )
    return BarChart(title=title, width=width, height=height, bars=bars, baseline=top + plot)


def iso_to_date(value: Any) -> dt.date | None:
    """The middle of the period an ISO date names: "2017" → 2017-07-01, "2017-01" → 2017-01-15."""
    if not isinstance(value, str):
        return None
    m = _ISO.match(value.strip()[:10])
    if not m:
        return None
    year, month, day = m.groups()
    try:
        return dt.date(int(year), int(month or 7), int(day or (15 if month else 1)))
    except ValueError:
        return None


@dataclass(frozen=True, kw_only=True)
class Mark:
    x: float
    y: float
    kind: str  # published | time | deadline
    label: str
    href: str | None = None


@dataclass(frozen=True, kw_only=True)
class Timeline:
    width: int
    height: int
    axis_y: float
    marks: list[Mark]
    ticks: list[tuple[float, str]]


_ROWS = {"published": 0, "time": 1, "deadline": 2}


Event = tuple[str, Any, str, str | None]  # kind, ISO value, label, href


def timeline(events: list[Event], *, width: int = 720) -> Timeline | None:
    """Events (kind, ISO value, label, href) on one date axis: publication, time expressions,
    forecast deadlines, each kind on its own row. None when fewer than one dated event."""
    dated = [(k, d, label, href) for k, v, label, href in events if (d := iso_to_date(v))]
    if not dated:
        return None
    first = min(d for _, d, _, _ in dated)
    last = max(d for _, d, _, _ in dated)
    span = max((last - first).days, 1)
    left, right = 40.0, width - 40.0
    height = 120
    axis_y = height - 24.0

    def x_of(day: dt.date) -> float:
        if first == last:
            return (left + right) / 2
        return round(left + (right - left) * (day - first).days / span, 1)

    marks = [
        Mark(x=x_of(d), y=20.0 + 24.0 * _ROWS.get(k, 1), kind=k, label=label, href=href)
        for k, d, label, href in dated
    ]
    ticks: list[tuple[float, str]] = []
    if first == last:
        ticks.append((x_of(first), first.isoformat()))
    else:
        for year in range(first.year, last.year + 2):
            for month in (1, 4, 7, 10) if span < 3 * 366 else (1,):
                day = dt.date(year, month, 1)
                if first <= day <= last:
                    label = day.strftime("%Y-%m") if span < 3 * 366 else str(year)
                    ticks.append((x_of(day), label))
        ticks.insert(0, (left, first.isoformat()))
        ticks.append((right, last.isoformat()))
        ticks = _spread(ticks, min_gap=70.0)
    return Timeline(width=width, height=height, axis_y=axis_y, marks=marks, ticks=ticks)


def _spread(ticks: list[tuple[float, str]], *, min_gap: float) -> list[tuple[float, str]]:
    """Drop tick labels that would overlap the one before (the last one always stays)."""
    kept: list[tuple[float, str]] = []
    for x, label in sorted(ticks):
        if kept and x - kept[-1][0] < min_gap:
            if (x, label) == sorted(ticks)[-1]:
                kept[-1] = (x, label)
            continue
        kept.append((x, label))
    return kept


@dataclass(frozen=True, kw_only=True)
class Dot:
    x: float
    y: float
    r: float
    label: str  # "n=3" beside the dot
    title: str  # the tooltip


@dataclass(frozen=True, kw_only=True)
class Calibration:
    size: int
    left: float
    top: float
    plot: float  # side of the square plot area
    dots: list[Dot]
    ticks: list[tuple[float, str]]  # position along either axis, label


def calibration_plot(bins: list[dict[str, Any]], *, size: int = 320) -> Calibration | None:
    """Stated probability (x) against observed frequency (y), one dot per calibration bin
    (`scoring.Bin.to_dict()` shape), its area by count. None when there are no bins."""
    if not bins:
        return None
    left, top = 44.0, 14.0
    plot = size - left - 36.0
    biggest = max(int(b["n"]) for b in bins) or 1
    dots = []
    for b in bins:
        p, f, n = float(b["mean_probability"]), float(b["frequency"]), int(b["n"])
        dots.append(Dot(
            x=round(left + plot * p, 1), y=round(top + plot * (1 - f), 1),
            r=round(4 + 10 * (n / biggest) ** 0.5, 1), label=f"n={n}",
            title=f"stated {p:.0%} (bin {float(b['low']):.0%}–{float(b['high']):.0%}): "
                  f"{f:.0%} came true, {n} forecast{'s' if n != 1 else ''}",
        ))
    ticks = [(round(plot * v / 4, 1), f"{v * 25}%") for v in range(5)]
    return Calibration(size=size, left=left, top=top, plot=plot, dots=dots, ticks=ticks)


STATUS_ROWS = {"resolved": 0, "overdue": 1, "due": 2, "open": 3}


def deadline_timeline(rows: list[dict[str, Any]], today: dt.date, *, width: int = 720
                      ) -> Timeline | None:
    """The deadlines of these forecasts on one date axis, a row per status, with today
    marked (as a `published`-kind mark on its own). None when none has a dated deadline."""
    events: list[Event] = []
    for r in rows:
        due = (r.get("resolve_by") or {}).get("value")
        if due:
            question = r.get("proposition") or r.get("text") or ""
            events.append((f"s-{r.get('status', 'open')}", due,
                           f"{r.get('status', '')} · due {due}: {question}", f"#row-{r['id']}"))
    if not events:
        return None
    events.append(("today", today.isoformat(), f"today {today.isoformat()}", None))
    found = timeline(events, width=width)
    if found is None:
        return None
    def shift(x: float) -> float:  # room on the left for the row labels
        return round(80.0 + (x - 40.0) * (width - 120.0) / (width - 80.0), 1)

    marks = [
        Mark(x=shift(m.x), y=14.0 + 20.0 * STATUS_ROWS.get(m.kind[2:], 4) if m.kind != "today"
             else found.axis_y - 8, kind=m.kind, label=m.label, href=m.href)
        for m in found.marks
    ]
    return Timeline(width=found.width, height=found.height, axis_y=found.axis_y, marks=marks,
                    ticks=[(shift(x), label) for x, label in found.ticks])
