"""Derive the world outline `src/newsledger/data/world_outline.json` that the web app's event
map draws, from the Natural Earth country shapes (public domain) that the npm package
`world-atlas` (ISC) ships as TopoJSON. Nothing is downloaded at run time: this script runs
once, by hand, on a copy of the package that the npm client fetched.

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/build_world_outline.py /tmp/package/countries-110m.json \
        /tmp/package/countries-50m.json

Output: for each Natural Earth scale given, the countries with their ISO 3166-1 alpha-2 code
(via pycountry; "" where Natural Earth's id is not an ISO country), name, bounding box and
rings of [lon, lat] in hundredths of a degree (integers keep the file small). The finer
scale is simplified (Douglas-Peucker) so that the file stays a few hundred KB.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "newsledger" / "data" / "world_outline.json"
# Douglas-Peucker tolerance per scale, in degrees: 110m is already coarse; 50m is thinned to
# about what a regional map at 1000 px can show.
TOLERANCE = {"110m": 0.0, "50m": 0.08}
MIN_RING_POINTS = 4

Point = tuple[float, float]


def decode_arcs(topo: dict[str, Any]) -> list[list[Point]]:
    """TopoJSON arcs in degrees (quantized, delta-encoded positions undone)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(indices: list[int], arcs: list[list[Point]]) -> list[Point]:
    """One ring from its arc indices (~i means arc i reversed); shared end points once."""
    out: list[Point] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        out.extend(arc if not out else arc[1:])
    return out


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker on a closed ring (first point kept as an anchor)."""
    if tolerance <= 0 or len(points) <= MIN_RING_POINTS:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    far = max(range(len(points)), key=lambda i: _dist2(points[i], points[0]))
    keep[far] = True
    stack = [(0, far), (far, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _segment_distance(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _dist2(a: Point, b: Point) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    length2 = _dist2(a, b)
    if length2 == 0:
        return math.sqrt(_dist2(p, a))
    t = max(0.0, min(1.0, ((p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1]))
                     / length2))
    return math.sqrt(_dist2(p, (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))))


def unwrap(points: list[Point]) -> list[Point]:
    """Longitudes made continuous (a ring that crosses the antimeridian goes past ±180)."""
    out = [points[0]]
    for lon, lat in points[1:]:
        previous = out[-1][0]
        while lon - previous > 180:
            lon -= 360
        while previous - lon > 180:
            lon += 360
        out.append((lon, lat))
    return out


def clip(points: list[Point], edge: float, keep_below: bool) -> list[Point]:
    """Sutherland-Hodgman: the part of a ring on one side of the meridian `edge`."""
    def inside(p: Point) -> bool:
        return p[0] <= edge if keep_below else p[0] >= edge

    out: list[Point] = []
    for i, current in enumerate(points):
        previous = points[i - 1]
        if inside(current) != inside(previous):
            t = (edge - previous[0]) / (current[0] - previous[0])
            out.append((edge, previous[1] + t * (current[1] - previous[1])))
        if inside(current):
            out.append(current)
    return out


def split_at_antimeridian(points: list[Point]) -> list[list[Point]]:
    """A ring that crosses ±180 as two rings, one each side, both within [-180, 180]: a
    planar projection would otherwise draw a band across the whole map."""
    ring = unwrap(points)
    lons = [p[0] for p in ring]
    if min(lons) >= -180 and max(lons) <= 180:
        return [points]
    edge = 180.0 if max(lons) > 180 else -180.0
    shift = -360.0 if edge > 0 else 360.0
    inner = clip(ring, edge, keep_below=edge > 0)
    outer = [(lon + shift, lat) for lon, lat in clip(ring, edge, keep_below=edge < 0)]
    return [r for r in (inner, outer) if len(r) >= MIN_RING_POINTS]


def iso2(numeric: str | None) -> str:
    if not numeric:
        return ""
    found = pycountry.countries.get(numeric=numeric.zfill(3))
    return found.alpha_2 if found else ""


def countries(topo: dict[str, Any], tolerance: float) -> list[dict[str, Any]]:
    arcs = decode_arcs(topo)
    out = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs") or []
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        if geometry.get("id") == "010":
            continue  # Antarctica: it wraps the pole, and news maps do not need it
        rings = []
        for polygon in polygons:
            for ring in polygon:
                for part in split_at_antimeridian(ring_points(ring, arcs)):
                    points = simplify(part, tolerance)
                    if len(points) >= MIN_RING_POINTS:
                        rings.append([[round(lon * 100), round(lat * 100)]
                                      for lon, lat in points])
        if not rings:
            continue
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
        out.append({"iso": iso2(geometry.get("id")), "name": geometry["properties"]["name"],
                    "bbox": [min(lons), min(lats), max(lons), max(lats)], "rings": rings})
    return out


def main(paths: list[str]) -> None:
    scales: dict[str, Any] = {}
    for path in paths:
        scale = "50m" if "50m" in Path(path).name else "110m"
        topo = json.loads(Path(path).read_text(encoding="utf-8"))
        scales[scale] = countries(topo, TOLERANCE[scale])
        points = sum(len(r) for c in scales[scale] for r in c["rings"])
        print(f"{scale}: {len(scales[scale])} countries, {points} points")
    OUT.write_text(json.dumps({
        "source": "Natural Earth 4.1.0 admin-0 countries (public domain), via the npm package "
                  "world-atlas 2.0.2 (ISC); built by scripts/build_world_outline.py",
        "units": "hundredths of a degree: [lon, lat]",
        "scales": scales,
    }, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main(sys.argv[1:])
