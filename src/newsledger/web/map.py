"""A world map with no tiles: country outlines shipped in the package (Natural Earth, via
`scripts/build_world_outline.py`), drawn server-side as SVG paths in the Natural Earth
projection, with event markers, zoomed to the markers by the SVG viewBox.

Only geometry lives here; the templates draw it, so every label goes through autoescape.
Markers carry classes, never inline styles (the CSP forbids them): `t-<TYPE>` colours by
event type, `m-<modality>` sets the outline, and the shape says the modality too.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

__all__ = [
    "FRAME_HEIGHT", "FRAME_WIDTH", "MODALITIES", "Country", "EventMap", "Label", "MapPoint",
    "Marker",
    "event_map", "marker_shape", "project", "shape_path",
]

OUTLINE = Path(__file__).resolve().parents[1] / "data" / "world_outline.json"
FRAME_WIDTH, FRAME_HEIGHT = 960, 480  # the map's size on the page, in CSS pixels
SCALE = 160.0  # SVG units per radian at the equator
MODALITIES: tuple[str, ...] = ("asserted", "historical", "future", "hypothetical", "negated")
# Below this share of the world's width the finer outline is drawn (the coarse one looks
# like a polygon sketch at regional zoom), culled to the countries near the view.
DETAIL_BELOW = 0.3
MIN_VIEW_DEGREES = 8.0  # one city's events still show its country around it


def project(lon: float, lat: float) -> tuple[float, float]:
    """The Natural Earth projection (Šavrič et al. 2011), SVG y pointing down."""
    lam, phi = math.radians(lon), math.radians(max(-90.0, min(90.0, lat)))
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return SCALE * x, -SCALE * y


Box = tuple[float, float, float, float]


@dataclass(frozen=True, kw_only=True)
class Country:
    iso: str  # ISO 3166-1 alpha-2, "" for a few disputed areas
    name: str
    d: str  # the SVG path data, projected
    box: Box  # projected min x, min y, max x, max y
    css: str = ""
    # Each ring's box and path, so a zoomed map sends only the islands and coasts near it.
    rings: tuple[tuple[Box, str], ...] = ()
    label_at: tuple[float, float] = (0.0, 0.0)  # the middle of its biggest ring


@dataclass(frozen=True, kw_only=True)
class Label:
    x: float
    y: float
    size: float  # SVG units per screen pixel: the text is scaled by it to stay 11 px
    text: str


@dataclass(frozen=True, kw_only=True)
class MapPoint:
    """One located event to mark: where, what, how, how often reported."""

    lat: float
    lon: float
    type: str
    modality: str
    mentions: int = 1
    title: str = ""
    href: str | None = None
    country: str | None = None


@dataclass(frozen=True, kw_only=True)
class Marker:
    x: float
    y: float
    r: float  # in screen pixels
    shape: str  # circle | diamond | cross (see `marker_shape`)
    css: str
    title: str
    href: str | None
    d: str = ""  # the path for shapes that are not circles, in pixels around the origin
    # SVG units per pixel at the first view. Markers are drawn in pixels, scaled by this,
    # so the zoom script can keep them one size on screen while the map grows under them.
    scale: float = 1.0
    # From the marker back to the place it marks, in pixels, when it was set apart from
    # others at the same spot: drawn as a thin leg so the place stays readable.
    dx: float = 0.0
    dy: float = 0.0


@dataclass(frozen=True, kw_only=True)
class EventMap:
    width: int
    height: int
    view: Box  # the viewBox: x, y, width, height
    world: Box  # the whole world's box, for the zoom-out button
    sphere: str  # the projection's outline, drawn as the sea
    countries: list[Country]
    markers: list[Marker]
    detail: str  # 110m | 50m: which outline is drawn
    types: list[str] = field(default_factory=list)  # event types shown, for the legend
    labels: list[Label] = field(default_factory=list)  # country names, on zoomed maps
    background: list[Country] = field(default_factory=list)  # the coarse world, under detail

    @property
    def view_box(self) -> str:
        return " ".join(f"{v:.1f}" for v in self.view)

    @property
    def world_box(self) -> str:
        return " ".join(f"{v:.1f}" for v in self.world)


def _relative_path(points: list[tuple[float, float]]) -> str:
    """A closed ring as path data with relative steps in tenths of a unit: about half the
    bytes of absolute coordinates, and the world is sent with every page."""
    tenths = [(round(x * 10), round(y * 10)) for x, y in points]
    out = [f"M{tenths[0][0] / 10:g} {tenths[0][1] / 10:g}l"]
    steps = []
    for (x0, y0), (x1, y1) in zip(tenths, tenths[1:], strict=False):
        if (x1, y1) != (x0, y0):
            steps.append(f"{(x1 - x0) / 10:g} {(y1 - y0) / 10:g}")
    if len(steps) < 2:  # an islet smaller than the rounding: nothing to draw
        return ""
    return out[0] + " ".join(steps) + "z"


@cache
def _outlines() -> dict[str, list[Country]]:
    """Both outline scales, projected once per process."""
    data = json.loads(OUTLINE.read_text(encoding="utf-8"))
    out: dict[str, list[Country]] = {}
    for scale, countries in data["scales"].items():
        shapes = []
        for c in countries:
            rings = []
            middles = []
            for ring in c["rings"]:
                points = [project(lon / 100, lat / 100) for lon, lat in ring]
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                rings.append(((min(xs), min(ys), max(xs), max(ys)), _relative_path(points)))
                area = (max(xs) - min(xs)) * (max(ys) - min(ys))
                middles.append((area, sum(xs) / len(xs), sum(ys) / len(ys)))
            boxes = [b for b, _ in rings]
            _, mx, my = max(middles)
            shapes.append(Country(
                iso=c["iso"], name=c["name"], d="".join(d for _, d in rings),
                box=(min(b[0] for b in boxes), min(b[1] for b in boxes),
                     max(b[2] for b in boxes), max(b[3] for b in boxes)),
                rings=tuple(rings), label_at=(round(mx, 1), round(my, 1))))
        out[scale] = shapes
    return out


@cache
def _sphere() -> tuple[str, Box]:
    """The outline of the projected world (its curved sides), and its box."""
    edge = [project(-180, lat) for lat in range(-90, 91, 5)]
    edge += [project(180, lat) for lat in range(90, -91, -5)]
    d = "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in edge) + "Z"
    xs, ys = [p[0] for p in edge], [p[1] for p in edge]
    pad = 4.0
    return d, (min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad,
               max(ys) - min(ys) + 2 * pad)


def _overlaps(a: Box, b: Box) -> bool:
    return a[2] >= b[0] and a[0] <= b[2] and a[3] >= b[1] and a[1] <= b[3]


def marker_shape(modality: str) -> str:
    """Asserted and historical events are solid circles (historical paler), future ones hollow
    dashed circles, hypothetical ones hollow diamonds, negated ones crossed circles: what is
    only forecast or imagined never looks like what happened."""
    return {"hypothetical": "diamond", "negated": "cross"}.get(modality, "circle")


def shape_path(shape: str, r: float) -> str:
    """The path of a diamond, or of the X drawn over a crossed circle ("" for a circle),
    around the origin: a marker is drawn where its group is translated to."""
    if shape == "diamond":
        s = round(r * 1.25, 2)
        return f"M0 {-s}L{s} 0L0 {s}L{-s} 0Z"
    if shape == "cross":  # the circle is drawn too; this is the X over it
        s = round(r * 0.7, 2)
        return f"M{-s} {-s}L{s} {s}M{-s} {s}L{s} {-s}"
    return ""


def _fit(box: Box, world: Box) -> Box:
    """The markers' box, padded, at least MIN_VIEW_DEGREES wide, at the frame's aspect ratio,
    no bigger than the world."""
    x0, y0, x1, y1 = box
    least = SCALE * math.radians(MIN_VIEW_DEGREES)
    w = max(x1 - x0, least) * 2.0  # room for the neighbours that place the events
    h = max(y1 - y0, least / 2) * 2.0
    aspect = FRAME_WIDTH / FRAME_HEIGHT
    w, h = max(w, h * aspect), max(h, w / aspect)
    if w >= world[2]:
        return world
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (cx - w / 2, cy - h / 2, w, h)


def _spread(points: list[tuple[float, float, MapPoint]], r_of: dict[int, float]
            ) -> list[tuple[float, float, MapPoint]]:
    """Markers at one spot set apart so each stays visible and clickable: around a small
    ring when they are few, in a sunflower spiral (tight, no overlap) when many."""
    groups: dict[tuple[float, float], list[int]] = defaultdict(list)
    for i, (x, y, _) in enumerate(points):
        groups[(round(x, 1), round(y, 1))].append(i)
    out = list(points)
    golden = math.pi * (3 - math.sqrt(5))
    for members in groups.values():
        n = len(members)
        if n < 2:
            continue
        biggest = max(r_of[i] for i in members)
        for k, i in enumerate(members):
            x, y, p = points[i]
            if n <= 7:
                distance, angle = biggest * (1.2 + n / 8), 2 * math.pi * k / n - math.pi / 2
            else:
                distance, angle = 1.5 * biggest * math.sqrt(k + 0.5), k * golden
            out[i] = (x + distance * math.cos(angle), y + distance * math.sin(angle), p)
    return out


def event_map(points: list[MapPoint], *, event_countries: set[str] | None = None,
              width: int = FRAME_WIDTH) -> EventMap:
    """The map of these located events, zoomed to them (the whole world when there are none),
    `width` CSS pixels wide (half as high). Countries in `event_countries` (ISO codes) are
    shaded."""
    sphere, world = _sphere()
    projected = [(*project(p.lon, p.lat), p) for p in points]
    if projected:
        xs, ys = [q[0] for q in projected], [q[1] for q in projected]
        view = _fit((min(xs), min(ys), max(xs), max(ys)), world)
    else:
        view = world
    detail = "50m" if view[2] < world[2] * DETAIL_BELOW else "110m"
    shown = _outlines()[detail]
    if detail == "50m":  # only the rings near the view (three views wide, for panning)
        near = (view[0] - view[2], view[1] - view[3], view[0] + 2 * view[2],
                view[1] + 2 * view[3])
        shown = [Country(iso=c.iso, name=c.name, box=c.box, label_at=c.label_at,
                         d="".join(d for box, d in c.rings if _overlaps(box, near)))
                 for c in shown if _overlaps(c.box, near)]
        shown = [c for c in shown if c.d]
    marked = event_countries or set()
    countries = [replace(c, rings=(), css="land has-events" if c.iso in marked else "land")
                 for c in shown if c.d]
    unit = view[2] / width  # SVG units per screen pixel: marker sizes are in pixels
    pixels = {i: round(min(3.5 + 2.5 * math.sqrt(max(p.mentions, 1)), 14.0), 1)
              for i, (_, _, p) in enumerate(projected)}
    markers = []
    # Biggest first, so small markers are drawn on top and stay clickable.
    order = sorted(range(len(projected)), key=lambda i: -pixels[i])
    spread = _spread(projected, {i: r * unit for i, r in pixels.items()})
    for i in order:
        x, y, p = spread[i]
        shape = marker_shape(p.modality)
        markers.append(Marker(
            x=round(x, 2), y=round(y, 2), r=pixels[i], shape=shape,
            css=f"marker t-{p.type} m-{p.modality}", title=p.title, href=p.href,
            d=shape_path(shape, pixels[i]), scale=round(unit, 5),
            dx=round((projected[i][0] - x) / unit, 1), dy=round((projected[i][1] - y) / unit, 1),
        ))
    types = sorted({p.type for p in points})
    # Zoomed out (the world button), the coarse outline stands in for the culled countries.
    background = ([replace(c, rings=(), css="land coarse") for c in _outlines()["110m"]
                   if c.d] if detail == "50m" else [])
    return EventMap(width=width, height=width // 2, view=view, world=world, sphere=sphere,
                    countries=countries, markers=markers, detail=detail, types=types,
                    labels=_labels(countries, view, unit) if detail == "50m" else [],
                    background=background)


def _labels(countries: list[Country], view: Box, unit: float) -> list[Label]:
    """Names of the countries big enough in this view to hold one, inside the view."""
    out: list[Label] = []
    for c in sorted(countries, key=lambda c: c.box[0] - c.box[2]):  # biggest first
        x, y = c.label_at
        wide = c.box[2] - c.box[0]
        inside = view[0] + 30 * unit < x < view[0] + view[2] - 30 * unit and (
            view[1] + 12 * unit < y < view[1] + view[3] - 12 * unit)
        clash = any(abs(x - o.x) < (len(c.name) + len(o.text)) * 3.5 * unit
                    and abs(y - o.y) < 14 * unit for o in out)
        if inside and not clash and wide > len(c.name) * 7 * unit:
            out.append(Label(x=x, y=y, size=round(unit, 4), text=c.name))
    return out
